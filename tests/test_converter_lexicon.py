"""The shipped lexicon, character classes and users' override dictionaries."""
from __future__ import annotations

from pathlib import Path

import pytest

from converter.lexicon import (KEEP, Lexicon, UserDictError, is_hanja, is_syllable, load_lexicon,
                               load_user_dict)


def test_lexicon_loads_once_and_knows_common_words() -> None:
    lex = load_lexicon()
    assert load_lexicon() is lex
    assert isinstance(lex, Lexicon)
    assert len(lex.entries) > 10_000
    assert "경제" in lex and "않을단어없음" not in lex
    assert lex.get("경제", "N")[0].hanja == "經濟"


def test_entries_are_well_formed() -> None:
    lex = load_lexicon()
    for word in ("경제", "단지", "년", "원", "특히", "다양", "자리", "부인", "정부", "회의"):
        entries = lex.get(word)
        assert entries, word
        for e in entries:
            assert 0.0 <= e.prior <= 1.0
            assert e.cls in "NBSPAMV"
            if e.hanja != KEEP:
                assert len(e.hanja) == len(word)
                assert any(is_hanja(c) for c in e.hanja)
                assert all(is_hanja(h) or h == g for h, g in zip(e.hanja, word))


def test_korean_standard_characters_are_kept_where_opencc_calls_them_variants() -> None:
    # OpenCC maps 衛 to Japanese 衞's family and 据, 后, 台 to traditional forms, but all four
    # are characters of KS X 1001 and the standard spellings of these words
    lex = load_lexicon()
    for word, spelling in (("거치", "据置"), ("천태", "天台"), ("친위대", "親衛隊"), ("장용위", "壯勇衛")):
        assert spelling in [e.hanja for e in lex.get(word)], word
    # a character outside the Korean standard set in a Chinese simplified form stays out
    assert "研究" not in [e.hanja for e in lex.get("연구")]


def test_classes_filter_entries() -> None:
    lex = load_lexicon()
    assert [e.hanja for e in lex.get("단지", "A")] == ["但只"]
    assert "團地" in [e.hanja for e in lex.get("단지", "N")]
    assert lex.get("특히", "N") == []
    assert lex.has_hanja("특히", "A") and not lex.has_hanja("특히", "N")


def test_native_words_have_keep_as_their_likeliest_spelling() -> None:
    lex = load_lexicon()
    for word in ("자리",):
        assert lex.get(word, "N")[0].hanja == KEEP


def test_counter_entries() -> None:
    lex = load_lexicon()
    assert lex.get("년", "B")[0].hanja == "年"
    assert lex.get("원", "B")[0].hanja == KEEP     # the currency is written in Hangul


def test_partners_pair_compound_words() -> None:
    lex = load_lexicon()
    assert lex.partners.get("經濟")
    some = next(iter(lex.partners["經濟"]))
    assert "經濟" in lex.partners[some]


@pytest.mark.parametrize("ch, hanja, syllable", [
    ("漢", True, False), ("㐀", True, False), ("豈", True, False), ("𠀀", True, False),
    ("한", False, True), ("가", False, True), ("힣", False, True),
    ("ㄱ", False, False), ("a", False, False), ("1", False, False), ("。", False, False),
])
def test_character_classes(ch: str, hanja: bool, syllable: bool) -> None:
    assert is_hanja(ch) is hanja
    assert is_syllable(ch) is syllable


def write(tmp_path: Path, text: str, name: str = "words.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_dict_reads_overrides_comments_and_blank_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "# 우리 표기\n단지\t團地\n\n  \n마중물\t-\n특히\t特히\n경제\t經濟\textra column\n")
    assert load_user_dict(path) == {"단지": "團地", "마중물": "-", "특히": "特히", "경제": "經濟"}


def test_user_dict_normalises_compatibility_hanja(tmp_path: Path) -> None:
    # U+F9B2 is a compatibility ideograph; NFC maps it to its unified twin U+96F6 (零)
    path = write(tmp_path, "영\t\uf9b2\n")
    assert load_user_dict(path) == {"영": "\u96f6"}


def test_user_dict_empty_file(tmp_path: Path) -> None:
    assert load_user_dict(write(tmp_path, "")) == {}


@pytest.mark.parametrize("body, line", [
    ("단지\t團地\n경제 經濟\n", 2),             # no tab
    ("단지\t團地\n# note\n경제\t經\n", 3),       # too few Hanja
    ("경제\t經濟學\n", 1),                       # too many
    ("economy\t經濟\n", 1),                      # not Hangul
    ("단지\t團地\n\n\n경제\teconomy\n", 4),      # not Hanja
])
def test_bad_user_dict_lines_name_file_and_line(tmp_path: Path, body: str, line: int) -> None:
    path = write(tmp_path, body, "house.tsv")
    with pytest.raises(UserDictError) as info:
        load_user_dict(path)
    message = str(info.value)
    assert f"house.tsv:{line}:" in message
    assert "\n" not in message


def test_missing_or_undecodable_user_dict(tmp_path: Path) -> None:
    with pytest.raises(UserDictError, match="absent.tsv"):
        load_user_dict(tmp_path / "absent.tsv")
    bad = tmp_path / "latin1.tsv"
    bad.write_bytes("경제\t經濟\n".encode("euc-kr"))
    with pytest.raises(UserDictError, match="latin1.tsv"):
        load_user_dict(bad)


def test_user_dict_error_is_a_value_error() -> None:
    assert issubclass(UserDictError, ValueError)


def test_lexicon_files_are_read_lazily_and_exactly(tmp_path: Path) -> None:
    import gzip

    from converter.lexicon import _read
    lines = ["가격\tN\t價格\t0.9\tn", "가격\tN\t-\t0.1\tn", "가구\tN\t家口\t0.6\tn", "가구\tN\t家具\t0.4\tn"]
    lex_path, pairs_path = tmp_path / "lexicon.tsv.gz", tmp_path / "pairs.tsv.gz"
    lex_path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    pairs_path.write_bytes(gzip.compress("家口\t2\t0\t數 調査\n調査\t0\t1\t家口\n".encode("utf-8")))
    lex = _read(lex_path, pairs_path)
    assert len(lex.entries) == 2 and "가구" in lex and "가" not in lex
    assert [(e.hanja, e.prior) for e in lex.get("가구")] == [("家口", 0.6), ("家具", 0.4)]
    assert [e.hanja for e in lex.get("가격", "N")] == ["價格", "-"]
    assert lex.get("없는말") == []
    assert lex.partners["家口"] == ("數", "調査") and lex.partners.get("家具", ()) == ()
    assert lex.modifiers == {"家口": 2} and lex.heads == {"調査": 1}


def test_shipped_lexicon_lists_each_words_entries_together() -> None:
    # the lazy reader finds a word's entries from its first line: they must be consecutive
    import gzip
    from importlib import resources
    seen, previous = set(), None
    with (resources.files("converter") / "data" / "lexicon.tsv.gz").open("rb") as raw:
        for line in gzip.decompress(raw.read()).decode("utf-8").splitlines():
            word = line.split("\t", 1)[0]
            if word != previous:
                assert word not in seen, word
                seen.add(word)
                previous = word


def test_character_shares_are_loaded() -> None:
    lex = load_lexicon()
    assert 0.0 < lex.char_share["嫡"] < lex.char_share["大"] < 0.1
