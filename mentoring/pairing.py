"""Who mentors whom: pairing by a lead, each mentor's workload, a mentor's mentees at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from assessments.framework import role_targets
from assessments.ratings import people_matrix
from mentoring.action_items import items_of_mentee
from mentoring.agenda import largest_gaps
from mentoring.meetings import gaps_in
from mentoring.planning import PlanView, active_plans, plan_view
from mentoring.plans import OverdueOneOnOne
from storage.audit import record
from storage.enums import PersonRole, PlanStatus
from storage.errors import InvalidInput, PermissionDenied
from storage.models import MentoringPlan, Person
from storage.people import PersonRef, get_person, list_people
from storage.time_zones import local_day, team_zone

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
    has_targets: bool = True  # False: no role targets for their job role, so no gaps to measure

    @property
    def overdue(self) -> OverdueOneOnOne | None:
        """A missed 1:1 or too long without one (`mentoring.plans.overdue_one_on_one`)."""
        return self.plan.overdue if self.plan else None

    @property
    def last_session(self) -> datetime | None:
        last = self.plan.last_done if self.plan else None
        return last.done_at if last else None

    @property
    def next_session(self) -> datetime | None:
        """The next 1:1 still to come; never one whose day has passed."""
        nxt = self.plan.next_session if self.plan else None
        return nxt.scheduled_for if nxt else None

    @property
    def missed_sessions(self) -> int:
        return len(self.plan.missed_sessions) if self.plan else 0


@dataclass(frozen=True)
class WorkloadRow:
    mentor_id: int
    name: str
    mentees: list[str]
    planned_per_week: int  # sessions a week across the mentor's active plans
    done_last_week: int  # sessions marked done in the last seven days
    missed_sessions: int  # planned 1:1s whose day passed, neither held nor skipped


def _lead_over(session: Session, actor: PersonRef, mentee_id: int) -> Person:
    if not actor.is_lead:
        raise PermissionDenied("Only a team lead assigns mentors.")
    row = session.get(Person, mentee_id)
    if row is None or row.team_id != actor.team_id:
        name = row.name if row else "This person"
        raise PermissionDenied(f"{name} is not in your team.")
    return row


def assign_mentor(
    session: Session, *, actor: PersonRef, mentee_id: int, mentor_id: int, now: datetime
) -> None:
    """A lead pairs a person with a mentor; an active plan moves along to the new mentor."""
    row = _lead_over(session, actor, mentee_id)
    mentor = get_person(session, mentor_id)
    if mentor.team_id != actor.team_id:
        raise InvalidInput(f"{mentor.name} is not in your team.")
    if mentor.id == row.id:
        raise InvalidInput("Nobody mentors themselves.")
    if mentor.role == PersonRole.LEARNER:
        raise InvalidInput(f"{mentor.name} is a learner; mentors are mentors or leads.")
    if mentor.mentor_id == row.id:
        raise InvalidInput(f"{row.name} already mentors {mentor.name}.")
    previous = row.mentor_id
    if previous == mentor_id:
        return
    row.mentor_id = mentor_id
    session.add(row)
    for plan in session.exec(
        select(MentoringPlan).where(
            MentoringPlan.mentee_id == mentee_id, MentoringPlan.status == PlanStatus.ACTIVE
        )
    ):
        plan.mentor_id = mentor_id
        session.add(plan)
    instead = f", instead of {get_person(session, previous).name}" if previous else ""
    record(
        session,
        actor=actor,
        action="mentor_assigned",
        entity="person",
        entity_id=mentee_id,
        detail={
            "summary": f"Assigned {mentor.name} as {row.name}'s mentor{instead}.",
            "mentee_id": mentee_id,
            "previous_mentor_id": previous,
            "mentor_id": mentor_id,
        },
        at=now,
    )
    session.flush()


def remove_mentor(session: Session, *, actor: PersonRef, mentee_id: int, now: datetime) -> str:
    """A lead unpairs a person from their mentor; returns the former mentor's name. An
    active plan keeps its mentor until a new one is assigned."""
    row = _lead_over(session, actor, mentee_id)
    if row.mentor_id is None:
        raise InvalidInput(f"{row.name} has no mentor to remove.")
    former = get_person(session, row.mentor_id)
    row.mentor_id = None
    session.add(row)
    record(
        session,
        actor=actor,
        action="mentor_removed",
        entity="person",
        entity_id=mentee_id,
        detail={
            "summary": f"Removed {former.name} as {row.name}'s mentor.",
            "mentee_id": mentee_id,
            "previous_mentor_id": former.id,
        },
        at=now,
    )
    session.flush()
    return former.name


def mentees_overview(session: Session, *, actor: PersonRef, today: date) -> list[MenteeRow]:
    """A mentor's mentees (a lead: everyone who has a mentor or a plan), with largest gaps,
    last and next session, open and overdue items and whether a 1:1 is overdue."""
    people = list_people(session, actor.team_id)
    if actor.is_lead:
        plans = active_plans(session, [p.id for p in people])
        mentees = [p for p in people if p.mentor_id is not None or p.id in plans]
    elif actor.role == PersonRole.MENTOR:
        mentees = [p for p in people if p.mentor_id == actor.id]
        plans = active_plans(session, [p.id for p in mentees])
    else:
        raise PermissionDenied("The mentees overview is for mentors and leads.")
    names = {p.id: p.name for p in people}
    targeted_roles = {role for role, _ in role_targets(session, actor.team_id)}
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
        rows.append(
            MenteeRow(
                mentee_id=mentee.id,
                name=mentee.name,
                mentor_name=names.get(mentee.mentor_id) if mentee.mentor_id else None,
                gaps=gaps,
                plan=view,
                open_items=len(items),
                overdue_items=sum(1 for i in items if i.overdue),
                has_targets=mentee.job_role in targeted_roles
                or (
                    matrix is not None
                    and any(
                        cell.personal_target
                        for (person_id, _), cell in matrix.cells.items()
                        if person_id == mentee.id
                    )
                ),
            )
        )
    return rows


def mentor_workload(session: Session, *, actor: PersonRef, now: datetime) -> list[WorkloadRow]:
    """Per mentor (and lead who mentors): mentees, planned sessions a week, sessions done in
    the last seven days and planned 1:1s missed (day passed, neither held nor skipped)."""
    if not actor.is_lead:
        raise PermissionDenied("The mentor workload is for team leads.")
    people = list_people(session, actor.team_id)
    names = {p.id: p.name for p in people}
    plans = active_plans(session, [p.id for p in people])
    since = now - timedelta(days=WORKLOAD_WINDOW_DAYS)
    rows = []
    for mentor in people:
        if mentor.role == PersonRole.LEARNER:
            continue
        mentees = [p for p in people if p.mentor_id == mentor.id]
        views = [
            plan_view(session, plan, local_day(now, team_zone(session, actor.team_id)))
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
                missed_sessions=sum(len(v.missed_sessions) for v in views),
            )
        )
    return rows
