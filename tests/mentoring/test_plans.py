"""Plan rules on hand-computed cases: the 6/10 boundary, dates, phases, 1:1 structure, cadence."""

from __future__ import annotations

from datetime import date

import pytest

from mentoring.plans import (
    ADVANCED_PLAN,
    FOUNDATION_PLAN,
    AgendaBlock,
    allowed_gap_days,
    cadence_alert,
    phase_for_week,
    plan_ends_on,
    propose_plan,
    session_dates,
    session_structure,
    validate_settings,
)
from storage.errors import InvalidInput

ASSESS, TECH, BUSINESS, ADVANCED = (
    "Assessment and goal setting",
    "Technical implementation",
    "Business application",
    "Advanced topics and leadership",
)


@pytest.mark.parametrize(
    ("overall", "weeks", "per_week", "minutes"),
    [(0.0, 12, 2, 60), (5.99, 12, 2, 60), (6.0, 8, 1, 45), (6.01, 8, 1, 45), (10.0, 8, 1, 45)],
)
def test_plan_follows_the_six_out_of_ten_boundary(
    overall: float, weeks: int, per_week: int, minutes: int
) -> None:
    proposal = propose_plan(overall)
    assert (
        proposal.settings.weeks,
        proposal.settings.sessions_per_week,
        proposal.settings.session_minutes,
    ) == (weeks, per_week, minutes)
    assert f"{overall:g}/10" in proposal.reason


def test_plans_carry_the_seeds_focus() -> None:
    assert FOUNDATION_PLAN.focus == ("Foundations", "Hands-on practice", "Guided projects")
    assert ADVANCED_PLAN.focus == ("Advanced implementation", "Architecture", "Leadership")


def test_twice_a_week_lands_on_monday_and_thursday() -> None:
    sessions = session_dates(date(2026, 11, 23), weeks=2, sessions_per_week=2)  # a Monday
    assert [s.on for s in sessions] == [
        date(2026, 11, 23),
        date(2026, 11, 26),
        date(2026, 11, 30),
        date(2026, 12, 3),
    ]
    assert [s.number for s in sessions] == [1, 2, 3, 4]
    assert [s.week for s in sessions] == [1, 1, 2, 2]


def test_weekly_sessions_keep_the_weekday() -> None:
    sessions = session_dates(date(2026, 11, 26), weeks=3, sessions_per_week=1)  # a Thursday
    assert [s.on for s in sessions] == [date(2026, 11, 26), date(2026, 12, 3), date(2026, 12, 10)]


def test_three_a_week_skip_the_weekend() -> None:
    sessions = session_dates(date(2026, 11, 25), weeks=2, sessions_per_week=3)  # a Wednesday
    assert [s.on for s in sessions] == [
        date(2026, 11, 25),
        date(2026, 11, 27),
        date(2026, 12, 1),
        date(2026, 12, 2),
        date(2026, 12, 4),
        date(2026, 12, 8),
    ]


def test_a_weekend_start_moves_to_monday() -> None:
    sessions = session_dates(date(2026, 11, 21), weeks=1, sessions_per_week=1)  # a Saturday
    assert sessions[0].on == date(2026, 11, 23)
    assert plan_ends_on(date(2026, 11, 21), 1) == date(2026, 11, 29)


def test_twelve_week_plan_follows_the_phase_template() -> None:
    phases = [phase_for_week(week, 12) for week in range(1, 13)]
    assert phases == [ASSESS] * 2 + [TECH] * 4 + [BUSINESS] * 4 + [ADVANCED] * 2


def test_eight_week_plan_scales_the_phases() -> None:
    phases = [phase_for_week(week, 8) for week in range(1, 9)]
    assert phases == [ASSESS] + [TECH] * 3 + [BUSINESS] * 3 + [ADVANCED]


def test_a_one_week_plan_starts_with_goals() -> None:
    assert phase_for_week(1, 1) == ASSESS


def test_sessions_carry_their_weeks_phase() -> None:
    sessions = session_dates(date(2026, 11, 23), weeks=12, sessions_per_week=2)
    assert len(sessions) == 24
    assert sessions[3].phase == ASSESS  # week 2
    assert sessions[4].phase == TECH  # week 3
    assert sessions[-1].phase == ADVANCED


def test_week_outside_the_plan_is_refused() -> None:
    with pytest.raises(InvalidInput):
        phase_for_week(9, 8)


@pytest.mark.parametrize(
    ("minutes", "split"),
    [
        (60, (30, 20, 10)),
        (45, (25, 15, 5)),
        (30, (15, 10, 5)),
        (50, (25, 15, 10)),
        (90, (45, 30, 15)),
    ],
)
def test_one_on_one_structure_scales_in_five_minute_steps(
    minutes: int, split: tuple[int, int, int]
) -> None:
    blocks = session_structure(minutes)
    assert blocks == [
        AgendaBlock("Technical review", split[0]),
        AgendaBlock("Problem solving", split[1]),
        AgendaBlock("Career", split[2]),
    ]
    assert sum(b.minutes for b in blocks) == minutes


def test_settings_out_of_range_name_every_problem() -> None:
    with pytest.raises(InvalidInput) as error:
        validate_settings(0, 4, 200, ("  ",))
    message = str(error.value)
    assert "weeks must be 1 to 26" in message
    assert "sessions a week must be 1 to 3" in message
    assert "15 to 120 minutes" in message
    assert "at least one focus" in message


def test_cadence_allows_the_interval_plus_grace() -> None:
    assert allowed_gap_days(2) == 7  # every 3.5 days, rounded up, + 3
    assert allowed_gap_days(1) == 10
    today = date(2026, 11, 21)
    on_time = cadence_alert(
        last_done_on=date(2026, 11, 14),
        started_on=date(2026, 11, 2),
        sessions_per_week=2,
        today=today,
    )
    assert on_time is None
    late = cadence_alert(
        last_done_on=date(2026, 11, 13),
        started_on=date(2026, 11, 2),
        sessions_per_week=2,
        today=today,
    )
    assert late is not None
    assert (late.days_since, late.allowed_days, late.ever_met) == (8, 7, True)


def test_cadence_counts_from_the_start_when_no_session_is_done() -> None:
    today = date(2026, 11, 21)
    alert = cadence_alert(
        last_done_on=None, started_on=date(2026, 11, 9), sessions_per_week=1, today=today
    )
    assert alert is not None and alert.days_since == 12 and not alert.ever_met
    future = cadence_alert(
        last_done_on=None, started_on=date(2026, 12, 1), sessions_per_week=1, today=today
    )
    assert future is None
