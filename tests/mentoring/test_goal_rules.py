"""The pure goal rules: progress, on track / off track / done, and which goals a 1:1 reviews."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from assessments.rules import Evidence, resolve_level
from mentoring.goal_rules import (
    GoalStanding,
    GoalStatus,
    competency_progress,
    due_soon,
    evidence_level,
    for_review,
    goal_status,
    ticked_progress,
)
from storage.enums import RaterKind

SET_ON = date(2026, 11, 1)
DUE_ON = date(2026, 12, 31)  # 60 days later


def moment(day: int) -> datetime:
    return datetime(2026, 11, day, 12, tzinfo=UTC)


def test_a_goal_counts_new_proven_evidence_before_the_mentor_reviews_it_but_never_a_peers() -> None:
    rated = Evidence(1, RaterKind.MENTOR, moment(1))
    assert evidence_level(resolve_level([rated, Evidence(2, RaterKind.QUIZ, moment(5))])) == 2
    assert evidence_level(resolve_level([rated, Evidence(3, RaterKind.PRACTICAL, moment(5))])) == 3
    assert evidence_level(resolve_level([rated, Evidence(3, RaterKind.PEER, moment(5))])) == 1
    assert evidence_level(resolve_level([])) == 0


def test_progress_is_the_share_of_the_target_or_of_the_milestones_ticked() -> None:
    assert competency_progress(2, 3) == 2 / 3
    assert competency_progress(4, 3) == 1.0
    assert ticked_progress(1, 4, done_by_hand=False) == 0.25
    assert ticked_progress(0, 0, done_by_hand=False) == 0.0
    assert ticked_progress(0, 0, done_by_hand=True) == 1.0


def test_a_goal_is_off_track_when_it_lags_its_time_by_more_than_a_quarter_or_is_past_due() -> None:
    halfway = SET_ON + timedelta(days=30)
    assert goal_status(0.3, SET_ON, DUE_ON, halfway) == GoalStatus.ON_TRACK  # 0.5 - 0.3 = 0.2
    assert goal_status(0.2, SET_ON, DUE_ON, halfway) == GoalStatus.OFF_TRACK  # 0.3 behind
    assert goal_status(0.9, SET_ON, DUE_ON, DUE_ON + timedelta(days=1)) == GoalStatus.OFF_TRACK
    assert goal_status(1.0, SET_ON, DUE_ON, DUE_ON + timedelta(days=9)) == GoalStatus.DONE
    assert goal_status(0.0, SET_ON, DUE_ON, SET_ON) == GoalStatus.ON_TRACK


def test_a_1_1_reviews_goals_due_within_two_weeks_or_off_track_soonest_first() -> None:
    today = date(2026, 12, 1)
    assert due_soon(today + timedelta(days=14), today)
    assert not due_soon(today + timedelta(days=15), today)
    goals = [
        GoalStanding(1, "later", today + timedelta(days=40), 0.5, GoalStatus.ON_TRACK),
        GoalStanding(2, "behind", today + timedelta(days=40), 0.1, GoalStatus.OFF_TRACK),
        GoalStanding(3, "soon", today + timedelta(days=3), 0.8, GoalStatus.ON_TRACK),
        GoalStanding(4, "done soon", today + timedelta(days=3), 1.0, GoalStatus.DONE),
    ]
    assert [g.title for g in for_review(goals, today)] == ["soon", "behind"]
