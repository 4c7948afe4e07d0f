"""Pages: the run time of every page in the navigation under AppTest, for the role that sees
it, at demo scale and at large scale, beside an empty page run the same way in this process.

    python -m bench pages [--quick]

Demo scale is the seeded demo team (12 people); large scale is `bench.large_team`'s team of
500 (40 skills, three years of history) in a database that also holds the demo. Each scale
has its own cached data folder with the search index already built, so no background index
build competes with the timings. A page's time is the script run that shows it: for a page
reached from the navigation, the run after `switch_page` (the landing page's run before it
is not counted). Figures are medians over fresh AppTest sessions after one warm-up run
(`--quick`: no warm-up, so a quick figure includes importing the page).

The lead's Home, Training impact and the Competency matrix read team figures the app keeps for
five minutes (until a save), and Review settings keeps its last workload simulations in the
process; these pages are reported twice: "figures computed" (the caches cleared before the
run, as after a save, a review, or when the figures expire) and "figures cached".

Targets: every page ≤ 1 s at the large scale, and a lead's page ≤ 5 empty pages; "large vs demo"
is reported for information. With PROFICIO_BENCH_POSTGRES_URL naming a server, the large scale
is timed again in PostgreSQL (`bench.postgres`), each page set beside its SQLite figure
(target ≤ 2).

`--quick`: the demo and a 30-person, 20-skill, one-year team, one run per page (no warm-up), and
only the pages in QUICK_PAGES.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import streamlit as st
from sqlmodel import Session, col, func, select
from streamlit.testing.v1 import AppTest

from bench import postgres
from bench.harness import APP, Figure, empty_page, quiet_streamlit
from bench.large_team import FULL_SIZE, QUICK_SIZE, TEAM_NAME, generated_data_dir, team_counts
from bootstrap.demo.curriculum import DEMO_TEAM_NAME
from dashboard.resources import forget_team_figures
from reviews.policy import _simulated_workload
from search.indexing import BUILD_THREAD_NAME
from storage.engine import make_engine
from storage.enums import PersonRole
from storage.models import Person, ReviewLog, Team
from storage.settings import get_settings

TIMEOUT_S = 180
REPEAT = 5
QUICK_REPEAT = 1
TARGET_S = 1.0
TARGET_LEAD_TIMES_EMPTY = 5.0  # a lead's page at most five empty pages
TARGET_POSTGRES = 2.0  # no page slower on PostgreSQL than twice its SQLite figure
APP_ENVIRONMENT = ("PROFICIO_DATA_DIR", "PROFICIO_DATABASE_URL")  # what `_use` changes
EMPTY_PAGE = "import streamlit as st\nst.write('hi')"


@dataclass(frozen=True)
class PageCase:
    title: str
    role: PersonRole  # who opens it: the role that sees it (team pages as the lead)
    path: str | None  # None: the Home a person of that role lands on
    cached: bool = False  # keeps computed figures between runs: timed cold and cached
    admin: bool = False  # opened by the organisation's admin (the demo's lead), not `role`

    @property
    def label(self) -> str:
        return f"{self.title} ({'admin' if self.admin else self.role.value})"


LEAD, MENTOR, LEARNER = PersonRole.LEAD, PersonRole.MENTOR, PersonRole.LEARNER
PAGES = (
    PageCase("Home", LEAD, None, cached=True),
    PageCase("Home", MENTOR, None),
    PageCase("Home", LEARNER, None),
    PageCase("Competency matrix", LEAD, "pages/matrix_page.py", cached=True),
    PageCase("People", LEAD, "pages/people_page.py"),
    PageCase("Training impact", LEAD, "pages/impact_page.py", cached=True),
    PageCase("Mentees", MENTOR, "pages/mentees_page.py"),
    PageCase("Mentoring plan", MENTOR, "pages/plan_page.py"),
    PageCase("1:1 session", MENTOR, "pages/session_page.py"),
    PageCase("Capstones", MENTOR, "pages/capstones_page.py"),
    PageCase("Guidance", MENTOR, "pages/guidance_page.py"),
    PageCase("Pairing and workload", LEAD, "pages/pairing_page.py"),
    PageCase("My learning", LEARNER, "pages/my_learning_page.py"),
    PageCase("Reviews", LEARNER, "pages/reviews_page.py"),
    PageCase("Assessments", LEARNER, "pages/assessments_page.py"),
    PageCase("Curriculum", LEARNER, "pages/curriculum_page.py"),
    PageCase("My mentoring", LEARNER, "pages/my_mentoring_page.py"),
    PageCase("Knowledge search", LEARNER, "pages/search_page.py"),
    PageCase("Notes", LEARNER, "pages/notes_page.py"),
    PageCase("Competency framework", LEAD, "pages/framework_page.py"),
    PageCase("Review settings", LEAD, "pages/review_settings_page.py", cached=True),
    PageCase("Search index", LEAD, "pages/search_admin_page.py"),
    PageCase("Audit log", LEAD, "pages/audit_page.py"),
    PageCase("Curriculum feedback", LEAD, "pages/feedback_page.py"),
    PageCase("Team members", LEAD, "pages/members_page.py"),
    PageCase("Development plan", MENTOR, "pages/development_page.py"),
    PageCase("My cards", LEARNER, "pages/cards_page.py"),
    PageCase("Practical work", LEARNER, "pages/practical_page.py"),
    PageCase("Sharing sessions", LEARNER, "pages/sessions_page.py"),
    PageCase("Communities", LEARNER, "pages/communities_page.py"),
    PageCase("Reminders", LEARNER, "pages/reminders_page.py"),
    PageCase("Organisation", LEAD, "pages/organisation_page.py", admin=True),
)
# `--quick` is a smoke run: the pages that read the most, and one of each other role's.
QUICK_PAGES = tuple(
    case
    for case in PAGES
    if case.label
    in {
        "Home (lead)",
        "Competency matrix (lead)",
        "Training impact (lead)",
        "Home (mentor)",
        "Home (learner)",
        "Reviews (learner)",
        "Knowledge search (learner)",
    }
)


@dataclass(frozen=True)
class Scale:
    label: str
    data_dir: Path
    viewers: dict[PersonRole, int]
    viewer_names: dict[PersonRole, str]
    admin: tuple[int, str]  # the organisation's admin: every team, both scales
    database_url: str | None = None  # None: the SQLite database in `data_dir`

    @property
    def url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'proficio.db'}"

    def viewer(self, case: PageCase) -> tuple[int, str]:
        if case.admin:
            return self.admin
        return self.viewers[case.role], self.viewer_names[case.role]


@dataclass(frozen=True)
class Timings:
    empty_s: float
    pages_s: dict[str, float]  # label (+ " cold" / " cached" for cached pages) → median


def _viewers(url: str, team_name: str) -> tuple[dict[PersonRole, int], dict[PersonRole, str]]:
    """The team's lead; the mentor with the most mentees; the learner with the most reviews
    (the longest history)."""
    engine = make_engine(url)
    with Session(engine) as session:
        team_id = session.exec(select(Team.id).where(Team.name == team_name)).one()
        members = select(Person).where(Person.team_id == team_id)
        lead = session.exec(members.where(Person.role == PersonRole.LEAD)).first()
        mentees = func.count(col(Person.id))
        mentor_id = session.exec(
            select(Person.mentor_id)
            .where(Person.team_id == team_id, col(Person.mentor_id).is_not(None))
            .group_by(col(Person.mentor_id))
            .order_by(mentees.desc(), col(Person.mentor_id))
        ).first()
        reviews = func.count(col(ReviewLog.id))
        learner_id = session.exec(
            select(Person.id)
            .join(ReviewLog, col(ReviewLog.person_id) == Person.id)
            .where(Person.team_id == team_id, Person.role == PersonRole.LEARNER)
            .group_by(col(Person.id))
            .order_by(reviews.desc(), col(Person.id))
        ).first()
        assert lead is not None and mentor_id is not None and learner_id is not None
        people = {
            LEAD: lead,
            MENTOR: session.get(Person, mentor_id),
            LEARNER: session.get(Person, learner_id),
        }
        ids = {role: p.id or 0 for role, p in people.items() if p is not None}
        names = {role: p.name for role, p in people.items() if p is not None}
    engine.dispose()
    return ids, names


def _use(scale: Scale) -> None:
    """Point the app in this process at the scale's data folder and database: new settings,
    engine and search index."""
    os.environ["PROFICIO_DATA_DIR"] = str(scale.data_dir)
    if scale.database_url:
        os.environ["PROFICIO_DATABASE_URL"] = scale.database_url
    else:
        os.environ.pop("PROFICIO_DATABASE_URL", None)
    get_settings.cache_clear()
    _wait_for_index_builds()
    st.cache_resource.clear()
    st.cache_data.clear()


def _wait_for_index_builds() -> None:
    for thread in threading.enumerate():
        if thread.name == BUILD_THREAD_NAME:
            thread.join()


def _forget_computed_figures() -> None:
    forget_team_figures()
    _simulated_workload.cache_clear()


def _empty_run_s() -> float:
    """The reference: the run of an almost empty page, timed like a page (run only)."""
    at = AppTest.from_string(EMPTY_PAGE)
    started = time.perf_counter()
    at.run()
    return time.perf_counter() - started


def _time_once(case: PageCase, viewer_id: int, *, cold: bool) -> float:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.session_state["viewer_id"] = viewer_id
    if case.path is not None:
        at.run()  # the landing page: not counted
        at = at.switch_page(case.path)
    if cold:
        _forget_computed_figures()
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    assert not at.exception, f"{case.label}: {at.exception}"
    return elapsed


def measure(
    scale: Scale, repeat: int, cases: tuple[PageCase, ...] = PAGES, *, warm_up: bool = True
) -> Timings:
    """Median run time of each page at this scale, and of the empty page, in this process;
    `warm_up` runs each page once, untimed, before its samples."""
    _use(scale)
    first = cases[0]
    _time_once(first, scale.viewer(first)[0], cold=False)  # engine, migrations, imports
    _wait_for_index_builds()  # the app's background update: nothing to embed, but let it end
    _empty_run_s()
    empty_s = statistics.median([_empty_run_s() for _ in range(max(repeat, 3))])
    pages: dict[str, float] = {}
    for case in cases:
        viewer, _ = scale.viewer(case)
        variants = ((" cold", True), (" cached", False)) if case.cached else (("", False),)
        for suffix, cold in variants:
            if warm_up:
                _time_once(case, viewer, cold=cold)
            samples = [_time_once(case, viewer, cold=cold) for _ in range(repeat)]
            pages[case.label + suffix] = statistics.median(samples)
    return Timings(empty_s, pages)


def _figures(
    demo: Timings,
    large: Timings,
    large_scale: Scale,
    cases: tuple[PageCase, ...],
    note: str,
    postgres: Timings | None = None,
) -> list[Figure]:
    figures = [
        Figure(
            "pages",
            "empty page (large-scale phase)",
            large.empty_s,
            "s",
            reference="empty page, demo phase",
            reference_value=demo.empty_s,
            note="the reference every page is set beside",
        )
    ]
    for case in cases:
        suffixes = (
            ((" cold", "figures computed"), (" cached", "figures cached"))
            if case.cached
            else (("", ""),)
        )
        for suffix, how in suffixes:
            key = case.label + suffix
            title = f"{case.label}{', ' + how if how else ''}"
            _, who = large_scale.viewer(case)
            figures += [
                Figure(
                    "pages",
                    f"{title}, large",
                    large.pages_s[key],
                    "s",
                    reference="empty page",
                    reference_value=large.empty_s,
                    target=f"≤ {TARGET_S:g}",
                    target_on_value=True,
                    note=f"as {who}; {note}",
                ),
                Figure(
                    "pages",
                    f"{title}, large vs demo",
                    large.pages_s[key],
                    "s",
                    reference="same page at demo scale",
                    reference_value=demo.pages_s[key],
                ),
            ]
            if case.role == LEAD and not case.admin:
                figures.append(
                    Figure(
                        "pages",
                        f"{title}, large, × empty page",
                        large.pages_s[key],
                        "s",
                        reference="empty page",
                        reference_value=large.empty_s,
                        target=f"≤ {TARGET_LEAD_TIMES_EMPTY:g}",
                    )
                )
            if postgres is not None:
                figures.append(
                    Figure(
                        "pages",
                        f"{title}, large, PostgreSQL",
                        postgres.pages_s[key],
                        "s",
                        reference="same page on SQLite",
                        reference_value=large.pages_s[key],
                        target=f"≤ {TARGET_POSTGRES:g}",
                    )
                )
    return figures


def scales(quick: bool, today: date) -> tuple[Scale, Scale]:
    demo_dir = generated_data_dir(None, today=today)
    size = QUICK_SIZE if quick else FULL_SIZE
    large_dir = generated_data_dir(size, today=today)
    return _scale("demo", demo_dir, None, DEMO_TEAM_NAME), _scale(
        size.label, large_dir, None, TEAM_NAME
    )


def _scale(label: str, data_dir: Path, database_url: str | None, team_name: str) -> Scale:
    url = database_url or f"sqlite:///{data_dir / 'proficio.db'}"
    ids, names = _viewers(url, team_name)
    return Scale(label, data_dir, ids, names, _admin(url), database_url)


def postgres_scale(quick: bool, today: date) -> Scale | None:
    """The large scale again in PostgreSQL, when PROFICIO_BENCH_POSTGRES_URL names a server."""
    admin = postgres.admin_url()
    if admin is None:
        return None
    size = QUICK_SIZE if quick else FULL_SIZE
    url, folder = postgres.generated_database(size, today=today, admin=admin)
    return _scale(f"{size.label}, PostgreSQL", folder, url, TEAM_NAME)


def _admin(url: str) -> tuple[int, str]:
    """The organisation's first admin (the demo's lead), who sees every team."""
    engine = make_engine(url)
    with Session(engine) as session:
        admin = session.exec(
            select(Person).where(Person.is_admin == True).order_by(col(Person.id))  # noqa: E712
        ).first()
        assert admin is not None and admin.id is not None
        found = admin.id, admin.name
    engine.dispose()
    return found


def run(quick: bool, cases: tuple[PageCase, ...] | None = None) -> list[Figure]:
    cases = cases or (QUICK_PAGES if quick else PAGES)
    demo_scale, large_scale = scales(quick, date.today())
    on_postgres = postgres_scale(quick, date.today())
    empty_page()
    quiet_streamlit()
    repeat = QUICK_REPEAT if quick else REPEAT
    before = {name: os.environ.get(name) for name in APP_ENVIRONMENT}
    try:
        demo = measure(demo_scale, repeat, cases, warm_up=not quick)
        large = measure(large_scale, repeat, cases, warm_up=not quick)
        postgres_timings = (
            measure(on_postgres, repeat, cases, warm_up=not quick) if on_postgres else None
        )
    finally:  # leave the process's app as it was: its data folder, no cached engine
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()
        st.cache_resource.clear()
        st.cache_data.clear()
    counted = make_engine(large_scale.url)
    counts = team_counts(counted)
    counted.dispose()
    note = (
        f"{counts['people']} people, {counts['skills']} skills, {counts['ratings']:,} ratings, "
        f"{counts['reviews']:,} reviews; median of {repeat}"
    )
    return _figures(demo, large, large_scale, cases, note, postgres_timings)
