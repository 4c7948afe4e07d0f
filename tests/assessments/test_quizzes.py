"""Module quizzes: grading, one attempt per submit, quiz evidence on a pass."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlmodel import Session, col, func, select

from assessments.quizzes import quiz_for_module, quiz_history, quiz_overview, submit_quiz
from assessments.ratings import team_matrix
from curriculum.catalog import sync_curriculum
from curriculum.loader import Curriculum
from storage.enums import PersonRole, RaterKind
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import Competency, QuizAttempt, Rating, utc_now
from storage.people import PersonRef
from tests.factories import (
    at,
    link_module,
    make_competency,
    make_module,
    make_person,
    make_questions,
    make_ref,
    make_team,
)

D1, D2 = date(2026, 11, 2), date(2026, 11, 9)


@dataclass
class Quizzes:
    session: Session
    ada: PersonRef
    bo: PersonRef
    competencies: dict[str, Competency]
    lead: PersonRef  # Lena, the team's lead
    mentor: PersonRef  # Max, Ada's mentor


# The right choices of each hand-made module's questions.
INTRO_ANSWERS = [0, 1, 2, 3, 0]  # level 1, five questions, teaches search and pitch
DEEP_ANSWERS = [3, 2, 1, 0]  # level 4, four questions, teaches coach


@pytest.fixture
def quizzes(session: Session) -> Quizzes:
    team = make_team(session=session)
    lead = make_person(session=session, team=team, name="Lena Lead", role=PersonRole.LEAD)
    mentor = make_person(session=session, team=team, name="Max Mentor", role=PersonRole.MENTOR)
    ada = make_person(session=session, team=team, name="Ada Byron", mentor=mentor)
    bo = make_person(session=session, team=team, name="Bo Diaz")
    competencies = {
        key: make_competency(session=session, key=key, position=position)
        for position, key in enumerate(("search", "pitch", "coach"))
    }
    intro = make_module(session=session, key="intro", title="Introduction", level_number=1)
    deep = make_module(session=session, key="deep", title="Deep dive", level_number=4)
    make_module(session=session, key="no-quiz", title="Reading only", level_number=1)
    make_questions(session=session, module=intro, answers=INTRO_ANSWERS)
    make_questions(session=session, module=deep, answers=DEEP_ANSWERS)
    link_module(
        session=session, module=intro, competencies=[competencies["pitch"], competencies["search"]]
    )
    link_module(session=session, module=deep, competencies=[competencies["coach"]])
    return Quizzes(
        session,
        make_ref(session=session, person=ada),
        make_ref(session=session, person=bo),
        competencies,
        make_ref(session=session, person=lead),
        make_ref(session=session, person=mentor),
    )


def answered(right: list[int], correct: int) -> dict[str, int]:
    """Answers to questions q1, q2, … with the first `correct` right and the rest wrong."""
    return {
        f"q{n}": answer if n <= correct else (answer + 1) % 4
        for n, answer in enumerate(right, start=1)
    }


def attempts(session: Session) -> list[QuizAttempt]:
    return list(session.exec(select(QuizAttempt).order_by(col(QuizAttempt.id))).all())


def quiz_ratings(session: Session) -> list[tuple[int, str, int]]:
    rows = session.exec(
        select(Rating.person_id, Competency.key, Rating.level)
        .join(Competency, col(Competency.id) == Rating.competency_id)
        .where(Rating.rater_kind == RaterKind.QUIZ)
        .order_by(col(Rating.id))
    ).all()
    return [tuple(r) for r in rows]


def rating_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Rating)).one()


def test_a_quiz_is_the_modules_questions_in_order(quizzes: Quizzes) -> None:
    quiz = quiz_for_module(quizzes.session, "intro")
    assert (quiz.module_key, quiz.module_title, quiz.level_number) == ("intro", "Introduction", 1)
    assert [q.key for q in quiz.questions] == ["q1", "q2", "q3", "q4", "q5"]
    assert [q.answer for q in quiz.questions] == INTRO_ANSWERS
    assert quiz.questions[1].choices == ["choice 2.0", "choice 2.1", "choice 2.2", "choice 2.3"]


def test_no_quiz_for_an_unknown_module_or_one_without_questions(quizzes: Quizzes) -> None:
    with pytest.raises(NotFound, match="No module 'nowhere'"):
        quiz_for_module(quizzes.session, "nowhere")
    with pytest.raises(NotFound, match="Reading only"):
        quiz_for_module(quizzes.session, "no-quiz")


def test_four_of_five_passes_and_adds_quiz_evidence(quizzes: Quizzes) -> None:
    session = quizzes.session
    outcome = submit_quiz(
        session,
        actor=quizzes.ada,
        module_key="intro",
        answers=answered(INTRO_ANSWERS, 4),
        at=at(D1),
    )
    assert (outcome.result.correct, outcome.result.total, outcome.result.passed) == (4, 5, True)
    [attempt] = attempts(session)
    assert (attempt.id, attempt.person_id, attempt.correct, attempt.total, attempt.passed) == (
        outcome.attempt_id,
        quizzes.ada.id,
        4,
        5,
        True,
    )
    assert attempt.answers == answered(INTRO_ANSWERS, 4)
    # One rating per competency the module teaches, at level 1 for a level-1 module.
    # In framework order (search before pitch), whatever order the module lists them in.
    assert quiz_ratings(session) == [(quizzes.ada.id, "search", 1), (quizzes.ada.id, "pitch", 1)]
    assert outcome.evidence_for == ["Search", "Pitch"]
    assert outcome.evidence_level == 1
    for rating in session.exec(select(Rating)):
        assert rating.rater_id is None
        assert rating.created_at == at(D1)
        assert "Introduction" in rating.note and "4/5" in rating.note


def test_three_of_five_fails_and_adds_no_evidence(quizzes: Quizzes) -> None:
    session = quizzes.session
    outcome = submit_quiz(
        session,
        actor=quizzes.ada,
        module_key="intro",
        answers=answered(INTRO_ANSWERS, 3),
        at=at(D1),
    )
    assert (outcome.result.correct, outcome.result.passed) == (3, False)
    assert (outcome.evidence_for, outcome.evidence_level) == ([], None)
    [attempt] = attempts(session)
    assert (attempt.correct, attempt.total, attempt.passed) == (3, 5, False)
    assert rating_count(session) == 0


def test_three_of_four_fails_and_four_of_four_passes_at_advanced(quizzes: Quizzes) -> None:
    session = quizzes.session
    failed = submit_quiz(
        session,
        actor=quizzes.bo,
        module_key="deep",
        answers=answered(DEEP_ANSWERS, 3),
        at=utc_now(),
    )
    assert (failed.result.correct, failed.result.total, failed.result.passed) == (3, 4, False)
    assert rating_count(session) == 0
    passed = submit_quiz(
        session,
        actor=quizzes.bo,
        module_key="deep",
        answers=answered(DEEP_ANSWERS, 4),
        at=utc_now(),
    )
    assert passed.result.passed
    # A level-4 module's quiz proves at most advanced (3).
    assert passed.evidence_level == 3
    assert quiz_ratings(session) == [(quizzes.bo.id, "coach", 3)]


@pytest.mark.parametrize(("module_level", "evidence_level"), [(1, 1), (2, 2), (3, 3), (4, 3)])
def test_evidence_level_follows_the_modules_level(
    session: Session, module_level: int, evidence_level: int
) -> None:
    team = make_team(session=session)
    person = make_ref(session=session, person=make_person(session=session, team=team))
    competency = make_competency(session=session, key="search")
    module = make_module(session=session, key="m", level_number=module_level)
    make_questions(session=session, module=module, answers=[1, 1])
    link_module(session=session, module=module, competencies=[competency])
    outcome = submit_quiz(
        session, actor=person, module_key="m", answers={"q1": 1, "q2": 1}, at=utc_now()
    )
    assert outcome.evidence_level == evidence_level
    assert quiz_ratings(session) == [(person.id, "search", evidence_level)]


def test_each_submit_records_one_attempt(quizzes: Quizzes) -> None:
    session = quizzes.session
    for day, correct in ((D1, 2), (D2, 5)):
        submit_quiz(
            session,
            actor=quizzes.ada,
            module_key="intro",
            answers=answered(INTRO_ANSWERS, correct),
            at=at(day),
        )
    assert [(a.correct, a.passed) for a in attempts(session)] == [(2, False), (5, True)]
    history = quiz_history(session, actor=quizzes.ada, person_id=quizzes.ada.id)
    assert [(h.module_key, h.correct, h.total, h.passed, h.created_at) for h in history] == [
        ("intro", 5, 5, True, at(D2)),  # newest first
        ("intro", 2, 5, False, at(D1)),
    ]
    assert quiz_history(session, actor=quizzes.bo, person_id=quizzes.bo.id) == []


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"q1": 0, "q2": 1, "q3": 2, "q4": 3}, "1 left"),  # q5 unanswered
        ({}, "5 left"),
        ({**answered(INTRO_ANSWERS, 5), "q9": 0}, "Unknown question(s): q9"),
    ],
)
def test_unanswered_or_unknown_questions_are_refused_and_nothing_recorded(
    quizzes: Quizzes, answers: dict[str, int], message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        submit_quiz(
            quizzes.session, actor=quizzes.ada, module_key="intro", answers=answers, at=utc_now()
        )
    assert message in str(refused.value)
    assert attempts(quizzes.session) == []
    assert rating_count(quizzes.session) == 0


def test_an_answer_outside_the_choices_is_refused_and_nothing_recorded(quizzes: Quizzes) -> None:
    answers = {**answered(INTRO_ANSWERS, 4), "q5": 7}
    with pytest.raises(InvalidInput):
        submit_quiz(
            quizzes.session, actor=quizzes.ada, module_key="intro", answers=answers, at=utc_now()
        )
    assert attempts(quizzes.session) == []


def test_quiz_overview_shows_attempts_best_score_and_pass(quizzes: Quizzes) -> None:
    session = quizzes.session
    submit_quiz(
        session,
        actor=quizzes.ada,
        module_key="intro",
        answers=answered(INTRO_ANSWERS, 3),
        at=utc_now(),
    )
    submit_quiz(
        session,
        actor=quizzes.ada,
        module_key="intro",
        answers=answered(INTRO_ANSWERS, 4),
        at=utc_now(),
    )
    submit_quiz(
        session,
        actor=quizzes.ada,
        module_key="intro",
        answers=answered(INTRO_ANSWERS, 2),
        at=utc_now(),
    )
    submit_quiz(
        session,
        actor=quizzes.bo,
        module_key="deep",
        answers=answered(DEEP_ANSWERS, 4),
        at=utc_now(),
    )
    overview = quiz_overview(session, actor=quizzes.ada, person_id=quizzes.ada.id)
    # The module without questions is left out; modules in curriculum order.
    assert [
        (s.module_key, s.level_number, s.questions, s.attempts, s.best_correct, s.passed)
        for s in overview
    ] == [
        ("intro", 1, 5, 3, 4, True),
        ("deep", 4, 4, 0, None, False),  # Bo's pass is his, not Ada's
    ]


def test_a_pass_shows_in_the_matrix_until_a_mentor_rates(quizzes: Quizzes) -> None:
    session = quizzes.session
    submit_quiz(
        session,
        actor=quizzes.ada,
        module_key="deep",
        answers=answered(DEEP_ANSWERS, 4),
        at=utc_now(),
    )
    matrix = team_matrix(session, actor=quizzes.lead, team_id=quizzes.ada.team_id)
    cell = matrix.cells[(quizzes.ada.id, "coach")]
    assert (cell.resolved.level, cell.resolved.source) == (3, RaterKind.QUIZ)
    assert matrix.cells[(quizzes.bo.id, "coach")].resolved.level is None


# The curriculum's own quizzes: seven, eight and six questions.
REAL_QUIZZES = [
    ("vector-search-fundamentals", 7, 6, 5),  # 6/7 passes, 5/7 does not
    ("index-families", 8, 7, 6),  # 7/8 passes, 6/8 does not
    ("operations-and-security", 6, 5, 4),  # 5/6 passes, 4/6 does not
]


def test_the_curriculum_quizzes_pass_at_eighty_percent(
    session: Session, curriculum: Curriculum
) -> None:
    sync_curriculum(session, curriculum)
    team = make_team(session=session)
    person = make_ref(session=session, person=make_person(session=session, team=team))
    for module_key, total, passing, failing in REAL_QUIZZES:
        quiz = quiz_for_module(session, module_key)
        right = [q.answer for q in quiz.questions]
        assert len(right) == total
        spec = next(m for m in curriculum.modules if m.key == module_key)

        def answers(correct: int, quiz=quiz) -> dict[str, int]:
            return {
                q.key: q.answer if n < correct else (q.answer + 1) % len(q.choices)
                for n, q in enumerate(quiz.questions)
            }

        before = rating_count(session)
        failed = submit_quiz(
            session, actor=person, module_key=module_key, answers=answers(failing), at=utc_now()
        )
        assert (failed.result.correct, failed.result.passed) == (failing, False)
        assert rating_count(session) == before
        passed = submit_quiz(
            session, actor=person, module_key=module_key, answers=answers(passing), at=utc_now()
        )
        assert (passed.result.correct, passed.result.passed) == (passing, True)
        assert rating_count(session) == before + len(spec.competencies)
        assert passed.evidence_level == min(spec.level, 3)
    assert len(attempts(session)) == 2 * len(REAL_QUIZZES)


def test_quiz_results_are_for_the_person_their_mentor_and_a_lead(quizzes: Quizzes) -> None:
    session = quizzes.session
    submit_quiz(
        session,
        actor=quizzes.ada,
        module_key="intro",
        answers=answered(INTRO_ANSWERS, 5),
        at=utc_now(),
    )
    for allowed in (quizzes.ada, quizzes.mentor, quizzes.lead):
        assert len(quiz_history(session, actor=allowed, person_id=quizzes.ada.id)) == 1
        overview = quiz_overview(session, actor=allowed, person_id=quizzes.ada.id)
        assert [s.passed for s in overview] == [True, False]
    refusal = "Only Ada Byron, their mentor or a team lead can see their quiz results."
    with pytest.raises(PermissionDenied) as refused:
        quiz_history(session, actor=quizzes.bo, person_id=quizzes.ada.id)
    assert str(refused.value) == refusal
    with pytest.raises(PermissionDenied, match="their quiz results"):
        quiz_overview(session, actor=quizzes.bo, person_id=quizzes.ada.id)
