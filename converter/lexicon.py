"""The shipped Hangul -> Hanja lexicon and users' override dictionaries."""
from __future__ import annotations

import gzip
import threading
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

KEEP = "-"  # spelling that means: keep the word in Hangul (native word or loanword)
SURNAME_SEM = "姓"   # HanDic's semantic class of family names


@dataclass(frozen=True, slots=True)
class Entry:
    """One spelling of a Hangul word in one word class."""
    hanja: str      # Hanja spelling (may mix Hangul, as 特히), or KEEP
    cls: str        # N noun, B bound noun, S suffix, P prefix, A adverb, M determiner, V verb root
    prior: float    # probability of this spelling among the word's spellings in this class
    sem: str        # semantic class from HanDic (人名, 姓, 都市, 助数詞, ...) or "-"


class Lexicon:
    """Hangul word -> its entries, all classes, most likely first within each class."""

    def __init__(self, entries: dict[str, list[Entry]], partners: dict[str, tuple[str, ...]] | None = None,
                 heads: dict[str, int] | None = None, modifiers: dict[str, int] | None = None):
        self.entries = entries
        self.partners = partners or {}   # Hanja word -> words it forms compounds with
        self.heads = heads or {}          # Hanja word -> how many compounds end with it (開發地區)
        self.modifiers = modifiers or {}  # Hanja word -> how many compounds start with it (地球村)
        self._surnames: dict[str, frozenset[str]] = {}   # filled on demand

    def get(self, hangul: str, classes: str | None = None) -> list[Entry]:
        """Entries of a word, optionally only those of the given classes."""
        found = self.entries.get(hangul, ())
        return [e for e in found if classes is None or e.cls in classes]

    def has_hanja(self, hangul: str, classes: str | None = None) -> bool:
        """Whether the word has at least one Hanja spelling (in those classes)."""
        return any(e.hanja != KEEP for e in self.get(hangul, classes))

    def surname_hanja(self, syllable: str) -> frozenset[str]:
        """The Hanja a syllable is written with as a family name (안: 安; 양: 梁, 楊)."""
        found = self._surnames.get(syllable)
        if found is None:
            found = frozenset(e.hanja for e in self.get(syllable, "N") if e.sem == SURNAME_SEM)
            self._surnames[syllable] = found
        return found

    def __contains__(self, hangul: str) -> bool:
        return hangul in self.entries


_lock = threading.Lock()
_loaded: Lexicon | None = None


def load_lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                data = resources.files("converter") / "data"
                _loaded = _read(data / "lexicon.tsv.gz", data / "pairs.tsv.gz")
    return _loaded


def _read(path, pairs_path) -> Lexicon:
    entries: dict[str, list[Entry]] = {}
    labels: dict[str, str] = {}   # class and semantic labels repeat: keep one copy of each
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            hangul, cls, hanja, prior, sem = line.rstrip("\n").split("\t")
            entries.setdefault(hangul, []).append(
                Entry(hanja, labels.setdefault(cls, cls), float(prior), labels.setdefault(sem, sem)))
    pairs: dict[str, list[str]] = {}
    heads: dict[str, int] = {}
    modifiers: dict[str, int] = {}
    with pairs_path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            left, right = line.rstrip("\n").split("\t")
            pairs.setdefault(left, []).append(right)
            pairs.setdefault(right, []).append(left)
            modifiers[left] = modifiers.get(left, 0) + 1
            heads[right] = heads.get(right, 0) + 1
    return Lexicon(entries, {w: tuple(ps) for w, ps in pairs.items()}, heads, modifiers)


def is_hanja(ch: str) -> bool:
    """Whether a character is a CJK ideograph (unified, extension or compatibility)."""
    o = ord(ch)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3134F)


def is_syllable(ch: str) -> bool:
    """Whether a character is a precomposed Hangul syllable."""
    return "가" <= ch <= "힣"


class UserDictError(ValueError):
    """A user dictionary that cannot be read."""


def load_user_dict(path: str | Path) -> dict[str, str]:
    """Read a TSV of overrides: hangul <TAB> hanja, or hangul <TAB> - to keep it in Hangul."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserDictError(f"{path}: cannot read user dictionary ({exc.__class__.__name__})") from exc
    overrides: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            raise UserDictError(f"{path}:{number}: expected 'hangul<TAB>hanja' or 'hangul<TAB>-'")
        hangul, hanja = parts[0].strip(), unicodedata.normalize("NFC", parts[1].strip())
        if not hangul or not all(map(is_syllable, hangul)):
            raise UserDictError(f"{path}:{number}: {hangul!r} is not a Hangul word")
        if hanja != KEEP and (len(hanja) != len(hangul)
                              or not all(is_hanja(h) or h == g for h, g in zip(hanja, hangul))):
            raise UserDictError(f"{path}:{number}: {hanja!r} must have one Hanja per syllable of {hangul!r}")
        overrides[hangul] = hanja
    return overrides
