"""Approximate recall: recall@10 of every approximate index against exact search over the
same vectors, on the same queries, without and with the learner's visibility filter.

    python -m bench recall [--quick]

FAISS switches to HNSW from HNSW_THRESHOLD_VECTORS (a full rebuild at 100k chunks uses it);
Chroma always uses its own HNSW. Exact search is IndexFlatIP over the vectors read back from
the index. `--quick`: 600 chunks (FAISS HNSW built over them with the app's parameters), 50
queries.
"""

from __future__ import annotations

import faiss
import numpy as np
import numpy.typing as npt

from bench.harness import Figure
from bench.search_data import QUICK_CHUNKS, BenchData, CachedEmbedder, close, open_copy, queries
from search.faiss_store import HNSW_THRESHOLD_VECTORS, FaissStore
from search.registry import SearchFilters, allowed_chunk_ids, chroma_where
from storage.engine import session_scope

K = 10
SIZES = (10_000, 100_000)
QUICK_SIZE = QUICK_CHUNKS
QUERIES, QUICK_QUERIES = 300, 50


def _recall(found: list[list[int]], truth: list[list[int]]) -> float:
    return float(
        np.mean([len(set(f) & set(t)) / max(1, len(t)) for f, t in zip(found, truth, strict=True)])
    )


def _exact(
    ids: npt.NDArray[np.int64],
    vectors: npt.NDArray[np.float32],
    query_vectors: npt.NDArray[np.float32],
    allowed: set[int] | None,
) -> list[list[int]]:
    flat = faiss.IndexIDMap2(faiss.IndexFlatIP(vectors.shape[1]))
    flat.add_with_ids(vectors, ids)
    params = None
    if allowed is not None:
        params = faiss.SearchParameters()
        params.sel = faiss.IDSelectorBatch(np.fromiter(allowed, dtype=np.int64))
    _, found = flat.search(query_vectors, K, params=params)
    return [[int(i) for i in row if i != -1] for row in found]


def measure(data: BenchData, query_count: int) -> list[Figure]:
    store = data.index.faiss
    ids = np.asarray(sorted(store.ids()), dtype=np.int64)
    vectors = np.vstack([store.index.reconstruct(int(i)) for i in ids]).astype(np.float32)
    query_vectors = CachedEmbedder().embed(queries(query_count))
    with session_scope(data.engine, writes=False) as session:
        allowed = allowed_chunk_ids(session, data.learner, SearchFilters())
    where = chroma_where(data.learner, SearchFilters())
    hnsw = store
    faiss_note = "the index the app built"
    if store.kind != "HNSW":
        hnsw = FaissStore(store.dimension, expected_size=HNSW_THRESHOLD_VECTORS)
        hnsw.add([int(i) for i in ids], vectors)
        faiss_note = (
            f"built for this figure: below {HNSW_THRESHOLD_VECTORS:,} vectors the app searches "
            "exactly, so its default recall is 1"
        )
    label = f"{data.chunks:,} chunks"
    figures = []
    for variant, chosen in (("no filter", None), ("learner view", allowed)):
        truth = _exact(ids, vectors, query_vectors, chosen)
        faiss_found = [[i for i, _ in hnsw.search(q, K, chosen)] for q in query_vectors]
        chroma_found = [
            [i for i, _ in hits]
            for hits in data.index.chroma.search_many(
                query_vectors, K, where if chosen is not None else None
            )
        ]
        default = store.kind == "HNSW"
        for name, found, note, used in (
            ("FAISS HNSW", faiss_found, faiss_note, default),
            ("Chroma HNSW", chroma_found, "Chroma's own HNSW (the Chroma backend)", True),
        ):
            figures.append(
                Figure(
                    "recall",
                    f"{label}: {name} recall@10, {variant}",
                    _recall(found, truth),
                    "",
                    target="≥ 0.98" if used else "",
                    note=f"{query_count} SciFact claims; {note}",
                )
            )
    return figures


def run(quick: bool) -> list[Figure]:
    figures = []
    for size in (QUICK_SIZE,) if quick else SIZES:
        data = open_copy(size)
        try:
            figures.extend(measure(data, QUICK_QUERIES if quick else QUERIES))
        finally:
            close(data)
    return figures
