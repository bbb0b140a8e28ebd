"""Tests for outputs.html.render_html: a valid, safe, standalone Korean HTML5 page."""
from __future__ import annotations

from html.parser import HTMLParser

import html5lib
import pytest

from document.model import (BlockQuote, Cell, CodeBlock, Document, Figure, Heading, LineBreak,
                            Link, ListBlock, ListItem, Metadata, Paragraph, Row, Rule, Table, Text,
                            Word)
from outputs.html import html_datetime, render_html, safe_url

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


def parse(page: str):
    """Parse with html5lib in strict mode (raises on any parse error); plain element names."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(page)


class _Balance(HTMLParser):
    """html5lib's strict mode tolerates misnested tags; this checks every tag is closed in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def assert_well_formed(page: str):
    checker = _Balance()
    checker.feed(page)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []


def sample_doc() -> Document:
    meta = Metadata(title="경제 <속보>", subtitles=["부제 하나", "부제 둘"], authors=["김기자", "이기자"],
                    date="2024-03-05T09:30:00+09:00", url="https://news.example/a?id=1&x=2",
                    site="예시신문")
    nested = ListBlock(ordered=False, items=[ListItem([Paragraph([Text("안쪽")])])])
    blocks = [
        Heading(1, [Word("경제", "經濟"), Text(" 동향")]),
        Paragraph([Text("굵게", frozenset({"bold"})), Text(" 그리고 "),
                   Text("기울임", frozenset({"italic", "underline"})), LineBreak(),
                   Link("https://example.org/x?a=1&b=2", [Text("링크")], title="제목")]),
        ListBlock(ordered=True, start=3, items=[
            ListItem([Paragraph([Text("셋")]), nested]),
            ListItem([Paragraph([Text("넷")])]),
        ]),
        Table(caption=[Text("표 제목")], rows=[
            Row(header=True, cells=[Cell([Paragraph([Text("가")])], colspan=2),
                                    Cell([Paragraph([Text("나")])])]),
            Row(cells=[Cell([Paragraph([Text("1")])], rowspan=2), Cell([Paragraph([Text("2")])]),
                       Cell([Paragraph([Text("3")])])]),
            Row(cells=[Cell([Paragraph([Text("4")])]), Cell([Paragraph([Text("5")])])]),
        ]),
        BlockQuote([Paragraph([Text("인용문")])]),
        Figure(src="https://img.example/p.png", alt="사진 <설명>", caption=[Text("그림 설명")]),
        CodeBlock(text="if a < b && c:\n    print('x')", language="python"),
        Rule(),
        Heading(2, [Text("소제목")]),
    ]
    return Document(meta=meta, blocks=blocks)


EXPECTED_TAGS = ["h2", "p", "ol", "table", "blockquote", "figure", "pre", "hr", "h3"]


def article_children(root):
    article = root.find(".//main/article")
    assert article is not None
    return list(article)


def test_page_is_valid_html5_with_korean_basics():
    page = render_html(sample_doc())
    assert page.startswith("<!DOCTYPE html>\n")
    root = parse(page)
    assert_well_formed(page)
    assert root.tag == "html" and root.get("lang") == "ko"
    head = root.find("head")
    assert head.find("meta[@charset]").get("charset") == "utf-8"
    assert "width=device-width" in head.find("meta[@name='viewport']").get("content")
    assert head.find("title").text == "경제 <속보>"
    css = head.find("style").text
    for needle in ('"Noto Serif KR"', '"Nanum Myeongjo"', '"Batang"', "line-height: 1.8",
                   "word-break: keep-all", "max-width: 40em", "rt {", "blockquote", "figcaption",
                   "border-collapse"):
        assert needle in css
    assert "gukhan" in "".join(root.find("body/footer").itertext())


def test_header_metadata():
    root = parse(render_html(sample_doc()))
    header = root.find("body/header")
    assert [h.text for h in header.iter("h1")] == ["경제 <속보>"]
    assert [p.text for p in header.findall("p[@class='subtitle']")] == ["부제 하나", "부제 둘"]
    byline = "".join(header.find("p[@class='byline']").itertext())
    assert "김기자" in byline and "이기자" in byline
    time = header.find(".//time")
    assert time.get("datetime") == "2024-03-05T09:30:00+09:00"
    link = header.find("p[@class='source']/a")
    assert link.get("href") == "https://news.example/a?id=1&x=2"
    assert link.text == "예시신문"
    # The document title is the only h1 on the page.
    assert len(list(root.iter("h1"))) == 1


def test_article_holds_exactly_the_document_blocks_in_order():
    doc = sample_doc()
    children = article_children(parse(render_html(doc)))
    assert [c.tag for c in children] == EXPECTED_TAGS
    assert len(children) == len(doc.blocks)


def test_headings_not_shifted_without_title():
    doc = sample_doc()
    doc.meta.title = ""
    root = parse(render_html(doc))
    assert [c.tag for c in article_children(root)][0] == "h1"
    assert root.find("head/title").text == "經濟 동향"
    deep = Document(blocks=[Heading(6, [Text("깊다")]), Heading(9, [Text("더")])])
    assert [c.tag for c in article_children(parse(render_html(deep)))] == ["h6", "h6"]
    titled = Document(meta=Metadata(title="T"), blocks=[Heading(6, [Text("깊다")])])
    assert [c.tag for c in article_children(parse(render_html(titled)))] == ["h6"]


def test_marks_links_and_breaks():
    children = article_children(parse(render_html(sample_doc())))
    p = children[1]
    assert p.find("strong").text == "굵게"
    assert p.find("em/u").text == "기울임"
    assert p.find("br") is not None
    a = p.find("a")
    assert a.get("href") == "https://example.org/x?a=1&b=2" and a.get("title") == "제목"


def test_all_marks_render_nested():
    marks = frozenset({"bold", "italic", "underline", "strike", "superscript", "subscript", "code"})
    root = parse(render_html(Document(blocks=[Paragraph([Text("x", marks)])])))
    el = article_children(root)[0]
    path = []
    while len(el):
        el = el[0]
        path.append(el.tag)
    assert path == ["strong", "em", "u", "s", "sup", "sub", "code"]
    assert el.text == "x"


def test_lists_tables_quote_figure_code():
    children = article_children(parse(render_html(sample_doc())))
    ol = children[2]
    assert ol.get("start") == "3"
    items = ol.findall("li")
    assert [i.text for i in items] == ["셋", "넷"]
    assert [li.text for li in items[0].findall("ul/li")] == ["안쪽"]

    table = children[3]
    assert table.find("caption").text == "표 제목"
    head_cells = table.findall("thead/tr/th")
    assert [c.text for c in head_cells] == ["가", "나"]
    assert head_cells[0].get("colspan") == "2" and head_cells[1].get("colspan") is None
    body_rows = table.findall("tbody/tr")
    assert len(body_rows) == 2
    assert body_rows[0].find("td").get("rowspan") == "2"
    assert [c.text for c in body_rows[1].findall("td")] == ["4", "5"]

    assert children[4].find("p").text == "인용문"
    fig = children[5]
    assert fig.find("img").get("src") == "https://img.example/p.png"
    assert fig.find("img").get("alt") == "사진 <설명>"
    assert fig.find("figcaption").text == "그림 설명"
    code = children[6].find("code")
    assert code.get("class") == "language-python"
    assert code.text == "if a < b && c:\n    print('x')"


def test_ordered_list_start_one_has_no_attribute_and_nested_lists_valid():
    inner = ListBlock(ordered=True, items=[ListItem([Paragraph([Text("b")])])])
    doc = Document(blocks=[ListBlock(ordered=True, items=[ListItem([Paragraph([Text("a")]), inner]),
                                                          ListItem([])])])
    page = render_html(doc)
    assert_well_formed(page)
    ol = article_children(parse(page))[0]
    assert ol.get("start") is None
    assert ol.find("li/ol/li").text == "b"
    assert len(ol.findall("li")) == 2


def test_script_text_is_escaped_everywhere():
    evil = "<script>alert(1)</script>"
    doc = Document(
        meta=Metadata(title=evil, subtitles=[evil], authors=[evil], date=evil, site=evil,
                      url='https://x.example/"><script>alert(2)</script>'),
        blocks=[Paragraph([Text(evil)]), Heading(1, [Word(evil, evil + "漢")]),
                CodeBlock(evil, language='x"><script>'),
                Figure(src="https://i.example/a.png", alt='"><script>', caption=[Text(evil)]),
                Paragraph([Link("https://ok.example/", [Text("t")], title='"><script>')])])
    for style in ("hanja", "ruby", "hangul-hanja"):
        page = render_html(doc, style)
        root = parse(page)
        assert_well_formed(page)
        assert list(root.iter("script")) == []
        assert "<script>" not in page
        assert evil in "".join(article_children(root)[0].itertext())


def test_dangerous_links_dropped_text_kept():
    bad = ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)",
           "data:text/html,<b>x</b>", "vbscript:x", "file:///etc/passwd", "/relative", "ftp://x/"]
    doc = Document(blocks=[Paragraph([Link(u, [Text(f"t{i}")]) for i, u in enumerate(bad)]
                                     + [Link("mailto:a@b.example", [Text("mail")]),
                                        Link("HTTPS://Example.org/", [Text("up")])])])
    p = article_children(parse(render_html(doc)))[0]
    hrefs = [a.get("href") for a in p.iter("a")]
    assert hrefs == ["mailto:a@b.example", "HTTPS://Example.org/"]
    text = "".join(p.itertext())
    for i in range(len(bad)):
        assert f"t{i}" in text


def test_unsafe_image_and_source_urls_dropped():
    doc = Document(meta=Metadata(title="t", url="javascript:alert(1)"),
                   blocks=[Figure(src="javascript:alert(1)", alt="대체 글"),
                           Figure(src="data:text/html;base64,PHNjcmlwdD4=", alt=""),
                           Figure(src="data:image/png;base64,iVBORw0KGgo=", alt="점")])
    root = parse(render_html(doc))
    figs = article_children(root)
    assert figs[0].find("img") is None and "대체 글" in "".join(figs[0].itertext())
    assert figs[1].find("img") is None
    assert figs[2].find("img").get("src") == "data:image/png;base64,iVBORw0KGgo="
    assert root.find("body/header/p[@class='source']") is None


@pytest.mark.parametrize("style,expected", [
    ("hanja", "經濟 成長"),
    ("hanja-hangul", "經濟(경제) 成長(성장)"),
    ("hangul-hanja", "경제(經濟) 성장(成長)"),
])
def test_text_styles(style, expected):
    doc = Document(blocks=[Paragraph([Word("경제", "經濟"), Text(" "), Word("성장", "成長")])])
    p = article_children(parse(render_html(doc, style)))[0]
    assert "".join(p.itertext()) == expected
    assert p.find("ruby") is None


def test_ruby_style_structure():
    doc = Document(blocks=[Paragraph([Word("경제", "經濟", marks=frozenset({"bold"})), Text("는 "),
                                      Word("나", "나")])])
    page = render_html(doc, "ruby")
    assert "<ruby>經濟<rp>(</rp><rt>경제</rt><rp>)</rp></ruby>" in page
    p = article_children(parse(page))[0]
    rubies = list(p.iter("ruby"))
    assert len(rubies) == 1  # a word whose Hanja equals its Hangul gets no ruby
    ruby = rubies[0]
    assert ruby.text == "經濟"
    assert [c.tag for c in ruby] == ["rp", "rt", "rp"]
    assert ruby.find("rt").text == "경제"
    assert p.find("strong/ruby") is not None


def test_unknown_style_rejected():
    with pytest.raises(ValueError, match="style"):
        render_html(Document(), "furigana")


def test_empty_document_and_control_characters():
    page = render_html(Document(blocks=[Paragraph([Text("a\x00b\x0bc\ud800d")])]))
    root = parse(page)
    assert root.find("head/title").text == "gukhan"
    assert root.find("body/header") is None
    assert "".join(article_children(root)[0].itertext()) == "abcd"
    page.encode("utf-8")
    assert article_children(parse(render_html(Document()))) == []


def test_invalid_date_kept_as_text_without_datetime():
    root = parse(render_html(Document(meta=Metadata(title="t", date="지난 화요일"))))
    assert root.find(".//time") is None
    assert root.find(".//span[@class='date']").text == "지난 화요일"
    assert html_datetime("2024-01-02") == "2024-01-02"
    assert html_datetime("2024-01-02T03:04:05.123456Z") == "2024-01-02T03:04:05+00:00"


def test_safe_url():
    assert safe_url("  https://a.example/ ") == "https://a.example/"
    assert safe_url("\x01javascript:x") is None
    assert safe_url("#frag") is None
