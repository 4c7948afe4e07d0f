"""An index build embeds without holding the database: people keep saving while it runs."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from search.embedding import HashEmbedder, Vectors
from search.indexing import SearchIndex
from storage.engine import SQLITE_BUSY_TIMEOUT_MS, session_scope
from storage.models import Note, Person
from tests.factories import make_index, make_migrated_engine, make_note, make_person, make_team

WAIT_S = 30


class _SlowEmbedder(HashEmbedder):
    """Embeds only once the test says so, and says when it has started embedding."""

    def __init__(self) -> None:
        super().__init__()
        self.embedding = threading.Event()
        self.may_finish = threading.Event()

    def embed(self, texts: Sequence[str]) -> Vectors:
        if texts:
            self.embedding.set()
            self.may_finish.wait(WAIT_S)
        return super().embed(texts)


def _one_note(tmp_path: Path) -> tuple[Engine, Person]:
    """A file database with one note by Mei Chen; her row, detached, to write more notes."""
    engine = make_migrated_engine(url=f"sqlite:///{tmp_path / 'proficio.db'}")
    with Session(engine) as session:
        author = make_person(session=session, team=make_team(session=session), name="Mei Chen")
        make_note(session=session, author=author, title="IVF nprobe", body="Probe more lists.")
        session.commit()
        session.refresh(author)
        session.expunge(author)
    return engine, author


def _build_in_background(
    index: SearchIndex, engine: Engine
) -> tuple[threading.Thread, list[BaseException]]:
    """An index update in a thread, as the app's builder runs it; its failures are collected."""
    failures: list[BaseException] = []

    def build() -> None:
        try:
            with session_scope(engine) as session:
                index.update(session)
        except BaseException as error:  # reported by the test
            failures.append(error)

    builder = threading.Thread(target=build)
    builder.start()
    return builder, failures


def test_a_note_saved_while_the_index_embeds_is_saved_and_indexed_next_time(
    tmp_path: Path,
) -> None:
    engine, author = _one_note(tmp_path)
    embedder = _SlowEmbedder()
    index = make_index(tmp_path, embedder)
    builder, failures = _build_in_background(index, engine)
    assert embedder.embedding.wait(WAIT_S), "the build never started embedding"
    with session_scope(engine) as session:  # would wait out the busy timeout, then fail
        make_note(session=session, author=author, title="HNSW M", body="More links.")
    embedder.may_finish.set()
    builder.join(WAIT_S)

    assert not failures, failures
    with session_scope(engine) as session:
        assert {n.title for n in session.exec(select(Note))} == {"IVF nprobe", "HNSW M"}
        index.update(session)
        assert index.check(session).ok
        assert index.status(session).chunks == 2


def test_a_note_saved_while_the_stores_take_in_new_chunks_is_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, author = _one_note(tmp_path)
    index = make_index(tmp_path, HashEmbedder())
    adding, may_finish = threading.Event(), threading.Event()
    add_to_chroma = index.chroma.add

    def slow_add(*args: object, **kwargs: object) -> None:  # Chroma taking in a big batch
        adding.set()
        # Longer than SQLite's busy timeout: a save queued behind the build would fail.
        may_finish.wait(2 * SQLITE_BUSY_TIMEOUT_MS / 1000)
        add_to_chroma(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(index.chroma, "add", slow_add)
    builder, failures = _build_in_background(index, engine)
    assert adding.wait(WAIT_S), "the build never reached the stores"
    with session_scope(engine) as session:
        make_note(session=session, author=author, title="HNSW M", body="More links.")
    may_finish.set()
    builder.join(2 * SQLITE_BUSY_TIMEOUT_MS / 1000)

    assert not failures, failures
    monkeypatch.undo()
    with session_scope(engine) as session:
        index.update(session)
        assert index.check(session).ok
        assert index.status(session).chunks == 2
