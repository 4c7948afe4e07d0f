"""The feedback loop on the curriculum: learners are asked how useful their learning was (after
finishing a module, and weekly while on a track), answer or set the question aside; leads
read the answers and open improvement items for a module, shown to whoever keeps the
curriculum until they are done.

Answers carry the learner's name for their lead: in a team of a few people an anonymous
comment is easy to place anyway, and a lead who knows who struggled can follow up. The
question says so, so nobody is surprised.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from storage.access import ensure_in_team, ensure_team_lead
from storage.audit import record
from storage.enums import EnrollmentStatus, ImprovementStatus, ModuleStatus
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import (
    Enrollment,
    ImprovementItem,
    LearningFeedback,
    Module,
    ModuleProgress,
    Person,
)
from storage.people import PersonRef, get_person, list_people
from storage.text_rules import body_problem, normalise_line_breaks, one_line_problem

WEEKLY_QUESTION = "How useful was this week's learning, 1–5, and why?"
MODULE_QUESTION = "How useful was the module {title}, 1–5, and why?"
RATING_RANGE = (1, 5)
MAX_COMMENT_CHARS = 2_000
MAX_IMPROVEMENT_TITLE_CHARS = 300
# A module finished longer ago than this is not asked about any more: the memory has faded.
MODULE_QUESTION_DAYS = 14
# One question at a time: the next one comes once it is answered or set aside.
QUESTIONS_AT_ONCE = 1
STATUS_WORDS = {
    ImprovementStatus.OPEN: "open",
    ImprovementStatus.IN_PROGRESS: "in progress",
    ImprovementStatus.DONE: "done",
}


@dataclass(frozen=True)
class FeedbackQuestion:
    module_key: str | None  # None: the weekly question
    module_title: str | None
    week_start: date
    text: str


@dataclass(frozen=True)
class FeedbackAnswer:
    id: int
    person_id: int
    person_name: str
    module_key: str | None
    module_title: str | None
    week_start: date
    rating: int
    comment: str
    answered_at: datetime


@dataclass(frozen=True)
class ImprovementView:
    id: int
    module_key: str
    module_title: str
    title: str
    status: ImprovementStatus
    owner_id: int | None
    owner_name: str | None
    opened_by_name: str
    opened_at: datetime
    updated_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.status != ImprovementStatus.DONE


# --- rules (over plain values) -----------------------------------------------------------


def week_start(day: date) -> date:
    """The Monday of the week `day` falls in: the week a weekly answer is about."""
    return day - timedelta(days=day.weekday())


def questions_due(
    *,
    today: date,
    on_a_track: bool,
    completed: Iterable[tuple[str, str, date]],
    asked_modules: set[str],
    asked_weeks: set[date],
) -> list[FeedbackQuestion]:
    """What to ask a learner today, one question at a time: the module finished last among
    those finished in the last MODULE_QUESTION_DAYS and not asked about yet (`completed`:
    key, title, day finished); else, while they are on a track, the weekly question unless
    anything was asked (answered or set aside) this week."""
    week = week_start(today)
    questions = [
        FeedbackQuestion(key, title, week, MODULE_QUESTION.format(title=title))
        for key, title, on in sorted(completed, key=lambda c: c[2], reverse=True)
        if key not in asked_modules and 0 <= (today - on).days <= MODULE_QUESTION_DAYS
    ]
    if on_a_track and not questions and week not in asked_weeks:
        questions.append(FeedbackQuestion(None, None, week, WEEKLY_QUESTION))
    return questions[:QUESTIONS_AT_ONCE]


# --- asking and answering ---------------------------------------------------------------


def _asked(session: Session, person_id: int) -> list[tuple[str | None, date]]:
    return [
        (key, week)
        for key, week in session.exec(
            select(col(Module.key), col(LearningFeedback.week_start))
            .select_from(LearningFeedback)
            .outerjoin(Module, col(Module.id) == LearningFeedback.module_id)
            .where(LearningFeedback.person_id == person_id)
        )
    ]


def open_questions(session: Session, *, actor: PersonRef, today: date) -> list[FeedbackQuestion]:
    """The feedback questions the actor is asked today (their own only)."""
    asked = _asked(session, actor.id)
    completed = session.exec(
        select(col(Module.key), col(Module.title), col(ModuleProgress.completed_on))
        .join(Module, col(Module.id) == ModuleProgress.module_id)
        .where(
            ModuleProgress.person_id == actor.id,
            ModuleProgress.status == ModuleStatus.COMPLETED,
            col(ModuleProgress.completed_on).is_not(None),
        )
    ).all()
    on_a_track = (
        session.exec(
            select(Enrollment.id).where(
                Enrollment.person_id == actor.id, Enrollment.status == EnrollmentStatus.ACTIVE
            )
        ).first()
        is not None
    )
    return questions_due(
        today=today,
        on_a_track=on_a_track,
        completed=[(k, t, on) for k, t, on in completed if on is not None],
        asked_modules={k for k, _ in asked if k is not None},
        asked_weeks={w for _, w in asked},
    )


def _module(session: Session, module_key: str) -> Module:
    module = session.exec(select(Module).where(Module.key == module_key)).first()
    if module is None:
        raise NotFound(f"No module '{module_key}'.")
    return module


def _ensure_not_asked(
    session: Session, actor: PersonRef, module: Module | None, week: date, what: str
) -> None:
    asked = _asked(session, actor.id)
    if module is not None and any(k == module.key for k, _ in asked):
        raise InvalidInput(f"Feedback not {what}: you already answered about {module.title}.")
    if module is None and any(k is None and w == week for k, w in asked):
        raise InvalidInput(f"Feedback not {what}: you already answered for this week.")


def _about(module: Module | None, week: date) -> str:
    return module.title if module is not None else f"the week of {week.day} {week:%b %Y}"


def answer_question(
    session: Session,
    *,
    actor: PersonRef,
    module_key: str | None,
    week: date,
    rating: int | None,
    comment: str,
    now: datetime,
) -> FeedbackAnswer:
    """The learner answers a feedback question (a rating 1–5 and why); once per module, and
    once per week for the weekly question."""
    module = _module(session, module_key) if module_key else None
    comment = normalise_line_breaks(comment).strip()
    low, high = RATING_RANGE
    problems = []
    if isinstance(rating, bool) or not isinstance(rating, int) or not low <= rating <= high:
        problems.append(f"pick a rating from {low} to {high}")
    if len(comment) > MAX_COMMENT_CHARS:
        problems.append(f"the comment is longer than {MAX_COMMENT_CHARS} characters")
    if (problem := body_problem(comment, "comment")) is not None:
        problems.append(problem)
    if problems:
        raise InvalidInput("Feedback not saved: " + "; ".join(problems) + ".")
    assert rating is not None
    _ensure_not_asked(session, actor, module, week, "saved")
    row = LearningFeedback(
        person_id=actor.id,
        team_id=actor.team_id,
        module_id=None if module is None else module.id,
        week_start=week,
        rating=rating,
        comment=comment,
        created_at=now,
    )
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="learning_feedback_given",
        entity="learningfeedback",
        entity_id=row.id,
        summary=f"Rated what they learned in {_about(module, week)} {rating} out of {high}"
        + (" with a comment." if comment else "."),
        at=now,
    )
    return FeedbackAnswer(
        id=row.id or 0,
        person_id=actor.id,
        person_name=actor.name,
        module_key=module_key,
        module_title=None if module is None else module.title,
        week_start=week,
        rating=rating,
        comment=comment,
        answered_at=now,
    )


def set_aside_question(
    session: Session, *, actor: PersonRef, module_key: str | None, week: date, now: datetime
) -> None:
    """The learner sets a feedback question aside: it is not asked again (the weekly one comes
    back next week)."""
    module = _module(session, module_key) if module_key else None
    _ensure_not_asked(session, actor, module, week, "set aside")
    row = LearningFeedback(
        person_id=actor.id,
        team_id=actor.team_id,
        module_id=None if module is None else module.id,
        week_start=week,
        rating=None,
        created_at=now,
    )
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="learning_feedback_set_aside",
        entity="learningfeedback",
        entity_id=row.id,
        summary=f"Set aside the feedback question about {_about(module, week)}.",
        at=now,
    )


def team_feedback(session: Session, *, actor: PersonRef, team_id: int) -> list[FeedbackAnswer]:
    """Every answer (questions set aside left out) of the team's learners, newest first: for
    the team's lead."""
    ensure_team_lead(actor, team_id, "read the team's curriculum feedback")
    names = {p.id: p.name for p in list_people(session, team_id)}
    rows = session.exec(
        select(LearningFeedback, Module)
        .outerjoin(Module, col(Module.id) == LearningFeedback.module_id)
        .where(LearningFeedback.team_id == team_id, col(LearningFeedback.rating).is_not(None))
        .order_by(col(LearningFeedback.created_at).desc(), col(LearningFeedback.id).desc())
    ).all()
    return [
        FeedbackAnswer(
            id=f.id or 0,
            person_id=f.person_id,
            person_name=names.get(f.person_id) or get_person(session, f.person_id).name,
            module_key=None if m is None else m.key,
            module_title=None if m is None else m.title,
            week_start=f.week_start,
            rating=f.rating or 0,
            comment=f.comment,
            answered_at=f.created_at,
        )
        for f, m in rows
    ]


# --- improvement items --------------------------------------------------------------------


def improvement_items(
    session: Session, *, actor: PersonRef, team_id: int, open_only: bool = False
) -> list[ImprovementView]:
    """The team's improvement items, open ones first, newest first within."""
    ensure_in_team(actor, team_id)
    rows = session.exec(
        select(ImprovementItem, Module)
        .join(Module, col(Module.id) == ImprovementItem.module_id)
        .where(ImprovementItem.team_id == team_id)
        .order_by(col(ImprovementItem.created_at).desc(), col(ImprovementItem.id).desc())
    ).all()
    # Leavers too: an item keeps naming who opened or owned it.
    names = {p.id: p.name for p in session.exec(select(Person))}
    views = [
        ImprovementView(
            id=i.id or 0,
            module_key=m.key,
            module_title=m.title,
            title=i.title,
            status=ImprovementStatus(i.status),
            owner_id=i.owner_id,
            owner_name=names.get(i.owner_id) if i.owner_id else None,
            opened_by_name=names.get(i.opened_by_id, "Someone"),
            opened_at=i.created_at,
            updated_at=i.updated_at,
        )
        for i, m in rows
    ]
    views = [v for v in views if v.is_open or not open_only]
    return sorted(views, key=lambda v: not v.is_open)


def open_improvement(
    session: Session,
    *,
    actor: PersonRef,
    module_key: str,
    title: str,
    owner_id: int | None,
    now: datetime,
) -> ImprovementView:
    """A lead opens an improvement item for a module, with an owner from the team (or none)."""
    ensure_team_lead(actor, actor.team_id, "open an improvement item")
    title = title.strip()
    problems = []
    if not title:
        problems.append("say what should improve")
    if len(title) > MAX_IMPROVEMENT_TITLE_CHARS:
        problems.append(f"the title is longer than {MAX_IMPROVEMENT_TITLE_CHARS} characters")
    if (problem := one_line_problem(title, "title")) is not None:
        problems.append(problem)
    owner = None if owner_id is None else get_person(session, owner_id)
    if owner is not None and owner.team_id != actor.team_id:
        problems.append(f"{owner.name} is not in your team")
    if problems:
        raise InvalidInput("Improvement item not opened: " + "; ".join(problems) + ".")
    module = _module(session, module_key)
    item = ImprovementItem(
        team_id=actor.team_id,
        module_id=module.id or 0,
        title=title,
        owner_id=owner_id,
        opened_by_id=actor.id,
        created_at=now,
    )
    session.add(item)
    session.flush()
    owned = f", owned by {owner.name}" if owner is not None else ""
    record(
        session,
        actor=actor,
        action="improvement_item_opened",
        entity="improvementitem",
        entity_id=item.id,
        summary=f"Opened the improvement item '{title}' for {module.title}{owned}.",
        at=now,
    )
    return next(
        v for v in improvement_items(session, actor=actor, team_id=actor.team_id) if v.id == item.id
    )


def set_improvement_status(
    session: Session, *, actor: PersonRef, item_id: int, status: ImprovementStatus, now: datetime
) -> ImprovementView:
    """The team's lead or the item's owner moves an item on (open, in progress, done)."""
    item = session.get(ImprovementItem, item_id)
    if item is None:
        raise NotFound("That improvement item does not exist.")
    if not ((actor.is_lead and actor.team_id == item.team_id) or actor.id == item.owner_id):
        raise PermissionDenied("Only the team's lead or the item's owner can change its status.")
    if status == item.status:
        raise InvalidInput(f"Improvement item not changed: it is {STATUS_WORDS[status]} already.")
    module = session.get(Module, item.module_id)
    before = STATUS_WORDS[ImprovementStatus(item.status)]
    item.status, item.updated_at = status, now
    session.add(item)
    record(
        session,
        actor=actor,
        action="improvement_item_changed",
        entity="improvementitem",
        entity_id=item.id,
        summary=f"Moved the improvement item '{item.title}' for "
        f"{module.title if module else 'a module'} from {before} to {STATUS_WORDS[status]}.",
        at=now,
        team_id=item.team_id,
    )
    session.flush()
    return next(
        v for v in improvement_items(session, actor=actor, team_id=item.team_id) if v.id == item_id
    )
