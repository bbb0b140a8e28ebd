"""Write converted words back into text in each output style."""
from __future__ import annotations

from converter.lexicon import is_hanja
from converter.segment import STYLES, Segment


def render_word(hangul: str, hanja: str, style: str = "hanja") -> str:
    """One converted word as plain text: 漢字, 漢字(한글), 한글(漢字); ruby gives 漢字(한글) in text."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}")
    if style == "hanja":
        return hanja
    if style == "hangul-hanja":
        return f"{hangul}({hanja})"
    return f"{hanja}({hangul})"  # hanja-hangul, and ruby when it must be flattened to text


def gloss_part(hangul: str, hanja: str) -> tuple[str, str, str]:
    """Split a mixed spelling (特히) into Hangul prefix, the Hanja-bearing core and Hangul tail."""
    start = next((i for i, c in enumerate(hanja) if is_hanja(c)), len(hanja))
    end = len(hanja)
    while end > start and not is_hanja(hanja[end - 1]):
        end -= 1
    return hangul[:start], hangul[start:end], hangul[end:]


def render(text: str, segments: list[Segment], style: str = "hanja") -> str:
    """The text with every converted segment written in the given style."""
    out: list[str] = []
    pos = 0
    for seg in segments:
        if seg.hanja is None:
            continue
        out.append(text[pos:seg.start])
        if style == "hanja":
            out.append(seg.hanja)
        else:
            head, core, tail = gloss_part(seg.hangul, seg.hanja)
            core_hanja = seg.hanja[len(head):len(head) + len(core)]
            out.append(head + render_word(core, core_hanja, style) + tail)
        pos = seg.end
    out.append(text[pos:])
    return "".join(out)
