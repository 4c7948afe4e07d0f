"""Mentoring plans: propose from the assessment, create, adjust, read and export as .ics.

A plan dates and phases its 1:1 meetings (`MentoringSession` rows); holding, skipping, moving and
writing a meeting is `mentoring.meetings`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from assessments.evaluations import assessments_of
from mentoring.access import ensure_can_mentor, ensure_can_view
from mentoring.calendar import CalendarSession, plan_calendar
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
from storage.access import can_read_meeting_notes
from storage.audit import record
from storage.engine import quarter_hour, quarter_hour_start
from storage.enums import PlanStatus, Visibility
from storage.errors import InvalidInput, NotFound
from storage.models import ActionItem, Assessment, MentoringPlan, MentoringSession, Person
from storage.people import PersonRef, get_person
from storage.time_zones import local_day, people_zones, person_zone, team_zone

DEFAULT_MEETING_TIME = time(10, 0)


# --- read models ------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingSummary:
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
    sessions: list[MeetingSummary]
    overdue: OverdueOneOnOne | None  # the one rule, as both Homes show it

    @property
    def settings(self) -> PlanSettings:
        return PlanSettings(
            self.weeks, self.sessions_per_week, self.session_minutes, tuple(self.focus)
        )

    @property
    def next_session(self) -> MeetingSummary | None:
        """The next 1:1 still to come (today or later); a missed one is never "next"."""
        return next((s for s in self.sessions if s.planned), None)

    @property
    def upcoming(self) -> list[MeetingSummary]:
        return [s for s in self.sessions if s.planned]

    @property
    def first_open(self) -> MeetingSummary | None:
        """The 1:1 to deal with first: the earliest missed one, else the next planned."""
        return next((s for s in self.sessions if s.missed), None) or self.next_session

    @property
    def last_done(self) -> MeetingSummary | None:
        done = [s for s in self.sessions if s.done]
        return max(done, key=lambda s: s.done_at or s.scheduled_for) if done else None

    @property
    def missed_sessions(self) -> list[MeetingSummary]:
        return [s for s in self.sessions if s.missed]


@dataclass(frozen=True)
class PlanStanding:
    """A mentee's active plan, as a team's figures see it: who mentors and whether a 1:1 is
    overdue."""

    plan_id: int
    mentee_id: int
    mentor_id: int
    overdue: OverdueOneOnOne | None


@dataclass(frozen=True)
class MeetingsHeld:
    """1:1s held on one day (the team's): how many, and their planned minutes together."""

    on: date
    count: int
    minutes: int


@dataclass(frozen=True)
class HeldNotes:
    """The notes of a 1:1 held, with who mentored it."""

    number: int
    done_at: datetime
    mentor_name: str
    notes: str


@dataclass(frozen=True)
class ProposalView:
    proposal: PlanProposal
    assessment_id: int
    overall: float
    assessed_on: date


# --- helpers ----------------------------------------------------------------------------


def _week_of(plan: MentoringPlan, number: int) -> int:
    return (number - 1) // plan.sessions_per_week + 1


def meeting_rows(session: Session, plan: MentoringPlan) -> list[MentoringSession]:
    """The plan's 1:1 rows, in their order."""
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
) -> list[MeetingSummary]:
    done_by = {r.done_by_id for r in rows if r.done_by_id}
    names = (
        {p.id: p.name for p in session.exec(select(Person).where(col(Person.id).in_(done_by)))}
        if done_by
        else {}
    )
    return [
        MeetingSummary(
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


def _overdue_by_plan(
    session: Session, *, plans: list[MentoringPlan], today: date
) -> dict[int, OverdueOneOnOne]:
    """For many plans at once: each plan id whose 1:1 is overdue, by the same rule as a plan's
    own view. Only the dates are read, not the agendas and notes."""
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


def active_plans(session: Session, mentee_ids: Sequence[int]) -> dict[int, MentoringPlan]:
    """Each mentee's active plan, in one read: should a mentee have two, the newest wins."""
    plans: dict[int, MentoringPlan] = {}
    for plan in session.exec(
        select(MentoringPlan)
        .where(
            col(MentoringPlan.mentee_id).in_(list(mentee_ids)),
            MentoringPlan.status == PlanStatus.ACTIVE,
        )
        .order_by(col(MentoringPlan.created_at), col(MentoringPlan.id))
    ):
        plans[plan.mentee_id] = plan
    return plans


def plan_standings(session: Session, mentee_ids: Sequence[int], today: date) -> list[PlanStanding]:
    """The active plan of each of `mentee_ids` who has one, and whether its 1:1 is overdue (the
    rule of a plan's own view). No permission check: callers have decided who may see them."""
    plans = active_plans(session, mentee_ids)
    overdue = _overdue_by_plan(session, plans=list(plans.values()), today=today)
    return [
        PlanStanding(p.id or 0, p.mentee_id, p.mentor_id, overdue.get(p.id or 0))
        for p in plans.values()
    ]


def meetings_held(
    session: Session, mentee_ids: Sequence[int], zone: ZoneInfo
) -> list[MeetingsHeld]:
    """The 1:1s held in any plan of `mentee_ids`, by the day (in `zone`) they were held."""
    # Counted per quarter hour in SQL: years of 1:1s are tens of thousands of rows on a large
    # team, and only their days matter here.
    done_quarter = quarter_hour(session, col(MentoringSession.done_at))
    held: dict[date, list[int]] = {}
    for minutes, done_in, count in session.exec(
        select(col(MentoringPlan.session_minutes), done_quarter, func.count())
        .join(MentoringPlan, col(MentoringPlan.id) == MentoringSession.plan_id)
        .where(
            col(MentoringPlan.mentee_id).in_(list(mentee_ids)),
            col(MentoringSession.done_at).is_not(None),
        )
        .group_by(col(MentoringPlan.session_minutes), done_quarter)
    ):
        acc = held.setdefault(local_day(quarter_hour_start(done_in), zone), [0, 0])
        acc[0] += count
        acc[1] += minutes * count
    return [MeetingsHeld(on, count, minutes) for on, (count, minutes) in sorted(held.items())]


def plan_view(session: Session, plan: MentoringPlan, today: date) -> PlanView:
    """A stored plan as a read model (no permission check: callers have done it)."""
    mentor = get_person(session, plan.mentor_id)
    mentee = get_person(session, plan.mentee_id)
    zone = team_zone(session, mentee.team_id)
    rows = meeting_rows(session, plan)
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


def newest_readable_notes(
    session: Session, *, actor: PersonRef, mentee_id: int
) -> HeldNotes | None:
    """The notes of the mentee's newest held 1:1 (in any plan) that `actor` may read: a lead
    looking on reads only those shared with the team."""
    team_id = get_person(session, mentee_id).team_id
    held = session.exec(
        select(MentoringSession, MentoringPlan, Person.name)
        .join(MentoringPlan, col(MentoringPlan.id) == MentoringSession.plan_id)
        .join(Person, col(Person.id) == MentoringPlan.mentor_id)
        .where(
            MentoringPlan.mentee_id == mentee_id,
            col(MentoringSession.done_at).is_not(None),
            MentoringSession.notes != "",
        )
        .order_by(col(MentoringSession.done_at).desc())
    )
    for row, plan, mentor in held:
        if row.done_at is not None and can_read_meeting_notes(
            actor,
            visibility=Visibility(row.notes_visibility),
            mentor_id=plan.mentor_id,
            mentee_id=plan.mentee_id,
            team_id=team_id,
        ):
            return HeldNotes(row.number, row.done_at, mentor, row.notes)
    return None


def plan_row(session: Session, plan_id: int) -> MentoringPlan:
    """The stored plan, or NotFound."""
    plan = session.get(MentoringPlan, plan_id)
    if plan is None:
        raise NotFound(f"No mentoring plan {plan_id}.")
    return plan


def utc_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """`at` o'clock on `day` in the team's zone, stored in UTC (so DST moves the UTC hour)."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def plan_today(session: Session, plan: MentoringPlan, now: datetime) -> date:
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
    session_time: time = DEFAULT_MEETING_TIME,
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
    previous = active_plans(session, [mentee_id]).get(mentee_id)
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
                scheduled_for=utc_moment(planned.on, session_time, zone),
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
    return plan_view(session, plan, plan_today(session, plan, now))


def active_plan(
    session: Session, *, actor: PersonRef, mentee_id: int, today: date
) -> PlanView | None:
    """The mentee's active plan, for them, their mentor or a lead."""
    mentee = get_person(session, mentee_id)
    plan = active_plans(session, [mentee_id]).get(mentee_id)
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
    plan = plan_row(session, plan_id)
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
    session_time = rows[0].scheduled_for.astimezone(zone).time() if rows else DEFAULT_MEETING_TIME
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
            row.scheduled_for = utc_moment(slot.on, session_time, zone)
            row.phase = slot.phase
            session.add(row)
        else:
            session.add(
                MentoringSession(
                    plan_id=plan.id or 0,
                    number=number,
                    scheduled_for=utc_moment(slot.on, session_time, zone),
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
    return plan_view(session, plan, plan_today(session, plan, now))


def plan_ics(session: Session, *, actor: PersonRef, plan_id: int, stamp: datetime) -> bytes:
    """The plan's sessions as an .ics file, one event each with phase and 1:1 structure."""
    plan = plan_row(session, plan_id)
    mentee = get_person(session, plan.mentee_id)
    ensure_can_view(actor, mentee, plan.mentor_id)
    view = plan_view(session, plan, plan_today(session, plan, stamp))
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
