"""Indexing throughput: chunks per second of the whole pipeline (`SearchIndex.update` on a
fresh index: sources read, chunked, embedded, registry rows, FAISS, Chroma, BM25, files
saved) against raw `model.encode` of the same chunk texts with the same batch size.

    python -m bench indexing [--quick]

The notes are recombined SciFact notes beside the seeded demo; nothing comes from the
embedding cache. Pipeline and raw runs alternate (model loaded first), median of the repeats.
`--quick`: 40 notes, one repeat.
"""

from __future__ import annotations

import shutil
import statistics
import time

from sqlalchemy import delete
from sqlmodel import col, select

from bench import search_data
from bench.harness import Figure
from bench.search_data import add_notes, recombined_notes, seeded_folder
from search.embedding import EMBED_BATCH_SIZE, Embedder, SentenceTransformerEmbedder
from search.indexing import INDEX_FOLDER, SearchIndex, embed_text
from storage.engine import session_scope
from storage.models import SearchChunk


def _raw_encode(embedder: Embedder, texts: list[str]) -> object:
    """The model's own encode, as the embedder calls it; any other embedder's embed."""
    if isinstance(embedder, SentenceTransformerEmbedder):
        return embedder._loaded().encode(
            texts,
            batch_size=EMBED_BATCH_SIZE,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
    return embedder.embed(texts)


NOTES, QUICK_NOTES = 2_500, 40
REPEATS, QUICK_REPEATS = 2, 1


def run(quick: bool) -> list[Figure]:
    count = QUICK_NOTES if quick else NOTES
    embedder = search_data.real_embedder()
    embedder.embed(["load the model before timing"])
    folder, engine = seeded_folder("proficio-bench-indexing-")
    pipeline: list[float] = []
    raw: list[float] = []
    chunks = 0
    try:
        with session_scope(engine) as session:
            add_notes(session, recombined_notes(count))
        for attempt in range(QUICK_REPEATS if quick else REPEATS):
            index_folder = folder / f"{INDEX_FOLDER}-{attempt}"
            index = SearchIndex(index_folder, embedder)
            with session_scope(engine) as session:
                session.execute(delete(SearchChunk))
            started = time.perf_counter()
            with session_scope(engine) as session:
                report = index.update(session)
            pipeline.append(report.embedded / (time.perf_counter() - started))
            chunks = report.embedded
            with session_scope(engine) as session:
                rows = session.exec(select(SearchChunk).order_by(col(SearchChunk.id))).all()
                texts = [embed_text(r.title, r.heading_path, r.text) for r in rows]
            started = time.perf_counter()
            _raw_encode(embedder, texts)
            raw.append(len(texts) / (time.perf_counter() - started))
    finally:
        engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)
    return [
        Figure(
            "indexing",
            f"fresh index of {chunks:,} chunks: whole pipeline",
            statistics.median(pipeline),
            "chunks/s",
            reference="raw model.encode",
            reference_value=statistics.median(raw),
            target="≥ 0.85",
            note=f"batch size {EMBED_BATCH_SIZE}; median of {len(pipeline)} alternating runs",
        )
    ]
