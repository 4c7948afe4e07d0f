"""When should FAISS switch from exact search to HNSW? Latency of IndexFlatIP as the collection
grows, and HNSW's latency and recall@10 against the exact answer.

    python -m bench.faiss_index [--sizes 10000 50000 100000 200000] [--hnsw-size 100000]

Vectors are 384-d, normalised, drawn around 2,000 random centres (embeddings of a team's notes
cluster by topic; uniform random vectors would be an unfairly hard case for HNSW). One thread,
200 queries, median milliseconds per single-query search, as the search page issues them.
"""

from __future__ import annotations

import argparse
import statistics
import time

import faiss
import numpy as np
import numpy.typing as npt

from search.faiss_store import HNSW_EF_SEARCH, HNSW_NEIGHBOURS

DIMENSION = 384
CENTRES = 2_000
QUERIES = 200


def _vectors(
    rng: np.random.Generator, n: int, centres: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    picks = rng.integers(0, len(centres), n)
    vectors = centres[picks] + 0.35 * rng.standard_normal((n, DIMENSION)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float32)


def _median_ms(
    index: faiss.Index, queries: npt.NDArray[np.float32]
) -> tuple[float, npt.NDArray[np.int64]]:
    times, found = [], []
    for query in queries:
        started = time.perf_counter()
        _, ids = index.search(query.reshape(1, -1), 10)
        times.append((time.perf_counter() - started) * 1000)
        found.append(ids[0])
    return statistics.median(times), np.vstack(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000, 200_000])
    parser.add_argument("--hnsw-size", type=int, default=100_000)
    args = parser.parse_args()
    faiss.omp_set_num_threads(1)
    rng = np.random.default_rng(7)
    centres = rng.standard_normal((CENTRES, DIMENSION)).astype(np.float32)
    queries = _vectors(rng, QUERIES, centres)
    data = _vectors(rng, max([*args.sizes, args.hnsw_size]), centres)
    print("| vectors | flat ms/query | HNSW ms/query | HNSW recall@10 |")
    print("|---|---|---|---|")
    for size in sorted(set([*args.sizes, args.hnsw_size])):
        flat = faiss.IndexFlatIP(DIMENSION)
        flat.add(data[:size])
        flat_ms, truth = _median_ms(flat, queries)
        hnsw_cells = ["–", "–"]
        if size == args.hnsw_size:
            hnsw = faiss.IndexHNSWFlat(DIMENSION, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
            hnsw.hnsw.efSearch = HNSW_EF_SEARCH
            faiss.omp_set_num_threads(2)  # building may use both cores; searching uses one
            hnsw.add(data[:size])
            faiss.omp_set_num_threads(1)
            hnsw_ms, found = _median_ms(hnsw, queries)
            recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found, truth, strict=True)])
            hnsw_cells = [f"{hnsw_ms:.2f}", f"{recall:.3f}"]
        print(f"| {size:,} | {flat_ms:.2f} | {hnsw_cells[0]} | {hnsw_cells[1]} |", flush=True)


if __name__ == "__main__":
    main()
