"""Rendering converted words back into text in each style."""
from __future__ import annotations

import pytest

from converter import STYLES, Segment, render, render_word
from converter.render import gloss_part


@pytest.mark.parametrize("style, expected", [
    ("hanja", "經濟"),
    ("hanja-hangul", "經濟(경제)"),
    ("hangul-hanja", "경제(經濟)"),
    ("ruby", "經濟(경제)"),
])
def test_render_word_styles(style: str, expected: str) -> None:
    assert render_word("경제", "經濟", style) == expected


def test_render_word_default_style_is_hanja() -> None:
    assert render_word("정부", "政府") == "政府"


def test_render_word_refuses_unknown_style() -> None:
    with pytest.raises(ValueError, match="furigana"):
        render_word("경제", "經濟", "furigana")


def test_styles_list() -> None:
    assert set(STYLES) == {"hanja", "hanja-hangul", "hangul-hanja", "ruby"}


@pytest.mark.parametrize("hangul, hanja, parts", [
    ("특히", "特히", ("", "특", "히")),
    ("다양한", "多樣한", ("", "다양", "한")),
    ("이번", "이番", ("이", "번", "")),
    ("경제", "經濟", ("", "경제", "")),
    ("가나다", "가漢다", ("가", "나", "다")),
])
def test_gloss_part_splits_mixed_spellings(hangul: str, hanja: str, parts: tuple[str, str, str]) -> None:
    assert gloss_part(hangul, hanja) == parts


TEXT = "특히 이번 경제 지표는 좋았다."
SEGMENTS = [
    Segment(0, 2, "특히", "特히", 1.0, (("特히", 1.0),)),
    Segment(3, 5, "이번", "이番", 0.9, (("이番", 0.9),)),
    Segment(6, 8, "경제", "經濟", 0.95, (("經濟", 0.95), ("京第", 0.05))),
    Segment(9, 11, "지표", None, 0.4, (("指標", 0.4),)),      # kept in Hangul
]


@pytest.mark.parametrize("style, expected", [
    ("hanja", "特히 이番 經濟 지표는 좋았다."),
    ("hanja-hangul", "特(특)히 이番(번) 經濟(경제) 지표는 좋았다."),
    ("hangul-hanja", "특(特)히 이번(番) 경제(經濟) 지표는 좋았다."),
    ("ruby", "特(특)히 이番(번) 經濟(경제) 지표는 좋았다."),
])
def test_render_text_with_segments(style: str, expected: str) -> None:
    assert render(TEXT, SEGMENTS, style) == expected


def test_render_without_segments_is_identity() -> None:
    assert render(TEXT, [], "hanja-hangul") == TEXT
    assert render("", [], "hanja") == ""


def test_render_segment_at_text_edges() -> None:
    text = "경제"
    seg = [Segment(0, 2, "경제", "經濟", 1.0)]
    assert render(text, seg, "hanja") == "經濟"
    assert render(text, seg, "hangul-hanja") == "경제(經濟)"
