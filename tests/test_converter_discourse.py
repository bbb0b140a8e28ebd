"""Discourse boundaries from lexical cohesion between lines."""
from __future__ import annotations

from converter.analysis import Unit, tokenize
from converter.api import _discourses, convert
from converter.discourse import discourse_starts


def starts(text: str) -> list[int]:
    return discourse_starts(text, tokenize(text))


def test_paragraphs_of_one_article_are_one_discourse() -> None:
    text = ("한빛건설 컨소시엄이 새만금 신항만 공사 계획을 제출했다.\n"
            "주민들은 한빛건설 사옥 앞에서 시위를 벌였다.\n"
            "2025년 3월 2일\n"
            "새만금 신항만은 바다를 메워 짓는 공사다.")
    assert starts(text) == []


def test_unrelated_sentences_each_begin_a_discourse() -> None:
    lines = ["고려 시대의 관리는 품계에 따라 관복을 입었다.",
             "이 화산은 태평양의 해저에서 솟아올랐다.",
             "그는 바이올린 협주곡을 작곡하였다."]
    text = "\n".join(lines)
    assert starts(text) == [len(lines[0]) + 1, len(lines[0]) + len(lines[1]) + 2]


def test_a_line_without_nouns_joins_what_surrounds_it() -> None:
    text = "정부는 예산안을 발표했다.\n\n그리고 다시.\n정부는 예산안을 수정했다."
    assert starts(text) == []


def test_a_line_of_one_noun_joins_what_surrounds_it() -> None:
    # a table's cells or a heading: too short to tell a new subject
    text = "권역별 예산은 수도권보다 충청권이 많았다.\n충청권\n12\n영남권\n9"
    assert starts(text) == []
    assert "忠淸圈\n12\n嶺南圈" in convert(text)


def test_units_are_grouped_at_discourse_starts() -> None:
    units = [Unit(s, s + 2, "가나", "N", "NNG") for s in (0, 5, 12, 20, 30)]
    groups = _discourses(units, [10, 25, 40])
    assert [[u.start for u in g] for g in groups] == [[0, 5], [12, 20], [30]]
    assert _discourses([], [3]) == [[]]
