"""Choose a spelling for each candidate unit: priors, part of speech and context."""
from __future__ import annotations

import math
import operator
from collections import defaultdict
from dataclasses import dataclass, fields

from converter.analysis import (ADDRESS, COMPOUND_SURNAMES, STATE, STATE_WORD, SYLLABLES, NativeContext, Unit,
                                nominal)
from converter.lexicon import COMMON_SEMS, COUNTER_SEM, KEEP, NUMERAL_SEM, SURNAME_SEM, Entry, Lexicon, is_hanja
from converter.topic import load_vectors, topic_fit

CLASS_DISCOUNT = 0.25     # weight of a class that fits the part of speech less well
JOINS_NOUNS = "名詞接続"   # HanDic's class of bound nouns that follow a noun (君 after a name, 內, 末)
DISCOURSE_WEIGHT = 1.5    # log-odds bonus per syllable spelled the same way elsewhere in the text
VERBAL_SEM, STATIVE_SEM, PLAIN_SEM = "動作", "状態", "n"
PERSON_SEM = frozenset({"人名", "名"})
PROPER_SEM = frozenset({"都市", "地名", "組織", "国名", "駅名"})
POS_BONUS = 4.0
SETTLED, UNSETTLED = 0.9, 0.1   # a spelling the syntax settles (전 대통령: 前; 박 시장: 市長), the rest
VERB_KINDS = ("VV", "VA")   # a root's kind of words; "VA+VV" makes both and fits either
NNG_PROPER = 0.5
# 2對 1, 第4代, 20萬 臺, 第3條
COUNTER_USE = {"대": {"versus": "對", "ordinal": "代", "large": "臺", "counted": "臺", "range": "臺"}, "조": {"ordinal": "條"},
               "자": {"ordinal": "者"}}   # 第3者 is a third party; 100字 counts characters
NOBLE_RANKS = frozenset("君公侯伯子男王妃嬪")   # the ranks a person is made (封): prince, duke ... consort
REGNAL = NOBLE_RANKS | frozenset("帝宗祖后")   # how a ruler or noble is named (아들 진흥왕: 眞興王)
RELATIONAL = frozenset({"以上", "以下"})   # above, below what stands before them
FORMER = {"전": "前", "현": "現"}   # before a title: former, current (전 대통령, 현 회장)
# the office a title names, where the title has other spellings too (박 시장, 이 검사, 김 이사)
TITLE_HANJA = {"가수": "歌手", "감독": "監督", "검사": "檢事", "과장": "課長", "교수": "敎授", "국장": "局長",
               "군수": "郡守", "기자": "記者", "단장": "團長", "목사": "牧師", "박사": "博士", "부장": "部長",
               "사장": "社長", "선수": "選手", "소장": "所長", "수석": "首席", "시인": "詩人", "시장": "市長",
               "신부": "神父", "여사": "女史", "연구원": "硏究員", "원장": "院長", "위원": "委員", "의원": "議員",
               "의장": "議長", "이사": "理事", "작가": "作家", "장관": "長官", "주교": "主敎", "지사": "知事",
               "차관": "次官", "차장": "次長", "처장": "處長", "청장": "廳長", "총리": "總理", "총장": "總長",
               "총재": "總裁", "판사": "判事", "학장": "學長", "화가": "畵家", "회장": "會長", "후보": "候補"}
COMPOUND_NATIVE = 0.3
AFFINITY_FLOOR = 0.1      # a suffix reading the compounds never show after such a stem keeps this much
PARTNER_WEIGHT = 1.0      # log-odds bonus per nearby word the lexicon's compounds pair it with
PARTNER_CAP = 3
CONTEXT_WINDOW = 12       # units on each side that count as context
COMPOUND_WEIGHT = 2.0     # log-odds bonus when the unit and its neighbour form a lexicon word
TAIL = 2                  # syllables of a long word that make a compound with the next (상수+도관)
ABBREVIATION_WEIGHT = 2.0  # log-odds bonus when two words side by side in the text abbreviate to it
TOPIC_WEIGHT = 6.0        # log-odds per unit of similarity above the candidates' mean fit to the topic
TOPIC_WINDOW = 20         # units on each side whose spellings make the topic
POSITION_SMOOTHING = 5.0  # pseudo-counts for a spelling's share of head and modifier uses
POSITION_MIN_LEN = 2
GLOSS_WEIGHT = 1.0        # log-odds per character whose native gloss is written nearby (물 ... 淨水)
GLOSS_CAP = 2
GLOSS_SPAN = 30           # characters on each side, on the same line, that count as nearby
SHARED_WEIGHT = 1.0       # log-odds when the spelling shares a rare character with a nearby word
LIST_WEIGHT = 6.0         # log-odds per unit of similarity to the other items of its list, above the mean
CHANCE_SYLLABLE = 0.25    # what one syllable two words share counts, against a whole piece
KIN_SHARE = 0.1           # an item's spellings with at least this share of its prior speak for it
LIST_HEAD_WEIGHT = 4.0    # log-odds when the spelling ends (대웅전·응진전: 殿) or begins as its list's other items do
SHARED_MAX = 0.002        # rare: in fewer than 0.2% of the lexicon's noun spellings (服, 庶; not 大, 工)


@dataclass
class Choice:
    """The ranked spellings of one unit; hanja is KEEP when it stays in Hangul."""
    unit: Unit
    ranked: list[tuple[str, float]]   # (spelling, probability), best first

    @property
    def best(self) -> str:
        return self.ranked[0][0] if self.ranked else KEEP

    @property
    def confidence(self) -> float:
        return self.ranked[0][1] if self.ranked else 1.0


def candidates(unit: Unit, lex: Lexicon) -> dict[str, float]:
    """Prior probability of each spelling of a unit, given what its part of speech allows."""
    scores: dict[str, float] = {}
    weight = 1.0
    classes = ("V" + unit.classes) if unit.followed_by and "V" not in unit.classes else unit.classes
    if unit.spelled:   # a word of a closed kind analysis has spelled (韓美日, 市郡, 丙寅)
        return {unit.spelled: 1.0}
    if unit.tag == STATE:   # 정나라: the lexicon's 鄭나라 spells the syllable
        return {e.hanja[0]: e.prior for e in lex.get(unit.text + STATE_WORD, "N") if e.hanja.endswith(STATE_WORD)}
    if unit.after_number or unit.counting == "next":
        counters = _counters(unit.text, classes, lex)
        if not counters and "B" not in classes and unit.counting in ("head", "counted", "next", "large"):
            # Kiwi tags some counters as common nouns: 16/SN 강/NNG 에 is 16强, the last sixteen
            counters = _counters(unit.text, "B", lex)
        if counters:
            # after a figure only a counter or numeral can stand (250여 名); how the figure is
            # written tells some counters apart: 제4대 is a generation, 20만 대 counts machines
            use = COUNTER_USE.get(unit.text, {}).get(unit.counting)
            if use and any(e.hanja == use for e in lex.get(unit.text)):
                return {use: 1.0}   # (HanDic lists 條 as a bound noun, not a counter)
            return counters
        if not _counters(unit.text, "B", lex) and any(
                e.sem == COUNTER_SEM and e.hanja == KEEP for e in lex.get(unit.text, "B")):
            return {KEEP: 1.0}   # a native counter: 한 포기, 3포기 (no 抛棄)
    classed = _class_entries(unit, classes, lex)
    if unit.after_kin and not any(_family_name_shape(unit, e, lex) or e.hanja[-1] in REGNAL
                                  for _, es in classed for e in es if e.hanja != KEEP):
        return {KEEP: 1.0}   # a name no spelling of the lexicon fits (동생 유공: not 有功)
    for demoted, entries in classed:
        for e in entries:
            p = weight * demoted * e.prior * _pos_fit(unit, e, lex)
            # a person's name stays in Hangul next to a modern title (news style); a name the
            # dictionary spells in Hanja is written so elsewhere (안중근 in a history text)
            spelling = KEEP if e.sem in PERSON_SEM and (unit.title_near or e.hanja == KEEP) else e.hanja
            if unit.after_number and (e.hanja == KEEP or e.sem in PERSON_SEM or e.sem == SURNAME_SEM):
                # a noun glued to a figure is what it measures (2배: 2倍), no native word or name
                p /= POS_BONUS
            if p > scores.get(spelling, 0.0):
                scores[spelling] = p
        if entries:
            weight *= CLASS_DISCOUNT
    if unit.stem_kind and scores:
        affinity = {e.hanja: e.prior for e in lex.get(f"{unit.text}|{unit.stem_kind}", "X")}
        if affinity:   # 創業+가 is 家, 物+가 is 價: what the lexicon's compounds say after such a stem
            scores = {h: p * (AFFINITY_FLOOR + affinity.get(h, 0.0)) for h, p in scores.items()}
    if unit.position and len(unit.text) >= POSITION_MIN_LEN and len(scores) > 1:
        scores = {h: p * _position_fit(unit.position, h, lex) for h, p in scores.items()}
    if unit.enfeoffed and scores:
        # made a rank (영성군에 봉해졌다): a rank's character ends the word (靈城君, not 靈性軍)
        # (against what the compounds show after such a stem: 靈性 is no rank's name, 靈城君 is)
        scores = {h: p * (POS_BONUS if h != KEEP and h[-1] in NOBLE_RANKS else 1 / POS_BONUS)
                  for h, p in scores.items()}
    if unit.after_name and TITLE_HANJA.get(unit.text) in scores:
        # a title after a name is the office (박 시장: 市長, not 市場)
        office = TITLE_HANJA[unit.text]
        return _all_but_settled(office, scores)
    if unit.phrase_start and any(h in RELATIONAL for h in scores) and any(
            e.sem in COMMON_SEMS and e.hanja not in RELATIONAL for e in lex.get(unit.text, "N")):
        # 以上 and 以下 measure the word before them (절반 以上): with none, another sense
        # (기계에 이상이: 異常)
        scores = {h: p / POS_BONUS if h in RELATIONAL else p for h, p in scores.items()}
    if unit.before_title and unit.text in FORMER:
        return _all_but_settled(FORMER[unit.text], scores)
    if unit.in_compound and KEEP in scores and len(scores) > 1:
        scores[KEEP] *= COMPOUND_NATIVE   # nouns glued into one word are mostly all Sino-Korean
    if len(unit.text) == 1 and not unit.attached and not unit.after_number and scores:
        best = max(scores, key=scores.get)
        if any(e.hanja == best and e.sem == SURNAME_SEM for e in lex.get(unit.text)) or (
                unit.before_title and (best in lex.surname_hanja(unit.text)
                                       or any(e.sem == SURNAME_SEM for e in lex.get(unit.text, "N")))):
            # a bare surname (이 후보, 김 전 대통령, 송 장관) names a person, and so does a common
            # family name whatever its likeliest spelling (조 원장: 曺, not 朝); 唐 is too rare
            # a name to outweigh the party of 당 대표
            return {KEEP: 1.0}
    return scores


def _all_but_settled(spelling: str, scores: dict[str, float]) -> dict[str, float]:
    """The spelling the syntax settles, with a tenth left to the unit's other spellings."""
    return {spelling: SETTLED} | {h: UNSETTLED * p for h, p in scores.items() if h != spelling}


def _counters(text: str, classes: str, lex: Lexicon) -> dict[str, float]:
    """The counter and numeral spellings of a word among the given classes."""
    return {e.hanja: e.prior for e in lex.get(text, classes)
            if e.sem in (COUNTER_SEM, NUMERAL_SEM) and e.hanja != KEEP}


def _class_entries(unit: Unit, classes: str, lex: Lexicon) -> list[tuple[float, list[Entry]]]:
    """The unit's lexicon entries class by class, in the order its part of speech prefers them,
    each with a further discount (1.0 but for a demoted class)."""
    out = [(1.0, lex.get(unit.text, cls)) for cls in classes]
    if unit.tag == "XSN" and out[0][1]:
        # Kiwi reads a suffix the lexicon knows as one (시간당: 當, "per"): a noun's senses come last
        out = [(d, es) if cls != "N" else (CLASS_DISCOUNT, es) for (d, es), cls in zip(out, classes)]
    if "B" not in classes or "N" not in classes:
        return out
    if unit.attached and unit.stem_kind:
        affinity = {e.hanja: e.prior for e in lex.get(f"{unit.text}|{unit.stem_kind}", "X")}
        if affinity:
            # glued to a noun, a bound noun is a unit that also names a thing (實證棟: 棟 is a
            # building) or a suffix the compounds show after such nouns (投資者, 會社側); one they
            # seldom show there (運用事, 完成次), or a unit that only counts (擴散歲), goes after the nouns
            top = max(affinity.values())
            nouns = {e.hanja for e in lex.get(unit.text, "N") if e.sem != "-"}
            _demote_bound(out, classes, lambda e: (e.sem == COUNTER_SEM and e.hanja in nouns)
                          or affinity.get(e.hanja, 0.0) >= top / 2)
    if unit.attached and unit.text in ADDRESS:
        # 君, 孃, 翁 follow a person's name, which stays in Hangul: glued to a Sino-Korean word
        # the syllable is something else (北韓+군: 軍, not 君)
        _demote_bound(out, classes, lambda e: e.sem != JOINS_NOUNS)
    if unit.no_figure:
        # nothing to count before it: a counter reading (個國) comes after the nouns (開國)
        _demote_bound(out, classes, lambda e: e.sem != COUNTER_SEM)
    return out


def _demote_bound(out: list[tuple[float, list[Entry]]], classes: str, keep) -> None:
    """Move the bound-noun entries that keep() rejects behind all classes, discounted."""
    b = classes.index("B")
    entries = out[b][1]
    out[b] = (1.0, [e for e in entries if keep(e)])
    out.append((CLASS_DISCOUNT, [e for e in entries if not keep(e)]))


def _position_fit(position: str, spelling: str, lex: Lexicon) -> float:
    """Discount for a spelling that the lexicon's compounds mostly use in the other position:
    地球 starts compounds (地球村) and 地區 ends them (開發地區), so 첨단3지구 is 地區.

    Only a discount: a few compounds are no proof that a word cannot stand in a position.
    """
    if spelling == KEEP:
        return 1.0
    head, mod = lex.heads.get(spelling, 0), lex.modifiers.get(spelling, 0)
    used = head if position == "head" else mod
    return min(1.0, 2 * (used + POSITION_SMOOTHING) / (head + mod + 2 * POSITION_SMOOTHING))


def _pos_fit(unit: Unit, e: Entry, lex: Lexicon) -> float:
    """How well an entry fits the unit's part of speech: a proper noun wants a place or body's
    name; 하다 wants a verbal noun, 하다 (adj.) a stative one."""
    if (unit.tag == SYLLABLES or unit.among_names or unit.after_kin) and e.hanja != KEEP:
        # a word Kiwi does not know, or one listed with names, may be a name: its family-name
        # spelling gets the bonus (조/NNG 창/NNG: 曹彰 rather than 漕倉)
        return POS_BONUS if _family_name_shape(unit, e, lex) else 1.0
    if (unit.tag == "NNP" or unit.after_place) and e.hanja != KEEP:
        if unit.tag == "NNP" and _family_name_shape(unit, e, lex) and not (
                e.sem in COMMON_SEMS and any(o.sem in PROPER_SEM for o in lex.get(unit.text, "N"))):
            # a proper noun spelled with a family name's character may be a person's (안견: 安堅,
            # not 眼見), whatever else the dictionary calls that spelling (태조: 太祖, not 太早);
            # but a common noun is no name where a place is (경기: 京畿, not 景氣)
            return POS_BONUS
        # HanDic knows the word as something else than a name: a common noun, an act, a state
        if e.sem in PROPER_SEM:
            return POS_BONUS
        if e.sem in COMMON_SEMS or (unit.tag != "NNP" and e.sem in PERSON_SEM):
            return 1.0 / POS_BONUS   # (a place is followed by a place, not a person: 완도 주민)
        return 1.0
    if unit.tag == "NNG" and not unit.followed_by and (e.sem in PROPER_SEM or (
            e.sem in PERSON_SEM and any(o.sem in COMMON_SEMS for o in lex.get(unit.text, "N")))):
        # Kiwi reads a common noun here: 리그 경기 is 競技, not the province 京畿; 법정에 출석 is
        # 法廷, not the monk 法頂; a lone syllable is still less likely a place (호는: no 鎬)
        return NNG_PROPER ** 2 if len(unit.text) == 1 else NNG_PROPER
    if not unit.followed_by and unit.after_toward:
        # 對 and a noun before it (대국민 사과) ask for an act: 謝過 (the fruit 沙果 is not done
        # to anyone); unlike 하다 after it, this says nothing against the other nouns
        return POS_BONUS if e.sem == VERBAL_SEM else 1.0
    if e.cls == "V" and unit.tag in VERB_KINDS and e.sem in VERB_KINDS and e.sem != unit.tag:
        return 1.0 / POS_BONUS   # Kiwi reads a verb, and this root makes adjectives (正하다, not 定하다)
    if not unit.followed_by or e.cls == "V":
        return 1.0
    wanted = VERBAL_SEM if unit.followed_by == "V" else STATIVE_SEM
    if e.sem == wanted:
        return POS_BONUS
    if e.sem == PLAIN_SEM or (e.sem not in (VERBAL_SEM, STATIVE_SEM, "-") and e.hanja != KEEP):
        return 1.0 / POS_BONUS   # HanDic knows this noun and it does not take 하다
    return 1.0


def _family_name_shape(unit: Unit, e: Entry, lex: Lexicon) -> bool:
    """Whether a word of two or three syllables is spelled with its first syllable's family-name
    character, as a person's name would be."""
    if unit.text[:2] in COMPOUND_SURNAMES and 3 <= len(unit.text) <= 4:
        return e.hanja.startswith(COMPOUND_SURNAMES[unit.text[:2]])   # 사마소: 司馬昭
    return 2 <= len(unit.text) <= 3 and e.hanja[0] in lex.surname_hanja(unit.text[0])


# everything a unit's candidates depend on: all it knows but where it stands and its list
CANDIDATE_KEY = operator.attrgetter(*(f.name for f in fields(Unit) if f.name not in ("start", "end", "listed")))


def choose(units: list[Unit], lex: Lexicon, overrides: dict[str, str],
           native: NativeContext | None = None) -> list[Choice]:
    """Ranked spellings for every unit, using the whole text (and its native words) as context."""
    priors = []
    seen: dict[tuple, dict[str, float]] = {}
    for u in units:
        if u.keep:
            priors.append({})
        elif u.text in overrides:
            priors.append({overrides[u.text]: 1.0})
        else:
            key = CANDIDATE_KEY(u)
            if key not in seen:   # a text repeats its words: their candidates are the same
                seen[key] = candidates(u, lex)
            priors.append(seen[key])
    counted = [_counted(u, prior) for u, prior in zip(units, priors)]
    usage = _syllable_usage(units, counted)
    neighbours = _compound_evidence(units, lex, priors)
    # a state's one character (趙 of 조나라) reads in the vectors as the family name it also is
    anchors = [None if u.tag == STATE else a for u, a in zip(units, _anchors(priors))]
    abbreviations = _abbreviations(units, priors)
    # a prefix belongs to the noun it is glued to, no word of the context for others: 新 of
    # 신공항 is no partner of 空氣 (新空氣) a few words on
    words_around = [None if u.tag == "XPN" else a for u, a in zip(units, anchors)]
    texts = [u.text for u in units]
    open_ = [list(p) if len(p) > 1 and u.text not in overrides else [] for u, p in zip(units, priors)]
    vectors = load_vectors()
    topic = topic_fit(texts, anchors, open_, vectors, TOPIC_WINDOW)
    items = _list_items(units)
    rare_chars: dict[str, frozenset[str]] = {}
    wanted_of: dict[int, frozenset[str]] = {}
    choices = []
    for idx, (u, prior, near) in enumerate(zip(units, priors, neighbours)):
        if not prior:
            choices.append(Choice(u, []))
            continue
        if u.text in overrides or len(prior) == 1:
            total = sum(prior.values())
            choices.append(Choice(u, [(h, p / total) for h, p in prior.items()]))
            continue
        logit = {}
        around = native.around(u.start, u.end, GLOSS_SPAN) if native is not None else frozenset()
        context = _next_to(units, anchors, idx) if _lone_syllable(u) else \
            _context_words(texts, words_around, idx, CONTEXT_WINDOW)
        # (a single syllable's character is too slight a link to count)
        wanted = _wanted(prior, lex, rare_chars, wanted_of) if len(u.text) > 1 else ()
        # most spellings have no rare character: look for them around only when one does
        rare_near = wanted.intersection("".join(context)) if wanted else ()
        shares = _syllable_shares(u, usage, counted[idx]) if not _standalone_syllable(u) else ()
        glossed = {ch for h in prior for ch in h
                   if not lex.glosses.get(ch, NO_GLOSS).isdisjoint(around)} if around else ()
        fit = topic[idx]
        mean_fit = sum(fit.values()) / len(fit) if fit else 0.0
        place = items.get(idx) if not _lone_syllable(u) else None
        kin, parallels = {}, ()
        if place:
            item, others = place
            kin = _kin_fit(prior, [_likely(priors[m]) for other in others for m in other if texts[m] != u.text],
                           vectors)
            parallels = _item_parallels(idx, item, others, units, anchors)
        mean_kin = sum(kin.values()) / len(kin) if kin else 0.0
        for spelling, p in prior.items():
            score = math.log(p)
            if shares:
                score += DISCOURSE_WEIGHT * _discourse(spelling, shares)
            score += COMPOUND_WEIGHT * near.get(spelling, 0.0)
            if spelling in abbreviations.get(u.text, ()):
                score += ABBREVIATION_WEIGHT   # 노동 조합 in the text: 노조 is 勞組
            score += PARTNER_WEIGHT * min(PARTNER_CAP, len(context.intersection(lex.partners.get(spelling, ()))))
            if spelling in fit:
                score += TOPIC_WEIGHT * (fit[spelling] - mean_fit)
            if spelling in kin:
                score += LIST_WEIGHT * (kin[spelling] - mean_kin)
            if parallels:
                score += LIST_HEAD_WEIGHT * sum(share for (side, chars), share in parallels.items()
                                                if spelling[::side].endswith(chars))
            if glossed:
                score += GLOSS_WEIGHT * min(GLOSS_CAP, sum(1 for ch in spelling if ch in glossed))
            if rare_near and not rare_near.isdisjoint(spelling):
                score += SHARED_WEIGHT   # a lexical chain: 官服 nearby says 服制, not 複製
            logit[spelling] = score
        top = max(logit.values())
        weights = {h: math.exp(s - top) for h, s in logit.items()}
        total = sum(weights.values())
        ranked = sorted(((h, w / total) for h, w in weights.items()), key=lambda x: -x[1])
        choices.append(Choice(u, ranked))
    return choices


def _list_items(units: list[Unit]) -> dict[int, tuple[list[int], list[list[int]]]]:
    """For each unit in a list (시장, 군수, 구청장; 갑자·을축), its item and the list's other items.
    An item is a run of units glued together (국민건강보험); a separator joins it to the next."""
    runs: list[list[int]] = []
    for k, u in enumerate(units):
        if not nominal(u) or u.after_number:   # (및 between two items; a count after one: 목수 3명, 석수 5명)
            continue
        if runs and units[runs[-1][-1]].end == u.start and not u.listed:
            runs[-1].append(k)
        else:
            runs.append([k])
    out: dict[int, tuple[list[int], list[list[int]]]] = {}
    start = 0
    for r in range(1, len(runs) + 1):
        if r == len(runs) or not units[runs[r][0]].listed:
            # a comma also parts clauses (값은 오르고, 양은 줄었다): two items joined by one are no list
            if r - start > 2 or (r - start == 2 and units[runs[start + 1][0]].listed != ","):
                for a in range(start, r):
                    others = [runs[b] for b in range(start, r) if b != a]
                    for k in runs[a]:
                        out[k] = (runs[a], others)
            start = r
    return out


def _likely(prior: dict[str, float]) -> list[str]:
    """The spellings of a unit that are likely enough to stand for it beside another word."""
    total = sum(prior.values())
    return [h for h, p in prior.items() if h != KEEP and p >= KIN_SHARE * total]


def _kin_fit(prior: dict[str, float], kin: list[list[str]], vectors) -> dict[str, float]:
    """How close each spelling comes to the nearest of the likely spellings of its list's other
    items: a list holds things of one kind (甲子·乙丑, 詩·小說·隨筆)."""
    rows = list({r for group in kin for a in group if (r := vectors.row.get(a)) is not None})
    found = [(h, r) for h in prior if (r := vectors.row.get(h)) is not None]
    if not rows or len(found) < 2:
        return {}
    sims = vectors.matrix[[r for _, r in found]] @ vectors.matrix[rows].T
    return dict(zip([h for h, _ in found], sims.max(axis=1).tolist()))


def _item_parallels(k: int, item: list[int], others: list[list[int]], units: list[Unit],
                    anchors: list[str | None]) -> dict[tuple[int, str], float]:
    """How the other items of its list write the syllables this unit shares with them at the
    start or end of an item, as (side, characters) -> share of those items: 대웅전·응진전
    end in 殿; 이조판서, 이조참판 start with 吏曹."""
    found: dict[tuple[int, str], float] = defaultdict(float)
    matched = 0
    for side, edge in ((1, -1), (-1, 0)):   # the unit must end (start) its item
        if item[edge] != k:
            continue
        mine = "".join(units[m].text for m in item)[::side]
        for other_item in others:
            m = other_item[edge]
            spelling = anchors[m]
            if not spelling or len(spelling) != len(units[m].text):
                continue
            other = "".join(units[j].text for j in other_item)[::side]
            if other == mine:
                continue
            size, most = 0, min(len(units[k].text), len(units[m].text), len(mine) - 1, len(other) - 1)
            while size < most and other[-1 - size] == mine[-1 - size]:
                size += 1
            # one syllable two words happen to share says little (병원, 공원: 院, 園); a whole
            # glued piece (대웅전·응진+전) or two syllables (경비대, 수비대) say more
            if size:
                matched += 1
                found[side, spelling[::side][-size:]] += 1.0 if size >= 2 or size in (
                    len(units[k].text), len(units[m].text)) else CHANCE_SYLLABLE
    return {key: n / matched for key, n in found.items()}


def _lone_syllable(u: Unit) -> bool:
    """A one-syllable word not glued to a noun as a suffix (a counter after a figure is one)."""
    return len(u.text) == 1 and not u.attached


def _standalone_syllable(u: Unit) -> bool:
    """A lone syllable that is no counter after a figure either. How the text spells that
    syllable inside its compounds (民主黨) says nothing of it (다음 주 is 週)."""
    return _lone_syllable(u) and not u.after_number


def _abbreviations(units: list[Unit], priors: list[dict[str, float]]) -> dict[str, set[str]]:
    """The abbreviations the text's own phrases make: two words side by side abbreviate to their
    first syllables, as their likeliest spellings do (노동 조합: 노조 is 勞組)."""
    found: dict[str, set[str]] = defaultdict(set)
    for k in range(len(units) - 1):
        a, b = units[k], units[k + 1]
        if len(a.text) > 1 and len(b.text) > 1 and _side_by_side(a, b) and priors[k] and priors[k + 1]:
            first = max(priors[k], key=priors[k].get)
            second = max(priors[k + 1], key=priors[k + 1].get)
            if first != KEEP and second != KEEP:
                found[a.text[0] + b.text[0]].add(first[0] + second[0])
    return found


def _anchors(priors: list[dict[str, float]]) -> list[str | None]:
    """Each unit's likely spelling, when it is likely enough to say what the text is about."""
    out = []
    for prior in priors:
        if prior:
            spelling, p = max(prior.items(), key=lambda x: x[1])
            out.append(spelling if spelling != KEEP and p / sum(prior.values()) >= 0.4 else None)
        else:
            out.append(None)
    return out


def _next_to(units: list[Unit], anchors: list[str | None], k: int) -> set[str]:
    """The likely spellings of the words right beside unit k, with nothing but a space between.
    A lone syllable pairs with half the lexicon (主, 株, 世): only a word it could be compounded
    with speaks for it (일 평균: 日平均), not one a particle away (18세에 과거에: no 過去世)."""
    return {anchors[m] for m in (k - 1, k + 1) if 0 <= m < len(units) and anchors[m]
            and _side_by_side(*sorted((units[m], units[k]), key=lambda u: u.start))}


def _side_by_side(a: Unit, b: Unit) -> bool:
    """Whether unit b follows unit a with nothing but a space between (노동 조합, 일 평균)."""
    return 0 <= b.start - a.end <= 1


def _context_words(texts: list[str], anchors: list[str | None], k: int, window: int) -> set[str]:
    """The likely Hanja spellings of the words around unit k (not its own)."""
    return {anchors[m] for m in range(max(0, k - window), min(len(texts), k + window + 1))
            if anchors[m] and texts[m] != texts[k]}


NO_EVIDENCE: dict[str, float] = {}   # shared by the units no neighbour supports; never written
NO_GLOSS: frozenset[str] = frozenset()


def _compound_evidence(units: list[Unit], lex: Lexicon, priors: list[dict[str, float]]) -> list[dict[str, float]]:
    """Spellings that a neighbour supports: 전 대통령 -> 前大統領 says 전 is 前 here.

    A compound vouches for one word's spelling only as far as the other word is likely spelled
    its way: 유가 상승 is seldom the Buddhist 瑜伽上乘, since 유가 is seldom 瑜伽."""
    evidence: list[dict[str, float]] = [NO_EVIDENCE] * len(units)
    for k in range(len(units) - 1):
        a, b = units[k], units[k + 1]
        if a.keep or b.keep or not _side_by_side(a, b) or "\n" in (a.text + b.text):
            continue
        joined = a.text + b.text
        for e in lex.get(joined, "N"):
            if e.hanja == KEEP:
                continue
            for i in (k, k + 1):
                if evidence[i] is NO_EVIDENCE:
                    evidence[i] = defaultdict(float)
            first, second = e.hanja[:len(a.text)], e.hanja[len(a.text):]
            evidence[k][first] += e.prior * _likelihood(priors[k + 1], second)
            evidence[k + 1][second] += e.prior * _likelihood(priors[k], first)
        if len(a.text) > TAIL and a.end == b.start and joined not in lex:
            _tail_evidence(a.text[-TAIL:] + b.text, priors[k], lex, evidence, k + 1)
    return evidence


def _tail_evidence(word: str, prior: dict[str, float], lex: Lexicon, evidence: list, k: int) -> None:
    """What a long word's last two syllables make with the word glued after it, for that word:
    상수도+관 is 上水道管, as 수도관 is 水道管."""
    for e in lex.get(word, "N"):
        if e.hanja == KEEP:
            continue
        tail, second = e.hanja[:TAIL], e.hanja[TAIL:]
        support = max((_likelihood(prior, h) for h in prior if h != KEEP and h.endswith(tail)), default=0.0)
        if support:
            if evidence[k] is NO_EVIDENCE:
                evidence[k] = defaultdict(float)
            evidence[k][second] += e.prior * support


def _likelihood(prior: dict[str, float], spelling: str) -> float:
    """A spelling's prior against the unit's likeliest (1.0 for the likeliest or a sure unit)."""
    if len(prior) < 2:
        return 1.0
    return min(1.0, prior.get(spelling, 0.0) / max(prior.values()))


def _rare(word: str, lex: Lexicon, cache: dict[str, frozenset[str]]) -> frozenset[str]:
    """The word's characters that few of the lexicon's nouns use."""
    found = cache.get(word)
    if found is None:
        found = cache[word] = frozenset(ch for ch in word if lex.char_share.get(ch, 1.0) < SHARED_MAX)
    return found


def _wanted(prior: dict[str, float], lex: Lexicon, cache: dict[str, frozenset[str]],
            done: dict[int, frozenset[str]]) -> frozenset[str]:
    """The rare characters of a unit's spellings (units of one key share one prior)."""
    found = done.get(id(prior))
    if found is None:
        found = done[id(prior)] = frozenset().union(*(_rare(h, lex, cache) for h in prior))
    return found


def _counted(u: Unit, prior: dict[str, float]) -> str | None:
    """The spelling a unit adds to the text's syllable usage, if it adds one."""
    if not prior or len(u.text) < 2 or u.tag in ("MAG", "MAJ", "MM", "VV", "VA") or u.after_name:
        # nouns only: an adverb's 但只 says nothing about the noun 團地; nor does a title read
        # by its place after a name (박 市長) about the same word elsewhere (傳統 市場)
        return None
    best, p = max(prior.items(), key=lambda x: x[1])
    return None if best == KEEP or p / sum(prior.values()) < 0.6 else best


def _syllable_usage(units: list[Unit], counted: list[str | None]):
    """How the text itself spells each syllable in its confidently read words (one sense per
    discourse): syllable -> Hanja -> count, and syllable -> total."""
    usage: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    totals: dict[str, float] = defaultdict(float)
    for u, best in zip(units, counted):
        if best is None:
            continue
        for syllable, char in zip(u.text, best):
            if is_hanja(char):
                usage[syllable][char] += 1.0
                totals[syllable] += 1.0
    return usage, totals


def _syllable_shares(unit: Unit, usage, own: str | None) -> list[tuple[dict[str, float], float, str | None]]:
    """For each syllable of the unit: how the text spells it elsewhere, that total, and the
    unit's own contribution (a word must not vouch for itself); empty when the text shows none."""
    counts, totals = usage
    if not any(syllable in counts for syllable in unit.text):
        return []
    out = []
    for k, syllable in enumerate(unit.text):
        mine = own[k] if own is not None and is_hanja(own[k]) else None
        out.append((counts.get(syllable, NO_EVIDENCE), totals.get(syllable, 0.0) - (1.0 if mine else 0.0), mine))
    return out


def _discourse(spelling: str, shares: list[tuple[dict[str, float], float, str | None]]) -> float:
    """Share of the unit's syllables that the text spells elsewhere the way this spelling does."""
    if spelling == KEEP:
        return 0.0
    hits = 0.0
    for char, (seen, total, mine) in zip(spelling, shares):
        if total > 0:
            hits += (seen.get(char, 0.0) - (1.0 if char == mine else 0.0)) / total
    return hits / len(shares)
