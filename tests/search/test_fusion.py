"""Reciprocal rank fusion on hand-made lists."""

from __future__ import annotations

import pytest

from search.fusion import reciprocal_rank_fusion


def test_items_found_by_both_lists_rise_to_the_top() -> None:
    dense = ["a", "b", "c"]
    sparse = ["c", "d", "a"]
    fused = reciprocal_rank_fusion([dense, sparse], k=60)
    # a: 1/61 + 1/63; c: 1/63 + 1/61; b: 1/62; d: 1/62
    assert [item for item, _ in fused] == ["a", "c", "b", "d"]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 63)
    assert fused[2][1] == pytest.approx(1 / 62)


def test_small_k_favours_first_places() -> None:
    fused = reciprocal_rank_fusion([["x", "y"], ["y", "z"]], k=1)
    assert fused[0] == ("y", pytest.approx(1 / 3 + 1 / 2))
    assert fused[1] == ("x", pytest.approx(1 / 2))


def test_empty_lists_fuse_to_nothing() -> None:
    assert reciprocal_rank_fusion([[], []]) == []
