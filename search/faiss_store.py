"""FAISS vector store: exact inner product (`IndexIDMap2` over `IndexFlatIP`), or HNSW when
the collection is large; vectors are normalised, so inner product is cosine similarity.

Ids are the chunk registry's ids. Filters and visibility go into the search itself through an
`IDSelectorBitmap` in `SearchParameters`, so a hidden chunk is never a candidate.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import numpy.typing as npt

# Exact search up to this many vectors, HNSW from a full rebuild above it. Measured with
# `python -m bench.faiss_index` (384-d clustered vectors, one thread, median of 200 queries):
# a flat scan takes 0.24 ms at 10,000 vectors, 2.8 ms at 50,000, 8.9 ms at 100,000 and 13 ms
# at 200,000; HNSW (M 32, efSearch 128) answers in 0.22 ms at 100,000 with recall@10 0.993.
# Below 100,000 exact search stays under 10 ms and needs no tuning; above, HNSW's 40× wins.
# On the benchmarks' 100,000 real chunks (`python -m bench recall`) efSearch 128 gave recall@10
# 0.981 against exact search, just at the 0.98 target; 256 gives 0.991.
HNSW_THRESHOLD_VECTORS = 100_000
HNSW_NEIGHBOURS = 32
HNSW_EF_SEARCH = 256

# The chunks a search may return: a set, or an array of ids (the index's visibility facts).
AllowedIds = set[int] | npt.NDArray[np.int64]


def allowed_array(allowed: AllowedIds) -> npt.NDArray[np.int64]:
    if isinstance(allowed, set):
        return np.fromiter(allowed, dtype=np.int64, count=len(allowed))
    return np.asarray(allowed, dtype=np.int64)


def membership(allowed: AllowedIds, largest_id: int) -> npt.NDArray[np.bool_]:
    """A flag per id from 0 to at least `largest_id`: set for the allowed ones. Registry ids
    are dense, so this is small, and building it costs far less than hashing every id."""
    ids = allowed_array(allowed)
    flags = np.zeros(max(largest_id, int(ids.max(initial=0))) + 1, dtype=np.bool_)
    flags[ids] = True
    return flags


def _new_index(dimension: int, expected_size: int) -> Any:
    inner: Any
    if expected_size >= HNSW_THRESHOLD_VECTORS:
        inner = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        inner = faiss.IndexFlatIP(dimension)
    return faiss.IndexIDMap2(inner)


class FaissStore:
    """Chunk vectors by id, with add, remove, filtered search, save and load."""

    def __init__(self, dimension: int, *, expected_size: int = 0) -> None:
        self.dimension = dimension
        self.index: Any = _new_index(dimension, expected_size)
        self.generation = 0  # the index generation it was saved at

    @property
    def kind(self) -> str:
        inner = faiss.downcast_index(self.index.index)
        return "HNSW" if isinstance(inner, faiss.IndexHNSWFlat) else "exact (flat)"

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def ids(self) -> set[int]:
        if len(self) == 0:
            return set()
        return {int(i) for i in faiss.vector_to_array(self.index.id_map)}

    def add(self, ids: Sequence[int], vectors: npt.NDArray[np.float32]) -> None:
        if not ids:
            return
        self.remove(ids)  # re-adding an id replaces its vector
        self.index.add_with_ids(
            np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64)
        )

    def remove(self, ids: Sequence[int]) -> None:
        if not ids or len(self) == 0:
            return
        if self.kind == "HNSW":
            # HNSW graphs cannot drop nodes: rebuild from the vectors that stay, and only when
            # one of `ids` is there (`add` asks to remove every id it adds; new ones never are).
            held = self.ids()
            if held.isdisjoint(ids):
                return
            keep = sorted(held - set(ids))
            vectors = np.vstack([self.index.reconstruct(i) for i in keep]) if keep else None
            self.index = _new_index(self.dimension, HNSW_THRESHOLD_VECTORS)
            if vectors is not None:
                self.index.add_with_ids(vectors, np.asarray(keep, dtype=np.int64))
            return
        self.index.remove_ids(faiss.IDSelectorBatch(np.asarray(ids, dtype=np.int64)))

    def search(
        self, query: npt.NDArray[np.float32], k: int, allowed: AllowedIds | None = None
    ) -> list[tuple[int, float]]:
        """Nearest chunks to one query vector as (chunk id, cosine), among `allowed` if given."""
        if len(self) == 0 or k <= 0:
            return []
        params = None
        if allowed is not None:
            if len(allowed) == 0:
                return []
            # A bitmap over the id range: at 100k chunks it is built in well under a
            # millisecond, where IDSelectorBatch hashed every allowed id (tens of ms).
            bitmap = np.packbits(membership(allowed, 0), bitorder="little")
            params = faiss.SearchParameters()
            params.sel = faiss.IDSelectorBitmap(len(bitmap), faiss.swig_ptr(bitmap))
        matrix = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        scores, ids = self.index.search(matrix, min(k, len(self)), params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i != -1]

    def search_many(
        self, queries: npt.NDArray[np.float32], k: int
    ) -> list[list[tuple[int, float]]]:
        """Unfiltered batch search (evaluation runs hundreds of queries at once)."""
        if len(self) == 0:
            return [[] for _ in range(len(queries))]
        scores, ids = self.index.search(np.ascontiguousarray(queries), min(k, len(self)))
        return [
            [(int(i), float(s)) for i, s in zip(row_ids, row_scores, strict=True) if i != -1]
            for row_ids, row_scores in zip(ids, scores, strict=True)
        ]

    def save(self, path: Path) -> None:
        """Write next to `path` and rename over it, so a crash mid-write keeps the old file;
        then the generation beside it (a crash between the two leaves the old generation,
        which says the file may be newer than it claims: the index is repaired)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        faiss.write_index(self.index, str(temporary))
        os.replace(temporary, path)
        marker = _generation_file(path)
        temporary = marker.with_name(marker.name + ".tmp")
        temporary.write_text(str(self.generation))
        os.replace(temporary, marker)

    @classmethod
    def load(cls, path: Path, dimension: int) -> FaissStore:
        store = cls(dimension)
        marker = _generation_file(path)
        if marker.is_file():
            store.generation = int(marker.read_text().strip() or 0)
        if path.is_file():
            store.index = faiss.read_index(str(path))
            store.dimension = int(store.index.d)
            inner = faiss.downcast_index(store.index.index)
            if isinstance(inner, faiss.IndexHNSWFlat):  # the file keeps the efSearch it had
                inner.hnsw.efSearch = HNSW_EF_SEARCH
        return store


def _generation_file(path: Path) -> Path:
    return path.with_name(path.name + ".generation")
