"""The Practical work page under AppTest: a learner hands in, the mentor grades it from
"Waiting for you", the learner sees it passed with the grade; a refused hand-in keeps what was
typed; a peer reviews what they were asked to; nobody else opens someone's hand-in.

(AppTest cannot upload files: handing in files is in tests/assessments/test_practical.py and
the browser test tests/dashboard/test_browser_practical.py.) The tests write hand-ins and
practical evidence, so they run on this module's own copy of the demo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from assessments.practical import AssignmentView, list_assignments, submit_hand_in
from assessments.rules import LEVEL_NAMES
from storage.engine import make_engine
from storage.models import HandIn, HandInVersion
from storage.people import get_person
from storage.settings import get_settings
from tests.dashboard.apptest import TIMEOUT_S, app_as, copy_of_demo, person_id, point_app_at, texts

PAGE = str(Path(__file__).resolve().parents[2] / "dashboard" / "pages" / "practical_page.py")
WRITE_UP = "## Results\n\nKeyword search won on **ERR-4012**; semantic search on paraphrases."
HOSTILE = "Results below. <script>alert(1)</script>\n\nThe plot: <img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def data_dir(demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_of_demo(demo_data_dir, tmp_path_factory.mktemp("practical-demo"))


@pytest.fixture
def practice(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    point_app_at(monkeypatch, data_dir)
    yield data_dir
    get_settings.cache_clear()


def _session(data_dir: Path) -> Session:
    return Session(make_engine(f"sqlite:///{data_dir / 'proficio.db'}"))


def _untouched(data_dir: Path, name: str) -> AssignmentView:
    """The last assignment `name` has not handed anything in for (the demo has hand-ins of
    its own, and the tests of this module add more)."""
    learner = person_id(data_dir, name)
    with _session(data_dir) as session:
        started = set(
            session.exec(select(HandIn.assignment_id).where(HandIn.person_id == learner)).all()
        )
        return [a for a in list_assignments(session) if a.id not in started][-1]


def _hand_in(data_dir: Path, name: str, assignment: AssignmentView) -> int:
    """A hand-in of text by `name`, made through the service (as the page makes it)."""
    learner = person_id(data_dir, name)
    with _session(data_dir) as session:
        done = submit_hand_in(
            session,
            actor=get_person(session, learner),
            assignment_id=assignment.id,
            text=WRITE_UP,
            link="https://git.example.test/recall",
            files=[],
            at=datetime.now(UTC),
        )
        session.commit()
    return done.hand_in_id


def _versions(data_dir: Path, name: str, assignment: AssignmentView) -> int:
    learner = person_id(data_dir, name)
    with _session(data_dir) as session:
        return len(
            session.exec(
                select(HandInVersion)
                .join(HandIn, col(HandIn.id) == HandInVersion.hand_in_id)
                .where(HandIn.person_id == learner, HandIn.assignment_id == assignment.id)
            ).all()
        )


def _page_as(data_dir: Path, name: str, **state: object) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT_S)
    at.session_state["viewer_id"] = person_id(data_dir, name)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def _open(at: AppTest, assignment: AssignmentView) -> AppTest:
    return at.selectbox(key="practical-assignment").set_value(assignment.id).run()


def _button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def _score_all(at: AppTest, prefix: str, assignment: AssignmentView, score: int) -> AppTest:
    for criterion in assignment.criteria:
        at.button_group(key=f"{prefix}-score-{criterion.key}").set_value(score)
    return at.run()


def test_a_learner_hands_in_text_and_it_waits_for_a_grade(practice: Path) -> None:
    assignment = _untouched(practice, "Aisha Khan")
    at = _open(_page_as(practice, "Aisha Khan"), assignment)
    assert not at.exception
    assert "Not handed in" in texts(at)
    assert at.selectbox(key="practical-assignment").value == assignment.id
    prefix = f"practical-hand-in-{assignment.id}-0"
    at.text_area(key=f"{prefix}-text").input(WRITE_UP)
    at = _button(at, "Hand in").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [
        f"Handed in version 1 of '{assignment.title}'. It waits for a grade from your mentor "
        "or a lead."
    ]
    shown = texts(at)
    assert "**Waiting for a grade** · 1 version" in shown
    assert WRITE_UP in shown  # the write-up, as markdown
    # The form starts empty for a next version.
    assert at.text_area(key=f"practical-hand-in-{assignment.id}-1-text").value == ""
    assert _versions(practice, "Aisha Khan", assignment) == 1


def test_a_refused_hand_in_keeps_the_typed_text_and_says_why(practice: Path) -> None:
    assignment = _untouched(practice, "Ben Carter")
    at = _open(_page_as(practice, "Ben Carter"), assignment)
    prefix = f"practical-hand-in-{assignment.id}-0"
    at.text_area(key=f"{prefix}-text").input(WRITE_UP)
    at.text_input(key=f"{prefix}-link").input("javascript:x")
    at = _button(at, "Hand in").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "A link must be a web address starting with http:// or https://."
    ]
    assert at.text_area(key=f"{prefix}-text").value == WRITE_UP
    assert at.text_input(key=f"{prefix}-link").value == "javascript:x"
    assert not at.success
    assert _versions(practice, "Ben Carter", assignment) == 0


def test_the_mentor_grades_it_from_waiting_for_you_and_the_learner_sees_it_passed(
    practice: Path,
) -> None:
    assignment = _untouched(practice, "Mei Chen")
    hand_in_id = _hand_in(practice, "Mei Chen", assignment)  # Tomás Alvarez is her mentor
    at = _page_as(practice, "Tomás Alvarez")
    assert f"**Mei Chen** · {assignment.title} · version 1 · handed in today" in texts(at)
    at = at.button(key=f"practical-open-{hand_in_id}").click().run()
    assert at.selectbox(key="practical-person").value == person_id(practice, "Mei Chen")
    assert at.selectbox(key="practical-assignment").value == assignment.id
    assert WRITE_UP in texts(at)

    prefix = f"practical-grade-{hand_in_id}-0"
    # A "Not yet" anywhere suggests another attempt; all "Meets" suggests a pass.
    at = _score_all(at, prefix, assignment, 1)
    assert at.radio(key=f"{prefix}-result").value == "again"
    at = _score_all(at, prefix, assignment, 3)
    assert at.radio(key=f"{prefix}-result").value == "pass"
    first = assignment.criteria[0]
    assert first.levels[3] in [c.value for c in at.caption]  # what "Meets" means, shown
    at.text_input(key=f"{prefix}-comment-{first.key}").input("Both methods, side by side.")
    at.text_area(key=f"{prefix}-comment").input("Clear verdict on the vector database.")
    at = _button(at, "Save grade").click().run()
    assert not at.exception and not at.error
    [saved] = [s.value for s in at.success if s.value.startswith("Graded")]
    assert "Passed: Mei Chen's work is closed." in [s.value for s in at.success]
    assert saved.startswith(
        f"Graded Mei Chen's '{assignment.title}': pass; "
        f"{LEVEL_NAMES[assignment.evidence_level]} practical evidence in "
    )
    assert f"**Mei Chen** · {assignment.title}" not in texts(at)  # no longer waiting

    at = _open(_page_as(practice, "Mei Chen"), assignment)
    assert not at.exception
    shown = texts(at)
    assert "**Passed** · 1 version" in shown
    assert "**Mentor: Tomás Alvarez** · **Pass**" in shown
    assert "Clear verdict on the vector database." in shown
    [readings] = [t.value for t in at.table if "Mentor: Tomás Alvarez" in t.value.columns]
    assert readings.loc[first.criterion, "Mentor: Tomás Alvarez"] == (
        "3 · Meets — Both methods, side by side."
    )
    assert not [t for t in at.text_area if t.key.startswith("practical-hand-in-")]  # closed


def test_a_peer_asked_to_review_reviews_beside_the_self_assessment(practice: Path) -> None:
    assignment = _untouched(practice, "Diego Fernández")
    hand_in_id = _hand_in(practice, "Diego Fernández", assignment)
    at = _open(_page_as(practice, "Diego Fernández"), assignment)
    hannah = person_id(practice, "Hannah Schmidt")
    at = at.selectbox(key=f"practical-reviewer-{hand_in_id}").set_value(hannah).run()
    at = at.button(key=f"practical-ask-{hand_in_id}").click().run()
    assert [s.value for s in at.success] == [
        f"Asked Hannah Schmidt to review '{assignment.title}'; it is on their Practical work "
        "page under Waiting for you."
    ]
    first = assignment.criteria[0]
    at.button_group(key=f"practical-self-{hand_in_id}-0-score-{first.key}").set_value(4)
    at = _button(at.run(), "Save my self-assessment").click().run()
    assert [s.value for s in at.success] == [f"Saved your self-assessment of '{assignment.title}'."]

    at = _page_as(practice, "Hannah Schmidt")
    assert "asked you for a peer review" in texts(at)
    at = at.button(key=f"practical-open-{hand_in_id}").click().run()
    assert WRITE_UP in texts(at)
    at = _button(at, "Save my review").click().run()  # nothing scored yet: refused, named
    assert at.error[0].value.startswith("Nothing was saved. Give a score to: " + first.criterion)
    at = _score_all(at, f"practical-peer-{hand_in_id}-0", assignment, 2)
    at = _button(at, "Save my review").click().run()
    assert not at.error
    assert [s.value for s in at.success] == [
        f"Saved your review of Diego Fernández's '{assignment.title}'."
    ]

    at = _open(_page_as(practice, "Diego Fernández"), assignment)
    [readings] = [t.value for t in at.table if "Peer: Hannah Schmidt" in t.value.columns]
    assert readings.loc[first.criterion, "Self: Diego Fernández"] == "4 · Exceeds"
    assert readings.loc[first.criterion, "Peer: Hannah Schmidt"] == "2 · Developing"
    assert "Waiting for a grade" in texts(at)  # readings are not a grade


def _shown_as_text(at: AppTest) -> None:
    """The hostile write-up is on the page as text: in a markdown element that does not allow
    HTML, its tags there as typed, and no HTML element anywhere on the page."""
    holding = [m for m in at.markdown if "alert(1)" in m.value]
    assert [m.value for m in holding] == [HOSTILE]
    assert not any(m.proto.allow_html for m in holding)
    assert not at.get("html")


def test_html_in_a_hand_in_is_shown_as_text_to_the_learner_and_the_mentor(
    practice: Path,
) -> None:
    assignment = _untouched(practice, "Jonas Weber")  # Grace Okafor is his mentor
    at = _open(_page_as(practice, "Jonas Weber"), assignment)
    at.text_area(key=f"practical-hand-in-{assignment.id}-0-text").input(HOSTILE)
    at = _button(at, "Hand in").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Handed in version 1 of")
    _shown_as_text(at)

    with _session(practice) as session:
        hand_in_id = session.exec(
            select(HandIn.id).where(
                HandIn.person_id == person_id(practice, "Jonas Weber"),
                HandIn.assignment_id == assignment.id,
            )
        ).one()
    at = _page_as(practice, "Grace Okafor")
    at = at.button(key=f"practical-open-{hand_in_id}").click().run()
    assert not at.exception
    _shown_as_text(at)


def test_another_learner_cannot_open_someone_elses_hand_in(practice: Path) -> None:
    assignment = _untouched(practice, "Aisha Khan")
    hand_in_id = _hand_in(practice, "Aisha Khan", assignment)
    at = _page_as(practice, "Ben Carter", **{"practical-review": hand_in_id})
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Only Aisha Khan, their mentor, a team lead or a peer asked to review it can see this "
        "hand-in."
    ]
    assert WRITE_UP not in texts(at)
    # Nor does his page offer anyone's work but his own.
    at = _page_as(practice, "Ben Carter")
    assert not [s for s in at.selectbox if s.key == "practical-person"]
    assert "Waiting for you" not in texts(at)


@pytest.mark.parametrize("name", ["Priya Raman", "Grace Okafor", "Aisha Khan"])
def test_every_role_reaches_practical_work_from_the_navigation(practice: Path, name: str) -> None:
    at = app_as(practice, name).switch_page("pages/practical_page.py").run()
    assert not at.exception and not at.error
    assert at.title[0].value == "Practical work"


def test_the_mentors_home_lists_hand_ins_to_grade_and_grade_opens_the_one_chosen(
    practice: Path,
) -> None:
    assignment = _untouched(practice, "Aisha Khan")
    _hand_in(practice, "Aisha Khan", assignment)
    home = app_as(practice, "Grace Okafor")  # through the app: its Home links to other pages
    assert not home.exception
    shown = texts(home)
    assert "Hand-ins to grade" in shown
    assert f"**Aisha Khan** · {assignment.title}" in shown
    # "Grade" leaves this for the Practical work page, which opens on that hand-in.
    aisha = person_id(practice, "Aisha Khan")
    at = _page_as(practice, "Grace Okafor", **{"practical-open-next": (aisha, assignment.id)})
    assert not at.exception
    assert at.selectbox(key="practical-person").value == aisha
    assert at.selectbox(key="practical-assignment").value == assignment.id
    assert any(s.value == assignment.title for s in at.subheader)


def test_the_learners_home_shows_practical_work_waiting_for_a_grade(practice: Path) -> None:
    assignment = _untouched(practice, "Ben Carter")
    _hand_in(practice, "Ben Carter", assignment)
    home = app_as(practice, "Ben Carter")
    assert not home.exception
    shown = texts(home)
    assert f"{assignment.title} · handed in" in shown and "waiting for a grade" in shown
    assert "returned for another attempt" in shown  # the demo returned Ben's first practical
