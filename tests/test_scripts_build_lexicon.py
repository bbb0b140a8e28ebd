"""The lexicon build's pure parts: rank fusion, HanDic's default costs, variant filtering."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "build_lexicon", Path(__file__).resolve().parent.parent / "scripts" / "build_lexicon.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


def test_fuse_shares_rank_between_ties() -> None:
    probs = build.fuse([[("甲", 0), ("乙", 0), ("丙", 1)]], ["甲", "乙", "丙"])
    assert probs["甲"] == pytest.approx(probs["乙"])
    assert probs["甲"] > probs["丙"]
    assert sum(probs.values()) == pytest.approx(1.0)


def test_default_cost_is_the_commonest_cost_of_a_kind() -> None:
    rows = [(8910, ["Noun", "普通", "*"] + ["x"] * 7 + ["NNG"])] * build.MIN_DEFAULT
    rows += [(5000, ["Noun", "普通", "*"] + ["x"] * 7 + ["NNG"])]
    rows += [(7000, ["Noun", "普通", "動作"] + ["x"] * 7 + ["NNG"])]   # too few to be a default
    assert build.default_costs(rows) == {("NNG", "*"): 8910}


def test_handic_order_counts_only_where_its_corpus_counted() -> None:
    # 連呼 is only listed (default cost): it gets no more weight than libhangul's own order
    hd = {"連呼": (7947, "動作", False)}
    lib = ["年號", "連呼"]
    probs = build.spelling_probabilities(["連呼", "年號"], hd, lib, lambda w: 0.0)
    assert probs["年號"] > probs["連呼"] * 0.5
    counted = {"連呼": (6000, "動作", True)}
    assert build.spelling_probabilities(["連呼", "年號"], counted, lib, lambda w: 0.0)["連呼"] > 0.7


def test_learner_grades_rank_the_common_spellings_of_longer_words() -> None:
    def row(surface, hanja, grade, tag="NNG"):
        return (9000, ["Noun", "普通", "*", "*", "*", surface, surface, hanja, "*", grade, tag])
    rows = [row("시작", "始作", "A"), row("시작", "詩作", "*"), row("시작", "始作", "C"),
            row("도", "道", "A"), row("가게", "*", "A")]
    assert build.learner_grades(rows) == {("시작", "N"): {"始作": 0}}
    hd = {"始作": (9000, "n", False), "詩作": (9000, "n", False)}
    plain = build.spelling_probabilities(["詩作", "始作"], hd, ["詩作", "始作"], lambda w: 0.0)
    graded = build.spelling_probabilities(["詩作", "始作"], hd, ["詩作", "始作"], lambda w: 0.0, {"始作": 0})
    assert plain["詩作"] > plain["始作"] and graded["始作"] > graded["詩作"]


def test_verb_roots_know_whether_they_make_verbs_or_adjectives() -> None:
    def row(pos, lemma, hanja, tag, cost=9000):
        return (cost, [pos, "自立", "*", "語基1", "*", lemma, lemma, hanja, "*", "*", tag])
    rows = [row("Adjective", "정하", "正하", "VA"), row("Verb", "정하", "定하", "VV"),
            row("Verb", "강하", "强하", "VV"), row("Adjective", "강하", "强하", "VA", cost=8000)]
    readings = {"正": {"정"}, "定": {"정"}, "强": {"강"}}
    out = build.handic_entries(rows, readings)
    assert out[("정", "V")]["正"][1] == "VA" and out[("정", "V")]["定"][1] == "VV"
    assert out[("강", "V")]["强"][1] == "VA+VV"


def test_every_family_name_is_kept_apart_from_the_words_entries() -> None:
    rows = [(10000, ["Noun", "固有名詞", "姓", "*", "*", "송", "송", "宋", "*", "*", "NNP"]),
            (9000, ["Noun", "固有名詞", "国名", "*", "*", "송", "송", "宋", "*", "*", "NNP"]),
            (11000, ["Noun", "固有名詞", "姓", "*", "*", "류", "류", "柳/劉", "*", "*", "NNP"])]
    assert build.surname_lines(rows) == ["류|姓\tX\t劉\t1\t姓", "류|姓\tX\t柳\t1\t姓", "송|姓\tX\t宋\t1\t姓"]


@pytest.mark.parametrize("word, folded", [
    ("립헌", "입헌"), ("로동", "노동"), ("녀자", "여자"), ("례절", "예절"), ("락원", "낙원"),
    ("나라", "나라"), ("국립", "국립"),
])
def test_initial_sound_law(word: str, folded: str) -> None:
    assert build.initial_law(word) == folded


def test_words_listed_only_without_the_initial_sound_law_are_filed_under_it() -> None:
    lib = {"루진적": ["累進的"], "립헌": ["立憲"], "입헌": ["入憲"], "리": ["里", "理"]}
    out = build.with_initial_law(lib)
    assert out["누진적"] == ["累進的"] and out["루진적"] == ["累進的"]
    assert out["입헌"] == ["入憲"]           # listed in both spellings: its own list stands
    assert "이" not in out                    # one syllable: no word start to speak of


@pytest.mark.parametrize("char, standard", [("衛", True), ("朴", True), ("据", True), ("研", False)])
def test_korean_standard_set(char: str, standard: bool) -> None:
    assert build.in_korean_standard(char) is standard


def test_partner_lines_group_pairs_by_word() -> None:
    text = build.partner_lines([("開發", "地區"), ("地球", "溫暖化"), ("開發", "計劃")])
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in text.splitlines()}
    assert rows["開發"] == ["2", "0", "地區 計劃"]
    assert rows["地區"] == ["0", "1", "開發"]
    assert rows["溫暖化"] == ["0", "1", "地球"]


@pytest.mark.parametrize("adnominal, stem", [("맑을", "맑"), ("고를", "고르"), ("깨끗할", "깨끗하"),
                                              ("어진", "어지"), ("그림", "그림")])
def test_verb_stem_of_a_gloss(adnominal: str, stem: str) -> None:
    assert build.verb_stem(adnominal) == stem


def test_glosses_read_from_one_character_comments(tmp_path: Path) -> None:
    path = tmp_path / "hanja.txt"
    path.write_text("# comment\n수:水:물 수, 고를 수\n정:淨:맑을 정\n정수:淨水:\n위:爲:할 위\n", encoding="utf-8")
    glosses = build.read_glosses(path)
    assert glosses["水"] == {"N물", "V무", "N고를", "V고르"}
    assert glosses["淨"] == {"N맑을", "V맑"}
    assert "爲" not in glosses or "V하" not in glosses["爲"]   # too general to mean anything


def test_a_gloss_that_is_the_characters_own_word_needs_that_word_to_mean_it(tmp_path: Path) -> None:
    path = tmp_path / "hanja.txt"
    path.write_text("의:醫:의원 의, 고칠 의\n사:祀:제사 사\n", encoding="utf-8")
    glosses = build.read_glosses(path, {"의원": "議員", "제사": "祭祀"})
    assert "N의원" not in glosses["醫"] and "N고칠" in glosses["醫"]   # 의원 is mostly 議員
    assert "N제사" in glosses["祀"]


def test_likeliest_spellings_of_nouns() -> None:
    lines = ["의원\tN\t醫員\t0.2\tn", "의원\tN\t議員\t0.4\tn", "의원\tV\t依願\t0.9\t-"]
    assert build.likeliest_spellings(lines) == {"의원": "議員"}


def test_character_counts_count_noun_spellings_once_each() -> None:
    lines = ["복제\tN\t複製\t0.6\tn", "복제\tN\t服制\t0.4\tn", "제도\tN\t制度\t1\tn", "복\tN\t服\t1\tn",
             "제도\tV\t制度\t1\t動作"]
    counts = build.character_counts(lines)
    assert counts[""] == 3 and counts["制"] == 2 and counts["服"] == 1 and counts["複"] == 1


def test_kiwi_words_are_long_nouns_with_only_hanja_readings() -> None:
    lines = [
        "이차전지\tN\t二次電池\t1\tn",
        "을숙도\tN\t乙淑島\t1\t-",        # 을숙 is no word: Kiwi may cut it into 을/숙/도
        "사업\tN\t事業\t1\tn",
        "사업단\tN\t事業團\t1\t-",        # a word and a suffix: the engine's compounds handle it
        "대상\tN\t對象\t1\tn",
        "대상인\tN\t大商人\t1\t-",        # 대상+인 (copula): the common phrase must stay common
        "가나다라\tN\t-\t0.9\tn",          # a native reading: never forced on Kiwi
        "가나다라\tN\t假羅多羅\t0.1\t-",
        "성장률|n\tX\t率\t1\t-",
    ]
    assert build.kiwi_words(lines) == ["을숙도", "이차전지"]


def test_state_words_from_one_character_comments(tmp_path: Path) -> None:
    path = tmp_path / "hanja.txt"
    path.write_text("정:鄭:나라이름 정, 성씨 정, 정나라 정\n신:莘:나라이름 신\n조:趙:조나라 조\n"
                    "정:正:바를 정\n", encoding="utf-8")
    # "나라이름 신" says only that 莘 named some state: 신나라 is also 新 (Wang Mang's)
    assert dict(build.state_words(path)) == {"정나라": ["鄭나라"], "조나라": ["趙나라"]}
