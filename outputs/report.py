"""A review list of converted words (TSV), least confident first, for an editor to check."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

COLUMNS = ("hangul", "hanja", "confidence", "alternatives", "context")


@dataclass(frozen=True)
class ReportWord:
    """One converted word as an editor reviews it."""
    hangul: str
    hanja: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = ()
    context: str = ""


def render_report(words: Iterable[Any]) -> str:
    """TSV with a header row: one line per converted word, lowest confidence first.

    Accepts ReportWord-like objects or mappings with the same field names. Alternatives are
    written as `漢字 0.820` pairs separated by `; `."""
    rows = [_fields(w) for w in words]
    rows.sort(key=lambda r: r["confidence"])   # stable: document order among equals
    lines = ["\t".join(COLUMNS)]
    for r in rows:
        alts = "; ".join(f"{_cell(h)} {float(p):.3f}" for h, p in r["alternatives"])
        lines.append("\t".join((_cell(r["hangul"]), _cell(r["hanja"]), f"{r['confidence']:.3f}",
                                alts, _cell(r["context"]))))
    return "\n".join(lines) + "\n"


def _fields(word: Any) -> dict[str, Any]:
    """The report fields of a word object or mapping."""
    get = word.get if isinstance(word, Mapping) else (lambda k, d=None: getattr(word, k, d))
    alternatives: Sequence[tuple[str, float]] = get("alternatives", ()) or ()
    return {"hangul": get("hangul", ""), "hanja": get("hanja", "") or "",
            "confidence": float(get("confidence", 0.0) or 0.0),
            "alternatives": [(h, p) for h, p in alternatives], "context": get("context", "") or ""}


def _cell(value: Any) -> str:
    """A value on one line without tabs, so the TSV keeps its columns."""
    return " ".join(str(value).split())


__all__ = ["COLUMNS", "ReportWord", "render_report"]
