"""Sentence precision/recall of extract_article on saved pages against gold main text.

Usage: python benchmarks/extraction.py DIR   (DIR holds NAME.html with NAME.gold.txt beside it)
Sentences are split on sentence ends and newlines; a predicted sentence counts as correct when it
occurs in the gold text (whitespace and quote marks ignored, NFC), and a gold sentence as found
when it occurs in the prediction. Figure captions are left out: gold texts carry none.
"""
from __future__ import annotations

import re
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from document.model import Figure  # noqa: E402
from document.walk import block_text  # noqa: E402
from extractors.decode import decode_html  # noqa: E402
from extractors.html import extract_article  # noqa: E402


def sentences(text: str) -> list[str]:
    """Sentences of a text, split at sentence ends and line breaks."""
    out = []
    for line in text.split("\n"):
        out += [" ".join(s.split()) for s in re.split(r"(?<=[.!?])\s+", line) if s.strip()]
    return out


def _norm(text: str) -> str:
    return re.sub(r"[\s\"'“”‘’]", "", unicodedata.normalize("NFC", text))


def score(predicted: str, gold: str) -> tuple[float, float, list[str], list[str]]:
    """Precision, recall, extra predicted sentences, missed gold sentences."""
    pred, ref = sentences(predicted), sentences(gold)
    pred_all, ref_all = _norm("".join(pred)), _norm("".join(ref))
    extra = [s for s in pred if _norm(s) not in ref_all]
    missed = [s for s in ref if _norm(s) not in pred_all]
    return 1 - len(extra) / max(1, len(pred)), 1 - len(missed) / max(1, len(ref)), extra, missed


def main(folder: str) -> int:
    pages = sorted(Path(folder).glob("*.html"))
    if not pages:
        print(f"no *.html pages in {folder}")
        return 1
    for page in pages:
        gold_path = page.with_name(page.stem + ".gold.txt")
        if not gold_path.exists():
            continue
        start = time.perf_counter()
        doc = extract_article(decode_html(page.read_bytes()))
        took = time.perf_counter() - start
        body = "\n".join(block_text(b) for b in doc.blocks if not isinstance(b, Figure))
        predicted = "\n".join([doc.meta.title, *doc.meta.subtitles, body])
        precision, recall, extra, missed = score(predicted, gold_path.read_text(encoding="utf-8"))
        print(f"{page.name}: precision {precision:.3f} recall {recall:.3f} ({took:.2f}s)")
        for s in extra:
            print(f"  extra:  {s[:90]}")
        for s in missed:
            print(f"  missed: {s[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
