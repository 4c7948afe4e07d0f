"""Reciprocal rank fusion (pure): several ranked lists in, one fused ranking out."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

# Cormack, Clarke & Büttcher (2009): k = 60 damps the weight of the very first ranks so that
# agreement between lists counts for more than one list's top hit.
RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[K]], *, k: int = RRF_K
) -> list[tuple[K, float]]:
    """Items of all `rankings` by the sum of 1 / (k + rank) over the lists they appear in.

    Ranks start at 1; ties keep the order of first appearance (list by list).
    """
    scores: dict[K, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])
