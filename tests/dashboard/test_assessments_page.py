"""The Assessments page under AppTest: quizzes, self-rating, intake, assess, peer review, history.

The demo database is shared by the whole test session, so each test asserts on what it added
(deltas, or rows it wrote itself) and leaves the seeded picture as other tests expect it. The
one test whose writes would change other pages (enrolling someone) runs on its own demo copy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from sqlmodel import Session, select
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from assessments.evaluations import assessments_of, latest_intake, peer_reviews
from assessments.quizzes import QuizView, quiz_for_module, quiz_history
from assessments.ratings import level_history
from bootstrap.database import prepare_database
from curriculum.progress import learner_overview
from dashboard.components.plain_text import plain
from storage.engine import make_engine
from storage.enums import RaterKind
from storage.models import Person
from storage.people import PersonRef, get_person
from storage.settings import get_settings
from tests.dashboard.apptest import TIMEOUT_S

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
APP = str(DASHBOARD / "app.py")
# Most tests run the page on its own, as st.navigation runs it, with the viewer set as the
# sidebar does; the last one checks every role reaches it through the app's navigation.
PAGE = str(DASHBOARD / "pages" / "assessments_page.py")
QUIZ_MODULE = "hybrid-search"  # level 2, eight questions: 5 of 8 fails, 8 of 8 passes


def _session(data_dir: Path) -> Session:
    return Session(make_engine(f"sqlite:///{data_dir / 'proficio.db'}"))


def _person_id(data_dir: Path, name: str) -> int:
    with _session(data_dir) as session:
        person = session.exec(select(Person).where(Person.name == name)).one()
    assert person.id is not None
    return person.id


def _lead(session: Session) -> PersonRef:
    """Priya Raman, the demo lead: checks on what was saved read as someone who sees it all."""
    return get_person(
        session,
        session.exec(
            select(Person.id).where(Person.role == "lead", Person.name == "Priya Raman")
        ).one(),
    )


def _page_as(data_dir: Path, name: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT_S)
    at.session_state["viewer_id"] = _person_id(data_dir, name)
    return at.run()


def _quiz(data_dir: Path) -> QuizView:
    with _session(data_dir) as session:
        return quiz_for_module(session, QUIZ_MODULE)


def _attempts(data_dir: Path, name: str) -> Counter[tuple[str, bool]]:
    """(module, passed) of each attempt the person has made, counted."""
    person_id = _person_id(data_dir, name)  # before the session below begins its transaction
    with _session(data_dir) as session:
        history = quiz_history(session, actor=_lead(session), person_id=person_id)
    return Counter((a.module_key, a.passed) for a in history)


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [s.value for s in at.subheader]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    return "\n".join(parts)


def _button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    """A button (form submit buttons have no key of ours) by its label."""
    return next(b for b in at.button if b.label == label)


def _open_quiz(at: AppTest) -> AppTest:
    return at.selectbox(key="quiz-module").set_value(QUIZ_MODULE).run()


def _answer(at: AppTest, quiz: QuizView, wrong: int = 0, skip: int = 0) -> AppTest:
    """Answer the quiz: the first `wrong` questions wrongly, the last `skip` not at all."""
    radios = {r.key.rsplit("-", 1)[-1]: r for r in at.radio if r.key.startswith("quiz-")}
    questions = quiz.questions[: len(quiz.questions) - skip]
    for number, question in enumerate(questions):
        choice = question.answer
        if number < wrong:
            choice = (question.answer + 1) % len(question.choices)
        radios[question.key].set_value(choice)
    return _button(at, "Submit answers").click().run()


def _table(at: AppTest, column: str) -> pd.DataFrame:
    """The table that has this column (AppTest does not expose a dataframe's key)."""
    [table] = [d.value for d in at.dataframe if column in d.value.columns]
    return table


def _charts(at: AppTest) -> list[list[pd.DataFrame]]:
    """Each Altair chart on the page as the data frames it draws."""
    return [
        [convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]
        for chart in at.get("vega_lite_chart")
    ]


# --- quizzes ----------------------------------------------------------------------------


def test_a_learner_passes_a_quiz_and_gains_evidence(app_env: Path) -> None:
    before = _attempts(app_env, "Aisha Khan")
    quiz = _quiz(app_env)
    at = _open_quiz(_page_as(app_env, "Aisha Khan"))
    assert len([r for r in at.radio if r.key.startswith("quiz-")]) == len(quiz.questions)
    at = _answer(at, quiz)
    assert not at.exception
    assert any(f"Passed** {quiz.module_title}: 8 of 8" in s.value for s in at.success)
    assert any("Quiz evidence at **intermediate** level" in i.value for i in at.info)
    assert _attempts(app_env, "Aisha Khan") - before == Counter({(QUIZ_MODULE, True): 1})
    overview = _table(at, "Best score")
    row = overview[overview["Module"] == quiz.module_title].iloc[0]
    assert bool(row["Passed"]) and row["Best score"] == 100


def test_wrong_answers_fail_with_explanations_and_a_new_attempt_reshuffles(
    app_env: Path,
) -> None:
    before = _attempts(app_env, "Ben Carter")
    quiz = _quiz(app_env)
    at = _open_quiz(_page_as(app_env, "Ben Carter"))
    first_seed = at.session_state["quiz-seeds"][QUIZ_MODULE]
    at = _answer(at, quiz, wrong=3)
    assert not at.exception
    assert any("Not passed yet" in e.value and "5 of 8" in e.value for e in at.error)
    texts = _texts(at)
    for question in quiz.questions[:3]:
        assert plain(question.explanation) in texts
        assert f"Right answer: **{plain(question.choices[question.answer])}**" in texts
    assert plain(quiz.questions[4].explanation) not in texts  # answered right: not repeated
    assert _attempts(app_env, "Ben Carter") - before == Counter({(QUIZ_MODULE, False): 1})

    at = at.button(key="quiz-again").click().run()
    assert at.session_state["quiz-seeds"][QUIZ_MODULE] != first_seed
    fresh = [r for r in at.radio if r.key.startswith("quiz-")]
    assert len(fresh) == len(quiz.questions)
    assert all(r.value is None for r in fresh)
    assert not at.error


def test_five_of_eight_right_reads_63_percent_as_a_person_rounds_it(app_env: Path) -> None:
    quiz = _quiz(app_env)
    assert len(quiz.questions) == 8
    at = _answer(_open_quiz(_page_as(app_env, "Sofia Rossi")), quiz, wrong=3)
    assert not at.exception
    # Python's round() gave 62 % (half to even); the same 5 of 8 reads 63 % everywhere.
    assert any(f"{quiz.module_title}: 5 of 8 right (63 %)" in e.value for e in at.error)
    assert any("80 % is needed" in e.value for e in at.error)
    attempts = _table(at, "Percent")
    assert attempts.iloc[0]["Percent"] == 63


def test_unanswered_questions_are_named_and_nothing_is_recorded(app_env: Path) -> None:
    before = _attempts(app_env, "Mei Chen")
    quiz = _quiz(app_env)
    at = _answer(_open_quiz(_page_as(app_env, "Mei Chen")), quiz, skip=2)
    assert not at.exception
    [warning] = [w.value for w in at.warning]
    assert "questions 7, 8 are still open" in warning and "Nothing was recorded" in warning
    assert _attempts(app_env, "Mei Chen") == before
    # The answers given stay in place, so only the open ones need filling in.
    answered = [r for r in at.radio if r.key.startswith("quiz-") and r.value is not None]
    assert len(answered) == len(quiz.questions) - 2


# --- self-rating, intake ----------------------------------------------------------------


def test_a_self_rating_is_saved_and_shown_beside_the_official_level(app_env: Path) -> None:
    aisha = _person_id(app_env, "Aisha Khan")
    with _session(app_env) as session:
        before = level_history(
            session, actor=_lead(session), person_id=aisha, competency_key="team-collaboration"
        )
    at = _page_as(app_env, "Aisha Khan")
    at = at.selectbox(key="self-competency").set_value("team-collaboration").run()
    assert "never averaged" in " ".join(i.value for i in at.info)
    [level] = [r for r in at.radio if r.key.startswith("self-form-0-level-team-collaboration")]
    level.set_value(3)
    at.text_area(key="self-form-0-note").input("Ran the team's retro and the pairing rota.")
    at = _button(at, "Save my self-rating").click().run()
    assert not at.exception
    [saved] = [s.value for s in at.success]
    assert "advanced (3) in Team collaboration" in saved
    assert "official level stays intermediate (2)" in saved
    table = _table(at, "Your self-rating")
    row = table[table["Competency"] == "Team collaboration"].iloc[0]
    assert row["Your self-rating"] == "Advanced (3)"
    assert row["Official level"] == "Intermediate (2)"  # the self-rating changed nothing
    with _session(app_env) as session:
        after = level_history(
            session, actor=_lead(session), person_id=aisha, competency_key="team-collaboration"
        )
    assert len(after) == len(before) + 1
    assert after[-1].rater_kind == RaterKind.SELF and after[-1].level == 3


@pytest.mark.parametrize(
    ("name", "answers", "track"),
    [
        ("Sofia Rossi", (8, "solid", True, 14, "hands-on", "build"), "Fast track"),
        ("Kwame Mensah", (10, "solid", False, 6, "discussion", "lead"), "Leadership track"),
    ],
)
def test_an_intake_suggests_a_track_with_reasons(
    app_env: Path, name: str, answers: tuple[int, str, bool, int, str, str], track: str
) -> None:
    years, ml, search, hours, style, goal = answers
    at = _page_as(app_env, name)
    at.number_input(key="intake-years").set_value(years)
    at.number_input(key="intake-hours").set_value(hours)
    at.radio(key="intake-ml").set_value(ml)
    at.radio(key="intake-search").set_value(search)
    at.radio(key="intake-style").set_value(style)
    at.radio(key="intake-goal").set_value(goal)
    at = _button(at, "Suggest my track").click().run()
    assert not at.exception
    assert any(f"Suggested: {track}" in s.value for s in at.success)
    assert f"Suggested: **{track}**" in _texts(at)
    person_id = _person_id(app_env, name)
    with _session(app_env) as session:
        saved = latest_intake(session, actor=_lead(session), person_id=person_id)
    assert saved is not None and saved.track_name == track
    assert "\n".join(f"- {reason}" for reason in saved.reasons) in _texts(at)


@pytest.fixture
def own_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private demo database, for a test whose writes would change other pages."""
    engine = make_engine(f"sqlite:///{tmp_path / 'proficio.db'}")
    prepare_database(engine, today=date.today(), demo=True)
    engine.dispose()
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    st.cache_resource.clear()  # the app's engine is cached per process
    yield tmp_path
    get_settings.cache_clear()
    st.cache_resource.clear()


def test_a_lead_accepts_a_suggested_track_and_enrolls(own_demo: Path) -> None:
    ben = _person_id(own_demo, "Ben Carter")
    at = _page_as(own_demo, "Priya Raman")
    at = at.selectbox(key="intake-person").set_value(ben).run()
    assert "Suggested: **Foundation track**" in _texts(at)
    assert "Already on the Foundation track" in _texts(at)
    at.date_input(key="intake-start").set_value(date(2026, 12, 1))
    at = at.button(key="intake-accept").click().run()
    assert not at.exception
    assert any(
        "Ben Carter is enrolled on the Foundation track from 1 Dec 2026" in s.value
        for s in at.success
    )
    with _session(own_demo) as session:
        overview = learner_overview(
            session, actor=_lead(session), person_id=ben, today=date(2026, 12, 1)
        )
    assert overview.enrollment is not None
    assert overview.enrollment.started_on == date(2026, 12, 1)


def test_only_a_lead_sees_other_peoples_intakes(app_env: Path) -> None:
    at = _page_as(app_env, "Grace Okafor")
    assert not [s for s in at.selectbox if s.key == "intake-person"]
    assert not [b for b in at.button if b.key == "intake-accept"]


# --- assess -----------------------------------------------------------------------------


def test_a_mentor_assesses_her_mentee_and_sees_level_and_next_steps(app_env: Path) -> None:
    aisha = _person_id(app_env, "Aisha Khan")
    with _session(app_env) as session:
        before = len(assessments_of(session, actor=_lead(session), person_id=aisha))
    at = _page_as(app_env, "Grace Okafor")
    person = at.selectbox(key="assess-person")
    assert set(person.options) == {
        "Aisha Khan · Junior engineer",
        "Sofia Rossi · Senior data engineer",
        "Jonas Weber · ML engineer",
    }
    at = person.set_value(aisha).run()
    # Aisha's current scores, so her latest overall stays what the demo seeded.
    scores = {
        "knowledge_recall": 6.5,
        "practical_application": 5.0,
        "analytical_thinking": 5.5,
        "knowledge_transfer": 5.0,
    }
    for dimension, value in scores.items():
        at.slider(key=f"assess-{dimension}-{aisha}").set_value(value)
    at = at.run()
    preview = {m.label: m.value for m in at.metric}
    assert preview["Weighted overall"] == "5.4 / 10"
    assert preview["Level it shows"] == "Intermediate (2)"
    at.text_area(key="assess-note").input("Check-in after the hybrid search module.")
    at = at.button(key="assess-save").click().run()
    assert not at.exception
    assert any("Assessment of Aisha Khan saved" in s.value for s in at.success)
    texts = _texts(at)
    assert "Next assessment" in texts
    assert "1. **Practical application** (5/10, costs 2 points)" in texts
    assert "Do the module exercises end to end" in texts
    with _session(app_env) as session:
        saved = assessments_of(session, actor=_lead(session), person_id=aisha)
    assert len(saved) == before + 1
    assert saved[0].overall == 5.4 and saved[0].assessor_name == "Grace Okafor"
    assert saved[0].note == "Check-in after the hybrid search module."


def test_a_learner_gets_an_explanation_instead_of_the_assess_form(app_env: Path) -> None:
    at = _page_as(app_env, "Aisha Khan")
    assert not at.exception
    assert any("Your mentor or a team lead assesses you" in i.value for i in at.info)
    assert not [s for s in at.selectbox if s.key == "assess-person"]
    assert not [b for b in at.button if b.key == "assess-save"]


# --- peer review, network, history ------------------------------------------------------


def test_a_peer_review_is_saved_and_reaches_the_reviewed_person(app_env: Path) -> None:
    hannah = _person_id(app_env, "Hannah Schmidt")
    with _session(app_env) as session:
        team_id = session.get(Person, hannah).team_id  # type: ignore[union-attr]
    with _session(app_env) as session:
        before = len(peer_reviews(session, actor=_lead(session), team_id=team_id))
    at = _page_as(app_env, "Aisha Khan")
    teammate = at.selectbox(key="peer-person")
    assert "Aisha Khan" not in teammate.options and len(teammate.options) == 11
    at = teammate.set_value(hannah).run()
    at.select_slider(key="peer-form-0-knowledge_sharing").set_value(5)
    at.select_slider(key="peer-form-0-learning_support").set_value(4)
    at.text_area(key="peer-form-0-note").input("Paired with me on the fusion exercise.")
    at = _button(at, "Save peer review").click().run()
    assert not at.exception
    assert any("Peer review of Hannah Schmidt saved" in s.value for s in at.success)
    with _session(app_env) as session:
        reviews = peer_reviews(session, actor=_lead(session), team_id=team_id)
    assert len(reviews) == before + 1
    mine = reviews[0]
    assert (mine.assessor_name, mine.person_name) == ("Aisha Khan", "Hannah Schmidt")
    assert mine.scores["knowledge_sharing"] == 5 and mine.scores["technical_explanation"] == 3

    received = _table(_page_as(app_env, "Hannah Schmidt"), "Technical explanation")
    assert "Paired with me on the fusion exercise." in set(received["Note"])


def test_the_knowledge_network_draws_who_helps_whom(app_env: Path) -> None:
    at = _page_as(app_env, "Priya Raman")
    [(edges, nodes)] = [frames for frames in _charts(at) if "Helper" in frames[0].columns]
    assert len(edges) >= 14  # the demo's helping pairs
    grace_helps = set(edges.loc[edges["Helper"] == "Grace Okafor", "Helped"])
    assert {"Aisha Khan", "Jonas Weber", "Sofia Rossi"} <= grace_helps
    assert edges["Strength"].between(1, 5).all()
    assert len(nodes) == 12
    # Everyone sits on the unit circle.
    assert ((nodes["x"] ** 2 + nodes["y"] ** 2 - 1).abs() < 1e-9).all()
    assert "Grace Okafor helps the most people" in _texts(at)


def test_a_mentor_sees_a_mentees_history(app_env: Path) -> None:
    at = _page_as(app_env, "Grace Okafor")
    person = at.selectbox(key="history-person")
    assert set(person.options) == {"Grace Okafor", "Aisha Khan", "Sofia Rossi", "Jonas Weber"}
    at = person.set_value(_person_id(app_env, "Aisha Khan")).run()
    assert not at.exception
    table = _table(at, "Knowledge recall")
    assert len(table) >= 2 and "Grace Okafor" in set(table["Assessor"])
    [points] = [frames[-1] for frames in _charts(at) if "Overall" in frames[-1].columns]
    assert len(points) == len(table)
    assert not _table(at, "Percent").empty
    assert "Latest assessment" in _texts(at)


@pytest.mark.parametrize("name", ["Priya Raman", "Grace Okafor", "Aisha Khan"])
def test_everyone_reaches_the_page_from_the_navigation(app_env: Path, name: str) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.session_state["viewer_id"] = _person_id(app_env, name)
    at = at.run().switch_page(PAGE).run()
    assert not at.exception
    assert at.title[0].value == "Assessments"
    assert [t.label for t in at.tabs] == [
        "Quizzes",
        "Self-rating",
        "Intake",
        "Assess",
        "Peer review",
        "History",
    ]
