"""The shared 1:1 agenda on the pages: the mentee sees the next 1:1 with its drafted agenda in
My mentoring and adds a talking point; the mentor sees it on the 1:1 session page."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from storage.engine import make_engine
from storage.models import TalkingPoint
from tests.dashboard.apptest import app_as, texts
from tests.dashboard.test_mentoring_pages import own_env  # noqa: F401


def _page_as(data_dir: Path, name: str, page: str) -> AppTest:
    return app_as(data_dir, name).switch_page(f"pages/{page}").run()


def _ok(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def _meeting_of(data_dir: Path, text: str) -> int:
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    with Session(engine) as session:
        point = session.exec(select(TalkingPoint).where(TalkingPoint.text == text)).one()
    engine.dispose()
    return point.meeting_id


def test_the_mentee_adds_a_talking_point_to_the_next_1_1_and_the_mentor_sees_it(
    own_env: Path,  # noqa: F811
) -> None:
    point = "Why does my hybrid search rank error codes so low?"
    mine = _page_as(own_env, "Aisha Khan", "my_mentoring_page.py")
    _ok(mine)
    assert "Next 1:1" in texts(mine)
    agenda = next(e for e in mine.expander if e.label.startswith("Agenda"))
    assert "Problem solving" in "\n".join(m.value for m in agenda.markdown)
    next(t for t in mine.text_area if t.label == "Add a talking point").input(point)
    next(b for b in mine.button if b.label == "Add the point").click().run()
    _ok(mine)
    assert any(s.value == f"Talking point added: {point}" for s in mine.success)
    # The form starts empty for the next one; the point is in the agenda, marked as Aisha's.
    assert next(t for t in mine.text_area if t.label == "Add a talking point").value == ""
    agenda = next(e for e in mine.expander if e.label.startswith("Agenda"))
    assert f"Talking point from Aisha Khan: {point}" in "\n".join(m.value for m in agenda.markdown)

    mentor = _page_as(own_env, "Grace Okafor", "session_page.py")
    _ok(mentor)
    meeting_id = _meeting_of(own_env, point)
    next(s for s in mentor.selectbox if s.label == "Session").set_value(meeting_id).run()
    _ok(mentor)
    shown = texts(mentor)
    assert point in shown
    assert "Aisha Khan, " in shown  # who added it, and when


def test_a_refused_talking_point_keeps_what_was_typed(own_env: Path) -> None:  # noqa: F811
    typed = "x" * 10 + "\x00"
    mine = _page_as(own_env, "Aisha Khan", "my_mentoring_page.py")
    next(t for t in mine.text_area if t.label == "Add a talking point").input(typed)
    next(b for b in mine.button if b.label == "Add the point").click().run()
    assert any("Talking point not added" in e.value for e in mine.error)
    assert next(t for t in mine.text_area if t.label == "Add a talking point").value == typed
