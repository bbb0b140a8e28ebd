"""Manifest records of a conversion run: one JSON object per source, written atomically."""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from document.model import Document, Word
from document.walk import words as doc_words

MANIFEST_NAME = "manifest.jsonl"


def one_line(exc: BaseException) -> str:
    """A one-line reason for an error: a SourceError's reason, else its type and message."""
    reason = getattr(exc, "reason", None)
    text = str(reason) if reason else (f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)
    return " ".join(text.split())


def summarize_words(found: Iterable[object]) -> list[dict]:
    """Distinct converted words in first-seen order with their count and lowest confidence."""
    summary: dict[tuple[str, str], dict] = {}
    for w in found:
        if isinstance(w, dict):
            hangul, hanja, conf = w.get("hangul", ""), w.get("hanja", ""), w.get("confidence", 1.0)
        else:
            hangul, hanja, conf = w.hangul, w.hanja, getattr(w, "confidence", 1.0)
        if not hanja or hanja == hangul:
            continue
        entry = summary.get((hangul, hanja))
        if entry is None:
            summary[(hangul, hanja)] = {"hangul": hangul, "hanja": hanja,
                                        "confidence": round(float(conf), 3), "count": 1}
        else:
            entry["count"] += 1
            entry["confidence"] = min(entry["confidence"], round(float(conf), 3))
    return list(summary.values())


def document_words(doc: Document) -> list[Word]:
    """The converted words of a document."""
    return doc_words(doc)


def ok_record(source: str, title: str | None, outputs: dict[str, str], words: list[dict]) -> dict:
    """A manifest record for a converted source."""
    return {"source": source, "status": "ok", "title": title or None,
            "outputs": {k: str(v) for k, v in outputs.items()}, "error": None,
            "word_count": sum(w.get("count", 1) for w in words), "words": words}


def failed_record(source: str, error: str) -> dict:
    """A manifest record for a source that could not be converted."""
    return {"source": source, "status": "failed", "title": None, "outputs": {},
            "error": " ".join(error.split()), "word_count": 0, "words": []}


def write_manifest(out_dir: str | Path, records: list[dict]) -> Path:
    """Write OUT/manifest.jsonl (one JSON object a line) in one atomic replace."""
    from outputs.files import write_atomic

    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return write_atomic(Path(out_dir) / MANIFEST_NAME, lines)


def read_manifest(path: str | Path) -> list[dict]:
    """The records of a manifest file."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line]


def summary_line(record: dict) -> str:
    """A short human line for a record: "ok  SRC -> A, B" or "failed  SRC: reason"."""
    if record["status"] == "ok":
        return f"ok  {record['source']} -> {', '.join(record['outputs'].values())}"
    return f"failed  {record['source']}: {record['error']}"


__all__ = ["MANIFEST_NAME", "one_line", "summarize_words", "document_words", "ok_record",
           "failed_record", "write_manifest", "read_manifest", "summary_line"]
