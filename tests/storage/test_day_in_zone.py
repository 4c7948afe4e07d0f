"""Counting rows by a team's day in SQL gives the day Python's zone rules give, across
daylight-saving changes and in zones whose offset is not whole hours."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, func, insert, select
from sqlalchemy.engine import Engine
from sqlmodel import Session
from sqlmodel.sql.sqltypes import UTCDateTime

from storage.engine import day_in_zone, day_value
from storage.time_zones import local_day, offset_changes

ZONES = ["Europe/Berlin", "America/Los_Angeles", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"]
SINCE = datetime(2024, 1, 1, tzinfo=UTC)
UNTIL = datetime(2026, 12, 5, tzinfo=UTC)


def _moments() -> list[datetime]:
    """Random moments over three years, and every minute around each change of each zone."""
    rng = random.Random(7)
    span = (UNTIL - SINCE).total_seconds()
    moments = [SINCE + timedelta(seconds=rng.uniform(0, span)) for _ in range(2_000)]
    for name in ZONES:
        for start, _ in offset_changes(ZoneInfo(name), SINCE, UNTIL)[1:]:
            moments += [start + timedelta(minutes=m) for m in range(-90, 91, 15)]
            moments += [start - timedelta(microseconds=1), start]
    return moments


def test_the_offset_changes_are_the_zones_daylight_saving_changes() -> None:
    changes = offset_changes(ZoneInfo("Europe/Berlin"), SINCE, datetime(2025, 1, 1, tzinfo=UTC))
    assert [(start.isoformat(), offset.total_seconds() / 3600) for start, offset in changes] == [
        ("2024-01-01T00:00:00+00:00", 1.0),
        ("2024-03-31T01:00:00+00:00", 2.0),
        ("2024-10-27T01:00:00+00:00", 1.0),
    ]
    assert len(offset_changes(ZoneInfo("UTC"), SINCE, UNTIL)) == 1


@pytest.mark.parametrize("name", ZONES)
def test_each_moment_falls_on_the_day_the_zone_says(engine: Engine, name: str) -> None:
    zone = ZoneInfo(name)
    table = Table(
        "moments",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("at", UTCDateTime(), nullable=False),
    )
    table.create(engine)
    moments = _moments()
    with Session(engine) as session:
        session.execute(insert(table), [{"at": at} for at in moments])
        day = day_in_zone(session, table.c.at, zone, since=SINCE, until=UNTIL)
        got = {row_id: day_value(on) for row_id, on in session.execute(select(table.c.id, day))}
        # Counted per day, the way the figures use it.
        counts = dict(session.execute(select(day, func.count()).group_by(day)).all())
    expected = {i + 1: local_day(at, zone) for i, at in enumerate(moments)}
    assert got == expected
    assert {day_value(on): n for on, n in counts.items()} == dict(Counter(expected.values()))
