"""Convert a whole document: each block's text as one string, mapped back onto its runs."""
from __future__ import annotations

import copy

from document import Document, Inline, LineBreak, Link, Text, Word, map_inlines
from converter.api import analyze
from converter.segment import Options, Segment

PLACEHOLDER = " "  # stands in for text that must not be converted (code, line breaks)


def convert_document(doc: Document, options: Options | None = None) -> Document:
    """A copy of the document whose Text runs are split into Text and converted Word inlines."""
    opts = options or Options()
    out = copy.deepcopy(doc)
    map_inlines(out, lambda seq: convert_inlines(seq, opts))
    return out


def _leaves(seq: list[Inline], path: tuple = ()):
    """(path, node) for every Text leaf, in order, descending into links."""
    for i, node in enumerate(seq):
        if isinstance(node, Link):
            yield from _leaves(node.children, path + (i,))
        elif isinstance(node, (Text, LineBreak, Word)):
            yield path + (i,), node


def convert_inlines(seq: list[Inline], opts: Options) -> list[Inline]:
    """Convert one inline sequence as a single string so words split across runs convert right."""
    leaves = list(_leaves(seq))
    parts, spans = [], []
    pos = 0
    for path, node in leaves:
        if isinstance(node, Text) and "code" not in node.marks:
            piece = node.text
        elif isinstance(node, Word):
            piece = PLACEHOLDER * len(node.hangul)
        else:
            piece = PLACEHOLDER * (len(node.text) if isinstance(node, Text) else 1)
        parts.append(piece)
        spans.append((pos, pos + len(piece)))
        pos += len(piece)
    text = "".join(parts)
    segments = [s for s in analyze(text, opts) if s.hanja is not None]
    if not segments:
        return seq
    replaced: dict[tuple, list[Inline]] = {}
    for (path, node), (start, end) in zip(leaves, spans):
        if isinstance(node, Text) and "code" not in node.marks:
            replaced[path] = _split_text(node, start, end, segments)
    return _rebuild(seq, replaced, ())


def _split_text(node: Text, start: int, end: int, segments: list[Segment]) -> list[Inline]:
    """A Text run cut into Text and Word pieces; a word crossing runs goes to the run it starts in."""
    out: list[Inline] = []
    pos = start
    for seg in segments:
        if seg.end <= start or seg.start >= end:
            continue
        if seg.start < start:       # begun in an earlier run: that run carries the word
            pos = max(pos, min(seg.end, end))
            continue
        if seg.start > pos:
            out.append(Text(node.text[pos - start:seg.start - start], node.marks))
        out.append(Word(seg.hangul, seg.hanja, seg.confidence, node.marks))
        pos = seg.end if seg.end <= end else end
        if seg.end > end:
            pos = end
    if pos < end:
        out.append(Text(node.text[pos - start:], node.marks))
    return out


def _rebuild(seq: list[Inline], replaced: dict[tuple, list[Inline]], path: tuple) -> list[Inline]:
    out: list[Inline] = []
    for i, node in enumerate(seq):
        here = path + (i,)
        if here in replaced:
            out.extend(replaced[here])
        elif isinstance(node, Link):
            out.append(Link(node.url, _rebuild(node.children, replaced, here), node.title))
        else:
            out.append(node)
    return out
