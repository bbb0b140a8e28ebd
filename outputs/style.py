"""How a converted word (Word inline) is shown in each output style."""
from __future__ import annotations

from document.model import Word

# Same names as the converter's Options.style; kept here so writers need not import the converter.
STYLES = ("hanja", "hanja-hangul", "hangul-hanja", "ruby")


def check_style(style: str) -> str:
    """Return style if it is a known output style, else raise ValueError."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; expected one of {', '.join(STYLES)}")
    return style


def has_hanja(word: Word) -> bool:
    """True when the word carries Hanja that differs from its Hangul."""
    return bool(word.hanja) and word.hanja != word.hangul


def word_text(word: Word, style: str) -> str:
    """Plain-text rendering of a word; ruby falls back to 漢字(한글) where no markup exists."""
    if not has_hanja(word):
        return word.hangul
    if style == "hanja":
        return word.hanja
    if style == "hangul-hanja":
        return f"{word.hangul}({word.hanja})"
    return f"{word.hanja}({word.hangul})"


def word_parts(word: Word, style: str) -> list[tuple[str, str]]:
    """The word as (kind, text) pieces: kind is "text", or "base"/"reading" for ruby markup."""
    if style == "ruby" and has_hanja(word):
        return [("base", word.hanja), ("reading", word.hangul)]
    return [("text", word_text(word, style))]


__all__ = ["STYLES", "check_style", "has_hanja", "word_text", "word_parts"]
