"""How far the search index build is: a bar with counts, live while the build runs."""

from __future__ import annotations

import streamlit as st

from search.indexing import IndexBuilder
from storage.progress import OnProgress

# How often a page showing a running build reads its progress again.
REFRESH_SECONDS = 2


def progress_text(phase: str, done: int, total: int) -> str:
    """'Embedding chunks: 120 of 492' (or 'Starting…' before the first report)."""
    if not phase:
        return "Starting…"
    return f"{phase[:1].upper()}{phase[1:]}: {done:,} of {total:,}"


def _bar(builder: IndexBuilder) -> None:
    phase, done, total = builder.progress.read()
    st.progress(done / total if total else 0.0, text=progress_text(phase, done, total))


@st.fragment(run_every=REFRESH_SECONDS)
def _live(builder: IndexBuilder) -> None:
    if not builder.building:
        st.rerun()  # the build ended: draw the whole page again, with its results
    _bar(builder)


def show_running(builder: IndexBuilder) -> None:
    """While the background build runs: its phase and counts, read every few seconds."""
    if builder.building:
        _live(builder)


def bar() -> OnProgress:
    """A progress bar on the page for an update the page itself runs (the script waits)."""
    element = st.progress(0.0, text="Starting…")

    def on_progress(phase: str, done: int, total: int) -> None:
        element.progress(done / total if total else 0.0, text=progress_text(phase, done, total))

    return on_progress
