"""What mentees said of their 1:1s, read in one go for many mentees (mentor effectiveness)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from storage.models import MentoringPlan, MentoringSession


@dataclass(frozen=True)
class HeldMeeting:
    mentor_id: int
    mentee_id: int
    plan_started_on: date
    done_at: datetime
    mentee_rating: int | None
    minutes: int  # the plan's length of a 1:1


def held_meetings(session: Session, mentee_ids: Sequence[int]) -> list[HeldMeeting]:
    """Every held 1:1 of these mentees, in every plan (active or closed), oldest first. No
    permission check: callers have decided who may see these people."""
    rows = session.exec(
        select(MentoringPlan, MentoringSession)
        .join(MentoringSession, col(MentoringSession.plan_id) == MentoringPlan.id)
        .where(
            col(MentoringPlan.mentee_id).in_(list(mentee_ids)),
            col(MentoringSession.done_at).is_not(None),
        )
        .order_by(col(MentoringSession.done_at), col(MentoringSession.id))
    ).all()
    return [
        HeldMeeting(
            plan.mentor_id,
            plan.mentee_id,
            plan.started_on,
            row.done_at,
            row.mentee_rating,
            plan.session_minutes,
        )
        for plan, row in rows
        if row.done_at is not None
    ]
