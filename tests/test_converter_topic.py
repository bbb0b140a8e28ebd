"""Topic fit from word vectors: on toy vectors, and on the shipped ones."""
from __future__ import annotations

import numpy as np
import pytest

from converter.topic import Vectors, load_vectors, topic_fit

# two topics: building (工事, 工期, 建設) and air (空氣, 大氣)
TOY = Vectors(["工事", "工期", "建設", "空氣", "大氣"], np.array([0, 0, 1, 2, 2]),
              np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype=np.float32))


def test_the_spelling_near_the_context_fits_better() -> None:
    texts = ["건설", "공기", "공사"]
    fit = topic_fit(texts, ["建設", None, "工事"], [[], ["工期", "空氣"], []], TOY, window=5)
    assert fit[1]["工期"] > fit[1]["空氣"]
    assert fit[0] == {} and fit[2] == {}      # nothing to choose there


def test_a_word_does_not_vouch_for_itself() -> None:
    # the same word read as 空氣 elsewhere is no evidence for 空氣 here
    texts = ["공기", "공기", "공사"]
    fit = topic_fit(texts, ["空氣", None, "工事"], [[], ["工期", "空氣"], []], TOY, window=5)
    assert fit[1]["工期"] > fit[1]["空氣"]


def test_window_and_missing_vectors() -> None:
    texts = ["대기", "공기", "x", "x", "공사"]
    far = topic_fit(texts, ["大氣", None, None, None, "工事"], [[], ["工期", "空氣"], [], [], []], TOY, window=1)
    assert far[1]["空氣"] > far[1]["工期"]      # only 大氣 is within one unit
    none = topic_fit(["공기"], [None], [["工期", "未知"]], TOY, window=3)
    assert none == [{}]                         # fewer than two spellings with a vector


def test_shipped_vectors_know_building_from_air() -> None:
    vectors = load_vectors()
    assert load_vectors() is vectors
    work, air, building = (vectors.get(w) for w in ("工期", "空氣", "建設"))
    assert work is not None and air is not None and building is not None
    assert float(work @ building) > float(air @ building) + 0.2
    assert abs(float(work @ work) - 1.0) < 0.02


def test_one_anchor_is_a_slighter_topic_than_more() -> None:
    from converter.topic import ANCHORS_FULL
    one = topic_fit(["공사", "공기"], ["工事", None], [[], ["工期", "空氣"]], TOY, window=5)[1]
    assert one["工期"] - one["空氣"] == pytest.approx(1.0 / ANCHORS_FULL, abs=0.01)   # 1.0 in full
