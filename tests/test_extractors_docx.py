"""Tests for extractors.docx with documents built here (python-docx and hand-made packages)."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from document.model import Heading, Link, ListBlock, Paragraph, Rule, Table, Text
from document.walk import block_text, inline_text
from extractors.docx import read_docx
from extractors.errors import ExtractionError


def _add_hyperlink(paragraph, url: str, text: str) -> None:
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def build_docx() -> bytes:
    d = docx.Document()
    d.core_properties.title = "지역 도서관 운영 보고서"
    d.core_properties.author = "김서연"
    d.add_heading("지역 도서관 운영 보고서", level=0)
    d.add_heading("사업 개요", level=1)
    p = d.add_paragraph("예산은 ")
    p.add_run("63억 원").bold = True
    p.add_run("이며 ")
    p.add_run("지방비").italic = True
    p.add_run(" 분담이 있다. 참고: ")
    _add_hyperlink(p, "https://example.kr/report", "보고서 원문")
    d.add_heading("세부 과제", level=2)
    d.add_paragraph("첫째 과제", style="List Number")
    d.add_paragraph("둘째 과제", style="List Number")
    d.add_paragraph("하위 항목 가", style="List Bullet 2")
    d.add_paragraph("하위 항목 나", style="List Bullet 2")
    d.add_paragraph("셋째 과제", style="List Number")
    d.add_paragraph("맺음말 문단.")
    table = d.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"칸{r}{c}"
    table.cell(0, 0).merge(table.cell(0, 1)).text = "권역 합계"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "호남권"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_headings_marks_links_and_metadata():
    doc = read_docx(build_docx(), "report.docx")
    assert doc.meta.title == "지역 도서관 운영 보고서" and doc.meta.authors == ["김서연"]
    headings = [(b.level, inline_text(b.inlines)) for b in doc.blocks if isinstance(b, Heading)]
    # The Title paragraph is the document's title, not a body heading.
    assert headings == [(1, "사업 개요"), (2, "세부 과제")]
    para = next(b for b in doc.blocks if isinstance(b, Paragraph) and "예산" in inline_text(b.inlines))
    assert Text("63억 원", frozenset({"bold"})) in para.inlines
    assert Text("지방비", frozenset({"italic"})) in para.inlines
    link = next(n for n in para.inlines if isinstance(n, Link))
    assert link.url == "https://example.kr/report" and inline_text(link.children) == "보고서 원문"


def test_nested_lists_ordered_and_bulleted():
    doc = read_docx(build_docx())
    lists = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert len(lists) == 1
    outer = lists[0]
    assert outer.ordered and [block_text(i.blocks[0]) for i in outer.items] == ["첫째 과제", "둘째 과제", "셋째 과제"]
    nested = outer.items[1].blocks[1]
    assert isinstance(nested, ListBlock) and not nested.ordered
    assert [block_text(i.blocks[0]) for i in nested.items] == ["하위 항목 가", "하위 항목 나"]


def test_merged_table_cells():
    doc = read_docx(build_docx())
    table = next(b for b in doc.blocks if isinstance(b, Table))
    first = table.rows[0].cells
    assert len(first) == 2 and first[0].colspan == 2 and block_text(first[0].blocks[0]) == "권역 합계"
    assert table.rows[1].cells[0].rowspan == 2 and block_text(table.rows[1].cells[0].blocks[0]) == "호남권"
    assert len(table.rows[2].cells) == 2  # the continued cell is not repeated


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def handmade_docx(body: str, numbering: str = "", footnotes: str = "") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f"<w:document {W_NS}><w:body>{body}</w:body></w:document>")
        if numbering:
            z.writestr("word/numbering.xml", f"<w:numbering {W_NS}>{numbering}</w:numbering>")
        if footnotes:
            z.writestr("word/footnotes.xml", f"<w:footnotes {W_NS}>{footnotes}</w:footnotes>")
    return buf.getvalue()


def _p(text: str, ppr: str = "", extra: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t>{text}</w:t></w:r>{extra}</w:p>"


def test_outline_level_numbering_formats_header_rows_and_footnotes():
    numbering = ('<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="3"/>'
                 '<w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl>'
                 '</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>')
    num = '<w:numPr><w:ilvl w:val="{}"/><w:numId w:val="7"/></w:numPr>'
    body = (_p("개요 제목", '<w:outlineLvl w:val="1"/>')
            + _p("셋", num.format(0)) + _p("하위", num.format(1)) + _p("넷", num.format(0))
            + _p("본문", "", '<w:r><w:footnoteReference w:id="2"/></w:r>')
            + '<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc>' + _p("머리") + '</w:tc></w:tr>'
            + '<w:tr><w:tc>' + _p("값") + '</w:tc></w:tr></w:tbl>')
    notes = ('<w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>'
             '<w:footnote w:id="2">' + _p("각주 내용") + '</w:footnote>')
    doc = read_docx(handmade_docx(body, numbering, notes))
    assert isinstance(doc.blocks[0], Heading) and doc.blocks[0].level == 2
    lst = doc.blocks[1]
    assert lst.ordered and lst.start == 3 and len(lst.items) == 2
    assert not lst.items[0].blocks[1].ordered
    para = doc.blocks[2]
    assert inline_text(para.inlines) == "본문[1]"
    table = doc.blocks[3]
    assert table.rows[0].header and not table.rows[1].header
    assert isinstance(doc.blocks[4], Rule) and block_text(doc.blocks[5]) == "각주 내용"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "encrypted or legacy .doc"),
    (b"PK\x03\x04 this is not really a zip" * 10, "corrupt ZIP"),
    (b"<html>not a docx</html>", "not a ZIP"),
])
def test_bad_files_give_one_line_errors(data, reason):
    with pytest.raises(ExtractionError) as info:
        read_docx(data, "bad.docx")
    assert reason in str(info.value) and str(info.value).startswith("bad.docx: ")
    assert "\n" not in str(info.value)


def test_zip_without_document_xml():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ExtractionError, match="no word/document.xml"):
        read_docx(buf.getvalue(), "notes.docx")


def test_zip_bomb_refused_before_reading():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", f"<w:document {W_NS}><w:body/></w:document>")
        z.writestr("word/media/zeros.bin", b"\0" * (50 * 1024 * 1024))
    data = buf.getvalue()
    assert len(data) < 1_000_000
    with pytest.raises(ExtractionError, match="ZIP bomb"):
        read_docx(data, "bomb.docx")
