"""Where a text changes subject: a line that shares no noun with the lines just before it.

Lexical cohesion, as in TextTiling: paragraphs of one article keep naming the same things
(한빛건설, 새만금, 신항만), while a list of sentences from different articles does not. Each
discourse is then read on its own, so one text's words do not vouch for another's senses.
"""
from __future__ import annotations

import bisect
import re

COHESION_LINES = 3   # a line continues the discourse if it shares a noun with one of these
MIN_NOUNS = 2        # nouns a line needs before it can start a discourse of its own
NOUN_TAGS = ("NNG", "NNP")
NEWLINE = re.compile("\n")


def discourse_starts(text: str, tokens) -> list[int]:
    """Offsets of the lines that begin a new discourse (the text's start not included)."""
    line_starts = [0] + [m.end() for m in NEWLINE.finditer(text)]
    nouns: list[set[str]] = [set() for _ in line_starts]
    for tok in tokens:
        if tok.tag in NOUN_TAGS and len(tok.form) >= 2:
            nouns[bisect.bisect_right(line_starts, tok.start) - 1].add(tok.form)
    starts = []
    recent: list[set[str]] = []
    for start, found in zip(line_starts, nouns):
        if len(found) < MIN_NOUNS:
            # a line with one noun or none (a date, a blank, a table cell, a heading) is too short
            # to tell a new subject: it belongs to what surrounds it
            continue
        if recent and not any(found & earlier for earlier in recent):
            starts.append(start)
        recent = (recent + [found])[-COHESION_LINES:]
    return starts
