"""The document model every stage shares: metadata, blocks and inline runs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# Marks an inline run can carry.
MARKS = frozenset({"bold", "italic", "underline", "strike", "superscript", "subscript", "code"})


@dataclass
class Text:
    """A run of text with its marks (a subset of MARKS)."""
    text: str
    marks: frozenset[str] = frozenset()


@dataclass
class Word:
    """A converted word: Hangul source and its Hanja; writers render it per style."""
    hangul: str
    hanja: str
    confidence: float = 1.0
    marks: frozenset[str] = frozenset()


@dataclass
class LineBreak:
    """A hard line break inside a block."""


@dataclass
class Link:
    """A hyperlink around inline content."""
    url: str
    children: list["Inline"] = field(default_factory=list)
    title: str | None = None


Inline = Union[Text, Word, LineBreak, Link]


@dataclass
class Heading:
    level: int
    inlines: list[Inline] = field(default_factory=list)


@dataclass
class Paragraph:
    inlines: list[Inline] = field(default_factory=list)


@dataclass
class ListItem:
    blocks: list["Block"] = field(default_factory=list)


@dataclass
class ListBlock:
    """An ordered or bulleted list; nesting is a ListBlock inside an item's blocks."""
    ordered: bool = False
    items: list[ListItem] = field(default_factory=list)
    start: int = 1


@dataclass
class Cell:
    blocks: list["Block"] = field(default_factory=list)
    colspan: int = 1
    rowspan: int = 1
    header: bool = False


@dataclass
class Row:
    cells: list[Cell] = field(default_factory=list)
    header: bool = False


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    caption: list[Inline] = field(default_factory=list)


@dataclass
class BlockQuote:
    blocks: list["Block"] = field(default_factory=list)


@dataclass
class Figure:
    """An image with optional alt text and caption."""
    src: str = ""
    alt: str = ""
    caption: list[Inline] = field(default_factory=list)


@dataclass
class CodeBlock:
    text: str = ""
    language: str | None = None


@dataclass
class Rule:
    """A thematic break."""


Block = Union[Heading, Paragraph, ListBlock, Table, BlockQuote, Figure, CodeBlock, Rule]


@dataclass
class Metadata:
    title: str = ""
    subtitles: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    date: str | None = None          # ISO 8601 date or datetime, as found
    url: str | None = None           # source URL (canonical when known)
    site: str | None = None
    language: str = "ko"


@dataclass
class Document:
    meta: Metadata = field(default_factory=Metadata)
    blocks: list[Block] = field(default_factory=list)
