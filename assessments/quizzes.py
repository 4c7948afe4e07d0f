"""Module quizzes: questions from the curriculum, graded attempts, quiz evidence on a pass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from assessments.framework import module_competencies
from assessments.ratings import append_ratings
from assessments.rules import (
    LEVEL_NAMES,
    QUIZ_EVIDENCE_LEVEL_BY_MODULE_LEVEL,
    QuizQuestionView,
    QuizResult,
    grade_quiz,
)
from storage.access import ensure_can_see_person
from storage.audit import listed, record
from storage.enums import RaterKind
from storage.errors import InvalidInput, NotFound
from storage.models import CurriculumLevel, Module, QuizAttempt, QuizQuestion, Rating
from storage.people import PersonRef, get_person
from storage.time_zones import local_day


@dataclass(frozen=True)
class QuizView:
    module_key: str
    module_title: str
    level_number: int
    questions: list[QuizQuestionView]


@dataclass(frozen=True)
class QuizOutcome:
    attempt_id: int
    result: QuizResult
    evidence_for: list[str]  # competency names that gained quiz evidence (on a pass)
    evidence_level: int | None


@dataclass(frozen=True)
class AttemptView:
    id: int
    module_key: str
    module_title: str
    correct: int
    total: int
    passed: bool
    created_at: datetime


@dataclass(frozen=True)
class QuizStatus:
    module_key: str
    module_title: str
    level_number: int
    questions: int
    attempts: int
    best_correct: int | None
    passed: bool


def _module(session: Session, module_key: str) -> tuple[Module, int]:
    row = session.exec(
        select(Module, CurriculumLevel.number)
        .join(CurriculumLevel, col(CurriculumLevel.id) == Module.level_id)
        .where(Module.key == module_key)
    ).first()
    if row is None:
        raise NotFound(f"No module '{module_key}'.")
    return row[0], row[1]


def quiz_for_module(session: Session, module_key: str) -> QuizView:
    """The module's quiz questions, in the curriculum's order."""
    module, level_number = _module(session, module_key)
    questions = session.exec(
        select(QuizQuestion)
        .where(QuizQuestion.module_id == module.id)
        .order_by(col(QuizQuestion.id))
    ).all()
    if not questions:
        raise NotFound(f"The module '{module.title}' has no quiz yet.")
    return QuizView(
        module_key=module.key,
        module_title=module.title,
        level_number=level_number,
        questions=[
            QuizQuestionView(q.key, q.question, list(q.choices), q.answer, q.explanation)
            for q in questions
        ],
    )


def submit_quiz(
    session: Session,
    *,
    actor: PersonRef,
    module_key: str,
    answers: dict[str, int],
    at: datetime,
) -> QuizOutcome:
    """Grade and record one attempt by the actor; a pass adds quiz evidence (append-only)."""
    quiz = quiz_for_module(session, module_key)
    keys = {q.key for q in quiz.questions}
    unknown = set(answers) - keys
    if unknown:
        raise InvalidInput(f"Unknown question(s): {', '.join(sorted(unknown))}.")
    unanswered = [q.key for q in quiz.questions if q.key not in answers]
    if unanswered:
        raise InvalidInput(f"Answer every question before submitting ({len(unanswered)} left).")
    choices = {q.key: len(q.choices) for q in quiz.questions}
    invalid = [k for k, v in answers.items() if not isinstance(v, int) or not 0 <= v < choices[k]]
    if invalid:
        raise InvalidInput(f"Not a choice of the question: {', '.join(sorted(invalid))}.")
    result = grade_quiz(quiz.questions, answers)
    module, _ = _module(session, module_key)
    attempt = QuizAttempt(
        person_id=actor.id,
        module_id=module.id or 0,
        answers=dict(answers),
        correct=result.correct,
        total=result.total,
        passed=result.passed,
        created_at=at,
    )
    session.add(attempt)
    session.flush()
    evidence_for: list[str] = []
    level = QUIZ_EVIDENCE_LEVEL_BY_MODULE_LEVEL.get(quiz.level_number)
    if result.passed and level:
        competencies = module_competencies(session, module.id or 0, actor.team_id)
        append_ratings(
            session,
            [
                Rating(
                    person_id=actor.id,
                    competency_id=competency.id or 0,
                    level=level,
                    rater_id=None,
                    rater_kind=RaterKind.QUIZ,
                    note=f"Passed the quiz of '{module.title}' ({result.correct}/{result.total}).",
                    created_at=at,
                )
                for competency in competencies
            ],
        )
        evidence_for = [competency.name for competency in competencies]
    if evidence_for and level:
        record(
            session,
            actor=actor,
            action="quiz_evidence_added",
            entity="rating",
            summary=f"Passed the '{module.title}' quiz ({result.correct}/{result.total}): "
            f"{LEVEL_NAMES[level]} evidence in {listed(evidence_for)}.",
            entity_id=attempt.id,
            detail={"module": module.key, "level": level, "correct": result.correct},
            at=at,
        )
    return QuizOutcome(attempt.id or 0, result, evidence_for, level if evidence_for else None)


def quiz_overview(session: Session, *, actor: PersonRef, person_id: int) -> list[QuizStatus]:
    """Every module with a quiz, with the person's attempts, best score and pass: for the
    person, their mentor or a lead of their team."""
    ensure_can_see_person(actor, get_person(session, person_id), "their quiz results")
    counts: dict[int, int] = {}
    for module_id in session.exec(select(QuizQuestion.module_id)):
        counts[module_id] = counts.get(module_id, 0) + 1
    attempts: dict[int, list[QuizAttempt]] = {}
    for attempt in session.exec(select(QuizAttempt).where(QuizAttempt.person_id == person_id)):
        attempts.setdefault(attempt.module_id, []).append(attempt)
    rows = session.exec(
        select(Module, CurriculumLevel.number)
        .join(CurriculumLevel, col(CurriculumLevel.id) == Module.level_id)
        .order_by(col(Module.position))
    ).all()
    out = []
    for module, level_number in rows:
        if not counts.get(module.id or 0):
            continue
        mine = attempts.get(module.id or 0, [])
        out.append(
            QuizStatus(
                module_key=module.key,
                module_title=module.title,
                level_number=level_number,
                questions=counts[module.id or 0],
                attempts=len(mine),
                best_correct=max((a.correct for a in mine), default=None),
                passed=any(a.passed for a in mine),
            )
        )
    return out


def quiz_history(session: Session, *, actor: PersonRef, person_id: int) -> list[AttemptView]:
    """A person's attempts, newest first: for the person, their mentor or a lead of their
    team."""
    ensure_can_see_person(actor, get_person(session, person_id), "their quiz results")
    rows = session.exec(
        select(QuizAttempt, Module)
        .join(Module, col(Module.id) == QuizAttempt.module_id)
        .where(QuizAttempt.person_id == person_id)
        .order_by(col(QuizAttempt.created_at).desc(), col(QuizAttempt.id).desc())
    ).all()
    return [
        AttemptView(a.id or 0, m.key, m.title, a.correct, a.total, a.passed, a.created_at)
        for a, m in rows
    ]


class DayPassed(NamedTuple):
    """A quiz attempt by the day it was made (a team's) and whether it passed."""

    day: date
    passed: bool


def quiz_results(
    session: Session, person_ids: Sequence[int], *, since: datetime, zone: ZoneInfo
) -> list[DayPassed]:
    """For many people at once (a team): their quiz attempts from `since` on, by day in `zone`
    and passed or not. No permission check: callers have decided who may see them."""
    return [
        DayPassed(local_day(at, zone), passed)
        for at, passed in session.exec(
            select(QuizAttempt.created_at, QuizAttempt.passed).where(
                col(QuizAttempt.person_id).in_(list(person_ids)), QuizAttempt.created_at >= since
            )
        )
    ]
