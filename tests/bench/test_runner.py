"""The benchmark runner: figures judged against their targets, one table, JSON on request."""

from __future__ import annotations

import json
import sys
import types
from datetime import date
from pathlib import Path

import pytest

from bench import __main__ as runner
from bench.__main__ import main, table
from bench.harness import CACHE_ENV, Figure, percentile
from bench.large_team import PHASE_REVIEWS, LargeTeamSize, generated_data_dir
from bench.scheduler import REVIEW_LOG


def test_a_target_applies_to_the_ratio_when_there_is_a_reference() -> None:
    figure = Figure("query", "hybrid p50", 30.0, "ms", "embed + exact FAISS", 25.0, "≤ 1.5")
    assert figure.ratio == pytest.approx(1.2)
    assert figure.met is True
    assert (
        Figure("indexing", "pipeline", 80.0, "chunks/s", "raw encode", 100.0, "≥ 0.85").met is False
    )


def test_a_target_applies_to_the_value_without_a_reference_or_when_asked() -> None:
    assert Figure("start", "warm", 12.0, "s", target="≤ 10").met is False
    page = Figure("pages", "matrix", 0.8, "s", "empty page", 0.1, "≤ 1", target_on_value=True)
    assert page.ratio == pytest.approx(8.0)
    assert page.met is True
    assert Figure("scheduler", "log loss", 0.42, "").met is None


def test_percentile_is_the_nearest_rank() -> None:
    samples = [5.0, 1.0, 3.0, 2.0, 4.0]
    assert percentile(samples, 0.5) == 3.0
    assert percentile(samples, 0.95) == 5.0
    assert percentile(samples, 0.0) == 1.0


def test_the_table_shows_reference_ratio_and_whether_the_target_is_met() -> None:
    text = table([Figure("query", "hybrid p50", 30.0, "ms", "embed + exact FAISS", 25.0, "≤ 1.5")])
    assert (
        "| query | hybrid p50 | 30.0 ms | embed + exact FAISS (25.0 ms) | 1.20 | ≤ 1.5 | yes |"
        in text
    )


@pytest.mark.skipif(not REVIEW_LOG.exists(), reason=f"needs the shared review log {REVIEW_LOG}")
def test_the_scheduler_benchmark_writes_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "figures.json"
    assert main(["scheduler", "--quick", "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    names = {f["name"] for f in data["figures"]}
    assert any(name.startswith("FSRS, default parameters") for name in names)
    assert all(f["value"] > 0 for f in data["figures"])
    assert "| scheduler |" in capsys.readouterr().out


def test_an_unknown_benchmark_is_refused_with_the_names_to_choose_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["nope"])
    assert stopped.value.code == 2
    assert "choose from" in capsys.readouterr().err


@pytest.fixture
def generating_benchmark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A benchmark whose run generates a small large team (as `pages` does), then reports."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))

    def run(quick: bool) -> list[Figure]:
        size = LargeTeamSize(people=12, competencies=14, years=1)
        generated_data_dir(size, today=date(2026, 11, 21), with_index=False)
        return [Figure("generating", "made", 1.0, "team")]

    module = types.ModuleType("generating_benchmark")
    module.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(runner.BENCHMARKS, "generating", module.__name__)
    return "generating"


def test_generating_the_benchmarks_data_shows_its_progress_on_stderr_not_in_the_figures(
    generating_benchmark: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([generating_benchmark]) == 0
    out, err = capsys.readouterr()
    assert f"{PHASE_REVIEWS}: 12/12 (100 %)" in err
    assert PHASE_REVIEWS not in out and "| generating | made |" in out


def test_quiet_benchmarks_show_no_progress(
    generating_benchmark: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([generating_benchmark, "--quiet"]) == 0
    err = capsys.readouterr().err
    assert PHASE_REVIEWS not in err and "running generating" in err
