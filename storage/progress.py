"""Progress of long jobs, in one place: the callback they report to and what shows it.

A long job (index build, evaluation, import, benchmark data) takes `on_progress` and calls
`on_progress(phase, done, total)` as it goes: `phase` names the step a person would recognise
("embedding chunks"), `done` of `total` its items. What listens is up to the caller: a bar on
the terminal (`TerminalProgress`), plain values another thread reads (`ProgressState`, for the
app's background build) or nothing (`no_progress`). This module lives in storage, the lowest
layer, so every package's jobs can report; it knows nothing of Streamlit.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import Any, Protocol, TextIO

from tqdm import tqdm  # type: ignore[import-untyped]  # no stubs shipped

from storage import formats

# Without a terminal (a log file, CI), a line is written each time this share more is done.
LOG_STEP_RATIO = 0.1


class OnProgress(Protocol):
    """What a long job reports to: `done` of `total` items of `phase` are finished."""

    def __call__(self, phase: str, done: int, total: int) -> None: ...


def no_progress(phase: str, done: int, total: int) -> None:
    """Listens to nothing (the default of every job)."""


class ProgressState:
    """Where a job in another thread is, as plain values a page reads (phase, done, total)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: tuple[str, int, int] = ("", 0, 0)

    def __call__(self, phase: str, done: int, total: int) -> None:
        with self._lock:
            self._values = (phase, done, total)

    def read(self) -> tuple[str, int, int]:
        """(phase, done, total) as last reported; ("", 0, 0) before anything was."""
        with self._lock:
            return self._values


class TerminalProgress:
    """Progress on stderr: a live bar per phase (count, rate, time left) on a terminal, a line
    per tenth of each phase otherwise, nothing when `quiet`. Use it as a context manager so an
    interrupted job leaves the terminal on a fresh line."""

    def __init__(self, *, quiet: bool = False, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._quiet = quiet
        self._live = not quiet and self._stream.isatty()
        self._phase: str | None = None
        self._bar: Any = None  # a tqdm bar (tqdm ships no types)
        self._started = 0.0
        self._next_line = 0
        self._printed = -1
        # The last phase reported (quiet or not): an interrupted job says what it stopped in.
        self.last_phase = ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        self.last_phase = phase
        if self._quiet:
            return
        if phase != self._phase:
            self.close()
            self._phase, self._started = phase, time.monotonic()
            self._next_line, self._printed = 0, -1
            if self._live:
                self._bar = tqdm(total=total, desc=phase, file=self._stream, leave=True)
        if self._bar is not None:
            self._bar.total = total
            self._bar.update(done - self._bar.n)
        elif done != self._printed and (done >= self._next_line or done >= total):
            self._line(phase, done, total)
            self._printed = done
            self._next_line = done + max(1, int(total * LOG_STEP_RATIO))

    def _line(self, phase: str, done: int, total: int) -> None:
        elapsed = time.monotonic() - self._started
        left = ""
        if 0 < done < total:
            left = f", about {tqdm.format_interval(elapsed / done * (total - done))} left"
        share = f" ({formats.percent(done / total)})" if total else ""
        print(f"{phase}: {done}/{total}{share}{left}", file=self._stream, flush=True)

    def close(self) -> None:
        """End the current phase's bar (kept on screen with its last count)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        self._phase = None

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
