#!/usr/bin/env python3
"""Build converter/data/vectors.npz: a word vector for each Hanja spelling of the lexicon.

Source: the word vectors inside GiNZA's Japanese model (PyPI package `ja-ginza`, MIT; the
vectors are chiVe by Works Applications, Apache-2.0, trained on a large Japanese web corpus).
Sino-Korean words and Japanese kango share their characters and, mostly, their sense, so a
spelling's Japanese vector tells what the word is about: 工期 sits near 建設, 空氣 does not.
The disambiguator uses that to prefer the spelling that fits the topic of the text around it.

The model ships 20,000 vectors for 480,443 words (rarer words share the vector of a
frequent neighbour). The wheel is read as a zip file: no spaCy import is needed. Keys are
spaCy's string hashes (64-bit MurmurHash2, seed 1) of the words.

Output (numpy .npz): words (each Hanja spelling that has a vector), rows (its row in matrix),
matrix (int8, each vector normalised and scaled by 127).

Run: make lexicon  (downloads the ja-ginza wheel without its dependencies, then runs this)
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import shutil
import zipfile
from pathlib import Path

import msgpack
import numpy as np

from converter.lexicon import KEEP, is_hanja

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "converter" / "data"
VOCAB = "ja_ginza/ja_ginza-5.3.0/vocab/"
APACHE = Path("/usr/share/common-licenses/Apache-2.0")
MURMUR_M = 0xC6A4A7935BD1E995
MASK = (1 << 64) - 1


def spacy_hash(word: str) -> int:
    """spaCy's key of a string: MurmurHash64A of its UTF-8 bytes with seed 1."""
    data = word.encode("utf-8")
    h = (1 ^ (len(data) * MURMUR_M)) & MASK
    whole = len(data) // 8
    for i in range(whole):
        k = (int.from_bytes(data[8 * i:8 * i + 8], "little") * MURMUR_M) & MASK
        k = ((k ^ (k >> 47)) * MURMUR_M) & MASK
        h = ((h ^ k) * MURMUR_M) & MASK
    if len(data) % 8:
        h = ((h ^ int.from_bytes(data[8 * whole:], "little")) * MURMUR_M) & MASK
    h = ((h ^ (h >> 47)) * MURMUR_M) & MASK
    return h ^ (h >> 47)


def read_model(wheel: Path) -> tuple[np.ndarray, dict[str, int]]:
    """The model's vectors and each of its words' row, from the wheel file."""
    with zipfile.ZipFile(wheel) as zf:
        matrix = np.load(io.BytesIO(zf.read(VOCAB + "vectors")))
        key2row = msgpack.unpackb(zf.read(VOCAB + "key2row"), strict_map_key=False)
        strings = json.loads(zf.read(VOCAB + "strings.json"))
    rows = {}
    for word in strings:
        row = key2row.get(spacy_hash(word))
        if row is not None:
            rows[word] = row
    return matrix, rows


def lexicon_spellings(lexicon: Path) -> list[str]:
    """Every Hanja spelling of the lexicon (all characters Hanja), in file order."""
    seen: dict[str, None] = {}
    with gzip.open(lexicon, "rt", encoding="utf-8") as fh:
        for line in fh:
            _hangul, cls, hanja, _p, _sem = line.rstrip("\n").split("\t")
            if cls != "X" and hanja != KEEP and all(map(is_hanja, hanja)):
                seen.setdefault(hanja)
    return list(seen)


def build(wheel: Path, out_dir: Path) -> Path:
    import opencc
    to_japanese = opencc.OpenCC("t2jp")
    matrix, rows = read_model(wheel)
    found: dict[str, int] = {}
    for spelling in lexicon_spellings(out_dir / "lexicon.tsv.gz"):
        for form in (spelling, to_japanese.convert(spelling)):
            if form in rows:
                found[spelling] = rows[form]
                break
    used = sorted(set(found.values()))
    new_row = {old: new for new, old in enumerate(used)}
    vectors = matrix[used].astype(np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    quantised = np.round(vectors * 127).astype(np.int8)
    words = np.array(list(found), dtype=str)
    target = out_dir / "vectors.npz"
    tmp = out_dir / "vectors.tmp.npz"
    np.savez_compressed(tmp, words=words, rows=np.array([new_row[found[w]] for w in found], dtype=np.int32),
                        matrix=quantised)
    tmp.replace(target)
    write_notice(wheel, out_dir)
    print(f"{target}: {len(found)} spellings, {len(used)} vectors, {target.stat().st_size // 1024} KiB")
    return target


def write_notice(wheel: Path, out_dir: Path) -> None:
    """Keep the model's licence and its vectors' source beside the built file."""
    with zipfile.ZipFile(wheel) as zf:
        meta = json.loads(zf.read("ja_ginza/meta.json"))
    sources = [s for s in meta.get("sources", []) if s.get("name") == "chiVe"]
    lines = [f"vectors.npz is derived from the word vectors of {wheel.name}",
             f"(GiNZA by {meta.get('author', 'Megagon Labs')}, licence: {meta.get('license', 'MIT License')}).",
             "", "The vectors are chiVe:"]
    lines += [f"  {s['name']} by {s['author']}, {s['license']}, {s['url']}" for s in sources]
    lines += ["", "Only each Hanja spelling's vector, normalised and rounded to int8, is kept.",
              "The Apache License 2.0 text is in LICENSE.chiVe."]
    (out_dir / "NOTICE.vectors").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if APACHE.exists():   # the Apache licence asks for its text to travel with the work
        shutil.copyfile(APACHE, out_dir / "LICENSE.chiVe")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wheel", type=Path, help="the ja_ginza wheel (pip download --no-deps ja-ginza==5.3.0)")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args()
    build(args.wheel, args.out)


if __name__ == "__main__":
    main()
