"""Long search jobs show how far they are, and Ctrl+C keeps what they finished."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlmodel import Session, select

from search.embedding import PROGRESS_STEP_TEXTS, HashEmbedder
from search.evaluation import (
    PHASE_CHUNKING,
    PHASE_EMBEDDING_CHUNKS,
    PHASE_EMBEDDING_QUERIES,
    BeirDataset,
    evaluate_beir,
    read_beir,
)
from search.indexing import PHASE_EMBEDDING, PHASE_READING, PHASE_SAVING
from search.retrieval import Backend, Retriever
from storage.models import Person, SearchChunk
from storage.progress import TerminalProgress
from tests.factories import make_index, make_note, make_person, make_ref, make_team

BEIR = Path(__file__).parent / "fixtures" / "beir"
Event = tuple[str, int, int]


class Recorder:
    """Keeps every progress report; can stop the job (Ctrl+C) at a chosen one."""

    def __init__(self, stop_at: Event | None = None) -> None:
        self.events: list[Event] = []
        self.stop_at = stop_at

    def __call__(self, phase: str, done: int, total: int) -> None:
        self.events.append((phase, done, total))
        if (phase, done, total) == self.stop_at:
            raise KeyboardInterrupt

    def last(self, phase: str) -> Event:
        return [e for e in self.events if e[0] == phase][-1]


def _many_notes(session: Session, count: int, word: str, author: Person | None = None) -> Person:
    if author is None:
        author = make_person(session=session, team=make_team(session=session), name="Grace")
    for i in range(count):
        make_note(session=session, author=author, title=f"{word} note {i}", body=f"{word} {i}.")
    return author


def test_an_index_build_reports_reading_embedding_and_saving_up_to_every_chunk(
    session: Session, tmp_path: Path
) -> None:
    _many_notes(session, PROGRESS_STEP_TEXTS + 20, "nprobe")
    recorder = Recorder()

    report = make_index(tmp_path).update(session, on_progress=recorder)

    phases = list(dict.fromkeys(phase for phase, _, _ in recorder.events))
    assert phases == [PHASE_READING, PHASE_EMBEDDING, PHASE_SAVING]
    assert recorder.last(PHASE_READING) == (PHASE_READING, report.sources, report.sources)
    embedding = [done for phase, done, _ in recorder.events if phase == PHASE_EMBEDDING]
    # Counted in steps, from none to every chunk embedded.
    assert embedding == [0, PROGRESS_STEP_TEXTS, report.embedded]
    assert recorder.last(PHASE_SAVING) == (PHASE_SAVING, 1, 1)


def test_ctrl_c_while_embedding_leaves_the_previous_index_searchable_and_unchanged(
    session: Session, tmp_path: Path
) -> None:
    grace = _many_notes(session, 3, "nprobe")
    index = make_index(tmp_path)
    index.update(session)
    before = sorted((r.id, r.content_hash) for r in session.exec(select(SearchChunk)))
    _many_notes(session, PROGRESS_STEP_TEXTS + 5, "efsearch", grace)
    stop = Recorder(stop_at=(PHASE_EMBEDDING, PROGRESS_STEP_TEXTS, PROGRESS_STEP_TEXTS + 5))

    with pytest.raises(KeyboardInterrupt):
        index.update(session, on_progress=stop)
    session.rollback()  # as every unit of work does when it is left by an exception

    after = sorted((r.id, r.content_hash) for r in session.exec(select(SearchChunk)))
    assert after == before
    assert index.check(session).ok
    viewer = make_ref(session=session, person=grace)
    response = Retriever(index).search(
        session, actor=viewer, query="nprobe", backend=Backend.HYBRID
    )
    assert {r.title for r in response.results} == {f"nprobe note {i}" for i in range(3)}
    # The next update finishes the job.
    assert index.update(session).embedded == PROGRESS_STEP_TEXTS + 5


def test_a_beir_run_reports_chunking_and_embedding_up_to_the_totals() -> None:
    dataset = read_beir(BEIR, "test")
    recorder = Recorder()

    report = evaluate_beir(dataset, HashEmbedder(), [Backend.HYBRID], on_progress=recorder)

    assert recorder.last(PHASE_CHUNKING) == (PHASE_CHUNKING, 4, 4)
    assert recorder.last(PHASE_EMBEDDING_CHUNKS) == (
        PHASE_EMBEDDING_CHUNKS,
        report.chunks,
        report.chunks,
    )
    assert recorder.last(PHASE_EMBEDDING_QUERIES) == (PHASE_EMBEDDING_QUERIES, 1, 1)


def test_a_beir_run_stopped_by_ctrl_c_keeps_the_embedding_it_finished(tmp_path: Path) -> None:
    corpus = {f"d{i}": ("", f"document {i} about nprobe") for i in range(PROGRESS_STEP_TEXTS + 9)}
    dataset = BeirDataset(corpus, {"q1": "nprobe"}, {"q1": {"d1"}})
    total = len(corpus)
    stop = Recorder(stop_at=(PHASE_EMBEDDING_CHUNKS, PROGRESS_STEP_TEXTS, total))
    with pytest.raises(KeyboardInterrupt):
        evaluate_beir(
            dataset, HashEmbedder(), [Backend.FAISS], cache_dir=tmp_path, on_progress=stop
        )

    again = HashEmbedder()
    evaluate_beir(dataset, again, [Backend.FAISS], cache_dir=tmp_path)
    # Only the step that was not finished, and the query, are embedded again.
    assert [len(batch) for batch in again.calls] == [9, 1]


def test_a_terminal_bar_shows_counts_and_time_left() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    with TerminalProgress(stream=screen) as progress:
        for done in range(0, 11):
            progress("embedding chunks", done * 30, 300)
    shown = screen.getvalue()
    assert "embedding chunks" in shown and "300/300" in shown
    assert "<" in shown  # tqdm's "elapsed<left"


def test_without_a_terminal_progress_is_a_line_per_tenth_and_quiet_is_silent() -> None:
    log = io.StringIO()
    progress = TerminalProgress(stream=log)
    for done in range(0, 101):
        progress("embedding chunks", done, 100)
    lines = log.getvalue().splitlines()
    assert lines[0] == "embedding chunks: 0/100 (0 %)"
    assert lines[-1] == "embedding chunks: 100/100 (100 %)"
    assert len(lines) == 11
    assert "left" in lines[5]

    quiet = io.StringIO()
    silent = TerminalProgress(quiet=True, stream=quiet)
    silent("embedding chunks", 50, 100)
    assert quiet.getvalue() == "" and silent.last_phase == "embedding chunks"
