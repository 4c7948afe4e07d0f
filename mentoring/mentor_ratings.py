"""What mentees said of their 1:1s, read in one go for many mentees (mentor effectiveness)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from storage.models import MentoringPlan, MentoringSession


@dataclass(frozen=True)
class HeldMeeting:
    mentor_id: int
    mentee_id: int
    plan_started_on: date
    done_at: datetime
    mentee_rating: int | None
    minutes: int  # the plan's length of a 1:1


def held_meetings(
    session: Session,
    mentee_ids: Sequence[int],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[HeldMeeting]:
    """Every held 1:1 of these mentees (held from `since` and before `until`, when given), in
    every plan (active or closed), oldest first. No permission check: callers have decided
    who may see these people."""
    # Only the columns asked for: a large team has held tens of thousands of 1:1s, each row
    # with its agenda and notes.
    query = (
        sa_select(
            col(MentoringPlan.mentor_id),
            col(MentoringPlan.mentee_id),
            col(MentoringPlan.started_on),
            col(MentoringSession.done_at),
            col(MentoringSession.mentee_rating),
            col(MentoringPlan.session_minutes),
        )
        .join(MentoringSession, col(MentoringSession.plan_id) == MentoringPlan.id)
        .where(
            col(MentoringPlan.mentee_id).in_(list(mentee_ids)),
            col(MentoringSession.done_at).is_not(None),
        )
        .order_by(col(MentoringSession.done_at), col(MentoringSession.id))
    )
    if since is not None:
        query = query.where(col(MentoringSession.done_at) >= since)
    if until is not None:
        query = query.where(col(MentoringSession.done_at) < until)
    return [
        HeldMeeting(mentor_id, mentee_id, started_on, done_at, rating, minutes)
        for mentor_id, mentee_id, started_on, done_at, rating, minutes in session.execute(query)
        if done_at is not None
    ]
