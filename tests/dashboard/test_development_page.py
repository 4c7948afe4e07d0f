"""The Development plan page under AppTest: a learner reads their goals and proposes one, a
refused goal keeps what was typed, the mentor agrees to a waiting goal, a milestone is ticked
with its day, and a learner sees only their own plan. The tests write goals, so they run on
this module's own copy of the demo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, func, select
from streamlit.testing.v1 import AppTest

from storage.engine import make_engine
from storage.models import Goal
from storage.settings import get_settings
from tests.dashboard.apptest import TIMEOUT_S, app_as, copy_of_demo, person_id, point_app_at, texts

PAGE = str(Path(__file__).resolve().parents[2] / "dashboard" / "pages" / "development_page.py")
NEW = "development-new-0"  # the new-goal form's key before its first save


@pytest.fixture(scope="module")
def data_dir(demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_of_demo(demo_data_dir, tmp_path_factory.mktemp("development-demo"))


@pytest.fixture
def demo(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    point_app_at(monkeypatch, data_dir)
    yield data_dir
    get_settings.cache_clear()


def _goals_of(data_dir: Path, name: str) -> int:
    with Session(make_engine(f"sqlite:///{data_dir / 'proficio.db'}")) as session:
        return session.exec(
            select(func.count())
            .select_from(Goal)
            .where(Goal.person_id == person_id(data_dir, name))
        ).one()


def _page_as(data_dir: Path, name: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT_S)
    at.session_state["viewer_id"] = person_id(data_dir, name)
    return at.run()


def _button(at: AppTest, label: str, nth: int = 0):  # type: ignore[no-untyped-def]
    return [b for b in at.button if b.label == label][nth]


def test_a_learner_sees_their_goals_and_proposes_one_that_waits_for_the_mentor(
    demo: Path,
) -> None:
    at = _page_as(demo, "Aisha Khan")
    assert not at.exception
    shown = texts(at)
    assert "Choose and tune the index for the support-ticket search" in shown
    assert "intermediate of advanced in Vector database expertise" in " ".join(
        str(p.proto.text) for p in at.get("progress")
    )
    assert not [s for s in at.selectbox if s.key == "development-person"]  # only her own plan
    before = _goals_of(demo, "Aisha Khan")
    at.text_input(key=f"{NEW}-what").input("Write the team's FAISS runbook")
    at.text_area(key=f"{NEW}-why").input("Nobody else knows how the index is rebuilt.")
    at.text_input(key=f"{NEW}-measure").input("Lars rebuilds the index from it alone.")
    at.text_area(key=f"{NEW}-milestones").input("Outline\nFirst draft")
    at = _button(at, "Propose goal").click().run()
    assert not at.exception and not at.error
    [saved] = [s.value for s in at.success]
    assert saved.startswith("Proposed 'Write the team's FAISS runbook', due ")
    shown = texts(at)
    assert "Write the team's FAISS runbook" in shown
    assert "waiting for the mentor to agree" in shown
    assert _goals_of(demo, "Aisha Khan") == before + 1
    assert at.text_input(key="development-new-1-what").value == ""  # the form starts afresh


def test_a_refused_goal_keeps_what_was_typed_and_says_why(demo: Path) -> None:
    at = _page_as(demo, "Ben Carter")
    before = _goals_of(demo, "Ben Carter")
    at.text_input(key=f"{NEW}-what").input("Finish the fusion step")
    at.text_area(key=f"{NEW}-why").input("It blocks the prototype.")
    at.date_input(key=f"{NEW}-due").set_value(date.today() - timedelta(days=3))
    at = _button(at, "Propose goal").click().run()
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert error.startswith("Goal not saved: the due date") and "has passed" in error
    assert at.text_input(key=f"{NEW}-what").value == "Finish the fusion step"
    assert at.text_area(key=f"{NEW}-why").value == "It blocks the prototype."
    assert not at.success
    assert _goals_of(demo, "Ben Carter") == before


def test_the_mentor_agrees_to_a_waiting_goal_and_it_reads_agreed(demo: Path) -> None:
    at = _page_as(demo, "Priya Raman")  # the lead agrees on the mentor's side too
    at = at.selectbox(key="development-person").set_value(person_id(demo, "Sofia Rossi")).run()
    assert "waiting for the mentor to agree" in texts(at)
    at = _button(at, "Agree to this goal").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [
        "Agreed to 'Mentor a newcomer through their first FAISS exercise'; both sides have "
        "now agreed."
    ]
    shown = texts(at)
    assert "Agreed: Sofia Rossi agreed" in shown and "Priya Raman agreed" in shown
    assert "Agreed to Sofia Rossi's goal" in shown  # in the goal's history


def test_ticking_the_last_milestone_marks_the_goal_done(demo: Path) -> None:
    at = _page_as(demo, "Mei Chen")
    assert "Give a lunchtime talk on chunking" in texts(at)
    # Her only open milestone is the lunchtime talk's dry run.
    at = _button(at, "Tick milestone").click().run()
    assert not at.exception and not at.error
    [saved] = [s.value for s in at.success]
    assert saved.startswith("Ticked 'Dry run with Tomás' as reached on ")
    shown = texts(at)
    assert "reached" in shown and "ticked by Mei Chen" in shown
    assert ":green-badge[done] **Give a lunchtime talk on chunking**" in shown


def test_the_1_1_lists_a_goal_due_soon_and_keeps_its_review_note_with_the_goal(
    demo: Path,
) -> None:
    at = app_as(demo, "Grace Okafor")  # Aisha Khan's mentor
    at.session_state["mentoring-current-mentee"] = person_id(demo, "Aisha Khan")
    at = at.switch_page("pages/session_page.py").run()
    assert not at.exception and not at.error
    agenda = next(t.value for t in at.text_area if t.key and t.key.endswith("-agenda"))
    assert (
        "Goal due soon: 'Choose and tune the index for the support-ticket search' — 67 %" in agenda
    )
    form = next(t.key for t in at.text_area if t.key and t.key.startswith("goal-review-"))
    at.text_area(key=form).input("Recommendation drafted; present it at Thursday's stand-up.")
    at = _button(at, "Keep review note").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [
        "Kept the review note on 'Choose and tune the index for the support-ticket search' "
        "with the goal."
    ]
    assert "Recommendation drafted; present it at Thursday's stand-up." in [
        t.value for t in at.text
    ]
    mine = _page_as(demo, "Aisha Khan")
    notes = [t.value for t in mine.text]
    assert "Recommendation drafted; present it at Thursday's stand-up." in notes
    assert any(
        "Reviewed Aisha Khan's goal 'Choose and tune the index" in m
        for m in texts(mine).splitlines()
    )


def test_a_learner_finds_their_goals_on_their_home(demo: Path) -> None:
    at = app_as(demo, "Ben Carter")
    assert not at.exception
    shown = texts(at)
    assert "My goals" in shown
    assert (
        ":orange-badge[off track] Build a hybrid search prototype for the docs site · 33 %" in shown
    )
