"""The engine factory and the unit-of-work helper."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from storage.engine import SQLITE_BUSY_TIMEOUT_MS, make_engine, session_scope
from storage.enums import PersonRole
from storage.models import Person, Team
from tests.factories import make_team


@pytest.fixture
def file_engine(tmp_path: Path) -> Iterator[Engine]:
    """A SQLite file database (in a folder that does not exist yet) with every table."""
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'folder' / 'proficio.db'}")
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


def _pragma(engine: Engine, name: str) -> object:
    with engine.connect() as connection:
        return connection.execute(text(f"PRAGMA {name}")).scalar_one()


def test_sqlite_file_is_created_in_a_new_folder(file_engine: Engine, tmp_path: Path) -> None:
    assert (tmp_path / "nested" / "folder" / "proficio.db").is_file()


def test_sqlite_file_uses_wal_journal(file_engine: Engine, tmp_path: Path) -> None:
    assert _pragma(file_engine, "journal_mode") == "wal"
    # WAL is a property of the file: a plain sqlite3 connection sees it too.
    raw = sqlite3.connect(tmp_path / "nested" / "folder" / "proficio.db")
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_sqlite_connections_enforce_foreign_keys(file_engine: Engine) -> None:
    assert _pragma(file_engine, "foreign_keys") == 1
    with Session(file_engine) as session:
        session.add(
            Person(
                team_id=999,  # no such team
                name="Nobody",
                email="nobody@example.test",
                role=PersonRole.LEARNER,
                job_role="Engineer",
                joined_on=date(2026, 1, 5),
            )
        )
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            session.commit()
    with Session(file_engine) as session:
        assert session.exec(select(Person)).all() == []


def test_sqlite_connections_wait_for_a_busy_database(file_engine: Engine) -> None:
    assert _pragma(file_engine, "busy_timeout") == SQLITE_BUSY_TIMEOUT_MS
    assert SQLITE_BUSY_TIMEOUT_MS >= 5_000  # long enough for another writer to commit


def test_a_read_only_unit_reads_at_once_while_a_writer_is_open(file_engine: Engine) -> None:
    with session_scope(file_engine) as session:
        make_team(session=session, name="Committed")
    with session_scope(file_engine) as writer:
        make_team(session=writer, name="Pending")
        writer.flush()
        # WAL: a reading unit neither waits for the writer nor sees its uncommitted rows.
        with session_scope(file_engine, writes=False) as reader:
            assert reader.exec(select(Team.name)).all() == ["Committed"]
        writer.rollback()


def test_a_writing_unit_waits_for_the_writer_before_it(file_engine: Engine) -> None:
    """Units that may write take the lock at BEGIN, so the second one queues, then succeeds."""
    first_holds_lock = threading.Event()
    release = threading.Event()

    def first() -> None:
        with session_scope(file_engine) as session:
            make_team(session=session, name="First")
            session.flush()
            first_holds_lock.set()
            release.wait(timeout=10)

    thread = threading.Thread(target=first)
    thread.start()
    first_holds_lock.wait(timeout=10)
    threading.Timer(0.3, release.set).start()
    with session_scope(file_engine) as session:  # blocks at BEGIN until "First" commits
        names = session.exec(select(Team.name)).all()
        make_team(session=session, name="Second")
    thread.join()
    assert names == ["First"]  # it began after the first unit committed, so it saw its row


def test_in_memory_database_is_shared_by_every_session() -> None:
    engine = make_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with session_scope(engine) as session:
        make_team(session=session, name="Alpha")
    with Session(engine) as session:
        assert session.exec(select(Team.name)).all() == ["Alpha"]
    assert _pragma(engine, "foreign_keys") == 1
    engine.dispose()


def test_session_scope_commits_on_success(file_engine: Engine) -> None:
    with session_scope(file_engine) as session:
        team = make_team(session=session, name="Kept")
    # Objects stay readable after the scope (expire_on_commit=False) ...
    assert team.name == "Kept"
    assert team.id is not None
    # ... and the row is in the database for a new session.
    with Session(file_engine) as session:
        assert session.exec(select(Team.name)).all() == ["Kept"]


def test_session_scope_rolls_back_and_reraises_on_error(file_engine: Engine) -> None:
    with pytest.raises(RuntimeError, match="boom"), session_scope(file_engine) as session:
        make_team(session=session, name="Half-saved")
        raise RuntimeError("boom")
    with Session(file_engine) as session:
        assert session.exec(select(Team)).all() == []


def test_session_scope_rolls_back_when_commit_fails(file_engine: Engine) -> None:
    with session_scope(file_engine) as session:
        make_team(session=session, name="Original")
    with pytest.raises(IntegrityError), session_scope(file_engine) as session:
        session.add(Team(name="Second"))
        session.add(Team(name="Original"))  # team names are unique
    with Session(file_engine) as session:
        assert session.exec(select(Team.name)).all() == ["Original"]
