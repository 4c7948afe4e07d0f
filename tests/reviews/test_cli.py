"""The review commands run as `python -m reviews …`, and for one release still as
`python -m assessments …`, which says it is deprecated."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session

from reviews.__main__ import main
from reviews.replay import FSRS_DEFAULT, LADDER
from storage.engine import make_engine
from storage.migrate import upgrade
from storage.settings import get_settings
from tests.factories import make_person, make_team
from tests.reviews.test_replay import TINY_LOG
from tests.reviews.test_transfer import anki_package, basic

ROOT = Path(__file__).resolve().parents[2]


def _run(package: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", package, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def _replay(package: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    log = tmp_path / "log.csv"
    log.write_text(TINY_LOG, encoding="utf-8")
    return _run(package, "replay", "--log", str(log), "--json", "--no-fit", "--quiet")


def test_python_m_reviews_replay_scores_a_review_log(tmp_path: Path) -> None:
    done = _replay("reviews", tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["reviews"] == 6
    assert [s["scheduler"] for s in report["scores"]] == [FSRS_DEFAULT, LADDER]
    assert done.stderr == ""


def test_python_m_assessments_still_runs_the_review_commands_and_says_it_will_go(
    tmp_path: Path,
) -> None:
    old = _replay("assessments", tmp_path)
    new = _replay("reviews", tmp_path)
    assert old.returncode == 0, old.stderr
    assert old.stdout == new.stdout  # the same report, word for word
    assert "deprecated" in old.stderr
    assert "python -m reviews replay" in old.stderr


def test_the_old_name_passes_on_a_refusal_and_its_exit_code(tmp_path: Path) -> None:
    done = _run("assessments", "replay", "--log", str(tmp_path / "missing.csv"))
    assert done.returncode == 2
    assert "deprecated" in done.stderr
    assert "Cannot read" in done.stderr


def test_cards_import_and_export_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        engine = make_engine(get_settings().resolved_database_url)
        upgrade(engine)
        with Session(engine) as session:
            email = make_person(session=session, team=make_team(session=session)).email
            session.commit()
        engine.dispose()
        deck_file = tmp_path / "mine.apkg"
        deck_file.write_bytes(anki_package(basic("Q1", "A1", "g1"), basic("Q2", "A2", "g2")))
        assert main(["cards", "import", str(deck_file), "--person", email]) == 0
        assert capsys.readouterr().out == "mine.apkg: 2 new, 0 already there.\n"
        assert main(["cards", "import", str(deck_file), "--person", email]) == 0
        assert capsys.readouterr().out == "mine.apkg: 0 new, 2 already there.\n"
        assert main(["cards", "import", str(deck_file), "--person", "nobody@x.test"]) == 2
        assert capsys.readouterr().err == "error: Nobody has the email nobody@x.test.\n"
        bad = tmp_path / "bad.apkg"
        bad.write_bytes(b"nope")
        assert main(["cards", "import", str(bad), "--person", email]) == 2
        assert "bad.apkg is not an Anki deck" in capsys.readouterr().err
        out = tmp_path / "out.csv"
        assert main(["cards", "export", "--person", email, str(out)]) == 0
        assert out.read_text(encoding="utf-8").splitlines() == [
            "front,back,module,kind",
            "Q1,A1,,conceptual",
            "Q2,A2,,conceptual",
        ]
        assert main(["cards", "export", "--person", email, str(out)]) == 2
        assert "add --force" in capsys.readouterr().err
        assert main(["cards", "export", "--person", email, "--force", str(out)]) == 0
    finally:
        get_settings.cache_clear()
