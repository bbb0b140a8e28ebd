"""Convert a whole document: its text analysed as one, the result mapped back onto the runs."""
from __future__ import annotations

import copy

from document import Document, Inline, LineBreak, Link, Text, Word, inline_lists, iter_blocks
from converter.api import analyze
from converter.render import render
from converter.segment import Options, Segment

PLACEHOLDER = " "  # stands in for text that must not be converted (code, line breaks)


def convert_document(doc: Document, options: Options | None = None) -> Document:
    """A copy of the document whose Text runs are split into Text and converted Word inlines.

    The whole document is analysed at once, so every word has the document as its context
    (one sense per discourse) and a word split across formatting runs converts as one word.
    """
    opts = options or Options()
    out = copy.deepcopy(doc)
    sequences = [seq for block in iter_blocks(out.blocks) for seq in inline_lists(block)]
    heads = [out.meta.title, *out.meta.subtitles]
    flat = [_flatten(seq) for seq in sequences]
    texts = heads + [text for text, _leaves, _spans in flat]
    offsets, pos = [], 0
    for text in texts:
        offsets.append(pos)
        pos += len(text) + 1
    segments = [s for s in analyze("\n".join(texts), opts) if s.hanja is not None]
    per_text = _distribute(segments, offsets, texts)
    plain_style = "hanja-hangul" if opts.style == "ruby" else opts.style
    converted_heads = [render(text, segs, plain_style) for text, segs in zip(heads, per_text)]
    out.meta.title, out.meta.subtitles = converted_heads[0], converted_heads[1:]
    for seq, (text, leaves, spans), segs in zip(sequences, flat, per_text[len(heads):]):
        if segs:
            seq[:] = _apply(seq, leaves, spans, segs)
    return out


def convert_inlines(seq: list[Inline], opts: Options) -> list[Inline]:
    """Convert one inline sequence on its own (the document call gives better context)."""
    text, leaves, spans = _flatten(seq)
    segs = [s for s in analyze(text, opts) if s.hanja is not None]
    return _apply(seq, leaves, spans, segs) if segs else seq


def _distribute(segments: list[Segment], offsets: list[int], texts: list[str]) -> list[list[Segment]]:
    """Segments of the joined text, shifted back into each text's own offsets."""
    out: list[list[Segment]] = [[] for _ in texts]
    k = 0
    for seg in segments:
        while k + 1 < len(offsets) and seg.start >= offsets[k + 1]:
            k += 1
        base = offsets[k]
        if seg.end - base <= len(texts[k]):
            out[k].append(Segment(seg.start - base, seg.end - base, seg.hangul, seg.hanja,
                                  seg.confidence, seg.alternatives))
    return out


def _leaves(seq: list[Inline], path: tuple = ()):
    """(path, node) for every leaf, in order, descending into links."""
    for i, node in enumerate(seq):
        if isinstance(node, Link):
            yield from _leaves(node.children, path + (i,))
        elif isinstance(node, (Text, LineBreak, Word)):
            yield path + (i,), node


def _flatten(seq: list[Inline]):
    """The sequence's text (code and breaks blanked out), its leaves and their spans."""
    leaves = list(_leaves(seq))
    parts, spans = [], []
    pos = 0
    for _path, node in leaves:
        if isinstance(node, Text) and "code" not in node.marks:
            piece = node.text
        elif isinstance(node, Word):
            piece = PLACEHOLDER * len(node.hangul)
        else:
            piece = PLACEHOLDER * (len(node.text) if isinstance(node, Text) else 1)
        parts.append(piece)
        spans.append((pos, pos + len(piece)))
        pos += len(piece)
    return "".join(parts), leaves, spans


def _apply(seq: list[Inline], leaves, spans, segments: list[Segment]) -> list[Inline]:
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
        pos = min(seg.end, end)
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
