"""Replaying and fitting show how far they are (storage/progress.py), on stderr from the
command line, and Ctrl+C keeps nothing half-done."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from reviews.__main__ import main
from reviews.replay import PHASE_FITTING, PHASE_SCORING, FitResult, replay_log
from reviews.scheduling import LoggedReview, ReviewGrade
from storage.engine import make_engine
from storage.enums import PersonRole
from storage.migrate import upgrade
from storage.models import Team
from storage.progress import TerminalProgress
from storage.settings import get_settings
from tests.factories import make_person, make_team
from tests.reviews.test_cli import _run
from tests.reviews.test_replay import TINY_LOG

Event = tuple[str, int, int]
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _history(cards: int = 100, reviews_each: int = 10) -> list[LoggedReview]:
    """Enough reviews a few days apart for the optimizer to fit rather than keep its defaults."""
    return [
        LoggedReview(
            card,
            ReviewGrade.AGAIN if (card + n) % 7 == 0 else ReviewGrade.GOOD,
            START + timedelta(days=3 * n, minutes=card),
        )
        for card in range(1, cards + 1)
        for n in range(reviews_each)
    ]


def test_a_replay_reports_each_pass_of_the_fit_and_each_scheduler_scored() -> None:
    events: list[Event] = []

    replay_log(_history(), on_progress=lambda *e: events.append(e))

    fitting = [e for e in events if e[0] == PHASE_FITTING]
    assert fitting, "the optimizer's passes are reported"
    total = fitting[0][2]
    assert [done for _, done, _ in fitting] == list(range(total + 1))
    assert [e for e in events if e[0] == PHASE_SCORING] == [
        (PHASE_SCORING, done, 3) for done in range(4)
    ]
    assert events.index(fitting[-1]) < events.index((PHASE_SCORING, 0, 3))


def test_replay_on_the_command_line_shows_progress_on_stderr_and_quiet_hides_it(
    tmp_path: Path,
) -> None:
    log = tmp_path / "log.csv"
    log.write_text(TINY_LOG, encoding="utf-8")

    shown = _run("reviews", "replay", "--log", str(log), "--no-fit")
    quiet = _run("reviews", "replay", "--log", str(log), "--no-fit", "--quiet")

    assert shown.returncode == 0 and quiet.returncode == 0
    # Not a terminal here: a line per tenth of each step, the last at the total.
    assert shown.stderr.splitlines()[-1] == f"{PHASE_SCORING}: 2/2 (100 %)"
    assert quiet.stderr == ""
    assert quiet.stdout == shown.stdout


@pytest.fixture
def lead_email(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    engine = make_engine(get_settings().resolved_database_url)
    upgrade(engine)
    with Session(engine) as session:
        lead = make_person(session=session, team=make_team(session=session), role=PersonRole.LEAD)
        session.commit()
        email = lead.email
    engine.dispose()
    yield email
    get_settings.cache_clear()


def test_ctrl_c_while_fitting_keeps_no_proposal_and_says_so(
    lead_email: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import reviews.policy

    def fit_team(session: Session, *, on_progress: object, **_: object) -> FitResult:
        on_progress(PHASE_FITTING, 0, 5)  # type: ignore[operator]
        on_progress(PHASE_FITTING, 1, 5)  # type: ignore[operator]
        raise AssertionError("Ctrl+C came first")

    shown = TerminalProgress.__call__

    def interrupt(self: TerminalProgress, phase: str, done: int, total: int) -> None:
        shown(self, phase, done, total)
        if (phase, done) == (PHASE_FITTING, 1):
            raise KeyboardInterrupt

    monkeypatch.setattr(reviews.policy, "fit_team", fit_team)
    monkeypatch.setattr(TerminalProgress, "__call__", interrupt)

    assert main(["fit"]) == 130
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[-1] == (
        "interrupted while fitting; nothing was kept (the team's parameters are unchanged)."
    )
    assert f"{PHASE_FITTING}: 0/5 (0 %)" in captured.err
    engine = make_engine(get_settings().resolved_database_url)
    with Session(engine) as session:
        [team] = session.exec(select(Team)).all()
        assert team.proposed_at is None and team.proposed_fsrs_parameters is None
    engine.dispose()
