"""The review report: TSV with a header, least confident first, one line per word."""
from __future__ import annotations

import csv
import io

from outputs.report import COLUMNS, ReportWord, render_report


def rows(tsv: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))


def test_header_and_lowest_confidence_first() -> None:
    words = [ReportWord("경제", "經濟", 0.91, (("經濟", 0.91), ("京第", 0.05)), "한국 [경제] 성장"),
             ReportWord("사회", "社會", 0.42, (("社會", 0.42), ("司會", 0.31)), "[사회] 변화"),
             ReportWord("정부", "政府", 0.42, (), "[정부]")]
    table = rows(render_report(words))
    assert table[0] == list(COLUMNS)
    assert [r[0] for r in table[1:]] == ["사회", "정부", "경제"]   # ties keep document order
    assert table[1] == ["사회", "社會", "0.420", "社會 0.420; 司會 0.310", "[사회] 변화"]
    assert table[2][3] == ""
    assert table[3][2] == "0.910"


def test_tabs_and_newlines_cannot_break_columns() -> None:
    tsv = render_report([ReportWord("경제", "經濟", 0.5, (), "줄\n바꿈\t탭 [경제]")])
    table = rows(tsv)
    assert len(table) == 2 and all(len(r) == len(COLUMNS) for r in table)
    assert table[1][4] == "줄 바꿈 탭 [경제]"


def test_accepts_mappings_and_empty_lists() -> None:
    tsv = render_report([{"hangul": "학교", "hanja": "學校", "confidence": 0.7,
                          "alternatives": [["學校", 0.7]], "context": "[학교]"}])
    assert rows(tsv)[1] == ["학교", "學校", "0.700", "學校 0.700", "[학교]"]
    assert render_report([]) == "\t".join(COLUMNS) + "\n"
