"""Convert parsed HTML elements (lxml) into document-model blocks, faithfully."""
from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree, html as lxml_html

from document.model import (Block, BlockQuote, Cell, CodeBlock, Figure, Heading, Inline, LineBreak,
                            Link, ListBlock, ListItem, Paragraph, Row, Rule, Table, Text)

SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "iframe", "svg", "object",
                       "embed", "canvas", "button", "input", "select", "textarea", "option", "map",
                       "audio", "video", "source", "track", "link", "meta", "title"})
_MARK_TAGS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "cite": "italic",
              "u": "underline", "ins": "underline", "s": "strike", "strike": "strike",
              "del": "strike", "sup": "superscript", "sub": "subscript", "code": "code",
              "kbd": "code", "samp": "code", "tt": "code"}
_BLOCK_TAGS = frozenset({"p", "div", "section", "article", "main", "header", "footer", "aside", "nav",
                         "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "blockquote",
                         "pre", "figure", "figcaption", "hr", "dl", "dt", "dd", "address", "form",
                         "fieldset", "details", "summary", "center", "body", "html", "caption", "tr",
                         "td", "th", "thead", "tbody", "tfoot", "hgroup", "menu"})
_SPACE = re.compile(r"[ \t\n\r\f\u00a0\u200b]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def tag_of(el: etree._Element) -> str:
    """Lower-case local tag name ('' for comments and processing instructions)."""
    return el.tag.lower().rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def is_hidden(el: etree._Element) -> bool:
    """True for elements a browser would not show."""
    return (el.get("hidden") is not None or el.get("aria-hidden") == "true"
            or bool(_HIDDEN_STYLE.search(el.get("style", ""))))


def image_src(img: etree._Element, base_url: str | None) -> str:
    """The real image URL, preferring lazy-load attributes over placeholder src."""
    src = img.get("src", "") or ""
    for attr in ("data-src", "data-original", "data-lazy-src", "data-url"):
        if img.get(attr) and (not src or src.startswith("data:")):
            src = img.get(attr)
            break
    src = src.strip()
    return urljoin(base_url, src) if base_url and src else src


def clean_inlines(seq: list[Inline]) -> list[Inline]:
    """Collapse HTML whitespace, merge equal-mark runs, trim around breaks and edges."""
    merged: list[Inline] = []
    for node in seq:
        if isinstance(node, Text):
            text = _SPACE.sub(" ", node.text)
            prev = merged[-1] if merged else None
            if isinstance(prev, Text) and prev.marks == node.marks:
                merged[-1] = Text(_SPACE.sub(" ", prev.text + text), prev.marks)
                continue
            if isinstance(prev, Text) and prev.text.endswith(" ") and text.startswith(" "):
                text = text[1:]
            if text:
                merged.append(Text(text, node.marks))
        elif isinstance(node, Link):
            node.children = clean_inlines(node.children)
            if node.children:
                merged.append(node)
        else:
            merged.append(node)
    # trim spaces at the edges and next to line breaks
    for i, node in enumerate(merged):
        if isinstance(node, Text):
            if i == 0 or isinstance(merged[i - 1], LineBreak):
                node.text = node.text.lstrip(" ")
            if i == len(merged) - 1 or isinstance(merged[i + 1], LineBreak):
                node.text = node.text.rstrip(" ")
    out = [n for n in merged if not (isinstance(n, Text) and not n.text)]
    while out and isinstance(out[0], LineBreak):
        out.pop(0)
    while out and isinstance(out[-1], LineBreak):
        out.pop()
    return out


def has_text(seq: list[Inline]) -> bool:
    """True when the inline runs carry visible text."""
    for node in seq:
        if isinstance(node, Text) and node.text.strip():
            return True
        if isinstance(node, Link) and has_text(node.children):
            return True
    return False


class Converter:
    """Walks an lxml HTML tree and builds blocks; `skip` can veto elements (for boilerplate)."""

    def __init__(self, base_url: str | None = None, skip=None) -> None:
        self.base_url = base_url
        self.skip = skip

    def _skipped(self, el: etree._Element) -> bool:
        return (not isinstance(el.tag, str) or tag_of(el) in SKIP_TAGS or is_hidden(el)
                or bool(self.skip and self.skip(el)))

    # inline content -------------------------------------------------------------------
    def inlines(self, el: etree._Element, marks: frozenset[str] = frozenset(),
                include_tail: bool = False) -> list[Inline]:
        out: list[Inline] = []
        if el.text:
            out.append(Text(el.text, marks))
        for child in el:
            if not self._skipped(child):
                out.extend(self._inline(child, marks))
            if child.tail:
                out.append(Text(child.tail, marks))
        return out

    def _inline(self, el: etree._Element, marks: frozenset[str]) -> list[Inline]:
        tag = tag_of(el)
        if tag == "br":
            return [LineBreak()]
        if tag == "img":
            return []
        if tag == "a" and el.get("href") and not el.get("href", "").startswith(("javascript:", "#")):
            href = el.get("href").strip()
            url = urljoin(self.base_url, href) if self.base_url else href
            return [Link(url, self.inlines(el, marks), el.get("title"))]
        if tag in _MARK_TAGS:
            return self.inlines(el, marks | {_MARK_TAGS[tag]})
        if tag in ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd"):
            return [LineBreak(), *self.inlines(el, marks), LineBreak()]
        return self.inlines(el, marks)

    # block content --------------------------------------------------------------------
    def blocks(self, el: etree._Element) -> list[Block]:
        """Blocks for the children of a container element (its own text included)."""
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
            if not self._skipped(child):
                tag = tag_of(child)
                if tag in _BLOCK_TAGS or (tag == "img" and not has_text(clean_inlines(pending))):
                    flush()
                    out.extend(self.block(child))
                else:
                    pending.extend(self._inline(child, frozenset()))
            if child.tail:
                pending.append(Text(child.tail))
        flush()
        return out

    def block(self, el: etree._Element) -> list[Block]:
        """Blocks for one element."""
        tag = tag_of(el)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            seq = clean_inlines(self.inlines(el))
            return [Heading(int(tag[1]), seq)] if has_text(seq) else []
        if tag in ("ul", "ol", "menu", "dl"):
            return self.list_block(el)
        if tag == "table":
            return [self.table(el)]
        if tag == "blockquote":
            inner = self.blocks(el)
            return [BlockQuote(inner)] if inner else []
        if tag == "pre":
            text = "".join(el.itertext()).strip("\n")
            lang = None
            code = el.find(".//code")
            if code is not None:
                match = re.search(r"language-(\w+)", code.get("class", ""))
                lang = match.group(1) if match else None
            return [CodeBlock(text, lang)] if text.strip() else []
        if tag == "hr":
            return [Rule()]
        if tag == "img":
            src = image_src(el, self.base_url)
            return [Figure(src, (el.get("alt") or "").strip())] if src else []
        if tag == "figure":
            return self.figure(el)
        if tag == "p":
            return self._paragraph(el)
        return self.blocks(el)

    def _paragraph(self, el: etree._Element) -> list[Block]:
        # A <p> can wrap block-ish things in tag soup (an image, a list); keep them as blocks.
        if any(tag_of(c) in ("img", "table", "ul", "ol", "figure", "blockquote") for c in el):
            return self.blocks(el)
        seq = clean_inlines(self.inlines(el))
        return [Paragraph(seq)] if has_text(seq) else []

    def figure(self, el: etree._Element) -> list[Block]:
        caption_el = next((c for c in el.iter() if tag_of(c) == "figcaption"), None)
        caption = clean_inlines(self.inlines(caption_el)) if caption_el is not None else []
        figures = [Figure(image_src(img, self.base_url), (img.get("alt") or "").strip())
                   for img in el.iter("img") if image_src(img, self.base_url)]
        if not figures:
            return self.blocks(el)
        figures[-1].caption = caption
        return list(figures)

    def list_block(self, el: etree._Element) -> list[Block]:
        tag = tag_of(el)
        ordered = tag == "ol"
        try:
            start = int(el.get("start", "1")) if ordered else 1
        except ValueError:
            start = 1
        items: list[ListItem] = []
        for child in el:
            if self._skipped(child):
                continue
            ctag = tag_of(child)
            if ctag in ("li", "dt", "dd"):
                blocks = self.blocks(child)
                if blocks:
                    items.append(ListItem(blocks))
            elif ctag in ("ul", "ol"):
                # tag soup: a nested list directly in a list belongs to the previous item
                nested = self.list_block(child)
                if items:
                    items[-1].blocks.extend(nested)
                else:
                    items.append(ListItem(nested))
        return [ListBlock(ordered, items, start)] if items else []

    def table(self, el: etree._Element) -> Table:
        rows: list[Row] = []
        caption: list[Inline] = []
        for part in el:
            ptag = tag_of(part)
            if ptag == "caption":
                caption = clean_inlines(self.inlines(part))
            elif ptag in ("thead", "tbody", "tfoot"):
                rows.extend(self._row(tr, ptag == "thead") for tr in part if tag_of(tr) == "tr")
            elif ptag == "tr":
                rows.append(self._row(part, False))
        return Table([r for r in rows if r.cells], caption)

    def _row(self, tr: etree._Element, in_head: bool) -> Row:
        cells: list[Cell] = []
        for cell in tr:
            ctag = tag_of(cell)
            if ctag not in ("td", "th"):
                continue
            cells.append(Cell(self.blocks(cell), _span(cell.get("colspan")), _span(cell.get("rowspan")),
                              in_head or ctag == "th"))
        header = bool(cells) and (in_head or all(c.header for c in cells))
        return Row(cells, header)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def parse_html(html: str) -> etree._Element:
    """Parse an HTML string with lxml (tolerating an XML encoding declaration)."""
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    if not html.strip():
        return lxml_html.fromstring("<html><body></body></html>")
    return lxml_html.document_fromstring(html)
