"""Query latency at 10k and 100k chunks for every backend, p50 and p95, query embedding
included, without and with a visibility filter (a learner's view: team notes, module texts,
their own private notes and pair notes with them).

    python -m bench query [--quick]

Both twins run the retriever's own steps (embed, rank chunks, registry lookup, grouping); the
filtered one is `Retriever.search` as the search page calls it, the unfiltered one passes no
restriction. The reference for hybrid is the least any semantic search must do: embed the query
and scan every vector exactly (FAISS IndexFlatIP). Variants run in turn on each query so noise
on this shared machine hits them alike. `--quick`: 600 chunks, 15 queries.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import faiss
import numpy as np

from bench import search_data
from bench.harness import Figure, percentile, samples_s
from bench.search_data import close, open_copy, queries
from search.registry import SearchFilters, allowed_chunk_ids, chroma_where
from search.retrieval import Backend, Retriever
from storage.engine import session_scope

SIZES = (10_000, 100_000)
QUICK_SIZE = search_data.QUICK_CHUNKS
QUERIES, QUICK_QUERIES = 150, 15
CANDIDATES = 50
FILTER_REPEATS = 5  # what the retriever fetches per backend for k = 10


def _exact_reference(retriever: Retriever) -> Callable[[str], object]:
    """Embed + exact inner-product scan over every vector in the index."""
    store = retriever.index.faiss
    vectors = np.vstack([store.index.reconstruct(i) for i in sorted(store.ids())])
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    embedder = retriever.index.embedder

    def run(query: str) -> object:
        return flat.search(embedder.embed([query]), CANDIDATES)

    return run


def measure(chunks: int, query_count: int) -> list[Figure]:
    data = open_copy(chunks, search_data.real_embedder())
    retriever = Retriever(data.index)
    texts = queries(query_count)
    label = f"{data.chunks:,} chunks"
    try:
        with session_scope(data.engine, writes=False) as session:

            def filtered(backend: Backend) -> Callable[[str], object]:
                return lambda q: retriever.search(
                    session, actor=data.learner, query=q, backend=backend
                )

            def unfiltered(backend: Backend) -> Callable[[str], object]:
                def run(query: str) -> object:
                    with retriever.index.lock:
                        lists = retriever.chunk_rankings(backend, query, 10, None, None)
                    return retriever.results(session, backend, lists, 10, visible_to=None)

                return run

            def chroma_where_only(query: str) -> object:
                """The alternative the retriever measured against: Chroma's own `where`."""
                where = chroma_where(data.learner, SearchFilters())
                with retriever.index.lock:
                    lists = retriever.chunk_rankings(Backend.CHROMA, query, 10, None, where)
                return retriever.results(
                    session, Backend.CHROMA, lists, 10, visible_to=data.learner
                )

            variants: dict[tuple[str, str], Callable[[str], object]] = {
                ("reference", ""): _exact_reference(retriever),
                ("chroma", "learner view, where"): chroma_where_only,
            }
            for backend in Backend:
                variants[(backend.value, "no filter")] = unfiltered(backend)
                variants[(backend.value, "learner view")] = filtered(backend)
            for run in variants.values():  # warm-up: model, caches, Chroma's segments
                run(texts[0])
            samples: dict[tuple[str, str], list[float]] = {key: [] for key in variants}
            for query in texts:
                for key, run in variants.items():
                    started = time.perf_counter()
                    run(query)
                    samples[key].append((time.perf_counter() - started) * 1000)
            facts = retriever.index.facts
            assert facts is not None
            everyone = SearchFilters()
            from_registry = samples_s(
                lambda: allowed_chunk_ids(session, data.learner, everyone), FILTER_REPEATS
            )
            from_facts = samples_s(lambda: facts.allowed(data.learner, everyone), FILTER_REPEATS)
    finally:
        close(data)

    reference = percentile(samples[("reference", "")], 0.5)
    visibility = [
        Figure(
            "query",
            f"{label}: a learner's allowed chunks from the index's chunk facts",
            statistics.median(from_facts) * 1000,
            "ms",
            reference="registry query (before)",
            reference_value=statistics.median(from_registry) * 1000,
            note=f"the visibility step of every search; median of {FILTER_REPEATS} runs each",
        )
    ]
    figures = [
        Figure(
            "query",
            f"{label}: embed + exact FAISS p50",
            reference,
            "ms",
            note=f"{query_count} SciFact claims; the floor of any semantic search",
        )
    ]
    for backend in Backend:
        plain = samples[(backend.value, "no filter")]
        viewed = samples[(backend.value, "learner view")]
        for share, tag in ((0.5, "p50"), (0.95, "p95")):
            figures.append(
                Figure(
                    "query",
                    f"{label}: {backend.value} no filter {tag}",
                    percentile(plain, share),
                    "ms",
                )
            )
            figures.append(
                Figure(
                    "query",
                    f"{label}: {backend.value} learner view {tag}",
                    percentile(viewed, share),
                    "ms",
                    reference="no filter",
                    reference_value=percentile(plain, share),
                    target="≤ 2" if tag == "p50" else "",
                )
            )
        if backend == Backend.CHROMA:
            figures.append(
                Figure(
                    "query",
                    f"{label}: chroma learner view through its where p50",
                    percentile(samples[("chroma", "learner view, where")], 0.5),
                    "ms",
                    reference="no filter",
                    reference_value=percentile(plain, 0.5),
                    note="the alternative: the learner view above over-fetches without `where`",
                )
            )
        if backend == Backend.HYBRID:
            is_target = chunks == max(SIZES)
            for variant, values in (("no filter", plain), ("learner view", viewed)):
                figures.append(
                    Figure(
                        "query",
                        f"{label}: hybrid {variant} p50 vs embed + exact FAISS",
                        percentile(values, 0.5),
                        "ms",
                        reference="embed + exact FAISS",
                        reference_value=reference,
                        target="≤ 1.5" if is_target else "",
                    )
                )
    return figures + visibility


def run(quick: bool) -> list[Figure]:
    if quick:
        return measure(QUICK_SIZE, QUICK_QUERIES)
    return [figure for size in SIZES for figure in measure(size, QUERIES)]
