#!/usr/bin/env python3
"""Build converter/data/lexicon.tsv.gz from its public sources.

Sources (each one's licence notice is copied beside the built file):
  * libhangul's hanja.txt (Debian package libhangul-data, BSD-3-Clause): Hangul -> Hanja
    words in the editors' order of preference.
  * HanDic (PyPI package `handic`, BSD-3-Clause): a MeCab dictionary of contemporary Korean
    whose entries carry part of speech, a semantic class, the Hanja spelling (or none for
    native words and loanwords) and a word cost estimated from newspaper and book text.
  * wordfreq (PyPI, Apache-2.0 code; data CC BY-SA 4.0): Chinese and Japanese word
    frequencies, matched to each Hanja spelling through OpenCC (PyPI `opencc`, Apache-2.0)
    variant conversion. A spelling that Chinese or Japanese writers use is a real word.

Output columns: hangul, class, hanja ("-" = keep in Hangul), prior, sem
  class: N noun, B bound noun / counter, S suffix, P prefix, A adverb, M determiner,
         V root of a 하다/되다 verb or adjective
  prior: probability of this spelling among the word's spellings (fused ranks of the
         sources, reciprocal-rank fusion: no tuned weights)
  sem:   HanDic's semantic class (動作 verbal noun, 状態 stative noun, 人名, 姓, 都市, 組織,
         助数詞, ...), "n" for a HanDic entry without one, "-" when HanDic does not know it

Run: make lexicon  (installs libhangul-data and the build extras, then runs this script)
"""
from __future__ import annotations

import argparse
import collections
import gzip
import math
import shutil
import struct
import unicodedata
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "converter" / "data"
LIBHANGUL = Path("/usr/share/libhangul/hanja/hanja.txt")
LIBHANGUL_COPYRIGHT = Path("/usr/share/doc/libhangul-data/copyright")

# HanDic's Sejong tag -> our class
CLASS_OF_TAG = {"NNG": "N", "NNP": "N", "NR": "N", "XR": "N", "NP": "N", "NNB": "B",
                "XSN": "S", "XPN": "P", "MAG": "A", "MAJ": "A", "MM": "M"}
VERB_TAGS = {"VV", "VA", "VX", "XSV", "XSA"}
VERB_KIND = {"VV": "VV", "XSV": "VV", "VA": "VA", "XSA": "VA"}   # a root's words: verbs or adjectives
RRF_K = 1.0
GRADES = {"A": 0, "B": 1, "C": 2}   # HanDic's learner-vocabulary grades, as ranks
GRADE_VOTES = 1     # the graded spellings' order counts as much as each proxy's
HANDIC_VOTES = 3  # HanDic is trained on Korean text: it outvotes the two proxies together
COST_SCALE = 800.0  # MeCab word costs are about -800 * log p (HanDic's cost-factor)
KEEP_MARK = "-"
PROPER_SEMS = frozenset({"都市", "国名", "地名", "組織", "駅名", "人名", "名", "姓", "山", "川", "島"})
NAME_SEMS = frozenset({"名", "人名", "姓", "外国名", "外国姓"})
UNSEEN_COST = 11000.0  # rarer than the rarest words HanDic saw
SEM_PLAIN = "n"     # a HanDic noun with no semantic class (so: not a verbal noun)
MAX_SINGLE = 16  # spellings kept for a one-syllable word
AFFINITY_MIN = 5  # compounds needed before a suffix statistic is kept
# glosses too general to say anything about a sense: do, be, become, have, not, go, come, see
GLOSS_STOP = frozenset({"하", "되", "이", "있", "없", "아니", "가", "오", "보", "말", "일", "것", "곳", "때"})
# syllables that are particles, a copula form or a verb ending after a noun (문제인, 사람도)
KIWI_ENDINGS = frozenset("이가은는을를의에도만과와로인일임들해한할함된될됨엔엘랑서며고")
KIWI_SCORE = -3.0   # a user word's score: below Kiwi's own words, enough to beat a shattered reading
STATE_WORD = "나라"   # the native word after a state's one-syllable name (송나라: 宋나라)
Y_VOWELS = frozenset({2, 6, 7, 12, 17, 20})   # ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ: the vowels the initial-sound law drops ㄹ/ㄴ before
SURNAME = "姓"       # HanDic's semantic class of family names
MIN_DEFAULT = 100  # entries sharing one cost before it counts as HanDic's default for their kind


def is_hanja(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3134F


def is_syllable(ch: str) -> bool:
    return "가" <= ch <= "힣"


def read_libhangul(path: Path) -> dict[str, list[str]]:
    """Hangul word -> Hanja spellings in file order (the editors' preference)."""
    words: dict[str, list[str]] = collections.defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split(":")
        if len(parts) < 2:
            continue
        hangul, hanja = parts[0], unicodedata.normalize("NFC", parts[1])
        if len(hangul) != len(hanja) or not all(map(is_syllable, hangul)) or not all(map(is_hanja, hanja)):
            continue
        if hanja not in words[hangul]:
            words[hangul].append(hanja)
    return words


def read_handic(dicdir: Path) -> list[tuple[int, list[str]]]:
    """(word cost, feature fields) for every entry of HanDic's compiled sys.dic."""
    data = (dicdir / "sys.dic").read_bytes()
    _magic, _ver, _type, lexsize, _l, _r, dsize, tsize, fsize, _d = struct.unpack("<10I", data[:40])
    token_off = 40 + 32 + dsize
    feature_off = token_off + tsize
    rows = []
    for i in range(lexsize):
        _lc, _rc, _pos, wcost, feat, _comp = struct.unpack_from("<HHHhII", data, token_off + 16 * i)
        end = data.index(b"\0", feature_off + feat)
        rows.append((wcost, data[feature_off + feat:end].decode("utf-8").split(",")))
    return rows


def read_glosses(path: Path, likeliest: Mapping[str, str] | None = None) -> dict[str, set[str]]:
    """Hanja character -> its native Korean glosses (훈) from libhangul's one-character comments.

    "물 수, 고를 수" gives the noun 물 and the verb stem 고르 (from the adnominal 고를); both
    forms of each gloss are kept, marked N and V, since the comment does not say which it is.
    A gloss that is the character's own Sino-Korean word ("의원 의" for 醫) is kept only when
    that word's likeliest spelling (from `likeliest`, Hangul -> Hanja) holds the character:
    의원 in a text is most often 議員, so it says nothing for 醫; 제사 is 祭祀, so it does for 祀.
    """
    likeliest = likeliest or {}
    glosses: dict[str, set[str]] = collections.defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(":")
        if len(parts) < 3 or len(parts[0]) != 1 or len(parts[1]) != 1 or not parts[2]:
            continue
        char = unicodedata.normalize("NFC", parts[1])
        for item in parts[2].split(","):
            words = item.split()
            if len(words) < 2 or not all(map(is_syllable, words[-2])):
                continue
            gloss = words[-2]   # the word before the reading: 맑을 in "맑을 정"
            if len(gloss) > 1 and parts[0] in gloss and char not in likeliest.get(gloss, char):
                continue
            if gloss not in GLOSS_STOP:
                glosses[char].add("N" + gloss)
            stem = verb_stem(gloss)
            if stem not in GLOSS_STOP:
                glosses[char].add("V" + stem)
    return glosses


def likeliest_spellings(lines: list[str]) -> dict[str, str]:
    """Hangul noun -> its likeliest spelling, from lexicon lines (hangul, class, spelling, p, sem)."""
    best: dict[str, tuple[float, str]] = {}
    for line in lines:
        hangul, cls, spelling, p, _sem = line.split("\t")
        if cls == "N" and (hangul not in best or float(p) > best[hangul][0]):
            best[hangul] = (float(p), spelling)
    return {hangul: spelling for hangul, (_p, spelling) in best.items()}


def state_words(path: Path) -> dict[str, list[str]]:
    """Names of states from libhangul's one-character comments: "정나라 정" under 鄭 gives
    정나라 -> 鄭나라 (the syllable is Sino-Korean, 나라 the native word)."""
    words: dict[str, list[str]] = collections.defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(":")
        if len(parts) < 3 or len(parts[0]) != 1 or len(parts[1]) != 1:
            continue
        char = unicodedata.normalize("NFC", parts[1])
        for item in parts[2].split(","):
            item_words = item.split()
            # "정나라 정": the state 정 ("나라이름 신", some state's name, says too little: 新 or 莘)
            if len(item_words) >= 2 and item_words[-1] == parts[0] and item_words[-2] == parts[0] + STATE_WORD:
                if char + STATE_WORD not in words[parts[0] + STATE_WORD]:
                    words[parts[0] + STATE_WORD].append(char + STATE_WORD)
    return words


def verb_stem(adnominal: str) -> str:
    """맑을 -> 맑, 고를 -> 고르, 깨끗할 -> 깨끗하, 어진 -> 어지 (the stem a gloss is built on)."""
    last = ord(adnominal[-1]) - 0xAC00
    if adnominal[-1] in "을은" and len(adnominal) > 1:
        return adnominal[:-1]
    if last % 28 in (4, 8):   # final ㄴ or ㄹ: the adnominal ending
        return adnominal[:-1] + chr(0xAC00 + last - last % 28)
    return adnominal


def char_readings(lib: dict[str, list[str]]) -> dict[str, set[str]]:
    """Hanja character -> the syllables it is read as (libhangul's one-character entries)."""
    readings: dict[str, set[str]] = collections.defaultdict(set)
    for syllable, chars in lib.items():
        if len(syllable) == 1:
            for c in chars:
                readings[c].add(fold_initial(syllable))
    return readings


def fold_initial(syllable: str) -> str:
    """Fold the initial-sound law (ㄹ/ㄴ -> ㅇ at word start) so 녀/여, 력/역 compare equal."""
    code = ord(syllable) - 0xAC00
    if not 0 <= code < 11172:
        return syllable
    initial, rest = divmod(code, 588)
    if initial in (2, 5):  # ㄴ, ㄹ
        initial = 11     # ㅇ
    return chr(0xAC00 + initial * 588 + rest)


def initial_law(word: str) -> str:
    """The word as South Korean spelling writes it: at word start ㄹ and ㄴ before i/y become ㅇ,
    other ㄹ becomes ㄴ (립헌 -> 입헌, 로동 -> 노동, 녀자 -> 여자)."""
    code = ord(word[0]) - 0xAC00
    if not 0 <= code < 11172:
        return word
    initial, rest = divmod(code, 588)
    if initial in (2, 5) and rest // 28 in Y_VOWELS:
        initial = 11   # ㅇ
    elif initial == 5:
        initial = 2    # ㄴ
    return chr(0xAC00 + initial * 588 + rest) + word[1:]


def with_initial_law(lib: dict[str, list[str]]) -> dict[str, list[str]]:
    """libhangul lists some words only in the spelling without the initial-sound law (루진적:
    累進的, 녀복: 女僕): file them under the word as South Korean text writes it too. A word
    libhangul lists in both spellings keeps its own list (a rare variant would only dilute it)."""
    out = {h: list(cs) for h, cs in lib.items()}
    for hangul, spellings in lib.items():
        folded = initial_law(hangul)
        if len(hangul) > 1 and folded != hangul and folded not in lib:
            have = out.setdefault(folded, [])
            have.extend(c for c in spellings if c not in have)
    return out


def readable(hangul: str, hanja: str, readings: dict[str, set[str]]) -> bool:
    """Whether every Hanja character can be read as its syllable."""
    return all(not is_hanja(c) or fold_initial(s) in readings.get(c, ()) for s, c in zip(hangul, hanja))


def in_korean_standard(c: str) -> bool:
    """Whether a character is one of the 4,888 Hanja of Korea's standard set (KS X 1001)."""
    try:
        c.encode("euc-kr")
    except UnicodeEncodeError:
        return False
    return True


def variant_filter():
    """A predicate that is true for simplified-Chinese or Japanese-only character forms.

    A character of the Korean standard set is never such a form, even where OpenCC maps it
    to another: 据 (据置), 后 (后稷), 台 (天台), 朴 are Korean characters in their own right.
    """
    import opencc
    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    jp2t, t2jp = opencc.OpenCC("jp2t"), opencc.OpenCC("t2jp")

    def is_variant(word: str) -> bool:
        for c in word:
            if in_korean_standard(c):
                continue
            if (s2t.convert(c) != c and t2s.convert(c) == c) or (jp2t.convert(c) != c and t2jp.convert(c) == c):
                return True
        return False
    return is_variant


def default_costs(rows) -> dict[tuple[str, str], int]:
    """(tag, semantic class) -> the cost HanDic gives entries its corpus never showed.

    Most of HanDic's dictionary words share one cost per kind (8910 for a plain noun, 7947 for
    a verbal one): the word is listed but was not counted, so its cost says nothing about how
    common it is. That shared cost is the commonest one of its kind.
    """
    counts: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for cost, f in rows:
        if len(f) >= 11:
            counts[(f[10], f[2])][cost] += 1
    commonest = {key: c.most_common(1)[0] for key, c in counts.items()}
    return {key: cost for key, (cost, n) in commonest.items() if n >= MIN_DEFAULT}


def handic_entries(rows, readings: dict[str, set[str]]) -> dict[tuple[str, str], dict[str, tuple[int, str, bool]]]:
    """(hangul, class) -> {hanja or '-': (best cost, semantic class, counted)} from HanDic.

    counted is false when the cost is HanDic's default for a word its corpus never showed.
    """
    out: dict[tuple[str, str], dict[str, tuple[int, str, bool]]] = collections.defaultdict(dict)
    defaults = default_costs(rows)
    verb_kinds: dict[tuple[str, str], set[str]] = collections.defaultdict(set)

    def put(key, hanja, cost, sem, tag):
        old = out[key].get(hanja)
        if old is None or cost < old[0]:
            out[key][hanja] = (cost, sem, defaults.get((tag, sem)) != cost)

    for cost, f in rows:
        if len(f) < 11:
            continue
        tag, surface, hanja, sem = f[10], f[6], unicodedata.normalize("NFC", f[7]), f[2]
        if not surface or not all(map(is_syllable, surface)):
            continue
        if tag in CLASS_OF_TAG:
            cls = CLASS_OF_TAG[tag]
            if hanja == "*":
                put((surface, cls), "-", cost, sem, tag)
            elif (len(hanja) == len(surface) and all(is_hanja(c) or c == s for c, s in zip(hanja, surface))
                  and readable(surface, hanja, readings)):
                put((surface, cls), hanja, cost, sem, tag)
        elif tag in VERB_TAGS and hanja != "*" and f[3] == "語基1":
            # 通하 -> root 통 / 通; 多樣하 -> 다양 / 多樣 (the Hanja prefix of the stem)
            n = 0
            while n < len(hanja) and n < len(surface) and is_hanja(hanja[n]):
                n += 1
            if n and readable(surface[:n], hanja[:n], readings):
                put((surface[:n], "V"), hanja[:n], cost, sem, tag)
                if tag in VERB_KIND:
                    verb_kinds[(surface[:n], hanja[:n])].add(VERB_KIND[tag])
    # a root's semantic class says whether its words are verbs or adjectives: 定하다 decides,
    # 正하다 is upright, and Kiwi tells the two uses apart
    for (root, hanja), kinds in verb_kinds.items():
        cost, _sem, counted = out[(root, "V")][hanja]
        out[(root, "V")][hanja] = (cost, "+".join(sorted(kinds)), counted)
    return out


def learner_grades(rows) -> dict[tuple[str, str], dict[str, int]]:
    """(hangul, class) -> {hanja: grade} for HanDic's words of two or more syllables that carry a
    grade of the Korean learners' vocabulary list (A basic, B intermediate, C advanced: 0, 1, 2):
    the common words of modern Korean (시작: 始作 is graded A, 詩作 not at all).

    One syllable is left out: its spellings are read by their part of speech and neighbours,
    and a graded character (道, 市) would outweigh them in names and old texts."""
    out: dict[tuple[str, str], dict[str, int]] = collections.defaultdict(dict)
    for _cost, f in rows:
        if len(f) < 11 or f[9] not in GRADES or f[10] not in CLASS_OF_TAG:
            continue
        surface, hanja = f[6], unicodedata.normalize("NFC", f[7])
        if hanja != "*" and len(hanja) == len(surface) > 1:
            key = (surface, CLASS_OF_TAG[f[10]])
            out[key][hanja] = min(out[key].get(hanja, 9), GRADES[f[9]])
    return out


def frequency_lookup():
    """Hanja word -> max of its Chinese and Japanese word frequencies (via OpenCC)."""
    import opencc
    from wordfreq import get_frequency_dict
    zh = get_frequency_dict("zh", "large")
    ja = get_frequency_dict("ja", "large")
    to_simplified = opencc.OpenCC("t2s")
    to_japanese = opencc.OpenCC("t2jp")

    def freq(word: str) -> float:
        if len(word) == 1:
            return 0.0  # single characters' frequencies say nothing about Korean usage
        return max(zh.get(to_simplified.convert(word), 0.0), ja.get(to_japanese.convert(word), 0.0),
                   ja.get(word, 0.0))
    return freq


def suffix_affinity(lines: list[str]) -> list[str]:
    """Which character a final syllable is, given what kind of noun it follows.

    From the lexicon's own compounds: after a verbal noun 가 is mostly 家 (創業家, 投資家), after
    a plain noun 價 (物價); after a place 권 is 圈 (首都圈), after an act 權 (所有權). Lines of
    class X, keyed "syllable|kind" where kind is the stem's semantic class.
    """
    kind: dict[str, str] = {}
    spelling: dict[str, str] = {}
    best: dict[str, float] = {}
    for line in lines:
        hangul, cls, hanja, p, sem = line.split("\t")
        if cls == "N" and hanja != KEEP_MARK and float(p) > best.get(hangul, 0.0) and sem != "-":
            best[hangul], kind[hangul], spelling[hangul] = float(p), sem, hanja
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for line in lines:
        hangul, cls, hanja, p, _sem = line.split("\t")
        if cls != "N" or len(hangul) < 3 or not all(map(is_hanja, hanja)):
            continue
        stem_kind = kind.get(hangul[:-1])
        # only compounds built on that very word count: 永住權 says nothing about the city 榮州
        if stem_kind and hanja[:-1] == spelling[hangul[:-1]]:
            counts[f"{hangul[-1]}|{stem_kind}"][hanja[-1]] += 1
    out = []
    for key, counter in sorted(counts.items()):
        total = sum(counter.values())
        if total < AFFINITY_MIN:
            continue
        for char, n in counter.most_common(MAX_SINGLE):
            out.append(f"{key}\tX\t{char}\t{n / total:.4g}\t-")
    return out


def surname_lines(rows) -> list[str]:
    """Every family name HanDic knows, as lines of class X keyed "syllable|姓": a word's own
    entry keeps only its commonest sense (高 is high, 宋 the state), and a name reader must
    still know 고 and 송 as family names."""
    found: set[tuple[str, str]] = set()
    for _cost, f in rows:
        if len(f) >= 11 and f[2] == SURNAME and len(f[6]) == 1 and is_syllable(f[6]):
            found.update((f[6], c) for c in unicodedata.normalize("NFC", f[7]).split("/") if len(c) == 1 and is_hanja(c))
    return [f"{syllable}|{SURNAME}\tX\t{hanja}\t1\t{SURNAME}" for syllable, hanja in sorted(found)]


def compound_pairs(lines: list[str]) -> list[tuple[str, str]]:
    """Pairs of Hanja words that the lexicon's compounds join (淨水施設 -> 淨水 + 施設).

    Words that form compounds together belong to the same topic: this is the context
    evidence the disambiguator uses for neighbouring words.
    """
    spellings: dict[str, set[str]] = collections.defaultdict(set)
    compounds = []
    for line in lines:
        hangul, cls, hanja, _p, _sem = line.split("\t")
        if hanja == KEEP_MARK or not all(map(is_hanja, hanja)):
            continue
        spellings[hangul].add(hanja)
        if cls == "N" and len(hangul) >= 3:
            compounds.append((hangul, hanja))
    pairs = set()
    for hangul, hanja in compounds:
        for k in range(1, len(hangul)):
            left, right = hanja[:k], hanja[k:]
            if len(left) + len(right) < 3 or (len(left) == 1 and len(right) == 1):
                continue
            if left in spellings.get(hangul[:k], ()) and right in spellings.get(hangul[k:], ()):
                pairs.add((left, right))
    return sorted(pairs)


def partner_lines(pairs: list[tuple[str, str]]) -> str:
    """One line per word: word, how many compounds it starts, how many it ends, its partners.

    Grouped by word so that the engine can index the file without parsing every pair.
    """
    partners: dict[str, list[str]] = collections.defaultdict(list)
    starts: collections.Counter = collections.Counter()
    ends: collections.Counter = collections.Counter()
    for left, right in pairs:
        partners[left].append(right)
        partners[right].append(left)
        starts[left] += 1
        ends[right] += 1
    return "".join(f"{w}\t{starts[w]}\t{ends[w]}\t{' '.join(ps)}\n" for w, ps in sorted(partners.items()))


def kiwi_words(lines: list[str]) -> list[str]:
    """Lexicon nouns to register with Kiwi as user words, so that it reads them whole instead of
    cutting them into syllables, determiners and particles (을/숙/도, 이/차전지).

    Only spellings with no native or loan reading, of four or more syllables, or of three
    whose first two are no word of their own (a word plus a suffix, 사업단, is left to the
    engine's compound rules); never one whose last syllable could be a particle or ending
    after a known noun (문제+인, 사람+도): Kiwi would then read the common phrase as the
    rare word.
    """
    hanja_nouns: set[str] = set()
    native: set[str] = set()
    known: set[str] = set()
    for line in lines:
        hangul, cls, hanja, _p, _sem = line.split("\t")
        if cls in ("X",):
            continue
        known.add(hangul)
        if cls == "N":
            (native if hanja == KEEP_MARK else hanja_nouns).add(hangul)
    out = []
    for word in sorted(hanja_nouns - native):
        if len(word) < 3 or not all(map(is_syllable, word)):
            continue
        if len(word) == 3 and word[:2] in hanja_nouns:
            continue
        if word[-1] in KIWI_ENDINGS and word[:-1] in known:
            continue
        out.append(word)
    return out


def character_counts(lines: list[str]) -> collections.Counter:
    """In how many distinct noun spellings of two or more characters each character occurs;
    the first line counts them all (key "")."""
    spellings = {line.split("\t")[2] for line in lines if line.split("\t")[1] == "N"}
    counts: collections.Counter = collections.Counter()
    words = [w for w in spellings if len(w) > 1 and all(map(is_hanja, w))]
    for word in words:
        counts.update(set(word))
    counts[""] = len(words)
    return counts


def write_gzip(path: Path, text: str) -> None:
    """Write reproducible gzip bytes atomically."""
    tmp = path.with_suffix(".tmp")
    with gzip.GzipFile(tmp, "wb", mtime=0) as fh:
        fh.write(text.encode("utf-8"))
    tmp.replace(path)


def write_atomic(path: Path, text: str) -> None:
    """Write a text file atomically."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def handic_dir() -> Path:
    """Where the handic package is installed (without importing it: that needs MeCab)."""
    import importlib.util
    spec = importlib.util.find_spec("handic")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("the handic package is not installed: pip install handic")
    return Path(list(spec.submodule_search_locations)[0])


def spelling_probabilities(hanja_cands, hd_cands, lib_cands, freq, graded=None) -> dict[str, float]:
    """P(spelling | word, class): native/loan share from HanDic's costs, Hanja by fused ranks.

    Only HanDic knows native words and loanwords, so it alone says how likely "keep in Hangul"
    is; the Hanja spellings share the rest by reciprocal-rank fusion of HanDic's order (it is
    trained on Korean text, so it counts three times), libhangul's order, Chinese/Japanese use
    and the learner-vocabulary grades of the spellings that have one (`graded`).
    """
    p_keep = 0.0
    native = hd_cands.get(KEEP_MARK)
    if native and native[1] not in NAME_SEMS:   # a given name is no native reading of a word
        weights = [math.exp(-cost / COST_SCALE) for c, (cost, _sem, _n) in hd_cands.items() if c != KEEP_MARK]
        # spellings only libhangul lists are words HanDic's corpus did not see: together they
        # weigh as much as one rare word (a syllable's fifty rare characters are not fifty words)
        if any(c not in hd_cands for c in lib_cands):
            weights.append(math.exp(-UNSEEN_COST / COST_SCALE))
        keep_weight = math.exp(-native[0] / COST_SCALE)
        p_keep = keep_weight / (keep_weight + sum(weights))
    rankings = []
    # HanDic's order counts where its corpus counted the words; a word it only lists is, like
    # libhangul's, just known to exist
    counted = sorted((c for c in hd_cands if c != KEEP_MARK and hd_cands[c][2]), key=lambda c: hd_cands[c][0])
    listed = [c for c in hd_cands if c != KEEP_MARK and not hd_cands[c][2]]
    if counted:
        rankings += [[(c, i) for i, c in enumerate(counted)]] * HANDIC_VOTES
    if listed:
        rankings.append([(c, 0) for c in listed])
    if lib_cands:
        rankings.append(list(zip(lib_cands, range(len(lib_cands)))))
    if graded:
        rankings += [sorted(graded.items(), key=lambda x: x[1])] * GRADE_VOTES
    # Chinese and Japanese use says nothing about Korean proper nouns (光州 is not 廣州)
    proper = any(sem in PROPER_SEMS for _cost, sem, _n in hd_cands.values())
    with_freq = [c for c in hanja_cands if freq(c) > 0] if not proper else []
    if with_freq:
        ordered = sorted(with_freq, key=freq, reverse=True)
        rankings.append(list(zip(ordered, range(len(ordered)))))
    probs = {c: (1.0 - p_keep) * p for c, p in fuse(rankings, hanja_cands).items()} if hanja_cands else {}
    if p_keep > 0:
        probs[KEEP_MARK] = p_keep
    return probs


def fuse(rankings: list[list[tuple[str, int]]], candidates: list[str]) -> dict[str, float]:
    """Reciprocal-rank fusion of several rankings of (candidate, rank) into probabilities;
    tied candidates share a rank."""
    score = {c: 0.0 for c in candidates}
    for ranking in rankings:
        for c, i in ranking:
            if c in score:
                score[c] += 1.0 / (RRF_K + i)
    floor = 1.0 / (RRF_K + 50)  # every listed spelling keeps a little mass
    total = sum(s + floor for s in score.values())
    return {c: (s + floor) / total for c, s in score.items()}


def build(out_dir: Path) -> Path:
    dicdir = handic_dir() / "dicdir"
    lib = read_libhangul(LIBHANGUL)
    readings = char_readings(lib)
    is_variant = variant_filter()
    lib = {h: [c for c in cs if not is_variant(c)] for h, cs in with_initial_law(lib).items()}
    rows = read_handic(dicdir)
    hd = handic_entries(rows, readings)
    # states neither source lists as a word (정나라, 조나라) from the characters' glosses; a word
    # either lists keeps its own spellings (원나라 is 元나라, not the glossed 阮나라)
    for word, spellings in state_words(LIBHANGUL).items():
        if word not in lib and (word, "N") not in hd:
            lib[word] = [c for c in spellings if not is_variant(c)]
    freq = frequency_lookup()
    grades = learner_grades(rows)

    keys: set[tuple[str, str]] = set(hd) | {(h, "N") for h in lib}
    lines: list[str] = []
    for hangul, cls in sorted(keys):
        hd_cands = hd.get((hangul, cls), {})
        lib_cands = lib.get(hangul, []) if cls == "N" else []
        hanja_cands = list(dict.fromkeys([c for c in hd_cands if c != KEEP_MARK] + lib_cands))
        probs = spelling_probabilities(hanja_cands, hd_cands, lib_cands, freq, grades.get((hangul, cls)))
        # single syllables list every rare character that has the reading: keep the likely ones
        keep = sorted(probs, key=probs.get, reverse=True)[:MAX_SINGLE if len(hangul) == 1 else None]
        for c in keep:
            sem = hd_cands[c][1] if c in hd_cands else "-"
            if c == KEEP_MARK and sem in NAME_SEMS:
                continue
            lines.append(f"{hangul}\t{cls}\t{c}\t{probs[c]:.4g}\t{SEM_PLAIN if sem == '*' else sem}")

    lines += suffix_affinity(lines)
    lines += surname_lines(rows)
    out_dir.mkdir(parents=True, exist_ok=True)
    pairs = compound_pairs(lines)
    write_gzip(out_dir / "pairs.tsv.gz", partner_lines(pairs))
    print(f"pairs.tsv.gz: {len(pairs)} word pairs from compounds")
    target = out_dir / "lexicon.tsv.gz"
    write_gzip(target, "\n".join(lines) + "\n")
    words = kiwi_words(lines)
    write_atomic(out_dir / "kiwi_words.tsv", "".join(f"{w}\tNNG\t{KIWI_SCORE}\n" for w in words))
    print(f"kiwi_words.tsv: {len(words)} user words for Kiwi")
    chars = character_counts(lines)
    write_gzip(out_dir / "chars.tsv.gz", "".join(f"{c}\t{n}\n" for c, n in sorted(chars.items())))
    glosses = read_glosses(LIBHANGUL, likeliest_spellings(lines))
    write_gzip(out_dir / "glosses.tsv.gz",
               "".join(f"{c}\t{' '.join(sorted(g))}\n" for c, g in sorted(glosses.items()) if g))
    print(f"glosses.tsv.gz: native glosses of {len(glosses)} characters")
    write_notices(out_dir, dicdir)
    print(f"{target}: {len(lines)} entries, {len(keys)} keys, {target.stat().st_size // 1024} KiB")
    return target


def write_notices(out_dir: Path, dicdir: Path) -> None:
    """Keep each source's licence notice beside the built lexicon."""
    header = LIBHANGUL.read_text(encoding="utf-8").split("\n\n")[0]
    (out_dir / "LICENSE.libhangul").write_text(
        "hanja.txt from libhangul (Debian package libhangul-data)\n\n" + header + "\n", encoding="utf-8")
    if LIBHANGUL_COPYRIGHT.exists():
        shutil.copyfile(LIBHANGUL_COPYRIGHT, out_dir / "COPYRIGHT.libhangul-data")
    dist = handic_dir().parent
    for lic in dist.glob("handic-*.dist-info/licenses/LICENSE.handic"):
        shutil.copyfile(lic, out_dir / "LICENSE.handic")
    (out_dir / "SOURCES.md").write_text(SOURCES_MD, encoding="utf-8")


SOURCES_MD = """# Sources of lexicon.tsv.gz

Built by `scripts/build_lexicon.py` (`make lexicon`). Licences are kept beside this file.

| source | what it gives | licence |
|---|---|---|
| libhangul `hanja.txt` (Debian `libhangul-data`) | Hangul -> Hanja words, editors' order (a word it lists only without the initial-sound law, 루진적, is filed under 누진적 too); each character's native glosses (glosses.tsv.gz), and the states they name (정나라 정: 鄭나라) | BSD-3-Clause (LICENSE.libhangul) |
| HanDic (PyPI `handic`) | part of speech, semantic class, Hanja or native/loan, word cost, family names, the learner-vocabulary grade (A, B, C) of common words | BSD-3-Clause (LICENSE.handic) |
| wordfreq (PyPI) zh and ja lists, via OpenCC | how often each Hanja spelling is written in Chinese and Japanese | data CC BY-SA 4.0 (Exquisite Corpus); only derived ranks are kept |

kiwi_words.tsv (the lexicon's nouns that Kiwi is given as user words, so that it reads them
whole), pairs.tsv.gz (the word pairs the lexicon's compounds join, grouped by word, with how many
compounds each word starts and ends) and chars.tsv.gz (in how many noun spellings each
character occurs) are derived from the lexicon itself.

vectors.npz is built by `scripts/build_vectors.py` (also run by `make lexicon`) after the lexicon:

| source | what it gives | licence |
|---|---|---|
| GiNZA's Japanese model (PyPI `ja-ginza` 5.3.0), its chiVe word vectors, via OpenCC | a vector for each Hanja spelling that Japanese writes: what the word is about | model MIT, vectors Apache-2.0 (NOTICE.vectors) |
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    build(ap.parse_args().out)


if __name__ == "__main__":
    main()
