"""A real team moves in, in the browser: its admin signs in to an empty Proficio, sets up the
team, imports a 30-person CSV (first with typical mistakes), and its people sign in; a leaver
no longer can. A second team's lead sees only their own team."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard.browser import (
    SCREENSHOTS,
    assert_no_errors,
    chromium,
    free_port,
    open_page,
    provider,  # noqa: F401 (fixture)
    require_chromium,
    serve_app,
    settle,
    sign_in_as,
    write_auth_secrets,
)

FIXTURES = Path(__file__).parent / "fixtures"
ADMIN_EMAIL = "maya.lindqvist@northwind.example"  # the lead in people-30.csv
LEARNER_EMAIL = "rahul.menon@northwind.example"
LEAVER_EMAIL = "sofia.rossi@northwind.example"


@pytest.fixture(scope="module")
def own_team_app(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # noqa: F811
    """The app on an empty data folder with sign-in on and Maya as organisation admin."""
    require_chromium()
    port = free_port()
    folder = tmp_path_factory.mktemp("own-team")
    secrets = write_auth_secrets(folder, port=port, provider=provider)
    with serve_app(
        folder / "data",
        folder / "streamlit.log",
        port=port,
        extra=("--secrets.files", str(secrets)),
        demo=False,
        env_extra={"PROFICIO_ADMIN_EMAILS": f" {ADMIN_EMAIL.upper()} , ops@northwind.example"},
    ):
        yield f"http://localhost:{port}"


def _main_text(page: object) -> str:
    return str(page.locator("[data-testid='stMain']").inner_text())  # type: ignore[attr-defined]


def _as(browser: object, app: str, email: str) -> object:
    """A fresh browser context (no cookies) signed in as `email`."""
    page = browser.new_context(viewport={"width": 1400, "height": 1300}).new_page()  # type: ignore[attr-defined]
    sign_in_as(page, app, email)
    return page


def _shows(page: object, text: str) -> None:
    """Wait until the main area shows `text` (a click's rerun may start late on a busy
    machine, after `settle` has already seen the previous run finished)."""
    page.locator("[data-testid='stMain']").get_by_text(text).first.wait_for(timeout=120_000)  # type: ignore[attr-defined]
    settle(page)  # the run that drew it may still be drawing what comes after


def _upload(page: object, path: Path) -> None:
    page.locator("input[type=file]").set_input_files(str(path))  # type: ignore[attr-defined]
    settle(page)


@pytest.mark.browser
def test_a_team_sets_itself_up_imports_its_people_and_they_sign_in(own_team_app: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        # Before setup, someone who is not an admin is told to wait.
        stranger = _as(browser, own_team_app, LEARNER_EMAIL)
        assert "Proficio is not set up yet" in _main_text(stranger)
        assert stranger.locator("[data-testid='stSidebarNav']").count() == 0  # type: ignore[attr-defined]
        stranger.context.close()  # type: ignore[attr-defined]

        # The admin sets the team up: no demo on offer with sign-in on.
        maya = _as(browser, own_team_app, ADMIN_EMAIL)
        assert "Set up my team" in _main_text(maya)
        assert maya.get_by_role("button", name="Explore the demo team").count() == 0  # type: ignore[attr-defined]
        maya.get_by_role("textbox", name="Team name").fill("Data Platform")  # type: ignore[attr-defined]
        maya.get_by_role("textbox", name="Your name").fill("Maya Lindqvist")  # type: ignore[attr-defined]
        maya.screenshot(path=str(SCREENSHOTS / "own-team-setup.png"), full_page=True)  # type: ignore[attr-defined]
        maya.get_by_role("button", name="Set up my team").click()  # type: ignore[attr-defined]
        settle(maya)
        assert_no_errors(maya, "after setup")
        _shows(maya, "Your team Data Platform is set up")

        # A CSV with typical mistakes is refused, row by row, and nothing is imported.
        open_page(maya, "Team members")
        maya.get_by_role("tab", name="Import from CSV").click()  # type: ignore[attr-defined]
        settle(maya)
        _upload(maya, FIXTURES / "people-30-with-mistakes.csv")
        # (The problems' table is drawn on a canvas; AppTest reads its rows.)
        _shows(maya, "Nothing can be imported yet: 3 problem(s)")
        maya.screenshot(path=str(SCREENSHOTS / "own-team-import-problems.png"), full_page=True)  # type: ignore[attr-defined]
        assert maya.get_by_role("button", name="Import", exact=False).count() == 0  # type: ignore[attr-defined]

        # The fixed file: a preview, then the import.
        _upload(maya, FIXTURES / "people-30.csv")
        _shows(maya, "Ready: 29 to add, 1 to update, 0 unchanged")
        maya.get_by_role("button", name="Import 30 changes").click()  # type: ignore[attr-defined]
        settle(maya)
        assert_no_errors(maya, "after the import")
        _shows(maya, "Imported people-30.csv: 29 added, 1 updated")
        assert "30 active, 0 left" in _main_text(maya)

        # Home counts the 30 and no demo person is anywhere.
        open_page(maya, "Home")
        members = maya.locator("[data-testid='stMetric']").filter(has_text="Members")  # type: ignore[attr-defined]
        assert members.locator("[data-testid='stMetricValue']").inner_text().strip() == "30"
        maya.screenshot(path=str(SCREENSHOTS / "own-team-lead-home.png"), full_page=True)  # type: ignore[attr-defined]
        open_page(maya, "People")
        assert "Priya Raman" not in _main_text(maya)
        assert "Data Platform · 30 people" in _main_text(maya)

        # An imported learner signs in and sees their own Home.
        rahul = _as(browser, own_team_app, LEARNER_EMAIL.upper())
        assert_no_errors(rahul, "learner's home")
        sidebar = rahul.locator("[data-testid='stSidebar']").inner_text()  # type: ignore[attr-defined]
        assert "Signed in as Rahul Menon" in sidebar
        assert "Team members" not in sidebar
        assert "Hello Rahul" in _main_text(rahul)
        rahul.screenshot(path=str(SCREENSHOTS / "own-team-learner-home.png"), full_page=True)  # type: ignore[attr-defined]
        rahul.context.close()  # type: ignore[attr-defined]

        # A leaver is deactivated and can no longer sign in.
        open_page(maya, "Team members")
        person = maya.get_by_role("combobox", name="Person")  # type: ignore[attr-defined]
        person.click()
        person.press_sequentially("Sofia Rossi")  # the list of 30 is virtual: filter it
        person.press("Enter")
        settle(maya)
        maya.get_by_text("Leaving or returning").click()  # type: ignore[attr-defined]
        maya.get_by_text("Yes, Sofia Rossi has left").click()  # type: ignore[attr-defined]
        settle(maya)
        maya.get_by_role("button", name="Deactivate Sofia Rossi").click()  # type: ignore[attr-defined]
        settle(maya)
        _shows(maya, "Deactivated Sofia Rossi")
        assert "29 active, 1 left" in _main_text(maya)
        sofia = _as(browser, own_team_app, LEAVER_EMAIL)
        assert "You are not on a team in Proficio yet" in _main_text(sofia)
        sofia.context.close()  # type: ignore[attr-defined]

        # A second team, made by the admin; its lead sees only their own team.
        open_page(maya, "Organisation")
        maya.get_by_role("textbox", name="Team name").fill("Relevance Lab")  # type: ignore[attr-defined]
        maya.get_by_role("textbox", name="Lead's name").fill("Omar Haddad")  # type: ignore[attr-defined]
        maya.get_by_role("textbox", name="Lead's email").fill("omar.haddad@northwind.example")  # type: ignore[attr-defined]
        maya.get_by_role("button", name="Create team").click()  # type: ignore[attr-defined]
        settle(maya)
        _shows(maya, "Created Relevance Lab with Omar Haddad as its lead")
        # The form starts empty for the next team (the browser sends back what it shows, so
        # this holds only if the form is drawn anew: AppTest cannot tell).
        assert maya.get_by_role("textbox", name="Team name").input_value() == ""  # type: ignore[attr-defined]
        text = _main_text(maya)
        assert "Data Platform · 29 people" in text and "Relevance Lab · 1 person" in text
        maya.screenshot(path=str(SCREENSHOTS / "own-team-organisation.png"), full_page=True)  # type: ignore[attr-defined]

        omar = _as(browser, own_team_app, "omar.haddad@northwind.example")
        assert "Organisation" not in omar.locator("[data-testid='stSidebarNav']").inner_text()  # type: ignore[attr-defined]
        open_page(omar, "Team members")
        text = _main_text(omar)
        assert "Relevance Lab · 1 active" in text
        assert "Rahul Menon" not in text and "Maya Lindqvist" not in text
        open_page(omar, "Competency matrix")
        assert "Rahul Menon" not in _main_text(omar)
        omar.context.close()  # type: ignore[attr-defined]
