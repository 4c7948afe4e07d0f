"""The search index: chunk registry (database) + FAISS + Chroma + BM25, kept in step.

`SearchIndex.update` diffs what the sources say now against the registry by content hash:
unchanged chunks are kept (metadata refreshed if a note's tags or visibility changed), gone
ones are removed from every store, new ones are embedded (only those) and added. It then
repairs any drift a crash left behind (ids in a store but not in the registry are removed;
registry ids missing from a store are embedded again), rebuilds BM25 from the registry's
texts and saves FAISS and BM25 by write-and-rename, so an interrupted build leaves the last
good files in place and the next update finishes the job.

Faults cannot show anyone a hidden text: chunk ids are never reused (a store behind the
registry points at dead ids, not at other texts); results are printed from registry rows
checked against the viewer at read time; and every registry change raises the index's
generation in the same transaction, written into Chroma, FAISS, BM25, the chunk facts and
the manifest (last), so a process sees stores behind the registry, refuses to search them
(`IndexBehind`) and repairs them with the next update.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from search.chroma_store import ChromaStore, make_client
from search.chunking import chunk_markdown
from search.embedding import Embedder, EmbeddingError, embed_with_progress, make_embedder
from search.faiss_store import FaissStore
from search.keyword import KeywordIndex
from search.registry import (
    SearchFilters,
    SourceDoc,
    allowed_chunk_ids,
    chunk_metadata,
    collect_sources,
    next_generation,
    registry_generation,
    registry_rows,
)
from search.visibility import ChunkFacts, Ids
from storage.access import notes_shared_with
from storage.engine import session_scope
from storage.errors import ProficioError
from storage.models import SearchChunk, utc_now
from storage.people import PersonRef
from storage.progress import OnProgress, ProgressState, no_progress
from storage.settings import Settings

FAISS_FILE = "chunks.faiss"
BM25_FOLDER = "bm25"
CHROMA_FOLDER = "chroma"
MANIFEST_FILE = "manifest.json"
FACTS_FILE = "chunk_facts.npz"
# The phases an update reports to its `on_progress`, in order.
PHASE_READING = "reading sources"
PHASE_EMBEDDING = "embedding chunks"
PHASE_SAVING = "saving the index"


class ModelChanged(RuntimeError):
    """The index was built with another embedding model; only a full rebuild can mix them."""


class IndexBehind(ProficioError):
    """The stores are behind the registry (an update was interrupted): not searched until an
    update repairs them."""

    def __init__(self) -> None:
        super().__init__(
            "The search index is being repaired after an interrupted update; "
            "search again in a moment."
        )


def embed_text(title: str, heading_path: str, text: str) -> str:
    """What is embedded (and hashed) for one chunk: its title and headings give it context."""
    head = f"{title} — {heading_path}" if heading_path else title
    return f"{head}\n{text}"


@dataclass(frozen=True)
class _Desired:
    source: SourceDoc
    position: int
    heading_path: str
    text: str
    content_hash: str

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.source.source_type, self.source.source_id, self.content_hash)


@dataclass(frozen=True)
class UpdateReport:
    """What one update did."""

    embedded: int
    removed: int  # chunks gone from the stores: stale ones, and sources taken out of search
    kept: int
    metadata_refreshed: int
    repaired: int  # registry chunks a store had lost, embedded again
    sources: int
    seconds: float


@dataclass(frozen=True)
class IndexStatus:
    chunks: int
    sources_by_type: dict[str, int]
    faiss_vectors: int
    faiss_kind: str
    chroma_vectors: int
    bm25_rows: int
    model_id: str
    index_model_id: str | None
    last_indexed_at: datetime | None

    @property
    def needs_full_rebuild(self) -> bool:
        return self.index_model_id is not None and self.index_model_id != self.model_id


@dataclass(frozen=True)
class ConsistencyReport:
    registry: int
    faiss: int
    chroma: int
    bm25: int
    missing: dict[str, list[int]] = field(default_factory=dict)
    extra: dict[str, list[int]] = field(default_factory=dict)
    generation: int = 0  # the registry's
    generations: dict[str, int] = field(default_factory=dict)  # each store's

    @property
    def behind(self) -> list[str]:
        """The stores whose generation is not the registry's."""
        return [name for name, g in self.generations.items() if g != self.generation]

    @property
    def ok(self) -> bool:
        return not any(self.missing.values()) and not any(self.extra.values()) and not self.behind


def _repeats_title(heading: str, title: str) -> bool:
    """Whether a top heading only restates the title ("HNSW explained" under the title
    "HNSW explained (M, efSearch)" counts)."""
    heading, title = heading.strip().casefold(), title.strip().casefold()
    return bool(heading) and (title.startswith(heading) or heading.startswith(title))


_SourceChunks = tuple[tuple[int, str, str, str], ...]  # (position, heading path, text, hash)


def _source_chunks(source: SourceDoc, embedder: Embedder) -> _SourceChunks:
    chunks: list[tuple[int, str, str, str]] = []
    seen: set[str] = set()
    for chunk in chunk_markdown(source.body, count_pieces=embedder.count_pieces):
        path = chunk.heading_path
        if path and _repeats_title(path[0], source.title):
            path = path[1:]  # a "# Title" line repeats the title: keep it once
        heading = " › ".join(path)
        digest = hashlib.sha256(embed_text(source.title, heading, chunk.text).encode()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        chunks.append((chunk.position, heading, chunk.text, digest))
    return tuple(chunks)


def desired_chunks(
    sources: Sequence[SourceDoc],
    embedder: Embedder,
    memo: dict[str, _SourceChunks] | None = None,
    on_progress: OnProgress = no_progress,
) -> list[_Desired]:
    """Every chunk the sources make now, with its content hash (duplicates within a source
    are kept once).

    Chunking counts word pieces with the model's tokenizer, the slow part of planning; with
    `memo` (title and body hash → chunks), a source whose text is unchanged since the last
    call is not chunked again. The memo is left holding exactly the given sources' entries.
    Reports each source read to `on_progress` (PHASE_READING).
    """
    chunks: list[_Desired] = []
    fresh: dict[str, _SourceChunks] = {}
    on_progress(PHASE_READING, 0, len(sources))
    for done, source in enumerate(sources, start=1):
        key = hashlib.sha256(f"{source.title}\0{source.body}".encode()).hexdigest()
        made = memo.get(key) if memo is not None else None
        if made is None:
            made = _source_chunks(source, embedder)
        fresh[key] = made
        chunks.extend(_Desired(source, *chunk) for chunk in made)
        on_progress(PHASE_READING, done, len(sources))
    if memo is not None:
        memo.clear()
        memo.update(fresh)
    return chunks


@dataclass(frozen=True)
class _Plan:
    sources: list[SourceDoc]
    desired: list[_Desired]
    existing: list[SearchChunk]

    @property
    def by_key(self) -> dict[tuple[str, int, str], SearchChunk]:
        return {(r.source_type, r.source_id, r.content_hash): r for r in self.existing}


def _row_text(row: SearchChunk) -> str:
    return embed_text(row.title, row.heading_path, row.text)


def _apply_source(row: SearchChunk, desired: _Desired) -> bool:
    """Copy the source's facts onto a kept row; True if anything changed."""
    source = desired.source
    values: dict[str, Any] = {
        "position": desired.position,
        "title": source.title[:300],
        "heading_path": desired.heading_path[:500],
        "author_id": source.author_id,
        "pair_person_id": source.pair_person_id,
        "visibility": source.visibility,
        "tags": list(source.tags),
        "module_id": source.module_id,
        "team_id": source.team_id,
        "source_date": source.source_date,
    }
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


class SearchIndex:
    """The three stores under one folder, plus the registry in the database."""

    def __init__(
        self,
        folder: Path,
        embedder: Embedder,
        *,
        chroma_host: str | None = None,
        chroma_port: int = 8000,
    ) -> None:
        self.folder = folder
        self.embedder = embedder
        # `lock` guards the stores (searches hold it briefly); `_update_lock` lets one update
        # run at a time, embedding without holding `lock`.
        self.lock = threading.RLock()
        self._update_lock = threading.Lock()
        folder.mkdir(parents=True, exist_ok=True)
        self.chroma = ChromaStore(
            make_client(path=folder / CHROMA_FOLDER, host=chroma_host, port=chroma_port)
        )
        self._loaded_stamp: str | None = None
        self.generation = 0  # the manifest's, as loaded
        # Chunks of every source as of the last plan, by text hash (see desired_chunks).
        self._chunk_memo: dict[str, _SourceChunks] = {}
        self.faiss = FaissStore(1)
        self.keyword = KeywordIndex([], [])
        self.facts: ChunkFacts | None = None
        self.refresh()

    # --- files ----------------------------------------------------------------------------

    def _manifest(self) -> dict[str, Any]:
        path = self.folder / MANIFEST_FILE
        if not path.is_file():
            return {}
        data: dict[str, Any] = json.loads(path.read_text())
        return data

    def refresh(self) -> None:
        """Load FAISS and BM25 from disk if another process (the CLI) saved newer ones."""
        with self.lock:
            manifest = self._manifest()
            stamp = manifest.get("saved_at")
            if stamp is not None and stamp == self._loaded_stamp:
                return
            dimension = int(manifest.get("dimension", 1))
            self.faiss = FaissStore.load(self.folder / FAISS_FILE, dimension)
            self.keyword = KeywordIndex.load(self.folder / BM25_FOLDER)
            self.facts = ChunkFacts.load(self.folder / FACTS_FILE)
            self.generation = int(manifest.get("generation", 0))
            self._loaded_stamp = stamp

    def _file_generations(self) -> dict[str, int]:
        """The generation of each store saved in the folder, as loaded."""
        return {
            "FAISS": self.faiss.generation,
            "BM25": self.keyword.generation,
            "chunk facts": self.facts.generation if self.facts is not None else 0,
            "manifest": self.generation,
        }

    def store_generations(self) -> dict[str, int]:
        """Every store's generation: the saved files' and Chroma's. Hold `lock`."""
        return {**self._file_generations(), "Chroma": self.chroma.generation}

    def in_step(self, session: Session) -> bool:
        """Whether the loaded files are at the registry's generation (so every search result
        comes from an update that finished). Hold `lock`."""
        generation = registry_generation(session)
        return all(g == generation for g in self._file_generations().values())

    def _save(self, registry: dict[int, SearchChunk], generation: int) -> None:
        ordered = sorted(registry)
        self.keyword = KeywordIndex(
            ordered, [_row_text(registry[i]) for i in ordered], generation=generation
        )
        self.facts = ChunkFacts.from_rows(registry, generation)
        self.faiss.generation = generation
        self.faiss.save(self.folder / FAISS_FILE)
        self.keyword.save(self.folder / BM25_FOLDER)
        self.facts.save(self.folder / FACTS_FILE)
        stamp = utc_now().isoformat()
        manifest = {
            "model_id": self.embedder.model_id,
            "dimension": self.faiss.dimension,
            "generation": generation,
            "saved_at": stamp,
        }
        temporary = self.folder / (MANIFEST_FILE + ".tmp")
        temporary.write_text(json.dumps(manifest, indent=2))
        temporary.replace(self.folder / MANIFEST_FILE)
        self.generation = generation
        self._loaded_stamp = stamp

    def allowed_ids(
        self,
        session: Session,
        viewer: PersonRef,
        filters: SearchFilters,
        shared_notes: frozenset[int] | None = None,
    ) -> Ids | set[int]:
        """Ids of the indexed chunks `viewer` may see that pass `filters`: from the facts saved
        with the index, or from the registry for an index saved before them (`shared_notes`:
        `storage.access.notes_shared_with` the viewer, looked up when not given). Hold `lock`."""
        if self.facts is not None:
            if shared_notes is None:
                shared_notes = notes_shared_with(session, viewer.id)
            return self.facts.allowed(viewer, filters, shared_notes)
        return allowed_chunk_ids(session, viewer, filters)

    def index_model_id(self, session: Session) -> str | None:
        """The model the registry's vectors were made with (None when nothing is indexed)."""
        row = session.exec(select(SearchChunk.model_id).limit(1)).first()
        return row if row is not None else self._manifest().get("model_id")

    # --- update ---------------------------------------------------------------------------

    def _add(self, rows: Sequence[SearchChunk], vectors: npt.NDArray[np.float32]) -> None:
        if not rows:
            return
        dimension = int(vectors.shape[1])
        if len(self.faiss) == 0:
            self.faiss = FaissStore(dimension, expected_size=len(rows))
        elif self.faiss.dimension != dimension:
            raise ModelChanged("The vector size changed; run a full rebuild.")
        ids = [r.id for r in rows if r.id is not None]
        self.faiss.add(ids, vectors)
        self.chroma.add(ids, vectors, [chunk_metadata(r) for r in rows])

    def _embed_and_add(self, rows: Sequence[SearchChunk], on_progress: OnProgress) -> None:
        if rows:
            texts = [_row_text(r) for r in rows]
            self._add(rows, embed_with_progress(self.embedder, texts, on_progress, PHASE_SAVING))

    def _plan(self, session: Session, full: bool, on_progress: OnProgress = no_progress) -> _Plan:
        model_id = self.embedder.model_id
        built_with = self.index_model_id(session)
        if not full and built_with is not None and built_with != model_id:
            raise ModelChanged(
                f"The index was built with {built_with!r} but the settings name "
                f"{model_id!r}; run a full rebuild (python -m search index --full)."
            )
        sources = collect_sources(session)
        existing = [] if full else list(session.exec(select(SearchChunk)))
        desired = desired_chunks(sources, self.embedder, self._chunk_memo, on_progress)
        return _Plan(sources, desired, existing)

    def update(
        self, session: Session, *, full: bool = False, on_progress: OnProgress = no_progress
    ) -> UpdateReport:
        """Bring the index in line with the sources; commits `session` (twice: once to end
        its planning transaction before embedding, once with the registry's changes).

        The slow part, embedding, runs first, outside any write transaction and without
        blocking searches; the registry then changes in a short transaction, and the stores
        follow it (searches wait for that second step, the database does not). Raises
        ModelChanged if the index was built with another model and `full` is False.

        Reports to `on_progress` as it reads sources, embeds chunks and saves (PHASE_*).
        Interrupted (Ctrl+C) before PHASE_SAVING, it has changed nothing: the registry and the
        stores are as they were. Interrupted while saving, the registry may be ahead of the
        stores; searches skip what is missing and the next update repairs it.
        """
        started = time.perf_counter()
        with self._update_lock:
            self.refresh()
            plan = self._plan(session, full, on_progress)
            known = plan.by_key
            missing = {d.content_hash: d for d in plan.desired if d.key not in known}
            texts = [embed_text(d.source.title, d.heading_path, d.text) for d in missing.values()]
            # End the planning transaction before embedding: on SQLite a unit of work holds
            # the write lock from its first statement, and embedding a whole collection takes
            # minutes that every page and save would otherwise spend waiting.
            session.commit()
            vectors = {}
            if texts:
                embedded = embed_with_progress(self.embedder, texts, on_progress, PHASE_EMBEDDING)
                vectors = dict(zip(missing, embedded, strict=True))

            with self.lock:
                # Sources may have changed while embedding: plan again (chunking is quick) and
                # embed whatever is new since.
                plan = self._plan(session, full)
                old_rows = list(session.exec(select(SearchChunk))) if full else plan.existing
                wanted = {d.key for d in plan.desired}
                by_key = plan.by_key
                stale = [
                    r
                    for r in old_rows
                    if (r.source_type, r.source_id, r.content_hash) not in wanted or full
                ]
                stale_ids = [r.id for r in stale if r.id is not None]
                for row in stale:
                    session.delete(row)
                session.flush()

                refreshed: list[SearchChunk] = []
                new_rows: list[SearchChunk] = []
                for item in plan.desired:
                    kept_row = by_key.get(item.key)
                    if kept_row is not None:
                        if _apply_source(kept_row, item):
                            refreshed.append(kept_row)
                        continue
                    row = SearchChunk(
                        source_type=item.source.source_type,
                        source_id=item.source.source_id,
                        position=item.position,
                        title="",
                        text=item.text,
                        visibility=item.source.visibility,
                        source_date=item.source.source_date,
                        content_hash=item.content_hash,
                        model_id=self.embedder.model_id,
                    )
                    _apply_source(row, item)
                    session.add(row)
                    new_rows.append(row)
                session.flush()
                late = [r for r in new_rows if r.content_hash not in vectors]
                if late:
                    late_texts = [_row_text(r) for r in late]
                    fresh = embed_with_progress(
                        self.embedder, late_texts, on_progress, PHASE_EMBEDDING
                    )
                    vectors.update(zip((r.content_hash for r in late), fresh, strict=True))
                on_progress(PHASE_SAVING, 0, 1)
                # Stores behind the registry (an update died after its registry commit) may
                # hold kept chunks' old metadata: bring them all to this generation.
                behind = any(
                    g != registry_generation(session) for g in self.store_generations().values()
                )
                bumped = bool(full or stale or new_rows or refreshed or behind)
                generation = next_generation(session) if bumped else registry_generation(session)
                registry = registry_rows(session)
                # The registry's change is committed before the stores change, so the database
                # is held only for the rows' own writes, not while Chroma and FAISS take them
                # in. The rows stay readable (detached, loaded); should this process stop
                # before the stores are saved, the next update repairs them from the registry.
                for row in registry.values():
                    session.expunge(row)
                session.commit()

                if full:
                    self.chroma.reset()
                    self.faiss = FaissStore(1)
                else:
                    self.faiss.remove(stale_ids)
                    self.chroma.remove(stale_ids)
                if new_rows:
                    self._add(new_rows, np.vstack([vectors[r.content_hash] for r in new_rows]))
                relabel = refreshed
                if behind and not full:
                    relabel = [registry[i] for i in sorted(self.chroma.ids() & set(registry))]
                self.chroma.update_metadata(
                    [r.id for r in relabel if r.id is not None],
                    [chunk_metadata(r) for r in relabel],
                )
                dropped, repaired = self._repair(registry, on_progress)
                if self.chroma.generation != generation:
                    self.chroma.set_generation(generation)
                # Nothing changed (a warm start's update): the saved files already say it all;
                # writing them again rebuilds BM25 over every chunk (seconds at 100k).
                saved = (self.folder / MANIFEST_FILE).exists() and self.facts is not None
                if bumped or dropped or repaired or not saved:
                    self._save(registry, generation)
                on_progress(PHASE_SAVING, 1, 1)
        return UpdateReport(
            embedded=len(new_rows),
            removed=len(set(stale_ids) | dropped),
            kept=len(old_rows) - len(stale),
            metadata_refreshed=len(refreshed),
            repaired=repaired,
            sources=len(plan.sources),
            seconds=time.perf_counter() - started,
        )

    def _repair(
        self, registry: dict[int, SearchChunk], on_progress: OnProgress
    ) -> tuple[set[int], int]:
        """Make FAISS and Chroma hold exactly the registry's ids: drop the ids the registry no
        longer has (sources a save took out of search, or left by a crash) and embed again
        the registry's chunks a store lacks. Returns (ids dropped, chunks embedded again)."""
        known = set(registry)
        faiss_ids, chroma_ids = self.faiss.ids(), self.chroma.ids()
        self.faiss.remove(sorted(faiss_ids - known))
        self.chroma.remove(sorted(chroma_ids - known))
        missing = sorted((known - faiss_ids) | (known - chroma_ids))
        self._embed_and_add([registry[i] for i in missing], on_progress)
        return (faiss_ids | chroma_ids) - known, len(missing)

    # --- status and checks ----------------------------------------------------------------

    def status(self, session: Session) -> IndexStatus:
        with self.lock:
            self.refresh()
            rows = session.exec(
                select(SearchChunk.source_type, SearchChunk.source_id, SearchChunk.indexed_at)
            ).all()
            sources: dict[str, set[int]] = {}
            for source_type, source_id, _ in rows:
                sources.setdefault(source_type, set()).add(source_id)
            return IndexStatus(
                chunks=len(rows),
                sources_by_type={k: len(v) for k, v in sorted(sources.items())},
                faiss_vectors=len(self.faiss),
                faiss_kind=self.faiss.kind,
                chroma_vectors=len(self.chroma),
                bm25_rows=len(self.keyword),
                model_id=self.embedder.model_id,
                index_model_id=self.index_model_id(session),
                last_indexed_at=max((r[2] for r in rows), default=None),
            )

    def check(self, session: Session) -> ConsistencyReport:
        """Compare ids and generations across the registry, FAISS, Chroma, BM25, the chunk
        facts and the manifest."""
        with self.lock:
            self.refresh()
            known = {i for i in session.exec(select(col(SearchChunk.id))) if i is not None}
            stores = {
                "FAISS": self.faiss.ids(),
                "Chroma": self.chroma.ids(),
                "BM25": set(self.keyword.ids),
            }
            return ConsistencyReport(
                registry=len(known),
                faiss=len(stores["FAISS"]),
                chroma=len(stores["Chroma"]),
                bm25=len(stores["BM25"]),
                missing={name: sorted(known - ids) for name, ids in stores.items()},
                extra={name: sorted(ids - known) for name, ids in stores.items()},
                generation=registry_generation(session),
                generations=self.store_generations(),
            )

    def vectors_for(self, chunk_ids: Sequence[int]) -> np.ndarray[Any, Any]:
        """Stored vectors of some chunks (for "related notes")."""
        with self.lock:
            present = self.faiss.ids()
            rows = [self.faiss.index.reconstruct(int(i)) for i in chunk_ids if i in present]
            if not rows:
                return np.zeros((0, self.faiss.dimension), dtype=np.float32)
            return np.vstack(rows).astype(np.float32)


INDEX_FOLDER = "index"


def open_index(settings: Settings) -> SearchIndex:
    """The team's index under the data folder, with the configured model and Chroma."""
    return SearchIndex(
        settings.data_dir / INDEX_FOLDER,
        make_embedder(settings.embedding_model),
        chroma_host=settings.chroma_host,
        chroma_port=settings.chroma_port,
    )


# The background build's thread name (tests and benchmarks wait for it by name).
BUILD_THREAD_NAME = "search-index-build"

# Packages the build's first model load imports (through sentence-transformers and scikit-learn)
# that the pages import too (altair's charts). Python's per-module import locks raise a
# `_DeadlockError` in one thread when two threads import such a package from different ends of
# its internal cycle (narwhals.stable.v1 and v2) at once; CI hit it on the search index page. So
# they are imported once in the starting thread before the build starts (about 0.1 s).
IMPORTED_BEFORE_BUILD = (
    "narwhals.stable.v1",
    "narwhals.stable.v2",
    "jinja2",
    "packaging.specifiers",
)


def _import_shared_packages() -> None:
    for name in IMPORTED_BEFORE_BUILD:
        try:
            importlib.import_module(name)
        except ImportError:  # not installed with this model's packages: nothing to share
            continue


class IndexBuilder:
    """Runs index updates for the app: the first one in a background thread (so the first page
    does not wait for the model and the embeddings), later ones on request."""

    def __init__(self, index: SearchIndex, engine: Engine) -> None:
        self.index = index
        self._engine = engine
        self._thread: threading.Thread | None = None
        self.last_report: UpdateReport | None = None
        self.error: str | None = None
        # Where the running update is, for pages to show (written by the build's thread).
        self.progress = ProgressState()

    @property
    def building(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, *, full: bool = False) -> None:
        """Start an update in the background unless one is running."""
        if self.building:
            return
        _import_shared_packages()
        self._thread = threading.Thread(
            target=self._run, kwargs={"full": full}, name=BUILD_THREAD_NAME, daemon=True
        )
        self._thread.start()

    def _run(self, *, full: bool) -> None:
        try:
            self.update(full=full)
        except (ModelChanged, EmbeddingError) as error:
            self.error = str(error)
        except Exception as error:  # a background build must report its failure, not vanish
            self.error = f"the index build stopped ({type(error).__name__}: {error})"

    def update(self, *, full: bool = False, on_progress: OnProgress = no_progress) -> UpdateReport:
        """Update now (waits for a running background build first, through the index lock),
        reporting to `progress` and to `on_progress`."""

        def report_both(phase: str, done: int, total: int) -> None:
            self.progress(phase, done, total)
            on_progress(phase, done, total)

        with session_scope(self._engine) as session:
            report = self.index.update(session, full=full, on_progress=report_both)
        self.last_report = report
        self.error = None
        return report

    def wait(self, timeout_s: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout_s)
