"""Mentoring plans and their sessions: generate, adjust, draft agendas, log, rate, export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from assessments.evaluations import assessments_of
from assessments.freshness import fading_competencies
from assessments.quizzes import quiz_history
from assessments.ratings import MatrixView, evidence_to_review, people_matrix
from mentoring.access import ensure_can_mentor, ensure_can_view
from mentoring.action_items import ActionItemView, carried_over_for, items_of_mentee
from mentoring.agenda import (
    AgendaInputs,
    CarriedItem,
    CheckpointDue,
    FailedQuiz,
    GapItem,
    OverdueReviews,
    draft_agenda,
)
from mentoring.calendar import CalendarSession, plan_calendar
from mentoring.capstone_tracking import current_checkpoint
from mentoring.plans import (
    AgendaBlock,
    MeetingRecord,
    OverdueOneOnOne,
    PlanProposal,
    PlanSettings,
    is_missed,
    overdue_one_on_one,
    plan_ends_on,
    propose_plan,
    session_dates,
    session_structure,
    validate_settings,
)
from reviews.queue import review_counts_by_module
from storage import formats
from storage.access import can_read_meeting_notes
from storage.audit import record
from storage.errors import EditConflict, InvalidInput, NotFound, PermissionDenied
from storage.models import (
    ActionItem,
    Assessment,
    MentoringPlan,
    MentoringSession,
    Person,
    PlanStatus,
    Visibility,
)
from storage.people import PersonRef, get_person
from storage.search_sources import SESSION_SOURCE, hide_from_search
from storage.text_rules import body_problem, normalise_line_breaks
from storage.time_zones import local_day, people_zones, person_zone, team_zone

MAX_AGENDA_CHARS = 10_000
MAX_NOTES_CHARS = 10_000
DEFAULT_SESSION_TIME = time(10, 0)
MENTEE_RATING_RANGE = (1, 5)


# --- read models ------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionSummary:
    id: int
    number: int
    scheduled_for: datetime  # in the mentee's team's zone (stored in UTC)
    week: int
    phase: str
    done_at: datetime | None
    done_by_name: str | None
    mentee_rating: int | None
    skipped_at: datetime | None
    missed: bool  # its day is before today and it was neither held nor skipped

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def skipped(self) -> bool:
        return self.skipped_at is not None

    @property
    def planned(self) -> bool:
        """Still to come: not held, not skipped, its day not passed."""
        return not (self.done or self.skipped or self.missed)

    @property
    def status(self) -> str:
        """'done', 'skipped', 'missed' or 'planned'."""
        if self.done:
            return "done"
        if self.skipped:
            return "skipped"
        return "missed" if self.missed else "planned"


@dataclass(frozen=True)
class PlanView:
    id: int
    mentor_id: int
    mentor_name: str
    mentee_id: int
    mentee_name: str
    assessment_overall: float | None
    assessed_on: date | None
    started_on: date
    ends_on: date
    weeks: int
    sessions_per_week: int
    session_minutes: int
    focus: list[str]
    status: PlanStatus
    structure: list[AgendaBlock]
    sessions: list[SessionSummary]
    overdue: OverdueOneOnOne | None  # the one rule, as both Homes show it

    @property
    def settings(self) -> PlanSettings:
        return PlanSettings(
            self.weeks, self.sessions_per_week, self.session_minutes, tuple(self.focus)
        )

    @property
    def next_session(self) -> SessionSummary | None:
        """The next 1:1 still to come (today or later); a missed one is never "next"."""
        return next((s for s in self.sessions if s.planned), None)

    @property
    def upcoming(self) -> list[SessionSummary]:
        return [s for s in self.sessions if s.planned]

    @property
    def first_open(self) -> SessionSummary | None:
        """The 1:1 to deal with first: the earliest missed one, else the next planned."""
        return next((s for s in self.sessions if s.missed), None) or self.next_session

    @property
    def last_done(self) -> SessionSummary | None:
        done = [s for s in self.sessions if s.done]
        return max(done, key=lambda s: s.done_at or s.scheduled_for) if done else None

    @property
    def missed_sessions(self) -> list[SessionSummary]:
        return [s for s in self.sessions if s.missed]


@dataclass(frozen=True)
class ProposalView:
    proposal: PlanProposal
    assessment_id: int
    overall: float
    assessed_on: date


@dataclass(frozen=True)
class SessionDetail:
    plan: PlanView
    session: SessionSummary
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


# --- helpers ----------------------------------------------------------------------------


def _week_of(plan: MentoringPlan, number: int) -> int:
    return (number - 1) // plan.sessions_per_week + 1


def _session_rows(session: Session, plan: MentoringPlan) -> list[MentoringSession]:
    return list(
        session.exec(
            select(MentoringSession)
            .where(MentoringSession.plan_id == plan.id)
            .order_by(col(MentoringSession.number))
        ).all()
    )


def _meeting(
    scheduled_for: datetime, done_at: datetime | None, skipped_at: datetime | None, zone: ZoneInfo
) -> MeetingRecord:
    """The 1:1's days as its team counts them (a 23:30 UTC 1:1 is tomorrow's in Tokyo)."""
    return MeetingRecord(
        planned_on=local_day(scheduled_for, zone),
        held_on=local_day(done_at, zone) if done_at else None,
        skipped=skipped_at is not None,
    )


def _summaries(
    session: Session,
    plan: MentoringPlan,
    rows: list[MentoringSession],
    today: date,
    zone: ZoneInfo,
) -> list[SessionSummary]:
    done_by = {r.done_by_id for r in rows if r.done_by_id}
    names = (
        {p.id: p.name for p in session.exec(select(Person).where(col(Person.id).in_(done_by)))}
        if done_by
        else {}
    )
    return [
        SessionSummary(
            id=r.id or 0,
            number=r.number,
            scheduled_for=r.scheduled_for.astimezone(zone),
            week=_week_of(plan, r.number),
            phase=r.phase,
            done_at=r.done_at.astimezone(zone) if r.done_at else None,
            done_by_name=names.get(r.done_by_id) if r.done_by_id else None,
            mentee_rating=r.mentee_rating,
            skipped_at=r.skipped_at,
            missed=is_missed(
                local_day(r.scheduled_for, zone),
                held=r.done_at is not None,
                skipped=r.skipped_at is not None,
                today=today,
            ),
        )
        for r in rows
    ]


def _overdue(
    plan: MentoringPlan, meetings: list[MeetingRecord], today: date
) -> OverdueOneOnOne | None:
    return overdue_one_on_one(
        meetings,
        started_on=plan.started_on,
        sessions_per_week=plan.sessions_per_week,
        today=today,
    )


def overdue_one_on_ones(
    session: Session, *, plans: list[MentoringPlan], today: date
) -> dict[int, OverdueOneOnOne]:
    """For many plans at once (the lead's Home): each plan id whose 1:1 is overdue, by the
    same rule as a plan's own view. Only the dates are read, not the agendas and notes."""
    by_plan: dict[int, list[MeetingRecord]] = {p.id or 0: [] for p in plans}
    if not by_plan:
        return {}
    zones = people_zones(session, [p.mentee_id for p in plans])
    zone_of = {p.id or 0: zones[p.mentee_id] for p in plans}
    for plan_id, scheduled_for, done_at, skipped_at in session.exec(
        select(
            MentoringSession.plan_id,
            MentoringSession.scheduled_for,
            MentoringSession.done_at,
            MentoringSession.skipped_at,
        ).where(col(MentoringSession.plan_id).in_(list(by_plan)))
    ):
        by_plan[plan_id].append(_meeting(scheduled_for, done_at, skipped_at, zone_of[plan_id]))
    found = {}
    for plan in plans:
        overdue = _overdue(plan, by_plan[plan.id or 0], today)
        if overdue is not None:
            found[plan.id or 0] = overdue
    return found


def plan_view(session: Session, plan: MentoringPlan, today: date) -> PlanView:
    """A stored plan as a read model (no permission check: callers have done it)."""
    mentor = get_person(session, plan.mentor_id)
    mentee = get_person(session, plan.mentee_id)
    zone = team_zone(session, mentee.team_id)
    rows = _session_rows(session, plan)
    overall = assessed_on = None
    # The plan's own basis, read by id: part of the plan, whoever may see the plan sees it.
    basis = session.get(Assessment, plan.assessment_id) if plan.assessment_id else None
    if basis is not None:
        overall, assessed_on = basis.overall, basis.created_at.date()
    return PlanView(
        id=plan.id or 0,
        mentor_id=mentor.id,
        mentor_name=mentor.name,
        mentee_id=mentee.id,
        mentee_name=mentee.name,
        assessment_overall=overall,
        assessed_on=assessed_on,
        started_on=plan.started_on,
        ends_on=plan_ends_on(plan.started_on, plan.weeks),
        weeks=plan.weeks,
        sessions_per_week=plan.sessions_per_week,
        session_minutes=plan.session_minutes,
        focus=list(plan.focus),
        status=PlanStatus(plan.status),
        structure=session_structure(plan.session_minutes),
        sessions=_summaries(session, plan, rows, today, zone),
        overdue=_overdue(
            plan, [_meeting(r.scheduled_for, r.done_at, r.skipped_at, zone) for r in rows], today
        ),
    )


def _active_plan_row(session: Session, mentee_id: int) -> MentoringPlan | None:
    return session.exec(
        select(MentoringPlan)
        .where(MentoringPlan.mentee_id == mentee_id, MentoringPlan.status == PlanStatus.ACTIVE)
        .order_by(col(MentoringPlan.created_at).desc(), col(MentoringPlan.id).desc())
    ).first()


def _plan_row(session: Session, plan_id: int) -> MentoringPlan:
    plan = session.get(MentoringPlan, plan_id)
    if plan is None:
        raise NotFound(f"No mentoring plan {plan_id}.")
    return plan


def _session_row(session: Session, session_id: int) -> tuple[MentoringSession, MentoringPlan]:
    row = session.get(MentoringSession, session_id)
    if row is None:
        raise NotFound(f"No mentoring session {session_id}.")
    return row, _plan_row(session, row.plan_id)


def _at(day: date, at: time, zone: ZoneInfo) -> datetime:
    """`at` o'clock on `day` in the team's zone, stored in UTC (so DST moves the UTC hour)."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def _today(session: Session, plan: MentoringPlan, now: datetime) -> date:
    """The day it is at `now` for the plan's mentee (their team's zone)."""
    return local_day(now, person_zone(session, plan.mentee_id))


# --- plans ------------------------------------------------------------------------------


def propose_for(session: Session, *, actor: PersonRef, mentee_id: int) -> ProposalView | None:
    """The plan the mentee's latest multi-dimensional assessment calls for (None: no
    assessment yet)."""
    mentee = get_person(session, mentee_id)
    ensure_can_mentor(actor, mentee, "plan their mentoring")
    latest = next(iter(assessments_of(session, actor=actor, person_id=mentee_id)), None)
    if latest is None:
        return None
    return ProposalView(
        propose_plan(latest.overall), latest.id, latest.overall, latest.created_at.date()
    )


def create_plan(
    session: Session,
    *,
    actor: PersonRef,
    mentee_id: int,
    started_on: date,
    settings: PlanSettings | None = None,
    session_time: time = DEFAULT_SESSION_TIME,
    now: datetime,
) -> PlanView:
    """A plan from the latest assessment (or the mentor's adjusted settings) with every
    session dated and phased; an earlier active plan of the mentee is cancelled."""
    mentee = get_person(session, mentee_id)
    ensure_can_mentor(actor, mentee, "plan their mentoring")
    if mentee.mentor_id is None:
        raise InvalidInput(f"{mentee.name} has no mentor yet: a lead assigns one under Pairing.")
    proposal = propose_for(session, actor=actor, mentee_id=mentee_id)
    if settings is None:
        if proposal is None:
            raise InvalidInput(
                f"{mentee.name} has no assessment yet: assess them first, or set the plan's "
                "weeks, sessions and minutes yourself."
            )
        settings = proposal.proposal.settings
    settings = validate_settings(
        settings.weeks, settings.sessions_per_week, settings.session_minutes, settings.focus
    )
    previous = _active_plan_row(session, mentee_id)
    if previous is not None:
        previous.status = PlanStatus.CANCELLED
        session.add(previous)
    plan = MentoringPlan(
        mentor_id=mentee.mentor_id,
        mentee_id=mentee_id,
        assessment_id=proposal.assessment_id if proposal else None,
        started_on=started_on,
        weeks=settings.weeks,
        sessions_per_week=settings.sessions_per_week,
        session_minutes=settings.session_minutes,
        focus=list(settings.focus),
        created_at=now,
    )
    session.add(plan)
    session.flush()
    zone = team_zone(session, mentee.team_id)
    for planned in session_dates(started_on, settings.weeks, settings.sessions_per_week):
        session.add(
            MentoringSession(
                plan_id=plan.id or 0,
                number=planned.number,
                scheduled_for=_at(planned.on, session_time, zone),
                phase=planned.phase,
            )
        )
    record(
        session,
        actor=actor,
        action="mentoring_plan_created",
        entity="mentoringplan",
        entity_id=plan.id,
        detail={"mentee_id": mentee_id, "weeks": settings.weeks},
        at=now,
    )
    session.flush()
    return plan_view(session, plan, _today(session, plan, now))


def active_plan(
    session: Session, *, actor: PersonRef, mentee_id: int, today: date
) -> PlanView | None:
    """The mentee's active plan, for them, their mentor or a lead."""
    mentee = get_person(session, mentee_id)
    plan = _active_plan_row(session, mentee_id)
    ensure_can_view(actor, mentee, plan.mentor_id if plan else None)
    return plan_view(session, plan, today) if plan else None


def adjust_plan(
    session: Session,
    *,
    actor: PersonRef,
    plan_id: int,
    settings: PlanSettings,
    now: datetime,
) -> PlanView:
    """Change length, cadence, minutes or focus. Done sessions stay as they were; the
    sessions still to come are re-dated on the new cadence after the last done one, keeping
    their agendas and notes. Refused when it would drop a session that has action items."""
    plan = _plan_row(session, plan_id)
    ensure_can_mentor(actor, get_person(session, plan.mentee_id), "adjust the plan")
    if plan.status != PlanStatus.ACTIVE:
        raise InvalidInput("Only an active plan can be adjusted.")
    settings = validate_settings(
        settings.weeks, settings.sessions_per_week, settings.session_minutes, settings.focus
    )
    rows = session.exec(
        select(MentoringSession)
        .where(MentoringSession.plan_id == plan.id)
        .order_by(col(MentoringSession.number))
    ).all()
    done = [r for r in rows if r.done_at is not None]
    pending = [r for r in rows if r.done_at is None]
    zone = person_zone(session, plan.mentee_id)
    # The time of day the pair meets, as they read it (DST moves the UTC hour, not theirs).
    session_time = rows[0].scheduled_for.astimezone(zone).time() if rows else DEFAULT_SESSION_TIME
    last_done_day = max((local_day(r.scheduled_for, zone) for r in done), default=None)
    slots = [
        s
        for s in session_dates(plan.started_on, settings.weeks, settings.sessions_per_week)
        if last_done_day is None or s.on > last_done_day
    ]
    dropped = pending[len(slots) :]
    if dropped:
        with_items = session.exec(
            select(ActionItem.session_id).where(
                col(ActionItem.session_id).in_([r.id for r in dropped])
            )
        ).first()
        if with_items is not None:
            raise InvalidInput(
                "Plan not changed: it would drop a session that already has action items. "
                "Keep the plan longer or move those items first."
            )
    plan.weeks = settings.weeks
    plan.sessions_per_week = settings.sessions_per_week
    plan.session_minutes = settings.session_minutes
    plan.focus = list(settings.focus)
    session.add(plan)
    for row in dropped:
        session.delete(row)
    session.flush()
    for index, slot in enumerate(slots):
        number = len(done) + index + 1
        if index < len(pending):
            row = pending[index]
            row.number = number
            row.scheduled_for = _at(slot.on, session_time, zone)
            row.phase = slot.phase
            session.add(row)
        else:
            session.add(
                MentoringSession(
                    plan_id=plan.id or 0,
                    number=number,
                    scheduled_for=_at(slot.on, session_time, zone),
                    phase=slot.phase,
                )
            )
    record(
        session,
        actor=actor,
        action="mentoring_plan_adjusted",
        entity="mentoringplan",
        entity_id=plan.id,
        detail={
            "weeks": settings.weeks,
            "sessions_per_week": settings.sessions_per_week,
            "session_minutes": settings.session_minutes,
        },
        at=now,
    )
    session.flush()
    return plan_view(session, plan, _today(session, plan, now))


def plan_ics(session: Session, *, actor: PersonRef, plan_id: int, stamp: datetime) -> bytes:
    """The plan's sessions as an .ics file, one event each with phase and 1:1 structure."""
    plan = _plan_row(session, plan_id)
    mentee = get_person(session, plan.mentee_id)
    ensure_can_view(actor, mentee, plan.mentor_id)
    view = plan_view(session, plan, _today(session, plan, stamp))
    structure = ", ".join(f"{b.title.lower()} {b.minutes} min" for b in view.structure)
    return plan_calendar(
        view.id,
        f"Mentoring: {view.mentor_name} and {view.mentee_name}",
        [
            CalendarSession(
                plan_id=view.id,
                number=s.number,
                starts_at=s.scheduled_for,
                minutes=view.session_minutes,
                title=f"1:1 {view.mentor_name} / {view.mentee_name} (session {s.number})",
                description=f"Week {s.week}: {s.phase}.\n{structure.capitalize()}.\n"
                f"Focus: {', '.join(view.focus)}.",
            )
            for s in view.sessions
        ],
        stamp=stamp,
    )


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
    """A person's competencies against their role target, in the framework's order."""
    return [
        GapItem(c.name, cell.resolved.level, cell.target)
        for c in matrix.competencies
        if (cell := matrix.cells.get((person_id, c.key))) is not None
    ]


def mentee_gaps(session: Session, actor: PersonRef, mentee: PersonRef) -> list[GapItem]:
    """The mentee's competencies against their role target (for their mentor or a lead)."""
    matrix = people_matrix(session, actor=actor, team_id=mentee.team_id, person_ids=[mentee.id])
    return gaps_in(matrix, mentee.id)


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
        ),
        _today(session, plan, now),
    )


# --- sessions ---------------------------------------------------------------------------


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


def session_detail(
    session: Session,
    *,
    actor: PersonRef,
    session_id: int,
    now: datetime,
) -> SessionDetail:
    """One session: its agenda (drafted from the mentee's gaps, failed quizzes, overdue
    reviews, fading skills, carried-over items and capstone checkpoint while none is saved),
    notes the actor may read, the items raised in it and those carried over into it.
    """
    row, plan = _session_row(session, session_id)
    mentee = get_person(session, plan.mentee_id)
    ensure_can_view(actor, mentee, plan.mentor_id)
    today = _today(session, plan, now)
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
    return SessionDetail(
        plan=view,
        session=summary,
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


def save_session(
    session: Session,
    *,
    actor: PersonRef,
    session_id: int,
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
    row, plan = _session_row(session, session_id)
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
            hide_from_search(session, SESSION_SOURCE, session_id)
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
    session: Session, actor: PersonRef, session_id: int, what: str
) -> tuple[MentoringSession, MentoringPlan]:
    """A session its mentor (or a lead) may still reschedule: neither held nor in a closed plan."""
    row, plan = _session_row(session, session_id)
    ensure_can_mentor(actor, get_person(session, plan.mentee_id), what)
    if plan.status != PlanStatus.ACTIVE:
        raise InvalidInput("Only the sessions of an active plan can be skipped or moved.")
    if row.done_at is not None:
        raise InvalidInput(f"Session {row.number} was held; it stays as it was.")
    return row, plan


def skip_session(
    session: Session, *, actor: PersonRef, session_id: int, now: datetime
) -> SessionSummary:
    """The mentor decides one 1:1 will not take place; the rest of the plan stays as it is.
    A skipped 1:1 is no longer missed; moving it to a new date plans it again."""
    row, plan = _open_row(session, actor, session_id, "skip a session")
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
    return next(
        s for s in plan_view(session, plan, _today(session, plan, now)).sessions if s.id == row.id
    )


def move_session(
    session: Session, *, actor: PersonRef, session_id: int, to: date, now: datetime
) -> SessionSummary:
    """Move one 1:1 (missed, skipped or still to come) to a new day, at the same time; the
    other sessions keep their dates. The day is today or later and stays between the
    sessions before and after it, so the plan's order holds."""
    row, plan = _open_row(session, actor, session_id, "move a session")
    zone = person_zone(session, plan.mentee_id)
    today = local_day(now, zone)
    rows = _session_rows(session, plan)
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
    row.scheduled_for = _at(to, row.scheduled_for.astimezone(zone).time(), zone)
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


def complete_session(
    session: Session, *, actor: PersonRef, session_id: int, now: datetime
) -> SessionSummary:
    """Mark a session done, recording who and when."""
    row, plan = _session_row(session, session_id)
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
    return next(
        s for s in plan_view(session, plan, _today(session, plan, now)).sessions if s.id == row.id
    )


def rate_session(session: Session, *, actor: PersonRef, session_id: int, rating: int) -> None:
    """The mentee rates a done session from 1 to 5 (a later rating replaces theirs)."""
    row, plan = _session_row(session, session_id)
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
    )
    session.flush()
