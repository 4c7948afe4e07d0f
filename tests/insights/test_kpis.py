"""KPI and alert rules on hand-made data with a fixed date (TODAY = 2026-11-21)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from assessments.rules import Evidence, level_on, levels_at, resolve_level
from curriculum.schedule import Pace, ScheduledModule
from insights.kpis import (
    REVIEW_BACKLOG_ALERT_CARDS,
    AlertKind,
    ItemDates,
    Kpi,
    LateOneOnOne,
    OnTrack,
    average_level,
    by_worst,
    count_in_month,
    inactive_learners,
    members_on,
    overdue_on,
    paces_on,
    percents_as_of,
    previous_month_start,
    rate_between,
    review_backlogs,
    share_on_track,
    team_alerts,
    window,
)
from storage.enums import RaterKind
from tests.conftest import TODAY


def test_average_level_counts_only_cells_a_target_asks_for_and_unknown_as_zero() -> None:
    cells = [(3, 3), (None, 2), (1, 0), (2, 3)]  # (level, target); (1, 0) is not asked for
    level, target = average_level(cells)
    assert level == pytest.approx((3 + 0 + 2) / 3, abs=0.005)  # 1.67
    assert target == pytest.approx((3 + 2 + 3) / 3, abs=0.005)  # 2.67
    assert average_level([(2, 0)]) == (None, None)


def test_share_on_track_counts_ahead_and_done_but_not_unstarted_tracks() -> None:
    paces = [Pace.ON_TRACK, Pace.AHEAD, Pace.BEHIND, Pace.COMPLETED, Pace.NOT_STARTED, None]
    assert share_on_track(paces) == 75.0  # 3 of the 4 started
    assert share_on_track([None]) is None


def test_percent_as_of_a_day_is_the_last_logged_on_or_before_it() -> None:
    log = [
        ("faiss", date(2026, 10, 1), 20),
        ("faiss", date(2026, 10, 20), 60),
        ("faiss", date(2026, 11, 5), 100),
        ("chroma", date(2026, 11, 1), None),  # an entry that did not move the percent
        ("chroma", date(2026, 10, 25), 10),
    ]
    assert percents_as_of(log, date(2026, 10, 22)) == {"faiss": 60}
    assert percents_as_of(log, TODAY) == {"faiss": 100, "chroma": 10}


def test_rates_over_a_window_of_thirty_days() -> None:
    start, end = window(TODAY)
    assert (start, end) == (date(2026, 10, 23), TODAY)
    assert window(TODAY, 30) == (date(2026, 9, 23), date(2026, 10, 22))
    events = [
        (date(2026, 11, 20), True),
        (date(2026, 11, 1), False),
        (date(2026, 10, 23), True),
        (date(2026, 10, 22), False),  # the day before the window
    ]
    assert rate_between(events, start, end) == pytest.approx(66.7)
    assert rate_between(events, *window(TODAY, 30)) == 0.0
    assert rate_between([], start, end) is None


def test_members_and_sessions_by_month() -> None:
    joined = [date(2025, 1, 6), date(2026, 11, 1), date(2026, 10, 22)]
    assert members_on(joined, TODAY) == 3
    assert members_on(joined, TODAY - timedelta(days=30)) == 2  # 22 Oct counts, 1 Nov not
    assert previous_month_start(TODAY) == date(2026, 10, 1)
    held = [date(2026, 11, 2), date(2026, 11, 21), date(2026, 10, 30), date(2025, 11, 3)]
    assert count_in_month(held, date(2026, 11, 1)) == 2  # the year matters too


def test_overdue_items_then_and_now() -> None:
    items = [
        ItemDates(date(2026, 10, 1), date(2026, 10, 10), None),  # overdue since 11 Oct
        ItemDates(date(2026, 10, 1), date(2026, 10, 10), date(2026, 10, 30)),  # done late
        ItemDates(date(2026, 11, 10), date(2026, 11, 15), None),  # raised after 22 Oct
        ItemDates(date(2026, 10, 1), None, None),  # no due date: never overdue
    ]
    assert overdue_on(items, TODAY) == 2
    assert overdue_on(items, date(2026, 10, 22)) == 2  # the first two, both open then
    # Items with the same dates come counted (as the team's rows are read).
    counted = [*items, ItemDates(date(2026, 10, 1), date(2026, 10, 10), None, count=3)]
    assert overdue_on(counted, TODAY) == 5


def test_kpi_delta_and_missing_values() -> None:
    assert Kpi("x", "X", 72.7, 85.7, "%", "").delta == -13.0
    assert Kpi("x", "X", None, 85.7, "%", "").delta is None


def test_inactive_learners_from_last_activity_or_track_start() -> None:
    last = {1: date(2026, 11, 2), 2: date(2026, 11, 15), 3: None}
    started = {1: date(2026, 10, 1), 2: date(2026, 10, 1), 3: date(2026, 11, 7), 4: TODAY}
    assert inactive_learners(last, started, TODAY) == {1: 19, 3: 14}


def test_review_backlogs_from_fifteen_cards_worst_first() -> None:
    backlog = review_backlogs({1: 14, 2: 15, 3: 82})
    assert backlog == {2: 15, 3: 82}
    assert list(by_worst(backlog, {2: "Ben", 3: "Hannah"})) == [(3, 82), (2, 15)]


def test_levels_at_agrees_with_level_on_at_every_moment() -> None:
    """The one-pass timeline gives what the matrix's own rule gives, moment by moment."""
    rng = random.Random(7)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for _ in range(200):
        evidence = [
            Evidence(
                rng.randint(0, 4),
                rng.choice(list(RaterKind)),
                start + timedelta(days=rng.randrange(300)),
            )
            for _ in range(rng.randrange(8))
        ]
        moments = sorted(start + timedelta(days=rng.randrange(-10, 320)) for _ in range(6))
        resolved = [resolve_level(e for e in evidence if e.created_at <= m).level for m in moments]
        assert levels_at(evidence, moments) == resolved
        assert [level_on(evidence, m) for m in moments] == resolved


def test_alerts_from_plain_values_flag_quiet_learners_only_on_an_active_track() -> None:
    today = date(2026, 11, 21)
    schedule = (ScheduledModule("intro", 4, 1, 2),)
    tracks = {
        1: OnTrack(date(2026, 10, 1), True, schedule, {}, ()),  # active, nothing logged
        2: OnTrack(date(2026, 10, 1), False, schedule, {}, ()),  # withdrawn: not flagged
        3: OnTrack(date(2026, 12, 1), True, schedule, {}, ()),  # starts later: not flagged
    }
    alerts = team_alerts(
        names={1: "Ada", 2: "Bo", 3: "Cy", 4: "Max"},
        competency_names={},
        single_person=[],
        fading=[],
        waiting=[],
        tracks=tracks,
        last_activity={},
        late_one_on_ones=[LateOneOnOne(1, 4, "the 1:1 planned for 2 Nov 2026 was missed")],
        overdue_cards={2: REVIEW_BACKLOG_ALERT_CARDS, 3: REVIEW_BACKLOG_ALERT_CARDS - 1},
        today=today,
    )
    assert [(a.kind, a.text) for a in alerts] == [
        (AlertKind.INACTIVE, "**Ada**: no learning logged for 51 days (nothing logged yet)."),
        (
            AlertKind.OVERDUE_ONE_ON_ONE,
            "**Ada** with Max: the 1:1 planned for 2 Nov 2026 was missed.",
        ),
        (AlertKind.REVIEW_BACKLOG, f"**Bo**: {REVIEW_BACKLOG_ALERT_CARDS} review cards overdue."),
    ]


def test_paces_count_a_track_only_from_its_start_and_from_the_log_for_an_earlier_day() -> None:
    schedule = (ScheduledModule("intro", 4, 1, 2),)  # 1-14 October
    track = OnTrack(
        date(2026, 10, 1),
        True,
        schedule,
        {"intro": 100},
        (("intro", date(2026, 10, 3), 10), ("intro", date(2026, 10, 20), 100)),
    )
    today = date(2026, 11, 21)
    assert paces_on({1: track}, today, today=today) == {1: Pace.COMPLETED}
    assert paces_on({1: track}, date(2026, 10, 14), today=today) == {1: Pace.BEHIND}
    assert paces_on({1: track}, date(2026, 9, 30), today=today) == {}
