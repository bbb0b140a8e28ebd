"""How well each spelling fits the topic of the text around it, from word vectors."""
from __future__ import annotations

import threading
from importlib import resources

import numpy as np

ANCHORS_FULL = 2   # anchor words from which the topic's evidence counts in full; one says less


class Vectors:
    """A unit vector for each Hanja spelling that has one (see scripts/build_vectors.py)."""

    def __init__(self, words: list[str], rows: np.ndarray, matrix: np.ndarray):
        self.row = dict(zip(words, rows.tolist()))
        self.matrix = matrix   # float32, one (nearly) unit vector per row

    def get(self, spelling: str) -> np.ndarray | None:
        """The spelling's vector, or None when the source had none."""
        row = self.row.get(spelling)
        return None if row is None else self.matrix[row]


_lock = threading.Lock()
_loaded: Vectors | None = None


def load_vectors() -> Vectors:
    """The shipped vectors, loaded once per process."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                path = resources.files("converter") / "data" / "vectors.npz"
                with path.open("rb") as fh, np.load(fh) as data:
                    # stored normalised and scaled to int8: rounding leaves norms within 1%
                    matrix = data["matrix"].astype(np.float32) * np.float32(1 / 127)
                    _loaded = Vectors(data["words"].tolist(), data["rows"], matrix)
    return _loaded


def topic_fit(texts: list[str], anchors: list[str | None], candidates: list[list[str]],
              vectors: Vectors, window: int, top: int = 3) -> list[dict[str, float]]:
    """For each position, how close each candidate spelling comes to the anchor spellings
    within `window` positions: the mean of its `top` best cosines, scaled down where fewer than
    ANCHORS_FULL anchors are near. Spellings without a vector are left out.

    Positions with the same text as the one scored don't count: a word read wrongly four
    times must not vouch for itself.
    """
    rows = [vectors.row.get(a) if a else None for a in anchors]
    out: list[dict[str, float]] = []
    for k, spellings in enumerate(candidates):
        if len(spellings) < 2:
            out.append({})
            continue
        found = [(s, r) for s in spellings if (r := vectors.row.get(s)) is not None]
        if len(found) < 2:
            out.append({})
            continue
        lo, hi = max(0, k - window), min(len(anchors), k + window + 1)
        near = list({rows[m] for m in range(lo, hi) if rows[m] is not None and texts[m] != texts[k]})
        if not near:
            out.append({})
            continue
        sims = vectors.matrix[[r for _, r in found]] @ vectors.matrix[near].T
        if sims.shape[1] > top:
            sims = np.partition(sims, -top, axis=1)[:, -top:]
        # one word is a slight topic (시호는 문충이다: 蟲, read from 충 alone, would make 시호 柴胡)
        shrink = min(1.0, len(near) / ANCHORS_FULL)
        # (a sum and one division: numpy's mean costs more than the product on a few rows)
        fits = (sims.sum(axis=1) * (shrink / sims.shape[1])).tolist()
        out.append(dict(zip([s for s, _ in found], fits)))
    return out
