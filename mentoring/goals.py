"""Development plans: a person's goals (what, why, an optional competency and target level, due
date, success measure), agreed by the person and their mentor, with milestones, progress from
evidence or ticks, review notes written in 1:1s and the plan's history (from the audit log).

A goal that names a competency and a level sets the person's personal target in it (the
highest such goal's level), which replaces their job role's target wherever a target counts.
Who may read and change a plan: storage.access (`can_see_goals`, `can_agree_as_mentor`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, col, select

from assessments.framework import set_personal_target
from assessments.ratings import people_matrix
from assessments.rules import LEVEL_NAMES
from mentoring.access import ensure_can_mentor
from mentoring.goal_rules import (
    GoalStanding,
    GoalStatus,
    competency_progress,
    evidence_level,
    for_review,
    goal_status,
    ticked_progress,
)
from mentoring.planning import plan_row, plan_today
from storage import formats
from storage.access import (
    can_agree_as_mentor,
    can_see_goals,
    ensure_can_edit_goals,
    ensure_can_see_goals,
)
from storage.audit import AuditEntry, entity_history, record
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import Competency, Goal, GoalMilestone, GoalReview, MentoringSession, Person
from storage.people import PersonRef, get_person, list_people
from storage.text_rules import body_problem, normalise_line_breaks, one_line_problem
from storage.time_zones import local_day, person_zone

MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 2_000
MAX_REVIEW_CHARS = 1_000
MAX_MILESTONES = 12
GOAL_ENTITY = "goal"  # every change to a goal, its milestones and reviews is told under it


@dataclass(frozen=True)
class GoalInput:
    """What a person types into a goal's form."""

    title: str
    why: str
    due_on: date
    success_measure: str = ""
    competency_key: str | None = None
    target_level: int | None = None


@dataclass(frozen=True)
class MilestoneView:
    id: int
    title: str
    done_on: date | None
    done_by_name: str | None


@dataclass(frozen=True)
class ReviewView:
    meeting_id: int
    meeting_number: int
    author_name: str
    note: str
    created_at: datetime


@dataclass(frozen=True)
class GoalView:
    id: int
    person_id: int
    title: str
    why: str
    competency_key: str | None
    competency_name: str | None
    target_level: int | None
    level: int | None  # the evidence level in the competency (None: no competency named)
    due_on: date
    success_measure: str
    set_on: date
    progress: float  # 0..1
    status: GoalStatus
    done_by_hand: bool
    learner_agreed_at: datetime | None
    mentor_agreed_at: datetime | None
    mentor_agreed_by_name: str | None
    milestones: list[MilestoneView] = field(default_factory=list)
    reviews: list[ReviewView] = field(default_factory=list)
    history: list[AuditEntry] = field(default_factory=list)

    @property
    def agreed(self) -> bool:
        return self.learner_agreed_at is not None and self.mentor_agreed_at is not None

    @property
    def measure(self) -> str:
        """How progress is measured, in words: "intermediate of advanced in Vector search",
        "2 of 3 milestones", "ticked by hand"."""
        if self.competency_name is not None and self.target_level is not None:
            return (
                f"{LEVEL_NAMES[self.level or 0]} of {LEVEL_NAMES[self.target_level]} "
                f"in {self.competency_name}"
            )
        if self.milestones:
            done = sum(1 for m in self.milestones if m.done_on is not None)
            return f"{done} of {len(self.milestones)} milestones"
        return "done" if self.done_by_hand else "ticked by hand when done"


@dataclass(frozen=True)
class DevelopmentPlanView:
    person: PersonRef
    goals: list[GoalView]
    can_edit: bool
    agrees_as: str | None  # "learner", "mentor" or None: which side the viewer agrees for

    def standings(self) -> list[GoalStanding]:
        return [GoalStanding(g.id, g.title, g.due_on, g.progress, g.status) for g in self.goals]


# --- reading ----------------------------------------------------------------------------


def plan_people(session: Session, *, actor: PersonRef) -> dict[int, str]:
    """Whose development plans the actor may open (id → name): themself first, then, by name,
    their mentees (a lead: everyone active in the team)."""
    others = [
        p
        for p in list_people(session, actor.team_id)
        if p.id != actor.id and p.active and can_see_goals(actor, p)
    ]
    return {actor.id: actor.name} | {p.id: p.name for p in sorted(others, key=lambda p: p.name)}


def _agrees_as(actor: PersonRef, person: PersonRef) -> str | None:
    if actor.id == person.id:
        return "learner"
    return "mentor" if can_agree_as_mentor(actor, person) else None


def _goal_rows(session: Session, person_id: int) -> list[Goal]:
    return list(
        session.exec(
            select(Goal).where(Goal.person_id == person_id).order_by(col(Goal.due_on), col(Goal.id))
        )
    )


def _views(
    session: Session, actor: PersonRef, person: PersonRef, rows: Sequence[Goal], today: date
) -> list[GoalView]:
    """Goals as read models: evidence from the matrix (one read for the person), milestones,
    reviews and history read once for all goals."""
    ids = [g.id for g in rows if g.id is not None]
    if not ids:
        return []
    matrix = people_matrix(session, actor=actor, team_id=person.team_id, person_ids=[person.id])
    competencies = {
        c.id: c
        for c in session.exec(select(Competency).where(Competency.team_id == person.team_id))
    }
    names = {
        p.id: p.name for p in session.exec(select(Person).where(Person.team_id == person.team_id))
    }
    milestones: dict[int, list[GoalMilestone]] = {i: [] for i in ids}
    for m in session.exec(
        select(GoalMilestone)
        .where(col(GoalMilestone.goal_id).in_(ids))
        .order_by(col(GoalMilestone.position), col(GoalMilestone.id))
    ):
        milestones[m.goal_id].append(m)
    reviews: dict[int, list[ReviewView]] = {i: [] for i in ids}
    for review, number in session.exec(
        select(GoalReview, MentoringSession.number)
        .join(MentoringSession, col(MentoringSession.id) == GoalReview.meeting_id)
        .where(col(GoalReview.goal_id).in_(ids))
        .order_by(col(GoalReview.created_at), col(GoalReview.id))
    ):
        reviews[review.goal_id].append(
            ReviewView(
                review.meeting_id,
                number,
                names.get(review.author_id) or get_person(session, review.author_id).name,
                review.note,
                review.created_at,
            )
        )
    # Every change to a goal, its milestones and its reviews is told under the goal.
    history = {goal_id: entity_history(session, GOAL_ENTITY, [goal_id]) for goal_id in ids}
    zone = person_zone(session, person.id)
    views = []
    for g in rows:
        assert g.id is not None
        competency = competencies.get(g.competency_id) if g.competency_id else None
        level: int | None = None
        marks = milestones[g.id]
        if competency is not None and g.target_level is not None:
            cell = matrix.cells.get((person.id, competency.key))
            level = evidence_level(cell.resolved) if cell is not None else 0
            progress = competency_progress(level, g.target_level)
        else:
            progress = ticked_progress(
                sum(1 for m in marks if m.done_on is not None), len(marks), g.done_at is not None
            )
        set_on = local_day(g.created_at, zone)
        views.append(
            GoalView(
                id=g.id,
                person_id=g.person_id,
                title=g.title,
                why=g.why,
                competency_key=competency.key if competency else None,
                competency_name=competency.name if competency else None,
                target_level=g.target_level if competency else None,
                level=level,
                due_on=g.due_on,
                success_measure=g.success_measure,
                set_on=set_on,
                progress=progress,
                status=goal_status(progress, set_on, g.due_on, today),
                done_by_hand=g.done_at is not None,
                learner_agreed_at=g.learner_agreed_at,
                mentor_agreed_at=g.mentor_agreed_at,
                mentor_agreed_by_name=names.get(g.mentor_agreed_by_id)
                if g.mentor_agreed_by_id
                else None,
                milestones=[
                    MilestoneView(
                        m.id or 0,
                        m.title,
                        m.done_on,
                        names.get(m.done_by_id) if m.done_by_id else None,
                    )
                    for m in marks
                ],
                reviews=reviews[g.id],
                history=history[g.id],
            )
        )
    return views


def development_plan(
    session: Session, *, actor: PersonRef, person_id: int, today: date
) -> DevelopmentPlanView:
    """A person's goals, soonest due first, with their progress, status, milestones, review
    notes and history: for the person, their mentor and the team's leads."""
    person = get_person(session, person_id)
    ensure_can_see_goals(actor, person)
    return DevelopmentPlanView(
        person=person,
        goals=_views(session, actor, person, _goal_rows(session, person_id), today),
        can_edit=can_see_goals(actor, person),
        agrees_as=_agrees_as(actor, person),
    )


def goals_to_review(
    session: Session, *, actor: PersonRef, meeting_id: int, now: datetime
) -> list[GoalView]:
    """The mentee's goals a 1:1 reviews (due within two weeks or off track), soonest first;
    none for someone who may open the 1:1 but not the plan (a former mentor of the pair)."""
    meeting = session.get(MentoringSession, meeting_id)
    if meeting is None:
        raise NotFound(f"No mentoring session {meeting_id}.")
    plan = plan_row(session, meeting.plan_id)
    if not can_see_goals(actor, get_person(session, plan.mentee_id)):
        return []
    today = plan_today(session, plan, now)
    view = development_plan(session, actor=actor, person_id=plan.mentee_id, today=today)
    chosen = {s.goal_id for s in for_review(view.standings(), today)}
    reviewed_here = {g.id for g in view.goals if any(r.meeting_id == meeting_id for r in g.reviews)}
    # A goal reviewed in this 1:1 stays listed in it, even once it is no longer due or behind.
    return [g for g in view.goals if g.id in chosen | reviewed_here]


# --- writing ----------------------------------------------------------------------------


def _checked(session: Session, person: PersonRef, goal: GoalInput) -> tuple[GoalInput, int | None]:
    """The input trimmed, and the competency's id; InvalidInput lists every problem."""
    title = " ".join(goal.title.split())
    why = normalise_line_breaks(goal.why).strip()
    measure = normalise_line_breaks(goal.success_measure).strip()
    problems = []
    if not title:
        problems.append("say what the goal is")
    elif len(title) > MAX_TITLE_CHARS:
        problems.append(f"the goal is longer than {MAX_TITLE_CHARS} characters")
    elif problem := one_line_problem(title, "goal"):
        problems.append(problem)
    for text, label, name in (
        (why, "why", "why"),
        (measure, "the success measure", "success measure"),
    ):
        if len(text) > MAX_TEXT_CHARS:
            problems.append(f"{label} is longer than {MAX_TEXT_CHARS} characters")
        elif problem := body_problem(text, name):
            problems.append(problem)
    competency_id: int | None = None
    target = goal.target_level
    if goal.competency_key:
        competency = session.exec(
            select(Competency).where(
                Competency.key == goal.competency_key, Competency.team_id == person.team_id
            )
        ).first()
        if competency is None:
            problems.append(f"there is no competency '{goal.competency_key}' in the team")
        else:
            competency_id = competency.id
        if target is None or isinstance(target, bool) or not 1 <= target <= 4:
            problems.append("a goal in a competency needs a target level, basic to expert")
    else:
        target = None
    if problems:
        raise InvalidInput("Goal not saved: " + "; ".join(problems) + ".")
    cleaned = GoalInput(title, why, goal.due_on, measure, goal.competency_key or None, target)
    return cleaned, competency_id


def _goal(session: Session, goal_id: int) -> tuple[Goal, PersonRef]:
    row = session.get(Goal, goal_id)
    if row is None:
        raise NotFound("That goal no longer exists.")
    return row, get_person(session, row.person_id)


def _sync_target(
    session: Session, actor: PersonRef, person: PersonRef, competency_id: int | None, at: datetime
) -> None:
    """The person's personal target in a competency: the highest level their goals in it
    name; none when no goal names it any more."""
    if competency_id is None:
        return
    session.flush()
    levels = [
        g.target_level
        for g in session.exec(
            select(Goal).where(Goal.person_id == person.id, Goal.competency_id == competency_id)
        )
        if g.target_level is not None
    ]
    set_personal_target(
        session,
        actor=actor,
        person=person,
        competency_id=competency_id,
        level=max(levels) if levels else None,
        at=at,
    )


def _agree_side(row: Goal, actor: PersonRef, person: PersonRef, now: datetime) -> None:
    side = _agrees_as(actor, person)
    if side == "learner":
        row.learner_agreed_at = now
    elif side == "mentor":
        row.mentor_agreed_at, row.mentor_agreed_by_id = now, actor.id


def _whose(actor: PersonRef, person: PersonRef) -> str:
    return "their own" if actor.id == person.id else f"{person.name}'s"


def _target_words(goal: GoalInput, names: dict[str, str]) -> str:
    if goal.competency_key and goal.target_level:
        return (
            f" ({LEVEL_NAMES[goal.target_level]} in "
            f"{names.get(goal.competency_key, goal.competency_key)})"
        )
    return ""


def _competency_names(session: Session, team_id: int) -> dict[str, str]:
    return {
        c.key: c.name for c in session.exec(select(Competency).where(Competency.team_id == team_id))
    }


def add_goal(
    session: Session,
    *,
    actor: PersonRef,
    person_id: int,
    goal: GoalInput,
    milestones: Sequence[str] = (),
    now: datetime,
) -> int:
    """Propose a goal for a person (themself, their mentor or a lead); the proposer's side is
    agreed by proposing it, the other side agrees on the plan. Returns the goal's id."""
    person = get_person(session, person_id)
    ensure_can_edit_goals(actor, person, "add goals to their development plan")
    goal, competency_id = _checked(session, person, goal)
    steps = [" ".join(m.split()) for m in milestones if m.strip()]
    problems = []
    today = local_day(now, person_zone(session, person.id))
    if goal.due_on < today:
        problems.append(f"the due date {formats.day(goal.due_on)} has passed; pick today or later")
    if len(steps) > MAX_MILESTONES:
        problems.append(f"at most {MAX_MILESTONES} milestones")
    if any(len(s) > MAX_TITLE_CHARS for s in steps):
        problems.append(f"a milestone is longer than {MAX_TITLE_CHARS} characters")
    elif problem := next(filter(None, (one_line_problem(s, "milestone") for s in steps)), None):
        problems.append(problem)
    if problems:
        raise InvalidInput("Goal not saved: " + "; ".join(problems) + ".")
    row = Goal(
        person_id=person.id,
        title=goal.title,
        why=goal.why,
        competency_id=competency_id,
        target_level=goal.target_level,
        due_on=goal.due_on,
        success_measure=goal.success_measure,
        created_by_id=actor.id,
        created_at=now,
        updated_at=now,
    )
    _agree_side(row, actor, person, now)
    session.add(row)
    session.flush()
    assert row.id is not None
    for position, title in enumerate(steps):
        session.add(GoalMilestone(goal_id=row.id, title=title, position=position))
    _sync_target(session, actor, person, competency_id, now)
    names = _competency_names(session, person.team_id)
    record(
        session,
        actor=actor,
        action="goal_added",
        entity=GOAL_ENTITY,
        entity_id=row.id,
        summary=f"Proposed a goal for {_whose(actor, person)} development plan: "
        f"'{goal.title}'{_target_words(goal, names)}, due {formats.day(goal.due_on)}"
        + (f", with {len(steps)} milestone{'s' if len(steps) != 1 else ''}" if steps else "")
        + ".",
        detail={"person_id": person.id},
        at=now,
        team_id=person.team_id,
    )
    session.flush()
    return row.id


def update_goal(
    session: Session, *, actor: PersonRef, goal_id: int, goal: GoalInput, now: datetime
) -> list[str]:
    """Change what a goal says; returns what changed (nothing changed: nothing saved). A
    changed goal is agreed again: the editor's side by saving, the other side on the plan."""
    row, person = _goal(session, goal_id)
    ensure_can_edit_goals(actor, person, "change their goals")
    goal, competency_id = _checked(session, person, goal)
    names = _competency_names(session, person.team_id)
    before = {
        "what": row.title,
        "why": row.why,
        "due date": row.due_on,
        "success measure": row.success_measure,
        "competency": row.competency_id,
        "target level": row.target_level,
    }
    after = {
        "what": goal.title,
        "why": goal.why,
        "due date": goal.due_on,
        "success measure": goal.success_measure,
        "competency": competency_id,
        "target level": goal.target_level,
    }
    changed = [k for k in before if before[k] != after[k]]
    if not changed:
        return []
    old_competency = row.competency_id
    row.title, row.why, row.due_on = goal.title, goal.why, goal.due_on
    row.success_measure = goal.success_measure
    row.competency_id, row.target_level = competency_id, goal.target_level
    row.updated_at = now
    row.learner_agreed_at = row.mentor_agreed_at = None
    row.mentor_agreed_by_id = None
    _agree_side(row, actor, person, now)
    session.add(row)
    _sync_target(session, actor, person, old_competency, now)
    if competency_id != old_competency:
        _sync_target(session, actor, person, competency_id, now)
    words = []
    for key in changed:
        if key == "due date":
            words.append(f"due date {formats.day(before[key])} → {formats.day(after[key])}")  # type: ignore[arg-type]
        elif key in ("competency", "target level"):
            if "target" not in " ".join(words):
                words.append(f"target{_target_words(goal, names) or ' removed'}")
        else:
            words.append(key)
    record(
        session,
        actor=actor,
        action="goal_changed",
        entity=GOAL_ENTITY,
        entity_id=row.id,
        summary=f"Changed {_whose(actor, person)} goal '{goal.title}': {', '.join(words)} "
        "(to be agreed again).",
        detail={"person_id": person.id},
        at=now,
        team_id=person.team_id,
    )
    session.flush()
    return changed


def agree_goal(session: Session, *, actor: PersonRef, goal_id: int, now: datetime) -> bool:
    """Agree a goal as it stands: the person for themself, their mentor or a lead on the
    mentor's side. Returns whether both sides have now agreed."""
    row, person = _goal(session, goal_id)
    ensure_can_see_goals(actor, person)
    side = _agrees_as(actor, person)
    if side is None:
        raise PermissionDenied(
            f"A goal is agreed by {person.name} and their mentor (or a team lead)."
        )
    if (side == "learner" and row.learner_agreed_at) or (side == "mentor" and row.mentor_agreed_at):
        raise InvalidInput("You have already agreed to this goal as it stands.")
    _agree_side(row, actor, person, now)
    session.add(row)
    both = row.learner_agreed_at is not None and row.mentor_agreed_at is not None
    record(
        session,
        actor=actor,
        action="goal_agreed",
        entity=GOAL_ENTITY,
        entity_id=row.id,
        summary=f"Agreed to {_whose(actor, person)} goal '{row.title}' "
        f"(as {'the person' if side == 'learner' else 'mentor'})"
        + ("; both have agreed." if both else "."),
        detail={"person_id": person.id},
        at=now,
        team_id=person.team_id,
    )
    session.flush()
    return both


def mark_goal_done(
    session: Session, *, actor: PersonRef, goal_id: int, done: bool, now: datetime
) -> None:
    """Tick a goal done by hand, or undo it: only a goal measured by hand (no competency, no
    milestones); the others are done when their evidence or milestones say so."""
    row, person = _goal(session, goal_id)
    ensure_can_edit_goals(actor, person, "tick their goals")
    if row.competency_id is not None:
        raise InvalidInput("This goal is measured by evidence in its competency, not ticked.")
    if session.exec(select(GoalMilestone.id).where(GoalMilestone.goal_id == goal_id)).first():
        raise InvalidInput("This goal is done when its milestones are ticked.")
    if (row.done_at is not None) == done:
        return
    row.done_at = now if done else None
    session.add(row)
    record(
        session,
        actor=actor,
        action="goal_done" if done else "goal_reopened",
        entity=GOAL_ENTITY,
        entity_id=row.id,
        summary=f"{'Ticked' if done else 'Reopened'} {_whose(actor, person)} goal "
        f"'{row.title}'{' as done' if done else ''}.",
        detail={"person_id": person.id},
        at=now,
        team_id=person.team_id,
    )
    session.flush()


def add_milestone(
    session: Session, *, actor: PersonRef, goal_id: int, title: str, now: datetime
) -> int:
    """Add a step to a goal; returns its id."""
    row, person = _goal(session, goal_id)
    ensure_can_edit_goals(actor, person, "add milestones to their goals")
    title = " ".join(title.split())
    count = len(
        session.exec(select(GoalMilestone.id).where(GoalMilestone.goal_id == goal_id)).all()
    )
    if not title:
        raise InvalidInput("Milestone not saved: say what the step is.")
    if len(title) > MAX_TITLE_CHARS:
        raise InvalidInput(f"Milestone not saved: longer than {MAX_TITLE_CHARS} characters.")
    if problem := one_line_problem(title, "milestone"):
        raise InvalidInput(f"Milestone not saved: {problem}.")
    if count >= MAX_MILESTONES:
        raise InvalidInput(f"Milestone not saved: a goal has at most {MAX_MILESTONES}.")
    milestone = GoalMilestone(goal_id=goal_id, title=title, position=count)
    session.add(milestone)
    session.flush()
    record(
        session,
        actor=actor,
        action="goal_milestone_added",
        entity=GOAL_ENTITY,
        entity_id=row.id,
        summary=f"Added the milestone '{title}' to {_whose(actor, person)} goal '{row.title}'.",
        detail={"person_id": person.id},
        at=now,
        team_id=person.team_id,
    )
    return milestone.id or 0


def tick_milestone(
    session: Session, *, actor: PersonRef, milestone_id: int, done_on: date | None, now: datetime
) -> None:
    """Tick a milestone reached on `done_on` (today or earlier), or untick it (None)."""
    milestone = session.get(GoalMilestone, milestone_id)
    if milestone is None:
        raise NotFound("That milestone no longer exists.")
    row, person = _goal(session, milestone.goal_id)
    ensure_can_edit_goals(actor, person, "tick their milestones")
    today = local_day(now, person_zone(session, person.id))
    if done_on is not None and done_on > today:
        raise InvalidInput("A milestone is ticked on the day it was reached: today or earlier.")
    if milestone.done_on == done_on:
        return
    milestone.done_on = done_on
    milestone.done_by_id = actor.id if done_on else None
    session.add(milestone)
    record(
        session,
        actor=actor,
        action="goal_milestone_ticked" if done_on else "goal_milestone_unticked",
        entity=GOAL_ENTITY,
        entity_id=row.id,
        summary=(
            f"Ticked the milestone '{milestone.title}' of {_whose(actor, person)} goal "
            f"'{row.title}' as reached on {formats.day(done_on)}."
            if done_on
            else f"Unticked the milestone '{milestone.title}' of {_whose(actor, person)} goal "
            f"'{row.title}'."
        ),
        detail={"person_id": person.id},
        at=now,
        team_id=person.team_id,
    )
    session.flush()


def review_goal(
    session: Session, *, actor: PersonRef, goal_id: int, meeting_id: int, note: str, now: datetime
) -> None:
    """Keep a short review note on a goal from a 1:1 of the goal's person: written by their
    mentor or a lead; kept with the goal (its history shows it), never changed."""
    row, person = _goal(session, goal_id)
    meeting = session.get(MentoringSession, meeting_id)
    if meeting is None:
        raise NotFound(f"No mentoring session {meeting_id}.")
    plan = plan_row(session, meeting.plan_id)
    if plan.mentee_id != person.id:
        raise InvalidInput("That goal belongs to someone else's development plan.")
    ensure_can_mentor(actor, person, "write a goal's review note")
    note = normalise_line_breaks(note).strip()
    if not note:
        raise InvalidInput("Review note not saved: write what was said about the goal.")
    if len(note) > MAX_REVIEW_CHARS:
        raise InvalidInput(f"Review note not saved: longer than {MAX_REVIEW_CHARS} characters.")
    if problem := body_problem(note, "note"):
        raise InvalidInput(f"Review note not saved: {problem}.")
    session.add(
        GoalReview(
            goal_id=goal_id, meeting_id=meeting_id, author_id=actor.id, note=note, created_at=now
        )
    )
    record(
        session,
        actor=actor,
        action="goal_reviewed",
        entity=GOAL_ENTITY,
        entity_id=row.id,
        summary=f"Reviewed {person.name}'s goal '{row.title}' in 1:1 no. {meeting.number}: "
        f"{note if len(note) <= 120 else note[:120] + '…'}",
        detail={"person_id": person.id},
        at=now,
        team_id=person.team_id,
    )
    session.flush()
