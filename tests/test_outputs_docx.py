"""Tests for outputs.docx.render_docx, read back with python-docx and checked at the XML level."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta, timezone

import docx
import pytest

from document.model import (BlockQuote, Cell, CodeBlock, Document, Figure, Heading, LineBreak,
                            Link, ListBlock, ListItem, Metadata, Paragraph, Row, Rule, Table, Text,
                            Word)
from outputs.docx import parse_date, render_docx, table_layout

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

# ECMA-376 CT_RPr child order, written out here independently of the module under test.
SCHEMA_RPR = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
              "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
              "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
              "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
              "eastAsianLayout", "specVanish", "oMath"]


def P(*inlines):
    return Paragraph(list(inlines))


def T(text, *marks):
    return Text(text, frozenset(marks))


def item(text, *more):
    return ListItem([P(T(text)), *more])


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def local(el) -> str:
    return el.tag.rsplit("}", 1)[-1]


def body_paragraphs(d):
    """Top-level body paragraphs as (style name, text incl. ruby/hyperlink runs)."""
    out = []
    for p in d.paragraphs:
        text = "".join(t.text or "" for t in p._p.iter(f"{W}t"))
        out.append((p.style.name, text))
    return out


def sample_doc() -> Document:
    meta = Metadata(title="경제 속보", subtitles=["부제"], authors=["김기자", "이기자"],
                    date="2024-03-05T09:30:00+09:00", url="https://news.example/a?id=1&x=2",
                    site="예시신문")
    return Document(meta=meta, blocks=[
        Heading(1, [Word("경제", "經濟"), T(" 동향")]),
        P(T("굵게", "bold"), T("기울임", "italic"), T("밑줄", "underline"), T("취소", "strike"),
          T("위", "superscript"), T("아래", "subscript"), T("code", "code"), LineBreak(),
          Link("https://example.org/x?a=1&b=2", [T("링크")]),
          Link("javascript:alert(1)", [T("나쁜링크")])),
        ListBlock(ordered=True, start=1, items=[
            item("하나", ListBlock(ordered=False, items=[
                item("점", ListBlock(ordered=True, start=4, items=[item("깊다")]))])),
            item("둘"),
        ]),
        P(T("사이")),
        ListBlock(ordered=True, start=7, items=[item("일곱"), item("여덟")]),
        Table(caption=[T("표 제목")], rows=[
            Row(header=True, cells=[Cell([P(T("가"))], colspan=2), Cell([P(T("나"))])]),
            Row(cells=[Cell([P(T("1"))], rowspan=2), Cell([P(T("2"))]), Cell([P(T("3"))])]),
            Row(cells=[Cell([P(T("4"))]), Cell([P(T("5"))])]),
        ]),
        BlockQuote([P(T("인용문"))]),
        Figure(src="https://img.example/p.png", alt="사진 설명", caption=[T("그림 캡션")]),
        CodeBlock("if a < b:\n    go()\n", language="python"),
        Rule(),
        Heading(3, [T("소제목")]),
    ])


@pytest.fixture(scope="module")
def sample():
    data = render_docx(sample_doc(), "hanja")
    return data, open_docx(data)


def test_styles_per_block(sample):
    _, d = sample
    assert body_paragraphs(d) == [
        ("Title", "경제 속보"),
        ("Subtitle", "부제"),
        ("Heading 1", "經濟 동향"),
        ("Normal", "굵게기울임밑줄취소위아래code링크나쁜링크"),
        ("List Number", "하나"),
        ("List Bullet 2", "점"),
        ("List Number 3", "깊다"),
        ("List Number", "둘"),
        ("Normal", "사이"),
        ("List Number", "일곱"),
        ("List Number", "여덟"),
        ("Caption", "표 제목"),
        ("Quote", "인용문"),
        ("Caption", "사진 설명"),
        ("Caption", "그림 캡션"),
        ("Source Code", "if a < b:    go()"),
        ("Normal", ""),
        ("Heading 3", "소제목"),
    ]
    # The table sits between the caption and the quote.
    kinds = [local(el) for el in d.element.body if local(el) in ("p", "tbl")]
    assert kinds[12] == "tbl"


def test_heading_levels_capped_at_six():
    d = open_docx(render_docx(Document(blocks=[Heading(lv, [T(f"h{lv}")]) for lv in (1, 2, 4, 6, 8)])))
    assert [p.style.name for p in d.paragraphs] == ["Heading 1", "Heading 2", "Heading 4",
                                                    "Heading 6", "Heading 6"]


def num_props(p):
    numpr = p._p.find(f"{W}pPr/{W}numPr")
    if numpr is None:
        return None
    return (int(numpr.find(f"{W}ilvl").get(f"{W}val")), int(numpr.find(f"{W}numId").get(f"{W}val")))


def numbering(d):
    return d.part.numbering_part.element


def start_override(d, num_id, ilvl):
    for num in numbering(d).findall(f"{W}num"):
        if int(num.get(f"{W}numId")) == num_id:
            for lo in num.findall(f"{W}lvlOverride"):
                if int(lo.get(f"{W}ilvl")) == ilvl:
                    so = lo.find(f"{W}startOverride")
                    return None if so is None else int(so.get(f"{W}val"))
    return None


def level_format(d, num_id, ilvl):
    root = numbering(d)
    abstract = None
    for num in root.findall(f"{W}num"):
        if int(num.get(f"{W}numId")) == num_id:
            abstract = num.find(f"{W}abstractNumId").get(f"{W}val")
    for a in root.findall(f"{W}abstractNum"):
        if a.get(f"{W}abstractNumId") == abstract:
            for lvl in a.findall(f"{W}lvl"):
                if int(lvl.get(f"{W}ilvl")) == ilvl:
                    return lvl.find(f"{W}numFmt").get(f"{W}val")
    raise AssertionError(f"no level {ilvl} for numId {num_id}")


def test_list_levels_and_numbering_restart(sample):
    _, d = sample
    paras = {p.text: p for p in d.paragraphs if p.text}
    one, dot, deep, two = (num_props(paras[k]) for k in ("하나", "점", "깊다", "둘"))
    seven, eight = num_props(paras["일곱"]), num_props(paras["여덟"])
    assert [x[0] for x in (one, dot, deep, two, seven, eight)] == [0, 1, 2, 0, 0, 0]
    # Items of one list share a numbering instance; every list has its own.
    assert one[1] == two[1] and seven[1] == eight[1]
    assert len({one[1], dot[1], deep[1], seven[1]}) == 4
    assert start_override(d, one[1], 0) == 1
    assert start_override(d, deep[1], 2) == 4
    assert start_override(d, seven[1], 0) == 7
    assert level_format(d, one[1], 0) == "decimal"
    assert level_format(d, dot[1], 1) == "bullet"
    assert level_format(d, deep[1], 2) != "bullet"
    assert num_props(paras["사이"]) is None
    # Schema: every abstractNum precedes every num.
    tags = [local(el) for el in numbering(d) if local(el) in ("abstractNum", "num")]
    assert tags == sorted(tags, key=lambda t: t != "abstractNum")


def test_deep_lists_and_list_item_extras():
    inner = ListBlock(ordered=False, items=[item("x")])
    for _ in range(6):
        inner = ListBlock(ordered=False, items=[ListItem([P(T("lvl")), inner])])
    doc = Document(blocks=[ListBlock(ordered=True, items=[
        ListItem([P(T("첫")), P(T("이어서")), CodeBlock("c")]), ListItem([]), ListItem([inner])])])
    d = open_docx(render_docx(doc))
    styles = [(p.style.name, p.text, num_props(p)) for p in d.paragraphs]
    assert styles[0][:2] == ("List Number", "첫")
    assert styles[1][:2] == ("List Continue", "이어서") and styles[1][2] is None
    assert styles[2][0] == "Source Code"
    # An empty item and an item starting with a sublist still get their own numbered paragraph.
    assert styles[3][0] == "List Number" and styles[3][2][0] == 0
    assert styles[4][0] == "List Number" and styles[4][1] == ""
    nested = [s for s in styles[5:]]
    assert [s[2][0] for s in nested] == [1, 2, 3, 4, 5, 6, 7]
    assert nested[0][0] == "List Bullet 2" and nested[3][0] == "List Bullet 5"
    assert nested[-1][0] == "List Bullet 5"


def test_table_shape_merges_and_header(sample):
    _, d = sample
    assert len(d.tables) == 1
    t = d.tables[0]
    assert (len(t.rows), len(t.columns)) == (3, 3)
    assert t.style.name == "Table Grid"
    assert t.cell(0, 0)._tc is t.cell(0, 1)._tc          # colspan 2
    assert t.cell(1, 0)._tc is t.cell(2, 0)._tc          # rowspan 2
    assert t.cell(0, 0).text == "가" and t.cell(0, 2).text == "나"
    assert [t.cell(2, c).text for c in (1, 2)] == ["4", "5"]
    trs = t._tbl.findall(f"{W}tr")
    assert [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in trs] == [True, False, False]
    first_tc = trs[0].find(f"{W}tc")
    assert first_tc.find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "2"
    vm = [tc.find(f"{W}tcPr/{W}vMerge") for tc in (trs[1].find(f"{W}tc"), trs[2].find(f"{W}tc"))]
    assert vm[0].get(f"{W}val") == "restart" and vm[1] is not None
    for tc in t._tbl.iter(f"{W}tc"):
        assert local(tc[-1]) == "p"


def test_table_layout_clips_overlapping_spans():
    # Row 1's colspan 3 would run into the rowspan coming down from row 0: it is clipped.
    t = Table(rows=[Row(cells=[Cell(), Cell(rowspan=2), Cell()]),
                    Row(cells=[Cell(colspan=3), Cell()]),
                    Row(cells=[Cell(colspan=2, rowspan=5), Cell()])])
    places, n_rows, n_cols = table_layout(t)
    assert (n_rows, n_cols) == (3, 3)
    assert [(r, c, rs, cs) for r, c, rs, cs, _, _ in places] == [
        (0, 0, 1, 1), (0, 1, 2, 1), (0, 2, 1, 1),
        (1, 0, 1, 1), (1, 2, 1, 1),
        (2, 0, 1, 2), (2, 2, 1, 1)]
    d = open_docx(render_docx(Document(blocks=[t])))
    table = d.tables[0]
    assert (len(table.rows), len(table.columns)) == (3, 3)
    assert table.cell(0, 1)._tc is table.cell(1, 1)._tc
    assert table.cell(2, 0)._tc is table.cell(2, 1)._tc


def test_nested_table_in_cell_ends_with_paragraph():
    inner = Table(rows=[Row(cells=[Cell([P(T("안"))])])])
    d = open_docx(render_docx(Document(blocks=[Table(rows=[Row(cells=[Cell([inner])])])])))
    tc = d.tables[0]._tbl.find(f"{W}tr/{W}tc")
    assert [local(x) for x in tc if local(x) != "tcPr"] == ["tbl", "p"]
    assert d.tables[0].cell(0, 0).tables[0].cell(0, 0).text == "안"


def runs_of(p):
    return p._p.findall(f"{W}r")


def test_marks_on_runs(sample):
    _, d = sample
    p = d.paragraphs[3]
    runs = {r.text: r for r in p.runs if r.text}
    assert runs["굵게"].bold and not runs["굵게"].italic
    assert runs["기울임"].italic
    assert runs["밑줄"].underline
    assert runs["취소"].font.strike
    assert runs["위"].font.superscript and not runs["위"].font.subscript
    assert runs["아래"].font.subscript
    fonts = runs["code"]._r.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}ascii") == "Courier New"
    assert runs["code"].bold is None
    assert any(r._r.find(f"{W}br") is not None for r in p.runs)


def test_hyperlinks_are_external_relationships(sample):
    _, d = sample
    p = d.paragraphs[3]
    links = p._p.findall(f"{W}hyperlink")
    assert len(links) == 1            # the javascript: link became plain text
    rel = d.part.rels[links[0].get(R_ID)]
    assert rel.is_external and rel.target_ref == "https://example.org/x?a=1&b=2"
    run = links[0].find(f"{W}r")
    assert run.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "Hyperlink"
    assert d.styles["Hyperlink"].type == 2  # character style
    assert "나쁜링크" in "".join(t.text for t in p._p.iter(f"{W}t"))
    assert not any("javascript" in r.target_ref for r in d.part.rels.values() if r.is_external)


def all_parts_xml(data: bytes):
    from lxml import etree
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in ("word/document.xml", "word/footer1.xml"):
            yield name, etree.fromstring(z.read(name))


def test_every_run_has_east_asian_font_and_korean(sample):
    data, d = sample
    count = 0
    for _, root in all_parts_xml(data):
        for r in root.iter(f"{W}r"):
            count += 1
            rpr = r.find(f"{W}rPr")
            assert rpr is not None
            assert rpr.find(f"{W}rFonts").get(f"{W}eastAsia") == "Batang"
            assert rpr.find(f"{W}lang").get(f"{W}eastAsia") == "ko-KR"
    assert count > 30
    normal = d.styles["Normal"].element.find(f"{W}rPr")
    assert normal.find(f"{W}rFonts").get(f"{W}eastAsia") == "Batang"
    assert normal.find(f"{W}lang").get(f"{W}eastAsia") == "ko-KR"
    # No theme font that would override the explicit East Asian font.
    assert not any(f.get(f"{W}eastAsiaTheme") for f in d.styles.element.iter(f"{W}rFonts"))


def test_rpr_children_in_schema_order():
    data = render_docx(sample_doc(), "ruby")
    d = open_docx(data)
    checked = 0
    rprs = [rpr for _, root in all_parts_xml(data) for rpr in root.iter(f"{W}rPr")]
    rprs += list(d.styles.element.iter(f"{W}rPr"))
    for rpr in rprs:
        names = [local(c) for c in rpr]
        assert all(n in SCHEMA_RPR for n in names), names
        positions = [SCHEMA_RPR.index(n) for n in names]
        assert positions == sorted(positions), names
        assert len(set(names)) == len(names)
        checked += 1
    assert checked > 50


@pytest.mark.parametrize("style,expected", [
    ("hanja", "經濟 成長"),
    ("hanja-hangul", "經濟(경제) 成長(성장)"),
    ("hangul-hanja", "경제(經濟) 성장(成長)"),
])
def test_text_styles(style, expected):
    doc = Document(blocks=[P(Word("경제", "經濟"), T(" "), Word("성장", "成長"))])
    d = open_docx(render_docx(doc, style))
    assert d.paragraphs[0].text == expected
    assert d.element.body.find(f".//{W}ruby") is None


def test_ruby_style():
    doc = Document(blocks=[P(Word("경제", "經濟", marks=frozenset({"bold"})), T("와 "),
                             Word("나", "나"))])
    d = open_docx(render_docx(doc, "ruby"))
    rubies = list(d.element.body.iter(f"{W}ruby"))
    assert len(rubies) == 1                      # identical Hanja/Hangul gives no ruby
    ruby = rubies[0]
    assert local(ruby.getparent()) == "r"
    assert [local(c) for c in ruby] == ["rubyPr", "rt", "rubyBase"]
    assert [local(c) for c in ruby.find(f"{W}rubyPr")] == ["rubyAlign", "hps", "hpsRaise",
                                                           "hpsBaseText", "lid"]
    assert ruby.find(f"{W}rubyPr/{W}lid").get(f"{W}val") == "ko-KR"
    rt_text = "".join(t.text for t in ruby.find(f"{W}rt").iter(f"{W}t"))
    base_text = "".join(t.text for t in ruby.find(f"{W}rubyBase").iter(f"{W}t"))
    assert (rt_text, base_text) == ("경제", "經濟")
    base_run = ruby.find(f"{W}rubyBase/{W}r")
    assert base_run.find(f"{W}rPr/{W}b") is not None
    rt_size = ruby.find(f"{W}rt/{W}r/{W}rPr/{W}sz").get(f"{W}val")
    assert rt_size == ruby.find(f"{W}rubyPr/{W}hps").get(f"{W}val")
    assert "".join(t.text for t in d.paragraphs[0]._p.iter(f"{W}t")) == "경제經濟와 나"


def test_core_properties(sample):
    _, d = sample
    cp = d.core_properties
    assert cp.title == "경제 속보"
    assert cp.author == "김기자, 이기자"
    assert cp.created == datetime(2024, 3, 5, 0, 30, tzinfo=timezone.utc)
    assert cp.identifier == "https://news.example/a?id=1&x=2"
    assert cp.comments == "source: https://news.example/a?id=1&x=2"
    assert cp.language == "ko-KR"
    footer = d.sections[0].footer.paragraphs[0].text
    assert "김기자" in footer and "https://news.example/a?id=1&x=2" in footer


def test_core_created_falls_back_to_now_and_dates_parse():
    d = open_docx(render_docx(Document(meta=Metadata(title="t", date="어제"))))
    assert abs(d.core_properties.created - datetime.now(timezone.utc)) < timedelta(minutes=5)
    assert d.core_properties.identifier == "" and d.core_properties.comments == ""
    assert parse_date("2024-01-02") == datetime(2024, 1, 2)
    assert parse_date("2024-01-02T03:04:05Z") == datetime(2024, 1, 2, 3, 4, 5)
    assert parse_date(None) is None and parse_date("Jan 2") is None


def test_figures_are_not_fetched(sample):
    data, d = sample
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media")]
    alt_p = [p for p in d.paragraphs if p.style.name == "Caption"][1]
    link = alt_p._p.find(f"{W}hyperlink")
    assert d.part.rels[link.get(R_ID)].target_ref == "https://img.example/p.png"
    doc = Document(blocks=[Figure(src="javascript:x", alt="대체", caption=[]),
                           Figure(src="", alt="같음", caption=[T("같음")])])
    d2 = open_docx(render_docx(doc))
    assert body_paragraphs(d2) == [("Caption", "대체"), ("Caption", "같음")]
    assert d2.paragraphs[0]._p.find(f"{W}hyperlink") is None


def test_code_rule_and_quote(sample):
    _, d = sample
    code = [p for p in d.paragraphs if p.style.name == "Source Code"][0]
    assert len(code._p.findall(f".//{W}br")) == 1
    assert [t.text for t in code._p.iter(f"{W}t")] == ["if a < b:", "    go()"]
    assert d.styles["Source Code"].font.name == "Courier New"
    rule = [p for p in d.paragraphs if p._p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None]
    assert len(rule) == 1 and rule[0].text == ""
    assert [p.text for p in d.paragraphs if p.style.name == "Quote"] == ["인용문"]


def test_east_asian_font_parameter():
    data = render_docx(Document(blocks=[P(T("글"))]), east_asian_font="Malgun Gothic")
    d = open_docx(data)
    rfonts = d.paragraphs[0]._p.find(f"{W}r/{W}rPr/{W}rFonts")
    assert rfonts.get(f"{W}eastAsia") == "Malgun Gothic"
    normal = d.styles["Normal"].element.find(f"{W}rPr/{W}rFonts")
    assert normal.get(f"{W}eastAsia") == "Malgun Gothic"


def test_hostile_text_survives_as_text():
    evil = "<w:p>&\x00\x0b<script>\ud800"
    doc = Document(meta=Metadata(title=evil, authors=[evil], url="https://x.example/?q=<b>"),
                   blocks=[P(T(evil)), Heading(2, [Word(evil, "漢" + evil)])])
    d = open_docx(render_docx(doc, "ruby"))
    assert d.paragraphs[0].text == "<w:p>&<script>"
    assert d.paragraphs[1].text == "<w:p>&<script>"
    assert d.core_properties.title == "<w:p>&<script>"


def test_unknown_style_and_empty_document():
    with pytest.raises(ValueError, match="style"):
        render_docx(Document(), "furigana")
    d = open_docx(render_docx(Document()))
    assert d.paragraphs == [] and d.tables == []
    assert d.sections[0].page_width.mm == pytest.approx(210, abs=0.5)
