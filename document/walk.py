"""Helpers to walk and summarise a document tree."""
from __future__ import annotations

from collections.abc import Callable, Iterator

from document.model import (Block, BlockQuote, CodeBlock, Document, Figure, Heading, Inline,
                            LineBreak, Link, ListBlock, Paragraph, Rule, Table, Text, Word)


def iter_blocks(blocks: list[Block]) -> Iterator[Block]:
    """Yield every block, depth first, containers before their children."""
    for block in blocks:
        yield block
        yield from iter_blocks(child_blocks(block))


def child_blocks(block: Block) -> list[Block]:
    """The blocks directly inside a container block (empty for leaves)."""
    if isinstance(block, ListBlock):
        return [b for item in block.items for b in item.blocks]
    if isinstance(block, Table):
        return [b for row in block.rows for cell in row.cells for b in cell.blocks]
    if isinstance(block, BlockQuote):
        return block.blocks
    return []


def inline_lists(block: Block) -> list[list[Inline]]:
    """The inline sequences a block owns itself (not those of nested blocks)."""
    if isinstance(block, (Heading, Paragraph)):
        return [block.inlines]
    if isinstance(block, (Figure, Table)):
        return [block.caption]
    return []


def inline_text(inlines: list[Inline], hanja: bool = False) -> str:
    """Plain text of inline runs; converted words give Hangul, or Hanja when asked."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Word):
            out.append(node.hanja if hanja else node.hangul)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Link):
            out.append(inline_text(node.children, hanja))
    return "".join(out)


def block_text(block: Block, hanja: bool = False) -> str:
    """Plain text of one block and everything inside it, blocks joined by newlines."""
    if isinstance(block, CodeBlock):
        return block.text
    if isinstance(block, Rule):
        return ""
    if isinstance(block, Figure):
        return inline_text(block.caption, hanja)
    parts = [inline_text(seq, hanja) for seq in inline_lists(block)]
    parts += [block_text(child, hanja) for child in child_blocks(block)]
    return "\n".join(p for p in parts if p)


def document_text(doc: Document, hanja: bool = False) -> str:
    """Plain text of the whole body, one line per top-level block."""
    return "\n".join(t for t in (block_text(b, hanja) for b in doc.blocks) if t)


def map_inlines(doc: Document, fn: Callable[[list[Inline]], list[Inline]]) -> None:
    """Replace every inline sequence in the document (in place) by fn(sequence)."""
    for block in iter_blocks(doc.blocks):
        if isinstance(block, (Heading, Paragraph)):
            block.inlines = fn(block.inlines)
        elif isinstance(block, (Figure, Table)):
            block.caption = fn(block.caption)


def words(doc: Document) -> list[Word]:
    """Every converted word in the document, in order."""
    found: list[Word] = []

    def collect(seq: list[Inline]) -> None:
        for node in seq:
            if isinstance(node, Word):
                found.append(node)
            elif isinstance(node, Link):
                collect(node.children)

    for block in iter_blocks(doc.blocks):
        for seq in inline_lists(block):
            collect(seq)
    return found


__all__ = ["iter_blocks", "child_blocks", "inline_lists", "inline_text", "block_text",
           "document_text", "map_inlines", "words"]
