"""Shared fixtures: a fresh migrated database per test, the default curriculum, a seeded demo."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from bootstrap.database import prepare_database
from curriculum.loader import Curriculum, load_curriculum
from search.indexing import BUILD_THREAD_NAME
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.settings import get_settings
from storage.transfer import backup_sqlite


def join_index_builds() -> None:
    """Wait for the app's background index builds (a page under AppTest starts one when the
    app opens) to end."""
    for thread in threading.enumerate():
        if thread.name == BUILD_THREAD_NAME:
            thread.join()


@pytest.fixture(autouse=True, scope="session")
def _index_builds_end_before_exit() -> Iterator[None]:
    """Pages under AppTest start the app's background index build; one still embedding when
    the interpreter exits aborts it (torch: "terminate called", exit code 134)."""
    yield
    join_index_builds()


# A fixed day for rules and demo data, so results do not depend on when tests run.
TODAY = date(2026, 11, 21)


# Set by .ci/run (a local PostgreSQL server); when unset, the PostgreSQL runs are skipped.
POSTGRES_URL_ENV = "PROFICIO_TEST_POSTGRES_URL"


@contextmanager
def _fresh_postgres_database(admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"proficio_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        # No FORCE: a non-superuser may not end autovacuum workers, and a plain drop cancels
        # them itself; a short retry covers one still winding down.
        for attempt in range(5):
            try:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                break
            except OperationalError:
                if attempt == 4:
                    raise
                time.sleep(0.5)
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A fresh database brought up through the real migrations: in-memory SQLite, and a real
    PostgreSQL database when PROFICIO_TEST_POSTGRES_URL names a server."""
    if request.param == "sqlite":
        engine = make_engine("sqlite://")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    admin_url = os.environ.get(POSTGRES_URL_ENV)
    if not admin_url:
        pytest.skip(f"set {POSTGRES_URL_ENV} to run against PostgreSQL")
    with _fresh_postgres_database(admin_url) as url:
        engine = make_engine(url)
        upgrade(engine)
        yield engine
        engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture(scope="session")
def curriculum() -> Curriculum:
    return load_curriculum()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo team seeded at TODAY into a SQLite file, once per run; copy it, never open it."""
    path = tmp_path_factory.mktemp("demo-template") / "proficio.db"
    engine = make_engine(f"sqlite:///{path}")
    report = prepare_database(engine, today=TODAY, demo=True)
    assert report.seeded_demo
    engine.dispose()
    return path


@pytest.fixture(scope="module")
def demo_engine(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A test module's own copy of the demo at TODAY: what it writes stays in the module."""
    copy = tmp_path_factory.mktemp("demo") / "proficio.db"
    backup_sqlite(f"sqlite:///{demo_template}", copy)
    engine = make_engine(f"sqlite:///{copy}")
    yield engine
    engine.dispose()


@pytest.fixture
def demo_session(demo_engine: Engine) -> Iterator[Session]:
    with Session(demo_engine) as session:
        yield session


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose SQLite database holds the seeded demo team (made once per run)."""
    data_dir = tmp_path_factory.mktemp("demo-data")
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    prepare_database(engine, today=date.today(), demo=True)
    engine.dispose()
    return data_dir


@pytest.fixture
def app_env(demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the app's settings at the demo data folder for AppTest runs in this process."""
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(demo_data_dir))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield demo_data_dir
    get_settings.cache_clear()


def pytest_report_header() -> str:
    target = os.environ.get(POSTGRES_URL_ENV)
    if not target:
        return "postgresql: not configured, those runs are skipped"
    return f"postgresql: {make_url(target).render_as_string(hide_password=True)}"


def _readable_failure(original: Any) -> Any:
    """`repr_failure` that still reports the failure when CPython 3.11 cannot parse the
    source for its traceback: `ast.parse` raises SystemError ("AST constructor recursion
    depth mismatch") while another thread (a page run, a model loading) parses at the same
    time, and pytest would stop the whole run with an INTERNALERROR instead."""

    def repr_failure(
        excinfo: pytest.ExceptionInfo[BaseException], *args: Any, **kwargs: Any
    ) -> Any:
        try:
            return original(excinfo, *args, **kwargs)
        except SystemError as error:
            entries = [f"{e.path}:{e.lineno + 1}" for e in excinfo.traceback]
            return "\n".join(
                [*entries, excinfo.exconly(), f"(the full traceback could not be drawn: {error})"]
            )

    return repr_failure


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.repr_failure = _readable_failure(item.repr_failure)  # type: ignore[method-assign]
