"""The Sharing sessions and Communities pages under AppTest: a learner proposes a brown bag and
the form starts empty; a refused proposal keeps what was typed; teammates sign up; the lead
confirms a presentation and it is evidence in the presenter's matrix; an attendee logs the hour
once; someone of the other demo team joins the community and sees only the notes they may read.

The tests write, so they run on this module's own copy of the demo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from assessments.ratings import people_matrix
from storage.engine import make_engine
from storage.enums import RaterKind
from storage.models import ActivityLog, Note, Rating, SharingSession
from storage.people import get_person
from storage.settings import get_settings
from tests.dashboard.apptest import TIMEOUT_S, app_as, copy_of_demo, person_id, point_app_at, texts

PAGES = Path(__file__).resolve().parents[2] / "dashboard" / "pages"
SESSIONS = str(PAGES / "sessions_page.py")
COMMUNITIES = str(PAGES / "communities_page.py")
FORM = "sharing-propose-0"


@pytest.fixture(scope="module")
def data_dir(demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_of_demo(demo_data_dir, tmp_path_factory.mktemp("sharing-demo"))


@pytest.fixture
def demo(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    point_app_at(monkeypatch, data_dir)
    yield data_dir
    get_settings.cache_clear()


def _session(data_dir: Path) -> Session:
    return Session(make_engine(f"sqlite:///{data_dir / 'proficio.db'}"))


def _session_id(session: Session, title_start: str) -> int:
    """The demo's sharing session whose title starts so."""
    found = session.exec(
        select(SharingSession.id).where(col(SharingSession.title).startswith(title_start))
    ).one()
    assert found is not None
    return found


def _page_as(page: str, data_dir: Path, name: str) -> AppTest:
    at = AppTest.from_file(page, default_timeout=TIMEOUT_S)
    at.session_state["viewer_id"] = person_id(data_dir, name)
    return at.run()


def _button(at: AppTest, label: str, key_part: str = ""):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label and key_part in (b.key or ""))


def test_a_learner_proposes_a_brown_bag_and_the_form_starts_empty(demo: Path) -> None:
    at = _page_as(SESSIONS, demo, "Aisha Khan")
    assert not at.exception
    at.text_input(key=f"{FORM}-title").input("Chunk overlap, measured")
    at.selectbox(key=f"{FORM}-module").set_value("chunking-and-ingestion")
    at = _button(at, "Propose").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    [saved] = [s.value for s in at.success]
    assert saved.startswith("Proposed “Chunk overlap, measured” for ")
    assert "**Chunk overlap, measured** · talk" in texts(at)
    assert at.text_input(key="sharing-propose-1-title").value == ""


def test_a_refused_proposal_keeps_what_was_typed_and_says_why(demo: Path) -> None:
    at = _page_as(SESSIONS, demo, "Ben Carter")
    at.text_input(key=f"{FORM}-title").input("Our ticket taxonomy")
    at.text_input(key=f"{FORM}-link").input("files.example/taxonomy.pdf")
    at = _button(at, "Propose").click().run()
    assert [e.value for e in at.error] == [
        "Session not saved: a link must start with http:// or https://."
    ]
    assert at.text_input(key=f"{FORM}-title").value == "Our ticket taxonomy"
    assert at.text_input(key=f"{FORM}-link").value == "files.example/taxonomy.pdf"


def test_two_teammates_sign_up_and_see_each_other_on_the_list(demo: Path) -> None:
    with _session(demo) as session:
        brown_bag = _session_id(session, "Hybrid search")
    for name in ("Mei Chen", "Kwame Mensah"):
        at = _page_as(SESSIONS, demo, name)
        at = at.button(key=f"coming-{brown_bag}-sign-up").click().run()
        assert not at.error
        assert at.success[0].value.startswith("You are signed up for “Hybrid search")
    assert "Kwame Mensah, Mei Chen" in texts(at)


def test_the_lead_confirms_a_presentation_and_the_presenters_matrix_has_the_evidence(
    demo: Path,
) -> None:
    at = _page_as(SESSIONS, demo, "Priya Raman")
    assert "presentations to confirm" in "\n".join(w.value for w in at.warning)
    at = _button(at, "Confirm Kwame Mensah's presentation").click().run()
    assert not at.error
    assert at.success[0].value.startswith(
        "Confirmed: intermediate presentation evidence for Kwame Mensah in "
    )
    assert "Kwame Mensah's presentation confirmed by Priya Raman" in texts(at)
    kwame = person_id(demo, "Kwame Mensah")
    with _session(demo) as session:
        lead = get_person(session, person_id(demo, "Priya Raman"))
        assert session.exec(
            select(Rating).where(
                Rating.person_id == kwame, Rating.rater_kind == RaterKind.PRESENTATION
            )
        ).all()
        view = people_matrix(session, actor=lead, team_id=lead.team_id, person_ids=[kwame])
        assert any(
            e.rater_kind == RaterKind.PRESENTATION
            for (pid, _), found in view.evidence.items()
            if pid == kwame
            for e in found
        )


def test_an_attendee_logs_the_hour_in_one_click_and_only_once(demo: Path) -> None:
    sofia = person_id(demo, "Sofia Rossi")
    with _session(demo) as session:
        before = len(session.exec(select(ActivityLog).where(ActivityLog.person_id == sofia)).all())
        held = _session_id(session, "Support search")
    at = _page_as(SESSIONS, demo, "Sofia Rossi")
    log = at.button(key=f"held-{held}-log")
    assert log.label == "Log 1 h in my activity log"
    at = log.click().run()
    assert not at.error
    assert at.success[0].value == (
        "Logged “Support search: from pilot to business case” against Business value and use "
        "cases in your activity log."
    )
    assert "In your activity log." in texts(at)
    assert not [b for b in at.button if b.key == log.key]  # no second click to make
    with _session(demo) as session:
        after = len(session.exec(select(ActivityLog).where(ActivityLog.person_id == sofia)).all())
    assert after == before + 1


def test_members_of_both_teams_read_the_shared_notes_and_a_newcomer_reads_them_once_joined(
    demo: Path,
) -> None:
    at = _page_as(COMMUNITIES, demo, "Rosa Lindqvist")
    assert not at.exception
    shown = texts(at)
    assert "Owen Brooks · Platform Reliability" in shown
    assert "Hannah Schmidt · Search Platform" in shown
    # Rosa is a member: the Search Platform team's shared notes are hers to read too.
    assert "**Brown bag: how do we know search got better?** · Kwame Mensah (Search" in shown
    assert "**Runbook: the recall@10 alert fired** · Owen Brooks (Platform Reliability)" in shown
    brown_bag = next(
        b for b in at.button if b.label == "Read" and b.key.endswith(f"-open-{_note_id(demo)}")
    )
    at = brown_bag.click().run()
    assert not at.exception
    assert "Brown bag: how do we know search got better?" in [h.value for h in at.subheader]
    # Diego of Search Platform is not a member: his team's notes, not Owen's runbook.
    at = _page_as(COMMUNITIES, demo, "Diego Fernández")
    shown = texts(at)
    assert "Runbook: the recall@10 alert fired" not in shown
    assert "1 more shared here that you may not read" in shown
    at = _button(at, "Join the community").click().run()
    assert at.success[0].value.startswith("You joined “Retrieval quality”")
    assert "Diego Fernández · Search Platform" in texts(at)
    assert "**Runbook: the recall@10 alert fired** · Owen Brooks" in texts(at)


def _note_id(demo: Path) -> int:
    with _session(demo) as session:
        return session.exec(
            select(Note.id).where(Note.title == "Brown bag: how do we know search got better?")
        ).one()


def test_a_learner_signed_up_sees_the_next_sharing_session_on_home(demo: Path) -> None:
    at = app_as(demo, "Ben Carter")
    assert not at.exception
    assert (
        "Your next sharing session: **Hybrid search: when BM25 saves the day** (brown bag, "
        "you signed up)" in texts(at)
    )
