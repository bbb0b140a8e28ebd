"""Finding Sino-Korean candidate units with Kiwi: what each unit knows about its context."""
from __future__ import annotations

import pytest

from converter.analysis import Unit, find_units, kiwi, tokenize
from converter.lexicon import is_hanja, is_syllable, load_lexicon


def units(text: str) -> list[Unit]:
    return find_units(text, load_lexicon())


def covering(text: str, word: str) -> list[Unit]:
    """The units overlapping the first occurrence of word."""
    s = text.index(word)
    e = s + len(word)
    return [u for u in units(text) if u.start < e and u.end > s]


def test_kiwi_is_loaded_once() -> None:
    assert kiwi() is kiwi()


def test_tokenize_gives_offsets_into_the_text() -> None:
    text = "정부는 경제 정책을 발표했다."
    toks = tokenize(text)
    assert toks
    nouns = [text[t.start:t.start + t.len] for t in toks if t.tag == "NNG"]
    assert nouns[:3] == ["정부", "경제", "정책"]


@pytest.mark.parametrize("text", [
    "최수연 기자 = 해양수산부는 12일 연안 어촌의 인구 감소에 대응하기 위한 대책을 내놓았다.",
    "大韓民國 정부는 반북(反北) 단체를 https://example.com/a?b=1 에서 조사했다.",
    "2024년 3월 5일 오후, 1억5000만 원의 예산이 확정됐다.",
    "",
])
def test_units_are_ordered_hangul_spans_of_the_text(text: str) -> None:
    found = units(text)
    last = 0
    for u in found:
        assert text[u.start:u.end] == u.text
        assert u.text and all(map(is_syllable, u.text))
        assert u.start >= last
        last = u.end


@pytest.mark.parametrize("text, name", [
    ("박민호 기자가 현장을 취재했다.", "박민호"),
    ("정수아씨는 회의에 참석했다.", "정수아"),
    ("한동진 사업단장은 계획을 발표했다.", "한동진"),
])
def test_names_next_to_titles_are_kept(text: str, name: str) -> None:
    for u in covering(text, name):
        assert u.keep is not None, u


def test_a_titled_name_is_kept_wherever_it_recurs() -> None:
    # the lexicon spells 강경애 姜敬愛 (a novelist): alone, with no title, it is read so; once
    # the text shows the name beside a modern title, the headline's is that person's too
    headline = "민주화 외친 강경애"
    assert [u.keep for u in covering(headline, "강경애")] == [None]
    text = headline + "\n강경애 가나당 대선 후보는 부산을 찾았다."
    found = [u for u in units(text) if u.text == "강경애"]
    assert len(found) == 2 and all(u.keep == "name" for u in found)


def test_glossed_word_is_kept() -> None:
    text = "정부는 반북(反北) 단체를 조사했다."
    found = covering(text, "반북")
    assert found and all(u.keep is not None for u in found)
    assert all(u.keep is None for u in covering(text, "단체"))


def test_verbal_and_adjectival_nouns_know_what_follows() -> None:
    assert [u.followed_by for u in covering("그는 의혹을 부인했다.", "부인")] == ["V"]
    assert [u.followed_by for u in covering("주민들은 피해를 호소했다.", "호소")] == ["V"]
    assert [u.followed_by for u in covering("다양한 의견이 나왔다.", "다양")] == ["A"]
    assert [u.followed_by for u in covering("그는 부인과 함께 왔다.", "부인")] == [""]


def test_adverbs_look_in_the_adverb_class() -> None:
    (u,) = covering("특히 청년층의 관심이 높았다.", "특히")
    assert u.classes.startswith("A")
    (d,) = covering("그것은 단지 소문일 뿐이다.", "단지")
    assert "A" in d.classes


def test_counters_after_figures() -> None:
    text = "2024년 3월 5일 회의"
    for word in ("년", "월", "일"):
        (u,) = covering(text, word)
        assert u.after_number, word
    (plain,) = covering(text, "회의")
    assert not plain.after_number


def test_long_compound_is_covered_by_glued_units() -> None:
    text = "인공지능산업융합사업단이 출범했다."
    word = "인공지능산업융합사업단"
    found = covering(text, word)
    assert found[0].start == 0 and found[-1].end == len(word)
    for a, b in zip(found, found[1:]):
        assert a.end == b.start          # no gap: every syllable is in some unit
    assert all(u.keep is None for u in found)


def test_loanwords_get_no_sino_korean_suffix() -> None:
    # a one-syllable piece glued to a loanword is not a Hanja suffix
    for u in covering("스타트업과 데이터센터가 늘었다.", "스타트업"):
        assert len(u.text) > 1 or u.keep is not None


def test_no_unit_glued_to_hanja() -> None:
    text = "特히 南部 地方에 비가 온다."
    for u in units(text):
        assert not (u.start > 0 and is_hanja(text[u.start - 1])), u


def test_positions_inside_written_compounds() -> None:
    text = "첨단3지구와 지구온난화 그리고 지구"
    numbered = covering(text, "3지구")[-1]
    assert numbered.text == "지구" and numbered.position == "head"
    first = [u for u in units(text) if u.text == "지구"]
    assert first[1].position == "modifier"     # 지구온난화
    assert first[2].position == ""             # standing alone


def test_a_determiner_glued_to_a_noun_is_part_of_a_word() -> None:
    # Kiwi reads 세존 as 세/MM + 존 and 여걸 as 여/MM + 걸; the lexicon has the words
    for text, word in (("모두 세존이라고 불렀다.", "세존"), ("그녀는 당대의 여걸이었다.", "여걸")):
        assert [u.text for u in covering(text, word)] == [word]
    # a demonstrative glued to a short noun stays as Kiwi read it (이점 for 이 점)
    assert [u.text for u in covering("이점을 지켰다.", "이점")] != ["이점"]


def test_native_context_is_the_words_around_a_place_on_its_line() -> None:
    from converter.analysis import NativeContext
    text = "정수 장치로 물을 깨끗하게 만드는 설비이다.\n다음 줄의 물은 세지 않는다."
    native = NativeContext()
    native.add(text, tokenize(text))
    around = native.around(0, 2, 30)
    assert {"N물", "V깨끗하", "N설비"} <= around
    assert "N정수" not in around and "N줄" not in around   # the word itself; the next line
    assert "N설비" not in native.around(0, 2, 5)             # beyond the span


def test_native_context_holds_the_native_part_of_a_mixed_word() -> None:
    from converter.analysis import NativeContext
    text = "산불 진화 작업이 이어졌다."
    native = NativeContext()
    native.add(text, tokenize(text), 0, load_lexicon())
    assert "N불" in native.around(3, 5, 30)   # 산불 is 山불: its 불 glosses 火 of 鎭火
    plain = NativeContext()
    plain.add(text, tokenize(text))
    assert "N불" not in plain.around(3, 5, 30)


def test_a_word_kiwi_shatters_into_single_syllables_stays_in_hangul() -> None:
    # a made-up abbreviation of three place names comes out of Kiwi as three single syllables
    text = "지역 관련 강울북 시민단체들이 나섰다."
    assert [u.keep for u in covering(text, "강울북")] == ["shattered"] * 3
    # a figure and its counters, or a real compound, are not shattered words
    assert all(u.keep is None for u in covering("시민단체들이 모였다.", "시민단체"))


def test_a_lexicon_word_kiwi_cut_into_single_syllables_is_marked() -> None:
    # Kiwi reads 조창 as 조/NNG 창/NNG; the lexicon knows the word whole (曹彰, 漕倉, 趙昌)
    text = "1100년에 조창, 박영 등이 참여하였다."
    found = covering(text, "조창")
    assert [(u.text, u.tag) for u in found] == [("조창", "SYLLABLES")]
    assert covering("지역 시민단체들이 나섰다.", "시민단체")[0].tag != "SYLLABLES"


def test_kiwi_reads_the_lexicons_long_nouns_whole() -> None:
    # without the lexicon's words Kiwi reads the island 을숙도 as 을/NNG 숙/NNG 도/NNG
    text = "그 시절 을숙도는 널리 알려졌다."
    assert [u.text for u in covering(text, "을숙도")] == ["을숙도"]
    assert any(t.form == "을숙도" for t in tokenize(text))


def test_a_determiner_glued_to_a_noun_is_part_of_the_word() -> None:
    # Kiwi reads 결각연 as 결/NNG 각/MM 연/NNG; a determiner is never glued to a noun
    text = "그곳의 결각연은 오래되었다."
    assert [u.text for u in covering(text, "결각연")] == ["결각연"]
    # or after it at a word's end: 경석/NNP 고/MM
    text = "경석고 밖으로 나갔다."
    assert [u.text for u in covering(text, "경석고")] == ["경석고"]


def test_a_bound_noun_with_nothing_before_to_count_is_marked() -> None:
    # Kiwi tags 개국 (開國) as the bound noun of 3개국 even with no figure before it
    text = "서양 열강과도 개국의 협정이 맺어졌다."
    assert [u.no_figure for u in covering(text, "개국")] == [True]
    assert [u.no_figure for u in covering("유럽 3개국을 방문했다.", "개국")] == [False]


@pytest.mark.parametrize("text, name, near", [
    ("각본 김민수, 감독 박지훈, 주연 이서연이다.", "김민수", False),   # 감독 is the next item's
    ("회장은 최동원, 부회장은 한상철, 고문은 오민과 정우성, 사무국장은 이하늘이다.", "한상철", False),
    ("윤석열, 이재명 후보가 토론했다.", "윤석열", True),               # one title for two names
    ("김상욱 무소속 의원은 말했다.", "김상욱", True),
    ("시인 김소월이 지은 《어느 마을의 이장》에서는", "김소월", False),   # a book's title, not his
])
def test_a_title_belongs_to_its_own_list_item(text: str, name: str, near: bool) -> None:
    from converter.analysis import _title_near
    assert _title_near(text, text.index(name) + len(name)) is near


def test_an_item_listed_with_names_is_marked() -> None:
    text = "참가자는 김철수·장안동·박영희 등이었다."
    assert all(u.among_names for u in covering(text, "장안동"))
    # sharing the list's title, it is a name kept in Hangul like the others
    text = "이사회에는 김철수·장안동·박영희 위원이 참석했다."
    assert [u.keep for u in covering(text, "장안동")] == ["name"]


def test_a_state_name_before_nara_is_its_one_syllable() -> None:
    # Kiwi reads 정나라 as a proper noun shaped like a personal name (정 is a surname)
    text = "진나라는 정나라와 조나라를 차례로 정벌하였다."
    assert [(u.text, u.tag, u.keep) for u in covering(text, "정나라")] == [("정", "STATE", None)]
    assert all(u.tag != "STATE" for u in units("우리 나라의 미래. 이 나라와 저 나라."))


def test_only_nouns_glued_to_sino_korean_nouns_count_as_in_a_compound() -> None:
    assert all(u.in_compound for u in covering("인공지능산업융합사업단장은 말했다.", "인공지능산업융합사업단장"))
    # 월드 is a loanword: 투어 glued to it is no Sino-Korean compound's part
    assert [u.in_compound for u in covering("케이팝 그룹의 월드투어 콘서트", "투어")] == [False]


def test_a_word_after_toward_and_its_object_is_marked() -> None:
    assert [u.after_toward for u in covering("정부는 대국민 사과를 했다.", "사과")] == [True]
    # 對策 merely starts with 對: the word after it is not asked for an act
    assert [u.after_toward for u in covering("저출산 대책 기술을 가진 기업.", "기술")] == [False]


def test_items_listed_next_to_a_place_are_read_as_places() -> None:
    found = {u.text: u for u in units("광양 / 구례 그리고 광양·순천, 사과, 배")}
    assert found["구례"].after_place and found["순천"].after_place
    assert not found["사과"].after_place and not found["배"].after_place


def test_list_separators_are_marked_between_nouns_only() -> None:
    found = {u.text: u.listed for u in units("교육·의료, 주거 분야와 도로를, 항만을 넓히고, 정비했다.")}
    assert found["의료"] == "·" and found["주거"] == ","
    assert found["교육"] == "" and found["분야"] == ""
    # a particle before the comma parts clauses or objects, not items of one list
    assert found["항만"] == ""
    found = {u.text: u.listed for u in units("시장, 군수와 구청장 및 도의원이 모였다.")}
    assert found["군수"] == "," and found["구청장"] == "," and found["도의원"] == "·"


def test_counters_kiwi_joins_to_an_ordinal_are_cut() -> None:
    cut = [(t.form, t.tag) for t in tokenize("재산을 제3자에게 넘겼다.")]
    assert ("제", "XPN") in cut and ("3", "SN") in cut and ("자", "NNB") in cut


def test_a_noun_before_bat_da_is_followed_by_a_verb() -> None:
    # Kiwi tags 받 as a regular verb here (받/VV-R), as a suffix elsewhere (받/XSV)
    found = {u.text: u for u in units("교육받은 사람들이 권리를 보장받는다.")}
    assert found["교육"].followed_by == "V" and found["보장"].followed_by == "V"


@pytest.mark.parametrize("text, name", [
    ("그의 호는 송정이며 글씨를 잘 썼다.", "송정"),
    ("본관은 해주, 자는 정원이다.", "정원"),
    ("시호는 문성이다.", "문성"),
    ("그 임금의 휘는 원이다.", "원"),
    ("그가 죽자 조정은 시호를 정원이라 하였다.", "정원"),
    ("새 왕은 연호를 광명으로 고쳤다.", "광명"),
    ("그의 예명은 소향이다.", "소향"),          # a stage name
    ("그의 필명은 정원이다.", "정원"),          # a pen name
])
def test_a_name_a_naming_phrase_introduces_stays_in_hangul(text: str, name: str) -> None:
    assert [u.keep for u in covering(text, name)] == ["name"]


@pytest.mark.parametrize("text, word", [
    ("잠을 자는 시간이 줄었다.", "시간"),   # the verb 자다
    ("번호는 정원 입구에 적혀 있다.", "정원"),    # 번호, not 호
    ("제1호는 정원이다.", "정원"),           # a number, not a name
    ("임대주택 3만 호를 조기에 짓는다.", "조기"),   # houses counted
    ("그 자를 사형에 처했다.", "사형"),        # 者: only a name's 자 comes with 는
])
def test_words_after_lookalikes_of_a_naming_phrase_are_no_names(text: str, word: str) -> None:
    assert all(u.keep is None for u in covering(text, word))


def test_an_unknown_noun_splits_into_words_the_dictionary_has_seen() -> None:
    # 상수 + 도관 is as few pieces, but 도관 is only listed, never seen in use
    assert [u.text for u in covering("구청은 노후 상수도관 교체 공사를 한다.", "상수도관")] == ["상수도", "관"]


def test_a_proper_noun_is_not_cut_into_a_word_and_a_particle_or_a_non_suffix() -> None:
    # 상하이에: no 상하 (上下) + the particle 이 + 에; nor 상하 + a syllable that is no suffix
    assert all(u.text != "상하" for u in covering("임시정부를 상하이에 세웠다.", "상하이"))
