"""The engine's public calls: analyze a text into segments, convert it to mixed script."""
from __future__ import annotations

import os
import re
import threading
from dataclasses import replace
from pathlib import Path

from converter.analysis import NativeContext, Unit, find_units, tokenize
from converter.disambiguate import Choice, choose
from converter.discourse import discourse_starts
from converter.lexicon import KEEP, is_hanja, load_lexicon, load_user_dict
from converter.render import render
from converter.segment import Options, Segment

MAX_ALTERNATIVES = 5
# a one-syllable word has many homophones: below this confidence its best spelling is a guess
# (이 역을: 逆 at 0.22), and Hangul is the mildest error
ONE_SYLLABLE_MIN = 0.3
# Kiwi works sentence by sentence anyway; cutting long texts at line ends keeps memory flat
CHUNK = 20_000

_user_dicts: dict[tuple[str, float], dict[str, str]] = {}
_user_lock = threading.Lock()


def user_overrides(path: str | Path | None) -> dict[str, str]:
    """A user dictionary, read once per file version."""
    if path is None:
        return {}
    key = (str(path), os.stat(path).st_mtime)
    with _user_lock:
        if key not in _user_dicts:
            _user_dicts[key] = load_user_dict(path)
        return _user_dicts[key]


def _options(style_or_options: str | Options | None) -> Options:
    if isinstance(style_or_options, Options):
        return style_or_options
    return Options(style=style_or_options or "hanja")


def analyze(text: str, options: Options | str | None = None) -> list[Segment]:
    """Segments of every Sino-Korean candidate word: offsets, chosen Hanja or None, alternatives."""
    opts = _options(options)
    lex = load_lexicon()
    overrides = user_overrides(opts.user_dict)
    units: list[Unit] = []
    breaks: list[int] = []
    native = NativeContext()
    for base, piece in _pieces(text):
        tokens = tokenize(piece)
        breaks += [base + s for s in discourse_starts(piece, tokens)]
        native.add(piece, tokens, base, lex)
        for u in find_units(piece, lex, tokens):
            u.start += base
            u.end += base
            units.append(u)
    units = _apply_overrides(text, units, overrides)
    choices = [c for group in _discourses(units, breaks) for c in choose(group, lex, overrides, native)]
    segments = [_segment(c, opts) for c in choices]
    for k in range(1, len(segments)):
        prev, seg = segments[k - 1], segments[k]
        if (choices[k].unit.attached and len(seg.hangul) == 1 and seg.hanja is not None and prev.end == seg.start
                and prev.hanja is None and choices[k - 1].unit.tag != "USER"):
            # the word it is glued to stays in Hangul, unsure: so does the suffix (no 문蟲)
            segments[k] = replace(seg, hanja=None)
    return segments


def _discourses(units: list[Unit], breaks: list[int]) -> list[list[Unit]]:
    """The units cut into runs at the offsets where a new discourse begins."""
    groups: list[list[Unit]] = [[]]
    k = 0
    for u in units:
        while k < len(breaks) and u.start >= breaks[k]:
            k += 1
            if groups[-1]:
                groups.append([])
        groups[-1].append(u)
    return groups


def _pieces(text: str):
    """(offset, piece) cuts of a long text at line ends, or in a line longer than a chunk
    at the last space, so no word is cut in two."""
    if len(text) <= CHUNK:
        yield 0, text
        return
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = max(text.rfind(" ", start, end), text.rfind("\t", start, end))
            if cut > start:
                end = cut + 1
        yield start, text[start:end]
        start = end


def _apply_overrides(text: str, units: list[Unit], overrides: dict[str, str]) -> list[Unit]:
    """User dictionary words win: each occurrence at a word start replaces the units it overlaps."""
    if not overrides:
        return units
    forced: list[Unit] = []
    taken = [False] * len(text)
    unit_starts = {u.start for u in units}
    for word in sorted(overrides, key=len, reverse=True):
        for m in re.finditer(re.escape(word), text):
            s, e = m.span()
            if any(taken[s:e]) or (s > 0 and "가" <= text[s - 1] <= "힣" and s not in unit_starts):
                continue
            for k in range(s, e):
                taken[k] = True
            forced.append(Unit(s, e, word, "N", "USER"))
    kept = [u for u in units if not any(taken[u.start:u.end])]
    return sorted(kept + forced, key=lambda u: u.start)


def _segment(choice: Choice, opts: Options) -> Segment:
    u = choice.unit
    ranked = choice.ranked
    if not ranked:
        return Segment(u.start, u.end, u.text, None, 1.0)
    # (a list, not a generator: a text has a segment for every word)
    alternatives = tuple([(h, round(p, 4)) for h, p in ranked[:MAX_ALTERNATIVES] if h != KEEP])
    hanja, confidence = ranked[0]
    if hanja == KEEP:
        hanja = None
    elif u.tag != "USER" and confidence < (opts.min_confidence if len(u.text) > 1
                                           else max(opts.min_confidence, ONE_SYLLABLE_MIN)):
        hanja = None
    elif opts.charset is not None and not all(c in opts.charset for c in hanja if is_hanja(c)):
        hanja = None
    return Segment(u.start, u.end, u.text, hanja, round(confidence, 4), alternatives)


def convert(text: str, options: Options | str | None = None) -> str:
    """The text in mixed script, in the style the options ask for (default: Hanja in place)."""
    opts = _options(options)
    return render(text, analyze(text, opts), opts.style)
