"""What the engine returns: segments of analysed text, and the options that steer it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STYLES = ("hanja", "hanja-hangul", "hangul-hanja", "ruby")


@dataclass(frozen=True)
class Segment:
    """One Sino-Korean candidate word in the text: [start, end) offsets into the input."""
    start: int
    end: int
    hangul: str
    hanja: str | None                       # None: kept in Hangul
    confidence: float                       # 0..1, confidence of the chosen spelling
    alternatives: tuple[tuple[str, float], ...] = ()   # ranked (hanja, probability)


@dataclass(frozen=True)
class Options:
    """How to convert: output style, confidence floor, character-set limit, user dictionary."""
    style: str = "hanja"
    min_confidence: float = 0.0
    charset: frozenset[str] | None = None   # convert only words whose every Hanja is in it
    user_dict: Path | str | None = None     # TSV: hangul <TAB> hanja (or "-" to keep Hangul)

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise ValueError(f"unknown style {self.style!r}; choose one of {', '.join(STYLES)}")
