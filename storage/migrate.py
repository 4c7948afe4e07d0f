"""Bring a database to the newest schema with Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    """An Alembic config pointing at our migrations; no alembic.ini needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine) -> None:
    """Apply every migration the database has not seen yet, in one transaction.

    SQLite alters a table by rebuilding it (copy, drop, rename), and dropping a table other
    tables point at fails while foreign keys are enforced; that setting cannot change inside
    a transaction. So on SQLite they are off while the migrations run, every reference is
    checked before the commit (any broken one rolls the whole upgrade back), and they are on
    again afterwards.
    """
    if current_revision(engine) == head_revision():
        return  # nothing to apply (every start asks)
    config = alembic_config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        driver = connection.connection.driver_connection
        if sqlite:
            driver.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(
                            f"The upgrade would leave {len(broken)} broken reference(s), e.g. "
                            f"table {broken[0][0]} row {broken[0][1]}; nothing was changed."
                        )
        finally:
            if sqlite:
                driver.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_known_revision(revision: str) -> bool:
    """Whether `revision` is one of this version's migrations (so it can be upgraded from)."""
    try:
        found = ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except Exception:  # alembic raises its own errors for unknown or malformed ids
        return False
    return found is not None and found.revision == revision  # not a name like "heads"
