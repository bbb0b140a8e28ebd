"""Convert a user's HTML page in place: body text becomes Hanja, markup and encoding stay."""
from __future__ import annotations

import codecs
import html
import re
import secrets

import lxml.html
from lxml import etree

from outputs.inplace_text import Analyze, Chunk, Piece, Ruby, chunks_text, plan_unit
from outputs.report import ReportWord
from outputs.style import check_style

# Content that is not prose, or that must stay byte for byte (what a reader types or runs).
EXCLUDED = {"script", "style", "code", "pre", "kbd", "samp", "textarea", "var", "noscript",
            "template", "svg", "math", "rt", "rp", "head", "object", "iframe", "select"}
# Elements a word may run across (<b>경</b>제); any other element ends the text unit.
INLINE = {"a", "abbr", "b", "bdi", "bdo", "big", "cite", "data", "del", "dfn", "em", "font", "i",
          "ins", "label", "mark", "q", "ruby", "s", "small", "span", "strike", "strong", "sub",
          "sup", "time", "tt", "u", "wbr"}
TEXT_ATTRIBUTES = ("alt", "title")
DOCTYPE = re.compile(r"\s*(?:<!--.*?-->\s*|<\?.*?\?>\s*)*<!doctype", re.I | re.S)
URL_ATTRIBUTES = ("href", "src", "action")   # libxml2 would percent-escape these on output
META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"))
# Labels browsers read as a wider code page than their name says (WHATWG Encoding Standard).
WIDER = {"euc_kr": "cp949", "cp949": "cp949", "latin_1": "cp1252", "ascii": "cp1252",
         "iso8859_1": "cp1252", "gb2312": "gb18030", "gbk": "gb18030"}

Key = tuple[etree._Element, str]   # (element, "text" | "tail")


def convert_html(data: bytes, analyze: Analyze, style: str = "hanja", attributes: bool = False,
                 encoding: str | None = None) -> tuple[bytes, list[ReportWord]]:
    """Return the page with its body text converted, in its own encoding, and the words converted.

    encoding is the caller's hint (e.g. from an HTTP header), used when the page declares none.
    With attributes=True the <title> and alt/title attributes are converted too (as plain text)."""
    check_style(style)
    codec, bom = detect_encoding(data, encoding)
    text = _decode(data[len(bom):], codec)
    tree = _parse(text)
    root = tree.getroot()
    words: list[ReportWord] = []
    for items, ruby_ok in _units(root, attributes):
        changes, found = plan_unit(items, analyze, style, ruby_ok=ruby_ok)
        words.extend(found)
        for index, chunks in changes.items():
            piece = items[index]
            assert piece is not None
            _apply(piece.key, chunks)
    if attributes:
        words.extend(_convert_attributes(root, analyze, style))
    out = _serialize(tree, fragment=_is_fragment(text), has_doctype=bool(DOCTYPE.match(text)))
    if text.endswith("\n") and not out.endswith("\n"):
        out += "\n"
    return bom + out.encode(codec, errors="xmlcharrefreplace"), words


def _serialize(tree: etree._ElementTree, fragment: bool, has_doctype: bool) -> str:
    """The tree as HTML text; URL attributes are shielded from libxml2's percent-escaping."""
    root = tree.getroot()
    tag = f"gukhan{secrets.token_hex(8)}x"
    saved: dict[str, str] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name in URL_ATTRIBUTES + (("name",) if el.tag == "a" else ()):
            value = el.get(name)
            if value is not None:
                token = f"{tag}{len(saved)}z"
                saved[token] = value
                el.set(name, token)
    if fragment:
        body = root.find("body")
        out = "" if body is None else (body.text or "") + "".join(
            etree.tostring(c, method="html", encoding="unicode") for c in body)
    else:
        # lxml invents an HTML 4 doctype for pages without one; write back only what was there
        out = etree.tostring(tree, method="html", encoding="unicode",
                             **({} if has_doctype else {"doctype": ""}))
        if not has_doctype and out.startswith("\n"):   # the empty doctype's line end
            out = out[1:]
    for token, value in saved.items():
        out = out.replace(token, html.escape(value, quote=True), 1)
    return out


def html_title(data: bytes, encoding: str | None = None) -> str | None:
    """The page's <title> text, if any."""
    codec, bom = detect_encoding(data, encoding)
    try:
        node = _parse(_decode(data[len(bom):], codec)).getroot().find(".//title")
    except ValueError:
        return None
    text = " ".join((node.text_content() if node is not None else "").split())
    return text or None


def detect_encoding(data: bytes, hint: str | None = None) -> tuple[str, bytes]:
    """(Python codec, BOM bytes) for the page: its BOM, else <meta> charset, else hint, else UTF-8."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, bom
    for label in ([m.group(1).decode("ascii")] if (m := META_CHARSET.search(data[:4096])) else []) \
            + ([hint] if hint else []):
        codec = _codec(label)
        if codec:
            return codec, b""
    try:
        data.decode("utf-8")
        return "utf-8", b""
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    return (_codec(best.encoding) if best is not None else None) or "utf-8", b""


def _codec(label: str) -> str | None:
    """The Python codec for an encoding label, widened as browsers do; None when unknown."""
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return WIDER.get(name.replace("-", "_"), name)


def _decode(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ValueError(f"page is not valid {codec}: {exc.reason} at byte {exc.start}") from None


def _parse(text: str) -> etree._ElementTree:
    """The page as an lxml HTML tree (parsed from UTF-8 so a declared charset cannot mislead it)."""
    # huge_tree lifts libxml2's nesting limit from 256 to 2048; deeper pages fail loudly below.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False, remove_pis=False,
                                  huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"cannot parse HTML: {exc}") from None
    fatal = [e for e in parser.error_log if e.level_name == "FATAL"]
    if fatal:   # libxml2 stops reading there: writing the tree back would lose the rest
        raise ValueError(f"cannot parse HTML: {fatal[0].message} (line {fatal[0].line})")
    return root.getroottree()


def _is_fragment(text: str) -> bool:
    """True for a snippet with no <html>/<body>, so we write back no wrapper lxml added."""
    head = text[:4096].lower()
    return "<html" not in head and "<body" not in head and "<!doctype" not in head \
        and "<head" not in head


def _units(root: etree._Element, attributes: bool) -> list[tuple[list[Piece | None], bool]]:
    """Runs of text a word may span, in document order, each with whether ruby markup may go there."""
    units: list[tuple[list[Piece | None], bool]] = []
    current: list[Piece | None] = []

    def close() -> None:
        nonlocal current
        if current:
            units.append((current, True))
        current = []

    def enter(el: etree._Element, hard: bool, translate: bool) -> tuple[bool, bool]:
        """Open an element: its own text; returns the (hard, translate) context of its children."""
        tag = el.tag.lower()
        hard = hard or tag in EXCLUDED
        value = el.get("translate")
        if value is not None:
            translate = value.strip().lower() != "no"
        if "notranslate" in (el.get("class") or "").split():
            translate = False
        boundary(tag, hard or not translate)
        if el.text and not (hard or not translate):
            current.append(Piece((el, "text"), el.text))
        return hard, translate

    def boundary(tag: str, skip: bool) -> None:
        if tag not in INLINE:
            close()
        elif skip:
            current.append(None)

    body = root.find("body")
    # An explicit stack rather than recursion: pages can nest deeper than Python's call limit.
    todo: list[tuple[str, etree._Element, bool, bool]] = [("enter", body if body is not None else root,
                                                            False, True)]
    while todo:
        action, el, hard, translate = todo.pop()
        if action == "tail":
            if el.tail and not (hard or not translate):
                current.append(Piece((el, "tail"), el.tail))
        elif action == "exit":
            boundary(el.tag.lower(), hard or not translate)
        elif not isinstance(el.tag, str):   # comment or processing instruction: never prose
            current.append(None)
        else:
            inner_hard, inner_translate = enter(el, hard, translate)
            todo.append(("exit", el, inner_hard, inner_translate))
            for child in reversed(el):
                todo.append(("tail", child, inner_hard, inner_translate))
                todo.append(("enter", child, inner_hard, inner_translate))
    close()
    if attributes:
        title = root.find("head/title")
        if title is not None and title.text:
            units.append(([Piece((title, "text"), title.text)], False))
    return units


def _convert_attributes(root: etree._Element, analyze: Analyze, style: str) -> list[ReportWord]:
    """Convert alt/title attributes of translatable body elements, as plain text."""
    words: list[ReportWord] = []
    body = root.find("body")
    for el in (body.iter() if body is not None else ()):
        if not isinstance(el.tag, str) or _attribute_skipped(el):
            continue
        for name in TEXT_ATTRIBUTES:
            value = el.get(name)
            if not value:
                continue
            changes, found = plan_unit([Piece(name, value)], analyze, style, ruby_ok=False)
            if 0 in changes:
                el.set(name, chunks_text(changes[0]) or "")
            words.extend(found)
    return words


def _attribute_skipped(el: etree._Element) -> bool:
    """True inside excluded elements or translate="no" (nearest translate attribute wins)."""
    for node in [el, *el.iterancestors()]:
        if node.tag in EXCLUDED:
            return True
    for node in [el, *el.iterancestors()]:
        if "notranslate" in (node.get("class") or "").split():
            return True
        value = node.get("translate")
        if value is not None:
            return value.strip().lower() == "no"
    return False


def _apply(key: Key, chunks: list[Chunk]) -> None:
    """Write new chunks into a text node; ruby words become <ruby> elements after it."""
    el, slot = key
    text = chunks_text(chunks)
    if text is not None:
        setattr(el, slot, text)
        return
    lead = ""
    rubies: list[etree._Element] = []
    for chunk in chunks:
        if isinstance(chunk, Ruby):
            rubies.append(_ruby(chunk))
        elif rubies:
            rubies[-1].tail = (rubies[-1].tail or "") + chunk
        else:
            lead += chunk
    setattr(el, slot, lead)
    if slot == "text":
        for i, node in enumerate(rubies):
            el.insert(i, node)
    else:
        parent = el.getparent()
        at = parent.index(el) + 1
        for i, node in enumerate(rubies):
            parent.insert(at + i, node)


def _ruby(ruby: Ruby) -> etree._Element:
    """<ruby>漢字<rp>(</rp><rt>한글</rt><rp>)</rp></ruby>"""
    node = lxml.html.Element("ruby")
    node.text = ruby.base
    for tag, text in (("rp", "("), ("rt", ruby.reading), ("rp", ")")):
        child = lxml.html.Element(tag)
        child.text = text
        node.append(child)
    return node


__all__ = ["convert_html", "detect_encoding", "html_title"]
