"""The shipped Hangul -> Hanja lexicon and users' override dictionaries."""
from __future__ import annotations

import gc
import gzip
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

KEEP = "-"  # spelling that means: keep the word in Hangul (native word or loanword)
SURNAME_SEM = "姓"   # HanDic's semantic class of family names
COUNTER_SEM = "助数詞"   # HanDic's class of counters (名, 個, 臺)
NUMERAL_SEM = "漢数詞"   # and of Sino-Korean numerals (萬, 億)
COMMON_SEMS = frozenset({"n", "動作", "状態"})   # its classes of common words: plain, act, state


@dataclass(frozen=True, slots=True)
class Entry:
    """One spelling of a Hangul word in one word class."""
    hanja: str      # Hanja spelling (may mix Hangul, as 特히), or KEEP
    cls: str        # N noun, B bound noun, S suffix, P prefix, A adverb, M determiner, V verb root
    prior: float    # probability of this spelling among the word's spellings in this class
    sem: str        # semantic class from HanDic (人名, 姓, 都市, 助数詞, ...) or "-"


class Lexicon:
    """Hangul word -> its entries, all classes, most likely first within each class."""

    def __init__(self, entries: Mapping[str, list[Entry]], partners: Mapping[str, tuple[str, ...]] | None = None,
                 heads: Mapping[str, int] | None = None, modifiers: Mapping[str, int] | None = None,
                 glosses: Mapping[str, frozenset[str]] | None = None,
                 char_share: Mapping[str, float] | None = None):
        self.entries = entries
        self.partners = partners or {}   # Hanja word -> words it forms compounds with
        self.heads = heads or {}          # Hanja word -> how many compounds end with it (開發地區)
        self.modifiers = modifiers or {}  # Hanja word -> how many compounds start with it (地球村)
        self._surnames: dict[str, frozenset[str]] = {}   # filled on demand
        self._surname_syllables: frozenset[str] | None = None
        # Hanja character -> its native glosses, "N"+noun or "V"+verb stem (水: N물; 淨: V맑)
        self.glosses = glosses or {}
        # Hanja character -> share of the lexicon's noun spellings that contain it
        self.char_share = char_share or {}

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
            found = frozenset(e.hanja for e in self.get(syllable, "N") if e.sem == SURNAME_SEM) | frozenset(
                e.hanja for e in self.get(f"{syllable}|{SURNAME_SEM}", "X"))   # 高 is a word too
            self._surnames[syllable] = found
        return found

    def surnames(self) -> frozenset[str]:
        """The syllables that are family names (김, 이, 안 ...)."""
        if self._surname_syllables is None:
            self._surname_syllables = frozenset(h[0] for h in self.entries if (
                len(h) == 1 or h.endswith(f"|{SURNAME_SEM}")) and self.surname_hanja(h[0]))
        return self._surname_syllables

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
                _loaded = _read(data / "lexicon.tsv.gz", data / "pairs.tsv.gz", data / "glosses.tsv.gz",
                                data / "chars.tsv.gz")
                # the lexicon lives as long as the process: keep the garbage collector from
                # walking its objects again at every full collection (a conversion sets off
                # several; 5% of the engine's time)
                gc.freeze()
    return _loaded


def _read(path, pairs_path, glosses_path=None, chars_path=None) -> Lexicon:
    """The lexicon files, indexed but not parsed: a word's entries are parsed when first asked
    for, so loading costs one pass over the lines instead of building 300,000 objects."""
    lines = _lines(path)
    partners = _Partners(_lines(pairs_path))
    glosses: dict[str, frozenset[str]] = {}
    if glosses_path is not None:
        for line in _lines(glosses_path):
            if line:
                char, words = line.split("\t")
                glosses[char] = frozenset(words.split(" "))
    share: dict[str, float] = {}
    if chars_path is not None:
        rows = [line.split("\t") for line in _lines(chars_path) if line]
        total = max(1, int(rows[0][1])) if rows and rows[0][0] == "" else 1
        share = {char: int(n) / total for char, n in rows if char}
    return Lexicon(_Entries(lines), partners, partners.ends, partners.starts, glosses, share)


def _lines(path) -> list[str]:
    """The lines of a gzipped UTF-8 data file, read in one go."""
    with path.open("rb") as raw:
        return gzip.decompress(raw.read()).decode("utf-8").split("\n")


class _Lazy(Mapping):
    """A read-only table whose values are parsed from their raw form on first lookup."""

    def __init__(self, index: dict):
        self._index = index   # key -> where its raw value is
        self._parsed: dict = {}

    def _parse(self, key: str):
        raise NotImplementedError

    def __getitem__(self, key: str):
        found = self._parsed.get(key)
        if found is None:
            found = self._parsed[key] = self._parse(key)   # KeyError for an unknown key, as a dict
        return found

    def get(self, key: str, default=None):
        """As dict.get, without the generic Mapping's detour through an exception (the
        disambiguator asks for every spelling it scores)."""
        found = self._parsed.get(key)
        if found is not None:
            return found
        return self[key] if key in self._index else default

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


class _Entries(_Lazy):
    """Hangul word -> its entries, parsed from the lexicon's lines on first use."""

    def __init__(self, lines: list[str]):
        first: dict[str, int] = {}   # a word's lines are consecutive in the file
        previous = None
        for i, line in enumerate(lines):
            word = line[:line.find("\t")]
            if word != previous and line:
                first.setdefault(word, i)
                previous = word
        super().__init__(first)
        self._lines = lines

    def _parse(self, hangul: str) -> list[Entry]:
        i = self._index[hangul]
        prefix = hangul + "\t"
        found = []
        while i < len(self._lines) and self._lines[i].startswith(prefix):
            _h, cls, hanja, prior, sem = self._lines[i].split("\t")
            found.append(Entry(hanja, _LABELS.setdefault(cls, cls), float(prior), _LABELS.setdefault(sem, sem)))
            i += 1
        return found


_LABELS: dict[str, str] = {}   # class and semantic labels repeat: keep one copy of each


class _Partners(_Lazy):
    """Hanja word -> the words it forms compounds with, parsed on first use; with the counts
    of compounds each word starts and ends."""

    def __init__(self, lines: list[str]):
        raw: dict[str, str] = {}
        self.starts: dict[str, int] = {}
        self.ends: dict[str, int] = {}
        for line in lines:
            if line:
                word, starts, ends, partners = line.split("\t")
                raw[word] = partners
                if starts != "0":
                    self.starts[word] = int(starts)
                if ends != "0":
                    self.ends[word] = int(ends)
        super().__init__(raw)

    def _parse(self, word: str) -> tuple[str, ...]:
        return tuple(self._index[word].split(" "))


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
