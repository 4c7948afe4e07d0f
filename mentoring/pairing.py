"""Who mentors whom: pairing by a lead, each mentor's workload, a mentor's mentees at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from assessments.ratings import people_matrix
from mentoring.action_items import items_of_mentee
from mentoring.agenda import largest_gaps
from mentoring.plans import CadenceAlert, cadence_alert
from mentoring.sessions import PlanView, gaps_in, plan_view
from storage.audit import record
from storage.errors import InvalidInput, PermissionDenied
from storage.models import MentoringPlan, Person, PersonRole, PlanStatus
from storage.people import PersonRef, get_person, list_people

WORKLOAD_WINDOW_DAYS = 7
MAX_OVERVIEW_GAPS = 3


@dataclass(frozen=True)
class MenteeRow:
    mentee_id: int
    name: str
    mentor_name: str | None
    gaps: list[str]  # largest gaps, "Competency (level → target)"
    plan: PlanView | None
    open_items: int
    overdue_items: int
    cadence: CadenceAlert | None

    @property
    def last_session(self) -> datetime | None:
        last = self.plan.last_done if self.plan else None
        return last.done_at if last else None

    @property
    def next_session(self) -> datetime | None:
        nxt = self.plan.next_session if self.plan else None
        return nxt.scheduled_for if nxt else None

    @property
    def late_sessions(self) -> int:
        return len(self.plan.late_sessions) if self.plan else 0


@dataclass(frozen=True)
class WorkloadRow:
    mentor_id: int
    name: str
    mentees: list[str]
    planned_per_week: int  # sessions a week across the mentor's active plans
    done_last_week: int  # sessions marked done in the last seven days
    late_sessions: int  # planned sessions whose day passed without being marked done


def assign_mentor(
    session: Session, *, actor: PersonRef, mentee_id: int, mentor_id: int | None
) -> None:
    """A lead pairs a person with a mentor (or unpairs them); an active plan moves along."""
    if not actor.is_lead:
        raise PermissionDenied("Only a team lead assigns mentors.")
    mentee = get_person(session, mentee_id)
    if mentee.team_id != actor.team_id:
        raise PermissionDenied(f"{mentee.name} is not in your team.")
    if mentor_id is not None:
        mentor = get_person(session, mentor_id)
        if mentor.team_id != actor.team_id:
            raise InvalidInput(f"{mentor.name} is not in your team.")
        if mentor.id == mentee.id:
            raise InvalidInput("Nobody mentors themselves.")
        if mentor.role == PersonRole.LEARNER:
            raise InvalidInput(f"{mentor.name} is a learner; mentors are mentors or leads.")
        if mentor.mentor_id == mentee.id:
            raise InvalidInput(f"{mentee.name} already mentors {mentor.name}.")
    row = session.get(Person, mentee_id)
    assert row is not None
    previous = row.mentor_id
    row.mentor_id = mentor_id
    session.add(row)
    if mentor_id is not None:
        for plan in session.exec(
            select(MentoringPlan).where(
                MentoringPlan.mentee_id == mentee_id, MentoringPlan.status == PlanStatus.ACTIVE
            )
        ):
            plan.mentor_id = mentor_id
            session.add(plan)
    record(
        session,
        actor=actor,
        action="mentor_assigned",
        entity="person",
        entity_id=mentee_id,
        detail={"mentee_id": mentee_id, "previous_mentor_id": previous, "mentor_id": mentor_id},
    )
    session.flush()


def _active_plans(session: Session, mentee_ids: list[int]) -> dict[int, MentoringPlan]:
    plans: dict[int, MentoringPlan] = {}
    for plan in session.exec(
        select(MentoringPlan)
        .where(
            col(MentoringPlan.mentee_id).in_(mentee_ids),
            MentoringPlan.status == PlanStatus.ACTIVE,
        )
        .order_by(col(MentoringPlan.created_at), col(MentoringPlan.id))
    ):
        plans[plan.mentee_id] = plan  # the newest wins
    return plans


def mentees_overview(session: Session, *, actor: PersonRef, today: date) -> list[MenteeRow]:
    """A mentor's mentees (a lead: everyone who has a mentor or a plan), with largest gaps,
    last and next session, open and overdue items and a cadence alert."""
    people = list_people(session, actor.team_id)
    if actor.is_lead:
        plans = _active_plans(session, [p.id for p in people])
        mentees = [p for p in people if p.mentor_id is not None or p.id in plans]
    elif actor.role == PersonRole.MENTOR:
        mentees = [p for p in people if p.mentor_id == actor.id]
        plans = _active_plans(session, [p.id for p in mentees])
    else:
        raise PermissionDenied("The mentees overview is for mentors and leads.")
    names = {p.id: p.name for p in people}
    matrix = (
        people_matrix(
            session, actor=actor, team_id=actor.team_id, person_ids=[p.id for p in mentees]
        )
        if mentees
        else None
    )
    rows = []
    for mentee in mentees:
        gaps = (
            [
                f"{g.competency_name} {g.level or 0}→{g.target}"
                for g in largest_gaps(gaps_in(matrix, mentee.id), MAX_OVERVIEW_GAPS)
            ]
            if matrix
            else []
        )
        plan = plans.get(mentee.id)
        view = plan_view(session, plan, today) if plan else None
        items = [i for i in items_of_mentee(session, mentee_id=mentee.id, today=today) if i.is_open]
        alert = None
        if view is not None:
            last = view.last_done
            alert = cadence_alert(
                last_done_on=last.done_at.date() if last and last.done_at else None,
                started_on=view.started_on,
                sessions_per_week=view.sessions_per_week,
                today=today,
            )
        rows.append(
            MenteeRow(
                mentee_id=mentee.id,
                name=mentee.name,
                mentor_name=names.get(mentee.mentor_id) if mentee.mentor_id else None,
                gaps=gaps,
                plan=view,
                open_items=len(items),
                overdue_items=sum(1 for i in items if i.overdue),
                cadence=alert,
            )
        )
    return rows


def mentor_workload(session: Session, *, actor: PersonRef, now: datetime) -> list[WorkloadRow]:
    """Per mentor (and lead who mentors): mentees, planned sessions a week, sessions done in
    the last seven days and sessions whose day has passed without being marked done."""
    if not actor.is_lead:
        raise PermissionDenied("The mentor workload is for team leads.")
    people = list_people(session, actor.team_id)
    names = {p.id: p.name for p in people}
    plans = _active_plans(session, [p.id for p in people])
    since = now - timedelta(days=WORKLOAD_WINDOW_DAYS)
    rows = []
    for mentor in people:
        if mentor.role == PersonRole.LEARNER:
            continue
        mentees = [p for p in people if p.mentor_id == mentor.id]
        views = [
            plan_view(session, plan, now.date())
            for plan in plans.values()
            if plan.mentor_id == mentor.id
        ]
        if not mentees and not views:
            continue
        rows.append(
            WorkloadRow(
                mentor_id=mentor.id,
                name=mentor.name,
                mentees=sorted(names[p.id] for p in mentees),
                planned_per_week=sum(v.sessions_per_week for v in views),
                done_last_week=sum(
                    1 for v in views for s in v.sessions if s.done_at and s.done_at >= since
                ),
                late_sessions=sum(len(v.late_sessions) for v in views),
            )
        )
    return rows
