"""Tests for extractors.sniff."""
from __future__ import annotations

import io
import zipfile

import pytest

from extractors.errors import ExtractionError
from extractors.sniff import sniff_kind


def test_by_extension_and_content():
    assert sniff_kind("a.html", "<p>본문</p>".encode()) == "html"
    assert sniff_kind("page", b"<!DOCTYPE html><html><body>x</body></html>") == "html"
    assert sniff_kind("page", b"  <html lang='ko'><body>x</body></html>") == "html"
    assert sniff_kind("notes.md", "그냥 글".encode()) == "markdown"
    assert sniff_kind("notes", "# 제목\n\n본문".encode()) == "markdown"
    assert sniff_kind("notes", "평범한 글입니다.\n둘째 줄.".encode()) == "text"
    assert sniff_kind("old.txt", "완성형 한글 문서".encode("euc-kr")) == "text"


def test_docx_by_magic():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<x/>")
    assert sniff_kind("report.docx", buf.getvalue()) == "docx"
    assert sniff_kind("upload", buf.getvalue()) == "docx"
    # a .docx that is not a ZIP still goes to the DOCX reader, which explains the problem
    assert sniff_kind("fake.docx", b"hello") == "docx"


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"  \n\n ", "empty file"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
    ("data.bin", b"abc\x00def" * 10, "binary file"),
    ("archive.zip", b"PK\x03\x04" + b"\x00" * 40, "binary file"),
])
def test_bad_inputs(name, data, reason):
    with pytest.raises(ExtractionError) as info:
        sniff_kind(name, data)
    assert reason in str(info.value) and str(info.value).startswith(f"{name}: ")
