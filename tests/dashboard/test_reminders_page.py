"""The Reminders page under AppTest: each person sees today's digest as it would be mailed,
turns a kind off and sees it gone at once; without a mail server it says nothing is sent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from storage.engine import make_engine
from storage.enums import ReminderKind
from storage.roster import reminders_off
from storage.settings import get_settings
from tests.dashboard.apptest import app_as, copy_of_demo, person_id, point_app_at, texts

PAGE = "pages/reminders_page.py"


@pytest.fixture
def data_dir(
    demo_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    copy = copy_of_demo(demo_data_dir, tmp_path)
    monkeypatch.delenv("PROFICIO_SMTP_URL", raising=False)
    point_app_at(monkeypatch, copy)
    yield copy
    get_settings.cache_clear()


def test_a_mentor_turns_hand_ins_off_and_todays_digest_drops_them_at_once(data_dir: Path) -> None:
    at = app_as(data_dir, "Grace Okafor").switch_page(PAGE).run()
    assert not at.exception
    assert "sends no e-mail yet" in at.info[0].value
    assert "Hand-ins waiting for you" in at.text[0].value
    at.checkbox(key=f"reminder-{ReminderKind.HAND_INS}").uncheck()
    at.button[0].click().run()
    assert not at.exception
    assert at.success[0].value == (
        "Saved: no e-mail about hand-ins waiting for a grade or a peer review."
    )
    assert "Hand-ins waiting for you" not in "".join(t.value for t in at.text)
    with Session(make_engine(f"sqlite:///{data_dir / 'proficio.db'}")) as session:
        grace = person_id(data_dir, "Grace Okafor")
        assert reminders_off(session, grace) == {ReminderKind.HAND_INS}
    at.checkbox(key=f"reminder-{ReminderKind.HAND_INS}").check()
    at.button[0].click().run()
    assert at.success[0].value == "Saved: you get every reminder."


def test_only_a_lead_chooses_and_previews_the_weekly_team_digest(data_dir: Path) -> None:
    lead = app_as(data_dir, "Priya Raman").switch_page(PAGE).run()
    assert f"reminder-{ReminderKind.TEAM_WEEK}" in [c.key for c in lead.checkbox]
    assert "This week's team digest" in texts(lead)
    assert "Where your team needs you" in "".join(t.value for t in lead.text)
    learner = app_as(data_dir, "Ben Carter").switch_page(PAGE).run()
    assert not learner.exception
    assert f"reminder-{ReminderKind.TEAM_WEEK}" not in [c.key for c in learner.checkbox]
    assert "This week's team digest" not in texts(learner)
    assert "Reviews today" in "".join(t.value for t in learner.text)


def test_with_a_mail_server_set_the_page_says_what_is_sent(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROFICIO_SMTP_URL", "smtp://mail.lumen.example:587")
    get_settings.cache_clear()
    at = app_as(data_dir, "Ben Carter").switch_page(PAGE).run()
    assert not at.info
    assert "e-mails you a short digest each morning" in texts(at)
