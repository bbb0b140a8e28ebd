"""Mapping analyser segments onto the pieces a file holds its text in."""
from __future__ import annotations

import pytest

from inplace_fixtures import FakeSegment, fake_analyze
from outputs.inplace_text import Piece, Ruby, chunks_text, join_pieces, plan_unit


def pieces(*texts: str | None) -> list[Piece | None]:
    return [None if t is None else Piece(i, t) for i, t in enumerate(texts)]


def test_join_marks_separators() -> None:
    text, owner = join_pieces(pieces("경", "제", None, "사회"))
    assert text == "경제\n사회" and owner == [0, 1, None, 3, 3]


def test_hanja_style_splits_a_word_across_pieces() -> None:
    changes, words = plan_unit(pieces("한국 경", "제는 ", "사회"), fake_analyze, "hanja")
    assert changes == {0: ["韓國 經"], 1: ["濟는 "], 2: ["社會"]}
    assert [(w.hangul, w.hanja) for w in words] == [("한국", "韓國"), ("경제", "經濟"), ("사회", "社會")]
    assert words[1].context == "한국 [경제]는 사회"


def test_other_styles_put_the_word_in_its_first_piece() -> None:
    changes, _ = plan_unit(pieces("경", "제는"), fake_analyze, "hangul-hanja")
    assert changes == {0: ["경제(經濟)"], 1: ["는"]}
    changes, _ = plan_unit(pieces("경", "제"), fake_analyze, "ruby")
    assert changes == {0: [Ruby("經濟", "경제")], 1: []}
    assert chunks_text(changes[0]) is None and chunks_text(["a", "b"]) == "ab"
    changes, _ = plan_unit(pieces("경제 뉴스"), fake_analyze, "ruby", ruby_ok=False)
    assert changes == {0: ["經濟(경제) 뉴스"]}


def test_segments_that_cannot_apply_are_ignored() -> None:
    def analyze(text: str):
        return [FakeSegment(0, 2, "경제", None, 0.9),            # kept in Hangul
                FakeSegment(1, 4, "제\n사", "濟社", 0.9),        # spans a separator
                FakeSegment(3, 5, "사회", "社會", 0.9),
                FakeSegment(4, 6, "회x", "會X", 0.9),           # overlaps an applied word
                FakeSegment(5, 99, "?", "?", 0.9),               # out of range
                FakeSegment(3, 5, "사회", "사회", 0.9)]          # no change
    changes, words = plan_unit(pieces("경제", None, "사회"), analyze, "hanja")
    assert changes == {2: ["社會"]} and [w.hanja for w in words] == ["社會"]


def test_blank_units_are_not_analysed() -> None:
    def analyze(text: str):
        raise AssertionError("called")
    assert plan_unit(pieces(" ", None, "\t"), analyze, "hanja") == ({}, [])


def test_unknown_style() -> None:
    with pytest.raises(ValueError):
        plan_unit(pieces("경제"), fake_analyze, "kanji")
