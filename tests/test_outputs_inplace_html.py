"""In-place HTML conversion: same element tree and encoding, only translatable text changes."""
from __future__ import annotations

import re

import lxml.html
import pytest
from lxml import etree

import converter
from inplace_fixtures import LEXICON, FakeSegment, fake_analyze, rich_html
from outputs.inplace_html import EXCLUDED, convert_html, detect_encoding, html_title


def is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def is_hanja(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\u3400" <= ch <= "\u4dbf"


def tree(data: bytes, codec: str = "utf-8") -> etree._Element:
    return lxml.html.document_fromstring(data.decode(codec).encode("utf-8"),
                                         parser=lxml.html.HTMLParser(encoding="utf-8"))


def shape(root: etree._Element) -> list[tuple]:
    return [(el.tag if isinstance(el.tag, str) else "#comment", dict(el.attrib)) for el in root.iter()]


def frozen(el: etree._Element) -> bool:
    """True where text must stay as it is: excluded elements and translate="no" (inherited)."""
    for node in [el, *el.iterancestors()]:
        if isinstance(node.tag, str) and node.tag in EXCLUDED:
            return True
    for node in [el, *el.iterancestors()]:
        value = node.get("translate") if isinstance(node.tag, str) else None
        if value is not None:
            return value == "no"
    return not isinstance(el.tag, str)


RAW_BLOCKS = [rb"<script>.*?</script>", rb"<style>.*?</style>", rb"<pre>.*?</pre>",
              rb"<code>.*?</code>", rb"<kbd>.*?</kbd>", rb"<samp>.*?</samp>",
              rb"<textarea[^>]*>.*?</textarea>", rb'<p translate="no">.*?</p>', rb"<!--.*?-->"]


def check_preserved(before: bytes, after: bytes, codec: str = "utf-8") -> int:
    """Same tree; frozen text byte-identical; other text differs only Hangul -> Hanja."""
    a, b = tree(before, codec), tree(after, codec)
    assert shape(a) == shape(b)
    changed = 0
    for ea, eb in zip(a.iter(), b.iter()):
        for slot, owner in (("text", ea), ("tail", ea.getparent())):
            ta, tb = getattr(ea, slot) or "", getattr(eb, slot) or ""
            if owner is None or (slot == "text" and frozen(ea)) or (slot == "tail" and frozen(owner)) \
                    or (slot == "text" and ea.tag == "title"):
                assert ta == tb, (ea.tag, slot)
                continue
            assert len(ta) == len(tb)
            for x, y in zip(ta, tb):
                if x != y:
                    assert is_hangul(x) and is_hanja(y)
                    changed += 1
    for pattern in RAW_BLOCKS:
        blocks = re.findall(pattern, before, re.S)
        assert blocks, pattern
        assert blocks == re.findall(pattern, after, re.S), pattern
    assert before.startswith(b"<!DOCTYPE html>") == after.startswith(b"<!DOCTYPE html>")
    return changed


def test_hanja_style_same_tree_and_frozen_content() -> None:
    page = rich_html()
    out, words = convert_html(page, fake_analyze)
    assert check_preserved(page, out) > 0
    text = out.decode()
    assert '<h1 class="title" id="top">經濟 發展과 社會 變化</h1>' in text
    assert "<b>經</b>濟는" in text                                   # a word across inline elements
    assert '<span translate="yes">文化 변환</span>' in text          # translate="yes" inside "no"
    assert "<td>環境 硏究</td>" in text
    assert "<title>경제 뉴스</title>" in text and 'alt="한국 지도"' in text   # attributes off
    assert 'href="/경제?q=1"' in text                                # no percent-escaping of URLs
    assert {w.hangul for w in words} <= set(LEXICON)


def test_euc_kr_page_stays_euc_kr() -> None:
    page = rich_html("euc-kr")
    out, _ = convert_html(page, fake_analyze)
    with pytest.raises(UnicodeDecodeError):
        out.decode("utf-8")
    assert check_preserved(page, out, "cp949") > 0
    assert '<meta charset="euc-kr">' in out.decode("cp949")
    assert "經濟 發展".encode("euc-kr") in out


def test_characters_outside_the_page_encoding_become_references() -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">' \
           "</head><body><p>상자 안</p></body></html>"

    def analyze(text: str):
        i = text.find("상자")
        return [FakeSegment(i, i + 2, "상자", "䷀子", 0.9)] if i >= 0 else []

    out, words = convert_html(page.encode("cp949"), analyze)
    assert b"<p>&#19904;" in out and "子 안".encode("cp949") in out
    assert [w.hanja for w in words] == ["䷀子"]


def test_caller_hint_used_when_page_declares_nothing() -> None:
    page = "<html><body><p>경제 뉴스</p></body></html>".encode("cp949")
    assert detect_encoding(page, "euc-kr") == ("cp949", b"")
    out, _ = convert_html(page, fake_analyze, encoding="euc-kr")
    assert "經濟 뉴스".encode("cp949") in out
    # no declaration, no hint: not UTF-8, so the content is sniffed rather than mangled
    assert convert_html(page, fake_analyze)[0] == out


def test_utf8_bom_kept() -> None:
    page = b"\xef\xbb\xbf<html><body><p>\xea\xb2\xbd\xec\xa0\x9c</p></body></html>"
    out, _ = convert_html(page, fake_analyze)
    assert out.startswith(b"\xef\xbb\xbf") and "經濟".encode() in out


def test_ruby_style_inserts_ruby_elements() -> None:
    out, words = convert_html(rich_html(), fake_analyze, "ruby")
    text = out.decode()
    assert "<h1 class=\"title\" id=\"top\"><ruby>經濟<rp>(</rp><rt>경제</rt><rp>)</rp></ruby> " in text
    assert "<b><ruby>經濟<rp>(</rp><rt>경제</rt><rp>)</rp></ruby></b>는" in text
    root = tree(out)
    rubies = root.findall(".//ruby")
    assert len(rubies) == len(words)
    for r in rubies:
        assert [c.tag for c in r] == ["rp", "rt", "rp"] and LEXICON[r.find("rt").text] == r.text
    # frozen content is still untouched
    for pattern in RAW_BLOCKS:
        assert re.findall(pattern, rich_html(), re.S) == re.findall(pattern, out, re.S)


@pytest.mark.parametrize("style,expected", [("hanja-hangul", "經濟(경제) 發展(발전)과"),
                                            ("hangul-hanja", "경제(經濟) 발전(發展)과")])
def test_parenthesis_styles(style: str, expected: str) -> None:
    out, _ = convert_html(rich_html(), fake_analyze, style)
    text = out.decode()
    assert expected in text
    # the split word's whole rendering goes to the first text node; "제" leaves the tail
    first = expected.split(" ")[0]
    assert f"<b>{first}</b>는" in text
    assert shape(tree(rich_html())) == shape(tree(out))


def test_attributes_and_title_when_asked() -> None:
    out, _ = convert_html(rich_html(), fake_analyze, "ruby", attributes=True)
    text = out.decode()
    assert "<title>經濟(경제) 뉴스</title>" in text                  # no markup in <title>
    assert 'alt="韓國(한국) 지도"' in text and 'title="經濟(경제) 記事(기사)"' in text


def test_fragment_stays_a_fragment() -> None:
    out, _ = convert_html("<p>한국 <i>경제</i></p>\n".encode(), fake_analyze)
    assert out.decode() == "<p>韓國 <i>經濟</i></p>\n"


def test_title_helper() -> None:
    assert html_title(rich_html("euc-kr")) == "경제 뉴스"


def test_real_engine_keeps_tree() -> None:
    page = rich_html()
    out, words = convert_html(page, lambda t: converter.analyze(t))
    assert check_preserved(page, out) > 0
    assert "經濟" in tree(out).findtext(".//h1")
    assert any(w.hanja == "經濟" for w in words)
    ruby, _ = convert_html(page, lambda t: converter.analyze(t), "ruby")
    assert tree(ruby).findall(".//h1/ruby")


def test_deeply_nested_page_and_comment_tails() -> None:
    page = "<html><body>" + "<span>" * 1000 + "경제" + "</span>" * 1000 \
        + "<p>한국<!-- 경제 -->경제</p></body></html>"
    out, words = convert_html(page.encode(), fake_analyze)
    text = out.decode()
    assert text.startswith("<html><body><span>")          # no doctype invented
    assert text.count("經濟") == 2 and "<p>韓國<!-- 경제 -->經濟</p>" in text
    assert len(words) == 3


def test_page_too_deep_for_the_parser_is_refused_not_truncated() -> None:
    page = "<html><body>" + "<div>" * 5000 + "경제" + "</div>" * 5000 + "</body></html>"
    with pytest.raises(ValueError, match="cannot parse HTML"):
        convert_html(page.encode(), fake_analyze)
