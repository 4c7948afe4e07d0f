"""What every benchmark shares: a seeded demo data folder, timed runs, a quiet AppTest."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from streamlit.testing.v1 import AppTest

from storage.migrate import head_revision
from storage.progress import OnProgress, no_progress

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
CACHE_ENV = "PROFICIO_BENCH_CACHE"


def cache_dir() -> Path:
    """Where generated data, embeddings and built indexes are kept between runs:
    `$PROFICIO_BENCH_CACHE`, else ~/.cache/proficio-bench."""
    folder = Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "proficio-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def schema_key() -> str:
    """The database schema's newest migration, part of every cached database's name: a
    database built before a migration is never reused after it (a cache kept between CI runs
    would otherwise hand the benchmarks a database missing the newer tables)."""
    return head_revision() or "empty"


# Who hears the benchmarks' data generation (the large team, the search corpora): a bar on
# the terminal while `python -m bench` runs, nobody otherwise (tests, other callers).
_data_listener: ContextVar[OnProgress] = ContextVar("data_listener", default=no_progress)


def data_progress(phase: str, done: int, total: int) -> None:
    """Where the data generators report by default: whoever `showing_data_progress` named."""
    _data_listener.get()(phase, done, total)


@contextmanager
def showing_data_progress(on_progress: OnProgress) -> Iterator[None]:
    """Within the block, the data generators report their progress to `on_progress`."""
    token = _data_listener.set(on_progress)
    try:
        yield
    finally:
        _data_listener.reset(token)


def samples_s(run: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of `repeat` runs after one warm-up run (imports, caches)."""
    run()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return samples


def empty_page() -> AppTest:
    """The reference: an almost empty Streamlit page, run the same way as ours."""
    return AppTest.from_string("import streamlit as st\nst.write('hi')").run()


def quiet_streamlit() -> None:
    """AppTest outside `streamlit run` warns on every run that there is no script context;
    Streamlit sets its loggers' levels on first use, so call this after one run."""
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )


@dataclass(frozen=True)
class Figure:
    """One measured figure, set beside its reference and target.

    `ratio` is value / reference_value when both are known. `target` is a short rule the ratio
    (or the value, when there is no reference or `target_on_value` is set) must meet, e.g.
    "≥ 0.85" or "≤ 2"; `met` says whether it did. A figure without a target is reported for
    information only.
    """

    benchmark: str
    name: str
    value: float
    unit: str
    reference: str = ""
    reference_value: float | None = None
    target: str = ""
    note: str = ""
    target_on_value: bool = False

    @property
    def ratio(self) -> float | None:
        if self.reference_value is None or self.reference_value == 0:
            return None
        return self.value / self.reference_value

    @property
    def met(self) -> bool | None:
        if not self.target:
            return None
        operator, _, bound = self.target.partition(" ")
        compared = self.value if self.target_on_value or self.ratio is None else self.ratio
        limit = float(bound.replace(",", ""))
        return compared >= limit if operator == "≥" else compared <= limit


def percentile(samples: list[float], share: float) -> float:
    """The nearest-rank percentile of `samples` (share 0.5 → median, 0.95 → p95)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]
