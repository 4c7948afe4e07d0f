"""Pure rules for development goals: how far a goal has come, whether it is on track, and
which goals a 1:1 reviews. Plain values in (and `today`), no database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from assessments.rules import PROVEN_KINDS, ResolvedLevel

# A goal due within this many days is reviewed in the 1:1, whatever its progress.
GOAL_DUE_SOON_DAYS = 14
# Behind by more than this share of the way (progress against the share of time gone since
# the goal was set) is off track.
OFF_TRACK_SLACK_RATIO = 0.25


class GoalStatus(StrEnum):
    ON_TRACK = "on track"
    OFF_TRACK = "off track"
    DONE = "done"


def evidence_level(resolved: ResolvedLevel) -> int:
    """The level a goal counts in its competency: the official level, or newer proven
    evidence above it (a quiz pass or a graded hand-in) while it waits for the mentor's
    review, so a goal moves as soon as evidence arrives. A peer's rating never counts."""
    level = resolved.level or 0
    new = resolved.new_evidence
    if new is not None and new.rater_kind in PROVEN_KINDS:
        level = max(level, new.level)
    return level


def competency_progress(level: int, target: int) -> float:
    """Share of the target level reached (0 to 1)."""
    if target <= 0:
        return 1.0
    return min(max(level, 0) / target, 1.0)


def ticked_progress(milestones_done: int, milestones: int, done_by_hand: bool) -> float:
    """A goal without a competency: ticked done by hand, else the share of milestones ticked."""
    if done_by_hand:
        return 1.0
    if milestones == 0:
        return 0.0
    return milestones_done / milestones


def goal_status(progress: float, set_on: date, due_on: date, today: date) -> GoalStatus:
    """Done at full progress; off track when past due, or when progress lags the share of
    the time gone since it was set by more than OFF_TRACK_SLACK_RATIO; else on track."""
    if progress >= 1.0:
        return GoalStatus.DONE
    if today > due_on:
        return GoalStatus.OFF_TRACK
    span = (due_on - set_on).days
    gone = 1.0 if span <= 0 else min(max((today - set_on).days / span, 0.0), 1.0)
    return GoalStatus.OFF_TRACK if gone - progress > OFF_TRACK_SLACK_RATIO else GoalStatus.ON_TRACK


def due_soon(due_on: date, today: date) -> bool:
    """Due within GOAL_DUE_SOON_DAYS from today (or already past due)."""
    return (due_on - today).days <= GOAL_DUE_SOON_DAYS


@dataclass(frozen=True)
class GoalStanding:
    """What the 1:1 needs to know about one goal."""

    goal_id: int
    title: str
    due_on: date
    progress: float
    status: GoalStatus


def for_review(goals: Sequence[GoalStanding], today: date) -> list[GoalStanding]:
    """The goals a 1:1 reviews: not done, and due soon or off track; soonest due first."""
    chosen = [
        g
        for g in goals
        if g.status != GoalStatus.DONE
        and (g.status == GoalStatus.OFF_TRACK or due_soon(g.due_on, today))
    ]
    return sorted(chosen, key=lambda g: (g.due_on, g.goal_id))
