"""Metric functions against hand-computed values; the BEIR reader on a tiny folder."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from search.embedding import HashEmbedder
from search.evaluation import (
    evaluate_beir,
    mean_metrics,
    mrr_at_k,
    ndcg_at_k,
    read_beir,
    recall_at_k,
)
from search.retrieval import Backend
from storage.errors import InvalidInput

BEIR = Path(__file__).parent / "fixtures" / "beir"


def test_recall_counts_relevant_items_in_the_first_k() -> None:
    ranked = ["a", "b", "c", "d"]
    assert recall_at_k(ranked, {"b", "d", "z"}, 2) == pytest.approx(1 / 3)
    assert recall_at_k(ranked, {"b", "d", "z"}, 4) == pytest.approx(2 / 3)
    assert recall_at_k(ranked, set(), 4) == 0.0


def test_mrr_is_one_over_the_first_relevant_rank_within_k() -> None:
    assert mrr_at_k(["a", "b", "c"], {"c"}, 10) == pytest.approx(1 / 3)
    assert mrr_at_k(["a", "b", "c"], {"c"}, 2) == 0.0
    assert mrr_at_k(["a"], {"a"}) == 1.0


def test_ndcg_matches_a_hand_computation() -> None:
    # Relevant at ranks 2 and 3 of two relevant items:
    # DCG = 1/log2(3) + 1/log2(4) = 0.6309 + 0.5; IDCG = 1 + 0.6309.
    value = ndcg_at_k(["x", "a", "b"], {"a", "b"}, 10)
    assert value == pytest.approx((1 / math.log2(3) + 0.5) / (1 + 1 / math.log2(3)))
    assert value == pytest.approx(0.6934, abs=1e-4)
    assert ndcg_at_k(["a", "b"], {"a", "b"}) == pytest.approx(1.0)
    assert ndcg_at_k(["x", "y"], {"a"}) == 0.0


def test_mean_metrics_average_over_queries() -> None:
    metrics = mean_metrics([(["a", "b"], {"a"}), (["a", "b"], {"b"})])
    assert metrics.queries == 2
    assert metrics.mrr_at_10 == pytest.approx((1 + 0.5) / 2)
    assert metrics.recall_at_10 == 1.0
    assert metrics.ndcg_at_10 == pytest.approx((1 + 1 / math.log2(3)) / 2)


def test_beir_reader_keeps_judged_queries_and_positive_qrels() -> None:
    dataset = read_beir(BEIR, "test")
    assert set(dataset.corpus) == {"d1", "d2", "d3", "d4"}
    assert dataset.corpus["d1"][0] == "IVF lists"
    # q3 has no judgement and q2's only qrel has score 0: both are left out.
    assert dataset.queries == {"q1": "how many lists does IVF probe"}
    assert dataset.qrels == {"q1": {"d1"}}


def test_beir_reader_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"corpus\.jsonl is missing"):
        read_beir(tmp_path, "test")


def test_beir_run_scores_each_backend_on_the_tiny_corpus() -> None:
    dataset = read_beir(BEIR, "test")
    report = evaluate_beir(dataset, HashEmbedder(), list(Backend))
    assert set(report.metrics) == {"faiss", "chroma", "bm25", "hybrid"}
    assert report.documents == 4
    for metrics in report.metrics.values():
        assert metrics.queries == 1
        assert metrics.mrr_at_10 == 1.0  # d1 shares the query's words; each backend ranks it first
