"""Behaviour of the engine's public calls: converter.analyze and converter.convert."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from converter import Options, analyze, convert
from converter.lexicon import is_hanja, is_syllable

FIXTURES = Path(__file__).parent / "fixtures" / "converter"
PARAGRAPHS = (FIXTURES / "paragraphs.txt").read_text(encoding="utf-8")


def out_at(text: str, word: str, nth: int = 0, options: Options | str | None = None) -> str:
    """What style-hanja output holds where `word` (its nth occurrence) stands in the input.

    Style hanja keeps every character's position (tested below), so this reads one word's
    rendering without depending on how the engine cuts the text into segments.
    """
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    out = convert(text, options or "hanja")
    assert len(out) == len(text)
    return out[start:start + len(word)]


def all_hanja(s: str) -> bool:
    return bool(s) and all(is_hanja(c) for c in s)


def xfail(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


# --- personal names ---------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("박민호 기자가 현장을 취재했다.", "박민호"),
    ("최수연 기자 = 해양수산부는 12일 대책을 내놓았다.", "최수연"),
    ("정수아씨는 회의에 참석했다.", "정수아"),
    ("한동진 사업단장은 추진 계획을 발표했다.", "한동진"),
    ("윤서진 대표는 투자를 늘리겠다고 밝혔다.", "윤서진"),
    ("강지훈 교수는 연구 결과를 공개했다.", "강지훈"),
    ("한승민씨는 가게를 운영한다.", "한승민"),
    ("한편 박지현 더불어민주당 의원은 대책을 요구했다.", "박지현"),   # Kiwi: 박지/NNP 현/MM
    ("고민호 의원은 질의를 이어갔다.", "고민호"),       # 고 and 송 are family names, whatever 高 and 宋 are too
    ("배우 송태민 씨가 시상식에 참석했다.", "송태민"),
    ("회의에는 박정민 교육부 차관과 최은영 서울시교육감이 참석했다.", "최은영"),   # a title ending a compound
    ("강동원 주연의 영화가 개봉했다.", "강동원"),          # the one a film stars
])
def test_personal_names_next_to_titles_stay_hangul(text: str, name: str) -> None:
    assert out_at(text, name) == name


@pytest.mark.parametrize("text, word, expected", [
    ("시민단체 대표는 회견을 열었다.", "시민단체", "市民團體"),   # two words are no one's name
    ("그는 명불허전의 작가로 꼽힌다.", "명불허전", "名不虛傳"),   # nor is a four-syllable word
])
def test_words_before_titles_that_are_no_names(text: str, word: str, expected: str) -> None:
    assert out_at(text, word) == expected


@pytest.mark.parametrize("text, word, expected", [
    ("그의 동생 유공은 강동으로 떠났다.", "유공", "유공"),            # a name no spelling fits: not 有功
    ("그의 아들 진흥왕은 영토를 넓혔다.", "진흥왕", "眞興王"),       # a ruler's name
    ("위나라의 대장군 사마소가 군대를 이끌었다.", "사마소", "司馬昭"),   # a two-syllable family name
    ("그의 아버지 사업을 물려받았다.", "사업", "事業"),                # Kiwi knows the common noun
    ("장군 시절의 일을 회고했다.", "시절", "時節"),
])
def test_a_name_after_a_kinship_word_or_office(text: str, word: str, expected: str) -> None:
    assert out_at(text, word) == expected


@pytest.mark.parametrize("text, word, expected", [
    ("박 시장은 버스 요금 인상 계획을 설명했다.", "시장", "市長"),   # after a bare family name: the office
    ("서연희 이사는 이사 비용을 줄였다.", "이사", "理事"),           # after a name, and not elsewhere
    ("조 원장은 환자들에게 사과했다.", "조", "조"),                # any family name before a title
    ("조 원장은 환자들에게 사과했다.", "원장", "院長"),
    ("그는 당 대표 경선에 출마했다.", "당", "黨"),               # 唐 is too rare a family name
    ("전기차 배터리 시장의 성장세가 둔화했다.", "시장", "市場"),    # a loanword Kiwi knows: no name
    ("박상훈 경기도지사는 정책을 발표했다.", "경기도지사", "京畿道知事"),   # a place, no family name
])
def test_a_title_after_a_name_is_the_office(text: str, word: str, expected: str) -> None:
    assert out_at(text, word) == expected


def test_a_name_that_is_a_common_word_is_not_followed_through_the_text() -> None:
    # 이전 시장 may be 이 전 시장, Lee, once mayor; 기술 이전 is no one
    assert out_at("이전 시장은 침묵했다. 연구소는 기술 이전 성과를 공개했다.", "이전", nth=1) == "移轉"


def test_title_after_a_name_is_still_converted() -> None:
    text = "한동진 사업단장은 추진 계획을 발표했다."
    assert out_at(text, "사업단장") == "事業團長"
    assert out_at("박민호 기자가 현장을 취재했다.", "기자") == "記者"


def test_bare_surname_before_a_title_stays_hangul() -> None:
    text = "김 전 장관은 질문에 답하지 않았다."
    assert out_at(text, "김") == "김"
    assert out_at(text, "전") == "前"
    assert out_at(text, "장관") == "長官"
    # Kiwi tags this 전 as a proper noun (the surname 全): before a title it still means former
    assert out_at("검찰은 전 장관에 대해 구속영장을 청구했다.", "전") == "前"
    # 宋 is first of all the state in the dictionary, but before a title it is the family name
    assert out_at("송 장관은 현장을 방문했다.", "송") == "송"


# --- numbers and counters -----------------------------------------------------------------

def test_date_counters() -> None:
    text = "2024년 3월 5일 오후 회의가 열렸다."
    out = convert(text)
    assert out.startswith("2024年 3月 5日 ")


@pytest.mark.parametrize("text, word, expected", [
    ("사과 12개를 샀다.", "개", "個"),
    ("지난 3년간 매출이 늘었다.", "년간", "年間"),
    ("30대 직장인이 많았다.", "대", "代"),
    ("공장은 차량 20만 대를 생산한다.", "대", "臺"),       # a space: things counted
    ("우리 팀이 3대 1로 이겼다.", "대", "對"),             # between two bare figures: a score
    ("결승에서 2대0 완승을 거뒀다.", "대", "對"),
    ("30대 2명이 다쳤다.", "대", "代"),                    # the second figure counts people
    ("이번 학기 수강생은 지난 학기보다 2배 늘었다.", "배", "倍"),
    ("정부는 최저임금을 시간당 1만원으로 결정했다.", "당", "當"),   # Kiwi's suffix 당: per   # no native word: what a figure measures
    ("소방서는 펌프차 7대를 보냈다.", "대", "臺"),          # the thing counted stands before
    ("사고 현장에는 트럭 3대가 멈춰 있었다.", "대", "臺"),
    ("연령별로는 여성 40대가 가장 많았다.", "대", "代"),     # people: an age
    ("참가자 가운데 60대가 절반이었다.", "대", "代"),
    ("우리 팀은 16강에 올랐다.", "강", "强"),              # Kiwi: 강/NNG, but it heads its phrase
    ("그는 5대 기업을 방문했다.", "대", "大"),             # a noun after it: the five big
    ("그는 재산을 제3자에게 넘겼다.", "자", "者"),          # a third party; 100자 counts characters
    ("노동조합은 다음 주 회의를 연다.", "주", "週"),       # after 다음, 지난: a unit of time
    ("그는 19세에 과거에 합격했다.", "세", "歲"),          # 過去世 is no evidence a particle away
    ("지난 회에 이어 토론을 계속했다.", "회", "回"),
    ("그는 조선의 제4대 국왕이다.", "대", "代"),           # an ordinal: a generation
    ("그는 조선의 제4대 국왕이다.", "제", "第"),
    ("제20대 대통령 선거가 열렸다.", "제", "第"),
    ("헌법 제37조 제2항에 따라 제한할 수 있다.", "조", "條"),   # an article of a law
    ("올해 예산은 6조 원이다.", "조", "兆"),
    ("관람객은 379만 명이었다.", "만", "萬"),
    ("올해 판매량은 8만6000대로 집계됐다.", "만", "萬"),
    ("축제에는 30만명이 다녀갔다.", "만명", "萬名"),         # a numeral word ends the figure: no 萬明
    ("그 회사는 작년에 12만대를 팔았다.", "대", "臺"),       # thousands of things, no age
    ("신차는 석 달 만에 7천대가 팔렸다.", "대", "臺"),
    ("시장에서 배추 두 포기를 샀다.", "포기", "포기"),     # a native numeral counts: a native counter
    ("사과는 한 개당 500원이다.", "개당", "個當"),          # no 開堂
    ("사고로 차량 두 대가 부서졌다.", "대", "臺"),
    ("이웃한 세 리가 하나로 통합됐다.", "리", "里"),        # Kiwi's common noun, read as the counter
])
def test_counters_after_figures(text: str, word: str, expected: str) -> None:
    assert out_at(text, word) == expected


@pytest.mark.parametrize("text, word, expected", [
    ("이 사업에는 모두 4조원이 든다.", "4조원", "4兆원"),           # not 組員
    ("올해 적자는 3000억원을 넘었다.", "3000억원", "3000億원"),      # not 抑寃
    ("인구 1000명당 병상은 12개다.", "1000명당", "1000名當"),        # per person: not 明堂
    ("1인당 지원금은 50만원이다.", "1인당", "1人當"),
    ("지난 3년간 매출이 늘었다.", "3년간", "3年間"),                 # a word that starts with the counter
])
def test_words_glued_after_a_figure_start_with_its_counter(text: str, word: str, expected: str) -> None:
    assert out_at(text, word) == expected


@pytest.mark.parametrize("text, word, expected", [
    ("그는 공금을 유용한 사실을 인정했다.", "유용", "流用"),   # an object before: a verb
    ("이 방법은 초보자에게 유용한 도구다.", "유용", "有用"),   # no object: the adjective
    ("자료를 유용하게 썼다.", "유용", "有用"),                # an adverb's object is the next verb's
    ("회의 날짜는 아직 정해진 바 없다.", "정", "定"),     # Kiwi reads a verb: 定하다, not 正하다
    ("이 섬은 온대 기후에 속한다.", "속", "屬"),           # not the adjective 俗하다
    ("그는 떠나기 전 스승에게 작별을 고했다.", "고", "告"),
])
def test_verb_roots_follow_verb_or_adjective(text: str, word: str, expected: str) -> None:
    assert out_at(text, word) == expected


def test_a_suffix_glued_to_a_word_left_in_hangul_stays_in_hangul_too() -> None:
    # Kiwi cuts the unknown 문충 into 문 + 충; 문 stays in Hangul, so must 충 (no 문蟲)
    assert "문충" in convert("그는 우의정에 올랐고 시호는 문충이다.")


def test_a_rank_a_person_is_made_ends_in_the_ranks_character() -> None:
    assert out_at("왕은 그의 아우를 공으로 봉하였다.", "공") == "公"
    assert out_at("그는 공으로 상을 받았다.", "공") != "公"          # no 봉하다: no rank


def test_verbs_kiwi_knows_whole_with_bat_da_keep_their_verbal_noun() -> None:
    assert out_at("그는 능력을 인정받아 승진했다.", "인정") == "認定"
    assert "물려받았다" in convert("그는 재산을 물려받았다.")     # 물려 is no verbal noun


def test_states_named_by_one_syllable_each() -> None:
    out = convert("한미일 외교장관 회의에 이어 북중러 밀착을 경계했다.")
    assert out.startswith("韓美日 ") and "北中러" in out
    # only the states news abbreviates so: 청 and 송 (淸, 宋) are as often a place or a name
    assert "淸宋" not in convert("그는 청송에서 태어났다.")


@pytest.mark.parametrize("text, word, expected", [
    ("도내 7개 시군이 협약을 맺었다.", "시군", "市郡"),             # no 弑君: a chain of units
    ("전국 시군구 단위로 집계했다.", "시군구", "市郡區"),
    ("읍면동 주민센터에서 신청할 수 있다.", "읍면동", "邑面洞"),
    ("그는 탈출을 시도했다.", "시도", "試圖"),                     # a word HanDic knows
    ("구리 가격이 올랐다.", "구리", "구리"),                       # a native word: copper
    ("전국 17개 시·도 교육청이 참여했다.", "시·도", "市·道"),        # listed with ·, in one token
    ("시·군·구 단위로 집계했다.", "시·군·구", "市·郡·區"),
])
def test_administrative_units_named_by_one_syllable_each(text: str, word: str, expected: str) -> None:
    assert out_at(text, word) == expected


@pytest.mark.parametrize("text, word, expected", [
    ("노·사 갈등이 심화됐다.", "노·사", "勞·使"),            # together a word: 勞使
    ("노·사·정 대화가 시작됐다.", "노·사·정", "勞·使·政"),
    ("여·야 지도부가 만났다.", "여·야", "與·野"),            # in one Kiwi token
])
def test_one_syllable_items_listed_with_dots_spell_the_word_they_make(text: str, word: str, expected: str) -> None:
    assert out_at(text, word) == expected


@pytest.mark.parametrize("text, word, expected", [
    ("금리가 4%대로 올랐다.", "%대", "%臺"),              # the range a figure opens
    ("가격은 1만 원대로 낮아졌다.", "원대", "원臺"),        # (the won stays in Hangul)
    ("주가는 7만원대에서 움직였다.", "원대", "원臺"),
    ("50대 남성이 다쳤다.", "50대", "50代"),               # an age, as before
    ("차량 3대가 부서졌다.", "3대", "3臺"),
])
def test_dae_glued_to_a_figures_unit_is_its_range(text: str, word: str, expected: str) -> None:
    assert out_at(text, word) == expected


@pytest.mark.parametrize("text, expected", [
    ("본관은 경주이며 서울에서 태어났다.", "本貫"),      # a biography names the clan's seat
    ("그의 본관은 청송이다.", "本貫"),
    ("학교 본관은 공사 중이다.", "本館"),                # the main building
    ("본관은 박물관이며 별관은 강당이다.", "本館"),
])
def test_the_clan_seat_of_a_biography(text: str, expected: str) -> None:
    assert out_at(text, "본관") == expected


def test_a_prefix_after_a_figure_is_no_counter() -> None:
    assert out_at("독감 H3N2 재유행 우려가 커졌다.", "재유행") == "再流行"   # no 才, the counter


def test_a_syllable_after_a_counter_takes_the_word_the_counter_makes() -> None:
    assert out_at("협력 업체 12개사가 참여했다.", "개사") == "個社"   # companies, not 個事
    assert out_at("10명당 1명꼴이다.", "명당") == "名當"                # per ten people


def test_a_common_noun_is_no_persons_name_where_a_common_sense_exists() -> None:
    assert out_at("전직 장관이 법정에 섰다.", "법정") == "法廷"   # not the monk 法頂


@pytest.mark.parametrize("text, word, expected", [
    ("가격은 개당 3천 원이다.", "개당", "個當"),               # no 開堂: per piece
    ("근로시간은 주당 52시간으로 제한된다.", "주당", "週當"),    # no 酒黨
    ("강의료는 회당 10만 원이다.", "회당", "回當"),             # no 會堂
    ("수수료는 건당 500원이다.", "건당", "件當"),
    ("그는 술을 좋아하는 주당이다.", "주당", "酒黨"),            # a word where Kiwi reads one
    ("교회 회당에서 예배를 드렸다.", "회당", "會堂"),
])
def test_per_unit_is_a_counter_and_dang(text: str, word: str, expected: str) -> None:
    assert out_at(text, word) == expected


def test_the_native_part_of_a_mixed_word_glosses_a_character() -> None:
    assert out_at("산불 진화 작업이 밤새 이어졌다.", "진화") == "鎭火"   # 山불: 불 is 火
    assert out_at("생물의 진화 과정을 연구한다.", "진화") == "進化"


@pytest.mark.parametrize("text", [
    "야당 의원들은 반대 의사를 분명히 했다.",
    "의원 시절 그는 사퇴 의사가 없다고 말했다.",
])
def test_a_gloss_that_is_a_homograph_itself_is_no_evidence(text: str) -> None:
    # 醫 is glossed 의원, but 의원 in a text is mostly 議員: it says nothing of 의사
    assert out_at(text, "의사") == "意思"


def test_states_listed_with_middle_dots_in_one_token() -> None:
    # Kiwi reads 한·미 and 한·중·일 as one proper noun
    assert convert("한·미 외교장관이 만났다.").startswith("韓·美 ")
    assert convert("한·중·일 교역이 늘었다.").startswith("韓·中·日 ")
    assert convert("한·러 교역이 줄었다.").startswith("韓·러 ")   # Russia stays in Hangul


def test_items_of_a_list_share_the_ending_they_share_in_hangul() -> None:
    # 응진전 alone is a coin (錢) as often as a hall: its list's 대웅전 says hall (殿)
    assert out_at("절의 건물로는 대웅전·응진전·삼성각이 남아 있다.", "응진전") == "應眞殿"
    # one syllable two whole words happen to share says less: 病院 does not make 공원 貢院
    assert out_at("새 도시에는 학교, 병원, 공원이 들어선다.", "공원") == "公園"


def test_states_before_nara() -> None:
    out = convert("진나라는 정나라와 송나라를 차례로 정벌하였고, 고려는 원나라와 화친했다. 우리 나라.")
    assert "宋나라" in out and "鄭나라" in out and "元나라" in out and "우리 나라" in out
    # the state's character is no topic word: 趙 would pull 왕 toward the family name 汪
    assert convert("조나라 왕이 말했다.").startswith("趙나라 王이")


def test_large_amounts_in_won() -> None:
    text = "예산은 1억5000만 원이다."
    out = convert(text)
    assert "1億5000萬 원" in out          # the currency 원 stays in Hangul
    assert "圓" not in out and "元" not in out and "院" not in out


def test_the_won_after_a_figure_is_never_part_of_another_word() -> None:
    # Kiwi reads 원대 as 원/NNB 대/XSN, which the lexicon knows as 遠大 (far-reaching)
    first, second = convert("분양가는 7억 원대로 책정됐다. 원대한 계획이다.").split(". ")
    assert "7億 원" in first and "遠大" not in first
    assert "遠大한 計劃" in second


def test_a_numeral_word_ending_in_a_myriad_word() -> None:
    # Kiwi reads 천억 and 천만 as one numeral: only its myriad word is written in Hanja
    out = convert("외국인이 3천억 원어치를 팔았고, 개인은 3천만 원을 샀다.")
    assert "3천億 원어치" in out and "3천萬 원" in out


def test_digits_are_never_changed() -> None:
    text = "2조3000억 원과 17%, 80mm, 3.5%를 기록했다."
    out = convert(text)
    for figure in ("2", "3000", "17%", "80mm", "3.5%"):
        assert figure in out


# --- compounds ----------------------------------------------------------------------------

def test_long_noun_compound_converts_whole() -> None:
    text = "인공지능산업융합사업단이 출범했다."
    word = out_at(text, "인공지능산업융합사업단")
    assert all_hanja(word), word
    assert word.startswith("人工知能産業")
    assert "融合" in word and word.endswith("事業團")


def test_ministry_name_converts_whole() -> None:
    assert out_at("해양수산부는 대책을 내놓았다.", "해양수산부") == "海洋水産部"
    assert out_at("보건복지부는 사업을 확대했다.", "보건복지부") == "保健福祉部"


# --- part of speech -----------------------------------------------------------------------

def test_danji_as_adverb_is_never_housing_complex() -> None:
    text = "그것은 단지 소문일 뿐이다."
    assert out_at(text, "단지") in ("但只", "단지")


def test_danji_after_industry_is_complex() -> None:
    assert out_at("산업 단지 조성이 시작됐다.", "단지") == "團地"
    assert out_at("정부는 새 산업 단지를 지정했다.", "단지") == "團地"


def test_danji_senses_in_one_text() -> None:
    text = "그것은 단지 소문일 뿐이다. 산업 단지 조성이 시작됐다."
    assert out_at(text, "단지", nth=1) == "團地"


@pytest.mark.parametrize("text, word, expected", [
    ("그는 의혹을 부인했다.", "부인", "否認"),
    ("주민들은 피해를 호소했다.", "호소", "呼訴"),
    ("정부는 우려를 부인하며 보완책을 내놓았다.", "부인", "否認"),
    ("특히 청년층의 관심이 높았다.", "특히", "特히"),
    ("다양한 의견이 나왔다.", "다양한", "多樣한"),
    ("교통 체증이 심각하다.", "심각", "深刻"),
])
def test_part_of_speech(text: str, word: str, expected: str) -> None:
    assert out_at(text, word) == expected


@pytest.mark.parametrize("text, word, expected", [
    ("경제 성장률이 둔화됐다.", "성장률", "成長率"),
    ("시민단체들은 개정안을 비판했다.", "비판", "批判"),
    ("정부는 기준금리를 동결했다.", "동결", "凍結"),
    ("업계는 충전 시설 부족과 보조금 축소를 원인으로 꼽았다.", "부족", "不足"),
    ("교육부는 예산을 늘리겠다는 입장이다.", "입장", "立場"),
    pytest.param("환경부는 창업가 30명을 선정했다.", "창업가", "創業家",
                 marks=xfail("창업가 (entrepreneur) comes out 創業價")),
    ("충청권 주민들이 공청회에 참석했다.", "충청권", "忠淸圈"),
    ("연구 인력 양성 예산이 늘었다.", "양성", "養成"),
    ("방위 산업 관련 법안이 통과됐다.", "방위", "防衛"),
    ("항만 일대의 관련 사고는 11건에 이르렀다.", "사고", "事故"),
    ("정부는 점검 과정에서 드러난 문제를 바로잡겠다고 밝혔다.", "과정", "過程"),
    ("환경부는 데이터센터 건립을 위한 부지 선정 작업에 들어갔다.", "부지", "敷地"),
    ("자산 운용사와 시행사 관계자들이 모였다.", "운용사", "運用社"),
    ("자산 운용사와 시행사 관계자들이 모였다.", "시행사", "施行社"),
    ("완성차 업체들이 가격을 내렸다.", "완성차", "完成車"),
    ("준비회는 다음 달 열린다.", "준비회", "準備會"),     # 回 only counts; 棟 also names a building
    ("연구동과 실증동이 새로 들어선다.", "연구동", "硏究棟"),
    ("그는 리그 경기에서 골을 넣었다.", "경기", "競技"),
    ("해남, 진도, 완도 주민들이 모였다.", "주민", "住民"),   # after a place: no person's name
    ("국토교통부는 이차전지 기술을 가진 해외 기업과 공동 연구를 시작했다.", "이차전지", "二次電池"),
    ("가수의 콘서트 표는 예매 시작 10분 만에 팔렸다.", "시작", "始作"),        # a basic word (graded)
    ("회사는 인력 구조조정 계획을 발표했다.", "조정", "調整"),
    pytest.param("판매 부진의 원인을 분석했다.", "부진", "不振",
                 marks=xfail("판매 부진 comes out 不進, not 不振 (slump)")),
])
def test_common_news_words(text: str, word: str, expected: str) -> None:
    assert out_at(text, word) == expected


@pytest.mark.parametrize("word, expected", [
    ("부족", "不足"),
    ("입장", "立場"),
    ("호소", "呼訴"),
    ("부인", "否認"),
])
def test_common_news_words_in_a_longer_text(word: str, expected: str) -> None:
    assert out_at(PARAGRAPHS, word) == expected


# --- native words and loanwords -------------------------------------------------------------

@pytest.mark.parametrize("text, word", [
    ("자리에 앉아 생각을 정리했다.", "자리"),
    ("자리에 앉아 생각을 정리했다.", "생각"),
    ("일자리를 늘리는 사업이 시작됐다.", "일자리"),
    ("스타트업과 데이터센터가 늘었다.", "스타트업"),
    ("스타트업과 데이터센터가 늘었다.", "데이터센터"),
    ("이번 투자가 마중물 역할을 했다.", "마중물"),
    ("그는 집에 돌아가 손을 씻었다.", "손"),
    ("눈이 내린 길을 걸었다.", "길"),
    ("저녁 무렵 사람들이 모였다.", "사람"),
    pytest.param("어제 비가 많이 내렸다.", "비"),
])
def test_native_words_and_loanwords_stay_hangul(text: str, word: str) -> None:
    assert out_at(text, word) == word


# --- text that must pass through untouched --------------------------------------------------

def test_a_loanword_glued_to_a_loanword_stays_hangul() -> None:
    assert "월드투어" in convert("케이팝 그룹의 월드투어 콘서트가 열렸다.")


def test_hanja_latin_digits_urls_and_emails_unchanged() -> None:
    text = ("大韓民國 정부는 https://example.com/news/view?id=42&s=eco 에 공지했다. "
            "문의는 desk@example.kr 또는 02-123-4567, KTX와 AI 반도체 3종.")
    out = convert(text)
    for kept in ("大韓民國", "https://example.com/news/view?id=42&s=eco", "desk@example.kr",
                 "02-123-4567", "KTX", "AI", "3"):
        assert kept in out
    assert out_at(text, "정부") == "政府"


def test_url_with_hangul_path_unchanged() -> None:
    text = "자세한 내용은 https://example.com/위키/경제_정책?q=성장 에서 볼 수 있다."
    out = convert(text)
    assert "https://example.com/위키/경제_정책?q=성장" in out
    assert out_at(text, "내용") == "內容"


def test_glossed_word_is_not_glossed_twice() -> None:
    text = "정부는 반북(反北) 단체를 조사했다."
    for style in ("hanja", "hanja-hangul", "hangul-hanja"):
        out = convert(text, style)
        assert "반북(反北)" in out
        assert "反北(" not in out and "(反北)(" not in out


# --- styles -------------------------------------------------------------------------------

STYLE_TEXT = "특히 정부는 경제 회복을 강조했다."


@pytest.mark.parametrize("style, expected", [
    ("hanja", "特히 政府는 經濟 回復을 强調했다."),
    ("hanja-hangul", "特(특)히 政府(정부)는 經濟(경제) 回復(회복)을 强調(강조)했다."),
    ("hangul-hanja", "특(特)히 정부(政府)는 경제(經濟) 회복(回復)을 강조(强調)했다."),
    ("ruby", "特(특)히 政府(정부)는 經濟(경제) 回復(회복)을 强調(강조)했다."),
])
def test_each_style_renders_exactly(style: str, expected: str) -> None:
    assert convert(STYLE_TEXT, style) == expected
    assert convert(STYLE_TEXT, Options(style=style)) == expected


def test_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError):
        convert(STYLE_TEXT, "kanji")


def test_hanja_style_keeps_every_line_length_and_line_count() -> None:
    out = convert(PARAGRAPHS, "hanja")
    assert out != PARAGRAPHS
    lines_in, lines_out = PARAGRAPHS.split("\n"), out.split("\n")
    assert len(lines_in) == len(lines_out)
    for a, b in zip(lines_in, lines_out):
        assert len(a) == len(b), (a, b)


def test_crlf_and_blank_lines_survive() -> None:
    text = "정부는 대책을 발표했다.\r\n\r\n\r\n주민들은 환영했다.\r\n"
    out = convert(text)
    assert out.count("\r\n") == 4 and out.endswith("\r\n")
    assert out.startswith("政府는 對策을 發表했다.\r\n\r\n\r\n")


def test_empty_and_blank_text() -> None:
    assert convert("") == ""
    assert analyze("") == []
    assert convert("  \n\t\n") == "  \n\t\n"


def test_output_never_loses_a_hangul_syllable_it_did_not_convert() -> None:
    out = convert(PARAGRAPHS)
    for a, b in zip(PARAGRAPHS, out):
        assert a == b or (is_syllable(a) and is_hanja(b)), (a, b)


# --- idempotence ----------------------------------------------------------------------------

IDEMPOTENT_TEXTS = [
    "서울시는 올해 청년 일자리 예산을 크게 늘렸다고 4일 발표했다.\n"
    "시 관계자는 \"지역 경제의 활력을 되찾는 마중물이 될 것\"이라고 말했다.",
    "한국은행은 기준금리를 연 3.5%로 동결했다. 시장에서는 하반기 인하 가능성을 점치고 있다.",
    "교육청 관계자는 \"학생들의 안전이 가장 중요하다\"며 \"다양한 방안을 검토하고 있다\"고 설명했다.",
    "올해 상반기 국내 전기차 판매량은 8만6000대로 집계됐다. 지난해 같은 기간보다 17% 줄었다.",
]


def test_converting_twice_keeps_particles_after_figures() -> None:
    once = convert("점유율은 87%의 수준이다.")
    assert once.endswith("87%의 水準이다.")
    assert convert(once) == once


@pytest.mark.parametrize("text", IDEMPOTENT_TEXTS)
def test_converting_twice_changes_nothing(text: str) -> None:
    once = convert(text)
    assert once != text
    assert convert(once) == once


def test_converting_twice_keeps_hangul_endings_after_hanja() -> None:
    text = "기상청은 남부 지방에 비를 예보했다. 특히 해안 지역은 위험하다."
    once = convert(text)
    assert "特히" in once
    assert convert(once) == once


def test_converting_the_fixture_twice_changes_nothing() -> None:
    once = convert(PARAGRAPHS)
    assert convert(once) == once


# --- options ------------------------------------------------------------------------------

def test_min_confidence_above_one_converts_nothing() -> None:
    assert convert(PARAGRAPHS, Options(min_confidence=1.01)) == PARAGRAPHS
    segs = analyze(PARAGRAPHS, Options(min_confidence=1.01))
    assert segs and all(s.hanja is None for s in segs)


def test_min_confidence_keeps_only_confident_words() -> None:
    floor = 0.9
    full = {(s.start, s.hanja) for s in analyze(PARAGRAPHS) if s.hanja}
    for s in analyze(PARAGRAPHS, Options(min_confidence=floor)):
        if s.hanja is not None:
            assert s.confidence >= floor
            assert (s.start, s.hanja) in full
    assert any(s.confidence < floor for s in analyze(PARAGRAPHS) if s.hanja)


def test_charset_limits_conversion_to_listed_hanja() -> None:
    text = "정부는 경제 정책을 발표했다."
    out = convert(text, Options(charset=frozenset("政府經濟")))
    assert out == "政府는 經濟 정책을 발표했다."


def test_charset_applies_to_every_word_in_a_text() -> None:
    allowed = frozenset("大學敎育部事業年日")
    out = convert(PARAGRAPHS, Options(charset=allowed))
    assert "大學" in out and "敎育部" in out
    for ch in out:
        if is_hanja(ch):
            assert ch in allowed, ch


def test_empty_charset_converts_nothing() -> None:
    assert convert(PARAGRAPHS, Options(charset=frozenset())) == PARAGRAPHS


def test_user_dictionary_forces_and_keeps(tmp_path: Path) -> None:
    udict = tmp_path / "mine.tsv"
    udict.write_text("# house style\n단지\t團地\n\n경제\t-\n", encoding="utf-8")
    text = "그것은 단지 소문일 뿐이다. 경제 성장률이 둔화됐다."
    opts = Options(user_dict=udict)
    assert out_at(text, "단지", options=opts) == "團地"
    assert out_at(text, "경제", options=opts) == "경제"
    assert out_at(text, "성장률", options=opts) == "成長率"    # the rest is converted as usual
    assert out_at(text, "경제") == "經濟"                        # and without it, as usual


def test_user_dictionary_wins_even_below_min_confidence(tmp_path: Path) -> None:
    udict = tmp_path / "mine.tsv"
    udict.write_text("마중물\t-\n체증\t遞增\n", encoding="utf-8")
    text = "교통 체증이 심각하다."
    assert out_at(text, "체증", options=Options(user_dict=str(udict), min_confidence=0.99)) == "遞增"


def test_user_dictionary_change_is_picked_up(tmp_path: Path) -> None:
    import os
    udict = tmp_path / "mine.tsv"
    udict.write_text("경제\t-\n", encoding="utf-8")
    text = "경제 성장률이 둔화됐다."
    assert out_at(text, "경제", options=Options(user_dict=udict)) == "경제"
    udict.write_text("경제\t經濟\n성장률\t-\n", encoding="utf-8")
    st = udict.stat()
    os.utime(udict, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    assert out_at(text, "성장률", options=Options(user_dict=udict)) == "성장률"


def test_bad_user_dictionary_raises_naming_file_and_line(tmp_path: Path) -> None:
    from converter.lexicon import UserDictError
    udict = tmp_path / "broken.tsv"
    udict.write_text("단지\t團地\n경제\t經\n", encoding="utf-8")
    with pytest.raises(UserDictError, match=r"broken\.tsv:2"):
        convert("경제", Options(user_dict=udict))


# --- segments -----------------------------------------------------------------------------

def test_segments_point_into_the_text_in_order() -> None:
    segs = analyze(PARAGRAPHS)
    assert len(segs) > 50
    last = 0
    for s in segs:
        assert PARAGRAPHS[s.start:s.end] == s.hangul
        assert s.start >= last
        last = s.end
        if s.hanja is not None:
            assert len(s.hanja) == len(s.hangul)
            assert any(is_hanja(c) for c in s.hanja)


def test_alternatives_are_ranked_probabilities() -> None:
    segs = analyze(PARAGRAPHS)
    assert any(len(s.alternatives) > 1 for s in segs)
    for s in segs:
        assert 0.0 <= s.confidence <= 1.0
        probs = [p for _, p in s.alternatives]
        assert all(0.0 <= p <= 1.0 for p in probs)
        assert probs == sorted(probs, reverse=True)
        assert sum(probs) <= 1.0 + 1e-3
        if s.hanja is not None and s.alternatives:
            assert s.alternatives[0][0] == s.hanja
            assert s.alternatives[0][1] == pytest.approx(s.confidence, abs=1e-3)


def test_offsets_stay_right_in_a_text_longer_than_one_chunk() -> None:
    from converter import api
    text = (PARAGRAPHS + "\n") * (api.CHUNK // len(PARAGRAPHS) + 2)
    assert len(text) > api.CHUNK
    segs = analyze(text)
    for s in segs:
        assert text[s.start:s.end] == s.hangul
    out = convert(text)
    assert len(out) == len(text)
    first = convert(PARAGRAPHS)
    # every copy converts the same way wherever the chunk cuts fall
    assert out.count(first.split("\n")[0]) == text.count(PARAGRAPHS.split("\n")[0])


def test_a_line_longer_than_a_chunk_is_cut_between_words() -> None:
    from converter import api
    line = " ".join(["정부는 경제 대책을 발표했다."] * (api.CHUNK // 10))
    assert "\n" not in line and len(line) > api.CHUNK
    pieces = list(api._pieces(line))
    assert len(pieces) > 1 and "".join(p for _, p in pieces) == line
    for offset, piece in pieces[:-1]:
        assert piece.endswith(" ") and line[offset:offset + len(piece)] == piece
    assert convert(line).count("政府는 經濟 對策을 發表했다.") == line.count("정부는 경제 대책을 발표했다.")


def test_concurrent_analysis_matches_serial() -> None:
    texts = [PARAGRAPHS] + IDEMPOTENT_TEXTS
    serial = [analyze(t) for t in texts]
    results: dict[tuple[int, int], list] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def work(worker: int) -> None:
        try:
            start.wait()
            for rep in range(3):
                for k, t in enumerate(texts):
                    results[(worker, rep * 100 + k)] = (k, analyze(t))
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors
    assert len(results) == 4 * 3 * len(texts)
    for k, segs in results.values():
        assert segs == serial[k]


def test_an_unsure_one_syllable_word_stays_hangul() -> None:
    from converter.analysis import Unit
    from converter.api import ONE_SYLLABLE_MIN, _segment
    from converter.disambiguate import Choice
    ranked = [("逆", ONE_SYLLABLE_MIN - 0.08), ("驛", 0.19), ("域", 0.18)]
    one = _segment(Choice(Unit(0, 1, "역", "N", "NNG"), ranked), Options())
    assert one.hanja is None and one.alternatives[0][0] == "逆"   # still listed for --explain
    two = _segment(Choice(Unit(0, 2, "역사", "N", "NNG"), [("歷史", 0.22), ("役事", 0.2)]), Options())
    assert two.hanja == "歷史"
    sure = _segment(Choice(Unit(0, 1, "역", "N", "NNG"), [("驛", ONE_SYLLABLE_MIN + 0.1)]), Options())
    assert sure.hanja == "驛"


def test_a_year_of_the_cycle_between_a_year_and_a_month() -> None:
    # Kiwi reads 병인 as 병 + 이다; between a year and a month it is the year 丙寅
    assert out_at("숙종 8년(1682년) 병인 3월에 과거에 급제했다.", "병인") == "丙寅"
    assert out_at("영조 2년(1726년) 경신 5월에 관직에서 물러났다.", "경신") == "庚申"


def test_an_address_glued_to_a_sino_korean_word_is_no_address() -> None:
    # 君 follows a person's name; glued to 북한 the syllable 군 is the army
    assert out_at("북한군의 도발에 대비했다.", "군") == "軍"


@pytest.mark.parametrize("text, expected", [
    ("엔진에 이상이 발견됐다.", "異常"),      # nothing before it to measure: no 以上
    ("그는 이상을 실현하려 했다.", "理想"),
    ("절반 이상이 반대했다.", "以上"),        # 절반 is what it measures
    ("38도 이상이면 쉬어야 한다.", "以上"),
    ("시속 100km 이상으로 달렸다.", "以上"),  # a unit in Latin letters is measured too
    ("응답자의 20% 이상이 찬성했다.", "以上"),  # and a unit sign
])
def test_above_measures_the_word_before_it(text: str, expected: str) -> None:
    assert out_at(text, "이상") == expected
