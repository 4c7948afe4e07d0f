"""A learner's home: today's reviews, the next module and its pace, the next 1:1 and its open
items, their practical work, and the latest feedback they received."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session

from assessments.evaluations import assessments_of
from assessments.practical import HandInEvent, hand_in_events, list_assignments
from assessments.ratings import rating_history
from assessments.rubrics import HandInStatus
from assessments.rules import LEVEL_NAMES, OFFICIAL_KINDS
from curriculum.progress import ModuleProgressRow, learner_overview
from curriculum.schedule import PaceReport
from mentoring.action_items import ActionItemView, open_items
from mentoring.planning import MeetingSummary, active_plan, newest_readable_notes
from reviews.queue import due_queue
from storage.access import ensure_can_see_person
from storage.people import PersonRef, get_person


@dataclass(frozen=True)
class Feedback:
    """One piece of feedback: an assessment, a mentor or lead rating, or 1:1 notes."""

    kind: str  # "assessment" | "rating" | "session notes"
    given_on: date
    by: str | None
    headline: str
    text: str


# A module's practical shows as due from this many days before the module's planned end.
PRACTICAL_DUE_AHEAD_DAYS = 14


@dataclass(frozen=True)
class PracticalDue:
    """A practical of a module on the learner's track, not handed in yet."""

    assignment_title: str
    module_title: str
    due_on: date  # the module's planned end on the track
    overdue: bool


@dataclass(frozen=True)
class PracticalGlance:
    """The learner's practical work: due soon (or late), handed in and waiting for a grade,
    returned for another attempt, and passed in the last PRACTICAL_DUE_AHEAD_DAYS days."""

    due: list[PracticalDue] = field(default_factory=list)
    waiting: list[HandInEvent] = field(default_factory=list)
    returned: list[HandInEvent] = field(default_factory=list)
    passed: list[HandInEvent] = field(default_factory=list)


@dataclass(frozen=True)
class LearnerHome:
    person: PersonRef
    reviews_due: int  # cards due by the end of today, overdue included
    new_cards: int  # new cards the day's sitting adds
    track_name: str | None
    next_module: ModuleProgressRow | None
    pace: PaceReport | None
    next_session: MeetingSummary | None  # still to come; never one whose day has passed
    missed_sessions: list[MeetingSummary]  # planned, day passed, neither held nor skipped
    mentor_name: str | None
    open_items: list[ActionItemView]
    feedback: list[Feedback]  # newest first, at most one of each kind
    practical: PracticalGlance

    @property
    def reviews_today(self) -> int:
        return self.reviews_due + self.new_cards


def latest_feedback(session: Session, *, actor: PersonRef, person_id: int) -> list[Feedback]:
    """The newest assessment, mentor or lead rating and readable 1:1 notes, newest first
    (the assessment only for the person, their mentor or a lead of their team)."""
    found: list[Feedback] = []
    assessments = assessments_of(session, actor=actor, person_id=person_id)
    if assessments:
        a = assessments[0]
        found.append(
            Feedback(
                "assessment",
                a.created_at.date(),
                a.assessor_name,
                f"Assessment: {a.overall:.1f}/10 ({LEVEL_NAMES[a.level]})",
                a.note or "Next: " + "; ".join(p.next_step for p in a.priorities[:2]),
            )
        )
    rated = next(iter(rating_history(session, person_id, kinds=OFFICIAL_KINDS)), None)
    if rated is not None:
        found.append(
            Feedback(
                "rating",
                rated.created_at.date(),
                rated.rater_name,
                f"{rated.competency_name}: rated {LEVEL_NAMES[rated.level]}",
                rated.note,
            )
        )
    # The newest notes of their 1:1s that the actor may read (a lead looking on reads only
    # those shared with the team).
    noted = newest_readable_notes(session, actor=actor, mentee_id=person_id)
    if noted is not None:
        found.append(
            Feedback(
                "session notes",
                noted.done_at.date(),
                noted.mentor_name,
                f"Notes from 1:1 #{noted.number}",
                noted.notes,
            )
        )
    return sorted(found, key=lambda f: f.given_on, reverse=True)


def learner_home(
    session: Session, *, actor: PersonRef, person_id: int, today: date, now: datetime
) -> LearnerHome:
    """What `person_id` should do next, for them (or their mentor or lead looking on)."""
    person = get_person(session, person_id)
    ensure_can_see_person(actor, person, "their home")
    queue = due_queue(session, actor=actor, person_id=person_id, now=now)
    overview = learner_overview(session, actor=actor, person_id=person_id, today=today)
    plan = active_plan(session, actor=actor, mentee_id=person_id, today=today)
    items = open_items(session, actor=actor, mentee_id=person_id, today=today)
    mentor = get_person(session, person.mentor_id).name if person.mentor_id else None
    return LearnerHome(
        person=person,
        reviews_due=sum(1 for c in queue if not c.new),
        new_cards=sum(1 for c in queue if c.new),
        track_name=overview.enrollment.track_name if overview.enrollment else None,
        next_module=overview.next_module,
        pace=overview.pace,
        next_session=plan.next_session if plan else None,
        missed_sessions=plan.missed_sessions if plan else [],
        mentor_name=plan.mentor_name if plan else mentor,
        open_items=items,
        feedback=latest_feedback(session, actor=actor, person_id=person_id),
        practical=_practical(session, overview.modules, person_id, today, now),
    )


def _practical(
    session: Session,
    modules: list[ModuleProgressRow],
    person_id: int,
    today: date,
    now: datetime,
) -> PracticalGlance:
    events = hand_in_events(session, person_id)
    started = {e.assignment_title for e in events}
    by_module = {a.module_key: a for a in list_assignments(session) if a.module_key}
    horizon = today + timedelta(days=PRACTICAL_DUE_AHEAD_DAYS)
    due = [
        PracticalDue(a.title, m.title, m.expected_end, m.expected_end < today)
        for m in modules
        if (a := by_module.get(m.key)) is not None
        and a.title not in started
        and m.expected_end <= horizon
    ]
    recent = now - timedelta(days=PRACTICAL_DUE_AHEAD_DAYS)
    return PracticalGlance(
        due=sorted(due, key=lambda d: d.due_on),
        waiting=[e for e in events if e.status == HandInStatus.SUBMITTED],
        returned=[e for e in events if e.status == HandInStatus.RETURNED],
        passed=[
            e
            for e in events
            if e.status == HandInStatus.PASSED and e.graded_at is not None and e.graded_at >= recent
        ],
    )
