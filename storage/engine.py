"""The one engine factory: SQLite (WAL, foreign keys, busy timeout) or any SQLAlchemy URL."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Integer, case, cast, event, extract, func, literal_column
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, create_engine

from storage.errors import DataFolderUnwritable
from storage.time_zones import offset_changes

SQLITE_BUSY_TIMEOUT_MS = 30_000


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the dashboard) run while one writer commits.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    # NORMAL is durable across application crashes in WAL mode and much faster than FULL.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _take_over_transactions(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # The driver would open its own deferred transaction at the first write; SQLAlchemy's
    # "begin" hook below opens every transaction instead.
    dbapi_connection.isolation_level = None


def _begin(connection: Any) -> None:
    # A deferred transaction that reads, then writes after another writer committed, fails
    # at once with "database is locked" (the busy timeout does not apply), or two writers
    # both read "no row yet" and one insert then breaks a unique constraint. So a unit of work
    # that writes takes the write lock at BEGIN and queues behind the writer before it, for
    # up to the busy timeout; a read-only unit stays deferred and WAL lets it read at once.
    writes = connection.get_execution_options().get(_WRITES_OPTION, True)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN DEFERRED")


_WRITES_OPTION = "proficio_writes"


def _cannot_write(folder: Path, reason: str) -> DataFolderUnwritable:
    return DataFolderUnwritable(
        f"Proficio cannot write in its data folder {folder} ({reason}); it keeps its database "
        "there and must be able to write to it. Make the folder writable for the user running "
        "Proficio, or set PROFICIO_DATA_DIR to a folder that is."
    )


def _check_writable(database: Path) -> None:
    """Create the database's folder if need be; DataFolderUnwritable names the folder when
    the database could be opened at most read-only (SQLite would fail later, with a
    traceback that names neither the folder nor the fix)."""
    folder = database.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _cannot_write(folder, error.strerror or str(error)) from error
    # WAL keeps two files beside the database: the folder itself must be writable.
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _cannot_write(folder, "the folder is read-only")
    if database.exists() and not os.access(database, os.R_OK | os.W_OK):
        raise _cannot_write(folder, f"{database.name} is read-only")


def make_engine(url: str) -> Engine:
    """Create an engine for `url`; SQLite files get their parent folder created, and
    DataFolderUnwritable says so when that folder or the file cannot be written."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = parsed.database or ""
    in_memory = database in ("", ":memory:")
    if in_memory:
        engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    else:
        _check_writable(Path(database))
        engine = create_engine(
            url,
            connect_args={
                "check_same_thread": False,
                "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
            },
        )
    event.listen(engine, "connect", _configure_sqlite)
    if not in_memory:  # one shared connection: nothing to queue behind
        event.listen(engine, "connect", _take_over_transactions)
        event.listen(engine, "begin", _begin)
    return engine


@contextmanager
def session_scope(engine: Engine, *, writes: bool = True) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error.

    `writes=False` promises the unit only reads: on SQLite it then does not queue behind a
    writer. A unit that may write keeps the default.
    """
    bind = engine if writes else engine.execution_options(**{_WRITES_OPTION: False})
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# --- SQL that differs between SQLite and PostgreSQL --------------------------------------


# Every time zone's offset from UTC is a whole number of quarter hours (India +05:30, Nepal
# +05:45): the rows of one UTC quarter hour all fall on the same day in any zone, so counting
# per quarter hour in SQL and placing each count on its team's day (`storage.time_zones`) in
# Python gives a team's days exactly, without reading every row.
QUARTER_HOUR_SECONDS = 900


def quarter_hour(session: Session, moment: Any) -> Any:
    """SQL for the UTC quarter hour a timestamp column falls in (seconds since 1970 over
    900), to count rows per day in SQL; read each value back with `quarter_hour_start`.
    (SQLite keeps UTC text; PostgreSQL keeps an instant.) Constants are inline: PostgreSQL
    only groups by an expression it sees twice as the same."""
    size = literal_column(str(QUARTER_HOUR_SECONDS), Integer)
    if session.get_bind().dialect.name == "postgresql":
        return func.floor(extract("epoch", moment) / size)
    return cast(func.strftime(literal_column("'%s'"), moment), Integer) / size


def quarter_hour_start(value: float | Decimal) -> datetime:
    """The moment (UTC) a `quarter_hour` value stands for."""
    return datetime.fromtimestamp(int(value) * QUARTER_HOUR_SECONDS, UTC)


def day_in_zone(
    session: Session, moment: Any, zone: ZoneInfo, *, since: datetime, until: datetime
) -> Any:
    """SQL for the day (in `zone`) a timestamp column falls on, to count rows per day in SQL:
    exact for moments from `since` to `until` (later ones take the offset at `until`), read
    each value back with `day_value`. PostgreSQL converts with the zone itself; SQLite, which
    keeps UTC text, adds the zone's offset, which changes at the moments `offset_changes`
    finds. Constants are inline: PostgreSQL only groups by an expression it sees twice."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone(literal_column(_quoted(zone.key)), moment), Date)
    changes = offset_changes(zone, since, until)
    modifiers: list[ColumnElement[str]] = [
        literal_column(_quoted(f"{int(offset.total_seconds()):+d} seconds"))
        for _, offset in changes
    ]
    if len(changes) == 1:
        return func.date(moment, modifiers[0])
    newest_first = list(zip(changes, modifiers, strict=True))[::-1]
    shift = case(
        *(
            (moment >= literal_column(_quoted(f"{start:%Y-%m-%d %H:%M:%S.%f}")), modifier)
            for (start, _), modifier in newest_first[:-1]
        ),
        else_=newest_first[-1][1],
    )
    return func.date(moment, shift)


def day_value(value: date | str) -> date:
    """A `day_in_zone` value read back: PostgreSQL gives a date, SQLite its ISO text."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
