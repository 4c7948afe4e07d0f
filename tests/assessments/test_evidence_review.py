"""A quiz pass (or a peer's rating) above the official level never changes it, but it is
shown as new evidence to review, and one click makes it the mentor's rating."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assessments.framework import module_competencies
from assessments.quizzes import quiz_for_module, submit_quiz
from assessments.ratings import confirm_evidence, evidence_to_review, team_matrix
from assessments.rules import QUIZ_EVIDENCE_LEVEL_BY_MODULE_LEVEL, Evidence, resolve_level
from storage.enums import RaterKind
from storage.errors import NotFound
from storage.models import AuditEvent, CurriculumLevel, Module, Person, QuizQuestion, utc_now
from storage.people import PersonRef, get_person

T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)


def _at(days: int) -> datetime:
    return T0 + timedelta(days=days)


def test_a_newer_quiz_above_the_mentor_rating_is_evidence_to_review_not_the_level() -> None:
    resolved = resolve_level(
        [Evidence(1, RaterKind.MENTOR, _at(0)), Evidence(2, RaterKind.QUIZ, _at(3))]
    )
    assert (resolved.level, resolved.source) == (1, RaterKind.MENTOR)
    assert resolved.new_evidence == Evidence(2, RaterKind.QUIZ, _at(3))


@pytest.mark.parametrize(
    "evidence",
    [
        # the quiz came before the mentor rated: the mentor saw it
        [Evidence(2, RaterKind.QUIZ, _at(0)), Evidence(1, RaterKind.MENTOR, _at(3))],
        # newer, but not above the official level
        [Evidence(2, RaterKind.MENTOR, _at(0)), Evidence(2, RaterKind.QUIZ, _at(3))],
        # a self-rating is never evidence to review
        [Evidence(1, RaterKind.MENTOR, _at(0)), Evidence(4, RaterKind.SELF, _at(3))],
        # no official rating: the quiz is the level itself
        [Evidence(2, RaterKind.QUIZ, _at(3))],
    ],
)
def test_nothing_waits_for_review_when_the_official_level_already_says_it(
    evidence: list[Evidence],
) -> None:
    assert resolve_level(evidence).new_evidence is None


def test_the_highest_newer_evidence_waits_and_a_peer_rating_counts_too() -> None:
    resolved = resolve_level(
        [
            Evidence(1, RaterKind.LEAD, _at(0)),
            Evidence(3, RaterKind.PEER, _at(2)),
            Evidence(2, RaterKind.QUIZ, _at(4)),
        ]
    )
    assert resolved.level == 1
    assert resolved.new_evidence == Evidence(3, RaterKind.PEER, _at(2))


def _person(session: Session, name: str) -> PersonRef:
    return get_person(session, session.exec(select(Person.id).where(Person.name == name)).one())


def _quiz_above(session: Session, person: PersonRef, key: str, level: int) -> str:
    """A module with a quiz whose pass gives evidence of `key` above `level`."""
    modules = session.exec(
        select(Module, CurriculumLevel.number)
        .join(CurriculumLevel, col(CurriculumLevel.id) == Module.level_id)
        .where(col(Module.id).in_(select(QuizQuestion.module_id)))
    ).all()
    for module, number in modules:
        gives = QUIZ_EVIDENCE_LEVEL_BY_MODULE_LEVEL.get(number, 0)
        keys = {c.key for c in module_competencies(session, module.id or 0, person.team_id)}
        if gives > level and key in keys:
            return module.key
    raise AssertionError(f"no quiz gives {key} above {level}")


def test_a_learner_proves_more_by_quiz_and_the_mentor_confirms_it_in_one_click(
    demo_engine: Engine,
) -> None:
    with Session(demo_engine) as session:
        aisha = _person(session, "Aisha Khan")
        lead = _person(session, "Priya Raman")
        key = "use-case-identification"  # rated basic by her mentor in the demo
        before = team_matrix(session, actor=lead, team_id=lead.team_id).cells[(aisha.id, key)]
        assert (before.resolved.level, before.resolved.source) == (1, RaterKind.MENTOR)

        quiz = quiz_for_module(session, _quiz_above(session, aisha, key, 1))
        submit_quiz(
            session,
            actor=aisha,
            module_key=quiz.module_key,
            answers={q.key: q.answer for q in quiz.questions},
            at=utc_now(),
        )
        session.commit()

        matrix = team_matrix(session, actor=lead, team_id=lead.team_id)
        cell = matrix.cells[(aisha.id, key)]
        assert cell.resolved.level == 1  # the rule holds: the official level is the mentor's
        [waiting] = [
            e
            for e in evidence_to_review(matrix)
            if (e.person_id, e.competency_key) == (aisha.id, key)
        ]
        assert waiting.competency_name == "Use case identification"
        assert waiting.summary.startswith(
            f"new evidence: {'intermediate' if waiting.evidence_level == 2 else 'advanced'} "
            "by quiz on "
        )
        assert waiting.summary.endswith("(official: basic)")

        mentor = get_person(session, aisha.mentor_id or 0)
        saved = confirm_evidence(
            session, actor=mentor, person_id=aisha.id, competency_key=key, at=utc_now()
        )
        session.commit()
        assert (saved.level, saved.rater_kind) == (waiting.evidence_level, RaterKind.MENTOR)
        assert saved.note.startswith("Confirmed from evidence by quiz on ")

        after = team_matrix(session, actor=lead, team_id=lead.team_id)
        assert after.cells[(aisha.id, key)].resolved.level == waiting.evidence_level
        assert not [
            e
            for e in evidence_to_review(after)
            if (e.person_id, e.competency_key) == (aisha.id, key)
        ]
        event = session.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(1)).one()
        assert (event.action, event.actor_id) == ("rating_added", mentor.id)

        with pytest.raises(NotFound, match="no newer evidence"):
            confirm_evidence(
                session, actor=mentor, person_id=aisha.id, competency_key=key, at=utc_now()
            )
