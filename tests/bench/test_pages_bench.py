"""The large-team generator and the pages benchmark on tiny sizes: well-formed, never timed."""

from __future__ import annotations

import functools
import os
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session, col, func, select

import bench.pages
import bench.postgres
from bench import large_team
from bench.harness import CACHE_ENV
from bench.large_team import (
    PHASE_DEMO,
    PHASE_LEARNING,
    PHASE_MENTORING,
    PHASE_RATINGS,
    PHASE_REVIEWS,
    LargeTeamSize,
    generated_data_dir,
    team_counts,
)
from bench.postgres import POSTGRES_ENV
from bootstrap.database import prepare_database
from storage.engine import make_engine
from storage.enums import PersonRole, RaterKind
from storage.models import CardSchedule, MentoringSession, Person, Rating, ReviewLog, Team
from tests.conftest import POSTGRES_URL_ENV, TODAY

TINY = LargeTeamSize(people=12, competencies=14, years=1)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    return tmp_path


def test_generator_adds_a_team_with_a_lead_mentors_and_history(cache_dir: Path) -> None:
    data_dir = generated_data_dir(TINY, today=TODAY, with_index=False)
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    counts = team_counts(engine)
    assert counts["people"] == 12
    assert counts["skills"] == 14
    with Session(engine) as session:
        team = session.exec(select(Team).where(Team.name == large_team.TEAM_NAME)).one()
        people = session.exec(select(Person).where(Person.team_id == team.id)).all()
        roles = [p.role for p in people]
        assert roles.count(PersonRole.LEAD) == 1
        assert roles.count(PersonRole.MENTOR) >= 1
        mentors = {p.id for p in people if p.role == PersonRole.MENTOR}
        assert all(p.mentor_id in mentors for p in people if p.role == PersonRole.LEARNER)
        ids = [p.id for p in people]
        kinds = set(
            session.exec(select(Rating.rater_kind).where(col(Rating.person_id).in_(ids))).all()
        )
        assert kinds == set(RaterKind)
        assert session.exec(select(func.count()).where(col(ReviewLog.person_id).in_(ids))).one()
        states = session.exec(
            select(CardSchedule.state).where(col(CardSchedule.person_id).in_(ids))
        ).all()
        assert states and all(state["stability"] > 0 for state in states)
        held = session.exec(select(MentoringSession.done_at)).all()
        assert any(done is not None for done in held)
    engine.dispose()


def test_generator_is_deterministic_and_cached(cache_dir: Path, tmp_path: Path) -> None:
    first = generated_data_dir(TINY, today=TODAY, with_index=False)
    stamp = (first / "proficio.db").stat().st_mtime_ns
    assert generated_data_dir(TINY, today=TODAY, with_index=False) == first
    assert (first / "proficio.db").stat().st_mtime_ns == stamp  # reused, not regenerated
    engine = make_engine("sqlite://")
    prepare_database(engine, today=TODAY, demo=True)
    large_team.generate(engine, TINY, today=TODAY)
    again = make_engine(f"sqlite:///{first / 'proficio.db'}")
    names = select(Person.name).order_by(col(Person.id))
    with Session(engine) as one, Session(again) as other:
        assert one.exec(names).all() == other.exec(names).all()
        ratings = select(func.count(col(Rating.id)))
        assert one.exec(ratings).one() == other.exec(ratings).one()
    assert team_counts(engine) == team_counts(again)


def test_pages_benchmark_reports_each_page_against_its_targets(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench.pages, "QUICK_SIZE", TINY)
    monkeypatch.setattr(
        bench.pages,
        "generated_data_dir",
        functools.partial(generated_data_dir, with_index=False),
    )
    monkeypatch.setattr(bench.pages, "_wait_for_index_builds", lambda: None)
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(cache_dir / "the-app's-own"))
    monkeypatch.delenv(POSTGRES_ENV, raising=False)
    home, matrix = bench.pages.PAGES[0], bench.pages.PAGES[3]
    figures = bench.pages.run(quick=True, cases=(home, matrix))
    # The process's app is left pointing where it pointed (later AppTests use it).
    assert os.environ["PROFICIO_DATA_DIR"] == str(cache_dir / "the-app's-own")
    names = [f.name for f in figures]
    assert names == [
        "empty page (large-scale phase)",
        "Home (lead), figures computed, large",
        "Home (lead), figures computed, large vs demo",
        "Home (lead), figures computed, large, × empty page",
        "Home (lead), figures cached, large",
        "Home (lead), figures cached, large vs demo",
        "Home (lead), figures cached, large, × empty page",
        "Competency matrix (lead), figures computed, large",
        "Competency matrix (lead), figures computed, large vs demo",
        "Competency matrix (lead), figures computed, large, × empty page",
        "Competency matrix (lead), figures cached, large",
        "Competency matrix (lead), figures cached, large vs demo",
        "Competency matrix (lead), figures cached, large, × empty page",
    ]
    for figure in figures:
        assert figure.benchmark == "pages"
        assert figure.unit == "s"
        assert figure.value > 0
        assert figure.reference_value is not None and figure.reference_value > 0
    at_scale = [f for f in figures if f.name.endswith(", large")]
    assert all(f.target == "≤ 1" and f.target_on_value for f in at_scale)
    assert all(f.met in (True, False) for f in at_scale)
    growth = [f for f in figures if f.name.endswith("large vs demo")]
    assert all(not f.target and f.ratio is not None for f in growth)  # for information
    lead_pages = [f for f in figures if f.name.endswith("× empty page")]
    assert all(f.target == "≤ 5" and f.met in (True, False) for f in lead_pages)
    assert "12 people, 14 skills" in at_scale[0].note


def test_generating_reports_each_phase_in_people_done(cache_dir: Path) -> None:
    seen: dict[str, tuple[int, int]] = {}

    def note(phase: str, done: int, total: int) -> None:
        assert 0 <= done <= total
        seen[phase] = (done, total)

    generated_data_dir(TINY, today=TODAY, with_index=False, on_progress=note)
    members = TINY.people - 1  # the lead learns nothing; everyone else does
    assert seen[PHASE_DEMO] == (1, 1)
    assert seen[PHASE_LEARNING] == (members, members)
    for phase in (PHASE_RATINGS, PHASE_MENTORING, PHASE_REVIEWS):
        done, total = seen[phase]
        assert done == total >= members
    assert list(seen) == [PHASE_DEMO, PHASE_LEARNING, PHASE_RATINGS, PHASE_MENTORING, PHASE_REVIEWS]


def test_ctrl_c_while_generating_leaves_no_half_written_data_folder(cache_dir: Path) -> None:
    def stop_in_ratings(phase: str, done: int, total: int) -> None:
        if phase == PHASE_RATINGS and done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        generated_data_dir(TINY, today=TODAY, with_index=False, on_progress=stop_in_ratings)
    # Nothing half-written a later run would reuse: only the day's demo, complete, which the
    # large team is generated onto.
    left = list((cache_dir / "teams").iterdir())
    assert [f.name.startswith("demo-") for f in left] == [True]
    assert (left[0] / "proficio.db").exists()
    folder = generated_data_dir(TINY, today=TODAY, with_index=False)  # the next run: complete
    assert team_counts(make_engine(f"sqlite:///{folder / 'proficio.db'}"))["people"] == TINY.people


def test_every_page_of_the_app_is_benchmarked() -> None:
    """A page added to the navigation is timed too (the Homes are the landing pages)."""
    app = Path(bench.pages.APP).read_text(encoding="utf-8")
    in_app = set(re.findall(r'PAGES_DIR / "(\w+\.py)"', app))
    timed = {Path(case.path).name for case in bench.pages.PAGES if case.path}
    homes = {"lead_home_page.py", "mentor_home_page.py", "learner_home_page.py"}
    assert in_app - homes == timed
    landing = {case.role for case in bench.pages.PAGES if case.path is None}
    assert landing == {PersonRole.LEAD, PersonRole.MENTOR, PersonRole.LEARNER}
    assert set(bench.pages.QUICK_PAGES) <= set(bench.pages.PAGES)


@pytest.mark.postgres
def test_the_large_scale_is_timed_again_on_postgresql_beside_sqlite(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = os.environ.get(POSTGRES_URL_ENV)
    if not admin:
        pytest.skip(f"set {POSTGRES_URL_ENV} to run against PostgreSQL")
    monkeypatch.setenv(POSTGRES_ENV, admin)
    monkeypatch.setattr(bench.pages, "QUICK_SIZE", TINY)
    monkeypatch.setattr(
        bench.pages,
        "generated_data_dir",
        functools.partial(generated_data_dir, with_index=False),
    )
    monkeypatch.setattr(bench.pages, "_wait_for_index_builds", lambda: None)
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(cache_dir / "the-app's-own"))
    try:
        figures = bench.pages.run(quick=True, cases=(bench.pages.PAGES[0],))
        # A second run finds the database made by the first, complete, and reuses it.
        url, _ = bench.postgres.generated_database(TINY, today=date.today(), admin=admin)
    finally:
        _drop_bench_databases(admin)
    assert os.environ.get("PROFICIO_DATABASE_URL") is None  # the app's own, as it was
    on_postgres = [f for f in figures if f.name.endswith(", PostgreSQL")]
    assert [f.name for f in on_postgres] == [
        "Home (lead), figures computed, large, PostgreSQL",
        "Home (lead), figures cached, large, PostgreSQL",
    ]
    assert all(f.reference == "same page on SQLite" and f.target == "≤ 2" for f in on_postgres)
    assert all(f.value > 0 and f.met in (True, False) for f in on_postgres)
    assert url.endswith(date.today().strftime("%Y%m%d"))


def _drop_bench_databases(admin: str) -> None:
    server = create_engine(admin, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        for name in connection.execute(
            text("SELECT datname FROM pg_database WHERE datname LIKE 'proficio_bench_%'")
        ).scalars():
            # FORCE: the app's engines of the run still hold connections (the same role's).
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    server.dispose()
