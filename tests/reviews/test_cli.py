"""The review commands run as `python -m reviews …`, and for one release still as
`python -m assessments …`, which says it is deprecated."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reviews.replay import FSRS_DEFAULT, LADDER
from tests.reviews.test_replay import TINY_LOG

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
    return _run(package, "replay", "--log", str(log), "--json", "--no-fit")


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
