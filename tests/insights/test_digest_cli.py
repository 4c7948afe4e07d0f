"""`python -m insights digest` prints the digests, and with --send mails them through a local
SMTP server the test starts and reads back (never a real one)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session

from insights.__main__ import main
from storage.engine import make_engine
from storage.enums import PersonRole, ReminderKind
from storage.people import list_people
from storage.roster import set_reminders_off
from storage.settings import get_settings
from storage.transfer import backup_sqlite


@dataclass
class Mailbox:
    """What the local SMTP server received."""

    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted"

    def to(self, email: str) -> list[Message]:
        return [m for m in self.messages if email in str(m["To"])]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


@pytest.fixture
def data_dir(
    demo_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A copy of the demo (seeded today) the test may change; settings point at it."""
    copy = tmp_path / "data"
    copy.mkdir()
    backup_sqlite(f"sqlite:///{demo_data_dir / 'proficio.db'}", copy / "proficio.db")
    monkeypatch.chdir(tmp_path)  # no secrets file from the working folder
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(copy))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    monkeypatch.delenv("PROFICIO_SMTP_URL", raising=False)
    get_settings.cache_clear()
    yield copy
    get_settings.cache_clear()


def _session(data_dir: Path) -> Session:
    return Session(make_engine(f"sqlite:///{data_dir / 'proficio.db'}"))


def _body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode().replace("\r\n", "\n")


def test_sending_mails_each_person_their_digest_and_nothing_they_turned_off(
    data_dir: Path,
    mailbox: tuple[Mailbox, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    box, port = mailbox
    with _session(data_dir) as session:
        mentor = next(p for p in list_people(session) if p.role == PersonRole.MENTOR)
        learner = next(p for p in list_people(session) if p.role == PersonRole.LEARNER)
        set_reminders_off(
            session,
            actor=mentor,
            person_id=mentor.id,
            off={ReminderKind.HAND_INS},
            at=datetime.now(UTC),
        )
        session.commit()
    assert main(["digest", "--person", learner.email]) == 0
    printed = capsys.readouterr().out
    assert f"To: {learner.name} <{learner.email}>" in printed

    monkeypatch.setenv("PROFICIO_SMTP_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setenv("PROFICIO_SMTP_SENDER", "Proficio <training@lumen.example>")
    get_settings.cache_clear()
    assert main(["digest", "--send"]) == 0
    assert f"Sent {len(box.messages)} digests through 127.0.0.1:{port}." in capsys.readouterr().out
    assert len(box.messages) >= 3

    (to_learner,) = box.to(learner.email)
    assert to_learner["From"] == "Proficio <training@lumen.example>"
    assert to_learner["Subject"].startswith("Proficio: your day, ")
    # The mail is what `digest --person` printed for them, word for word.
    assert _body(to_learner).strip() in printed

    (to_mentor,) = box.to(mentor.email)
    body = _body(to_mentor)
    assert "Hand-ins waiting for you" not in body
    assert "(version" not in body


def test_the_weekly_digest_goes_to_leads_only(
    data_dir: Path, mailbox: tuple[Mailbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    box, port = mailbox
    monkeypatch.setenv("PROFICIO_SMTP_URL", f"smtp://127.0.0.1:{port}")
    get_settings.cache_clear()
    assert main(["digest", "--send", "--weekly"]) == 0
    with _session(data_dir) as session:
        leads = {p.email for p in list_people(session) if p.is_lead}
    assert box.messages
    for message in box.messages:
        assert any(email in str(message["To"]) for email in leads)
        assert "Where your team needs you" in _body(message)


def test_sending_without_a_mail_server_sends_nothing_and_says_how_to_set_one(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["digest", "--send"]) == 2
    assert "set PROFICIO_SMTP_URL" in capsys.readouterr().err


def test_an_unreachable_mail_server_is_reported_not_a_traceback(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PROFICIO_SMTP_URL", f"smtp://127.0.0.1:{_free_port()}")
    get_settings.cache_clear()
    assert main(["digest", "--send"]) == 2
    assert "Could not send through 127.0.0.1" in capsys.readouterr().err


def test_an_unknown_person_is_named(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "--person", "nobody@nowhere.example"]) == 2
    assert "nobody@nowhere.example" in capsys.readouterr().err
