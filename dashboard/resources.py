"""The one place that creates cached resources and the per-run context pages read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import streamlit as st
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import ORMExecuteState
from sqlmodel import Session

from assessments.freshness import Freshness, team_freshness
from assessments.ratings import MatrixView, team_matrix
from bootstrap.database import StartupReport, prepare_database
from curriculum.loader import CurriculumError
from dashboard.components import sign_in
from insights.impact import ImpactView, impact_and_home
from insights.team_home import TeamHome, team_home
from search.indexing import IndexBuilder, open_index
from search.retrieval import Retriever
from storage.engine import make_engine, session_scope
from storage.errors import DataFolderUnwritable, NotFound
from storage.people import PersonRef, get_person
from storage.settings import get_settings
from storage.time_zones import local_day, server_zone_name, team_zone

VIEWER_KEY = "viewer_id"
# The team-wide figures (the lead's Home, Training impact, the competency matrix) are cached
# per viewer and day: at a few hundred people they take a second or more to add up. Any write
# made through this app clears them (`session`); a change made elsewhere (the command line,
# another process) shows within this many seconds.
TEAM_FIGURES_TTL_S = 300
# Matrices kept at once (one per viewer and day): a lead's at 500 people holds about 26 MB
# (measured with tracemalloc), so only the recent few.
TEAM_MATRIX_ENTRIES = 4


@st.cache_resource(show_spinner="Preparing the database…")
def _engine_and_report(database_url: str) -> tuple[Engine, StartupReport]:
    # Keyed by the URL, so settings aimed elsewhere (a test's data folder) get their own.
    engine = make_engine(database_url)
    # PROFICIO_DEMO (set by `make run`) seeds the demo into an empty database; with sign-in
    # configured the demo is never seeded, since a real organisation is moving in.
    demo = get_settings().demo and not sign_in.configured()
    return engine, prepare_database(engine, today=server_today(), demo=demo)


def startup() -> StartupReport:
    """Connect, migrate (and seed the demo when asked) once per process; stop the page with a
    message on failure."""
    try:
        return _engine_and_report(get_settings().resolved_database_url)[1]
    except CurriculumError as error:
        st.error(
            "The curriculum files have problems, so the app cannot start on an empty database."
        )
        st.code(str(error), language=None)
        st.stop()
        raise  # st.stop() never returns; this keeps type checkers sure of it
    except DataFolderUnwritable as error:
        st.error(str(error))
        st.stop()
        raise


def engine() -> Engine:
    return _engine_and_report(get_settings().resolved_database_url)[0]


@contextmanager
def session(*, writes: bool = True) -> Iterator[Session]:
    """One unit of work against the app's database (`writes=False`: it only reads, so on
    SQLite it neither waits for nor blocks writers; see `storage.engine.session_scope`).

    A unit that wrote anything clears the cached team figures once it committed, so every
    page shows the write at once, whichever page made it: no page can forget to.

    If the database cannot be reached or stays locked past the busy timeout, the unit is
    rolled back and the page says so instead of showing a traceback.
    """
    wrote = False

    def note_write(*_: object) -> None:
        nonlocal wrote
        wrote = True

    def note_bulk_write(state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            note_write()

    try:
        with session_scope(engine(), writes=writes) as unit:
            event.listen(unit, "after_flush", note_write)
            event.listen(unit, "do_orm_execute", note_bulk_write)
            yield unit
    except OperationalError as error:
        st.error(
            "The database did not answer in time (it may be locked by a long backup or "
            "unreachable). Nothing from this step was saved; please try again in a moment."
        )
        st.caption(f"Details: {str(error.orig).splitlines()[0]}")
        st.stop()
    if wrote:
        forget_team_figures()


@st.cache_resource(show_spinner="Opening the search index…")
def _search() -> tuple[IndexBuilder, Retriever]:
    # The embedder, FAISS, Chroma and BM25 live once per process; the first update (model load
    # and every embedding on a fresh demo: about a minute on two cores) runs in the background,
    # and the search page says the index is still building meanwhile.
    index = open_index(get_settings())
    builder = IndexBuilder(index, engine())
    builder.start()
    return builder, Retriever(index)


def search_builder() -> IndexBuilder:
    """Runs index updates (background on first start, on demand after note changes)."""
    return _search()[0]


def retriever() -> Retriever:
    return _search()[1]


def zone(team_id: int) -> ZoneInfo:
    """The team's time zone (its own, else the server's): its day and its 1:1 times."""
    with session(writes=False) as unit:
        return team_zone(unit, team_id)


def team_today(team_id: int) -> date:
    """The day it is now for the team's people, in the team's zone."""
    return local_day(now(), zone(team_id))


def server_today() -> date:
    """The day it is now in the server's zone: for what no team owns yet (the demo's seed)."""
    return local_day(now(), ZoneInfo(server_zone_name()))


def today(viewer: PersonRef) -> date:
    """The day it is now for the viewer: their team's day (ahead of or behind UTC's)."""
    return team_today(viewer.team_id)


def now() -> datetime:
    """The current moment, timezone-aware UTC (what review times are)."""
    return datetime.now(UTC)


def viewer() -> PersonRef:
    """The person the app is being used as (chosen in the sidebar in demo mode)."""
    viewer_id = st.session_state.get(VIEWER_KEY)
    if viewer_id is None:
        st.info("Choose who you are in the sidebar to see this page.")
        st.stop()
    with session() as unit:
        try:
            return get_person(unit, viewer_id)
        except NotFound:
            st.session_state.pop(VIEWER_KEY, None)
            st.warning("That person no longer exists; choose someone else in the sidebar.")
            st.stop()
            raise


@st.cache_data(ttl=TEAM_FIGURES_TTL_S, show_spinner="Adding up the team's figures…")
def team_home_figures(actor: PersonRef, today: date) -> TeamHome:
    """The lead's Home read model, cached (see TEAM_FIGURES_TTL_S)."""
    matrix, freshness = matrix_figures(actor, today)
    with session(writes=False) as unit:
        return team_home(
            unit, actor=actor, today=today, now=now(), matrix=matrix, freshness=freshness
        )


@st.cache_data(ttl=TEAM_FIGURES_TTL_S, show_spinner="Adding up the team's figures…")
def impact_figures(actor: PersonRef, today: date, compared_on: date) -> tuple[ImpactView, TeamHome]:
    """Training impact and the Home figures its report repeats, cached likewise."""
    matrix, freshness = matrix_figures(actor, today)
    with session(writes=False) as unit:
        return impact_and_home(
            unit,
            actor=actor,
            today=today,
            now=now(),
            compared_on=compared_on,
            matrix=matrix,
            freshness=freshness,
        )


# A resource, not data: shared rather than copied on every rerun (unpickling a 500-person
# matrix with its history costs as much as reading it). Pages only read it.
@st.cache_resource(
    ttl=TEAM_FIGURES_TTL_S, max_entries=TEAM_MATRIX_ENTRIES, show_spinner="Reading the ratings…"
)
def matrix_figures(
    actor: PersonRef, today: date
) -> tuple[MatrixView, dict[tuple[int, str], Freshness]]:
    """The team matrix as `actor` may see it, and its cells' freshness, cached likewise."""
    with session(writes=False) as unit:
        matrix = team_matrix(unit, actor=actor, team_id=actor.team_id)
        return matrix, team_freshness(unit, actor=actor, matrix=matrix, now=now())


def forget_team_figures() -> None:
    """Drop the cached team figures (after a save, so the next page shows it)."""
    team_home_figures.clear()
    impact_figures.clear()
    matrix_figures.clear()
