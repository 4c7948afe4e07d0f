"""The first start, Team members and Organisation under AppTest, as a person would use them."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import streamlit as st
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from curriculum.loader import load_curriculum
from search.indexing import INDEX_FOLDER
from storage import formats
from storage.engine import make_engine
from storage.enums import PersonRole, PlanStatus
from storage.models import (
    AuditEvent,
    MentoringPlan,
    MentoringSession,
    Module,
    Organisation,
    Person,
    Team,
    utc_now,
)
from storage.roster import set_person_active, set_team_archived
from storage.settings import get_settings
from tests.conftest import join_index_builds
from tests.dashboard.apptest import APP, TIMEOUT_S, app_as, person_id, texts
from tests.factories import demo_index  # noqa: F401 (fixture)

MEMBERS = "pages/members_page.py"
ORGANISATION = "pages/organisation_page.py"
DEMO_TEAM = "Search Platform"
DEMO_SIZE = 12  # active people in the seeded demo team
# The demo's small second team (bootstrap.demo.sharing), which the picker lists too.
SECOND_TEAM = "Platform Reliability"
ORG_SIZE = DEMO_SIZE + 3


# --- data folders -----------------------------------------------------------------------


def _point_app_at(monkeypatch: pytest.MonkeyPatch, data_dir: Path, *, demo: bool) -> None:
    """Aim the app's settings at `data_dir` and forget what the app cached for another one
    (its engine lives in st.cache_resource, team figures in st.cache_data)."""
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(data_dir))
    monkeypatch.setenv("PROFICIO_DEMO", "1" if demo else "0")
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    monkeypatch.delenv("PROFICIO_ADMIN_EMAILS", raising=False)
    _forget_app_caches()


def _forget_app_caches() -> None:
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def empty_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh, empty data folder, with PROFICIO_DEMO off: the app asks how to start."""
    _point_app_at(monkeypatch, tmp_path, demo=False)
    yield tmp_path
    _forget_app_caches()


@pytest.fixture
def own_demo(
    demo_index: Path,  # noqa: F811 (the shared demo data folder with its search index built)
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Path]:
    """A private copy of the demo (database and search index), for tests that change it."""
    join_index_builds()  # an app run may still be updating the shared index
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    # SQLite's backup API copies committed pages, including any still in the WAL file.
    with (
        closing(sqlite3.connect(demo_index / "proficio.db")) as source,
        closing(sqlite3.connect(data_dir / "proficio.db")) as target,
    ):
        source.backup(target)
    shutil.copytree(demo_index / INDEX_FOLDER, data_dir / INDEX_FOLDER)
    _point_app_at(monkeypatch, data_dir, demo=False)
    yield data_dir
    _forget_app_caches()


@contextmanager
def _database(data_dir: Path) -> Iterator[Session]:
    """A session on the data folder's database, as a test reads or prepares it."""
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def _deactivate(data_dir: Path, name: str) -> int:
    """Mark someone as having left today (as the command line would); returns their id."""
    leaver = person_id(data_dir, name)
    with _database(data_dir) as session:
        set_person_active(
            session, actor=None, person_id=leaver, active=False, today=date.today(), now=utc_now()
        )
        session.commit()
    return leaver


def _demo_team_id(data_dir: Path) -> int:
    with _database(data_dir) as session:
        team = session.exec(select(Team).where(Team.name == DEMO_TEAM)).one()
    assert team.id is not None
    return team.id


# --- running the app --------------------------------------------------------------------


def _first_start() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()


def _page_as(data_dir: Path, name: str, page: str) -> AppTest:
    return app_as(data_dir, name).switch_page(page).run()


def _members_as(data_dir: Path, name: str) -> AppTest:
    return _page_as(data_dir, name, MEMBERS)


def _click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def _ok(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def _successes(at: AppTest) -> list[str]:
    return [s.value for s in at.success]


def _errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def _table(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page with this column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _people(at: AppTest) -> pd.DataFrame:
    return _table(at, "Job role")


def _row(table: pd.DataFrame, name: str) -> pd.Series:
    return table[table["Name"] == name].iloc[0]


def _viewing_as(data_dir: Path) -> list[str]:
    """The labels of the sidebar's "Viewing as" picker, as the app's main script draws it."""
    at = app_as(data_dir, "Priya Raman")
    _ok(at)
    return list(at.selectbox(key="viewer_id-picker").options)


def _offers_page(at: AppTest, page: str) -> bool:
    """Whether the navigation the run built lists this page (AppTest refuses others)."""
    try:
        at.switch_page(page)
    except ValueError:
        return False
    return True


def _create_team(at: AppTest, name: str, lead_name: str, lead_email: str) -> AppTest:
    """Fill and submit the Organisation page's "New team" form."""
    at.text_input(key=_form(at, "organisation-new", "name")).input(name)
    at.text_input(key=_form(at, "organisation-new", "lead-name")).input(lead_name)
    at.text_input(key=_form(at, "organisation-new", "lead-email")).input(lead_email)
    return _click(at, "Create team")


def _add_second_team(data_dir: Path) -> int:
    """A second team, Relevance Lab, led by Omar Haddad, made by the demo's admin on the
    Organisation page; returns its id."""
    at = _page_as(data_dir, "Priya Raman", ORGANISATION)
    _ok(_create_team(at, "Relevance Lab", "Omar Haddad", "omar.haddad@lumen.example"))
    with _database(data_dir) as session:
        team = session.exec(select(Team).where(Team.name == "Relevance Lab")).one()
    assert team.id is not None
    return team.id


# --- first start ------------------------------------------------------------------------


def _fill_setup(at: AppTest, *, team: str, name: str, email: str) -> AppTest:
    at.text_input(key="setup-team-name").input(team)
    at.text_input(key="setup-lead-name").input(name)
    at.text_input(key="setup-lead-email").input(email)
    return _click(at, "Set up my team")


def test_an_empty_folder_asks_how_to_start_and_offers_no_pages(empty_dir: Path) -> None:
    at = _first_start()
    _ok(at)
    assert at.title[0].value == "Welcome to Proficio"
    assert [s.value for s in at.subheader] == ["Explore the demo team", "Set up my team"]
    assert {"Explore the demo team", "Set up my team"} <= {b.label for b in at.button}
    assert at.radio(key="setup-curriculum").value.startswith("The built-in course")
    # Nobody to view the app as, and no page to go to until a team exists.
    assert not [s for s in at.selectbox if s.key == "viewer_id-picker"]
    assert not _offers_page(at, MEMBERS)
    assert not _offers_page(at, "pages/lead_home_page.py")


def test_setup_with_a_bad_email_keeps_what_was_typed(empty_dir: Path) -> None:
    at = _fill_setup(_first_start(), team="Data Platform", name="Ada Lovelace", email="ada.example")
    assert not at.exception
    assert _errors(at) == ["'ada.example' is not an email address (name@example.com)."]
    assert at.title[0].value == "Welcome to Proficio"
    assert at.text_input(key="setup-team-name").value == "Data Platform"
    assert at.text_input(key="setup-lead-name").value == "Ada Lovelace"
    assert at.text_input(key="setup-lead-email").value == "ada.example"
    with _database(empty_dir) as session:
        assert not session.exec(select(Team)).all()


def test_setup_creates_the_team_and_opens_the_leads_home(empty_dir: Path) -> None:
    at = _fill_setup(
        _first_start(), team="Data Platform", name="Ada Lovelace", email="Ada@Example.com"
    )
    _ok(at)
    assert at.title[0].value == "Home"
    assert _successes(at)[0] == (
        "Your team Data Platform is set up with you as its lead. Add your people on "
        "**Team members**."
    )
    assert list(at.selectbox(key="viewer_id-picker").options) == ["Ada Lovelace · team lead"]
    with _database(empty_dir) as session:
        assert [t.name for t in session.exec(select(Team))] == ["Data Platform"]
        people = session.exec(select(Person)).all()
        modules = session.exec(select(Module)).all()
        organisation = session.exec(select(Organisation)).one()
    assert [(p.name, p.email, p.role, p.is_admin) for p in people] == [
        ("Ada Lovelace", "ada@example.com", PersonRole.LEAD, True)
    ]
    assert len(modules) == len(load_curriculum().modules)
    assert not organisation.demo
    # The lead is an organisation admin, so the navigation offers both admin pages.
    assert _offers_page(at, MEMBERS) and _offers_page(at, ORGANISATION)


def test_setup_without_a_team_name_names_the_field_on_the_form(empty_dir: Path) -> None:
    at = _fill_setup(_first_start(), team="  ", name="Ada Lovelace", email="ada@example.com")
    assert not at.exception
    assert _errors(at) == ["The team name is empty."]


def test_exploring_the_demo_team_seeds_it_and_opens_the_leads_home(empty_dir: Path) -> None:
    at = _click(_first_start(), "Explore the demo team")
    _ok(at)
    assert at.title[0].value == "Home"
    picker = list(at.selectbox(key="viewer_id-picker").options)
    assert len(picker) == ORG_SIZE and picker[0] == f"Priya Raman · team lead · {DEMO_TEAM}"
    with _database(empty_dir) as session:
        assert [t.name for t in session.exec(select(Team))] == [DEMO_TEAM, SECOND_TEAM]
        assert session.exec(select(Organisation)).one().demo


def test_demo_mode_seeds_an_empty_folder_without_asking(
    empty_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _point_app_at(monkeypatch, empty_dir, demo=True)
    at = _first_start()
    _ok(at)
    assert "Welcome to Proficio" not in texts(at)
    assert at.title[0].value == "Home"
    picker = list(at.selectbox(key="viewer_id-picker").options)
    assert len(picker) == ORG_SIZE
    assert picker[0] == f"Priya Raman · team lead · {DEMO_TEAM}"  # first, and viewing
    members = next(m for m in at.metric if m.label == "Members")
    assert members.value == str(DEMO_SIZE)


# --- Team members as the demo's lead ----------------------------------------------------


def test_lead_sees_the_team_with_its_lead_and_a_csv_download(own_demo: Path) -> None:
    at = _members_as(own_demo, "Priya Raman")
    _ok(at)
    assert at.title[0].value == "Team members"
    assert f"**{DEMO_TEAM}** · {DEMO_SIZE} active, 0 left · lead: Priya Raman" in texts(at)
    people = _people(at)
    assert len(people) == DEMO_SIZE
    aisha = _row(people, "Aisha Khan")
    assert (aisha["Role"], aisha["Job role"], aisha["Mentor"]) == (
        "learner",
        "Junior engineer",
        "Grace Okafor",
    )
    assert bool(_row(people, "Priya Raman")["Admin"])
    assert at.download_button(key="members-export").label == "Download the people list (CSV)"


def _fill_person(at: AppTest, *, name: str, email: str, job: str) -> None:
    at.text_input(key=_form(at, "members-add", "name")).input(name)
    at.text_input(key=_form(at, "members-add", "email")).input(email)
    at.text_input(key=_form(at, "members-add", "job")).input(job)


def test_lead_adds_a_person_who_shows_in_the_table(own_demo: Path) -> None:
    at = _members_as(own_demo, "Priya Raman")
    _fill_person(at, name="Nora Lindqvist", email="Nora.Lindqvist@lumen.example", job="ML engineer")
    at.selectbox(key=_form(at, "members-add", "mentor")).set_value(
        person_id(own_demo, "Grace Okafor")
    )
    at = _click(at, "Add to the team")
    _ok(at)
    assert _successes(at) == [
        f"Added Nora Lindqvist (nora.lindqvist@lumen.example) to {DEMO_TEAM} as learner."
    ]
    nora = _row(_people(at), "Nora Lindqvist")
    assert (nora["Email"], nora["Job role"], nora["Mentor"]) == (
        "nora.lindqvist@lumen.example",
        "ML engineer",
        "Grace Okafor",
    )
    assert f"{DEMO_SIZE + 1} active" in texts(at)
    # The form is empty again for the next person.
    for field in ("name", "email", "job"):
        assert at.text_input(key=_form(at, "members-add", field)).value == ""


def test_a_refused_add_says_why_and_keeps_what_was_typed(own_demo: Path) -> None:
    at = _members_as(own_demo, "Priya Raman")
    _fill_person(at, name="Aisha K.", email="AISHA.KHAN@lumen.example", job="Junior engineer")
    at = _click(at, "Add to the team")
    assert not at.exception
    assert _errors(at) == ["aisha.khan@lumen.example is already Aisha Khan's email."]
    assert not _successes(at)
    assert at.text_input(key=_form(at, "members-add", "name")).value == "Aisha K."
    assert at.text_input(key=_form(at, "members-add", "email")).value == "AISHA.KHAN@lumen.example"
    assert at.text_input(key=_form(at, "members-add", "job")).value == "Junior engineer"
    assert len(_people(at)) == DEMO_SIZE


def _form(at: AppTest, name: str, field: str) -> str:
    """The key of a form's widget: its prefix changes each time the form is saved and
    starts empty again (dashboard/components/saving.py, form_key)."""
    generation = f"{name}-generation"
    number = at.session_state[generation] if generation in at.session_state else 0  # noqa: SIM401 (no .get)
    return f"{name}-{number}-{field}"


def _edits(widget: object, person_id: int, field: str) -> bool:
    """Whether `widget` is the edit form's `field` for the person (its key also carries a
    stamp of their saved details: member-<id>-<stamp>-<field>)."""
    key = str(getattr(widget, "key", "") or "")
    return key.startswith(f"member-{person_id}-") and key.endswith(f"-{field}")


def test_lead_changes_a_job_role_and_the_message_says_what_changed(own_demo: Path) -> None:
    ben = person_id(own_demo, "Ben Carter")
    at = _members_as(own_demo, "Priya Raman")
    at = at.selectbox(key="members-chosen").set_value(ben).run()
    next(w for w in at.text_input if _edits(w, ben, "job")).input("Data engineer")
    at = _click(at, "Save changes")
    _ok(at)
    assert _successes(at) == ["Saved Ben Carter: job role: Data analyst → Data engineer."]
    assert _row(_people(at), "Ben Carter")["Job role"] == "Data engineer"


def test_deactivating_needs_the_checkbox_then_the_person_is_gone(own_demo: Path) -> None:
    mei = person_id(own_demo, "Mei Chen")
    assert f"Mei Chen · learner · {DEMO_TEAM}" in _viewing_as(own_demo)
    at = _members_as(own_demo, "Priya Raman")
    at = at.selectbox(key="members-chosen").set_value(mei).run()
    assert at.button(key=f"member-{mei}-deactivate").disabled
    at = at.checkbox(key=_form(at, f"member-{mei}-leave", "leaving")).check().run()
    assert not at.button(key=f"member-{mei}-deactivate").disabled
    at = at.button(key=f"member-{mei}-deactivate").click().run()
    _ok(at)
    assert _successes(at) == [f"Deactivated Mei Chen from {formats.day(date.today())}."]
    assert "Mei Chen" not in set(_people(at)["Name"])
    assert f"{DEMO_SIZE - 1} active, 1 left" in texts(at)
    # Among the leavers, and no longer someone to view the app as.
    at = at.toggle(key="members-leavers").set_value(True).run()
    assert _row(_people(at), "Mei Chen")["Status"] == f"left {formats.day(date.today())}"
    assert not [label for label in _viewing_as(own_demo) if label.startswith("Mei Chen")]


def test_reactivating_a_leaver_brings_them_back(own_demo: Path) -> None:
    mei = _deactivate(own_demo, "Mei Chen")
    at = _members_as(own_demo, "Priya Raman")
    assert "Mei Chen" not in set(_people(at)["Name"])
    at = at.toggle(key="members-leavers").set_value(True).run()
    at = at.selectbox(key="members-chosen").set_value(mei).run()
    at = at.button(key=f"member-{mei}-reactivate").click().run()
    _ok(at)
    assert _successes(at) == ["Reactivated Mei Chen; give them a mentor again if they need one."]
    assert _row(_people(at), "Mei Chen")["Status"] == "active"
    assert f"Mei Chen · learner · {DEMO_TEAM}" in _viewing_as(own_demo)


# --- importing people from CSV ----------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    return (
        at.file_uploader(key=_form(at, "members-import", "file"))
        .set_value((name, data, "text/csv"))
        .run()
    )


def _upload_fixture(at: AppTest, name: str) -> AppTest:
    return _upload(at, name, (FIXTURES / name).read_bytes())


def test_a_csv_upload_previews_every_change_then_imports_it(own_demo: Path) -> None:
    # 30 people of another company's export: semicolons, mentors given by email.
    at = _upload_fixture(_members_as(own_demo, "Priya Raman"), "people-30.csv")
    _ok(at)
    assert _successes(at) == [
        "Ready: 30 to add, 0 to update, 0 unchanged. Nothing is saved until you import."
    ]
    preview = _table(at, "What changes")
    assert len(preview) == 30
    assert set(preview["Change"]) == {"add"} and set(preview["Team"]) == {DEMO_TEAM}
    assert len(_people(at)) == DEMO_SIZE  # nothing saved by the preview
    at = _click(at, "Import 30 changes")
    _ok(at)
    assert _successes(at)[0] == "Imported people-30.csv: 30 added, 0 updated, 0 unchanged."
    people = _people(at)
    assert len(people) == DEMO_SIZE + 30
    rahul = _row(people, "Rahul Menon")
    assert (rahul["Role"], rahul["Mentor"]) == ("learner", "Tomás Herrera")


def test_a_csv_preview_says_what_changes_for_someone_known(own_demo: Path) -> None:
    data = (
        b"name,email,role,job_role,mentor_email\n"
        b"Ben Carter,BEN.CARTER@lumen.example,learner,Data engineer,lars.henriksen@lumen.example\n"
    )
    at = _upload(_members_as(own_demo, "Priya Raman"), "ben.csv", data)
    _ok(at)
    preview = _table(at, "What changes")
    ben = _row(preview, "Ben Carter")
    assert ben["Change"] == "update"
    assert ben["What changes"] == "job role: Data analyst → Data engineer"
    assert "Import 1 change" in {b.label for b in at.button}


def test_an_edit_after_an_import_keeps_what_the_import_changed(own_demo: Path) -> None:
    aisha = person_id(own_demo, "Aisha Khan")
    at = _members_as(own_demo, "Priya Raman")  # "Change someone" opens on Aisha
    data = (
        b"name,email,role,job_role,mentor_email\n"
        b"Aisha Khan,aisha.khan@lumen.example,learner,ML engineer,grace.okafor@lumen.example\n"
    )
    at = _click(_upload(at, "aisha.csv", data), "Import 1 change")
    assert _row(_people(at), "Aisha Khan")["Job role"] == "ML engineer"
    # Only her mentor changes; the form still says "Junior engineer" and saves it back.
    mentor = next(w for w in at.selectbox if _edits(w, aisha, "mentor"))
    mentor.set_value(person_id(own_demo, "Tomás Alvarez"))
    at = _click(at, "Save changes")
    assert _successes(at) == ["Saved Aisha Khan: mentor: Grace Okafor → Tomás Alvarez."]
    assert _row(_people(at), "Aisha Khan")["Job role"] == "ML engineer"


def test_a_csv_with_problems_lists_them_and_offers_no_import(own_demo: Path) -> None:
    at = _upload_fixture(_members_as(own_demo, "Priya Raman"), "people-30-with-mistakes.csv")
    assert not at.exception
    assert _errors(at) == [
        "Nothing can be imported yet: 3 problem(s). Fix them in the file and upload it again."
    ]
    problems = _table(at, "Why")
    assert list(zip(problems["Row"], problems["Column"], problems["Value"], strict=True)) == [
        (10, "email", "DANIEL.OKOYE@northwind.example"),
        (11, "mentor_email", "k.watanabe@northwind.example"),
        (22, "role", "Lerner"),
    ]
    assert problems["Why"].iloc[0] == "appears twice (also row 9; case is ignored)"
    assert not [b for b in at.button if b.label.startswith("Import ")]
    assert len(_people(at)) == DEMO_SIZE


def test_a_file_that_is_not_a_people_csv_says_so_in_one_line(own_demo: Path) -> None:
    at = _upload(_members_as(own_demo, "Priya Raman"), "names.csv", b"first,last\nAna,Costa\n")
    assert not at.exception
    assert _errors(at)[0].startswith("Nothing can be imported yet: 1 problem(s).")
    assert "The header line is not a people CSV (missing column(s): name, email" in texts(at)


def test_a_leaver_in_a_csv_is_sent_to_the_team_members_page(own_demo: Path) -> None:
    _deactivate(own_demo, "Mei Chen")
    data = (
        b"name,email,role,job_role,mentor_email\nMei Chen,mei.chen@lumen.example,learner,Intern,\n"
    )
    at = _upload(_members_as(own_demo, "Priya Raman"), "mei.csv", data)
    assert not at.exception
    why = _table(at, "Why")["Why"].iloc[0]
    assert why.startswith("Mei Chen has left; reactivate them")
    assert "Team members" in why


# --- mentors and learners ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["Grace Okafor", "Aisha Khan"])
def test_mentors_and_learners_have_no_admin_pages_in_their_navigation(
    app_env: Path, name: str
) -> None:
    at = app_as(app_env, name)
    _ok(at)
    assert _offers_page(at, "pages/my_learning_page.py")
    assert not _offers_page(at, MEMBERS)
    assert not _offers_page(at, ORGANISATION)


@pytest.mark.parametrize("name", ["Grace Okafor", "Aisha Khan"])
def test_team_members_run_anyway_is_for_leads_and_admins_only(app_env: Path, name: str) -> None:
    # Were the page opened without the navigation, it still shows nobody.
    at = AppTest.from_file(str(Path(APP).parent / MEMBERS), default_timeout=TIMEOUT_S)
    at.session_state["viewer_id"] = person_id(app_env, name)
    at.run()
    _ok(at)
    assert at.title[0].value == "Team members"
    assert [i.value for i in at.info] == [
        "Adding and changing people is for team leads and organisation admins."
    ]
    assert not at.dataframe
    assert not at.text_input
    assert "Aisha Khan" not in texts(at).replace(name, "")


# --- Organisation as the demo's lead (an admin) -----------------------------------------


def test_organisation_shows_the_demo_team_with_its_figures(own_demo: Path) -> None:
    at = _page_as(own_demo, "Priya Raman", ORGANISATION)
    _ok(at)
    assert at.title[0].value == "Organisation"
    teams = _table(at, "Average level")
    assert list(teams["Team"]) == [SECOND_TEAM, DEMO_TEAM]
    demo = _row(teams.rename(columns={"Team": "Name"}), DEMO_TEAM)
    assert demo["Lead"] == "Priya Raman"
    assert demo["Members"] == DEMO_SIZE
    assert 0 < float(demo["Average level"]) <= 4
    assert 0 <= float(demo["On track"]) <= 100
    assert demo["Overdue 1:1s"] >= 1  # Ben Carter's 1:1 with Lars is late in the demo


def test_admin_creates_a_team_with_its_lead(own_demo: Path) -> None:
    at = _page_as(own_demo, "Priya Raman", ORGANISATION)
    at = _create_team(at, "Relevance Lab", "Omar Haddad", "omar.haddad@lumen.example")
    _ok(at)
    assert _successes(at) == ["Created Relevance Lab with Omar Haddad as its lead."]
    teams = _table(at, "Average level")
    assert list(teams["Team"]) == [SECOND_TEAM, "Relevance Lab", DEMO_TEAM]
    new = teams[teams["Team"] == "Relevance Lab"].iloc[0]
    assert (new["Lead"], new["Members"]) == ("Omar Haddad", 1)
    assert at.text_input(key=_form(at, "organisation-new", "name")).value == ""
    assert "Omar Haddad · team lead · Relevance Lab" in _viewing_as(own_demo)


def test_another_teams_lead_manages_only_their_own_team(own_demo: Path) -> None:
    _add_second_team(own_demo)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.session_state["viewer_id"] = person_id(own_demo, "Omar Haddad")
    # Even with the team picker's state forced to the demo team, Omar sees his own.
    at.session_state["members-team"] = _demo_team_id(own_demo)
    at = at.run()
    _ok(at)
    assert at.title[0].value == "Home"
    assert not _offers_page(at, ORGANISATION)
    at = at.switch_page(MEMBERS).run()
    _ok(at)
    assert not [s for s in at.selectbox if s.key == "members-team"]
    assert "**Relevance Lab** · 1 active, 0 left · lead: Omar Haddad" in texts(at)
    assert list(_people(at)["Name"]) == ["Omar Haddad"]
    assert "Priya Raman" not in texts(at)


def test_archiving_a_team_hides_its_people_from_viewing_as(own_demo: Path) -> None:
    lab = _add_second_team(own_demo)
    assert "Omar Haddad · team lead · Relevance Lab" in _viewing_as(own_demo)
    at = _page_as(own_demo, "Priya Raman", ORGANISATION)
    assert at.button(key=f"team-{lab}-archive").disabled
    at = at.checkbox(key=_form(at, f"team-{lab}-archive", "sure")).check().run()
    at = at.button(key=f"team-{lab}-archive").click().run()
    _ok(at)
    assert _successes(at) == ["Archived Relevance Lab."]
    assert list(_table(at, "Average level")["Team"]) == [SECOND_TEAM, DEMO_TEAM]
    assert "Restore Relevance Lab" in {b.label for b in at.button}
    picker = _viewing_as(own_demo)
    assert not [label for label in picker if "Omar Haddad" in label]
    assert len(picker) == ORG_SIZE


def test_admin_makes_someone_an_admin_who_then_sees_organisation(own_demo: Path) -> None:
    grace = person_id(own_demo, "Grace Okafor")
    at = _members_as(own_demo, "Priya Raman")
    at = at.selectbox(key="members-chosen").set_value(grace).run()
    at = at.button(key=f"member-{grace}-admin").click().run()
    _ok(at)
    assert _successes(at) == ["Grace Okafor is now an organisation admin."]
    assert bool(_row(_people(at), "Grace Okafor")["Admin"])
    # A mentor who is an admin gets both admin pages.
    grace_at = app_as(own_demo, "Grace Okafor")
    assert _offers_page(grace_at, ORGANISATION) and _offers_page(grace_at, MEMBERS)


def test_admin_moves_someone_to_another_team(own_demo: Path) -> None:
    lab = _add_second_team(own_demo)
    mei = person_id(own_demo, "Mei Chen")
    at = _members_as(own_demo, "Priya Raman")
    at = at.selectbox(key="members-chosen").set_value(mei).run()
    at.selectbox(key=f"member-{mei}-move-to").set_value(lab)
    at = at.button(key=f"member-{mei}-move").click().run()
    _ok(at)
    assert _successes(at) == ["Moved Mei Chen to Relevance Lab."]
    assert "Mei Chen" not in set(_people(at)["Name"])
    at = at.selectbox(key="members-team").set_value(lab).run()
    _ok(at)
    assert set(_people(at)["Name"]) == {"Mei Chen", "Omar Haddad"}
    assert "Mei Chen · learner · Relevance Lab" in _viewing_as(own_demo)


def test_admin_opens_another_teams_members_from_organisation(own_demo: Path) -> None:
    lab = _add_second_team(own_demo)
    at = _page_as(own_demo, "Priya Raman", ORGANISATION)
    at = at.button(key=f"team-{lab}-open").click().run()
    _ok(at)
    assert at.title[0].value == "Team members"
    assert at.selectbox(key="members-team").value == lab
    assert list(_people(at)["Name"]) == ["Omar Haddad"]


def test_a_team_whose_lead_email_is_taken_is_not_half_created(own_demo: Path) -> None:
    at = _page_as(own_demo, "Priya Raman", ORGANISATION)
    at = _create_team(at, "Relevance Lab", "Omar Haddad", "Ben.Carter@lumen.example")
    assert not at.exception
    assert _errors(at) == ["ben.carter@lumen.example is already Ben Carter's email."]
    assert list(_table(at, "Average level")["Team"]) == [SECOND_TEAM, DEMO_TEAM]
    assert at.text_input(key=_form(at, "organisation-new", "name")).value == "Relevance Lab"
    with _database(own_demo) as session:
        assert [t.name for t in session.exec(select(Team))] == [DEMO_TEAM, SECOND_TEAM]


def test_a_lead_who_is_not_an_admin_gets_no_organisation_overview(own_demo: Path) -> None:
    _add_second_team(own_demo)
    at = AppTest.from_file(str(Path(APP).parent / ORGANISATION), default_timeout=TIMEOUT_S)
    at.session_state["viewer_id"] = person_id(own_demo, "Omar Haddad")
    at.run()
    _ok(at)
    assert [i.value for i in at.info] == ["The organisation overview is for organisation admins."]
    assert not at.dataframe
    assert DEMO_TEAM not in texts(at)


def test_restoring_an_archived_team_brings_its_people_back(own_demo: Path) -> None:
    lab = _add_second_team(own_demo)
    with _database(own_demo) as session:
        set_team_archived(session, actor=None, team_id=lab, archived=True, now=datetime.now(UTC))
        session.commit()
    at = _page_as(own_demo, "Priya Raman", ORGANISATION)
    assert list(_table(at, "Average level")["Team"]) == [SECOND_TEAM, DEMO_TEAM]
    at = at.button(key=f"team-{lab}-restore").click().run()
    _ok(at)
    assert _successes(at) == ["Restored Relevance Lab; its people can sign in again."]
    assert list(_table(at, "Average level")["Team"]) == [
        SECOND_TEAM,
        "Relevance Lab",
        DEMO_TEAM,
    ]
    assert "Omar Haddad · team lead · Relevance Lab" in _viewing_as(own_demo)


def test_a_lead_sets_the_teams_time_zone_and_1_1_times_show_in_it(own_demo: Path) -> None:
    team_id = _demo_team_id(own_demo)
    at = _members_as(own_demo, "Priya Raman")
    _ok(at)
    assert "time zone: the server’s" in texts(at)
    at.selectbox(key=f"members-zone-{team_id}-zone").set_value("Asia/Tokyo")
    at = at.button(key=f"members-zone-{team_id}-submit").click().run()
    _ok(at)
    assert _successes(at) == [f"{DEMO_TEAM} now keeps time in Asia/Tokyo."]
    assert "time zone: Asia/Tokyo" in texts(at)
    with _database(own_demo) as session:
        [event] = session.exec(
            select(AuditEvent).where(AuditEvent.action == "team_time_zone_set")
        ).all()
        aisha = session.exec(select(Person).where(Person.name == "Aisha Khan")).one()
        plan = session.exec(
            select(MentoringPlan).where(
                MentoringPlan.mentee_id == aisha.id, MentoringPlan.status == PlanStatus.ACTIVE
            )
        ).one()
        times = session.exec(
            select(MentoringSession.scheduled_for).where(MentoringSession.plan_id == plan.id)
        ).all()
    assert event.detail["summary"].endswith("to Asia/Tokyo.")
    tokyo = ZoneInfo("Asia/Tokyo")
    shown = {f"{formats.moment(t.astimezone(tokyo), weekday=True)} JST" for t in times}

    mine = _page_as(own_demo, "Aisha Khan", "pages/my_mentoring_page.py")
    _ok(mine)
    [next_one] = [i.value for i in mine.info if i.value.startswith("Next session")]
    assert any(s in next_one for s in shown), next_one
    assert "UTC" not in next_one
