"""The mentoring pages under AppTest over the seeded demo, as mentor, lead and learner."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from mentoring.capstones import CapstoneLevel
from storage.settings import get_settings
from tests.dashboard.apptest import app_as, person_id, texts


@pytest.fixture
def own_env(demo_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the demo database, for tests that change it.

    The app caches its engine per process (st.cache_resource), so the cache is cleared on the
    way in and out: this test's app runs reach the copy, and later tests the shared demo again.
    """
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    # SQLite's backup API copies committed pages, including any still in the WAL file.
    with (
        closing(sqlite3.connect(demo_data_dir / "proficio.db")) as source,
        closing(sqlite3.connect(data_dir / "proficio.db")) as target,
    ):
        source.backup(target)
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(data_dir))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    st.cache_resource.clear()
    yield data_dir
    st.cache_resource.clear()
    get_settings.cache_clear()


def _page_as(data_dir: Path, name: str, page: str) -> AppTest:
    at = app_as(data_dir, name)
    return at.switch_page(f"pages/{page}").run()


def _ok(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def test_mentor_sees_their_mentees_with_gaps_sessions_and_items(app_env: Path) -> None:
    at = _page_as(app_env, "Grace Okafor", "mentees_page.py")
    _ok(at)
    table = at.dataframe[0].value
    assert list(table["Mentee"]) == ["Aisha Khan", "Jonas Weber", "Sofia Rossi"]
    aisha = table[table["Mentee"] == "Aisha Khan"].iloc[0]
    assert "Embedding model mastery" in aisha["Largest gaps"]
    assert aisha["Plan"] == "12 wk · 2×60 min"
    assert aisha["Open"] >= 1
    assert "Mentor" not in table.columns
    at.selectbox(key="mentees-pick").set_value(person_id(app_env, "Jonas Weber"))
    at.button(key="mentees-open").click().run()
    _ok(at)
    assert at.title[0].value == "1:1 session"
    assert next(s for s in at.selectbox if s.label == "Mentee").value == person_id(
        app_env, "Jonas Weber"
    )
    assert "of 24 ·" in texts(at)  # Jonas's 12-week plan, opened on its next session
    assert not any(s.value.startswith("Done") for s in at.success)


def test_lead_sees_everyones_mentoring_and_the_cadence_alert(app_env: Path) -> None:
    at = _page_as(app_env, "Priya Raman", "mentees_page.py")
    _ok(at)
    table = at.dataframe[0].value
    assert len(table) == 8
    assert set(table["Mentor"]) == {"Grace Okafor", "Tomás Alvarez", "Lars Henriksen"}
    alerts = " ".join(w.value for w in at.warning)
    assert "**Ben Carter**" in alerts and "the plan allows 7" in alerts


def test_plan_page_shows_dated_phased_sessions_and_the_ics(app_env: Path) -> None:
    at = _page_as(app_env, "Grace Okafor", "plan_page.py")
    _ok(at)
    text = texts(at)
    assert "**Aisha Khan** with **Grace Okafor** · 12 weeks, 2× a week, 60 min" in text
    assert "generated from the assessment of" in text
    assert "technical review 30 min, problem solving 20 min, career 10 min" in text
    sessions = at.dataframe[0].value
    assert len(sessions) == 24
    assert list(sessions["Phase"])[:1] == ["Assessment and goal setting"]
    assert "Done" in set(sessions["Status"]) and "Planned" in set(sessions["Status"])
    assert "From the assessment of" in text and "below 6" in text


def test_learner_sees_own_plan_items_and_rates_a_session(own_env: Path) -> None:
    at = _page_as(own_env, "Aisha Khan", "my_mentoring_page.py")
    _ok(at)
    text = texts(at)
    assert "with **Grace Okafor**" in text
    assert any("Next session" in i.value for i in at.info)
    items = at.dataframe[0].value
    assert "Overdue" in set(items["Status"])
    assert any("overdue" in w.value for w in at.warning)
    assert "My capstone" in text
    title = at.selectbox(key="mine-item").options[0]
    before = len(items)
    next(b for b in at.button if b.label == "Mark done").click().run()
    _ok(at)
    assert any(f"Done: {title}" in s.value for s in at.success)
    assert len(at.dataframe[0].value) == before - 1
    # Rate the latest done session (the widget counts stars from 0).
    stars = at.feedback[0]
    new = 1 if stars.value == 4 else 4  # a change from whatever the demo gave
    stars.set_value(new).run()
    _ok(at)
    assert any("you rated session" in s.value and f"{new + 1}/5" in s.value for s in at.success)
    assert f"Your rating: {new + 1}/5" in texts(at)


def test_mentor_opens_next_session_completes_it_and_items_carry_over(own_env: Path) -> None:
    at = _page_as(own_env, "Grace Okafor", "session_page.py")
    _ok(at)
    agenda = at.text_area(key=next(k for k in _keys(at) if k.endswith("-agenda"))).value
    assert "Gap: Embedding model mastery" in agenda
    assert "Carried over:" in agenda
    assert "Capstone 'Personal document search', week 3 checkpoint" in agenda
    carried = at.dataframe[0].value
    assert len(carried) >= 1
    at.text_area(key=next(k for k in _keys(at) if k.endswith("-notes"))).input(
        "Walked through the recall@5 numbers; Aisha will write the test queries."
    )
    done_button = next(b for b in at.button if b.label == "Save and mark done")
    done_button.click().run()
    _ok(at)
    assert any("open items carry over" in s.value for s in at.success)
    assert any("Done — marked by Grace Okafor" in s.value for s in at.success)
    # The next session now carries the same open items.
    picker = next(s for s in at.selectbox if s.label == "Session")
    nxt = next(o for o in picker.options if o.endswith("planned"))
    picker.select(nxt).run()
    _ok(at)
    assert set(at.dataframe[0].value["Item"]) >= set(carried["Item"])


def _keys(at: AppTest) -> list[str]:
    return [t.key for t in at.text_area if t.key]


def test_mentor_adjusts_the_plan(own_env: Path) -> None:
    at = _page_as(own_env, "Grace Okafor", "plan_page.py")
    at.number_input(key="adjust-minutes").set_value(45)
    next(b for b in at.button if b.label == "Save changes").click().run()
    _ok(at)
    assert any(s.value == "Plan adjusted." for s in at.success)
    assert "2× a week, 45 min" in texts(at)
    assert "technical review 25 min, problem solving 15 min, career 5 min" in texts(at)


def test_bad_plan_settings_get_a_clear_message(own_env: Path) -> None:
    at = _page_as(own_env, "Tomás Alvarez", "plan_page.py")
    at.text_input(key="create-focus").input(" , ")
    next(b for b in at.button if b.label == "Create plan").click().run()
    assert not at.exception
    assert any("name at least one focus" in e.value for e in at.error)


def test_capstones_are_ranked_for_the_mentee(app_env: Path) -> None:
    at = _page_as(app_env, "Tomás Alvarez", "capstones_page.py")
    _ok(at)
    text = texts(at)
    assert "Recommended for Diego Fernández" in text
    assert "**1. " in text and "closes" in text
    assert any(e.label.startswith("Multi-modal search · advanced") for e in at.expander)
    grace = _page_as(app_env, "Grace Okafor", "capstones_page.py")
    _ok(grace)
    assert "**Personal document search** (beginner)" in texts(grace)
    assert "2 of 3 checkpoints · in progress" in texts(grace)


def test_guidance_changes_with_the_level(app_env: Path) -> None:
    at = _page_as(app_env, "Grace Okafor", "guidance_page.py")
    _ok(at)
    assert "PersistentClient" in texts(at)  # beginner steps for a connection problem
    at.radio(key="guidance-problem").set_value("performance")
    at.radio(key="guidance-level").set_value(CapstoneLevel.ADVANCED).run()
    text = texts(at)
    assert "Trade-offs" in text and "HNSW" in text and "nprobe" in text


def test_lead_pairs_a_mentor_and_sees_the_workload(own_env: Path) -> None:
    at = _page_as(own_env, "Priya Raman", "pairing_page.py")
    _ok(at)
    workload = at.dataframe[0].value
    lars = workload[workload["Mentor"] == "Lars Henriksen"].iloc[0]
    assert lars["Mentees"] == "Ben Carter, Kwame Mensah"
    assert lars["Missed 1:1s"] >= 3
    assert any("**Lars Henriksen** has" in w.value for w in at.warning)
    at.selectbox(key="pairing-person").set_value(person_id(own_env, "Ben Carter")).run()
    next(s for s in at.selectbox if s.label == "Mentor").set_value(
        person_id(own_env, "Tomás Alvarez")
    ).run()
    next(b for b in at.button if b.label == "Assign").click().run()
    _ok(at)
    assert any("Ben Carter is now mentored by Tomás Alvarez" in s.value for s in at.success)
    workload = at.dataframe[0].value
    tomas = workload[workload["Mentor"] == "Tomás Alvarez"].iloc[0]
    assert "Ben Carter" in tomas["Mentees"]


def test_mentoring_pages_are_where_each_role_expects_them(app_env: Path) -> None:
    mentor = app_as(app_env, "Grace Okafor")
    for page in ("mentees_page.py", "plan_page.py", "session_page.py", "capstones_page.py"):
        mentor.switch_page(f"pages/{page}").run()
        _ok(mentor)
    mentor.switch_page("pages/pairing_page.py").run()
    assert any("for team leads" in i.value for i in mentor.info)
    learner = app_as(app_env, "Mei Chen")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        learner.switch_page("pages/mentees_page.py")  # not in a learner's navigation
    learner.switch_page("pages/my_mentoring_page.py").run()
    _ok(learner)
    assert "with **Tomás Alvarez**" in texts(learner)


def test_mentor_raises_an_item_closes_one_with_evidence_and_ticks_the_capstone(
    own_env: Path,
) -> None:
    at = _page_as(own_env, "Grace Okafor", "session_page.py")
    title_box = next(t for t in at.text_input if t.label == "New action item")
    title_box.input("Run the 15 test queries and bring recall@5")
    next(b for b in at.button if b.label == "Add item").click().run()
    _ok(at)
    assert any("Added: Run the 15 test queries" in s.value for s in at.success)
    raised = at.dataframe[1].value
    assert list(raised["Item"]) == ["Run the 15 test queries and bring recall@5"]
    close = next(s for s in at.selectbox if s.label == "Mark done")
    overdue = next(o for o in close.options if o.startswith("Write an internal note"))
    close.select(overdue)
    next(s for s in at.selectbox if s.label == "Evidence for its competency").select_index(2)
    next(b for b in at.button if b.label == "Mark item done").click().run()
    _ok(at)
    assert any("Done: Write an internal note" in s.value for s in at.success)
    assert "Write an internal note on our chunking choices" not in set(
        at.dataframe[0].value["Item"]
    )
    tick = next(b for b in at.button if b.label.startswith("Tick week 3"))
    tick.click().run()
    _ok(at)
    assert any("Ticked week 3 of Personal document search" in s.value for s in at.success)
    assert "3 of 3 checkpoints · completed" in texts(at)


def test_mentor_starts_the_top_ranked_capstone(own_env: Path) -> None:
    at = _page_as(own_env, "Tomás Alvarez", "capstones_page.py")
    assert any("has no capstone yet" in i.value for i in at.info)
    start = next(b for b in at.button if b.label.startswith("Start "))
    project = start.label.removeprefix("Start ")
    start.click().run()
    _ok(at)
    assert any(s.value.startswith(f"Started {project}; it runs until") for s in at.success)
    assert f"**{project}**" in texts(at) and "0 of 6 checkpoints · in progress" in texts(at)
    assert not any(b.label.startswith("Start ") for b in at.button)  # one capstone at a time
