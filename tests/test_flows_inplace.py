"""convert_file_in_place: the real engine wired to the in-place writers, files written atomically."""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from converter.segment import Options
from extractors.errors import ExtractionError
from flows.cli import main as gukhan
from flows.inplace import convert_file_in_place, in_place_kind
from inplace_fixtures import build_rich_docx, rich_html

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(path: Path) -> str:
    from lxml import etree
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return "".join(t.text or "" for t in root.iter(f"{W}t"))


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("in") / "경제 보고서.docx"
    path.write_bytes(build_rich_docx())
    return path


def test_docx_in_place_with_report(docx_file: Path, tmp_path: Path) -> None:
    result = convert_file_in_place(docx_file, tmp_path / "out", Options(), report=True)
    out = tmp_path / "out" / "경제 보고서.docx"
    assert result["outputs"] == {"docx": str(out), "report": str(tmp_path / "out" / "경제 보고서.report.tsv")}
    assert result["title"] == "경제 문서"
    assert docx_text(out).startswith("經濟") and docx_text(docx_file).startswith("경제")
    with zipfile.ZipFile(out) as a, zipfile.ZipFile(docx_file) as b:
        assert a.namelist() == b.namelist()
    words = result["words"]
    assert words and set(words[0]) == {"hangul", "hanja", "confidence", "alternatives", "context"}
    assert any(w["hangul"] == "경제" and w["hanja"] == "經濟" for w in words)
    table = list(csv.reader(io.StringIO(Path(result["outputs"]["report"]).read_text("utf-8")),
                            delimiter="\t", quoting=csv.QUOTE_NONE))
    assert table[0] == ["hangul", "hanja", "confidence", "alternatives", "context"]
    assert len(table) == len(words) + 1
    confidences = [float(r[2]) for r in table[1:]]
    assert confidences == sorted(confidences)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]   # no temp files left


def test_html_in_place_keeps_encoding_and_style(tmp_path: Path) -> None:
    src = tmp_path / "page.htm"
    src.write_bytes(rich_html("euc-kr"))
    result = convert_file_in_place(src, tmp_path / "out", Options(style="hangul-hanja"), report=False)
    out = Path(result["outputs"]["html"])
    assert out == tmp_path / "out" / "page.htm" and set(result["outputs"]) == {"html"}
    text = out.read_bytes().decode("cp949")
    assert "경제(經濟)" in text and '<meta charset="euc-kr">' in text
    assert '<script>var s = "경제 발전";' in text
    assert result["title"] == "경제 뉴스"
    assert not (tmp_path / "out" / "page.report.tsv").exists()


def test_min_confidence_one_keeps_hangul(docx_file: Path, tmp_path: Path) -> None:
    result = convert_file_in_place(docx_file, tmp_path, Options(min_confidence=1.0))
    # only words the engine is certain of remain; 경제 (ambiguous) stays in Hangul
    assert all(w["confidence"] >= 1.0 for w in result["words"])
    assert "經濟" not in docx_text(tmp_path / docx_file.name)
    assert "경제" in docx_text(tmp_path / docx_file.name)


def test_refuses_to_overwrite_its_input(docx_file: Path) -> None:
    before = docx_file.read_bytes()
    with pytest.raises(ExtractionError, match="overwrite") as info:
        convert_file_in_place(docx_file, docx_file.parent, Options())
    assert str(docx_file) in str(info.value)
    assert docx_file.read_bytes() == before


@pytest.mark.parametrize("name,data,reason", [
    ("broken.docx", b"PK\x03\x04 truncated", "not a DOCX"),
    ("notes.txt", b"hello", "in place"),
])
def test_bad_files_raise_one_line_errors_naming_them(tmp_path: Path, name: str, data: bytes,
                                                      reason: str) -> None:
    src = tmp_path / name
    src.write_bytes(data)
    with pytest.raises(ExtractionError, match=reason) as info:
        convert_file_in_place(src, tmp_path / "out", Options())
    assert str(info.value).startswith(str(src)) and "\n" not in str(info.value)
    assert not (tmp_path / "out" / name).exists()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="No such file"):
        convert_file_in_place(tmp_path / "gone.docx", tmp_path / "out", Options())


def test_kinds() -> None:
    assert in_place_kind(Path("a.DOCX")) == "docx" and in_place_kind(Path("b.html")) == "html"
    assert in_place_kind(Path("c.md")) is None


def test_convert_command_uses_in_place_docx(docx_file: Path, tmp_path: Path, capsys) -> None:
    status = gukhan(["convert", str(docx_file), "-o", str(tmp_path), "--to", "docx", "--report",
                     "--no-prefect"])
    assert status == 0, capsys.readouterr().err
    out = tmp_path / docx_file.name
    assert "經濟" in docx_text(out)
    with zipfile.ZipFile(out) as a, zipfile.ZipFile(docx_file) as b:
        assert a.namelist() == b.namelist()
        assert a.read("word/styles.xml") == b.read("word/styles.xml")
    assert (tmp_path / "경제 보고서.report.tsv").is_file()
