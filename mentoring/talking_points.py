"""The shared 1:1 agenda: talking points the mentee and the mentor add to a 1:1 before it is
held, each marked with who added it and when.

The mentee's points come first in the agenda's problem solving; a private point is its
author's alone until the 1:1 is held, then the pair's (never anyone else's, leads included,
as with notes private to the pair). The author edits or removes a point until the 1:1 is
held; then the points stay with it as part of what was discussed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from mentoring.access import ensure_can_view
from mentoring.meetings import _described
from mentoring.planning import plan_row
from storage import formats
from storage.audit import record
from storage.enums import PlanStatus
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import MentoringPlan, MentoringSession, Person, TalkingPoint
from storage.people import PersonRef, get_person
from storage.text_rules import body_problem, normalise_line_breaks
from storage.time_zones import person_zone

MAX_POINT_CHARS = 1_000
# The audit log names a shared point by its first words; a private point's text never.
AUDIT_POINT_CHARS = 60
PROBLEM_SOLVING = "**Problem solving"


@dataclass(frozen=True)
class TalkingPointView:
    id: int
    meeting_id: int
    author_id: int
    author_name: str
    by_mentee: bool
    text: str
    private: bool
    added_at: datetime  # in the mentee's team's zone
    edited_at: datetime | None
    can_change: bool  # the viewer wrote it and the 1:1 is not held yet

    @property
    def label(self) -> str:
        """'Aisha Khan, 3 Dec 2026, 09:12 · private' — who added it and when."""
        when = formats.moment(self.added_at)
        edited = " · edited" if self.edited_at else ""
        return f"{self.author_name}, {when}{edited}" + (" · private" if self.private else "")


# --- rules (over plain values) -----------------------------------------------------------


def can_read_point(
    viewer_id: int, *, author_id: int, private: bool, held: bool, mentor_id: int, mentee_id: int
) -> bool:
    """Whether someone allowed to see the 1:1 reads this point: a shared point, anyone who
    sees the agenda; a private one, its author until the 1:1 is held, then the pair."""
    if not private or viewer_id == author_id:
        return True
    return held and viewer_id in (mentor_id, mentee_id)


def in_agenda_order(points: Sequence[TalkingPointView]) -> list[TalkingPointView]:
    """The mentee's points first, then the mentor's, each in the order they were added."""
    return sorted(points, key=lambda p: (not p.by_mentee, p.added_at, p.id))


def point_line(point: TalkingPointView) -> str:
    """A point as an agenda line: 'Talking point from Aisha Khan (private): text'."""
    private = " (private)" if point.private else ""
    text = " ".join(point.text.split())
    return f"Talking point from {point.author_name}{private}: {text}"


def agenda_with_points(agenda: str, points: Sequence[TalkingPointView]) -> str:
    """The agenda with the points at the start of its problem solving (after the block's
    title), or as a problem solving block of their own when the agenda has none."""
    if not points:
        return agenda
    lines = [f"- {point_line(p)}" for p in in_agenda_order(points)]
    rows = agenda.rstrip("\n").split("\n") if agenda.strip() else []
    at = next((i for i, r in enumerate(rows) if r.startswith(PROBLEM_SOLVING)), None)
    if at is None:
        rows += ["", "**Problem solving: talking points**", *lines]
    else:
        rows[at + 1 : at + 1] = lines
    return "\n".join(rows).strip() + "\n"


# --- services ----------------------------------------------------------------------------


def _meeting(session: Session, meeting_id: int) -> tuple[MentoringSession, MentoringPlan]:
    row = session.get(MentoringSession, meeting_id)
    if row is None:
        raise NotFound(f"No mentoring session {meeting_id}.")
    return row, plan_row(session, row.plan_id)


def _views(
    session: Session, actor: PersonRef, row: MentoringSession, plan: MentoringPlan
) -> list[TalkingPointView]:
    zone = person_zone(session, plan.mentee_id)
    points = session.exec(
        select(TalkingPoint).where(TalkingPoint.meeting_id == row.id).order_by(col(TalkingPoint.id))
    ).all()
    authors = {p.author_id for p in points}
    names = {p.id: p.name for p in session.exec(select(Person).where(col(Person.id).in_(authors)))}
    held = row.done_at is not None
    return in_agenda_order(
        [
            TalkingPointView(
                id=p.id or 0,
                meeting_id=p.meeting_id,
                author_id=p.author_id,
                author_name=names.get(p.author_id, "Someone"),
                by_mentee=p.author_id == plan.mentee_id,
                text=p.text,
                private=p.private,
                added_at=p.created_at.astimezone(zone),
                edited_at=p.updated_at,
                can_change=p.author_id == actor.id and not held,
            )
            for p in points
            if can_read_point(
                actor.id,
                author_id=p.author_id,
                private=p.private,
                held=held,
                mentor_id=plan.mentor_id,
                mentee_id=plan.mentee_id,
            )
        ]
    )


def talking_points(
    session: Session, *, actor: PersonRef, meeting_id: int
) -> list[TalkingPointView]:
    """The talking points of one 1:1 the actor may read, in agenda order (mentee's first)."""
    row, plan = _meeting(session, meeting_id)
    ensure_can_view(actor, get_person(session, plan.mentee_id), plan.mentor_id)
    return _views(session, actor, row, plan)


def _checked_text(text: str, what: str) -> str:
    text = normalise_line_breaks(text).strip()
    problems = []
    if not text:
        problems.append("write what you want to talk about")
    if len(text) > MAX_POINT_CHARS:
        problems.append(f"the point is longer than {MAX_POINT_CHARS} characters")
    if (problem := body_problem(text, "point")) is not None:
        problems.append(problem)
    if problems:
        raise InvalidInput(f"Talking point not {what}: " + "; ".join(problems) + ".")
    return text


def _ensure_open(row: MentoringSession, plan: MentoringPlan, what: str) -> None:
    if row.done_at is not None:
        raise InvalidInput(
            f"Talking point not {what}: session {row.number} was held; its points stay as "
            "they were discussed."
        )
    if row.skipped_at is not None or plan.status != PlanStatus.ACTIVE:
        raise InvalidInput(
            f"Talking point not {what}: session {row.number} will not take place; "
            "add it to the next 1:1."
        )


def _in_words(point: TalkingPoint) -> str:
    if point.private:
        return "a private talking point"
    text = " ".join(point.text.split())
    short = text if len(text) <= AUDIT_POINT_CHARS else text[:AUDIT_POINT_CHARS] + "…"
    return f"the talking point '{short}'"


def _audit(
    session: Session,
    actor: PersonRef,
    plan: MentoringPlan,
    row: MentoringSession,
    point: TalkingPoint,
    *,
    action: str,
    verb: str,
    now: datetime,
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        entity="talkingpoint",
        entity_id=point.id,
        summary=f"{verb} {_in_words(point)} on {_described(session, plan, row)}.",
        at=now,
        team_id=get_person(session, plan.mentee_id).team_id,
    )


def add_talking_point(
    session: Session,
    *,
    actor: PersonRef,
    meeting_id: int,
    text: str,
    private: bool,
    now: datetime,
) -> TalkingPointView:
    """The mentee or the mentor adds a point to a 1:1 that is still to be held."""
    row, plan = _meeting(session, meeting_id)
    if actor.id not in (plan.mentee_id, plan.mentor_id):
        raise PermissionDenied("Only the mentee and the mentor add talking points to their 1:1.")
    text = _checked_text(text, "added")
    _ensure_open(row, plan, "added")
    point = TalkingPoint(
        meeting_id=meeting_id, author_id=actor.id, text=text, private=private, created_at=now
    )
    session.add(point)
    session.flush()
    _audit(session, actor, plan, row, point, action="talking_point_added", verb="Added", now=now)
    session.flush()
    return next(p for p in _views(session, actor, row, plan) if p.id == point.id)


def _own_point(
    session: Session, actor: PersonRef, point_id: int, what: str
) -> tuple[TalkingPoint, MentoringSession, MentoringPlan]:
    point = session.get(TalkingPoint, point_id)
    if point is None:
        raise NotFound("That talking point was removed.")
    if point.author_id != actor.id:
        raise PermissionDenied(f"Only the person who added a talking point can {what} it.")
    row, plan = _meeting(session, point.meeting_id)
    return point, row, plan


def edit_talking_point(
    session: Session,
    *,
    actor: PersonRef,
    point_id: int,
    text: str,
    private: bool,
    now: datetime,
) -> TalkingPointView:
    """Its author changes a point (its text, or whether it is private) until the 1:1 is held."""
    point, row, plan = _own_point(session, actor, point_id, "change")
    text = _checked_text(text, "changed")
    _ensure_open(row, plan, "changed")
    if text == point.text and private == point.private:
        raise InvalidInput("Talking point not changed: it already says that.")
    point.text, point.private, point.updated_at = text, private, now
    session.add(point)
    _audit(session, actor, plan, row, point, action="talking_point_edited", verb="Changed", now=now)
    session.flush()
    return next(p for p in _views(session, actor, row, plan) if p.id == point.id)


def remove_talking_point(
    session: Session, *, actor: PersonRef, point_id: int, now: datetime
) -> str:
    """Its author removes a point until the 1:1 is held; returns its text."""
    point, row, plan = _own_point(session, actor, point_id, "remove")
    _ensure_open(row, plan, "removed")
    _audit(
        session, actor, plan, row, point, action="talking_point_removed", verb="Removed", now=now
    )
    session.delete(point)
    session.flush()
    return point.text
