"""Find the Sino-Korean candidate words of a text with Kiwi's morphological analysis."""
from __future__ import annotations

import bisect
import re
import threading
from importlib import resources
from dataclasses import dataclass
from typing import NamedTuple

from converter.lexicon import COMMON_SEMS, COUNTER_SEM, KEEP, NUMERAL_SEM, Entry, Lexicon, is_hanja, is_syllable

# Kiwi tag -> our lexicon classes, in order of preference
CLASSES_OF_TAG = {"NNG": "N", "NNP": "N", "XR": "NV", "NNB": "BN", "NR": "N", "XSN": "SBN",
                  "XPN": "PN", "MAG": "A", "MAJ": "A", "MM": "M"}
NOUN_TAGS = {"NNG", "NNP", "NNB", "NR", "XR", "XSN", "XPN"}
VERB_TAGS = {"VV", "VA"}
# verb/adjective stems whose first part may be a Sino-Korean root: 통하, 위하, 대하, 의하, 당하
ROOT_ENDINGS = ("하", "받")   # 통하; 인정받 (Kiwi knows some X받다 verbs whole)
# words that announce a personal name next to them (titles, forms of address)
TITLES = frozenset("""기자 특파원 앵커 씨 님 군 양 옹 여사 선생 대표 대표이사 장관 차관 의원 위원 위원장 교수 부교수
박사 대통령 총리 부총리 회장 부회장 사장 부사장 원장 단장 소장 청장 처장 국장 실장 과장 부장 차장 팀장
센터장 이사 이사장 총장 학장 시장 군수 구청장 지사 도지사 감독 코치 선수 변호사 검사 판사 작가 시인 후보
대변인 연구원 연구위원 특보 비서관 수석 총재 의장 부의장 주교 신부 목사 스님 교육감 검사장 배우 가수 소설가
화가 평론가 주연""".split())
CURRENCY = frozenset({"원"})
MEASURE_TAGS = frozenset({"SN", "SL", "SW"})   # a figure, a unit in Latin letters (km), a unit sign (%)
RANGE = "대"   # glued to a figure's unit: the range it opens (2%대, 1만 원대: 臺)
MYRIADS = frozenset({"만", "억", "조"})
DIGIT_WORDS = frozenset("일이삼사오육칠팔구십백천")   # stay in Hangul inside figures: 3천億
DEMONSTRATIVES = frozenset({"이", "그", "저"})
PLACE_SEM = frozenset({"都市", "地名"})
STATE, STATE_WORD = "STATE", "나라"   # the tag of the syllable of 정나라: the state 鄭
RANK_PARTICLES = frozenset({"에", "으로", "로"})   # (영성군에, 백으로) 봉하다: made a rank
ENFEOFF = ("봉하", "봉해", "봉작", "책봉")
# what nouns naming people (應答者, 男性, 職場人, 高齡層) or times (以後, 當時) end in: a figure
# after them is an age or a generation, not a count of machines (장비 20臺)
UNCOUNTED_ENDINGS = frozenset("者人性子女男生員民客層族年代歲孫兒童後前時來日月間")
GROUP_WORDS = frozenset({"가운데", "사이", "중", "中", "以上", "以下", "全體", "平均", "全國", "模樣"})
TIME_ORDINALS = frozenset({"다음", "지난", "이번", "매", "다다음", "지지난"})
QUANTITY_TAGS = frozenset({"SN", "NR", "MM", "XPN"})   # what a counter counts after: 3, 삼, 몇, 여러, 수
COUNTRIES = "COUNTRIES"   # the tag of a chain of one-syllable state names (한미일)
# the states news names by one syllable (한미일, 북중러); 서, 호, 영 and 청 are as often names
STATE_SYLLABLES = {"한": "韓", "미": "美", "일": "日", "중": "中", "북": "北", "러": "러"}
STATE_LIST = re.compile("[{0}](?:·[{0}])+".format("".join(STATE_SYLLABLES)))
SYLLABLES = "SYLLABLES"   # the tag of a lexicon word Kiwi cut into single syllables
ADMIN = "ADMIN"           # the tag of a chain of one-syllable administrative units (시군, 읍면동)
LISTED_WORD = "LISTED_WORD"   # the tag of one-syllable items listed with · that make a word (노·사)
# administrative units from the largest down: a chain names them in this order
ADMIN_SYLLABLES = {"도": "道", "시": "市", "군": "郡", "구": "區", "읍": "邑", "면": "面", "동": "洞", "리": "里"}
ADMIN_RANK = {syllable: rank for rank, syllable in enumerate(ADMIN_SYLLABLES)}
CYCLE = "CYCLE"           # the tag of a year of the sexagenary cycle before a month (병인 3월)
STEMS, BRANCHES = "甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉戌亥"
CYCLE_DATE = re.compile(r"(?:(?<=년\) )|(?<=년 ))([가-힣]{2})(?= \d{1,2}월)")   # 8년(1682년) 병인 3월
SPLIT_SUSPECT = ("J", "E", "VCP", "NP")   # pieces that make a cut inside a noun ungrammatical
NAME_TITLE_WORDS = 3   # 김상욱 무소속 의원: a title may follow a few words after the name
GLUED_PARTICLE = re.compile(r"(으로|에게|에서|이라고|이라는|로|의|이|가|은|는|을|를|와|과|도|에)$")  # the currency stays in Hangul
# URLs and e-mail addresses, whose Hangul parts Kiwi may cut off, are never converted
PROTECTED = re.compile(r"(?:https?://|www\.)[^\s<>\"']+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
NATIVE_RUN = re.compile("[가-힣]+")   # the Hangul of a mixed spelling (山불) is its native part
GLOSS_AFTER = re.compile(r"\s?[(（]\s?[\u3400-\u9fff\uf900-\ufaff]")

_kiwi = None
_kiwi_lock = threading.Lock()


def kiwi():
    """The Kiwi analyser, loaded once per process, knowing the lexicon's long nouns."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi
                analyser = Kiwi(load_multi_dict=False)
                # words Kiwi does not know it cuts into syllables, determiners and particles
                # (을/숙/도, 이/차전지): given the lexicon's long nouns it reads them whole
                with resources.as_file(resources.files("converter") / "data" / "kiwi_words.tsv") as path:
                    analyser.load_user_dictionary(str(path))
                _kiwi = analyser
    return _kiwi


@dataclass
class Unit:
    """A stretch of Hangul that may be written in Hanja."""
    start: int
    end: int
    text: str
    classes: str            # lexicon classes to look in, most fitting first
    tag: str                # Kiwi tag (or "COMPOUND")
    after_number: bool = False
    counting: str = ""       # after a figure: "ordinal" (제4대), "large" (20만 대, 3천대: a space or a
                             # numeral word between),
                             # "counted" (차량 15대: the thing counted before), "head" (16강에);
                             # "next" after 다음, 지난 (다음 주); "range" glued to a figure's unit (2%대)
    no_figure: bool = False  # a bound noun with no figure or quantity word before it: no counter
    keep: str | None = None  # why it stays in Hangul regardless (name, glossed, currency)
    attached: bool = False   # a one-syllable piece attached to a longer Sino-Korean word
    followed_by: str = ""    # "V" when 하다/되다/시키다 follows (verbal noun), "A" for an adjective
    before_title: bool = False  # a title follows (전 대통령: former)
    after_name: bool = False    # a title right after a name or bare family name (박 시장: 市長)
    enfeoffed: bool = False     # a rank one is made (영성군에 봉해졌다, 백으로 봉하다): 君, 伯
    in_compound: bool = False   # glued to other Sino-Korean nouns in one word (집적단지)
    title_near: bool = False    # a modern title follows within a few words (이재명 ... 후보)
    stem_kind: str = ""         # for a suffix: the semantic class of the word it is glued to
    after_place: bool = False   # right after a place name (전남 여수, 종로구 계동): likely a place too
    among_names: bool = False   # an item of a list whose neighbouring item is a person's name
    after_toward: bool = False  # after 對 "toward" and a noun (대국민 사과, 대정부 질문): an act
    phrase_start: bool = False  # after a particle, an ending, a sign or the start: nothing before
                                # it that 以上 or 以下 could measure (기계에 이상이)
    position: str = ""          # "head" when glued after a noun or figure (첨단3지구), "modifier"
                                # when a noun is glued after it (지구온난화), else ""
    after_kin: bool = False     # a family-name-led word right after a kinship word or an office
                                # that names the person next (그의 아들 유공, 장군 조현)
    spelled: str = ""           # the spelling analysis settles for a word of a closed kind: a chain
                                # of states or administrative units (韓美日, 市郡), a year of the
                                # cycle (丙寅), an item of a · list (시·도: 市; 노·사, as 勞使: 勞)
    listed: str = ""            # the list separator before it: "," for a comma or 와/과, which also
                                # part clauses or join a partner (시장, 군수와); "·" for ·, / and 및

class NativeContext:
    """The native nouns and verb stems of a text by offset, to find those around a word on its
    line: 물을 깨끗하게 around 정수 says 淨水 (淨: 깨끗할 정, 水: 물 수)."""

    def __init__(self) -> None:
        self.offsets: list[int] = []
        self.words: list[str] = []    # "N"+noun or "V"+verb stem, as the lexicon's glosses
        self.line_ends: list[int] = []
        self._parts: dict[str, tuple[str, ...]] = {}   # noun -> the native words inside it

    def add(self, text: str, tokens, base: int = 0, lex: Lexicon | None = None) -> None:
        """Add a piece of the text that starts at offset base (pieces come in order); given the
        lexicon, also the native words inside mixed nouns (산불, 山불: 불)."""
        for tok in tokens:
            if tok.tag == "NNG":
                key = "N" + tok.form
                if lex is not None and len(tok.form) > 1:
                    parts = self._parts.get(tok.form)
                    if parts is None:   # a text repeats its words
                        parts = self._parts[tok.form] = _native_parts(tok.form, lex)
                    for part in parts:
                        self.offsets.append(base + tok.start)
                        self.words.append("N" + part)
            elif tok.tag.startswith(("VV", "VA")):
                key = "V" + tok.form
            elif tok.tag == "XR":
                key = "V" + tok.form + "하"   # 깨끗/XR + 하/XSA is the stem 깨끗하
            else:
                continue
            self.offsets.append(base + tok.start)
            self.words.append(key)
        self.line_ends += [base + m.start() for m in re.finditer("\n", text)]

    def around(self, start: int, end: int, span: int) -> frozenset[str]:
        """The words within span characters of [start, end) on the same line, not inside it."""
        k = bisect.bisect_left(self.line_ends, start)
        line_start = self.line_ends[k - 1] + 1 if k > 0 else 0
        line_end = self.line_ends[k] if k < len(self.line_ends) else end + span
        lo = bisect.bisect_left(self.offsets, max(line_start, start - span))
        hi = bisect.bisect_right(self.offsets, min(line_end, end + span))
        return frozenset(self.words[m] for m in range(lo, hi) if not start <= self.offsets[m] < end)


def _native_parts(word: str, lex: Lexicon) -> tuple[str, ...]:
    """The native words inside a mixed word, as its likeliest spelling shows them (산불: 山불)."""
    entries = lex.get(word, "N")
    if not entries:
        return ()
    best = max(entries, key=lambda e: e.prior).hanja
    if best == KEEP or len(best) != len(word):
        return ()
    return tuple(NATIVE_RUN.findall(best))


class Piece(NamedTuple):
    """What analysis reads of a Kiwi token: form, tag, place. Read once from Kiwi's token
    (whose every attribute read builds a new Python object), or cut out of one (제3자)."""
    form: str
    tag: str
    start: int
    len: int


DISTRIBUTIVE = "당"   # the suffix "per" (個當, 週當): no word ends with it where Kiwi reads it so
ORDINAL_NOUN = re.compile(r"(제)(\d+)([가-힣]{1,2})")


def tokenize(text: str):
    """Kiwi tokens of a text; an ordinal Kiwi knows as one noun (제3자/NNG) is cut into prefix,
    figure and counter, as Kiwi itself cuts the others (제/XPN 2/SN 차/NNB)."""
    out = []
    for token in kiwi().tokenize(text):
        tok = Piece(token.form, token.tag, token.start, token.len)
        m = ORDINAL_NOUN.fullmatch(tok.form) if tok.tag in ("NNG", "NNP") else None
        if m is None or text[tok.start:tok.start + tok.len] != tok.form:
            out.append(tok)
            continue
        start = tok.start
        for part, tag in zip(m.groups(), ("XPN", "SN", "NNB")):
            out.append(Piece(part, tag, start, len(part)))
            start += len(part)
    return out


def find_units(text: str, lex: Lexicon, tokens=None) -> list[Unit]:
    """The candidate units of a text, in order, with what the context says about each."""
    if tokens is None:
        tokens = tokenize(text)
    units: list[Unit] = []
    names = _name_spans(text, tokens, lex)
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        state = _state_name(text, tokens, i, lex) if tok.form.endswith(STATE_WORD) or (
            i + 1 < n and tokens[i + 1].form == STATE_WORD) else 0
        if state:   # 정나라, 조/NNG 나라/NNG: the state's one syllable; 나라 is native
            units.append(Unit(tok.start, tok.start + 1, text[tok.start], "N", STATE))
            i += state
            continue
        if tok.start in names and tok.tag not in NOUN_TAGS:   # 한/MM 승민 씨: a name Kiwi misread
            end = names[tok.start]
            units.append(Unit(tok.start, end, text[tok.start:end], "N", tok.tag, keep="name"))
            while i < n and tokens[i].start < end:
                i += 1
            continue
        listed = _one_token_list(tok, text, lex)
        if listed:
            # 한·미, 시·도, 여·야: Kiwi's one token for states, administrative units or the parts
            # of a word listed by one syllable each
            tag, spellings = listed
            units.extend(Unit(tok.start + m.start(), tok.start + m.end(), m.group(), "N", tag, spelled=spelling)
                         for m, spelling in zip(re.finditer("[가-힣]", tok.form), spellings)
                         if spelling != m.group())   # (러 stays in Hangul)
            i += 1
            continue
        if tok.tag in NOUN_TAGS or _misread_prenoun(text, tokens, i, lex):
            j = i
            while j + 1 < n and tokens[j + 1].start == _end(tokens[j]) and (
                    tokens[j + 1].tag in NOUN_TAGS or _glued_determiner(tokens, j + 1)):
                j += 1
            units.extend(_chunk_units(text, tokens, i, j, lex, names))
            i = j + 1
            continue
        if tok.tag in ("MAG", "MAJ", "MM"):
            surface = text[tok.start:_end(tok)]
            if surface == tok.form and all(map(is_syllable, surface)):
                if _ordinal_prefix(text, tokens, i):   # 조선의 제/MM 4대: the ordinal prefix 第
                    units.append(Unit(tok.start, _end(tok), surface, CLASSES_OF_TAG["XPN"], "XPN"))
                else:
                    units.append(Unit(tok.start, _end(tok), surface, CLASSES_OF_TAG[tok.tag], tok.tag))
        elif _verb_tag(tok.tag) in VERB_TAGS and tok.form.endswith(ROOT_ENDINGS) and len(tok.form) >= 2:
            root = tok.form[:-1]
            if text.startswith(root, tok.start) and all(map(is_syllable, root)):
                if tok.form.endswith("하"):
                    units.append(Unit(tok.start, tok.start + len(root), root, "V", _verb_tag(tok.tag)))
                elif any(e.sem == "動作" for e in lex.get(root, "N")):
                    # 인정받/VV: the verbal noun 認定, as in 인정/NNG 받/XSV (물려받: no verbal noun)
                    units.append(Unit(tok.start, tok.start + len(root), root, "N", "NNG", followed_by="V"))
        i += 1
    repaired = _repair_splits(text, tokens, lex) + _cycle_years(text, lex)
    if repaired:
        units = [u for u in units if not any(r.start < u.end and u.start < r.end for r in repaired)]
        units = sorted(units + repaired, key=lambda u: u.start)
    protected = [m.span() for m in PROTECTED.finditer(text)]
    if protected:
        units = [u for u in units if not any(s < u.end and u.start < e for s, e in protected)]
    # a syllable glued to Hanja or to a closing symbol is an ending or particle of that word
    # (特히, 87%의): never a new word
    units = [u for u in units if not (len(u.text) == 1 and u.start > 0 and _glued(text[u.start - 1])
                                      and u.counting != "range")]
    for a, b in zip(units, units[1:]):
        if b.start - a.end == 1 and text[a.end] == " " and _is_place(a.text, lex):
            b.after_place = True
        elif 0 < b.start - a.end <= 3 and PLACE_LIST.match(text, a.end, b.start):
            # a list holds things of one kind: next to a place, an item is likely one (함평 / 구례)
            if _is_place(a.text, lex):
                b.after_place = True
            if _is_place(b.text, lex):
                a.after_place = True
        if b.start - a.end == 1 and text[a.end] == " " and len(a.text) > 1 and _toward(a.text, lex):
            b.after_toward = True
    _mark_dot_lists(text, units, lex)
    _mark_positions(text, units)
    _mark_name_lists(text, units, lex)
    _mark_titles(text, units, lex)
    nouns = [u for u in units if nominal(u)]   # (및 is an adverb unit of its own)
    for a, b in zip(nouns, nouns[1:]):
        if 0 < b.start - a.end <= 3:
            sep = ANY_LIST.match(text, a.end, b.start)
            if sep:
                b.listed = "," if sep.group(1) in (",", "，", "와", "과") else "·"
    by_start: dict = {}
    ends = {_end(tok): tok for tok in tokens}
    for tok in tokens:
        by_start.setdefault(tok.start, tok)   # 했 = 하 + 었 share an offset: the first is the stem
    for u in units:
        if u.keep is None and GLOSS_AFTER.match(text, u.end):
            u.keep = "glossed"
        if u.keep is None and _named(text, u, by_start, lex):
            u.keep = "name"
        u.after_kin = _after_kin(text, u, lex)
        if u.text == CLAN_SEAT and (seat := CLAN_FRAME.match(text, u.end)) and _seat_name(seat.group(1), lex):
            u.spelled = CLAN_SEAT_HANJA   # 본관은 안동이며: the clan's seat, no 本館 (main building)
        before = ends.get(u.start) or ends.get(u.start - 1)
        # (a figure, a unit in Latin letters or a unit sign is measured: 100km 이상, 20% 이상)
        u.phrase_start = u.start == 0 or (before is not None and before.tag.startswith(("J", "E", "S", "VCP"))
                                          and before.tag not in MEASURE_TAGS)
        if 2 <= len(u.text) <= 4 and any(e.sem in ("人名", "名") for e in lex.get(u.text, "N")):
            u.title_near = _title_near(text, u.end)
        if len(u.text) == 1 and u.tag in ("MM", "NNG", "NNP", "XPN"):   # 전/NNP 장관: former
            u.before_title = _title_follows(text, u.end)
        nxt = by_start.get(u.end)
        if nxt is not None and nxt.form in RANK_PARTICLES and nxt.tag.startswith("J"):
            gap = _end(nxt)
            while gap < len(text) and text[gap] == " ":
                gap += 1
            after = by_start.get(gap)
            u.enfeoffed = after is not None and after.form.startswith(ENFEOFF)
        if nxt is not None and u.tag != "VV":
            if nxt.tag == "XSV" or (_verb_tag(nxt.tag) == "VV" and nxt.form in ("하", "되", "시키", "당하", "받")):
                u.followed_by = "V"
            elif nxt.tag == "XSA" or (_verb_tag(nxt.tag) == "VA" and nxt.form == "하"):
                # an object right before it makes it a verb, whatever Kiwi says: an adjective
                # takes none (자금을 유용한: 流用, not 有用)
                # (정보를 유용하게 활용했다: an adverb's object is the next verb's)
                after = by_start.get(_end(nxt))
                u.followed_by = "V" if _object_before(text, u.start, ends) and not (
                    after is not None and after.form == "게") else "A"
    return units


# 호를 ...(이)라 하였다 names too; 자를, 명을 seldom do (그 자를 잡았다)
NAME_FRAME = re.compile(r"(?<!\w)(?:([아시묘법별당자연]?호)[는은를]|(초?자|[초유]?휘|[아초법본필예]명)[는은])\s+")
FRAME_ENDS = frozenset({"는 ", "은 ", "를 "})
# a biography's opening formula names the clan's seat: 본관은 안동이며, 본관은 경주, 자는 ...
CLAN_SEAT, CLAN_SEAT_HANJA = "본관", "本貫"
CLAN_FRAME = re.compile(r"[은는] ([가-힣]{2})(?:,|이며|이다|이고|으로|이었)")
FIGURE_BEFORE = re.compile(r"\d[\d,.]*\s*[십백천만억조]*\s*$")


def _seat_name(word: str, lex: Lexicon) -> bool:
    """Whether a two-syllable word can be a clan's seat: a place, or no common noun."""
    best = _likeliest(word, lex)
    return len(word) == 2 and (best is None or best.sem not in COMMON_SEMS
                               or any(e.sem in PLACE_SEM for e in lex.get(word, "N")))


def _named(text: str, u: Unit, by_start: dict, lex: Lexicon) -> bool:
    """Whether a unit is in the word a naming phrase introduces (자는 자명, 호는 송정, 시호는
    문성, 휘는 원) and has more than one spelling: a courtesy, pen or posthumous name is made of
    well-meaning characters, not of the common word that sounds like it, so Hangul is the honest
    choice where the lexicon offers several."""
    word_start = u.start
    while word_start > 0 and is_syllable(text[word_start - 1]):
        word_start -= 1
    if text[max(0, word_start - 2):word_start] not in FRAME_ENDS:
        return False   # (most words follow no 는, 은 or 를: no need to look further)
    m = None
    for m in NAME_FRAME.finditer(text, max(0, word_start - 8), word_start):
        pass
    if m is None or m.end() != word_start or "\n" in m.group(0) \
            or FIGURE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
        return False   # (5만 호를 조기에: houses counted)
    frame = by_start.get(m.start())
    if m.group(2) == "자" and (frame is None or _verb_tag(frame.tag) == "VV") \
            and not text[max(0, m.start() - 3):m.start()].rstrip().endswith(","):
        return False   # (잠을 자는 시간: the verb 자다; 본관은 경주, 자는 ...: the name)
    spellings = {e.hanja for e in lex.get(u.text, "N") if e.hanja != KEEP}
    return len(spellings) != 1 or len(u.text) == 1


KIN_BEFORE = frozenset("""아들 딸 동생 아우 형님 누이 형제 자매 남매 조부 증조부 고조부 외조부 할아버지 아버지 부친
어머니 모친 손자 손녀 증손 현손 장남 차남 삼남 장녀 차녀 사위 며느리 부인 아내 남편 숙부 백부 삼촌 조카 외손 외삼촌
장인 처남 스승 제자 장자 서자 양자""".split())
OFFICE_BEFORE = frozenset("""장군 대장군 태수 자사 목사 현령 현감 관찰사 절도사 병마사 승상 정승 영의정 좌의정 우의정 판서
참판 도독 왕자 세자 태자 공주 옹주 대군 왕비 왕후 후궁 재상 장수 신하 승려""".split())
WORD_BEFORE = re.compile(r"(?<![가-힣])([가-힣]+) $")
# what may follow a person's name in an encyclopedia sentence: unlike PARTICLES (what a title may
# carry), no 로, 으로 or 에, which follow places and things far more often (장군 시절로)
NAME_PARTICLES = re.compile(r"은|는|이|가|을|를|의|과|와|도|에게|께서|이다|이며|이고|이었다|이었으며|만")


def _after_kin(text: str, u: Unit, lex: Lexicon) -> bool:
    """Whether a word of two or three syllables that Kiwi reads as a proper noun or does not know,
    opening with a family name, follows a bare kinship word or office, as a person's name does in
    an encyclopedia (그의 동생 유공은, 태수 조현이): the common word that sounds like the name is
    no reading of it. (Kiwi knows the common nouns that follow such words: 장군 시절, 아버지 사업)"""
    if u.tag not in ("NNP", SYLLABLES) or (
            not (2 <= len(u.text) <= 3 and u.text[0] in lex.surnames()) and u.text[:2] not in COMPOUND_SURNAMES):
        return False
    m = WORD_BEFORE.search(text, max(0, u.start - 12), u.start)
    if m is None:
        return False
    after = re.match(r"[가-힣]*", text[u.end:u.end + 6]).group(0)
    if after and not NAME_PARTICLES.fullmatch(after):
        return False
    before = m.group(1)
    return before in KIN_BEFORE or any(before.endswith(o) for o in OFFICE_BEFORE)


def _object_before(text: str, start: int, ends: dict) -> bool:
    """Whether the word before offset start, a space away, ends in an object particle."""
    before = ends.get(start - 1)
    return start > 0 and text[start - 1] == " " and before is not None and before.tag == "JKO"


def _verb_tag(tag: str) -> str:
    """A Kiwi tag without its regular/irregular mark (인정받/VV-R is a VV)."""
    return tag.split("-", 1)[0]


LIST_SEPARATOR = re.compile(r"\s*[·,、]\s*$")
ANY_LIST = re.compile(r"\s*([·ㆍ,、，/]|및|와|과)\s*$")   # (시장, 군수와 구청장: the last item joined by 와)
PLACE_LIST = re.compile(r"\s*[·、/]\s*$")   # (a comma also parts clauses: 순천, 사과 농가는)


def nominal(u: Unit) -> bool:
    """Whether a unit is a noun (not an adverb, a determiner or a verb's root)."""
    return u.classes[0] in "NSB" and u.tag not in ("MAG", "MAJ", "MM", "XPN")


def _mark_name_lists(text: str, units: list[Unit], lex: Lexicon) -> None:
    """Mark the items of a list (김철수·장안동·박영희) next to an item that is a person's name:
    a list holds things of one kind. One that shares the list's title (김철수·장안동 위원) is a
    name kept in Hangul like the others."""
    for a, b in zip(units, units[1:]):
        if 0 < b.start - a.end <= 3 and LIST_SEPARATOR.match(text, a.end, b.start) \
                and (a.keep == "name") != (b.keep == "name"):
            item = b if a.keep == "name" else a
            item.among_names = True
            if item.keep is None and 2 <= len(item.text) <= 4 and item.text[0] in lex.surnames() \
                    and _title_near(text, item.end, NAME_TITLE_WORDS):
                item.keep = "name"


def _one_token_list(tok, text: str, lex: Lexicon) -> tuple[str, list[str]] | None:
    """(tag, each item's spelling) when Kiwi's noun token lists one-syllable words with ·:
    states (한·미: COUNTRIES), or what _dot_list finds (시·도, 여·야), else None."""
    if tok.tag not in ("NNP", "NNG") or "·" not in tok.form or not text.startswith(tok.form, tok.start):
        return None
    parts = tok.form.split("·")
    if not all(len(p) == 1 for p in parts):
        return None
    if tok.tag == "NNP" and STATE_LIST.fullmatch(tok.form):
        return COUNTRIES, [STATE_SYLLABLES[p] for p in parts]
    return _dot_list(parts, lex)


def _dot_list(items: list[str], lex: Lexicon) -> tuple[str, list[str]] | None:
    """(tag, each item's spelling) for one-syllable items listed with · that are distinct
    administrative units (시·도: ADMIN, 市·道) or that together make a common word, as its
    likeliest spelling is one HanDic counts as common (노·사: LISTED_WORD, 勞·使), else None."""
    if all(t in ADMIN_SYLLABLES for t in items) and len(set(items)) == len(items):
        return ADMIN, [ADMIN_SYLLABLES[t] for t in items]
    best = _likeliest("".join(items), lex)
    if best is not None and best.sem in COMMON_SEMS and all(map(is_hanja, best.hanja)):
        return LISTED_WORD, list(best.hanja)
    return None


def _mark_dot_lists(text: str, units: list[Unit], lex: Lexicon) -> None:
    """One-syllable words listed with · that are distinct administrative units (시·도, 읍·면·동),
    or that together make a common word (노·사·정: 勞使政)."""
    k = 0
    while k < len(units):
        m = k
        while m + 1 < len(units) and text[units[m].end:units[m + 1].start] == "·":
            m += 1
        run = units[k:m + 1]
        listed = _dot_list([u.text for u in run], lex) if len(run) > 1 and all(
            len(u.text) == 1 and u.tag not in (COUNTRIES, STATE) for u in run) else None
        if listed:
            tag, spellings = listed
            for u, spelling in zip(run, spellings):
                u.tag, u.classes, u.spelled = tag, "N", spelling
        k = m + 1


def _mark_titles(text: str, units: list[Unit], lex: Lexicon) -> None:
    """Mark a title a space after a proper name (김민수 시장) or a bare family name (박 시장)."""
    for a, b in zip(units, units[1:]):
        if b.text in TITLES and b.start - a.end == 1 and text[a.end] == " " and (
                (a.keep == "name" and a.tag != "NNG") or (len(a.text) == 1 and a.text in lex.surnames()
                                                           and _title_follows(text, a.end))):
            # (a name Kiwi reads as a common noun may be one: 배터리 시장 is a market)
            b.after_name = True


def _mark_positions(text: str, units: list[Unit]) -> None:
    """Which units are the head or the modifier of a written compound (no space between)."""
    nouns = [u for u in units if u.classes.startswith(("N", "S", "B"))]
    for a, b in zip(nouns, nouns[1:]):
        if a.end == b.start:
            a.position = "modifier" if not a.position else ""
            b.position = "head"
    for u in nouns:
        if not u.position and u.start > 0 and text[u.start - 1].isdigit():
            u.position = "head"   # a numbered part of a whole: 3지구, 2단지


def _repair_splits(text: str, tokens, lex: Lexicon) -> list[Unit]:
    """Lexicon words Kiwi cut with a particle inside (제관의 = 제 + 관 + 의, 법의는 = 법 + 의 + 는).

    Only where Kiwi's pieces of the word include a particle, ending or pronoun, and a real
    particle follows the word: then Kiwi's reading is ungrammatical and the word is the better one.
    """
    out: list[Unit] = []
    ends = {_end(t) for t in tokens}
    starts = [t.start for t in tokens]
    for m in re.finditer(r"[가-힣]{3,}", text):
        ws, we = m.span()
        inside = tokens[bisect.bisect_left(starts, ws):bisect.bisect_left(starts, we)]
        for k in range(min(6, we - ws - 1), 1, -1):
            boundary = ws + k
            if boundary not in ends:
                continue
            word = text[ws:boundary]
            pieces = [t for t in inside if t.start < boundary]
            after = [t for t in inside if t.start >= boundary]
            if (len(pieces) < 2 or not after or not after[0].tag.startswith(("J", "VCP"))
                    or not any(t.tag.startswith(SPLIT_SUSPECT) for t in pieces)):
                continue
            best = max(lex.get(word, "N"), key=lambda e: e.prior, default=None)
            if best is not None and best.hanja != KEEP and best.sem not in ("人名", "名"):
                out.append(Unit(ws, boundary, word, "N", "REPAIR"))
                break
    return out


def _cycle_years(text: str, lex: Lexicon) -> list[Unit]:
    """Words between a year and a month that the lexicon spells as a year of the sexagenary cycle
    (숙종 8년 병인 3월: 丙寅), whatever Kiwi cut them into (병/NNG 이/VCP ᆫ/ETM)."""
    return [Unit(m.start(1), m.end(1), m.group(1), "N", CYCLE, spelled=year)
            for m in CYCLE_DATE.finditer(text) if (year := _cycle_year(m.group(1), lex))]


def _cycle_year(word: str, lex: Lexicon) -> str | None:
    """The word's spelling as a year of the sexagenary cycle (병인: 丙寅), if the lexicon has one."""
    return next((e.hanja for e in lex.get(word, "N")
                 if len(e.hanja) == 2 and e.hanja[0] in STEMS and e.hanja[1] in BRANCHES), None)


def _toward(word: str, lex: Lexicon) -> bool:
    """Whether the word is 對 "toward" and a noun of its own (對國民, 對政府), not a word that
    merely starts with 對 (對策, 對象)."""
    if len(word) < 3:
        return False
    best, rest = _likeliest(word, lex), _likeliest(word[1:], lex)
    return best is not None and rest is not None and best.hanja == "對" + rest.hanja


def _likeliest(word: str, lex: Lexicon) -> Entry | None:
    """The word's likeliest Hanja spelling as a noun, if it has one."""
    return max((e for e in lex.get(word, "N") if e.hanja != KEEP), key=lambda e: e.prior, default=None)


def _is_place(word: str, lex: Lexicon) -> bool:
    """Whether the word's likeliest Hanja reading is a place name."""
    best = _likeliest(word, lex)
    return best is not None and best.sem in PLACE_SEM


def _glued(prev: str) -> bool:
    """Whether a syllable right after this character belongs to the word before it."""
    return not (prev.isspace() or is_syllable(prev) or prev.isdigit() or prev in OPENERS)


OPENERS = frozenset("([{<“‘'\"「『《〈【·,/…-–—~")


def _end(tok) -> int:
    return tok.start + tok.len


def _chunk_units(text: str, tokens, i: int, j: int, lex: Lexicon, names: dict[int, int]) -> list[Unit]:
    """Units of a run of contiguous noun-like tokens: longest lexicon words over token boundaries."""
    # (a prefix counts nothing: 코로나19 재유행 is 再流行, no 才)
    after_number = tokens[i].tag != "XPN" and (
        _follows_figure(text, tokens, i) or _counted_by_numeral(text, tokens, i, lex))
    pieces: list[Unit] = []
    k = i
    while k <= j:
        tok = tokens[k]
        surface = text[tok.start:_end(tok)]
        if tok.start in names:
            end = names[tok.start]
            pieces.append(Unit(tok.start, end, text[tok.start:end], "N", tok.tag, keep="name"))
            k += 1
            while k <= j and tokens[k].start < end:
                k += 1
            continue
        if not all(map(is_syllable, surface)) or surface != tok.form:
            k += 1
            continue
        if after_number and surface in CURRENCY and (k == i or tokens[k - 1].tag == "NR"):
            # 7억 원대: the won, not 遠大; 5조원: 5兆 원, not 組員
            pieces.append(Unit(tok.start, _end(tok), surface, "N", tok.tag, after_number=True, keep="currency"))
            k += 1
            continue
        if surface == RANGE and _after_figure_unit(text, tokens, k):
            # 대 glued to a figure's unit is the range the figure opens: 2%臺, 1萬 원臺
            pieces.append(Unit(tok.start, _end(tok), surface, "B", tok.tag, after_number=True, counting="range"))
            k += 1
            continue
        # the counter's place: right after the figure, or after its numeral word (20만명)
        counter_slot = after_number and (k == i or (k == i + 1 and tokens[i].tag == "NR"))
        # the longest run of tokens from k that is one lexicon word with a Hanja spelling
        best = k
        for m in range(j, k, -1):
            if tokens[m].tag == "XSN" and tokens[m].form == DISTRIBUTIVE:
                continue   # Kiwi reads 개/NNB 당/XSN, per piece: no 開堂 (주당: 週當, not 酒黨)
            joined = text[tok.start:_end(tokens[m])]
            if lex.has_hanja(joined, "N") and all(map(is_syllable, joined)) and not (
                    counter_slot and not _counter_first(tok, joined, lex)):
                best = m
                break
        if best > k:
            end = _end(tokens[best])
            # a word Kiwi could only cut into single syllables is one it does not know: often
            # a name (조창 = 조 + 창: a family-name spelling such as 曹彰)
            tag = SYLLABLES if all(_end(t) - t.start == 1 for t in tokens[k:best + 1]) else "COMPOUND"
            pieces.append(Unit(tok.start, end, text[tok.start:end], "N", tag))
            k = best + 1
            continue
        if tok.tag == "NR":
            # inside figures only the myriad words are written in Hanja: 379萬7014, 1億5000萬
            # (3천억: Kiwi's one numeral 천억 holds the myriad word last: 3천億)
            if after_number and k == i and surface[-1] in MYRIADS and all(c in DIGIT_WORDS for c in surface[:-1]):
                pieces.append(Unit(_end(tok) - 1, _end(tok), surface[-1], "N", tok.tag, after_number=True))
        elif tok.tag in ("NNG", "NNP") and surface not in lex and _glued_particle(surface, lex) and not (
                tok.tag == "NNP" and _particle_follows(tokens, k)):
            # (a proper noun with a particle after it: 상하이에 is no 상하 + 이 + 에)
            stem = _glued_particle(surface, lex)
            pieces.append(Unit(tok.start, tok.start + len(stem), stem, "N", "SPLIT"))
        elif (tok.tag == "NNP" or (tok.tag == "NNG" and len(surface) >= 3)) and (
                chain := state_chain(surface, lex)):
            # 한미일, 북중러: states named by one syllable each (韓美日, 北中러), no person's name
            pieces.append(Unit(tok.start, _end(tok), surface, "N", COUNTRIES, spelled=chain))
        elif tok.tag in ("NNG", "NNP") and (chain := _admin_chain(surface, lex)):
            # 시군, 읍면동: administrative units named by one syllable each (市郡, 邑面洞)
            pieces.append(Unit(tok.start, _end(tok), surface, "N", ADMIN, spelled=chain))
        elif tok.tag == "NNP" and _looks_like_name(surface, lex) and not (
                lex.has_hanja(surface, "N") and not _title_near(text, _end(tok))):
            # a name stays in Hangul, unless the dictionary knows its Hanja and no modern title
            # (후보, 의원, 기자) stands by it: 안중근, 이범석 in a history text
            pieces.append(Unit(tok.start, _end(tok), surface, "N", tok.tag, keep="name"))
        elif tok.tag in ("NNG", "NNP") and len(surface) >= 3 and surface not in lex:
            pieces.extend(_split_unknown(tok, surface, lex))
        else:
            unit = Unit(tok.start, _end(tok), surface, "N" if tok.tag == "MM" else CLASSES_OF_TAG[tok.tag],
                        tok.tag, after_number=counter_slot)
            if unit.after_number:
                unit.counting = _counting(text, tokens, k, lex)
            elif len(surface) == 1 and k == i and i > 0 and tokens[i - 1].form in TIME_ORDINALS \
                    and text[_end(tokens[i - 1]):tok.start] == " ":
                unit.counting = "next"   # 다음 주, 지난 회: a unit of time or turn, counted as after a figure
            elif tok.tag == "NNB" and len(surface) > 1 and k == i and (
                    i == 0 or tokens[i - 1].tag not in QUANTITY_TAGS):
                unit.no_figure = True   # (one syllable counts time without a figure: 다음 주)
            if unit.after_number and surface in CURRENCY:
                unit.keep = "currency"
            pieces.append(unit)
        k += 1
    _mark_attached(pieces, lex)
    _spell_after_counter(pieces, lex)
    if len(pieces) > 1:
        # glued to Sino-Korean nouns only; a loan or native neighbour (월드+투어) makes no such case
        sino = [lex.has_hanja(u.text) for u in pieces]
        for k, u in enumerate(pieces):
            u.in_compound = all(sino[:k] + sino[k + 1:])
    if _shattered(pieces):
        for u in pieces:
            u.keep = u.keep or "shattered"
    return pieces


def _spell_after_counter(pieces: list[Unit], lex: Lexicon) -> None:
    """A syllable glued after a counter takes its character from the lexicon word the two make
    with the counter's spelling: 30개사 is 30個社 (companies), as 개사 can be 個社; 개 stays the
    counter it was read as, so no 改詞."""
    for a, b in zip(pieces, pieces[1:]):
        if not (a.after_number and len(a.text) == 1 and len(b.text) == 1 and a.end == b.start
                and b.keep is None and not b.spelled and b.text != DISTRIBUTIVE):
            continue
        counters = {e.hanja for e in lex.get(a.text) if e.sem == COUNTER_SEM and e.hanja != KEEP}
        made = [e for e in lex.get(a.text + b.text, "N") if len(e.hanja) == 2 and e.hanja[0] in counters]
        if made:
            b.spelled = max(made, key=lambda e: e.prior).hanja[1]


def _counter_first(tok, word: str, lex: Lexicon) -> bool:
    """Whether the likeliest spelling of a lexicon word that starts with the counter after a
    figure starts with one of its counter spellings (a numeral's, for Kiwi's numerals): 3년간 is
    年間, but 10명당 is no 明堂 and 1개당 no 開堂."""
    if tok.tag == "NR":
        return False   # a numeral in a figure ends it: 20만명 is 20萬 名, no 萬明
    best = _likeliest(word, lex)
    return best is not None and any(best.hanja.startswith(e.hanja) for e in lex.get(tok.form)
                                    if e.sem in (COUNTER_SEM, NUMERAL_SEM) and e.hanja != KEEP)


def _shattered(pieces: list[Unit]) -> bool:
    """A word of three or more syllables that Kiwi could only cut into single syllables and
    the lexicon does not know (three places' initials): an abbreviation or a name, which its syllables
    alone cannot spell (不울頃 is wrong twice over). It stays in Hangul."""
    if len(pieces) < 3 or any(len(u.text) != 1 for u in pieces) or pieces[0].after_number:
        return False
    return all(b.start == a.end for a, b in zip(pieces, pieces[1:]))


def _misread_prenoun(text: str, tokens, i: int, lex: Lexicon) -> bool:
    """A determiner or adverb Kiwi cut off a noun it did not know (세존 = 세/MM + 존, 여걸 =
    여/MM + 걸): written without a space they are one word, and the lexicon has it."""
    tok = tokens[i]
    if tok.tag not in ("MM", "MAG") or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    if nxt.tag not in ("NNG", "NNP") or nxt.start != _end(tok):
        return False
    word = text[tok.start:_end(nxt)]
    if tok.form in DEMONSTRATIVES and len(word) < 3:
        return False   # writers glue a demonstrative to a short noun (이점 for 이 점, 이해 for 이 해)
    best = max(lex.get(word, "N"), key=lambda e: e.prior, default=None)
    return best is not None and best.hanja != KEEP and best.sem not in ("人名", "名")


def _after_figure_unit(text: str, tokens, k: int) -> bool:
    """Whether token k is glued to a unit of measure right after a figure (30%대, 1만 원대)."""
    if k < 2 or _end(tokens[k - 1]) != tokens[k].start:
        return False
    unit = tokens[k - 1]
    return (unit.form == "%" or unit.tag == "NNB" or unit.form in CURRENCY) and _follows_figure(text, tokens, k - 1)


def _follows_figure(text: str, tokens, i: int) -> bool:
    """Whether token i counts something: 3년, 250여 명, 3천 명, 5 개."""
    k = i - 1
    if k < 0 or tokens[i].start - _end(tokens[k]) > 1 or text[_end(tokens[k]):tokens[i].start] not in ("", " "):
        return False
    while k >= 0 and (tokens[k].tag == "NR" or (tokens[k].tag == "XSN" and tokens[k].form == "여")):
        if k == 0 or _end(tokens[k - 1]) != tokens[k].start:
            return tokens[k].tag == "NR" and k < i - 1   # 천 명: a numeral word counts too
        k -= 1
    return k >= 0 and tokens[k].tag == "SN"


NATIVE_NUMERALS = frozenset("한 두 세 석 서 네 넉 너 다섯 여섯 일곱 여덟 아홉 열 스무 몇 여러".split())


def _counted_by_numeral(text: str, tokens, i: int, lex: Lexicon) -> bool:
    """Whether token i is a counter a native numeral counts, a space away: 한 명, 두 대, 한 포기
    (a word with no counter reading after 한 is just "a": 한 대학, 한 사람)."""
    prev = tokens[i - 1] if i > 0 else None
    return prev is not None and prev.tag == "MM" and prev.form in NATIVE_NUMERALS \
        and text[_end(prev):tokens[i].start] == " " \
        and any(e.sem == COUNTER_SEM for e in lex.get(tokens[i].form, "B"))


def _state_name(text: str, tokens, i: int, lex: Lexicon) -> int:
    """How many tokens from i spell a state the lexicon knows, one syllable and 나라 (정나라,
    조/NNG 나라/NNG), or 0."""
    tok = tokens[i]
    if tok.tag not in ("NNG", "NNP") or (tok.start > 0 and is_syllable(text[tok.start - 1])):
        return 0
    surface = text[tok.start:_end(tok)]
    if len(surface) == 3 and surface.endswith(STATE_WORD):
        count = 1
    elif len(surface) == 1 and i + 1 < len(tokens) and tokens[i + 1].form == STATE_WORD \
            and tokens[i + 1].start == _end(tok) and not text[_end(tokens[i + 1]):][:1].isalnum():
        count = 2
    else:
        return 0
    word = text[tok.start] + STATE_WORD
    return count if any(e.hanja.endswith(STATE_WORD) for e in lex.get(word, "N")) else 0


def _glued_determiner(tokens, i: int) -> bool:
    """Whether token i is a determiner glued to the noun before it: a determiner is a word of
    its own, so Kiwi has cut an unknown noun (결/NNG 각/MM 연/NNG is 결각연, 경석/NNP 고/MM is
    경석고)."""
    return tokens[i].tag == "MM" and i > 0 and tokens[i - 1].tag in NOUN_TAGS \
        and tokens[i].start == _end(tokens[i - 1])


def _ordinal_prefix(text: str, tokens, i: int) -> bool:
    """Whether token i is the prefix 제 of an ordinal figure (제4대, 제20회)."""
    return (tokens[i].form == "제" and i + 1 < len(tokens) and tokens[i + 1].tag == "SN"
            and tokens[i + 1].start == _end(tokens[i]))


def _counting(text: str, tokens, i: int, lex: Lexicon) -> str:
    """How the figure before counter token i counts: "versus" between two bare figures (2대 1),
    "ordinal" after 제 (제4대), "large" when a space or a numeral word stands between figure and
    counter (20만 대, 3천대: thousands of things, no age or generation),
    "counted" when the thing it counts stands before the figure (차량 15대가), "head" when a
    particle or the end follows (16강에), else ""."""
    if _bare_figure_after(text, tokens, i):
        return "versus"
    if text[tokens[i].start - 1] == " " or tokens[i - 1].tag == "NR":
        return "large"
    k = i - 1
    while k > 0 and tokens[k].tag in ("SN", "NR") and tokens[k - 1].tag in ("SN", "NR") \
            and _end(tokens[k - 1]) == tokens[k].start:
        k -= 1
    if k > 0 and _ordinal_prefix(text, tokens, k - 1):
        return "ordinal"
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    # a particle or the end after it: the counted word heads its phrase (16강에 進出), where a
    # noun after it would make it a modifier (5대 기업: 五大)
    if not (nxt is None or nxt.tag.startswith(("J", "VCP", "S", "E"))):
        return ""
    return "counted" if k > 0 and _counted_noun(text, tokens, k - 1, lex) else "head"


def _counted_noun(text: str, tokens, k: int, lex: Lexicon) -> bool:
    """Whether token k, a space before a figure, is a thing that figure counts (장비 20대, 버스
    2대): a noun that names no person or time (남성 50대 is an age, 이후 3대 generations) and no
    part of a group (응답자 가운데)."""
    tok = tokens[k]
    if tok.tag not in ("NNG", "NNP") or text[_end(tok):_end(tok) + 1] != " ":
        return False
    word = text[tok.start:_end(tok)]
    best = _likeliest(word, lex)
    if best is None:   # a native word or a loanword (버스, 드론) unless it places the figure in a group
        return word not in GROUP_WORDS
    return best.hanja[-1] not in UNCOUNTED_ENDINGS and best.hanja not in GROUP_WORDS


def _bare_figure_after(text: str, tokens, i: int) -> bool:
    """Whether a figure that counts nothing follows token i, as a score's does (2대 1로, 3대0):
    no number word or counter glued to it (2대 1천만 원 is two things for ten million won)."""
    k = i + 1
    if k >= len(tokens) or tokens[k].tag != "SN" or text[_end(tokens[i]):tokens[k].start] not in ("", " "):
        return False
    return k + 1 == len(tokens) or tokens[k + 1].start > _end(tokens[k]) or tokens[k + 1].tag not in (
        "SN", "NR", "NNB", "NNG", "SW")


def _particle_follows(tokens, k: int) -> bool:
    """Whether a particle is glued right after token k."""
    return k + 1 < len(tokens) and tokens[k + 1].tag.startswith("J") and tokens[k + 1].start == _end(tokens[k])


def _glued_particle(surface: str, lex: Lexicon) -> str | None:
    """The lexicon word before a particle Kiwi took into an unknown noun (모필로 = 모필 + 로)."""
    m = GLUED_PARTICLE.search(surface)
    if m and m.start() >= 2:
        stem = surface[:m.start()]
        if lex.has_hanja(stem, "N"):
            return stem
    return None


def _split_unknown(tok, surface: str, lex: Lexicon) -> list[Unit]:
    """Split an unknown noun into lexicon words (실증동 -> 실증 + 동) or keep it whole."""
    n = len(surface)
    # best[p] = (pieces, cost) covering surface[:p]; a piece is a Sino-Korean lexicon word,
    # the last piece may be one syllable (a suffix or bound noun)
    best: list[tuple[tuple[int, int], list[tuple[int, int]]] | None] = [None] * (n + 1)
    best[0] = ((0, 0), [])
    for p in range(n):
        if best[p] is None:
            continue
        for q in range(p + 1, n + 1):
            word = surface[p:q]
            if q - p == 1:
                # (a proper noun's last syllable must be a suffix: 상하이 is no 上下 + 이)
                if q != n or p == 0 or not lex.has_hanja(word, "SB" if tok.tag == "NNP" else "SBN"):
                    continue
            elif not lex.has_hanja(word, "N"):
                continue
            # fewest pieces; among as few, fewest words only libhangul lists (HanDic's corpus
            # never saw them): 상수도관 is 상수도 + 관, not 상수 + 도관
            cost = (best[p][0][0] + 1, best[p][0][1] + (q - p > 1 and not _seen_word(word, lex)))
            if best[q] is None or cost < best[q][0]:
                best[q] = (cost, best[p][1] + [(p, q)])
    if best[n] is None:
        return [Unit(tok.start, tok.start + n, surface, "N", tok.tag)]
    return [Unit(tok.start + p, tok.start + q, surface[p:q], "N" if q - p > 1 else "SBN", "SPLIT",
                 attached=(q - p == 1)) for p, q in best[n][1]]


def _seen_word(word: str, lex: Lexicon) -> bool:
    """Whether HanDic knows a Sino-Korean spelling of the word (with a class; not only listed)."""
    return any(e.sem != "-" and e.hanja != KEEP for e in lex.get(word, "N"))


def _mark_attached(pieces: list[Unit], lex: Lexicon) -> None:
    """A one-syllable piece glued to a word: Sino-Korean only if its neighbour is."""
    for idx, u in enumerate(pieces):
        if len(u.text) != 1 or u.keep or u.counting == "range":   # (원대: the range of won, no suffix)
            continue
        prev = pieces[idx - 1] if idx > 0 and pieces[idx - 1].end == u.start else None
        nxt = pieces[idx + 1] if idx + 1 < len(pieces) and pieces[idx + 1].start == u.end else None
        if prev is not None:
            u.attached = True
            if prev.keep == "name" or not lex.has_hanja(prev.text):
                u.keep = "native-stem"   # 스타트+업, 이틀+간: no Hanja suffix on a non-Sino word
            else:
                u.classes = "SBN"   # glued to a Sino-Korean word it works as a suffix, whatever its tag
                stem = _likeliest(prev.text, lex)
                u.stem_kind = stem.sem if stem is not None and stem.sem != "-" else ""
        elif nxt is not None and u.tag in ("XPN",) and not lex.has_hanja(nxt.text):
            u.keep = "native-stem"


def _name_spans(text: str, tokens, lex: Lexicon) -> dict[int, int]:
    """Start -> end of personal names: surname + given name next to a title or form of address."""
    surnames = lex.surnames()
    spans: dict[int, int] = {}
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        at_word_start = tok.start == 0 or not text[tok.start - 1].isalnum()
        if not (at_word_start and tok.tag in ("NNP", "NNG", "MM") and text[tok.start] in surnames):
            i += 1
            continue
        j = i
        # (Kiwi cuts some names at a determiner: 박지/NNP 현/MM)
        while j + 1 < n and tokens[j + 1].tag in ("NNP", "NNG", "NNB", "MM") and tokens[j + 1].start == _end(tokens[j]):
            j += 1
        run = list(tokens[i:j + 1])
        cue = False
        while len(run) > 1 and (run[-1].form in ADDRESS or run[-1].form in TITLES):
            run.pop()          # 김다니엘씨, 홍길동님, 김철수기자
            cue = True
        start, end = run[0].start, _end(run[-1])
        name = text[start:end]
        if tok.tag == "MM" and not cue:   # 한 사람: a determiner, unless 씨/님 is glued on
            i = j + 1
            continue
        if 2 <= len(name) <= 4 and all(map(is_syllable, name)) and not _common_word(name, lex) \
                and not state_chain(name, lex):   # (한미일 외교장관: states, no one's name)
            if cue or _title_follows(text, end) or _title_near(text, end, NAME_TITLE_WORDS):
                spans[start] = end
        i = j + 1
    _same_names_elsewhere(text, tokens, spans, lex)
    return spans


def _same_names_elsewhere(text: str, tokens, spans: dict[int, int], lex: Lexicon) -> None:
    """A name the text shows beside a title is that person's wherever it recurs, as a whole
    word: 이재명 in the headline is the 이재명 후보 of the body. A common word is not followed."""
    if not spans:
        return
    starts = {t.start for t in tokens}
    ends = {_end(t) for t in tokens}
    for name in {text[s:e] for s, e in spans.items()}:
        if _known_word(name, lex):
            continue   # (이전 시장 may be 이 전 시장, Lee, once mayor; 본사 이전 is no one)
        for m in re.finditer(re.escape(name), text):
            s, e = m.span()
            if s not in spans and s in starts and e in ends and (s == 0 or not text[s - 1].isalnum()):
                spans[s] = e


ADDRESS = frozenset({"씨", "님", "군", "양", "옹"})
COMPOUND_SURNAMES = {"남궁": "南宮", "황보": "皇甫", "제갈": "諸葛", "선우": "鮮于", "독고": "獨孤", "사공": "司空",
                     "서문": "西門", "동방": "東方", "사마": "司馬", "하후": "夏侯", "공손": "公孫", "구양": "歐陽",
                     "상관": "上官", "모용": "慕容", "우문": "宇文", "탁발": "拓跋", "장손": "長孫"}
PARTICLES = re.compile(r"(은|는|이|가|을|를|의|과|와|도|에게|께서|께|로|으로|에|이다|이며|이자|만)$")
NEXT_WORD = re.compile(r"\s+([가-힣]+)")


def _title_follows(text: str, end: int) -> bool:
    """Whether the next word is a title (기자, 사업단장, 전 대통령)."""
    m = NEXT_WORD.match(text, end)
    if not m or "\n" in text[end:m.start(1)]:
        return False
    word = PARTICLES.sub("", m.group(1))
    if word in ("전", "현"):
        nxt = NEXT_WORD.match(text, m.end())
        word = PARTICLES.sub("", nxt.group(1)) if nxt and "\n" not in text[m.end():nxt.start(1)] else ""
    return word in TITLES or any(word.endswith(t) for t in TITLES if len(t) >= 2)


WORK_TITLE = re.compile(r"《[^》]*》?|〈[^〉]*〉?|「[^」]*」?|『[^』]*』?")


def _title_near(text: str, end: int, words: int = 4) -> bool:
    """Whether a title or form of address follows within a few words, in the same list item:
    after a comma a title belongs to the next item (각본 김민수, 감독 박지훈), unless that item is
    one more name sharing it (윤석열, 이재명 후보)."""
    window = WORK_TITLE.sub(" ", text[end:end + 40].split("\n", 1)[0])   # 《어느 마을의 이장》 is a book
    head, *rest = window.split(",", 1)
    following = re.findall(r"[가-힣]+", head)[:words]
    if any(_is_title(w) for w in following):
        return True
    if rest and len(following) < words:
        after = re.findall(r"[가-힣]+", rest[0])[:2]
        return len(after) == 2 and not _is_title(after[0]) and _is_title(after[1])
    return False


def _is_title(word: str) -> bool:
    """Whether a word, without its particle, is or ends with a title (기자, 사업단장)."""
    bare = PARTICLES.sub("", word)
    return bare in TITLES or bare[-2:] in TITLES or bare[-3:] in TITLES   # (서울시교육감)


def _common_word(word: str, lex: Lexicon) -> bool:
    """A word the lexicon knows as something other than a personal name."""
    entries = lex.get(word, "N")
    if any(e.sem in ("人名", "名") for e in entries):
        return False
    if any(e.hanja != KEEP and e.sem != "-" for e in entries):
        return True
    if len(word) == 2 or (len(word) >= 4 and word[:2] not in COMPOUND_SURNAMES):
        # four syllables make a name only with a two-syllable family name (남궁, 황보): a word
        # the lexicon spells (명불허전) or two words (시민+단체) is no one's name
        return any(e.hanja != KEEP for e in entries) or (
            len(word) >= 4 and _known_word(word[:2], lex) and _known_word(word[2:], lex))
    return False


def _known_word(word: str, lex: Lexicon) -> bool:
    """Whether HanDic knows the word as a common noun with Hanja."""
    return any(e.hanja != KEEP and e.sem not in ("-", "人名", "名") for e in lex.get(word, "N"))


def state_chain(word: str, lex: Lexicon) -> str | None:
    """The word spelled as a chain of one-syllable state names (한미일: 韓美日), or None when
    it is no such chain or a word HanDic knows."""
    if not 2 <= len(word) <= 4 or any(e.sem != "-" and e.hanja != KEEP for e in lex.get(word, "N")):
        return None
    if not all(syllable in STATE_SYLLABLES for syllable in word):
        return None
    return "".join(STATE_SYLLABLES[syllable] for syllable in word)


def _admin_chain(word: str, lex: Lexicon) -> str | None:
    """The word spelled as a chain of administrative units from the largest down (시군: 市郡,
    시군구: 市郡區), or None when it is no such chain or a word HanDic knows or reads natively
    (시도: 試圖, 구리: copper)."""
    if not 2 <= len(word) <= 4 or not all(syllable in ADMIN_SYLLABLES for syllable in word):
        return None
    ranks = [ADMIN_RANK[syllable] for syllable in word]
    if any(b <= a for a, b in zip(ranks, ranks[1:])) or any(
            e.sem != "-" or e.hanja == KEEP for e in lex.get(word, "N")):
        return None
    return "".join(ADMIN_SYLLABLES[syllable] for syllable in word)


def _looks_like_name(word: str, lex: Lexicon) -> bool:
    """A proper noun of 2-4 syllables opening with a surname and not a known place or thing."""
    if not 2 <= len(word) <= 4 or word[0] not in lex.surnames():
        return False
    entries = lex.get(word, "N")
    if any(e.sem in ("人名", "名") for e in entries):
        return True
    if len(word) != 3 or any(e.hanja != KEEP and e.sem != "-" for e in entries):
        return False
    # 창업동 is a common word and a suffix, 이형주 is not
    return not (any(e.hanja != KEEP and e.sem not in ("-", "人名", "名") for e in lex.get(word[:2], "N"))
                and lex.has_hanja(word[2:], "SB"))


__all__ = ["Unit", "find_units", "tokenize", "kiwi", "KEEP"]
