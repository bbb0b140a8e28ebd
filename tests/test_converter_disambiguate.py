"""Choosing a spelling per unit: priors, part of speech, counters, context; on a toy lexicon."""
from __future__ import annotations

import numpy as np
import pytest

from converter.analysis import Unit, tokenize
from converter.disambiguate import Choice, _kin_fit, candidates, choose
from converter.lexicon import KEEP, Entry, Lexicon
from converter.topic import Vectors

TOY = Lexicon({
    "부인": [Entry("夫人", "N", 0.5, "n"), Entry("否認", "N", 0.3, "動作"), Entry("婦人", "N", 0.2, "n")],
    "다양": [Entry("多樣", "N", 0.8, "状態"), Entry("多陽", "N", 0.2, "-")],
    "년": [Entry("年", "B", 0.9, "助数詞"), Entry(KEEP, "B", 0.1, "n"), Entry("撚", "N", 0.6, "-")],
    "단지": [Entry("但只", "A", 1.0, "n"), Entry("團地", "N", 0.5, "n"), Entry("但只", "N", 0.3, "-")],
    "자리": [Entry(KEEP, "N", 0.95, "-"), Entry("自利", "N", 0.05, "-")],
    "전": [Entry("前", "N", 0.4, "-"), Entry("全", "N", 0.35, "姓"), Entry("戰", "N", 0.25, "-")],
    "김": [Entry("金", "N", 0.9, "姓"), Entry(KEEP, "N", 0.1, "-")],
    "산업": [Entry("産業", "N", 1.0, "n")],
    "장관": [Entry("長官", "N", 0.7, "n"), Entry("壯觀", "N", 0.3, "状態")],
    "산업단지": [Entry("産業團地", "N", 1.0, "n")],
    "유학": [Entry("留學", "N", 0.5, "動作"), Entry("儒學", "N", 0.5, "n")],
    "유학생": [Entry("留學生", "N", 1.0, "n")],
    "학생": [Entry("學生", "N", 1.0, "n")],
}, partners={"長官": {"國防"}, "國防": {"長官"}})


def unit(text: str, start: int = 0, classes: str = "N", tag: str = "NNG", **kw) -> Unit:
    return Unit(start, start + len(text), text, classes, tag, **kw)


def best(prior: dict[str, float]) -> str:
    return max(prior, key=prior.get)


def test_plain_noun_takes_the_likeliest_spelling() -> None:
    assert best(candidates(unit("부인"), TOY)) == "夫人"


def test_verbal_noun_before_hada_prefers_the_action_sense() -> None:
    assert best(candidates(unit("부인", followed_by="V"), TOY)) == "否認"


def test_adjectival_noun_before_hada() -> None:
    assert best(candidates(unit("다양", followed_by="A"), TOY)) == "多樣"


def test_counter_after_a_figure() -> None:
    assert best(candidates(unit("년", classes="BN", tag="NNB", after_number=True), TOY)) == "年"


def test_adverb_class_comes_first_for_an_adverb() -> None:
    assert best(candidates(unit("단지", classes="A", tag="MAG"), TOY)) == "但只"
    assert best(candidates(unit("단지"), TOY)) == "團地"


def test_native_word_keeps_hangul() -> None:
    assert best(candidates(unit("자리"), TOY)) == KEEP


def test_former_before_a_title() -> None:
    assert best(candidates(unit("전", tag="MM", classes="M", before_title=True), TOY)) == "前"


def test_bare_surname_is_kept() -> None:
    assert candidates(unit("김"), TOY) == {KEEP: 1.0}


def test_unknown_word_has_no_candidates() -> None:
    assert candidates(unit("뭐뭐"), TOY) == {}


def test_choose_ranks_probabilities() -> None:
    units = [unit("부인", 0), unit("다양", 5, followed_by="A"), unit("자리", 10)]
    choices = choose(units, TOY, {})
    assert [c.unit for c in choices] == units
    for c in choices:
        probs = [p for _, p in c.ranked]
        assert probs == sorted(probs, reverse=True)
        assert all(0.0 <= p <= 1.0 for p in probs)
        assert sum(probs) == pytest.approx(1.0)
        assert c.best == c.ranked[0][0] and c.confidence == c.ranked[0][1]
    assert choices[0].best == "夫人" and choices[1].best == "多樣" and choices[2].best == KEEP


def test_kept_unit_has_no_spellings() -> None:
    (c,) = choose([unit("부인", keep="name")], TOY, {})
    assert c.ranked == [] and c.best == KEEP and c.confidence == 1.0


def test_override_wins_with_certainty() -> None:
    (c,) = choose([unit("부인")], TOY, {"부인": "否認"})
    assert c.ranked == [("否認", 1.0)]
    (k,) = choose([unit("부인")], TOY, {"부인": KEEP})
    assert k.best == KEEP


def test_neighbour_forming_a_lexicon_word_tips_the_choice() -> None:
    alone = choose([unit("단지")], TOY, {})[0]
    paired = choose([unit("산업", 0), unit("단지", 3)], TOY, {})[1]
    assert paired.best == "團地"
    assert dict(paired.ranked)["團地"] > dict(alone.ranked)["團地"]


def test_a_compound_vouches_only_as_far_as_its_other_half_is_likely() -> None:
    # 유가 상승 is no 瑜伽上乘: the compound needs 유가 spelled 瑜伽, which it seldom is
    lex = Lexicon({"갑을": [Entry("甲乙", "N", 0.95, "n"), Entry("甲丙", "N", 0.05, "n")],
                   "병정": [Entry("丙丁", "N", 0.7, "n"), Entry("丙戊", "N", 0.3, "n")],
                   "갑을병정": [Entry("甲丙丙戊", "N", 1.0, "n")]})
    assert choose([unit("갑을", 0), unit("병정", 3)], lex, {})[1].best == "丙丁"
    likely = Lexicon(dict(lex.entries) | {"갑을병정": [Entry("甲乙丙戊", "N", 1.0, "n")]})
    assert choose([unit("갑을", 0), unit("병정", 3)], likely, {})[1].best == "丙戊"


def test_compound_partner_in_context_raises_probability() -> None:
    toy = Lexicon(dict(TOY.entries) | {"국방": [Entry("國防", "N", 1.0, "n")]}, TOY.partners)
    alone = dict(choose([unit("장관")], toy, {})[0].ranked)["長官"]
    near = dict(choose([unit("국방", 0), unit("장관", 10)], toy, {})[1].ranked)["長官"]
    assert near > alone


def test_a_prefix_is_no_partner_of_the_words_around() -> None:
    entries = dict(TOY.entries) | {"국": [Entry("國", "P", 1.0, "n"), Entry("國", "N", 1.0, "n")],
                                   "방": [Entry("房", "N", 1.0, "n")]}
    plain, paired = Lexicon(entries, partners={}), Lexicon(entries, partners={"長官": {"國"}})

    def official(first: Unit, lex: Lexicon) -> float:
        return dict(choose([first, unit("방", 1), unit("장관", 10)], lex, {})[2].ranked)["長官"]
    # 國 glued to 방 as a prefix (as 新 to 空港) is no word nearby that pairs with 長官
    prefix = unit("국", 0, "P", "XPN")
    assert official(prefix, paired) == pytest.approx(official(prefix, plain))
    word = unit("국", 0)
    assert official(word, paired) > official(word, plain)


def test_the_text_spells_a_syllable_one_way() -> None:
    # 유학생 (留學生) read confidently elsewhere in the text pulls 유학 towards 留學
    tie = dict(choose([unit("유학")], TOY, {})[0].ranked)
    assert tie["留學"] == pytest.approx(tie["儒學"])
    ctx = dict(choose([unit("유학생", 0), unit("유학", 40)], TOY, {})[1].ranked)
    assert ctx["留學"] > ctx["儒學"]


def test_a_standalone_syllable_takes_no_lead_from_compounds() -> None:
    # 민주 (民主) read confidently elsewhere says nothing of a word 주 on its own (다음 주: 週);
    # glued to a noun as a suffix, the syllable still follows the text
    # (made-up spellings without word vectors, so that only the text's spelling can count)
    lex = Lexicon({"민주": [Entry("乙丁", "N", 1.0, "n")],
                   "주": [Entry("戊", "N", 0.5, "n"), Entry("丁", "N", 0.5, "n")]})
    alone = dict(choose([unit("민주", 0), unit("주", 40)], lex, {})[1].ranked)
    assert alone["戊"] == pytest.approx(alone["丁"])
    glued = dict(choose([unit("민주", 0), unit("주", 40, attached=True)], lex, {})[1].ranked)
    assert glued["丁"] > glued["戊"]


def test_a_standalone_syllable_takes_partners_only_from_its_neighbours() -> None:
    # 主 pairs with half the lexicon: a partner three words away says nothing of 다음 주;
    # right beside it (일 평균: 日平均) it does
    lex = Lexicon({"평균": [Entry("乙丁", "N", 1.0, "n")], "다른": [Entry(KEEP, "N", 1.0, "-")],
                   "주": [Entry("戊", "N", 0.5, "n"), Entry("丁", "N", 0.5, "n")]},
                  partners={"丁": {"乙丁"}, "乙丁": {"丁"}})
    far = [unit("주", 0), unit("다른", 2), unit("다른", 5), unit("평균", 8)]
    ranked = dict(choose(far, lex, {})[0].ranked)
    assert ranked["戊"] == pytest.approx(ranked["丁"])
    near = dict(choose([unit("주", 0), unit("평균", 2)], lex, {})[0].ranked)
    assert near["丁"] > near["戊"]


# made-up spellings without word vectors, the other items too uncertain for the text's syllable
# usage: only how the other items are written can count
LISTED = Lexicon({"갑장": [Entry("甲丁", "N", 0.55, "n"), Entry("甲癸", "N", 0.45, "n")],
                  "을장": [Entry("乙丁", "N", 0.55, "n"), Entry("乙癸", "N", 0.45, "n")],
                  "병장": [Entry("丙戊", "N", 0.6, "n"), Entry("丙丁", "N", 0.4, "n")],
                  "장갑": [Entry("丁甲", "N", 0.55, "n"), Entry("癸甲", "N", 0.45, "n")],
                  "장을": [Entry("丁乙", "N", 0.55, "n"), Entry("癸乙", "N", 0.45, "n")],
                  "장병": [Entry("戊丙", "N", 0.6, "n"), Entry("丁丙", "N", 0.4, "n")],
                  "기사": [Entry("己巳", "N", 1.0, "n")]})


def test_an_item_ends_as_the_other_items_of_its_list_do() -> None:
    # 경찰서·소방서 (署): items of one list that end in one syllable mostly write it one way
    words = [("갑장", 0, ""), ("을장", 4, ","), ("병장", 8, ",")]
    assert choose([unit(w, s, listed=sep) for w, s, sep in words], LISTED, {})[2].best == "丙丁"
    assert choose([unit(w, s) for w, s, _ in words], LISTED, {})[2].best == "丙戊"
    # and begin: 이조판서, 이조참판 (吏曹)
    listed = [unit("장갑", 0), unit("장을", 3, listed="·"), unit("장병", 6, listed="·")]
    assert choose(listed, LISTED, {})[2].best == "丁丙"


def test_a_count_after_each_item_does_not_break_the_list() -> None:
    # 목수 3명, 석수 5명: the counters after the figures are no items of their own
    words = [unit("갑장", 0), unit("명", 6, after_number=True), unit("을장", 9, listed=","),
             unit("명", 15, after_number=True), unit("병장", 18, listed=","), unit("명", 24, after_number=True)]
    assert choose(words, LISTED, {})[4].best == "丙丁"


def test_two_words_parted_by_a_comma_are_no_list() -> None:
    # 값은 오르고, 양은 줄었다: a comma also parts clauses; a middle dot or a third item makes a list
    assert choose([unit("을장", 0), unit("병장", 4, listed=",")], LISTED, {})[1].best == "丙戊"
    assert choose([unit("을장", 0), unit("병장", 4, listed="·")], LISTED, {})[1].best == "丙丁"


def test_an_item_ends_its_list_item_to_share_its_ending() -> None:
    # 병장 glued before another noun does not end its item: the list's endings say nothing of it
    listed = [unit("갑장", 0), unit("을장", 4, listed="·"), unit("병장", 8, listed="·"), unit("기사", 10)]
    assert choose(listed, LISTED, {})[2].best == "丙戊"


def test_an_item_leans_to_the_spelling_nearest_the_other_items() -> None:
    vectors = Vectors(["乙丑", "乙築", "甲子"], np.arange(3),
                      np.array([[1.0, 0.0], [0.0, 1.0], [0.8, 0.6]], dtype=np.float32))
    fit = _kin_fit({"乙丑": 0.4, "乙築": 0.6}, [["甲子"]], vectors)
    assert fit["乙丑"] > fit["乙築"]
    assert _kin_fit({"乙丑": 0.4, "乙築": 0.6}, [["丙午"]], vectors) == {}


def test_choice_of_nothing() -> None:
    assert choose([], TOY, {}) == []
    assert Choice(unit("뭐"), []).best == KEEP


def test_position_in_a_compound_discounts_the_other_positions_word() -> None:
    toy = Lexicon({"지구": [Entry("地球", "N", 0.6, "n"), Entry("地區", "N", 0.4, "n")]},
                  heads={"地區": 12, "地球": 1}, modifiers={"地區": 4, "地球": 44})
    assert best(candidates(unit("지구"), toy)) == "地球"
    assert best(candidates(unit("지구", position="head"), toy)) == "地區"      # 첨단3지구
    assert best(candidates(unit("지구", position="modifier"), toy)) == "地球"  # 지구온난화


def test_a_few_compounds_do_not_overturn_a_strong_prior() -> None:
    toy = Lexicon({"인력": [Entry("人力", "N", 0.6, "n"), Entry("引力", "N", 0.3, "n")]},
                  heads={"引力": 10}, modifiers={"人力": 4, "引力": 2})
    assert best(candidates(unit("인력", position="head"), toy)) == "人力"      # 전문인력


def test_a_proper_noun_spelled_like_a_family_name_is_a_person() -> None:
    toy = Lexicon({"안견": [Entry("眼見", "N", 0.6, "-"), Entry("安堅", "N", 0.4, "-")],
                   "안": [Entry("安", "N", 0.5, "姓"), Entry("案", "N", 0.5, "n")]})
    assert toy.surname_hanja("안") == frozenset({"安"})
    assert best(candidates(unit("안견", tag="NNP"), toy)) == "安堅"    # 하연, 안견, 박팽년 등
    assert best(candidates(unit("안견", tag="NNG"), toy)) == "眼見"


def test_a_native_gloss_nearby_favours_the_characters_it_glosses() -> None:
    from converter.analysis import NativeContext
    toy = Lexicon({"정수": [Entry("定數", "N", 0.6, "n"), Entry("淨水", "N", 0.4, "n")]},
                  glosses={"淨": frozenset({"V깨끗하", "V맑"}), "水": frozenset({"N물"}),
                  "定": frozenset({"V정하"}), "數": frozenset({"N셈"})})
    text = "정수 장치로 물을 깨끗하게 만드는 설비이다."
    native = NativeContext()
    native.add(text, tokenize(text))
    assert choose([unit("정수")], toy, {})[0].best == "定數"
    assert choose([unit("정수")], toy, {}, native)[0].best == "淨水"


def test_a_rare_character_shared_with_a_nearby_word_favours_that_spelling() -> None:
    # 冠服 has no word vector, so only the shared character links it to 服制
    toy = Lexicon({"복제": [Entry("複製", "N", 0.8, "n"), Entry("服制", "N", 0.2, "n")],
                   "관복": [Entry("冠服", "N", 1.0, "n")], "관리": [Entry("冠吏", "N", 1.0, "n")]},
                  char_share={"服": 0.001, "冠": 0.01, "複": 0.005, "製": 0.004, "制": 0.006,
                              "吏": 0.01})
    assert choose([unit("관복", 0), unit("복제", 4)], toy, {})[1].best == "服制"
    # no rare character shared: the prior stands
    assert choose([unit("관리", 0), unit("복제", 4)], toy, {})[1].best == "複製"


def test_a_word_does_not_vouch_for_its_own_spelling() -> None:
    from converter.disambiguate import _counted, _discourse, _syllable_shares, _syllable_usage
    word = unit("복제")
    prior = {"複製": 0.8, "服制": 0.2}
    alone = _syllable_usage([word], [_counted(word, prior)])
    assert _counted(word, prior) == "複製"
    assert _discourse("複製", _syllable_shares(word, alone, _counted(word, prior))) == 0.0
    twice = _syllable_usage([word, unit("복제", 10)], [_counted(word, prior)] * 2)
    assert _discourse("複製", _syllable_shares(word, twice, _counted(word, prior))) == 1.0   # the other


def test_family_name_shape_does_not_outweigh_a_known_word_of_the_same_shape() -> None:
    toy = Lexicon({"태조": [Entry("太祖", "N", 0.8, "n"), Entry("太早", "N", 0.2, "-")],
                   "태": [Entry("太", "N", 0.5, "姓")]})
    assert best(candidates(unit("태조", tag="NNP"), toy)) == "太祖"   # 고려 태조 왕건


def test_a_bound_noun_glued_to_a_noun_yields_to_the_suffix_its_compounds_show() -> None:
    toy = Lexicon({
        "사": [Entry("事", "B", 1.0, "n"), Entry("私", "N", 0.15, "n"), Entry("社", "N", 0.1, "n")],
        "사|動作": [Entry("社", "X", 0.6, "-"), Entry("士", "X", 0.3, "-"), Entry("事", "X", 0.1, "-")],
        "측": [Entry("側", "B", 1.0, "n"), Entry("測", "N", 0.3, "n")],
        "측|n": [Entry("側", "X", 0.9, "-"), Entry("測", "X", 0.1, "-")],
        "동": [Entry("棟", "B", 1.0, "助数詞"), Entry("洞", "N", 0.4, "n"), Entry("棟", "N", 0.3, "n")],
        "동|n": [Entry("洞", "X", 0.9, "-"), Entry("棟", "X", 0.1, "-")],
        "회": [Entry("回", "B", 1.0, "助数詞"), Entry("會", "N", 0.3, "n"), Entry("回", "N", 0.1, "-")],
        "회|動作": [Entry("會", "X", 0.8, "-"), Entry("回", "X", 0.2, "-")],
    })
    def glued(text: str, kind: str) -> Unit:
        return unit(text, classes="SBN", attached=True, stem_kind=kind)
    assert best(candidates(glued("사", "動作"), toy)) == "社"   # 운용사: 運用社, not 運用事
    assert best(candidates(glued("측", "n"), toy)) == "側"      # 회사측: the compounds show 側
    assert best(candidates(glued("동", "n"), toy)) == "棟"      # 실증동: a counter naming a thing stays first
    assert best(candidates(glued("회", "動作"), toy)) == "會"   # 준비회: a counter that only counts does not
    assert best(candidates(unit("사", classes="BN", tag="NNB"), toy)) == "事"   # not glued


def test_a_common_noun_discounts_the_place_name_sense() -> None:
    toy = Lexicon({"경기": [Entry("京畿", "N", 0.4, "都市"), Entry("競技", "N", 0.3, "動作")]})
    assert best(candidates(unit("경기", tag="NNP"), toy)) == "京畿"   # 서울과 경기
    assert best(candidates(unit("경기", tag="NNG"), toy)) == "競技"   # 리그 경기에서


def test_a_lone_syllable_read_as_a_common_noun_is_still_less_likely_a_place() -> None:
    # HanDic's likeliest 호 is 鎬, an ancient capital; 호는 (his pen name) is 號
    toy = Lexicon({"호": [Entry("鎬", "N", 0.4, "地名"), Entry("號", "N", 0.15, "n")],
                   "경기": [Entry("京畿", "N", 0.4, "都市"), Entry("競技", "N", 0.15, "動作")]})
    assert best(candidates(unit("호"), toy)) == "號"
    assert best(candidates(unit("경기"), toy)) == "京畿"   # two syllables: the usual discount


def test_a_word_kiwi_cut_into_syllables_may_be_a_name() -> None:
    surnames = {"조": [Entry("曺", "N", 0.5, "姓")]}
    toy = Lexicon(surnames | {"조창": [Entry("漕倉", "N", 0.6, "-"), Entry("曺昌", "N", 0.3, "-")]})
    assert best(candidates(unit("조창", tag="COMPOUND"), toy)) == "漕倉"
    assert best(candidates(unit("조창", tag="SYLLABLES"), toy)) == "曺昌"


def test_a_counter_with_nothing_to_count_yields_to_the_noun() -> None:
    toy = Lexicon({"개소": [Entry("個所", "B", 1.0, "助数詞"), Entry("開所", "N", 0.5, "動作"),
                          Entry("個所", "N", 0.1, "-")]})
    assert best(candidates(unit("개소", classes="BN", tag="NNB"), toy)) == "個所"   # 몇 개소
    assert best(candidates(unit("개소", classes="BN", tag="NNB", no_figure=True), toy)) == "開所"


def test_a_word_listed_with_names_prefers_its_family_name_spelling() -> None:
    toy = Lexicon({"장": [Entry("張", "N", 0.5, "姓")],
                   "장안동": [Entry("長安洞", "N", 0.6, "-"), Entry("張安東", "N", 0.4, "-")]})
    assert best(candidates(unit("장안동"), toy)) == "長安洞"
    assert best(candidates(unit("장안동", among_names=True), toy)) == "張安東"


def test_a_phrase_in_the_text_spells_its_abbreviation() -> None:
    # (made-up spellings with no word vectors, and phrase words too unsure to count as the
    # text's own syllable usage: only the abbreviation can tip the choice)
    toy = Lexicon({"가다": [Entry("可多", "N", 0.6, "n"), Entry("佳多", "N", 0.4, "-")],
                   "가나": [Entry("佳那", "N", 0.55, "n"), Entry("可那", "N", 0.45, "n")],
                   "다라": [Entry("多羅", "N", 0.55, "n"), Entry("茶羅", "N", 0.45, "n")]})
    assert choose([unit("가다", 0)], toy, {})[0].best == "可多"
    with_phrase = choose([unit("가다", 0), unit("가나", 10), unit("다라", 13)], toy, {})
    assert with_phrase[0].best == "佳多"   # 가나 다라 (佳那 多羅) abbreviates to 가다: 佳多


def test_a_noun_after_toward_and_its_object_prefers_an_act() -> None:
    toy = Lexicon({"사과": [Entry("沙果", "N", 0.5, "n"), Entry("謝過", "N", 0.3, "動作"),
                          Entry("絲瓜", "N", 0.2, "-")]})
    assert best(candidates(unit("사과"), toy)) == "沙果"
    assert best(candidates(unit("사과", after_toward=True), toy)) == "謝過"   # 대국민 사과
    toy = Lexicon({"여건": [Entry("與件", "N", 0.7, "n"), Entry("餘件", "N", 0.3, "-")]})
    assert best(candidates(unit("여건", after_toward=True), toy)) == "與件"   # no act to prefer


def test_a_word_glued_on_takes_the_spelling_of_the_compound_the_long_words_tail_makes() -> None:
    # 상수도 + 관: 수도관 is 水道管, so 관 is 管 (not the official, 官)
    lex = Lexicon({"상수도": [Entry("上水道", "N", 1.0, "n")],
                   "관": [Entry("官", "N", 0.6, "n"), Entry("管", "N", 0.4, "n")],
                   "수도관": [Entry("水道管", "N", 1.0, "n")]})
    glued = choose([unit("상수도", 0), unit("관", 3)], lex, {})[1]
    apart = choose([unit("상수도", 0), unit("관", 4)], lex, {})[1]   # not glued: no compound
    assert glued.best == "管"
    assert dict(glued.ranked)["管"] > dict(apart.ranked)["管"]
