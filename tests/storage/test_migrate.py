"""Alembic migrations bring any database to the schema the models describe."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, select
from sqlmodel.sql.sqltypes import UTCDateTime

import storage.models  # noqa: F401  (registers every table on SQLModel.metadata)
from storage.engine import make_engine
from storage.migrate import alembic_config, current_revision, head_revision, upgrade
from storage.models import Person, Team
from storage.people import OrganisationRef, find_person_by_email, organisation
from tests.conftest import POSTGRES_URL_ENV, _fresh_postgres_database
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


# --- 0006: organisation, leavers, admins; emails lower-cased -----------------------------

BEFORE_0006 = "0005"
_team_0005 = sa.table(
    "team", sa.column("id", sa.Integer), sa.column("name"), sa.column("created_at", UTCDateTime())
)
_person_0005 = sa.table(
    "person",
    sa.column("id", sa.Integer),
    sa.column("team_id", sa.Integer),
    sa.column("name"),
    sa.column("email"),
    sa.column("role"),
    sa.column("job_role"),
    sa.column("joined_on", sa.Date),
    sa.column("active", sa.Boolean),
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def unmigrated_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database no migration has touched: a SQLite file (whose transactions are the
    ones the app uses) or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'proficio.db'}")
        yield engine
        engine.dispose()
        return
    admin_url = os.environ.get(POSTGRES_URL_ENV)
    if not admin_url:
        pytest.skip(f"set {POSTGRES_URL_ENV} to run against PostgreSQL")
    with _fresh_postgres_database(admin_url) as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def _upgrade_to(engine: Engine, revision: str) -> None:
    """As `storage.migrate.upgrade` does, but stopping at `revision`."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _team_with_people(engine: Engine, *emails: str) -> None:
    """A team at revision 0005 whose people have these emails, as they were typed."""
    with engine.begin() as connection:
        connection.execute(
            sa.insert(_team_0005).values(
                id=1, name="Search", created_at=datetime(2025, 1, 6, 9, tzinfo=UTC)
            )
        )
        connection.execute(
            sa.insert(_person_0005),
            [
                {
                    "id": n,
                    "team_id": 1,
                    "name": f"Person {n}",
                    "email": email,
                    "role": "lead" if n == 1 else "learner",
                    "job_role": "Backend engineer",
                    "joined_on": date(2025, 1, 6),
                    "active": True,
                }
                for n, email in enumerate(emails, start=1)
            ],
        )


def test_0006_lower_cases_emails_and_gives_an_existing_team_its_organisation(
    unmigrated_engine: Engine,
) -> None:
    _upgrade_to(unmigrated_engine, BEFORE_0006)
    _team_with_people(unmigrated_engine, "Lena.Lindqvist@Example.COM", "mei@example.com")

    upgrade(unmigrated_engine)

    assert current_revision(unmigrated_engine) == head_revision()
    with Session(unmigrated_engine) as session:
        people = session.exec(select(Person).order_by(col(Person.id))).all()
        assert [(p.email, p.is_admin, p.left_on, p.active) for p in people] == [
            ("lena.lindqvist@example.com", False, None, True),
            ("mei@example.com", False, None, True),
        ]
        assert session.exec(select(Team.archived_at)).all() == [None]
        found = find_person_by_email(session, "LENA.LINDQVIST@example.com")
        assert found is not None and found.name == "Person 1"
        assert organisation(session) == OrganisationRef(
            name="Search", curriculum_dir=None, demo=False
        )


def test_0006_on_a_database_without_a_team_adds_no_organisation(
    unmigrated_engine: Engine,
) -> None:
    upgrade(unmigrated_engine)
    with Session(unmigrated_engine) as session:
        assert organisation(session) is None


def test_0006_refuses_two_emails_that_differ_only_in_case_and_changes_nothing(
    unmigrated_engine: Engine,
) -> None:
    _upgrade_to(unmigrated_engine, BEFORE_0006)
    _team_with_people(unmigrated_engine, "Mei@Example.com", "mei@example.com", "jonas@example.com")

    with pytest.raises(
        RuntimeError,
        match=re.escape(
            "Two people share an email that differs only in case (mei@example.com); give one of "
            "them another email, then start again."
        ),
    ):
        upgrade(unmigrated_engine)

    assert current_revision(unmigrated_engine) == BEFORE_0006
    assert "organisation" not in inspect(unmigrated_engine).get_table_names()
    with unmigrated_engine.connect() as connection:
        emails = connection.execute(sa.select(_person_0005.c.email).order_by(_person_0005.c.id))
        assert emails.scalars().all() == ["Mei@Example.com", "mei@example.com", "jonas@example.com"]

    # Once one of them has another email, starting again works.
    with unmigrated_engine.begin() as connection:
        connection.execute(
            sa.update(_person_0005)
            .where(_person_0005.c.id == 2)
            .values(email="mei.chen@example.com")
        )
    upgrade(unmigrated_engine)
    assert current_revision(unmigrated_engine) == head_revision()


def test_0007_gives_every_team_its_own_framework_with_its_ratings_and_targets(
    unmigrated_engine: Engine,
) -> None:
    """Two teams shared one framework; after 0007 each has its own copy, its ratings and
    targets point at it, and the shared rows stay as the curriculum's copy. The data is
    written at 0005, so the upgrade also rebuilds tables that ratings point at (person,
    competency) as SQLite does, with foreign keys on before and after."""
    engine = unmigrated_engine
    _upgrade_to(engine, "0005")
    now = datetime(2025, 1, 6, 9, tzinfo=UTC)
    with engine.begin() as connection:
        run = connection.execute
        for team_id, name in ((1, "Search"), (2, "Ranking")):
            run(
                sa.text("INSERT INTO team (id, name, created_at) VALUES (:i, :n, :t)"),
                {"i": team_id, "n": name, "t": now},
            )
            run(
                sa.text(
                    "INSERT INTO person (id, team_id, name, email, role, job_role, joined_on, "
                    "active) VALUES (:i, :t, :n, :e, 'learner', 'Engineer', :d, :yes)"
                ),
                {
                    "i": team_id,
                    "t": team_id,
                    "n": f"Person {team_id}",
                    "e": f"p{team_id}@example.com",
                    "d": date(2025, 1, 6),
                    "yes": True,
                },
            )
        for competency_id, key in ((1, "search"), (2, "pitch")):
            run(
                sa.text(
                    'INSERT INTO competency (id, key, name, "group", description, position) '
                    "VALUES (:i, :k, :k, 'technical', '', :i)"
                ),
                {"i": competency_id, "k": key},
            )
            run(
                sa.text(
                    "INSERT INTO leveldescriptor (competency_id, level, description) "
                    "VALUES (:i, 1, :text)"
                ),
                {"i": competency_id, "text": f"{key} at basic level"},
            )
        for person_id in (1, 2):
            run(
                sa.text(
                    "INSERT INTO rating (person_id, competency_id, level, rater_kind, note, "
                    "created_at) VALUES (:p, 1, 3, 'lead', '', :t)"
                ),
                {"p": person_id, "t": now},
            )
            run(
                sa.text(
                    "INSERT INTO roletarget (team_id, job_role, competency_id, level) "
                    "VALUES (:p, 'Engineer', 2, 2)"
                ),
                {"p": person_id},
            )
    if engine.dialect.name == "postgresql":  # rows were inserted with explicit ids
        with engine.begin() as connection:
            for table in ("team", "person", "competency"):
                connection.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT id, team_id, key FROM competency ORDER BY id")
        ).fetchall()
        own = {(team, key): cid for cid, team, key in rows}
        assert sorted(own, key=str) == sorted(
            [
                (None, "search"),
                (None, "pitch"),
                (1, "search"),
                (1, "pitch"),
                (2, "search"),
                (2, "pitch"),
            ],
            key=str,
        )
        rated = dict(
            connection.execute(sa.text("SELECT person_id, competency_id FROM rating")).fetchall()
        )
        assert rated == {1: own[(1, "search")], 2: own[(2, "search")]}
        targeted = dict(
            connection.execute(sa.text("SELECT team_id, competency_id FROM roletarget")).fetchall()
        )
        assert targeted == {1: own[(1, "pitch")], 2: own[(2, "pitch")]}
        texts = connection.execute(
            sa.text("SELECT description FROM leveldescriptor WHERE competency_id = :c"),
            {"c": own[(2, "search")]},
        ).fetchall()
        assert texts == [("search at basic level",)]
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
