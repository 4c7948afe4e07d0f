"""The pages benchmark's large organisation in PostgreSQL, beside the SQLite one.

    PROFICIO_BENCH_POSTGRES_URL=postgresql+psycopg://USER:PASSWORD@HOST/postgres \
        python -m bench pages

With that variable naming a server (and a role that may create databases), the pages benchmark
also times the large-scale pages against PostgreSQL. The demo and the large team are generated
into a database of their own, named by the generator version, the schema, the size and the
day, and kept for later runs of the same day (older ones are dropped). It is generated under
another name and renamed when complete, so an interrupted run leaves no half-made database
that a later run would take for a finished one. Its search index is built into a data folder
in the benchmarks' cache, as for the SQLite data.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.harness import cache_dir, data_progress, schema_key
from bench.large_team import GENERATOR_VERSION, LargeTeamSize, generate
from bench.search_data import CachedEmbedder
from bootstrap.database import prepare_database
from search.indexing import INDEX_FOLDER, IndexBuilder, SearchIndex
from storage.engine import make_engine
from storage.progress import OnProgress
from storage.transfer import reset_sequences

POSTGRES_ENV = "PROFICIO_BENCH_POSTGRES_URL"
PREFIX = "proficio_bench_"
PHASE_SEQUENCES = "moving the id sequences past the generated rows"


def admin_url() -> str | None:
    """The server the benchmark may create its database on, if one is named."""
    return os.environ.get(POSTGRES_ENV) or None


def generated_database(
    size: LargeTeamSize, *, today: date, admin: str, on_progress: OnProgress = data_progress
) -> tuple[str, Path]:
    """The URL of a PostgreSQL database holding the demo and the large team at `today`, and a
    data folder with its search index; generated once a day, then reused."""
    key = (
        f"{PREFIX}v{GENERATOR_VERSION}_{schema_key()}_{size.people}p_{size.competencies}c_"
        f"{size.years}y_{today:%Y%m%d}"
    )
    server = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            names = set(
                connection.execute(
                    text("SELECT datname FROM pg_database WHERE datname LIKE :prefix"),
                    {"prefix": PREFIX + "%"},
                ).scalars()
            )
            folder = cache_dir() / "teams" / key
            if key in names and (folder / INDEX_FOLDER).exists():
                return _url(admin, key), folder
            for stale in names:  # another day's, schema's or an interrupted run's
                connection.execute(text(f'DROP DATABASE "{stale}"'))
                shutil.rmtree(cache_dir() / "teams" / stale, ignore_errors=True)
            building = f"{key}_building"
            connection.execute(text(f'CREATE DATABASE "{building}"'))
        engine = make_engine(_url(admin, building))
        try:
            prepare_database(engine, today=today, demo=True)
            generate(engine, size, today=today, on_progress=on_progress)
            with engine.begin() as connection:
                on_progress(PHASE_SEQUENCES, 0, 1)
                reset_sequences(connection)
                on_progress(PHASE_SEQUENCES, 1, 1)
            index_dir = Path(tempfile.mkdtemp(prefix=f"{key}-", dir=cache_dir() / "teams"))
            index = SearchIndex(index_dir / INDEX_FOLDER, CachedEmbedder())
            IndexBuilder(index, engine).update(on_progress=on_progress)
        finally:
            engine.dispose()
        with server.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{building}" RENAME TO "{key}"'))
        shutil.rmtree(folder, ignore_errors=True)
        index_dir.rename(folder)
        return _url(admin, key), folder
    finally:
        server.dispose()


def _url(admin: str, database: str) -> str:
    return make_url(admin).set(database=database).render_as_string(hide_password=False)
