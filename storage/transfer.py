"""Whole-database export and import as JSON, and SQLite online backup and restore."""

from __future__ import annotations

import base64
import binascii
import json
import math
import os
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import (
    PrimaryKeyConstraint,
    Table,
    TypeDecorator,
    UniqueConstraint,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)
from storage.engine import make_engine
from storage.errors import InvalidInput
from storage.migrate import current_revision, head_revision, is_known_revision, upgrade
from storage.progress import OnProgress, no_progress
from storage.text_rules import body_problem, normalise_line_breaks, one_line_problem

EXPORT_FORMAT = "proficio-export"
EXPORT_VERSION = 1
# Integer columns are 32-bit on PostgreSQL; the same range holds on SQLite so both agree.
INTEGER_MIN = -(2**31)
INTEGER_MAX = 2**31 - 1
# The progress phases of an export and an import, counted in rows and reported per table (a
# large database, years of review logs, takes tens of seconds to check row by row).
PHASE_EXPORTING = "exporting rows"
PHASE_CHECKING = "checking rows"
PHASE_WRITING = "writing rows"
# Within one table, checking reports again after this many rows.
PROGRESS_STEP_ROWS = 1_000


def _tables() -> list[Table]:
    return list(SQLModel.metadata.sorted_tables)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):  # a handed-in file: base64 text in the JSON
        return base64.b64encode(value).decode("ascii")
    return value


def export_database(engine: Engine, *, on_progress: OnProgress = no_progress) -> dict[str, Any]:
    """Every row of every table, in dependency order, with the schema revision; the rows read
    so far are reported to `on_progress` after each table."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as connection:
        total = sum(
            connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in _tables()
        )
        done = 0
        on_progress(PHASE_EXPORTING, done, total)
        for table in _tables():
            primary = list(table.primary_key.columns)
            rows = connection.execute(select(table).order_by(*primary)).mappings()
            tables[table.name] = [{k: _jsonable(v) for k, v in row.items()} for row in rows]
            done += len(tables[table.name])
            on_progress(PHASE_EXPORTING, done, max(total, done))
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "schema_revision": current_revision(engine),
        "exported_at": datetime.now().isoformat(timespec="seconds"),
        "tables": tables,
    }


def _same_file(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))


def check_target(target: Path, *, database_url: str, force: bool) -> None:
    """Refuse to write `target` when it is the live database (always), a folder, or any
    existing file unless `force`: an export or a backup never overwrites by surprise."""
    live = _live_sqlite_file(database_url)
    if live is not None and _same_file(target, live):
        raise InvalidInput(f"{target} is the live database; write the copy to another file.")
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; give a file name.")
    if target.exists() and not force:
        raise InvalidInput(f"{target} already exists; give another name, or --force to replace it.")


def _write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """`write` a temporary file beside `target`, then rename it: `target` is either the old
    file or the whole new one, never half of either."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".proficio-") as folder:
            partial = Path(folder) / target.name
            write(partial)
            os.replace(partial, target)
    except OSError as error:
        raise InvalidInput(f"cannot write {target}: {error.strerror or error}.") from error
    except sqlite3.Error as error:
        raise InvalidInput(f"cannot write {target}: {error}.") from error


def write_export(
    engine: Engine, path: Path, *, force: bool = False, on_progress: OnProgress = no_progress
) -> int:
    """Write the export to `path`; return the number of rows written. Progress in rows, per
    table, to `on_progress`; `path` is written whole or not at all, even when interrupted.

    Refuses the live database and, without `force`, any existing file (see `check_target`)."""
    check_target(path, database_url=engine.url.render_as_string(hide_password=False), force=force)
    data = export_database(engine, on_progress=on_progress)
    text = json.dumps(data, ensure_ascii=False, indent=1)
    _write_atomically(path, lambda partial: partial.write_text(text, encoding="utf-8"))
    return sum(len(rows) for rows in data["tables"].values())


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r:.60} appears twice in one object")
        result[key] = value
    return result


def read_export(path: Path) -> Any:
    """The JSON in `path` (a leading byte-order mark is fine); InvalidInput says why not."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        return json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read {path}: {error}") from error
    except ValueError as error:  # not JSON, a key twice, a number too long
        raise InvalidInput(f"cannot read {path}: {error}") from error
    except RecursionError as error:
        raise InvalidInput(f"cannot read {path}: it is nested too deeply") from error


def _python_type(table: Table, name: str) -> type | None:
    """The Python type a column holds (SQLModel's UTCDateTime decorates DateTime)."""
    column_type = table.columns[name].type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        return column_type.python_type
    except NotImplementedError:
        return None


# The model class of each table: what it allows (enumerations, the shape of JSON columns) is
# what an import may bring in.
_MODELS: dict[str, type[SQLModel]] = {
    cast(Table, mapper.local_table).name: mapper.class_ for mapper in SQLModel._sa_registry.mappers
}


# Columns that hold one line (names, titles, emails): the rule of storage/text_rules.py.
ONE_LINE_COLUMNS = frozenset({"name", "title", "email"})


def _text_problem(value: str, length: int | None, name: str) -> str | None:
    if length is not None and len(value) > length:
        return f"{len(value):,} characters, at most {length} fit"
    if name in ONE_LINE_COLUMNS:
        return one_line_problem(value, "text")
    return body_problem(normalise_line_breaks(value), "text")


def _checked_value(table: Table, name: str, value: Any) -> Any:
    """`value` as the column stores it; ValueError says what is wrong with it."""
    column = table.columns[name]
    if value is None:
        if not column.nullable:
            raise ValueError("a value is required")
        return None
    python_type = _python_type(table, name)
    if python_type is bool:
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r:.40}")
    elif python_type is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, got {value!r:.40}")
        if not INTEGER_MIN <= value <= INTEGER_MAX:
            raise ValueError(f"{value} is out of range")
    elif python_type is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"expected a number, got {value!r:.40}")
        if not math.isfinite(value):
            raise ValueError(f"expected a finite number, got {value!r}")
    elif python_type is str:
        if not isinstance(value, str):
            raise ValueError(f"expected text, got {value!r:.40}")
        problem = _text_problem(value, getattr(column.type, "length", None), name)
        if problem:
            raise ValueError(problem)
    elif python_type is datetime:
        if not isinstance(value, str):
            raise ValueError(f"expected an ISO date and time, got {value!r:.40}")
        moment = datetime.fromisoformat(value)
        if moment.utcoffset() is None:
            raise ValueError(f"{value!r:.40} has no time zone (write it as e.g. +00:00)")
        value = moment.astimezone(UTC)
    elif python_type is date:
        if not isinstance(value, str):
            raise ValueError(f"expected an ISO date, got {value!r:.40}")
        value = date.fromisoformat(value)
    elif python_type is bytes:
        if not isinstance(value, str):
            raise ValueError(f"expected base64 text, got {value!r:.40}")
        try:
            value = base64.b64decode(value, validate=True)
        except binascii.Error as error:
            raise ValueError(f"not base64 text ({error})") from error
    else:  # JSON: whatever the database can store as JSON text
        json.dumps(value, allow_nan=False)
    return value


def _coerce(table: Table, row: dict[str, Any], where: str) -> dict[str, Any]:
    unknown = set(row) - set(table.columns.keys())
    if unknown:
        raise InvalidInput(f"{where}: unknown column(s) {', '.join(sorted(map(str, unknown)))}.")
    for column in table.columns:
        required = not column.nullable and column.default is None
        if required and column.server_default is None and column.name not in row:
            raise InvalidInput(f"{where}, column '{column.name}' is missing.")
    out: dict[str, Any] = {}
    for name, value in row.items():
        try:
            out[name] = _checked_value(table, name, value)
        except (TypeError, ValueError, OverflowError, RecursionError) as error:
            raise InvalidInput(f"{where}, column '{name}': {error!s:.200}.") from error
    try:
        _MODELS[table.name].model_validate(row)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise InvalidInput(f"{where}, column '{field}': {first['msg']}.") from error
    return out


def _unique_column_sets(table: Table) -> list[tuple[str, ...]]:
    return [
        tuple(column.name for column in constraint.columns)
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint)
    ] + [tuple(column.name for column in index.columns) for index in table.indexes if index.unique]


def _check_rows(table: Table, rows: list[dict[str, Any]], loaded: Loaded) -> None:
    """Duplicates and references to rows that are not in the export, named by row and column,
    before the database is asked (its own refusal names neither, and differs per database)."""
    for names in _unique_column_sets(table):
        seen: dict[tuple[Any, ...], int] = {}
        for index, row in enumerate(rows, start=1):
            key = tuple(row.get(name) for name in names)
            if any(part is None for part in key):
                continue  # NULLs never clash (and a missing id is given by the database)
            if key in seen:
                raise InvalidInput(
                    f"Table '{table.name}', row {index}: {', '.join(names)} {list(key)!r:.80} "
                    f"repeats row {seen[key]}."
                )
            seen[key] = index
    for fk in table.foreign_keys:
        target = fk.column.table.name
        target_rows = rows if target == table.name else loaded.get(target, [])
        present = {row.get(fk.column.name) for row in target_rows}
        for index, row in enumerate(rows, start=1):
            value = row.get(fk.parent.name)
            if value is not None and value not in present:
                raise InvalidInput(
                    f"Table '{table.name}', row {index}, column '{fk.parent.name}': {value!r} "
                    f"points at a row of '{target}' that is not in the export."
                )


Loaded = dict[str, list[dict[str, Any]]]


def import_database(engine: Engine, data: Any, *, on_progress: OnProgress = no_progress) -> int:
    """Load an export into an empty, migrated database, all or nothing; return rows loaded.
    Every row is checked, then written; both report to `on_progress` in rows, per table (and
    every PROGRESS_STEP_ROWS rows while checking a large one). Interrupted anywhere, nothing
    is written."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise InvalidInput("Not a Proficio export (the 'format' field is missing or wrong).")
    if data.get("version") != EXPORT_VERSION or isinstance(data.get("version"), bool):
        raise InvalidInput(f"Export version {data.get('version')!r:.40} is not supported.")
    if data.get("schema_revision") != head_revision():
        raise InvalidInput(
            f"The export is from schema revision {data.get('schema_revision')!r:.40}, this app "
            f"is at {head_revision()!r}; import it with the app version that made it, then "
            "upgrade."
        )
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise InvalidInput("The export has no 'tables' mapping.")
    known = {table.name for table in _tables()}
    unknown = set(tables) - known
    if unknown:
        names = ", ".join(sorted(f"{name!s:.40}" for name in unknown))
        raise InvalidInput(f"The export has unknown table(s): {names}.")
    with engine.connect() as connection:
        _ensure_empty(connection)  # before checking every row, which can take a while
    for name, rows in tables.items():
        if not isinstance(rows, list):
            raise InvalidInput(f"Table '{name}' must be a list of rows.")
    total = sum(len(rows) for rows in tables.values())
    # Every row is checked before anything is written.
    loaded: Loaded = {}
    checked = 0
    on_progress(PHASE_CHECKING, checked, total)
    for table in _tables():
        rows = tables.get(table.name, [])
        coerced = []
        for index, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                raise InvalidInput(f"Table '{table.name}', row {index}: expected an object.")
            coerced.append(_coerce(table, row, f"Table '{table.name}', row {index}"))
            if index % PROGRESS_STEP_ROWS == 0 and index < len(rows):
                on_progress(PHASE_CHECKING, checked + index, total)
        _check_rows(table, coerced, loaded)
        loaded[table.name] = coerced
        checked += len(rows)
        if rows:
            on_progress(PHASE_CHECKING, checked, total)
    with engine.begin() as connection:
        _ensure_empty(connection)  # again: something may have written while rows were checked
        written = 0
        on_progress(PHASE_WRITING, written, total)
        for table in _tables():
            _insert_rows(connection, table, loaded[table.name])
            written += len(loaded[table.name])
            if loaded[table.name]:
                on_progress(PHASE_WRITING, written, total)
        reset_sequences(connection)
    return sum(len(rows) for rows in loaded.values())


def _ensure_empty(connection: Connection) -> None:
    for table in _tables():
        if connection.execute(select(func.count()).select_from(table)).scalar_one():
            raise InvalidInput(
                f"The database is not empty (table '{table.name}' has rows); import needs "
                "an empty database so nothing is mixed or overwritten."
            )


def _insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    # Columns pointing at their own table (a person's mentor) are filled in a second pass,
    # so rows can arrive in any order.
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table.name == table.name]
    later: list[tuple[dict[str, Any], dict[str, Any]]] = []
    values_list = []
    for row in rows:
        values = dict(row)
        deferred = {name: values[name] for name in self_refs if values.get(name) is not None}
        values.update({name: None for name in self_refs if name in values})
        values_list.append(values)
        if deferred:
            later.append((values, deferred))
    # One statement per set of columns given: rows may leave out optional columns.
    batches: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for values in values_list:
        batches.setdefault(tuple(sorted(values)), []).append(values)
    for batch in batches.values():
        try:
            connection.execute(insert(table), batch)
        except Exception as error:  # a check the rows passed above, yet the database refused
            raise InvalidInput(
                f"Table '{table.name}': rows rejected ({error.__class__.__name__}: "
                f"{str(error).splitlines()[0]})."
            ) from error
    primary = list(table.primary_key.columns)
    for values, deferred in later:
        condition = [column == values[column.name] for column in primary]
        try:
            connection.execute(update(table).where(*condition).values(**deferred))
        except Exception as error:
            raise InvalidInput(
                f"Table '{table.name}': {', '.join(deferred)} {list(deferred.values())} "
                "points at a row that does not exist."
            ) from error


def reset_sequences(connection: Connection) -> None:
    """On PostgreSQL, move id sequences past the ids there are (after rows were written with
    their ids, as an import or bulk generation writes them)."""
    if connection.dialect.name != "postgresql":
        return
    for table in _tables():
        if "id" in table.columns and table.columns["id"].autoincrement:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                    f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
                )
            )


def _live_sqlite_file(database_url: str) -> Path | None:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _sqlite_file(database_url: str, what: str) -> Path:
    live = _live_sqlite_file(database_url)
    if live is None:
        raise InvalidInput(
            f"{what} works on a SQLite file; for PostgreSQL use pg_dump and pg_restore, "
            "or `python -m storage export` / `import` for a portable JSON copy."
        )
    return live


def _copy_sqlite(source_path: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy even while the source is in use."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(source_path)
    destination = sqlite3.connect(target)
    try:
        with destination:
            source.backup(destination)
    finally:
        destination.close()
        source.close()


def backup_sqlite(database_url: str, target: Path, *, force: bool = False) -> Path:
    """Copy a live SQLite database to `target` with SQLite's online backup API.

    Refuses the live database itself and, without `force`, any existing file."""
    source_path = _sqlite_file(database_url, "Backup")
    if not source_path.exists():
        raise InvalidInput(f"There is no database at {source_path}.")
    check_target(target, database_url=database_url, force=force)
    _write_atomically(target, lambda partial: _copy_sqlite(source_path, partial))
    return target


def _check_backup(source: Path) -> str:
    """The schema revision of `source`; InvalidInput for anything that is not an intact
    Proficio database this version knows, before the live one is touched."""
    if not source.is_file():
        raise InvalidInput(f"There is no backup at {source}.")
    try:
        connection = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            integrity = connection.execute("PRAGMA integrity_check").fetchone()
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            revisions = (
                [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
                if "alembic_version" in tables
                else []
            )
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise InvalidInput(f"{source} is not a SQLite database ({error}).") from error
    if integrity is None or integrity[0] != "ok":
        raise InvalidInput(f"{source} is damaged: {integrity[0] if integrity else 'unreadable'}.")
    if not {"alembic_version", "team", "person"} <= tables or len(revisions) != 1:
        raise InvalidInput(f"{source} is a SQLite database, but not a Proficio backup.")
    [revision] = revisions
    if not is_known_revision(revision):
        raise InvalidInput(
            f"{source} is at schema revision {revision!r:.40}, which this version of Proficio "
            f"does not know (it is at {head_revision()!r}); restore it with the version that "
            "made it."
        )
    return str(revision)


def _missing_schema(database: Path) -> list[str]:
    """The tables and columns of today's schema that `database` lacks."""
    engine = make_engine(f"sqlite:///{database}")
    try:
        found = inspect(engine)
        tables = set(found.get_table_names())
        missing = []
        for table in _tables():
            if table.name not in tables:
                missing.append(f"table {table.name}")
                continue
            columns = {column["name"] for column in found.get_columns(table.name)}
            missing += [f"{table.name}.{c.name}" for c in table.columns if c.name not in columns]
        return missing
    finally:
        engine.dispose()


def _upgraded_copy(source: Path, folder: Path) -> Path:
    """A copy of the backup in `folder`, brought to the newest schema and checked whole:
    every table and column the app uses is there. The live database is not touched."""
    copy = folder / "restore.db"
    _copy_sqlite(source, copy)
    engine = make_engine(f"sqlite:///{copy}")
    try:
        upgrade(engine)
    except Exception as error:  # a migration meets a table it expects and does not find
        first = str(error).splitlines()[0] if str(error) else ""
        raise InvalidInput(
            f"{source} cannot be brought to the current schema "
            f"({error.__class__.__name__}: {first:.200}); it is not a complete Proficio backup."
        ) from error
    finally:
        engine.dispose()
    missing = _missing_schema(copy)
    if missing:
        listed = ", ".join(missing[:5]) + (
            f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        raise InvalidInput(f"{source} is not a complete Proficio backup: it has no {listed}.")
    return copy


def restore_sqlite(database_url: str, source: Path, *, safety_copy: Path) -> Path | None:
    """Replace the SQLite database with the backup `source`, all or nothing.

    Before anything is replaced the backup is checked: intact, a Proficio database at a
    schema revision this version knows, and, once a copy of it is upgraded to the newest
    schema, with every table and column. The current database, if any, is copied to
    `safety_copy` before it is overwritten with that upgraded copy; that path is returned.
    """
    live = _sqlite_file(database_url, "Restore")
    if live.exists() and _same_file(source, live):
        raise InvalidInput(f"{source} is the live database itself; name a backup file.")
    _check_backup(source)
    with tempfile.TemporaryDirectory(prefix="proficio-restore-") as folder:
        checked = _upgraded_copy(source, Path(folder))
        saved = None
        if live.exists():
            _copy_sqlite(live, safety_copy)
            saved = safety_copy
        _copy_sqlite(checked, live)
    return saved
