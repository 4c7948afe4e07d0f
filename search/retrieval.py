"""Searching the index: FAISS, Chroma, BM25 or hybrid (RRF of FAISS and BM25), grouped per
source, with visibility and filters applied inside every backend's query.

FAISS gets the allowed chunk ids (visibility + filters, from the index's in-memory chunk facts:
search/visibility.py) as an id selector, BM25 gets them as its weight mask, and Chroma gets the
same rule as its own `where` clause, or, when most chunks are visible, over-fetches without it
and keeps the allowed ones (cheaper, measured). What is printed comes from registry rows
checked against the viewer again when they are read, so stores behind the registry can never
show a text the viewer may not see.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from sqlmodel import Session, select

from search.chroma_store import Where
from search.faiss_store import AllowedIds, allowed_array, membership
from search.fusion import reciprocal_rank_fusion
from search.indexing import IndexBehind, SearchIndex
from search.registry import (
    SearchFilters,
    chroma_where,
    registry_rows,
    visible_clause,
)
from search.snippets import query_terms, terms_found
from storage.access import notes_shared_with
from storage.errors import InvalidInput
from storage.models import SearchChunk
from storage.people import PersonRef

# Chunks fetched per backend for each source finally shown: several chunks of one note often
# rank together, and grouping must still leave k sources.
CHUNKS_PER_RESULT = 5
MIN_CHUNK_CANDIDATES = 50
MAX_QUERY_CHARS = 500
# Chroma with a visibility filter: over-fetch (this many times the candidates over the visible
# share) and keep the allowed chunks when at least this share is visible; else use `where`.
CHROMA_OVER_FETCH_FACTOR = 2
CHROMA_OVER_FETCH_MIN_SHARE = 0.25


class Backend(StrEnum):
    FAISS = "faiss"
    CHROMA = "chroma"
    BM25 = "bm25"
    HYBRID = "hybrid"


BACKEND_LABELS = {
    Backend.FAISS: "FAISS",
    Backend.CHROMA: "Chroma",
    Backend.BM25: "BM25",
    Backend.HYBRID: "Hybrid",
}

SourceKey = tuple[str, int]


@dataclass(frozen=True)
class ChunkHit:
    chunk_id: int
    heading_path: str
    text: str
    score: float


@dataclass(frozen=True)
class SearchResult:
    """One source (note, session notes, module) with its best chunk first."""

    source_type: str
    source_id: int
    title: str
    score: float
    chunks: tuple[ChunkHit, ...]
    author_id: int | None
    module_id: int | None
    tags: tuple[str, ...]
    source_date: date

    @property
    def key(self) -> SourceKey:
        return (self.source_type, self.source_id)

    @property
    def best(self) -> ChunkHit:
        return self.chunks[0]


@dataclass(frozen=True)
class SearchResponse:
    backend: Backend
    results: tuple[SearchResult, ...]
    latency_ms: float


def group_by_source(
    chunk_hits: Sequence[tuple[int, float]], rows: dict[int, SearchChunk]
) -> list[tuple[SourceKey, list[tuple[int, float]]]]:
    """Chunk hits (best first) gathered per source, sources in order of their best chunk.

    Hits whose chunk is not in the registry (left by an interrupted build) are dropped.
    """
    groups: dict[SourceKey, list[tuple[int, float]]] = {}
    for chunk_id, score in chunk_hits:
        row = rows.get(chunk_id)
        if row is None:
            continue
        groups.setdefault((row.source_type, row.source_id), []).append((chunk_id, score))
    return list(groups.items())


def _result(
    key: SourceKey, score: float, hits: Sequence[tuple[int, float]], rows: dict[int, SearchChunk]
) -> SearchResult:
    first = rows[hits[0][0]]
    return SearchResult(
        source_type=key[0],
        source_id=key[1],
        title=first.title,
        score=score,
        chunks=tuple(
            ChunkHit(i, rows[i].heading_path, rows[i].text, chunk_score) for i, chunk_score in hits
        ),
        author_id=first.author_id,
        module_id=first.module_id,
        tags=tuple(first.tags),
        source_date=first.source_date,
    )


def passages_first(result: SearchResult, query: str) -> SearchResult:
    """The source's chunks with those holding most of the query's words first (in retrieval
    order among equals), so the passage shown is the one that answers.

    Every chunk is searched with its source's title, so a one-line section ("Updated: added
    a link") is nearly all title and ranks first for any query close to the title, in both
    the vectors and BM25; within one source the title is shared, so it cannot say which
    passage matched: the chunk's own heading and text do.
    """
    terms = query_terms(query)
    if not terms or len(result.chunks) < 2:
        return result
    ordered = sorted(
        result.chunks, key=lambda c: -terms_found(f"{c.heading_path}\n{c.text}", terms)
    )
    return replace(result, chunks=tuple(ordered))


def _validated(query: str) -> str:
    query = " ".join(query.split())
    try:
        query.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: not text any model or tokenizer can read
        raise InvalidInput(
            "Proficio could not read that query: it holds characters that are not valid "
            "text. Type it again, or paste it as plain text."
        ) from None
    if not query:
        raise InvalidInput("Type a question or some words to search for.")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(f"Keep the query under {MAX_QUERY_CHARS} characters.")
    return query


class Retriever:
    """Runs searches against one SearchIndex as a given person."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    def _chunk_hits(
        self,
        backend: Backend,
        query: str,
        vector: npt.NDArray[np.float32] | None,
        candidates: int,
        allowed: AllowedIds | None,
        where: Where | None,
    ) -> list[tuple[int, float]]:
        if backend == Backend.FAISS:
            assert vector is not None
            return self.index.faiss.search(vector, candidates, allowed)
        if backend == Backend.CHROMA:
            assert vector is not None
            if allowed is None:
                return self.index.chroma.search(vector, candidates, where)
            return self._chroma_filtered(vector, candidates, allowed, where)
        return self.index.keyword.search(query, candidates, allowed)

    def _chroma_filtered(
        self,
        vector: npt.NDArray[np.float32],
        candidates: int,
        allowed: AllowedIds,
        where: Where | None,
    ) -> list[tuple[int, float]]:
        """Chroma's nearest chunks among `allowed`. Chroma's `where` first selects the matching
        ids from its metadata table, which doubled a query at 10k chunks (40 ms against 20 ms
        unfiltered; `python -m bench query`); when most chunks are visible, fetching a few
        times more without it and keeping the allowed ones costs 1.1×. A narrow filter, or an
        over-fetch that leaves too few, goes through `where`."""
        if len(allowed) == 0:
            return []
        total = len(self.index.facts) if self.index.facts is not None else 0
        share = len(allowed) / max(total, 1)
        if total and share >= CHROMA_OVER_FETCH_MIN_SHARE:
            fetch = min(total, math.ceil(CHROMA_OVER_FETCH_FACTOR * candidates / share))
            flags = membership(allowed, 0)
            hits = self.index.chroma.search(vector, fetch)
            kept = [(i, s) for i, s in hits if i < len(flags) and flags[i]][:candidates]
            if len(kept) == candidates or fetch >= total:
                return kept
        return self.index.chroma.search(vector, candidates, where)

    def chunk_rankings(
        self,
        backend: Backend,
        query: str,
        k: int,
        allowed: AllowedIds | None,
        where: Where | None,
    ) -> list[list[tuple[int, float]]]:
        """The backend's ranked chunk lists (two for hybrid) among `allowed` chunks (FAISS,
        BM25) or those matching `where` (Chroma); None is no restriction at all, which only
        benchmarks and evaluation may ask for. Call with `self.index.lock` held."""
        candidates = max(k * CHUNKS_PER_RESULT, MIN_CHUNK_CANDIDATES)
        vector = None
        if backend != Backend.BM25:
            vector = self.index.embedder.embed([query])[0]
        backends = (Backend.FAISS, Backend.BM25) if backend == Backend.HYBRID else (backend,)
        return [self._chunk_hits(b, query, vector, candidates, allowed, where) for b in backends]

    def results(
        self,
        session: Session,
        backend: Backend,
        lists: Sequence[Sequence[tuple[int, float]]],
        k: int,
        *,
        visible_to: PersonRef | None,
    ) -> list[SearchResult]:
        """The `k` best sources of `chunk_rankings`' lists (fused for hybrid), from the
        registry rows `visible_to` may see now (None: every row, for benchmarks only)."""
        ids = sorted({i for hits in lists for i, _ in hits})
        rows = registry_rows(session, ids, visible_to=visible_to)
        grouped = [group_by_source(hits, rows) for hits in lists]
        if backend == Backend.HYBRID:
            return _fuse(lists, grouped, rows, k)
        return [_result(key, hits[0][1], hits, rows) for key, hits in grouped[0][:k]]

    def search(
        self,
        session: Session,
        *,
        actor: PersonRef,
        query: str,
        backend: Backend = Backend.HYBRID,
        k: int = 10,
        filters: SearchFilters | None = None,
    ) -> SearchResponse:
        """The `k` best sources for `query` that `actor` may see, best chunk first in each.

        Raises InvalidInput for an empty or over-long query, and IndexBehind while the stores
        are behind the registry (an interrupted update, until the next one repairs them).
        """
        query = _validated(query)
        filters = filters or SearchFilters()
        started = time.perf_counter()
        with self.index.lock:
            self.index.refresh()
            if not self.index.in_step(session):
                raise IndexBehind()
            shared = notes_shared_with(session, actor.id)
            allowed = self.index.allowed_ids(session, actor, filters, shared)
            where = chroma_where(actor, filters, shared)
            lists = self.chunk_rankings(backend, query, k, allowed, where)
        found = self.results(session, backend, lists, k, visible_to=actor)
        results = [passages_first(r, query) for r in found]
        latency_ms = (time.perf_counter() - started) * 1000
        return SearchResponse(backend, tuple(results), latency_ms)

    def related(
        self,
        session: Session,
        *,
        actor: PersonRef,
        source_type: str,
        source_id: int,
        k: int = 5,
    ) -> list[SearchResult]:
        """Sources closest in meaning to one source (mean of its chunk vectors), itself left
        out; none while the stores are behind the registry."""
        with self.index.lock:
            self.index.refresh()
            if not self.index.in_step(session):
                return []
            query = (
                select(SearchChunk.id)
                .where(SearchChunk.source_type == source_type)
                .where(SearchChunk.source_id == source_id)
                .where(visible_clause(actor))
            )
            own = [i for i in session.exec(query) if i is not None]
            vectors = self.index.vectors_for(own)
            if len(vectors) == 0:
                return []
            centre = vectors.mean(axis=0)
            centre = (centre / (np.linalg.norm(centre) or 1.0)).astype(np.float32)
            allowed = np.setdiff1d(
                allowed_array(self.index.allowed_ids(session, actor, SearchFilters())),
                np.asarray(own, dtype=np.int64),
            )
            hits = self.index.faiss.search(centre, max(k * CHUNKS_PER_RESULT, 30), allowed)
        rows = registry_rows(session, [i for i, _ in hits], visible_to=actor)
        grouped = group_by_source(hits, rows)
        return [_result(key, group[0][1], group, rows) for key, group in grouped[:k]]


def _fuse(
    lists: Sequence[Sequence[tuple[int, float]]],
    grouped: Sequence[Sequence[tuple[SourceKey, list[tuple[int, float]]]]],
    rows: dict[int, SearchChunk],
    k: int,
) -> list[SearchResult]:
    """RRF over per-source rankings; each source's chunks in order of their own RRF over the
    chunk lists, so the passage shown is the one meaning and keywords agree on (a short
    section that only the title made close in meaning, with none of the query's words, no
    longer stands for its note)."""
    rankings = [[key for key, _ in ranking] for ranking in grouped]
    fused_chunks = reciprocal_rank_fusion([[i for i, _ in hits] for hits in lists])
    chunks_by_source = dict(group_by_source(fused_chunks, rows))
    fused = reciprocal_rank_fusion(rankings)[:k]
    return [_result(key, score, chunks_by_source[key], rows) for key, score in fused]


def relevance_shares(results: Sequence[SearchResult]) -> list[float]:
    """Each result's score as a share of the first (best) one's, from 0 to 1: what a reader
    can compare, where the scores themselves (cosine, BM25, RRF) are on unlike scales."""
    best = results[0].score if results else 0.0
    if best <= 0:
        return [1.0 for _ in results]
    return [min(1.0, max(0.0, r.score / best)) for r in results]


def top_overlap(first: Sequence[SourceKey], second: Sequence[SourceKey], k: int = 10) -> float:
    """Share of the top `k` sources two result lists have in common (0 to 1)."""
    a, b = set(first[:k]), set(second[:k])
    if not a and not b:
        return 1.0
    return len(a & b) / max(len(a), len(b))
