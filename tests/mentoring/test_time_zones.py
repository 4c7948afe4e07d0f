"""1:1s and action items follow the team's day and hour, not UTC's."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from icalendar import Calendar

from mentoring.action_items import add_action_item, open_items
from mentoring.planning import active_plan, create_plan, plan_ics
from mentoring.plans import PlanSettings
from storage.errors import InvalidInput
from storage.models import utc_now
from storage.roster import set_team_time_zone
from tests.mentoring.test_sessions import Pair, pair  # noqa: F401

LATE_EVENING_UTC = datetime(2026, 11, 21, 23, 30, tzinfo=UTC)  # 08:30 on the 22nd in Tokyo
WEEKLY = PlanSettings(6, 1, 45, ("Architecture",))


def _team_in(pair: Pair, zone: str) -> None:  # noqa: F811
    set_team_time_zone(
        pair.session, actor=pair.lead, team_id=pair.lead.team_id, time_zone=zone, now=utc_now()
    )


def test_in_tokyo_an_item_due_on_utcs_today_is_already_overdue_at_23_30_utc(
    pair: Pair,  # noqa: F811
) -> None:
    _team_in(pair, "Asia/Tokyo")
    plan = create_plan(
        pair.session,
        actor=pair.mentor,
        mentee_id=pair.ada.id,
        started_on=date(2026, 11, 16),
        settings=WEEKLY,
        now=LATE_EVENING_UTC,
    )
    session_id = plan.sessions[0].id
    # The 21st is UTC's today but yesterday in Tokyo: refused as passed.
    with pytest.raises(InvalidInput, match="has passed"):
        add_action_item(
            pair.session,
            actor=pair.mentor,
            session_id=session_id,
            title="Read the HNSW paper",
            owner_id=pair.ada.id,
            due_on=date(2026, 11, 21),
            now=LATE_EVENING_UTC,
        )
    item = add_action_item(
        pair.session,
        actor=pair.mentor,
        session_id=session_id,
        title="Read the HNSW paper",
        owner_id=pair.ada.id,
        due_on=date(2026, 11, 22),
        now=LATE_EVENING_UTC,
    )
    assert not item.overdue  # due today in Tokyo
    [later] = open_items(
        pair.session, actor=pair.ada, mentee_id=pair.ada.id, today=date(2026, 11, 23)
    )
    assert later.overdue


def test_a_1_1_at_8_in_tokyo_is_on_the_tokyo_day_and_not_missed_that_morning(
    pair: Pair,  # noqa: F811
) -> None:
    _team_in(pair, "Asia/Tokyo")
    create_plan(
        pair.session,
        actor=pair.mentor,
        mentee_id=pair.ada.id,
        started_on=date(2026, 11, 23),
        settings=WEEKLY,
        session_time=time(8, 0),
        now=LATE_EVENING_UTC,
    )
    plan = active_plan(
        pair.session, actor=pair.ada, mentee_id=pair.ada.id, today=date(2026, 11, 23)
    )
    assert plan is not None
    first = plan.sessions[0]
    assert first.scheduled_for == datetime(2026, 11, 22, 23, tzinfo=UTC)  # stored in UTC
    assert (first.scheduled_for.date(), f"{first.scheduled_for:%H:%M %Z}") == (
        date(2026, 11, 23),
        "08:00 JST",
    )
    assert first.status == "planned"  # UTC's day (the 22nd) would call it missed
    later = active_plan(
        pair.session, actor=pair.ada, mentee_id=pair.ada.id, today=date(2026, 11, 24)
    )
    assert later is not None and later.sessions[0].status == "missed"


def test_the_calendar_keeps_10_in_berlin_on_both_sides_of_the_clock_change(
    pair: Pair,  # noqa: F811
) -> None:
    _team_in(pair, "Europe/Berlin")
    plan = create_plan(
        pair.session,
        actor=pair.mentor,
        mentee_id=pair.ada.id,
        started_on=date(2026, 10, 19),  # summer time ends on 25 Oct
        settings=WEEKLY,
        session_time=time(10, 0),
        now=datetime(2026, 10, 1, tzinfo=UTC),
    )
    ics = plan_ics(
        pair.session, actor=pair.ada, plan_id=plan.id, stamp=datetime(2026, 10, 1, tzinfo=UTC)
    )
    assert "DTSTART;TZID=Europe/Berlin:20261019T100000" in ics.decode()
    assert "BEGIN:VTIMEZONE" in ics.decode()
    starts = [e.start.astimezone(UTC) for e in Calendar.from_ical(ics).events][:2]
    assert starts == [
        datetime(2026, 10, 19, 8, tzinfo=UTC),  # CEST
        datetime(2026, 10, 26, 9, tzinfo=UTC),  # CET
    ]
