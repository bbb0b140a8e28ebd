"""Tests for extractors.docx with documents built here (python-docx and hand-made packages)."""
from __future__ import annotations

import copy
import io
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from converter import convert_document
from document.model import (BlockQuote, Cell, CodeBlock, Document, Heading, Link, ListBlock, ListItem, Metadata,
                            Paragraph, Row, Rule, Table, Text, Word)
from document.walk import block_text, document_text, inline_lists, inline_text, iter_blocks, map_inlines, words
from extractors.docx import read_docx
from extractors.errors import ExtractionError
from outputs.docx import render_docx


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


def test_character_styles_give_marks_but_link_styling_does_not():
    d = docx.Document()
    d.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER).font.underline = True
    p = d.add_paragraph("기준 금리는 ")
    p.add_run("3.5%", style="Strong")
    p.add_run("로 ")
    p.add_run("동결", style="Emphasis")
    p.add_run("되었다. ")
    p.add_run("예외", style="Strong").bold = False   # direct formatting switches the style's bold off
    link_run = p.add_run(" 원문", style="Hyperlink")
    link_run.font.superscript = True
    buf = io.BytesIO()
    d.save(buf)
    runs = read_docx(buf.getvalue()).blocks[0].inlines
    assert runs == [Text("기준 금리는 "), Text("3.5%", frozenset({"bold"})), Text("로 "),
                    Text("동결", frozenset({"italic"})), Text("되었다. 예외"),
                    Text(" 원문", frozenset({"superscript"}))]


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CORE_NS = ('xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"')


def handmade_docx(body: str, numbering: str = "", footnotes: str = "", core: str = "") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f"<w:document {W_NS}><w:body>{body}</w:body></w:document>")
        if core:
            z.writestr("docProps/core.xml", f"<cp:coreProperties {CORE_NS}>{core}</cp:coreProperties>")
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


ORDERED_NUMBERING = ('<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                     '<w:numFmt w:val="decimal"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>'
                     '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
                     '<w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
                     '<w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>'
                     '<w:num w:numId="5"><w:abstractNumId w:val="1"/>'
                     '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>')
NUM = '<w:numPr><w:ilvl w:val="{}"/><w:numId w:val="{}"/></w:numPr>'


def test_list_restart_value_from_the_list_instance():
    # numIds 4, 5 and 6 share one abstract list, so they share one count (as Word numbers them);
    # a startOverride restarts it where its numId first appears.
    numbering = ORDERED_NUMBERING + ('<w:num w:numId="6"><w:abstractNumId w:val="1"/>'
                                     '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>')
    body = (_p("일곱", NUM.format(0, 5)) + _p("여덟", NUM.format(0, 5)) + _p("아홉", NUM.format(0, 4))
            + _p("본문") + _p("열", NUM.format(0, 4))
            + _p("다시 하나", NUM.format(0, 6)) + _p("다시 둘", NUM.format(0, 4)))
    doc = read_docx(handmade_docx(body, numbering))
    assert [(b.ordered, b.start, len(b.items)) for b in doc.blocks if isinstance(b, ListBlock)] == [
        (True, 7, 3), (True, 10, 1), (True, 1, 2)]
    assert [block_text(i.blocks[0]) for i in doc.blocks[-1].items] == ["다시 하나", "다시 둘"]


def test_interrupted_list_resumes_its_numbering():
    body = (_p("하나", NUM.format(0, 4)) + _p("둘", NUM.format(0, 4)) + _p("중간 설명 문단")
            + _p("셋", NUM.format(0, 4)) + _p("가", NUM.format(1, 4)) + _p("넷", NUM.format(0, 4))
            + _p("나", NUM.format(1, 4)))
    doc = read_docx(handmade_docx(body, ORDERED_NUMBERING))
    first, second = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert (first.start, len(first.items)) == (1, 2)
    assert (second.start, len(second.items)) == (3, 2)  # Word shows 3. and 4. here
    # a bulleted sub-list under each item; the second one is a new nested list
    assert [len(i.blocks) for i in second.items] == [2, 2]


def test_continuation_paragraphs_stay_in_their_item():
    body = (_p("첫 항목", NUM.format(0, 4))
            + _p("첫 항목의 둘째 문단", '<w:pStyle w:val="ListParagraph"/>')
            + _p("하위 항목", NUM.format(1, 4))
            + _p("하위 항목 설명", '<w:ind w:left="1440"/>')
            + _p("다시 첫 항목 설명", '<w:pStyle w:val="ListContinue"/>')
            + _p("둘째 항목", NUM.format(0, 4))
            + _p("목록 밖 문단"))
    doc = read_docx(handmade_docx(body, ORDERED_NUMBERING))
    lst, after = doc.blocks
    assert len(lst.items) == 2 and block_text(after) == "목록 밖 문단"
    first = lst.items[0].blocks
    assert [type(b).__name__ for b in first] == ["Paragraph", "Paragraph", "ListBlock", "Paragraph"]
    assert block_text(first[1]) == "첫 항목의 둘째 문단" and block_text(first[3]) == "다시 첫 항목 설명"
    assert [block_text(b) for b in first[2].items[0].blocks] == ["하위 항목", "하위 항목 설명"]


def test_quote_code_rule_ruby_and_caption():
    ruby = ('<w:p><w:r><w:t xml:space="preserve">오늘 </w:t></w:r><w:r><w:ruby><w:rubyPr/>'
            '<w:rt><w:r><w:t>신문</w:t></w:r></w:rt><w:rubyBase><w:r><w:rPr><w:b/></w:rPr><w:t>新聞</w:t></w:r>'
            '</w:rubyBase></w:ruby></w:r><w:r><w:t xml:space="preserve"> 기사</w:t></w:r></w:p>')
    code = '<w:p><w:pPr><w:pStyle w:val="SourceCode"/></w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>'
    body = (_p("첫째 인용 문단", '<w:pStyle w:val="Quote"/>') + _p("둘째 인용 문단", '<w:pStyle w:val="Quote"/>')
            + code.format("if x:") + code.format("    return  x") + '<w:p><w:pPr><w:pStyle w:val="SourceCode"/>'
            '</w:pPr></w:p>' + code.format("# 끝")
            + '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6"/></w:pBdr></w:pPr></w:p>'
            + ruby + _p("표 1. 권역별 예산", '<w:pStyle w:val="Caption"/>')
            + '<w:tbl><w:tr><w:tc>' + _p("값") + '</w:tc></w:tr></w:tbl>')
    quote, code_block, rule, para, table = read_docx(handmade_docx(body)).blocks
    assert isinstance(quote, BlockQuote) and [block_text(b) for b in quote.blocks] == ["첫째 인용 문단", "둘째 인용 문단"]
    assert isinstance(code_block, CodeBlock) and code_block.text == "if x:\n    return  x\n\n# 끝"
    assert isinstance(rule, Rule)
    assert para.inlines == [Text("오늘 "), Text("新聞", frozenset({"bold"})), Text(" 기사")]
    assert isinstance(table, Table) and inline_text(table.caption) == "표 1. 권역별 예산"


@pytest.mark.parametrize("core, title, date", [
    # the visible Title paragraph wins over a stale core title; a date-only value comes back as a date
    ("<dc:title>문서1</dc:title><dcterms:created>2024-03-05T00:00:00Z</dcterms:created>", "보고서 제목", "2024-03-05"),
    ("<dcterms:created>2024-03-05T00:30:00Z</dcterms:created>", "보고서 제목", "2024-03-05T00:30:00Z"),
])
def test_title_subtitle_and_date(core, title, date):
    body = (_p("보고서 제목", '<w:pStyle w:val="Title"/>') + _p("부제 한 줄", '<w:pStyle w:val="Subtitle"/>')
            + _p("개요", '<w:pStyle w:val="Heading1"/>') + _p("다른 제목 모양", '<w:pStyle w:val="Title"/>'))
    doc = read_docx(handmade_docx(body, core=core))
    assert (doc.meta.title, doc.meta.subtitles, doc.meta.date) == (title, ["부제 한 줄"], date)
    # a later Title-style paragraph is body content, kept as a top-level heading
    assert [(b.level, block_text(b)) for b in doc.blocks] == [(1, "개요"), (1, "다른 제목 모양")]


def test_core_title_used_without_a_title_paragraph_and_no_heading_borrowed():
    body = _p("개요", '<w:pStyle w:val="Heading1"/>') + _p("본문")
    assert read_docx(handmade_docx(body, core="<dc:title>속성 제목</dc:title>")).meta.title == "속성 제목"
    # a first heading stays body content: borrowing it as the title would print it twice when written
    assert read_docx(handmade_docx(body)).meta.title == ""


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


# Round trip: document -> outputs.docx.render_docx -> read_docx ------------------------------------

def _t(text: str, *marks: str) -> Text:
    return Text(text, frozenset(marks))


def _para(*inlines) -> Paragraph:
    return Paragraph(list(inlines))


def round_trip_doc() -> Document:
    """Every structure the writer and reader must agree on, in Korean news-report prose."""
    deepest = ListBlock(False, [ListItem([_para(_t("도서관 이용 통계"))]),
                                ListItem([_para(_t("주민 만족도 조사"))])])
    bullets = ListBlock(False, [ListItem([_para(_t("시설 개선 계획")), deepest]),
                                ListItem([_para(_t("운영 인력 충원"))])])
    ordered = ListBlock(True, [
        ListItem([_para(_t("예산 집행 현황"))]),
        ListItem([_para(_t("사업 추진 일정")), _para(_t("일정은 의회 심의 결과에 따라 조정된다.")), bullets]),
        ListItem([_para(_t("향후 과제"))]),
    ], start=3)
    table = Table([
        Row([Cell([_para(_t("지역"))], header=True), Cell([_para(_t("예산 규모"))], colspan=2, header=True)],
            header=True),
        Row([Cell([_para(_t("호남권"))], rowspan=2), Cell([_para(_t("10억 원"))]), Cell([_para(_t("20억 원"))])]),
        Row([Cell([_para(_t("30억 원"))]), Cell([_para(_t("40억 원"))])]),
    ])
    meta = Metadata(title="지역 도서관 운영 보고서", subtitles=["상반기 사업 실적과 하반기 전망"],
                    authors=["김서연"], date="2024-03-05")
    return Document(meta, [
        Heading(1, [_t("사업 개요")]),
        _para(_t("올해 예산은 "), _t("63억 원", "bold"), _t("이며 "), _t("지방비", "italic"), _t(" 분담 비율은 "),
              _t("절반", "underline"), _t("이다. "), _t("잠정치", "strike"), _t(" 확정치"), _t("1", "superscript"),
              _t(" 참고: "), Link("https://example.kr/report", [_t("보고서 원문")])),
        Heading(2, [_t("세부 과제")]),
        ordered,
        Heading(3, [_t("권역별 예산")]),
        table,
        BlockQuote([_para(_t("도서관은 지역 주민의 평생 학교다."))]),
        CodeBlock("def 예산(합계):\n    return 합계 * 2\n  # 끝"),
        _para(_t("맺음말 문단."))])


def shape(blocks) -> list:
    """Structure only: block kinds, heading levels, list flags/starts/nesting, table spans and headers."""
    out = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append(("h", b.level))
        elif isinstance(b, ListBlock):
            out.append(("list", b.ordered, b.start, [shape(i.blocks) for i in b.items]))
        elif isinstance(b, Table):
            out.append(("table", [(r.header, [(c.colspan, c.rowspan, shape(c.blocks)) for c in r.cells])
                                  for r in b.rows]))
        elif isinstance(b, BlockQuote):
            out.append(("quote", shape(b.blocks)))
        else:
            out.append(type(b).__name__)
    return out


def marked_runs(doc: Document) -> list[tuple[str, frozenset]]:
    """(text, marks) of every Text run in reading order, links included."""
    out = []

    def visit(seq):
        for node in seq:
            if isinstance(node, Text):
                out.append((node.text, node.marks))
            elif isinstance(node, Link):
                visit(node.children)
    for block in iter_blocks(doc.blocks):
        for seq in inline_lists(block):
            visit(seq)
    return out


def lists_with_depth(blocks, depth: int = 0) -> list[tuple[int, bool, int, int]]:
    """(nesting depth, ordered, start, item count) of every list, outermost first."""
    out = []
    for b in blocks:
        if isinstance(b, ListBlock):
            out.append((depth, b.ordered, b.start, len(b.items)))
            for i in b.items:
                out += lists_with_depth(i.blocks, depth + 1)
    return out


def test_round_trip_keeps_structure_marks_and_metadata():
    original = round_trip_doc()
    back = read_docx(render_docx(original), "round.docx")
    headings = [(b.level, inline_text(b.inlines)) for b in iter_blocks(back.blocks) if isinstance(b, Heading)]
    assert headings == [(1, "사업 개요"), (2, "세부 과제"), (3, "권역별 예산")]
    assert lists_with_depth(back.blocks) == [(0, True, 3, 3), (1, False, 1, 2), (2, False, 1, 2)]
    second_item = next(b for b in back.blocks if isinstance(b, ListBlock)).items[1]
    assert [block_text(b) for b in second_item.blocks[:2]] == ["사업 추진 일정", "일정은 의회 심의 결과에 따라 조정된다."]
    table = next(b for b in back.blocks if isinstance(b, Table))
    assert [(r.header, [(c.colspan, c.rowspan) for c in r.cells]) for r in table.rows] == [
        (True, [(1, 1), (2, 1)]), (False, [(1, 2), (1, 1), (1, 1)]), (False, [(1, 1), (1, 1)])]
    runs = marked_runs(back)
    for text, mark in [("63억 원", "bold"), ("지방비", "italic"), ("절반", "underline"), ("잠정치", "strike"),
                       ("1", "superscript")]:
        assert (text, frozenset({mark})) in runs
    assert [m for _t, m in runs].count(frozenset()) == [m for _t, m in marked_runs(original)].count(frozenset())
    link = next(n for b in back.blocks if isinstance(b, Paragraph) for n in b.inlines if isinstance(n, Link))
    assert link.url == "https://example.kr/report" and inline_text(link.children) == "보고서 원문"
    # Title and subtitle live in the metadata only, not again as body blocks.
    assert back.meta.title == "지역 도서관 운영 보고서"
    assert back.meta.subtitles == ["상반기 사업 실적과 하반기 전망"]
    assert back.meta.date == "2024-03-05" and back.meta.authors == ["김서연"]
    assert all(original.meta.title not in block_text(b) and "상반기" not in block_text(b) for b in back.blocks)
    quote = next(b for b in back.blocks if isinstance(b, BlockQuote))
    assert block_text(quote) == "도서관은 지역 주민의 평생 학교다."
    code = next(b for b in back.blocks if isinstance(b, CodeBlock))
    assert code.text == "def 예산(합계):\n    return 합계 * 2\n  # 끝"
    assert shape(back.blocks) == shape(original.blocks)
    assert back == original


def test_round_trip_is_a_fixed_point():
    first = read_docx(render_docx(round_trip_doc()))
    second = read_docx(render_docx(first))
    assert second == first
    assert read_docx(render_docx(second)) == second


def as_rendered(doc: Document) -> Document:
    """What a reader should see of a converted document in the hanja or ruby style: Words become
    their Hanja text (the ruby base), merged with neighbouring runs of the same marks."""
    out = copy.deepcopy(doc)

    def flatten(seq):
        merged = []
        for node in seq:
            if isinstance(node, Word):
                node = Text(node.hanja or node.hangul, node.marks)
            elif isinstance(node, Link):
                node = Link(node.url, flatten(node.children), node.title)
            if isinstance(node, Text) and merged and isinstance(merged[-1], Text) \
                    and merged[-1].marks == node.marks:
                merged[-1] = Text(merged[-1].text + node.text, node.marks)
            else:
                merged.append(node)
        return merged
    map_inlines(out, flatten)
    return out


@pytest.fixture(scope="module")
def converted_doc() -> Document:
    return convert_document(round_trip_doc())


@pytest.mark.parametrize("style", ["hanja", "ruby"])
def test_round_trip_of_a_converted_document(converted_doc, style):
    assert len(words(converted_doc)) >= 10  # the engine did convert: the test is about Word inlines
    back = read_docx(render_docx(converted_doc, style), f"converted-{style}.docx")
    assert shape(back.blocks) == shape(round_trip_doc().blocks)
    expected = as_rendered(converted_doc)
    assert back.meta.title == converted_doc.meta.title and back.meta.subtitles == converted_doc.meta.subtitles
    assert document_text(back) == document_text(converted_doc, hanja=True)
    assert back == expected
    if style == "ruby":
        # The readings were really written as ruby, and the reader took the base text only.
        data = zipfile.ZipFile(io.BytesIO(render_docx(converted_doc, style))).read("word/document.xml")
        assert data.count(b"<w:ruby>") >= 10
    assert read_docx(render_docx(back, style)) == back


def test_round_trip_survives_a_libreoffice_resave(tmp_path):
    """Another writer's numbering (one abstract list over several numIds) reads back the same."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.fail("LibreOffice (soffice) is not installed; `make test` installs it")
    original = round_trip_doc()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "report.docx").write_bytes(render_docx(original))
    done = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--norestore", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
                           str(tmp_path / "out"), str(tmp_path / "in" / "report.docx")],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    resaved = (tmp_path / "out" / "report.docx").read_bytes()
    assert resaved != (tmp_path / "in" / "report.docx").read_bytes()
    assert b"<w:startOverride" in zipfile.ZipFile(io.BytesIO(resaved)).read("word/numbering.xml")
    back = read_docx(resaved, "report.docx")
    assert shape(back.blocks) == shape(original.blocks)
    assert back == original
