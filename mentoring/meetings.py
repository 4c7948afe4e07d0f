"""1:1 meetings of a plan: read one (its agenda drafted from the mentee's gaps while none is
saved), save agenda and notes, skip, move, hold and rate it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from assessments.freshness import fading_competencies
from assessments.practical import hand_in_events
from assessments.quizzes import quiz_history
from assessments.ratings import MatrixView, evidence_to_review, people_matrix
from assessments.rubrics import HandInStatus
from mentoring.access import ensure_can_mentor, ensure_can_view
from mentoring.action_items import ActionItemView, carried_over_for, items_of_mentee
from mentoring.agenda import (
    AgendaInputs,
    CarriedItem,
    CheckpointDue,
    FailedQuiz,
    GapItem,
    GoalNote,
    HandInNote,
    Leech,
    OverdueReviews,
    draft_agenda,
)
from mentoring.capstone_tracking import current_checkpoint
from mentoring.goal_rules import GoalStatus
from mentoring.goals import goals_to_review
from mentoring.planning import (
    MeetingSummary,
    PlanView,
    meeting_rows,
    plan_row,
    plan_today,
    plan_view,
    utc_moment,
)
from mentoring.plans import session_structure
from reviews.queue import leeches, review_counts_by_module
from storage import formats
from storage.access import can_read_meeting_notes
from storage.audit import record
from storage.enums import PlanStatus, Visibility
from storage.errors import EditConflict, InvalidInput, NotFound, PermissionDenied
from storage.models import MentoringPlan, MentoringSession
from storage.people import PersonRef, get_person
from storage.search_sources import SESSION_SOURCE, hide_from_search
from storage.text_rules import body_problem, normalise_line_breaks
from storage.time_zones import local_day, person_zone

MAX_AGENDA_CHARS = 10_000
MAX_NOTES_CHARS = 10_000
MENTEE_RATING_RANGE = (1, 5)


# --- read model -------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingDetail:
    plan: PlanView
    meeting: MeetingSummary
    agenda: str
    agenda_is_draft: bool  # nothing saved yet: the text is freshly drafted
    notes: str | None  # None when the actor may not read them
    notes_visibility: Visibility
    version: int  # a save made from an older version is refused (EditConflict)
    raised: list[ActionItemView]
    carried_over: list[ActionItemView]
    can_edit: bool
    can_rate: bool
    next_planned_on: date | None  # the next 1:1 after this one and today: new items' due date


def _meeting_row(session: Session, meeting_id: int) -> tuple[MentoringSession, MentoringPlan]:
    row = session.get(MentoringSession, meeting_id)
    if row is None:
        raise NotFound(f"No mentoring session {meeting_id}.")
    return row, plan_row(session, row.plan_id)


# --- agenda -----------------------------------------------------------------------------


def _failed_quizzes(session: Session, actor: PersonRef, person_id: int) -> list[FailedQuiz]:
    """Modules whose latest attempt failed (a later pass clears it)."""
    seen: set[str] = set()
    failed = []
    for attempt in quiz_history(session, actor=actor, person_id=person_id):  # newest first
        if attempt.module_key in seen:
            continue
        seen.add(attempt.module_key)
        if not attempt.passed:
            failed.append(
                FailedQuiz(
                    attempt.module_title, attempt.correct, attempt.total, attempt.created_at.date()
                )
            )
    return failed


def gaps_in(matrix: MatrixView, person_id: int) -> list[GapItem]:
    """A person's competencies against their target (personal, else their role's), in the
    framework's order."""
    return [
        GapItem(c.name, cell.resolved.level, cell.target, cell.personal_target)
        for c in matrix.competencies
        if (cell := matrix.cells.get((person_id, c.key))) is not None
    ]


# A hand-in waiting longer than this for its grade is named on the agenda.
HAND_IN_WAIT_DAYS = 7


def _hand_in_notes(
    session: Session, plan: MentoringPlan, row: MentoringSession, mentee: PersonRef, now: datetime
) -> list[HandInNote]:
    """Hand-ins graded since the last 1:1 held before this one (in this plan or an earlier
    one: a new plan's first 1:1 does not name again what an old plan's last one did), and
    those waiting for their grade for over a week."""
    since = session.exec(
        select(func.max(MentoringSession.done_at))
        .join(MentoringPlan, col(MentoringPlan.id) == MentoringSession.plan_id)
        .where(
            MentoringPlan.mentee_id == mentee.id,
            col(MentoringSession.done_at).is_not(None),
            col(MentoringSession.id) != row.id,
            or_(
                and_(
                    col(MentoringSession.plan_id) == plan.id,
                    col(MentoringSession.number) < row.number,
                ),
                and_(
                    col(MentoringSession.plan_id) != plan.id,
                    col(MentoringSession.scheduled_for) < row.scheduled_for,
                ),
            ),
        )
    ).one()
    today = plan_today(session, plan, now)
    notes = []
    for event in hand_in_events(session, mentee.id):
        if event.status == HandInStatus.SUBMITTED:
            waited = (now - event.submitted_at).days
            if waited > HAND_IN_WAIT_DAYS:
                notes.append(
                    HandInNote(event.assignment_title, None, event.submitted_at.date(), waited)
                )
        elif event.graded_at and event.result and (since is None or event.graded_at > since):
            on = min(event.graded_at.date(), today)
            notes.append(HandInNote(event.assignment_title, event.result.value, on))
    return notes


def _goal_notes(
    session: Session, actor: PersonRef, row: MentoringSession, now: datetime
) -> list[GoalNote]:
    """The mentee's development goals due soon or off track (for those who may read them)."""
    return [
        GoalNote(
            g.title, g.status == GoalStatus.OFF_TRACK, g.due_on, round(g.progress * 100), g.measure
        )
        for g in goals_to_review(session, actor=actor, meeting_id=row.id or 0, now=now)
    ]


def _draft(
    session: Session,
    actor: PersonRef,
    plan: MentoringPlan,
    row: MentoringSession,
    mentee: PersonRef,
    carried: list[ActionItemView],
    now: datetime,
) -> str:
    checkpoint = current_checkpoint(session, actor=actor, person_id=mentee.id)
    matrix = people_matrix(session, actor=actor, team_id=mentee.team_id, person_ids=[mentee.id])
    return draft_agenda(
        AgendaInputs(
            mentee_name=mentee.name.split()[0],
            phase=row.phase,
            focus=list(plan.focus),
            structure=session_structure(plan.session_minutes),
            gaps=gaps_in(matrix, mentee.id),
            evidence_to_review=[
                f"{e.competency_name}: {e.summary}" for e in evidence_to_review(matrix)
            ],
            failed_quizzes=_failed_quizzes(session, actor, mentee.id),
            overdue_reviews=[
                OverdueReviews(c.module_title, c.due)
                for c in review_counts_by_module(session, person_id=mentee.id, now=now)
            ],
            leeches=[
                Leech(c.front, c.module_title, c.lapses)
                for c in leeches(session, person_id=mentee.id)
            ],
            hand_ins=_hand_in_notes(session, plan, row, mentee, now),
            fading=[
                f.competency_name
                for f in fading_competencies(session, actor=actor, person_id=mentee.id, now=now)
            ],
            open_items=[
                CarriedItem(i.title, i.owner_name, i.due_on, i.raised_on)
                for i in carried
                if i.done_at is None
            ],
            checkpoint=CheckpointDue(checkpoint.project_title, checkpoint.week, checkpoint.title)
            if checkpoint
            else None,
            goals=_goal_notes(session, actor, row, now),
        ),
        plan_today(session, plan, now),
    )


# --- meetings ---------------------------------------------------------------------------


def _notes_readable(
    actor: PersonRef, plan: MentoringPlan, row: MentoringSession, mentee: PersonRef
) -> bool:
    return can_read_meeting_notes(
        actor,
        visibility=Visibility(row.notes_visibility),
        mentor_id=plan.mentor_id,
        mentee_id=plan.mentee_id,
        team_id=mentee.team_id,
    )


def meeting_detail(
    session: Session,
    *,
    actor: PersonRef,
    meeting_id: int,
    now: datetime,
) -> MeetingDetail:
    """One session: its agenda (drafted from the mentee's gaps, failed quizzes, overdue
    reviews, fading skills, carried-over items and capstone checkpoint while none is saved),
    notes the actor may read, the items raised in it and those carried over into it.
    """
    row, plan = _meeting_row(session, meeting_id)
    mentee = get_person(session, plan.mentee_id)
    ensure_can_view(actor, mentee, plan.mentor_id)
    today = plan_today(session, plan, now)
    view = plan_view(session, plan, today)
    summary = next(s for s in view.sessions if s.id == row.id)
    items = items_of_mentee(session, mentee_id=mentee.id, today=today)
    raised = [i for i in items if i.session_id == row.id]
    carried = carried_over_for(items, row)
    agenda, is_draft = row.agenda, False
    if not agenda and row.done_at is None:
        agenda, is_draft = _draft(session, actor, plan, row, mentee, carried, now), True
    can_edit = actor.is_lead or actor.id == plan.mentor_id
    # Items raised here are due by the next 1:1 after this one that is still to come.
    after = max(today, summary.scheduled_for.date())
    following = next((s for s in view.upcoming if s.scheduled_for.date() > after), None)
    return MeetingDetail(
        plan=view,
        meeting=summary,
        agenda=agenda,
        agenda_is_draft=is_draft,
        notes=row.notes if _notes_readable(actor, plan, row, mentee) else None,
        notes_visibility=Visibility(row.notes_visibility),
        version=row.version,
        raised=raised,
        carried_over=carried,
        can_edit=can_edit and actor.team_id == mentee.team_id,
        can_rate=actor.id == plan.mentee_id and row.done_at is not None,
        next_planned_on=following.scheduled_for.date() if following else None,
    )


VISIBILITY_WORDS = {Visibility.PAIR: "the pair", Visibility.TEAM: "the whole team"}


def _described(session: Session, plan: MentoringPlan, row: MentoringSession) -> str:
    """The 1:1 in words, for the audit log: 'the 1:1 of 19 Nov of Grace Okafor with Ada Byte'."""
    mentor = get_person(session, plan.mentor_id).name
    mentee = get_person(session, plan.mentee_id).name
    when = row.scheduled_for.astimezone(person_zone(session, plan.mentee_id))
    return f"the 1:1 of {formats.day(when)} of {mentor} with {mentee}"


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def save_meeting(
    session: Session,
    *,
    actor: PersonRef,
    meeting_id: int,
    agenda: str,
    notes: str | None,
    visibility: Visibility,
    expected_version: int,
    now: datetime,
) -> list[str]:
    """Save the edited agenda and, when given, the notes and who may read them; returns
    what changed ("agenda", "notes", "visibility"; empty: nothing did).

    `expected_version`: the session's version when the person began editing. When someone
    else has saved since, nothing is saved and EditConflict carries their text and name.
    """
    row, plan = _meeting_row(session, meeting_id)
    mentee = get_person(session, plan.mentee_id)
    ensure_can_mentor(actor, mentee, "edit the session")
    agenda = normalise_line_breaks(agenda)
    notes = None if notes is None else normalise_line_breaks(notes)
    problems = []
    if len(agenda) > MAX_AGENDA_CHARS:
        problems.append(f"the agenda is longer than {MAX_AGENDA_CHARS} characters")
    if notes is not None and len(notes) > MAX_NOTES_CHARS:
        problems.append(f"the notes are longer than {MAX_NOTES_CHARS} characters")
    problems += [
        p
        for p in (
            body_problem(agenda, "agenda"),
            None if notes is None else body_problem(notes, "notes"),
        )
        if p is not None
    ]
    if visibility not in (Visibility.PAIR, Visibility.TEAM):
        problems.append("notes are shared with the pair or the team")
    if notes is not None and not _notes_readable(actor, plan, row, mentee):
        problems.append("the notes are private to the pair, so only they can change them")
    if problems:
        raise InvalidInput("Session not saved: " + "; ".join(problems) + ".")
    if row.version != expected_version:
        who = get_person(session, row.updated_by_id).name if row.updated_by_id else "Someone"
        theirs = {"Agenda": row.agenda}
        if notes is not None:
            theirs["Notes"] = row.notes
        raise EditConflict(
            f"{who} changed this session while you were editing, so yours was not saved. "
            "Their text as saved now is shown next to yours; yours is kept in the form. "
            "Save again to replace theirs with yours.",
            changed_by=who,
            theirs=theirs,
        )
    changed = []
    if agenda.strip() != row.agenda:
        changed.append("agenda")
    if notes is not None and notes.strip() != row.notes:
        changed.append("notes")
    if notes is not None and visibility != row.notes_visibility:
        changed.append("visibility")
    if not changed:
        return []
    row.agenda = agenda.strip()
    if notes is not None:
        if "notes" in changed or "visibility" in changed:
            # Out of search with its old text and readers until the index takes the new ones.
            hide_from_search(session, SESSION_SOURCE, meeting_id)
        row.notes = notes.strip()
        row.notes_visibility = visibility
    row.version += 1
    row.updated_by_id = actor.id
    session.add(row)
    texts = [c for c in changed if c != "visibility"]
    summary = (
        f"Saved the {_listed(texts)} of {_described(session, plan, row)}"
        if texts
        else f"Changed who may read the notes of {_described(session, plan, row)}"
    )
    record(
        session,
        actor=actor,
        action="mentoring_session_saved",
        entity="mentoringsession",
        entity_id=row.id,
        detail={
            "summary": f"{summary}; notes readable by "
            f"{VISIBILITY_WORDS[Visibility(row.notes_visibility)]}."
        },
        at=now,
    )
    session.flush()
    return changed


def _open_row(
    session: Session, actor: PersonRef, meeting_id: int, what: str
) -> tuple[MentoringSession, MentoringPlan]:
    """A session its mentor (or a lead) may still reschedule: neither held nor in a closed plan."""
    row, plan = _meeting_row(session, meeting_id)
    ensure_can_mentor(actor, get_person(session, plan.mentee_id), what)
    if plan.status != PlanStatus.ACTIVE:
        raise InvalidInput("Only the sessions of an active plan can be skipped or moved.")
    if row.done_at is not None:
        raise InvalidInput(f"Session {row.number} was held; it stays as it was.")
    return row, plan


def skip_meeting(
    session: Session, *, actor: PersonRef, meeting_id: int, now: datetime
) -> MeetingSummary:
    """The mentor decides one 1:1 will not take place; the rest of the plan stays as it is.
    A skipped 1:1 is no longer missed; moving it to a new date plans it again."""
    row, plan = _open_row(session, actor, meeting_id, "skip a session")
    if row.skipped_at is not None:
        raise InvalidInput(f"Session {row.number} is already skipped.")
    row.skipped_at = now
    session.add(row)
    record(
        session,
        actor=actor,
        action="mentoring_session_skipped",
        entity="mentoringsession",
        entity_id=row.id,
        detail={"summary": f"Skipped {_described(session, plan, row)}."},
        at=now,
    )
    session.flush()
    today = plan_today(session, plan, now)
    return next(s for s in plan_view(session, plan, today).sessions if s.id == row.id)


def move_meeting(
    session: Session, *, actor: PersonRef, meeting_id: int, to: date, now: datetime
) -> MeetingSummary:
    """Move one 1:1 (missed, skipped or still to come) to a new day, at the same time; the
    other sessions keep their dates. The day is today or later and stays between the
    sessions before and after it, so the plan's order holds."""
    row, plan = _open_row(session, actor, meeting_id, "move a session")
    zone = person_zone(session, plan.mentee_id)
    today = local_day(now, zone)
    rows = meeting_rows(session, plan)
    before = next((r for r in reversed(rows) if r.number < row.number), None)
    after = next((r for r in rows if r.number > row.number), None)
    if to < today:
        raise InvalidInput(f"Session not moved: {formats.day(to)} has passed; pick today or later.")
    if before is not None and to <= local_day(before.scheduled_for, zone):
        raise InvalidInput(
            f"Session not moved: session {before.number} is on "
            f"{formats.day(before.scheduled_for.astimezone(zone))}; pick a later day."
        )
    if after is not None and to >= local_day(after.scheduled_for, zone):
        raise InvalidInput(
            f"Session not moved: session {after.number} is on "
            f"{formats.day(after.scheduled_for.astimezone(zone))}; "
            f"pick an earlier day, or skip session {row.number}."
        )
    was = _described(session, plan, row)
    row.scheduled_for = utc_moment(to, row.scheduled_for.astimezone(zone).time(), zone)
    row.skipped_at = None
    session.add(row)
    record(
        session,
        actor=actor,
        action="mentoring_session_moved",
        entity="mentoringsession",
        entity_id=row.id,
        detail={"summary": f"Moved {was} to {formats.weekday_day(to)}."},
        at=now,
    )
    session.flush()
    return next(s for s in plan_view(session, plan, today).sessions if s.id == row.id)


def complete_meeting(
    session: Session, *, actor: PersonRef, meeting_id: int, now: datetime
) -> MeetingSummary:
    """Mark a session done, recording who and when."""
    row, plan = _meeting_row(session, meeting_id)
    ensure_can_mentor(actor, get_person(session, plan.mentee_id), "complete the session")
    if row.done_at is not None:
        raise InvalidInput(f"Session {row.number} was already marked done.")
    if not row.agenda.strip():
        raise InvalidInput("Save an agenda before marking the session done.")
    row.done_at = now
    row.done_by_id = actor.id
    row.skipped_at = None  # skipped, then held after all
    session.add(row)
    record(
        session,
        actor=actor,
        action="mentoring_session_done",
        entity="mentoringsession",
        entity_id=row.id,
        detail={"plan_id": plan.id, "number": row.number},
        at=now,
    )
    session.flush()
    today = plan_today(session, plan, now)
    return next(s for s in plan_view(session, plan, today).sessions if s.id == row.id)


def rate_meeting(
    session: Session, *, actor: PersonRef, meeting_id: int, rating: int, now: datetime
) -> None:
    """The mentee rates a done session from 1 to 5 (a later rating replaces theirs)."""
    row, plan = _meeting_row(session, meeting_id)
    if actor.id != plan.mentee_id:
        raise PermissionDenied("Only the mentee rates their session.")
    if row.done_at is None:
        raise InvalidInput("A session can be rated once it has taken place.")
    low, high = MENTEE_RATING_RANGE
    if isinstance(rating, bool) or not isinstance(rating, int) or not low <= rating <= high:
        raise InvalidInput(f"Rate the session from {low} to {high}.")
    row.mentee_rating = rating
    session.add(row)
    record(
        session,
        actor=actor,
        action="mentoring_session_rated",
        entity="mentoringsession",
        entity_id=row.id,
        detail={"summary": f"Rated {_described(session, plan, row)} {rating} out of {high}."},
        at=now,
    )
    session.flush()
