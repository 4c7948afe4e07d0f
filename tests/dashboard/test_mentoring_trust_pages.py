"""Mentoring pages a mentor and a lead can trust, under AppTest over a copy of the demo: the
pairing field shows the current mentor and removing one asks first; a 1:1 whose day passed is
called missed, never next; a save over someone else's keeps both texts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from mentoring.meetings import save_meeting
from storage.engine import make_engine
from storage.enums import Visibility
from storage.models import AuditEvent, MentoringSession, Person, utc_now
from storage.people import get_person
from tests.dashboard.apptest import person_id, texts
from tests.dashboard.test_mentoring_pages import _ok, _page_as, own_env  # noqa: F401


def _mentor_of(data_dir: Path, name: str) -> str | None:
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.name == name)).one()
        mentor = session.get(Person, person.mentor_id) if person.mentor_id else None
        name_or_none = mentor.name if mentor else None
    engine.dispose()
    return name_or_none


def _mentor_field(at: AppTest):  # type: ignore[no-untyped-def]
    return next(s for s in at.selectbox if s.label == "Mentor")


def test_the_pairing_field_shows_the_current_mentor_and_removing_one_asks_first(
    own_env: Path,  # noqa: F811
) -> None:
    at = _page_as(own_env, "Priya Raman", "pairing_page.py")
    _ok(at)
    at.selectbox(key="pairing-person").set_value(person_id(own_env, "Ben Carter")).run()
    assert _mentor_field(at).value == person_id(own_env, "Lars Henriksen")
    # Assign with nothing changed is not offered: it could never unassign by accident.
    assert at.button(key="pairing-assign").disabled
    at.button(key="pairing-remove").click().run()
    _ok(at)
    assert any("Remove **Lars Henriksen** as Ben Carter's mentor?" in w.value for w in at.warning)
    assert _mentor_of(own_env, "Ben Carter") == "Lars Henriksen"  # nothing yet
    at.button(key="pairing-remove-cancel").click().run()
    assert _mentor_of(own_env, "Ben Carter") == "Lars Henriksen"
    at.button(key="pairing-remove").click().run()
    at.button(key="pairing-remove-confirm").click().run()
    _ok(at)
    assert any("Lars Henriksen no longer mentors Ben Carter" in s.value for s in at.success)
    assert _mentor_of(own_env, "Ben Carter") is None
    assert _mentor_field(at).value is None
    engine = make_engine(f"sqlite:///{own_env / 'proficio.db'}")
    with Session(engine) as session:
        event = session.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(1)).one()
    engine.dispose()
    assert event.action == "mentor_removed"
    assert event.detail["summary"] == "Removed Lars Henriksen as Ben Carter's mentor."


def test_no_page_calls_a_1_1_whose_day_passed_next(own_env: Path) -> None:  # noqa: F811
    today = date.today()
    lead = _page_as(own_env, "Priya Raman", "mentees_page.py")
    _ok(lead)
    table = lead.dataframe[0].value
    upcoming = [d for d in table["Next session"] if not pd.isna(d)]
    assert upcoming and all(d >= today for d in upcoming)
    ben = table[table["Mentee"] == "Ben Carter"].iloc[0]
    assert ben["Missed 1:1s"] >= 3
    assert any("**Ben Carter**" in w.value and "missed" in w.value for w in lead.warning)
    home = _page_as(own_env, "Ben Carter", "learner_home_page.py")
    _ok(home)
    assert any(w.value.startswith("Missed 1:1:") for w in home.warning)
    mine = _page_as(own_env, "Ben Carter", "my_mentoring_page.py")
    _ok(mine)
    assert any(w.value.startswith("Missed:") for w in mine.warning)
    assert "Missed" in set(mine.dataframe[-1].value["Status"])


def test_saving_over_someone_elses_save_shows_both_texts_and_keeps_what_was_typed(
    own_env: Path,  # noqa: F811
) -> None:
    typed = "Grace's agenda: recall@5 and the test queries."
    at = _page_as(own_env, "Grace Okafor", "session_page.py")
    _ok(at)
    session_id = next(s for s in at.selectbox if s.label == "Session").value
    agenda = next(t for t in at.text_area if t.key and t.key.endswith("-agenda"))
    agenda.input(typed)
    # Meanwhile Priya, the lead, saves the same session's agenda.
    priya = person_id(own_env, "Priya Raman")
    engine = make_engine(f"sqlite:///{own_env / 'proficio.db'}")
    with Session(engine) as session:
        row = session.get(MentoringSession, session_id)
        assert row is not None
        save_meeting(
            session,
            actor=get_person(session, priya),
            meeting_id=session_id,
            agenda="Priya's agenda: the capstone demo.",
            notes=None,
            visibility=Visibility.PAIR,
            expected_version=row.version,
            now=utc_now(),
        )
        session.commit()
    next(b for b in at.button if b.label == "Save").click().run()
    assert not at.exception
    assert any(
        "Priya Raman changed this session while you were editing" in e.value for e in at.error
    )
    theirs = next(t for t in at.text_area if t.label == "Agenda saved by Priya Raman")
    assert theirs.value == "Priya's agenda: the capstone demo."
    mine = next(t for t in at.text_area if t.label == "Your agenda")
    assert mine.value == typed
    with Session(engine) as session:
        saved = session.get(MentoringSession, session_id)
        assert saved is not None and saved.agenda == "Priya's agenda: the capstone demo."
    # Having seen Priya's, Grace saves hers on purpose.
    next(b for b in at.button if b.label == "Save mine over theirs").click().run()
    _ok(at)
    assert any(s.value.startswith("Saved the agenda") for s in at.success)
    with Session(engine) as session:
        saved = session.get(MentoringSession, session_id)
        assert saved is not None and saved.agenda == typed
    engine.dispose()
    assert "Your agenda" not in [t.label for t in at.text_area]
    assert "1:1 session" in texts(at)


def _someone_else_saves_the_agenda(data_dir: Path, session_id: int, agenda: str) -> None:
    priya = person_id(data_dir, "Priya Raman")
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    with Session(engine) as session:
        row = session.get(MentoringSession, session_id)
        assert row is not None
        save_meeting(
            session,
            actor=get_person(session, priya),
            meeting_id=session_id,
            agenda=agenda,
            notes=None,
            visibility=Visibility.PAIR,
            expected_version=row.version,
            now=utc_now(),
        )
        session.commit()
    engine.dispose()


def test_an_untouched_agenda_form_shows_someone_elses_save_instead_of_a_conflict(
    own_env: Path,  # noqa: F811
) -> None:
    at = _page_as(own_env, "Grace Okafor", "session_page.py")
    _ok(at)
    session_id = next(s for s in at.selectbox if s.label == "Session").value
    theirs = "Priya's agenda: the capstone demo."
    _someone_else_saves_the_agenda(own_env, session_id, theirs)
    # Grace typed nothing and presses Save: no conflict, the form shows Priya's text.
    next(b for b in at.button if b.label == "Save").click().run()
    _ok(at)
    assert not at.error
    assert any("you had typed nothing" in i.value for i in at.info)
    agenda = next(t for t in at.text_area if t.key and t.key.endswith("-agenda"))
    assert agenda.value == theirs
    # And her next edit saves over the version she now sees.
    agenda.input(theirs + " And recall@5.")
    next(b for b in at.button if b.label == "Save").click().run()
    _ok(at)
    assert any(s.value.startswith("Saved the agenda") for s in at.success)


def test_coming_back_to_the_1_1_page_shows_the_agenda_someone_saved_meanwhile(
    own_env: Path,  # noqa: F811
) -> None:
    at = _page_as(own_env, "Grace Okafor", "session_page.py")
    _ok(at)
    session_id = next(s for s in at.selectbox if s.label == "Session").value
    at.switch_page("pages/mentees_page.py").run()
    _ok(at)
    theirs = "Priya's agenda: the capstone demo."
    _someone_else_saves_the_agenda(own_env, session_id, theirs)
    at.switch_page("pages/session_page.py").run()
    _ok(at)
    agenda = next(t for t in at.text_area if t.key and t.key.endswith("-agenda"))
    assert agenda.value == theirs
