"""Capstones in progress: recommend, start, tick weekly checkpoints off in sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from assessments.evaluations import assessments_of
from assessments.ratings import people_matrix
from assessments.rules import level_for_score
from mentoring.access import ensure_can_mentor, ensure_can_view
from mentoring.capstones import (
    CapstoneFit,
    CapstoneLevel,
    capstone_level,
    project,
    rank_capstones,
)
from mentoring.course_material import capstone_catalog
from storage import formats
from storage.audit import record
from storage.errors import InvalidInput, NotFound
from storage.models import Capstone
from storage.people import PersonRef, get_person

DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class CheckpointView:
    week: int
    title: str
    due_on: date  # the end of the project's week
    done_on: date | None
    ticked_by: str | None


@dataclass(frozen=True)
class CapstoneView:
    id: int
    project_key: str
    title: str
    level: CapstoneLevel
    started_on: date
    completed_on: date | None
    checkpoints: list[CheckpointView]

    @property
    def ticked(self) -> int:
        return sum(1 for c in self.checkpoints if c.done_on is not None)

    @property
    def next_checkpoint(self) -> CheckpointView | None:
        return next((c for c in self.checkpoints if c.done_on is None), None)


@dataclass(frozen=True)
class CurrentCheckpoint:
    project_title: str
    week: int
    title: str


@dataclass(frozen=True)
class CapstoneAdvice:
    level: CapstoneLevel
    based_on: str  # why this level, in words
    fits: list[CapstoneFit]


def _view(row: Capstone) -> CapstoneView:
    checkpoints = [
        CheckpointView(
            week=int(c["week"]),
            title=str(c["title"]),
            due_on=row.started_on + timedelta(days=DAYS_PER_WEEK * int(c["week"]) - 1),
            done_on=date.fromisoformat(c["done_on"]) if c.get("done_on") else None,
            ticked_by=c.get("ticked_by"),
        )
        for c in row.checkpoints
    ]
    return CapstoneView(
        id=row.id or 0,
        project_key=row.project_key,
        title=row.title,
        level=CapstoneLevel(row.level),
        started_on=row.started_on,
        completed_on=row.completed_on,
        checkpoints=checkpoints,
    )


def recommend(session: Session, *, actor: PersonRef, mentee_id: int) -> CapstoneAdvice:
    """Projects at the mentee's level (from the latest assessment), ranked by how much of
    their gaps against the role target they work on."""
    mentee = get_person(session, mentee_id)
    ensure_can_view(actor, mentee, None)
    latest = next(iter(assessments_of(session, actor=actor, person_id=mentee_id)), None)
    if latest is None:
        level, based_on = CapstoneLevel.BEGINNER, "no assessment yet, so the beginner projects"
    else:
        level = capstone_level(level_for_score(latest.overall))
        based_on = f"latest assessment {latest.overall:g}/10 on {formats.day(latest.created_at)}"
    matrix = people_matrix(session, actor=actor, team_id=mentee.team_id, person_ids=[mentee_id])
    gaps = {key: cell.gap for (pid, key), cell in matrix.cells.items() if pid == mentee_id}
    return CapstoneAdvice(level, based_on, rank_capstones(capstone_catalog(session), level, gaps))


def capstones_of(session: Session, *, actor: PersonRef, mentee_id: int) -> list[CapstoneView]:
    """The mentee's capstones, newest first."""
    mentee = get_person(session, mentee_id)
    ensure_can_view(actor, mentee, None)
    rows = session.exec(
        select(Capstone)
        .where(Capstone.person_id == mentee_id)
        .order_by(col(Capstone.started_on).desc(), col(Capstone.id).desc())
    ).all()
    return [_view(r) for r in rows]


def current_checkpoint(
    session: Session, *, actor: PersonRef, person_id: int
) -> CurrentCheckpoint | None:
    """The first unticked checkpoint of the person's capstone in progress: for them, their
    mentor or a lead of their team."""
    ensure_can_view(actor, get_person(session, person_id), None)
    row = session.exec(
        select(Capstone)
        .where(Capstone.person_id == person_id, col(Capstone.completed_on).is_(None))
        .order_by(col(Capstone.started_on).desc())
    ).first()
    if row is None:
        return None
    nxt = _view(row).next_checkpoint
    return CurrentCheckpoint(row.title, nxt.week, nxt.title) if nxt else None


def start_capstone(
    session: Session,
    *,
    actor: PersonRef,
    mentee_id: int,
    project_key: str,
    started_on: date,
    now: datetime,
) -> CapstoneView:
    """Start a catalog project for the mentee; one capstone at a time."""
    mentee = get_person(session, mentee_id)
    ensure_can_mentor(actor, mentee, "start a capstone for them")
    chosen = project(capstone_catalog(session), project_key)
    running = session.exec(
        select(Capstone.title).where(
            Capstone.person_id == mentee_id, col(Capstone.completed_on).is_(None)
        )
    ).first()
    if running is not None:
        raise InvalidInput(f"{mentee.name} is already working on '{running}'; finish it first.")
    row = Capstone(
        person_id=mentee_id,
        project_key=chosen.key,
        title=chosen.title,
        level=chosen.level.value,
        started_on=started_on,
        checkpoints=[
            {"week": week, "title": title, "done_on": None, "ticked_by": None}
            for week, title in enumerate(chosen.checkpoints, start=1)
        ],
    )
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="capstone_started",
        entity="capstone",
        entity_id=row.id,
        detail={"person_id": mentee_id, "project": chosen.key},
        at=now,
    )
    return _view(row)


def tick_checkpoint(
    session: Session, *, actor: PersonRef, capstone_id: int, week: int, on: date, now: datetime
) -> CapstoneView:
    """Tick one week's checkpoint off; the last one completes the capstone."""
    row = session.get(Capstone, capstone_id)
    if row is None:
        raise NotFound(f"No capstone {capstone_id}.")
    mentee = get_person(session, row.person_id)
    ensure_can_mentor(actor, mentee, "tick capstone checkpoints")
    checkpoints = [dict(c) for c in row.checkpoints]  # a new list, so the JSON change is saved
    target = next((c for c in checkpoints if int(c["week"]) == week), None)
    if target is None:
        raise InvalidInput(f"'{row.title}' has no week {week} checkpoint.")
    if target.get("done_on"):
        raise InvalidInput(f"Week {week} of '{row.title}' is already ticked.")
    if on < row.started_on:
        raise InvalidInput("A checkpoint cannot be done before the capstone started.")
    target["done_on"] = on.isoformat()
    target["ticked_by"] = actor.name
    row.checkpoints = checkpoints
    if all(c.get("done_on") for c in checkpoints):
        row.completed_on = on
    session.add(row)
    completed = " — the last one: the capstone is complete" if row.completed_on else ""
    record(
        session,
        actor=actor,
        action="capstone_checkpoint_ticked",
        entity="capstone",
        entity_id=row.id,
        detail={
            "summary": f"Ticked week {week} of {mentee.name}'s capstone '{row.title}' "
            f"({target['title']}) as done on {formats.day(on)}{completed}."
        },
        at=now,
    )
    session.flush()
    return _view(row)
