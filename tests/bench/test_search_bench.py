"""The search benchmarks run end to end at tiny sizes and report well-formed figures.

The hash embedder stands in for the model (no weights, instant), the cache folder is the
test's own, and nothing here looks at how long anything took.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bench import incremental, indexing, query, recall, search_data
from bench.harness import Figure, schema_key
from search.embedding import HashEmbedder
from storage.models import SearchIndexState

DEMO_CHUNKS_ABOUT = 600  # the seeded demo alone makes about 500 chunks; a little more is added


@pytest.fixture(scope="module")
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bench-cache")


@pytest.fixture(autouse=True)
def tiny(monkeypatch: pytest.MonkeyPatch, cache_folder: Path) -> Iterator[None]:
    monkeypatch.setenv("PROFICIO_BENCH_CACHE", str(cache_folder))
    monkeypatch.setattr(search_data, "real_embedder", HashEmbedder)
    monkeypatch.setattr(search_data, "MAX_RECOMBINED", 400)
    search_data.all_notes.cache_clear()
    monkeypatch.setattr(query, "QUICK_SIZE", DEMO_CHUNKS_ABOUT)
    monkeypatch.setattr(query, "QUICK_QUERIES", 3)
    monkeypatch.setattr(recall, "QUICK_SIZE", DEMO_CHUNKS_ABOUT)
    monkeypatch.setattr(recall, "QUICK_QUERIES", 5)
    monkeypatch.setattr(incremental, "QUICK_NOTES", 20)
    monkeypatch.setattr(indexing, "QUICK_NOTES", 20)
    yield
    search_data.all_notes.cache_clear()


def _well_formed(figures: list[Figure]) -> None:
    assert figures
    for figure in figures:
        assert math.isfinite(figure.value) and figure.value > 0, figure
        if figure.reference_value is not None:
            assert figure.reference_value > 0, figure
        if figure.target:
            assert figure.met in (True, False), figure


def test_query_reports_every_backend_with_and_without_the_learner_filter() -> None:
    figures = query.run(quick=True)
    _well_formed(figures)
    names = {f.name.split(": ", 1)[1] for f in figures}
    for backend in ("faiss", "chroma", "bm25", "hybrid"):
        for variant in ("no filter", "learner view"):
            assert f"{backend} {variant} p50" in names
            assert f"{backend} {variant} p95" in names
    assert "embed + exact FAISS p50" in names


def test_recall_is_a_share_between_zero_and_one() -> None:
    figures = recall.run(quick=True)
    _well_formed(figures)
    assert {f.name.split(": ", 1)[1] for f in figures} == {
        f"{index} recall@10, {variant}"
        for index in ("FAISS HNSW", "Chroma HNSW")
        for variant in ("no filter", "learner view")
    }
    assert all(0 < f.value <= 1 for f in figures)


def test_incremental_update_is_set_against_a_full_rebuild() -> None:
    (figure,) = incremental.run(quick=True)
    _well_formed([figure])
    assert figure.reference == "full rebuild" and figure.target == "≤ 0.02"


def test_indexing_is_set_against_raw_encoding() -> None:
    (figure,) = indexing.run(quick=True)
    _well_formed([figure])
    assert figure.unit == "chunks/s" and figure.reference == "raw model.encode"


def test_the_same_seed_gives_the_same_notes_and_a_smaller_size_is_a_prefix() -> None:
    assert search_data.recombined_notes(30) == search_data.recombined_notes(50)[:30]
    title, body = search_data.recombined_notes(1)[0]
    assert title and len(body.split()) >= search_data.NOTE_WORDS_MIN


def test_an_index_cached_for_an_older_schema_is_built_again_not_reused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A cache kept between runs (as CI keeps it) must not hand the benchmarks a database
    made before the newest migration: it would lack the newer tables."""
    monkeypatch.setattr(search_data, "schema_key", lambda: "0001_older")
    older = search_data.build(DEMO_CHUNKS_ABOUT)
    assert "0001_older" in older.name
    monkeypatch.setattr(search_data, "schema_key", schema_key)
    current = search_data.build(DEMO_CHUNKS_ABOUT)
    assert current != older and not older.exists()
    data = search_data.open_copy(DEMO_CHUNKS_ABOUT)
    try:
        with Session(data.engine) as session:
            assert session.exec(select(SearchIndexState)).all()  # migration 0010's table
    finally:
        search_data.close(data)
