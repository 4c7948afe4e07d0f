"""Incremental update: one edited note among 5,000 notes, against a full rebuild of the same
index (every chunk embedded again), both through `SearchIndex.update`.

    python -m bench incremental [--quick]

The notes are the first 5,000 recombined SciFact notes (one chunk each) beside the seeded demo.
The first build takes its vectors from the benchmarks' embedding cache; the rebuild embeds
for real (no cache), and so does each update, which edits a different note (a sentence added)
and is timed as a whole: sources read, chunked, diffed, one chunk embedded, stores and
registry written, BM25 rebuilt, files saved. `--quick`: 50 notes.
"""

from __future__ import annotations

import shutil
import statistics
import time
from datetime import timedelta

from sqlmodel import col, select

from bench import search_data
from bench.harness import Figure
from bench.search_data import add_notes, recombined_notes, seeded_folder
from search.indexing import INDEX_FOLDER, SearchIndex
from storage.engine import session_scope
from storage.models import Note

NOTES, QUICK_NOTES = 5_000, 50
EDITS, QUICK_EDITS = 5, 2


def run(quick: bool) -> list[Figure]:
    count = QUICK_NOTES if quick else NOTES
    folder, engine = seeded_folder("proficio-bench-incremental-")
    try:
        with session_scope(engine) as session:
            add_notes(session, recombined_notes(count))
        # The first build only sets the scene: its vectors come from the embedding cache.
        with session_scope(engine) as session:
            first = SearchIndex(folder / INDEX_FOLDER, search_data.CachedEmbedder()).update(session)
        index = SearchIndex(folder / INDEX_FOLDER, search_data.real_embedder())
        index.embedder.embed(["load the model before timing"])
        started = time.perf_counter()
        with session_scope(engine) as session:
            rebuilt = index.update(session, full=True)
        rebuild_s = time.perf_counter() - started
        with session_scope(engine) as session:
            note_ids = list(session.exec(select(Note.id).order_by(col(Note.id).desc())))
        samples = []
        for note_id in note_ids[: QUICK_EDITS if quick else EDITS]:
            with session_scope(engine) as session:
                note = session.get(Note, note_id)
                assert note is not None
                note.body += " This was checked again at the team's weekly review."
                note.updated_at = note.updated_at + timedelta(days=1)
            started = time.perf_counter()
            with session_scope(engine) as session:
                report = index.update(session)
            samples.append(time.perf_counter() - started)
            assert report.embedded == 1 and report.removed == 1, report
    finally:
        engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)
    return [
        Figure(
            "incremental",
            f"one edited note among {count:,} notes: update",
            statistics.median(samples) * 1000,
            "ms",
            reference="full rebuild",
            reference_value=rebuild_s * 1000,
            target="≤ 0.02",
            note=(
                f"{rebuilt.embedded:,} chunks ({first.sources:,} sources); median of "
                f"{len(samples)} edits; rebuild timed once"
            ),
        )
    ]
