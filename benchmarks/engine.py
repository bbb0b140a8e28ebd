"""Speed, memory and cold start of the Hanja engine against Kiwi's own tokenization.

Usage: python benchmarks/engine.py [KB=200] [--repeat 5]
The text is generated reproducibly (benchmarks/corpus.py). Speeds are the best of --repeat
rounds in which the engine and Kiwi take turns (so that a slow spell of a busy machine weighs
on both), after a warm-up conversion so that loading Kiwi and the lexicon is not counted (cold
start is measured separately, in a fresh interpreter).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TARGET_RATIO = 0.7
TARGET_RSS_MB = 600
TARGET_COLD_S = 3.0

COLD = """
import json, time
t0 = time.perf_counter()
import converter
t1 = time.perf_counter()
out = converter.convert("특히 정부는 2024년 3월 5일 경제 회복 대책을 발표했다.")
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "first": t2 - t1, "out": out}))
"""


def best_rates(fns, text: str, repeat: int) -> list[float]:
    """Characters per second of each fn(text), the best of `repeat` rounds; the functions take
    turns within a round, so a slow spell of the machine falls on both alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            t = time.perf_counter()
            fn(text)
            best[k] = min(best[k], time.perf_counter() - t)
    return [len(text) / b for b in best]


def peak_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cold_start() -> dict:
    """Import + first conversion in a fresh interpreter, and that interpreter's wall time."""
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, cwd=ROOT, check=True)
    wall = time.perf_counter() - t
    return json.loads(r.stdout) | {"wall": wall}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kb", nargs="?", type=int, default=200, help="size of the text in KB of UTF-8 (default 200)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    from corpus import corpus
    text = corpus(args.kb * 1000)
    cold = cold_start()             # before this process loads anything, so the machine is quiet

    import converter
    from converter.analysis import kiwi
    converter.convert("정부는 대책을 발표했다.")      # warm-up: Kiwi model and lexicon loaded
    rss_loaded = peak_mb()
    converter.convert(text)
    rss_engine = peak_mb()
    engine_rate, kiwi_rate = best_rates([converter.convert, kiwi().tokenize], text, args.repeat)
    ratio = engine_rate / kiwi_rate
    rss_mb = peak_mb()

    out = converter.convert(text)
    converted = sum(1 for s in converter.analyze(text) if s.hanja)

    def mark(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print(f"text              {len(text):,} characters, {len(text.encode('utf-8')):,} bytes UTF-8, "
          f"{text.count(chr(10)):,} lines; {converted:,} words converted; output same length: {len(out) == len(text)}")
    print(f"kiwi tokenize     {kiwi_rate:,.0f} chars/s")
    print(f"engine convert    {engine_rate:,.0f} chars/s")
    print(f"ratio engine/kiwi {ratio:.2f}   target >= {TARGET_RATIO}   {mark(ratio >= TARGET_RATIO)}")
    print(f"peak RSS          {rss_mb:,.0f} MB   target <= {TARGET_RSS_MB} MB   {mark(rss_mb <= TARGET_RSS_MB)}")
    print(f"                  (peak after loading {rss_loaded:,.0f} MB, after the engine runs {rss_engine:,.0f} MB, "
          f"after the timed rounds, Kiwi on the whole text at once among them, {rss_mb:,.0f} MB)")
    cold_s = cold["import"] + cold["first"]
    print(f"cold start        {cold_s:.2f} s (import {cold['import']:.2f} s + first conversion "
          f"{cold['first']:.2f} s; whole interpreter {cold['wall']:.2f} s)   target <= {TARGET_COLD_S} s   "
          f"{mark(cold_s <= TARGET_COLD_S)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
