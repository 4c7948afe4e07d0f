"""Data for the search benchmarks: real text at any size, embeddings cached on disk, and
ready-built indexes of 10k and 100k chunks.

Every index holds the seeded demo (curriculum modules, demo notes, mentoring session notes)
and as many notes as the size needs: first "recombined" notes, each a seeded draw of real
SciFact sentences (~20 to 45 words, one chunk) under a real SciFact title, then SciFact's
5,183 abstracts themselves; each written by one of the demo team (75 % team, 20 % private,
5 % pair notes). The same seed gives
the same notes, and a smaller size is a prefix of a larger one, so one embedding cache serves
every size.

Embedding 100k chunks with all-MiniLM-L6-v2 takes minutes on two cores, so vectors are cached
by model id + SHA-256 of the embedded text in an SQLite file in the benchmarks' cache folder
(`bench.harness.cache_dir`); built indexes (database + index folder) are cached there
too and copied for each run. The indexing and incremental benchmarks embed for real.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

import numpy as np
from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bench.harness import cache_dir, data_progress, schema_key
from bootstrap.database import prepare_database
from search.embedding import Embedder, SentenceTransformerEmbedder, Vectors
from search.indexing import INDEX_FOLDER, SearchIndex
from search.registry import SourceDoc, SourceType
from storage.engine import make_engine, session_scope
from storage.enums import PersonRole, Visibility
from storage.models import Note, Person, Team
from storage.people import PersonRef, get_person
from storage.progress import OnProgress
from storage.settings import DEFAULT_EMBEDDING_MODEL

SCIFACT = Path(__file__).resolve().parents[2] / "shared/datasets/scifact-train"
BENCH_TODAY = date(2026, 11, 21)
DATA_VERSION = "1"  # bump when the generated notes change: cached indexes are keyed by it
SEED = 20261121
NOTE_WORDS_MIN, NOTE_WORDS_MAX = 20, 45
SHARE_PRIVATE, SHARE_PAIR = 0.20, 0.05
# The index every `--quick` search benchmark uses: the demo (about 500 chunks) and about a
# hundred notes, small enough that a cold run (nothing cached yet, as in CI) stays quick.
QUICK_CHUNKS = 600
MAX_RECOMBINED = 92_000  # with SciFact and the demo, enough for the 100k index
LEARNER_NAME = "Aisha Khan"  # whose view the filtered queries take
DATABASE_FILE = "proficio.db"
PHASE_NOTES = "adding notes"  # progress of `build` before the index build's own phases
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[])")


# --- real text ----------------------------------------------------------------------------


@cache
def scifact_docs() -> tuple[tuple[str, str], ...]:
    """SciFact's abstracts as (title, text), in file order."""
    with (SCIFACT / "corpus.jsonl").open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return tuple((row["title"].strip(), row["text"].strip()) for row in rows)


@cache
def scifact_claims() -> tuple[str, ...]:
    """SciFact's training claims (the queries), in file order."""
    with (SCIFACT / "queries.jsonl").open(encoding="utf-8") as handle:
        return tuple(json.loads(line)["text"] for line in handle if line.strip())


def queries(count: int) -> list[str]:
    claims = scifact_claims()
    return [claims[i % len(claims)] for i in range(count)]


@cache
def all_notes() -> tuple[tuple[str, str], ...]:
    """Every note a benchmark index may hold, in the order sizes take them."""
    return (*recombined_notes(MAX_RECOMBINED), *scifact_docs())


@cache
def _sentences() -> tuple[str, ...]:
    return tuple(
        sentence.strip()
        for _, text in scifact_docs()
        for sentence in _SENTENCE.split(text)
        if len(sentence.split()) >= 5
    )


def recombined_notes(count: int) -> list[tuple[str, str]]:
    """`count` notes as (title, body): real SciFact sentences drawn with a fixed seed.
    `recombined_notes(n)` is always the first n of `recombined_notes(m)` for m ≥ n."""
    rng = random.Random(SEED)
    docs, sentences = scifact_docs(), _sentences()
    notes = []
    for _ in range(count):
        title = docs[rng.randrange(len(docs))][0][:190]
        goal = rng.randint(NOTE_WORDS_MIN, NOTE_WORDS_MAX)
        body: list[str] = []
        words = 0
        while words < goal:
            sentence = sentences[rng.randrange(len(sentences))]
            body.append(sentence)
            words += len(sentence.split())
        notes.append((title, " ".join(body)))
    return notes


# --- embeddings cached on disk ------------------------------------------------------------


def real_embedder() -> Embedder:
    """The app's default model (tests swap this for the hash embedder)."""
    return SentenceTransformerEmbedder(DEFAULT_EMBEDDING_MODEL)


class CachedEmbedder:
    """The real model, with every vector it made kept on disk by model id + text hash."""

    def __init__(self, inner: Embedder | None = None) -> None:
        self.inner = inner or real_embedder()
        self._db = sqlite3.connect(cache_dir() / "embeddings.sqlite", timeout=60)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, v BLOB)")
        self.computed = 0

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def count_pieces(self, text: str) -> int:
        return self.inner.count_pieces(text)

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_id}\n{text}".encode()).hexdigest()

    def embed(self, texts: Sequence[str]) -> Vectors:
        keys = [self._key(t) for t in texts]
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), 900):
            part = keys[start : start + 900]
            marks = ",".join("?" * len(part))
            found.update(
                self._db.execute(f"SELECT key, v FROM vectors WHERE key IN ({marks})", part)
            )
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in found}.items())
        if missing:
            fresh = self.inner.embed([t for _, t in missing])
            rows = [(k, v.tobytes()) for (k, _), v in zip(missing, fresh, strict=True)]
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
            self._db.commit()
            found.update(rows)
            self.computed += len(missing)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.vstack([np.frombuffer(found[k], dtype=np.float32) for k in keys])


# --- data folders -------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchData:
    """A data folder: database, index, and the learner whose view filtered queries take."""

    folder: Path
    engine: Engine
    index: SearchIndex
    learner: PersonRef
    chunks: int


def _team_people(session: Session) -> tuple[int, list[int]]:
    team = session.exec(select(Team).where(Team.name == "Search Platform")).one()
    people = session.exec(
        select(Person.id).where(Person.team_id == team.id).order_by(col(Person.id))
    ).all()
    assert team.id is not None
    return team.id, [p for p in people if p is not None]


def add_notes(session: Session, notes: Sequence[tuple[str, str]], *, seed: int = SEED) -> None:
    """Insert notes written by the demo team, visibility drawn with a fixed seed."""
    team_id, people = _team_people(session)
    rng = random.Random(seed)
    moment = datetime.combine(BENCH_TODAY, datetime.min.time(), tzinfo=UTC)
    rows = []
    for title, body in notes:
        author = people[rng.randrange(len(people))]
        draw = rng.random()
        visibility = (
            Visibility.PRIVATE
            if draw < SHARE_PRIVATE
            else Visibility.PAIR
            if draw < SHARE_PRIVATE + SHARE_PAIR
            else Visibility.TEAM
        )
        pair = rng.choice([p for p in people if p != author]) if visibility == "pair" else None
        when = moment - timedelta(days=rng.randrange(1000))
        rows.append(
            {
                "team_id": team_id,
                "author_id": author,
                "owner_id": author,
                "title": title[:200],
                "body": body,
                "tags": [],
                "visibility": visibility,
                "pair_person_id": pair,
                "created_at": when,
                "updated_at": when,
            }
        )
    for start in range(0, len(rows), 5000):
        session.execute(insert(Note), rows[start : start + 5000])


def seeded_folder(prefix: str) -> tuple[Path, Engine]:
    """A new data folder with the demo seeded (as of BENCH_TODAY): a copy of one seeded
    database kept in the cache folder, since seeding takes seconds and several benchmarks
    start from it."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    shutil.copyfile(_seeded_template(), folder / DATABASE_FILE)
    return folder, make_engine(f"sqlite:///{folder / DATABASE_FILE}")


# What the seeded demo is made from: a change to any of these seeds it again.
SEED_SOURCES = ("bootstrap", "curriculum")


def _seeded_template() -> Path:
    """The demo seeded as of BENCH_TODAY, keyed by the schema and the seed's sources (older
    ones removed); built aside and renamed into place, so an interrupted run leaves none."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for package in SEED_SOURCES:
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".yaml", ".yml", ".md", ".json"}:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    name = f"seeded-{schema_key()}-{BENCH_TODAY}-{digest.hexdigest()[:10]}.db"
    template = cache_dir() / name
    if template.exists():
        return template
    for older in cache_dir().glob("seeded-*.db"):
        older.unlink(missing_ok=True)
    building = Path(tempfile.mkdtemp(prefix="proficio-bench-seed-"))
    try:
        engine = make_engine(f"sqlite:///{building / DATABASE_FILE}")
        prepare_database(engine, today=BENCH_TODAY, demo=True)
        engine.dispose()  # the last connection closed folds the WAL into the one file
        shutil.move(building / DATABASE_FILE, template)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return template


def learner(engine: Engine) -> PersonRef:
    with session_scope(engine) as session:
        person_id = session.exec(select(Person.id).where(Person.name == LEARNER_NAME)).one()
        assert person_id is not None
        ref = get_person(session, person_id)
        assert ref.role == PersonRole.LEARNER
        return ref


def _model_key(embedder: Embedder) -> str:
    """A short file-name-safe key of the model (chunk counts and vectors depend on it)."""
    return hashlib.sha256(embedder.model_id.encode()).hexdigest()[:10]


def _chunks_per_note(embedder: CachedEmbedder, notes: int) -> list[int]:
    """How many chunks each of the first `notes` of `all_notes()` makes (counted with the
    model's tokenizer; the counts made so far are kept in the cache folder)."""
    from search.indexing import desired_chunks

    path = cache_dir() / f"note-chunks-v{DATA_VERSION}-{_model_key(embedder)}.json"
    counts: list[int] = json.loads(path.read_text()) if path.is_file() else []
    if len(counts) >= notes:
        return counts[:notes]
    todo = all_notes()[len(counts) : notes]
    more = [0] * len(todo)
    for chunk in desired_chunks(list(note_sources(todo)), embedder):
        more[chunk.source.source_id - 1] += 1
    counts.extend(more)
    _write_atomically(path, json.dumps(counts))
    return counts


def _demo_chunks(embedder: CachedEmbedder) -> int:
    """Chunks the seeded demo makes on its own (counted once, kept in the cache folder)."""
    path = cache_dir() / f"demo-chunks-v{DATA_VERSION}-{_model_key(embedder)}.txt"
    if path.is_file():
        return int(path.read_text())
    folder, engine = seeded_folder("proficio-bench-demo-")
    try:
        index = SearchIndex(folder / INDEX_FOLDER, embedder)
        with session_scope(engine) as session:
            count = index.update(session, full=True).embedded
    finally:
        engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)
    _write_atomically(path, str(count))
    return count


def notes_for(chunks: int, embedder: CachedEmbedder) -> list[tuple[str, str]]:
    """The first notes that, with the demo, make at least `chunks` chunks (or all of them)."""
    room = chunks - _demo_chunks(embedder)
    taken, number, block = 0, 0, 1000
    while taken < room and number < len(all_notes()):
        counts = _chunks_per_note(embedder, min(len(all_notes()), number + block))
        while number < len(counts) and taken < room:
            taken += counts[number]
            number += 1
    return list(all_notes()[:number])


def _write_atomically(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path`: a run
    stopped half-way (Ctrl+C) leaves the old file or the new one, never a truncated one."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text)
    os.replace(partial, path)


def build(chunks: int, *, on_progress: OnProgress = data_progress) -> Path:
    """The cached folder of an index of about `chunks` chunks (built on first use; reports
    adding the notes, then the index build's phases, to `on_progress`).

    Built in a temporary folder under the cache folder and renamed into place when complete,
    so an interrupted build (Ctrl+C) leaves no half-written index to be reused."""
    embedder = CachedEmbedder()
    target = cache_dir() / f"index-v{DATA_VERSION}-{schema_key()}-{_model_key(embedder)}-{chunks}"
    if (target / "complete").is_file():
        return target
    shutil.rmtree(target, ignore_errors=True)
    for stale in cache_dir().glob(f"index-v*-{chunks}"):  # built for an older schema
        if schema_key() not in stale.name:
            shutil.rmtree(stale, ignore_errors=True)
    notes = notes_for(chunks, embedder)
    folder, engine = seeded_folder(f"proficio-bench-{chunks}-")
    try:
        with session_scope(engine) as session:
            on_progress(PHASE_NOTES, 0, len(notes))
            add_notes(session, notes)
            on_progress(PHASE_NOTES, len(notes), len(notes))
        index = SearchIndex(folder / INDEX_FOLDER, embedder)
        with session_scope(engine) as session:
            report = index.update(session, full=True, on_progress=on_progress)
        (folder / "chunks.txt").write_text(str(report.embedded))
        (folder / "complete").write_text("")
        engine.dispose()
        building = Path(tempfile.mkdtemp(prefix=f".building-{chunks}-", dir=cache_dir()))
        shutil.copytree(folder, building, dirs_exist_ok=True)  # the cache may be elsewhere
        os.replace(building, target)  # same folder: one rename, complete or absent
    finally:
        engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)
        for partial in cache_dir().glob(f".building-{chunks}-*"):
            shutil.rmtree(partial, ignore_errors=True)
    return target


def copy_folder(chunks: int) -> Path:
    """A fresh copy of the cached `chunks`-sized folder (database and index), not opened."""
    source = build(chunks)
    folder = Path(tempfile.mkdtemp(prefix=f"proficio-bench-{chunks}-copy-"))
    shutil.copytree(source, folder, dirs_exist_ok=True)
    return folder


def open_copy(chunks: int, embedder: Embedder | None = None) -> BenchData:
    """A fresh copy of the cached `chunks`-sized folder, opened."""
    folder = copy_folder(chunks)
    engine = make_engine(f"sqlite:///{folder / DATABASE_FILE}")
    index = SearchIndex(folder / INDEX_FOLDER, embedder or CachedEmbedder())
    return BenchData(
        folder, engine, index, learner(engine), int((folder / "chunks.txt").read_text())
    )


def close(data: BenchData) -> None:
    data.engine.dispose()
    shutil.rmtree(data.folder, ignore_errors=True)


def note_sources(notes: Sequence[tuple[str, str]]) -> Iterator[SourceDoc]:
    """Notes as index sources without a database (to warm the embedding cache)."""
    for number, (title, body) in enumerate(notes, start=1):
        yield SourceDoc(
            source_type=SourceType.NOTE,
            source_id=number,
            title=title,
            body=body,
            visibility=Visibility.TEAM,
            source_date=BENCH_TODAY,
        )


def warm() -> None:
    """Embed (into the cache) every chunk of `all_notes()`, 1,000 notes at a time."""
    from search.indexing import desired_chunks, embed_text

    embedder = CachedEmbedder()
    notes = list(all_notes())
    for start in range(0, len(notes), 1000):
        desired = desired_chunks(list(note_sources(notes[start : start + 1000])), embedder)
        embedder.embed([embed_text(d.source.title, d.heading_path, d.text) for d in desired])
        print(f"warm: {start + 1000:,} notes, {embedder.computed:,} embedded", flush=True)


if __name__ == "__main__":
    warm()
