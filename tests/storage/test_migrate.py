"""Alembic migrations bring any database to the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

import storage.models  # noqa: F401  (registers every table on SQLModel.metadata)
from storage.engine import make_engine
from storage.migrate import current_revision, head_revision, upgrade
from storage.models import Team
from tests.factories import make_team


def test_head_revision_exists() -> None:
    assert head_revision()


def test_empty_database_is_migrated_to_head_with_every_table(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'proficio.db'}")
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    assert "alembic_version" in tables
    engine.dispose()


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    """Autogenerate finds nothing to do: no model change lacks its migration."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_migrated_database_accepts_the_models(engine: Engine) -> None:
    with Session(engine) as session:
        make_team(session=session, name="Search Platform")
        session.commit()
    with Session(engine) as session:
        assert session.exec(select(Team.name)).all() == ["Search Platform"]


def test_upgrading_twice_is_harmless_and_keeps_data(engine: Engine) -> None:
    with Session(engine) as session:
        make_team(session=session, name="Kept")
        session.commit()
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with Session(engine) as session:
        assert session.exec(select(Team.name)).all() == ["Kept"]
