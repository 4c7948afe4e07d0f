"""The flow the issue asks for: on the demo, a learner passes a quiz and the matrix moves."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from assessments.quizzes import quiz_for_module, submit_quiz
from assessments.ratings import team_matrix
from storage.enums import RaterKind
from storage.models import Person, utc_now
from storage.people import get_person


def test_passing_a_level_three_quiz_raises_aishas_levels_on_the_matrix(
    demo_engine: Engine,
) -> None:
    with Session(demo_engine) as session:
        aisha = get_person(
            session, session.exec(select(Person.id).where(Person.name == "Aisha Khan")).one()
        )
        before = team_matrix(session, actor=aisha, team_id=aisha.team_id)
        cell = before.cells[(aisha.id, "embedding-model-mastery")]
        # Basic by a quiz and by the practical work she passed (the newer decides the source).
        assert (cell.resolved.level, cell.resolved.source) == (1, RaterKind.PRACTICAL)

        quiz = quiz_for_module(session, "retrieval-evaluation")  # a level-3 module
        outcome = submit_quiz(
            session,
            actor=aisha,
            module_key=quiz.module_key,
            answers={q.key: q.answer for q in quiz.questions},
            at=utc_now(),
        )
        session.commit()
        assert outcome.result.passed and outcome.evidence_level == 3

        after = team_matrix(session, actor=aisha, team_id=aisha.team_id)
        moved = after.cells[(aisha.id, "embedding-model-mastery")]
        assert moved.resolved.level == 3
        assert moved.gap == 0 < cell.gap
