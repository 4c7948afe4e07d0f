"""0009: teams get a time zone; existing teams have none (the server's) and keep their name."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from storage.migrate import current_revision, head_revision, upgrade
from tests.storage.test_migrate import _upgrade_to, unmigrated_engine  # noqa: F401
from tests.storage.test_migrate_0008 import _downgrade_to

NOW = datetime(2026, 12, 7, 10, tzinfo=UTC)


def test_0009_leaves_existing_teams_on_the_server_zone_and_goes_back_down(
    unmigrated_engine: Engine,  # noqa: F811
) -> None:
    engine = unmigrated_engine
    _upgrade_to(engine, "0008")
    with engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO team (id, name, created_at) VALUES (1, 'Search', :t)"), {"t": NOW}
        )
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.begin() as connection:
        row = connection.execute(sa.text("SELECT name, time_zone FROM team")).one()
        assert tuple(row) == ("Search", None)
        connection.execute(sa.text("UPDATE team SET time_zone = 'Asia/Tokyo'"))

    _downgrade_to(engine, "0008")
    assert current_revision(engine) == "0008"
    assert "time_zone" not in {c["name"] for c in inspect(engine).get_columns("team")}
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT name FROM team")).scalar_one() == "Search"

    upgrade(engine)  # and up again
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT time_zone FROM team")).scalar_one() is None
