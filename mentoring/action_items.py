"""Action items from 1:1s: owner, due date, done; open ones carry over until done."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from assessments.ratings import add_rating
from mentoring.access import ensure_can_mentor, ensure_can_view
from storage import formats
from storage.audit import record
from storage.engine import quarter_hour, quarter_hour_start
from storage.enums import RaterKind
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import ActionItem, Competency, MentoringPlan, MentoringSession, Person
from storage.people import PersonRef, get_person
from storage.text_rules import one_line_problem
from storage.time_zones import local_day, person_zone

MAX_TITLE_CHARS = 300
# A new item is due by the next 1:1, or in a week when none is planned.
ACTION_ITEM_DEFAULT_DAYS = 7


@dataclass(frozen=True)
class ActionItemView:
    id: int
    session_id: int
    session_number: int
    title: str
    owner_id: int
    owner_name: str
    due_on: date | None
    competency_key: str | None
    competency_name: str | None
    raised_at: datetime
    done_at: datetime | None
    overdue: bool  # open and its due date has passed

    @property
    def raised_on(self) -> date:
        return self.raised_at.date()

    @property
    def is_open(self) -> bool:
        return self.done_at is None


@dataclass(frozen=True)
class ItemLife:
    """Action items alike in their days: raised, due (maybe), done (maybe); `count` of them."""

    raised_on: date
    due_on: date | None
    done_on: date | None
    count: int


def item_lives(session: Session, mentee_ids: Sequence[int], zone: ZoneInfo) -> list[ItemLife]:
    """The days of every action item raised in any plan of `mentee_ids` (days in `zone`)."""
    # Counted per quarter hour in SQL: years of items are many rows, only their days matter.
    raised_quarter = quarter_hour(session, col(ActionItem.created_at))
    closed_quarter = quarter_hour(session, col(ActionItem.done_at))

    def day_of(quarter: float | Decimal) -> date:
        return local_day(quarter_hour_start(quarter), zone)

    return [
        ItemLife(day_of(raised), due_on, day_of(closed) if closed is not None else None, int(n))
        for raised, due_on, closed, n in session.execute(
            sa_select(raised_quarter, col(ActionItem.due_on), closed_quarter, func.count())
            .join(MentoringSession, col(MentoringSession.id) == ActionItem.session_id)
            .join(MentoringPlan, col(MentoringPlan.id) == MentoringSession.plan_id)
            .where(col(MentoringPlan.mentee_id).in_(list(mentee_ids)))
            .group_by(raised_quarter, col(ActionItem.due_on), closed_quarter)
        )
    ]


def is_overdue(due_on: date | None, done_at: datetime | None, today: date) -> bool:
    """Open and due before today."""
    return done_at is None and due_on is not None and due_on < today


def default_due_on(today: date, next_planned_on: date | None) -> date:
    """The due date a new action item starts with: the next planned 1:1 after today, where
    it will be talked over; without one, a week from today. Never in the past."""
    if next_planned_on is not None and next_planned_on > today:
        return next_planned_on
    return today + timedelta(days=ACTION_ITEM_DEFAULT_DAYS)


def _item_views(session: Session, where: ColumnElement[bool], today: date) -> list[ActionItemView]:
    rows = session.exec(
        select(ActionItem, MentoringSession.number)
        .join(MentoringSession, col(MentoringSession.id) == ActionItem.session_id)
        .join(MentoringPlan, col(MentoringPlan.id) == MentoringSession.plan_id)
        .where(where)
        .order_by(col(ActionItem.created_at), col(ActionItem.id))
    ).all()
    names = {p.id: p.name for p in session.exec(select(Person))}
    competencies = {c.id: c for c in session.exec(select(Competency))}
    views = []
    for item, number in rows:
        competency = competencies.get(item.competency_id) if item.competency_id else None
        views.append(
            ActionItemView(
                id=item.id or 0,
                session_id=item.session_id,
                session_number=number,
                title=item.title,
                owner_id=item.owner_id,
                owner_name=names.get(item.owner_id, "someone"),
                due_on=item.due_on,
                competency_key=competency.key if competency else None,
                competency_name=competency.name if competency else None,
                raised_at=item.created_at,
                done_at=item.done_at,
                overdue=is_overdue(item.due_on, item.done_at, today),
            )
        )
    return views


def items_of_mentee(session: Session, *, mentee_id: int, today: date) -> list[ActionItemView]:
    """Every action item from the mentee's sessions (any plan), oldest first; no permission
    check: callers check who may see the mentoring."""
    return _item_views(session, col(MentoringPlan.mentee_id) == mentee_id, today)


def open_items_owned_by(
    session: Session, *, owner_id: int, due_by: date, today: date
) -> list[ActionItemView]:
    """The open items `owner_id` owns, in any 1:1 they are part of, due by `due_by` (overdue
    ones included), the earliest due first; no permission check: they are the owner's own."""
    items = _item_views(
        session,
        (col(ActionItem.owner_id) == owner_id)
        & col(ActionItem.done_at).is_(None)
        & (col(ActionItem.due_on) <= due_by),
        today,
    )
    return sorted(items, key=lambda i: (i.due_on or date.max, i.raised_at))


def carried_over_for(items: list[ActionItemView], row: MentoringSession) -> list[ActionItemView]:
    """Items raised before this session and still open when it took place (or now, if it has
    not yet): what carries over into it."""
    carried = []
    for item in items:
        if item.session_id == row.id:
            continue
        if row.done_at is None:
            if item.is_open:
                carried.append(item)
        elif item.raised_at < row.done_at and (item.done_at is None or item.done_at > row.done_at):
            carried.append(item)
    return carried


def open_items(
    session: Session, *, actor: PersonRef, mentee_id: int, today: date
) -> list[ActionItemView]:
    """The mentee's open items, overdue first, then by due date."""
    mentee = get_person(session, mentee_id)
    ensure_can_view(actor, mentee, None)
    items = [i for i in items_of_mentee(session, mentee_id=mentee_id, today=today) if i.is_open]
    return sorted(items, key=lambda i: (not i.overdue, i.due_on or date.max, i.raised_at))


def _plan_of_session(session: Session, session_id: int) -> tuple[MentoringSession, MentoringPlan]:
    row = session.get(MentoringSession, session_id)
    if row is None:
        raise NotFound(f"No mentoring session {session_id}.")
    plan = session.get(MentoringPlan, row.plan_id)
    assert plan is not None  # foreign key
    return row, plan


def add_action_item(
    session: Session,
    *,
    actor: PersonRef,
    session_id: int,
    title: str,
    owner_id: int,
    due_on: date | None,
    competency_key: str | None = None,
    now: datetime,
) -> ActionItemView:
    """Raise an item in a session, owned by the mentee or the mentor."""
    row, plan = _plan_of_session(session, session_id)
    ensure_can_mentor(actor, get_person(session, plan.mentee_id), "add action items")
    problems = []
    title = title.strip()
    if not title:
        problems.append("say what is to be done")
    elif len(title) > MAX_TITLE_CHARS:
        problems.append(f"the title is longer than {MAX_TITLE_CHARS} characters")
    elif problem := one_line_problem(title, "title"):
        problems.append(problem)
    if owner_id not in (plan.mentee_id, plan.mentor_id):
        problems.append("the owner is the mentee or the mentor")
    today = local_day(now, person_zone(session, plan.mentee_id))
    if due_on is not None and due_on < today:
        problems.append(f"the due date {formats.day(due_on)} has passed; pick today or later")
    elif due_on is not None and due_on < local_day(
        row.scheduled_for, person_zone(session, plan.mentee_id)
    ):
        problems.append("the due date is before the session")
    competency_id = None
    if competency_key:
        mentee = session.get(Person, plan.mentee_id)
        competency_id = session.exec(
            select(Competency.id).where(
                Competency.key == competency_key,
                Competency.team_id == (mentee.team_id if mentee else None),
            )
        ).first()
        if competency_id is None:
            problems.append(f"there is no competency '{competency_key}'")
    if problems:
        raise InvalidInput("Action item not saved: " + "; ".join(problems) + ".")
    item = ActionItem(
        session_id=session_id,
        owner_id=owner_id,
        title=title,
        due_on=due_on,
        competency_id=competency_id,
        created_at=now,
    )
    session.add(item)
    session.flush()
    owner_name = get_person(session, owner_id).name
    mentee_name = get_person(session, plan.mentee_id).name
    due = f", due {formats.day(due_on)}" if due_on else ", no due date"
    record(
        session,
        actor=actor,
        action="action_item_added",
        entity="actionitem",
        entity_id=item.id,
        detail={
            "summary": f"Raised '{title}' for {owner_name}{due}, in session {row.number} of "
            f"{mentee_name}'s mentoring."
        },
        at=now,
    )
    return next(
        i
        for i in items_of_mentee(session, mentee_id=plan.mentee_id, today=today)
        if i.id == item.id
    )


def close_action_item(
    session: Session,
    *,
    actor: PersonRef,
    item_id: int,
    now: datetime,
    evidence_level: int | None = None,
    evidence_note: str = "",
) -> ActionItemView:
    """Mark an item done (its owner, the mentor or a lead). With `evidence_level`, the mentor
    or lead also rates the mentee in the item's competency, as evidence of what was shown."""
    item = session.get(ActionItem, item_id)
    if item is None:
        raise NotFound(f"No action item {item_id}.")
    row, plan = _plan_of_session(session, item.session_id)
    mentee = get_person(session, plan.mentee_id)
    if actor.id != item.owner_id:
        ensure_can_mentor(actor, mentee, "close someone else's action item")
    if item.done_at is not None:
        raise InvalidInput(f"'{item.title}' is already done.")
    if evidence_level is not None:
        if actor.id == mentee.id:
            raise PermissionDenied("Evidence comes from the mentor or a lead, not the mentee.")
        competency = session.get(Competency, item.competency_id) if item.competency_id else None
        if competency is None:
            raise InvalidInput("This item is not linked to a competency, so it adds no evidence.")
        add_rating(
            session,
            actor=actor,
            person_id=mentee.id,
            competency_key=competency.key,
            level=evidence_level,
            rater_kind=RaterKind.LEAD if actor.is_lead else RaterKind.MENTOR,
            note=(evidence_note.strip() or f"Action item done: {item.title}"),
            created_at=now,
        )
    item.done_at = now
    session.add(item)
    record(
        session,
        actor=actor,
        action="action_item_done",
        entity="actionitem",
        entity_id=item.id,
        detail={"session_id": row.id, "evidence_level": evidence_level},
        at=now,
    )
    session.flush()
    return next(
        i
        for i in items_of_mentee(
            session, mentee_id=mentee.id, today=local_day(now, person_zone(session, mentee.id))
        )
        if i.id == item.id
    )
