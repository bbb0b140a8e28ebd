"""Convert trafilatura's XML output into document-model blocks."""
from __future__ import annotations

import re

from lxml import etree

from document.model import (Block, BlockQuote, Cell, CodeBlock, Figure, Heading, Inline, LineBreak,
                            Link, ListBlock, ListItem, Paragraph, Row, Table, Text)
from extractors.htmltree import clean_inlines, has_text

_RENDS = {"#b": "bold", "#i": "italic", "#u": "underline", "#t": "code", "#sub": "subscript",
          "#sup": "superscript", "#s": "strike", "#del": "strike"}
_BLOCKS = frozenset({"head", "p", "list", "table", "quote", "graphic", "code", "div", "main", "item"})


def _inlines(el: etree._Element, marks: frozenset[str] = frozenset()) -> list[Inline]:
    out: list[Inline] = []
    if el.text:
        out.append(Text(el.text, marks))
    for child in el:
        out.extend(_inline(child, marks))
        if child.tail:
            out.append(Text(child.tail, marks))
    return out


def _inline(child: etree._Element, marks: frozenset[str]) -> list[Inline]:
    tag = child.tag if isinstance(child.tag, str) else ""
    if tag == "lb":
        return [LineBreak()]
    if tag == "hi":
        mark = _RENDS.get(child.get("rend", ""))
        return _inlines(child, marks | {mark} if mark else marks)
    if tag == "del":
        return _inlines(child, marks | {"strike"})
    if tag == "ref":
        inner = _inlines(child, marks)
        return [Link(child.get("target"), inner)] if child.get("target") else inner
    if tag in _BLOCKS:
        return [] if tag == "graphic" else [LineBreak(), *_inlines(child, marks), LineBreak()]
    return _inlines(child, marks) if tag else []


def _span(value: str | None) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) <= 1000 else 1


def _figure(el: etree._Element) -> Figure:
    return Figure(el.get("src", ""), (el.get("alt") or "").strip(),
                  [Text(el.get("title"))] if el.get("title") else [])


def blocks(el: etree._Element) -> list[Block]:
    """Blocks for the children of a container element (text runs become paragraphs)."""
    out: list[Block] = []
    pending: list[Inline] = []

    def flush() -> None:
        seq = clean_inlines(pending)
        if has_text(seq):
            out.append(Paragraph(seq))
        pending.clear()

    if el.text:
        pending.append(Text(el.text))
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCKS:
            flush()
            out.extend(block(child))
        elif tag:
            pending.extend(_inline(child, frozenset()))
        if child.tail:
            pending.append(Text(child.tail))
    flush()
    return out


def block(el: etree._Element) -> list[Block]:
    """Blocks for one trafilatura XML element."""
    tag = el.tag
    if tag == "head":
        match = re.match(r"h(\d)", el.get("rend", "h2"))
        seq = clean_inlines(_inlines(el))
        return [Heading(int(match.group(1)) if match else 2, seq)] if has_text(seq) else []
    if tag == "p":
        if el.find(".//graphic") is not None or el.find("list") is not None:
            return blocks(el)
        seq = clean_inlines(_inlines(el))
        return [Paragraph(seq)] if has_text(seq) else []
    if tag == "list":
        items = [ListItem(blocks(item)) for item in el if item.tag == "item"]
        items = [item for item in items if item.blocks]
        return [ListBlock(el.get("rend") == "ol", items)] if items else []
    if tag == "table":
        rows = []
        for row in el.iter("row"):
            cells = [Cell(blocks(c), _span(c.get("colspan") or c.get("span")), _span(c.get("rowspan")),
                          c.get("role") == "head") for c in row if c.tag == "cell"]
            if cells:
                rows.append(Row(cells, all(c.header for c in cells)))
        return [Table(rows)] if rows else []
    if tag == "quote":
        inner = blocks(el)
        return [BlockQuote(inner)] if inner else []
    if tag == "graphic":
        return [_figure(el)] if el.get("src") else []
    if tag == "code":
        text = "".join(el.itertext()).strip("\n")
        return [CodeBlock(text)] if text.strip() else []
    return blocks(el)


def parse_trafilatura_xml(xml: str) -> tuple[dict[str, str], list[Block]]:
    """The <doc> attributes (metadata) and the body blocks of trafilatura's XML output."""
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True, huge_tree=True))
    main = root.find("main")
    return dict(root.attrib), blocks(main) if main is not None else []
