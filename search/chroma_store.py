"""Chroma vector store: persistent client under the data folder, or `chromadb.HttpClient`
when a Chroma host is configured; cosine space set explicitly, telemetry off, and our own
embeddings (the collection has no embedding function of its own).

Filters and visibility go into the query as a `where` clause over each chunk's metadata.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
import numpy.typing as npt
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

COLLECTION = "proficio_chunks"
_ADD_BATCH = 1000
# HNSW's candidate list per query. Chroma's default, 100, gave recall@10 0.978 against exact
# search at 100,000 chunks (`python -m bench recall`), under the 0.98 target; 200 gives 0.991.
EF_SEARCH = 200
Where = dict[str, Any]
Metadata = Mapping[str, str | int | float | bool]

# Where the collection records the index generation its vectors belong to.
GENERATION_KEY = "proficio_generation"


def make_client(*, path: Path | None, host: str | None, port: int) -> Any:
    """An HTTP client when `host` is set, else a persistent client in `path`."""
    settings = ChromaSettings(anonymized_telemetry=False)
    if host:
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    assert path is not None
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


class ChromaStore:
    """One Chroma collection of chunk vectors keyed by chunk id (as a string)."""

    def __init__(self, client: Any, name: str = COLLECTION) -> None:
        self._client = client
        self._name = name
        self.collection = self._open()

    def _open(self) -> Any:
        collection = self._client.get_or_create_collection(
            self._name,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine", "ef_search": EF_SEARCH}},
        )
        # A collection made before EF_SEARCH was set (or changed) keeps its own until told.
        hnsw = (collection.configuration_json or {}).get("hnsw") or {}
        if hnsw.get("ef_search") != EF_SEARCH:
            collection.modify(configuration={"hnsw": {"ef_search": EF_SEARCH}})
        return collection

    def reset(self) -> None:
        """Drop every vector (a full rebuild starts from an empty collection)."""
        with contextlib.suppress(NotFoundError, ValueError):  # absent already is fine
            self._client.delete_collection(self._name)
        self.collection = self._open()

    def __len__(self) -> int:
        return int(self.collection.count())

    @property
    def generation(self) -> int:
        """The index generation these vectors were last brought to (0: never set), read
        afresh: another process may have moved it on."""
        metadata = self._client.get_collection(self._name).metadata or {}
        return int(metadata.get(GENERATION_KEY, 0))

    def set_generation(self, generation: int) -> None:
        metadata = dict(self._client.get_collection(self._name).metadata or {})
        self.collection.modify(metadata={**metadata, GENERATION_KEY: generation})

    def ids(self) -> set[int]:
        return {int(i) for i in self.collection.get(include=[])["ids"]}

    def add(
        self,
        ids: Sequence[int],
        vectors: npt.NDArray[np.float32],
        metadatas: Sequence[Metadata],
    ) -> None:
        for start in range(0, len(ids), _ADD_BATCH):
            end = start + _ADD_BATCH
            self.collection.upsert(
                ids=[str(i) for i in ids[start:end]],
                embeddings=vectors[start:end],
                metadatas=[dict(m) for m in metadatas[start:end]],
            )

    def update_metadata(self, ids: Sequence[int], metadatas: Sequence[Metadata]) -> None:
        if ids:
            self.collection.update(
                ids=[str(i) for i in ids], metadatas=[dict(m) for m in metadatas]
            )

    def remove(self, ids: Sequence[int]) -> None:
        for start in range(0, len(ids), _ADD_BATCH):
            self.collection.delete(ids=[str(i) for i in ids[start : start + _ADD_BATCH]])

    def search(
        self, query: npt.NDArray[np.float32], k: int, where: Where | None = None
    ) -> list[tuple[int, float]]:
        """Nearest chunks as (chunk id, cosine similarity), filtered by `where` in the query."""
        return self.search_many(query.reshape(1, -1), k, where)[0]

    def search_many(
        self, queries: npt.NDArray[np.float32], k: int, where: Where | None = None
    ) -> list[list[tuple[int, float]]]:
        count = len(self)
        if count == 0 or k <= 0:
            return [[] for _ in range(len(queries))]
        result = self.collection.query(
            query_embeddings=np.asarray(queries, dtype=np.float32),
            n_results=min(k, count),
            where=where or None,
            include=["distances"],
        )
        return [
            [(int(i), 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]
            for ids, distances in zip(result["ids"], result["distances"], strict=True)
        ]
