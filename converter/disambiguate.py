"""Choose a spelling for each candidate unit: priors, part of speech and context."""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from converter.analysis import Unit
from converter.lexicon import KEEP, Entry, Lexicon, is_hanja

CLASS_DISCOUNT = 0.25     # weight of a class that fits the part of speech less well
COUNTER_SEM = "助数詞"
NUMERAL_SEM = "漢数詞"
DISCOURSE_WEIGHT = 1.5    # log-odds bonus per syllable spelled the same way elsewhere in the text


@dataclass
class Choice:
    """The ranked spellings of one unit; hanja is KEEP when it stays in Hangul."""
    unit: Unit
    ranked: list[tuple[str, float]]   # (spelling, probability), best first

    @property
    def best(self) -> str:
        return self.ranked[0][0] if self.ranked else KEEP

    @property
    def confidence(self) -> float:
        return self.ranked[0][1] if self.ranked else 1.0


def candidates(unit: Unit, lex: Lexicon) -> dict[str, float]:
    """Prior probability of each spelling of a unit, given what its part of speech allows."""
    scores: dict[str, float] = {}
    weight = 1.0
    for cls in unit.classes:
        entries = lex.get(unit.text, cls)
        if unit.after_number:
            entries = _after_number(entries)
        for e in entries:
            p = weight * e.prior
            if p > scores.get(e.hanja, 0.0):
                scores[e.hanja] = p
        if entries:
            weight *= CLASS_DISCOUNT
    return scores


def _after_number(entries: list[Entry]) -> list[Entry]:
    """After a figure, counters and numerals are what is meant (3년 -> 年, 379만 -> 萬)."""
    counters = [e for e in entries if e.sem in (COUNTER_SEM, NUMERAL_SEM) and e.hanja != KEEP]
    return counters or entries


def choose(units: list[Unit], lex: Lexicon, overrides: dict[str, str]) -> list[Choice]:
    """Ranked spellings for every unit, using the whole text as context."""
    priors = []
    for u in units:
        if u.keep:
            priors.append({})
        elif u.text in overrides:
            priors.append({overrides[u.text]: 1.0})
        else:
            priors.append(candidates(u, lex))
    usage = _syllable_usage(units, priors)
    choices = []
    for u, prior in zip(units, priors):
        if not prior:
            choices.append(Choice(u, []))
            continue
        if u.text in overrides or len(prior) == 1:
            total = sum(prior.values())
            choices.append(Choice(u, [(h, p / total) for h, p in prior.items()]))
            continue
        logit = {}
        for spelling, p in prior.items():
            score = math.log(p)
            score += DISCOURSE_WEIGHT * _discourse(u, spelling, usage)
            logit[spelling] = score
        top = max(logit.values())
        weights = {h: math.exp(s - top) for h, s in logit.items()}
        total = sum(weights.values())
        ranked = sorted(((h, w / total) for h, w in weights.items()), key=lambda x: -x[1])
        choices.append(Choice(u, ranked))
    return choices


def _syllable_usage(units: list[Unit], priors: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    """How the text itself spells each syllable in its confidently read words (one sense per discourse)."""
    usage: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for u, prior in zip(units, priors):
        if not prior or len(u.text) < 2:
            continue
        total = sum(prior.values())
        best, p = max(prior.items(), key=lambda x: x[1])
        if best == KEEP or p / total < 0.6:
            continue
        for syllable, char in zip(u.text, best):
            if is_hanja(char):
                usage[syllable][char] += 1.0
    return usage


def _discourse(unit: Unit, spelling: str, usage) -> float:
    """Share of the unit's syllables that the text spells elsewhere the way this spelling does."""
    if spelling == KEEP:
        return 0.0
    hits = 0.0
    for syllable, char in zip(unit.text, spelling):
        seen = usage.get(syllable)
        if seen:
            total = sum(seen.values())
            hits += seen.get(char, 0.0) / total
    return hits / len(unit.text)
