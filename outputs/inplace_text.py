"""Map analyser segments onto the text pieces a file splits its text into (runs, text nodes)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from document.model import Word
from outputs.report import ReportWord
from outputs.style import check_style, word_text

CONTEXT_CHARS = 20


class SegmentLike(Protocol):
    """What the converter returns for each candidate word (see converter.segment.Segment)."""
    start: int
    end: int
    hangul: str
    hanja: str | None
    confidence: float
    alternatives: Sequence[tuple[str, float]]


Analyze = Callable[[str], Sequence[SegmentLike]]


@dataclass(frozen=True)
class Ruby:
    """A word to show as ruby markup: Hanja base with its Hangul reading above."""
    base: str
    reading: str


Chunk = str | Ruby   # new content for a piece: plain text or a ruby word


@dataclass
class Piece:
    """One stretch of a unit's text held by a single node; key is the caller's handle on it."""
    key: Any
    text: str


def join_pieces(items: Sequence[Piece | None]) -> tuple[str, list[int | None]]:
    """Join pieces into one string; None items become a line break no word may span.

    Returns the text and, per character, the index of the piece holding it (None: separator)."""
    parts: list[str] = []
    owner: list[int | None] = []
    for index, item in enumerate(items):
        if item is None:
            parts.append("\n")
            owner.append(None)
        else:
            parts.append(item.text)
            owner.extend([index] * len(item.text))
    return "".join(parts), owner


def plan_unit(items: Sequence[Piece | None], analyze: Analyze, style: str,
              ruby_ok: bool = True) -> tuple[dict[int, list[Chunk]], list[ReportWord]]:
    """Analyse one unit and return the new chunks for each changed piece, and the words converted.

    With style "hanja" a same-length word replaces characters in place, so a word split across
    pieces keeps each piece's share; otherwise the whole rendering goes into the piece holding
    the word's first character and the word's characters leave the following pieces."""
    check_style(style)
    text, owner = join_pieces(items)
    if not text.strip():
        return {}, []
    # Per character: what it becomes (a list of chunks; empty = removed).
    out: list[list[Chunk]] = [[ch] for ch in text]
    words: list[ReportWord] = []
    taken = [False] * len(text)
    for seg in sorted(analyze(text), key=lambda s: s.start):
        start, end = seg.start, seg.end
        if not seg.hanja or start < 0 or end > len(text) or start >= end:
            continue
        hangul = text[start:end]
        if seg.hanja == hangul or any(owner[i] is None or taken[i] for i in range(start, end)):
            continue
        for i in range(start, end):
            taken[i] = True
        if style == "hanja" and len(seg.hanja) == end - start:
            for i, ch in enumerate(seg.hanja):
                out[start + i] = [ch]
        else:
            if style == "ruby" and ruby_ok:
                first: Chunk = Ruby(seg.hanja, hangul)
            else:
                first = word_text(Word(hangul, seg.hanja, seg.confidence),
                                  "hanja-hangul" if style == "ruby" else style)
            out[start] = [first]
            for i in range(start + 1, end):
                out[i] = []
        words.append(ReportWord(hangul=hangul, hanja=seg.hanja, confidence=float(seg.confidence),
                                alternatives=tuple((str(h), float(p)) for h, p in seg.alternatives),
                                context=_context(text, start, end)))
    changed: dict[int, list[Chunk]] = {}
    dirty = {idx for i, idx in enumerate(owner) if idx is not None and out[i] != [text[i]]}
    for i, idx in enumerate(owner):
        if idx not in dirty:
            continue
        chunks = changed.setdefault(idx, [])
        for chunk in out[i]:
            if isinstance(chunk, str) and chunks and isinstance(chunks[-1], str):
                chunks[-1] += chunk
            else:
                chunks.append(chunk)
    for idx in dirty:
        changed.setdefault(idx, [])
    return changed, words


def chunks_text(chunks: Sequence[Chunk]) -> str | None:
    """The chunks as one string when they are all plain text, else None."""
    if all(isinstance(c, str) for c in chunks):
        return "".join(chunks)  # type: ignore[arg-type]
    return None


def _context(text: str, start: int, end: int) -> str:
    """The word with some text either side, on one line, for an editor to find it."""
    before = text[max(0, start - CONTEXT_CHARS):start]
    after = text[end:end + CONTEXT_CHARS]
    return " ".join(f"{before}[{text[start:end]}]{after}".split())


__all__ = ["Analyze", "Chunk", "Piece", "Ruby", "SegmentLike", "chunks_text", "join_pieces",
           "plan_unit"]
