"""Whole-database export and import as JSON, and SQLite online backup and restore."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, TypeDecorator, func, insert, select, text, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)
from storage.errors import InvalidInput
from storage.migrate import current_revision, head_revision

EXPORT_FORMAT = "proficio-export"
EXPORT_VERSION = 1


def _tables() -> list[Table]:
    return list(SQLModel.metadata.sorted_tables)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def export_database(engine: Engine) -> dict[str, Any]:
    """Every row of every table, in dependency order, with the schema revision."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as connection:
        for table in _tables():
            primary = list(table.primary_key.columns)
            rows = connection.execute(select(table).order_by(*primary)).mappings()
            tables[table.name] = [{k: _jsonable(v) for k, v in row.items()} for row in rows]
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "schema_revision": current_revision(engine),
        "exported_at": datetime.now().isoformat(timespec="seconds"),
        "tables": tables,
    }


def write_export(engine: Engine, path: Path) -> int:
    """Write the export to `path`; return the number of rows written."""
    data = export_database(engine)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return sum(len(rows) for rows in data["tables"].values())


def _python_type(table: Table, name: str) -> type | None:
    """The Python type a column holds (SQLModel's UTCDateTime decorates DateTime)."""
    column_type = table.columns[name].type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        return column_type.python_type
    except NotImplementedError:
        return None


def _coerce(table: Table, row: dict[str, Any], where: str) -> dict[str, Any]:
    unknown = set(row) - set(table.columns.keys())
    if unknown:
        raise InvalidInput(f"{where}: unknown column(s) {', '.join(sorted(unknown))}.")
    out: dict[str, Any] = {}
    for name, value in row.items():
        python_type = _python_type(table, name)
        try:
            if value is not None and python_type is datetime:
                value = datetime.fromisoformat(value)
            elif value is not None and python_type is date:
                value = date.fromisoformat(value)
        except (TypeError, ValueError) as error:
            raise InvalidInput(f"{where}, column '{name}': {error}.") from error
        out[name] = value
    return out


def import_database(engine: Engine, data: Any) -> int:
    """Load an export into an empty, migrated database, all or nothing; return rows loaded."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise InvalidInput("Not a Proficio export (the 'format' field is missing or wrong).")
    if data.get("version") != EXPORT_VERSION:
        raise InvalidInput(f"Export version {data.get('version')!r} is not supported.")
    if data.get("schema_revision") != head_revision():
        raise InvalidInput(
            f"The export is from schema revision {data.get('schema_revision')!r}, this app is at "
            f"{head_revision()!r}; import it with the app version that made it, then upgrade."
        )
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise InvalidInput("The export has no 'tables' mapping.")
    known = {table.name for table in _tables()}
    unknown = set(tables) - known
    if unknown:
        raise InvalidInput(f"The export has unknown table(s): {', '.join(sorted(unknown))}.")
    count = 0
    with engine.begin() as connection:
        for table in _tables():
            if connection.execute(select(func.count()).select_from(table)).scalar_one():
                raise InvalidInput(
                    f"The database is not empty (table '{table.name}' has rows); import needs "
                    "an empty database so nothing is mixed or overwritten."
                )
        for table in _tables():
            rows = tables.get(table.name, [])
            if not isinstance(rows, list):
                raise InvalidInput(f"Table '{table.name}' must be a list of rows.")
            count += _insert_rows(connection, table, rows)
        _reset_sequences(connection)
    return count


def _insert_rows(connection: Connection, table: Table, rows: list[Any]) -> int:
    # Columns pointing at their own table (a person's mentor) are filled in a second pass,
    # so rows can arrive in any order.
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table.name == table.name]
    later: list[tuple[dict[str, Any], dict[str, Any]]] = []
    coerced = []
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise InvalidInput(f"Table '{table.name}', row {index}: expected an object.")
        values = _coerce(table, row, f"Table '{table.name}', row {index}")
        deferred = {name: values[name] for name in self_refs if values.get(name) is not None}
        values.update({name: None for name in self_refs if name in values})
        coerced.append(values)
        if deferred:
            later.append((values, deferred))
    if coerced:
        try:
            connection.execute(insert(table), coerced)
        except Exception as error:  # integrity errors name the table for the person
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
    return len(coerced)


def _reset_sequences(connection: Connection) -> None:
    """On PostgreSQL, move id sequences past the imported ids."""
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


def _sqlite_file(database_url: str, what: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise InvalidInput(
            f"{what} works on a SQLite file; for PostgreSQL use pg_dump and pg_restore, "
            "or `python -m storage export` / `import` for a portable JSON copy."
        )
    return Path(url.database)


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


def backup_sqlite(database_url: str, target: Path) -> Path:
    """Copy a live SQLite database to `target` with SQLite's online backup API."""
    source_path = _sqlite_file(database_url, "Backup")
    if not source_path.exists():
        raise InvalidInput(f"There is no database at {source_path}.")
    _copy_sqlite(source_path, target)
    return target


def _check_backup(source: Path) -> None:
    """Refuse anything that is not an intact Proficio database, before touching the live one."""
    if not source.is_file():
        raise InvalidInput(f"There is no backup at {source}.")
    try:
        connection = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            integrity = connection.execute("PRAGMA integrity_check").fetchone()
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise InvalidInput(f"{source} is not a SQLite database ({error}).") from error
    if integrity is None or integrity[0] != "ok":
        raise InvalidInput(f"{source} is damaged: {integrity[0] if integrity else 'unreadable'}.")
    if not {"alembic_version", "team", "person"} <= tables:
        raise InvalidInput(f"{source} is a SQLite database, but not a Proficio backup.")


def restore_sqlite(database_url: str, source: Path, *, safety_copy: Path) -> Path | None:
    """Replace the SQLite database with the backup `source`, all or nothing.

    The backup is checked first (intact, a Proficio database); the current database, if
    any, is copied to `safety_copy` before it is overwritten, and that path is returned.
    The caller upgrades the restored schema (a backup may predate newer migrations).
    """
    live = _sqlite_file(database_url, "Restore")
    _check_backup(source)
    saved = None
    if live.exists():
        _copy_sqlite(live, safety_copy)
        saved = safety_copy
    _copy_sqlite(source, live)
    return saved
