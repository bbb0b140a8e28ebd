"""Converting a whole document: runs split into Text and Word inlines, code and URLs untouched."""
from __future__ import annotations

import copy

from converter import Options, convert, convert_document
from document import (BlockQuote, Cell, CodeBlock, Document, Figure, Heading, LineBreak, Link, ListBlock,
                      ListItem, Metadata, Paragraph, Row, Table, Text, Word, document_text, words)

BOLD = frozenset({"bold"})
CODE = frozenset({"code"})


def para(*inlines) -> Document:
    return Document(blocks=[Paragraph(list(inlines))])


def inlines_of(doc: Document) -> list:
    return doc.blocks[0].inlines


def test_word_across_bold_and_plain_runs_becomes_one_word() -> None:
    doc = para(Text("경", BOLD), Text("제 정책이 바뀌었다."))
    out = convert_document(doc)
    found = [w for w in words(out) if w.hangul == "경제"]
    assert len(found) == 1 and found[0].hanja == "經濟"
    assert not any(isinstance(n, Text) and n.text.startswith("제") for n in inlines_of(out))
    assert document_text(out) == document_text(doc)        # no syllable lost or doubled
    assert document_text(out, hanja=True).startswith("經濟 政策")


def test_word_split_in_the_middle_of_a_sentence() -> None:
    doc = para(Text("정부는 경제 정"), Text("책을 발표했다.", BOLD))
    out = convert_document(doc)
    assert [w.hangul for w in words(out)].count("정책") == 1
    assert document_text(out) == document_text(doc)


def test_marks_are_kept_on_words_and_text() -> None:
    doc = para(Text("정부", BOLD), Text("는 대책을 발표했다."))
    out = convert_document(doc)
    first = inlines_of(out)[0]
    assert isinstance(first, Word) and first.hanja == "政府" and first.marks == BOLD
    rest = [n for n in inlines_of(out)[1:] if isinstance(n, Word)]
    assert rest and all(w.marks == frozenset() for w in rest)


def test_words_match_plain_text_conversion() -> None:
    text = "해양수산부는 12일 연안 어촌의 인구 감소에 대응하기 위한 대책을 내놓았다."
    out = convert_document(para(Text(text)))
    assert document_text(out, hanja=True) == convert(text)
    for w in words(out):
        assert 0.0 <= w.confidence <= 1.0 and len(w.hanja) == len(w.hangul)


def test_code_runs_and_code_blocks_are_untouched() -> None:
    doc = Document(blocks=[
        Paragraph([Text("정부는 "), Text("경제 회복", CODE), Text(" 예산을 늘렸다.")]),
        CodeBlock("경제 = 회복(정부)", "python"),
    ])
    out = convert_document(doc)
    inl = inlines_of(out)
    assert Text("경제 회복", CODE) in inl
    assert out.blocks[1] == CodeBlock("경제 = 회복(정부)", "python")
    assert {w.hangul for w in words(out)} >= {"정부", "예산"}
    assert "경제" not in {w.hangul for w in words(out)}


def test_link_urls_are_untouched_and_link_text_converted() -> None:
    url = "https://example.com/경제/정책?q=회복"
    doc = para(Text("자세한 내용은 "), Link(url, [Text("경제 정책")], "정부 자료"), Text(" 참고."))
    out = convert_document(doc)
    link = next(n for n in inlines_of(out) if isinstance(n, Link))
    assert link.url == url and link.title == "정부 자료"
    assert [w.hanja for w in link.children if isinstance(w, Word)] == ["經濟", "政策"]


def test_line_breaks_separate_words() -> None:
    doc = para(Text("경"), LineBreak(), Text("제"))
    out = convert_document(doc)
    assert not any(w.hangul == "경제" for w in words(out))
    assert any(isinstance(n, LineBreak) for n in inlines_of(out))


def test_every_block_kind_is_converted() -> None:
    doc = Document(Metadata(title="경제 정책"), [
        Heading(1, [Text("정부 대책")]),
        ListBlock(False, [ListItem([Paragraph([Text("교육 예산")])])]),
        Table([Row([Cell([Paragraph([Text("인구 감소")])])])], caption=[Text("지역 현황")]),
        BlockQuote([Paragraph([Text("사회 문제")])]),
        Figure("a.png", "경제 그림", [Text("시장 동향")]),
    ])
    out = convert_document(doc)
    assert {w.hanja for w in words(out)} >= {"政府", "對策", "敎育", "豫算", "人口", "減少",
                                              "地域", "社會", "問題", "市場", "動向"}
    assert out.meta.title == "經濟 政策"          # title and subtitles are rendered as text
    assert out.blocks[4].alt == "경제 그림"


def test_title_and_subtitles_rendered_in_the_style() -> None:
    doc = Document(Metadata(title="정부 대책", subtitles=["경제 회복", "Hello 2024"]), [Paragraph([Text("교육")])])
    out = convert_document(doc, Options(style="hangul-hanja"))
    assert out.meta.title == "정부(政府) 대책(對策)"
    assert out.meta.subtitles == ["경제(經濟) 회복(回復)", "Hello 2024"]
    ruby = convert_document(doc, Options(style="ruby"))
    assert ruby.meta.title == "政府(정부) 對策(대책)"


def test_input_document_is_not_modified() -> None:
    doc = para(Text("정부", BOLD), Text("는 대책을 발표했다."))
    before = copy.deepcopy(doc)
    out = convert_document(doc)
    assert doc == before and out is not doc and out != doc


def test_already_converted_words_stay_as_they_are() -> None:
    doc = para(Word("부인", "夫人", 0.9), Text("은 대책을 발표했다."))
    out = convert_document(doc)
    assert inlines_of(out)[0] == Word("부인", "夫人", 0.9)
    assert sum(1 for w in words(out) if w.hangul == "부인") == 1


def test_options_reach_the_engine() -> None:
    doc = para(Text("정부는 경제 정책을 발표했다."))
    assert words(convert_document(doc, Options(min_confidence=1.01))) == []
    only = convert_document(doc, Options(charset=frozenset("政府")))
    assert [w.hanja for w in words(only)] == ["政府"]


def test_document_without_convertible_text() -> None:
    doc = para(Text("Hello, world 123."))
    assert convert_document(doc) == doc
    assert convert_document(Document()) == Document()
