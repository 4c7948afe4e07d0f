"""Memory: resident memory of a process that opens the search as the app does (the
embedding model loaded, a 100k-chunk index opened, the start-up update run, a query on every
backend), read from /proc/self/status in a fresh subprocess.

    python -m bench memory [--quick]

The subprocess builds the index and retriever the way dashboard/resources.py does
(`open_index(get_settings())`, `IndexBuilder.start()`, `Retriever`), with the data folder a
copy of the cached 100k index. Figures: VmRSS after the queries and VmHWM (the peak).
`--quick`: the 600-chunk index.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench.harness import Figure
from bench.search_data import LEARNER_NAME, QUICK_CHUNKS, copy_folder

SIZE, QUICK_SIZE = 100_000, QUICK_CHUNKS
LIMIT_MB = 1_536  # 1.5 GB

_CHILD = """
import json, sys
from sqlmodel import select
from search.indexing import IndexBuilder, open_index
from search.retrieval import Backend, Retriever
from storage.engine import make_engine, session_scope
from storage.models import Person
from storage.people import get_person
from storage.settings import get_settings

def status():
    fields = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return {k: int(fields[k].split()[0]) // 1024 for k in ("VmRSS", "VmHWM")}

settings = get_settings()
engine = make_engine(settings.resolved_database_url)
index = open_index(settings)
builder = IndexBuilder(index, engine)
builder.start()
builder.wait()
assert builder.error is None, builder.error
retriever = Retriever(index)
with session_scope(engine, writes=False) as session:
    person = session.exec(select(Person.id).where(Person.name == sys.argv[1])).one()
    viewer = get_person(session, person)
    for backend in Backend:
        for query in sys.argv[2:]:
            retriever.search(session, actor=viewer, query=query, backend=backend)
print(json.dumps({**status(), "chunks": len(index.faiss)}))
"""


def run(quick: bool) -> list[Figure]:
    # Only the child opens the copy: two processes with one Chroma folder open could lock
    # each other out.
    folder = copy_folder(QUICK_SIZE if quick else SIZE)
    try:
        env = {**os.environ, "PROFICIO_DATA_DIR": str(folder)}
        env.pop("PROFICIO_DATABASE_URL", None)
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                _CHILD,
                LEARNER_NAME,
                "statin use and heart disease",
                "HNSW recall",
            ],
            env=env,
            cwd=Path(__file__).resolve().parents[1],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"the memory subprocess failed:\n{done.stderr[-4000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    label = f"{result['chunks']:,} chunks"
    return [
        Figure(
            "memory",
            f"{label}: app process RSS after queries",
            result["VmRSS"],
            "MB",
            target=f"≤ {LIMIT_MB}",
            note="model loaded, index opened and updated, one query per backend",
        ),
        Figure(
            "memory",
            f"{label}: app process peak RSS (VmHWM)",
            result["VmHWM"],
            "MB",
            target=f"≤ {LIMIT_MB}",
        ),
    ]
