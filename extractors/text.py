"""Read Markdown (markdown-it-py) and plain text into the document model."""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from document.model import (Block, BlockQuote, Cell, CodeBlock, Document, Figure, Heading, Inline,
                            LineBreak, Link, ListBlock, ListItem, Metadata, Paragraph, Row, Rule,
                            Table, Text)
from document.walk import inline_text

_MARK_NODES = {"strong": "bold", "em": "italic", "s": "strike"}
_md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def _inlines(node: SyntaxTreeNode, marks: frozenset[str] = frozenset()) -> list[Inline]:
    out: list[Inline] = []
    for child in node.children:
        kind = child.type
        if kind == "text":
            out.append(Text(child.content, marks))
        elif kind == "softbreak":
            out.append(Text(" ", marks))
        elif kind == "hardbreak":
            out.append(LineBreak())
        elif kind == "code_inline":
            out.append(Text(child.content, marks | {"code"}))
        elif kind in _MARK_NODES:
            out.extend(_inlines(child, marks | {_MARK_NODES[kind]}))
        elif kind == "link":
            title = child.attrs.get("title")
            out.append(Link(str(child.attrs.get("href", "")), _inlines(child, marks),
                            str(title) if title else None))
        elif kind == "image":
            alt = "".join(t.content for t in child.children if t.type == "text")
            if alt:
                out.append(Text(alt, marks))
        elif kind == "html_inline":
            continue
        else:
            out.extend(_inlines(child, marks))
    return _merge(out)


def _merge(seq: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for node in seq:
        prev = merged[-1] if merged else None
        if isinstance(node, Text) and isinstance(prev, Text) and prev.marks == node.marks:
            merged[-1] = Text(prev.text + node.text, prev.marks)
        elif not (isinstance(node, Text) and node.text == ""):
            merged.append(node)
    return merged


def _paragraph(node: SyntaxTreeNode) -> Block:
    inline = node.children[0] if node.children else None
    parts = [c for c in inline.children if not (c.type == "text" and not c.content.strip())] if inline else []
    if len(parts) == 1 and parts[0].type == "image":
        image = parts[0]
        alt = "".join(t.content for t in image.children if t.type == "text")
        title = image.attrs.get("title")
        return Figure(str(image.attrs.get("src", "")), alt, [Text(str(title))] if title else [])
    return Paragraph(_inlines(inline) if inline else [])


def _table(node: SyntaxTreeNode) -> Table:
    rows: list[Row] = []
    for section in node.children:
        for tr in section.children:
            header = section.type == "thead"
            cells = [Cell([Paragraph(_inlines(c.children[0]))] if c.children else [], header=header)
                     for c in tr.children]
            rows.append(Row(cells, header))
    return Table(rows)


def _blocks(node: SyntaxTreeNode) -> list[Block]:
    out: list[Block] = []
    for child in node.children:
        kind = child.type
        if kind == "heading":
            out.append(Heading(int(child.tag[1]), _inlines(child.children[0])))
        elif kind == "paragraph":
            out.append(_paragraph(child))
        elif kind in ("bullet_list", "ordered_list"):
            start = int(child.attrs.get("start", 1)) if kind == "ordered_list" else 1
            items = [ListItem(_blocks(item)) for item in child.children]
            out.append(ListBlock(kind == "ordered_list", items, start))
        elif kind == "blockquote":
            out.append(BlockQuote(_blocks(child)))
        elif kind in ("fence", "code_block"):
            info = (child.info or "").strip().split()
            out.append(CodeBlock(child.content.rstrip("\n"), info[0] if info else None))
        elif kind == "hr":
            out.append(Rule())
        elif kind == "table":
            out.append(_table(child))
    return out


def read_markdown(text: str) -> Document:
    """Parse Markdown (CommonMark + tables + strikethrough) into a Document."""
    root = SyntaxTreeNode(_md.parse(text.replace("\r\n", "\n")))
    blocks = _blocks(root)
    title = next((inline_text(b.inlines).strip() for b in blocks
                  if isinstance(b, Heading) and b.level == 1), "")
    return Document(Metadata(title=title), blocks)


def read_text(text: str) -> Document:
    """Plain text: paragraphs split on blank lines, single newlines kept as line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n")]
        lines = [line for line in lines if line.strip()]
        if not lines:
            continue
        inlines: list[Inline] = []
        for i, line in enumerate(lines):
            if i:
                inlines.append(LineBreak())
            inlines.append(Text(line))
        blocks.append(Paragraph(inlines))
    return Document(Metadata(), blocks)
