"""A mentor's home: each mentee at a glance, ordered by who needs attention first.

The rule (`attention_reasons`, `attention_order`): a mentee needs attention for each of
- an overdue 1:1 (`mentoring.plans.overdue_one_on_one`, the rule the lead's Home uses too:
  a planned one missed, or longer since the last one than the plan allows),
- open action items past their due date,
- being behind their track's schedule,
- a review backlog (REVIEW_BACKLOG_ALERT_CARDS or more cards due before today);
mentees with more reasons come first, then those with more overdue items, then more
overdue review cards, then by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from curriculum.progress import team_progress
from curriculum.schedule import Pace
from insights.kpis import REVIEW_BACKLOG_ALERT_CARDS
from mentoring.pairing import MenteeRow, mentees_overview
from reviews.queue import overdue_counts
from reviews.scheduling import day_start
from storage.enums import PersonRole
from storage.errors import PermissionDenied
from storage.people import PersonRef
from storage.time_zones import team_zone


@dataclass(frozen=True)
class MenteeGlance:
    mentee_id: int
    name: str
    gaps: list[str]
    last_session: datetime | None
    next_session: datetime | None  # still to come; a missed one is in `overdue_reason`
    open_items: int
    overdue_items: int
    overdue_cards: int
    pace: str | None
    one_on_one_overdue: bool
    overdue_reason: str | None  # why the 1:1 is overdue, in words
    has_plan: bool  # False: no mentoring plan yet, so no 1:1 to open
    has_targets: bool  # False: no role targets for their job role yet, so no gaps to measure
    reasons: list[str]  # why they need attention; empty: all is well


def attention_reasons(
    *,
    one_on_one_overdue: bool,
    overdue_items: int,
    pace: str | None,
    overdue_cards: int,
) -> list[str]:
    """What needs the mentor's attention for one mentee, in the rule's order."""
    reasons = []
    if one_on_one_overdue:
        reasons.append("1:1 overdue")
    if overdue_items:
        reasons.append(f"{overdue_items} overdue action item" + ("s" if overdue_items > 1 else ""))
    if pace == Pace.BEHIND:
        reasons.append("behind their track")
    if overdue_cards >= REVIEW_BACKLOG_ALERT_CARDS:
        reasons.append(f"{overdue_cards} reviews overdue")
    return reasons


def attention_order(rows: Sequence[MenteeGlance]) -> list[MenteeGlance]:
    """Most reasons first, then most overdue items, most overdue cards, then by name."""
    return sorted(rows, key=lambda r: (-len(r.reasons), -r.overdue_items, -r.overdue_cards, r.name))


def _glance(row: MenteeRow, pace: str | None, overdue_cards: int) -> MenteeGlance:
    overdue_1on1 = row.overdue is not None
    return MenteeGlance(
        mentee_id=row.mentee_id,
        name=row.name,
        gaps=row.gaps,
        last_session=row.last_session,
        next_session=row.next_session,
        open_items=row.open_items,
        overdue_items=row.overdue_items,
        overdue_cards=overdue_cards,
        pace=pace,
        one_on_one_overdue=overdue_1on1,
        overdue_reason=row.overdue.reason if row.overdue else None,
        has_plan=row.plan is not None,
        has_targets=row.has_targets,
        reasons=attention_reasons(
            one_on_one_overdue=overdue_1on1,
            overdue_items=row.overdue_items,
            pace=pace,
            overdue_cards=overdue_cards,
        ),
    )


def mentor_home(
    session: Session, *, actor: PersonRef, today: date, now: datetime
) -> list[MenteeGlance]:
    """The actor's mentees (a lead: everyone with a mentor), who needs attention first."""
    if actor.role == PersonRole.LEARNER:
        raise PermissionDenied("The mentor's home is for mentors and leads.")
    rows = mentees_overview(session, actor=actor, today=today)
    ids = [r.mentee_id for r in rows]
    paces = {
        p.person_id: p.pace
        for p in team_progress(session, actor=actor, team_id=actor.team_id, today=today)
    }
    start_of_today = day_start(today, team_zone(session, actor.team_id))
    overdue = overdue_counts(session, ids, before=start_of_today)
    return attention_order(
        [_glance(r, paces.get(r.mentee_id), overdue.get(r.mentee_id, 0)) for r in rows]
    )
