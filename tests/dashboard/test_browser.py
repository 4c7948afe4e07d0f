"""The app served on 127.0.0.1 and driven in Debian's Chromium; a screenshot per page."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.dashboard.browser import (
    SCREENSHOTS,
    START_TIMEOUT_S,
    assert_no_errors,
    choose_viewer,
    chromium,
    free_port,
    require_chromium,
    serve_app,
    settle,
    viewing_as,
)

pytestmark = pytest.mark.browser
require_chromium()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on an empty data folder, as a newcomer starts it: it seeds on start."""
    data_dir = tmp_path_factory.mktemp("browser-data")
    log = tmp_path_factory.mktemp("browser-log") / "streamlit.log"
    with serve_app(data_dir, log, port=free_port()) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as browser:
        yield browser


def _choose_viewer(page: object, name: str) -> None:
    choose_viewer(page, name)


# (viewer, page title in the sidebar or None for the landing page (Home), screenshot name)
VISITS = [
    ("Priya Raman · team lead", "Competency matrix", "lead-matrix"),
    # Opening a search page starts the first index build in the background (see below).
    ("Priya Raman · team lead", "Search index", "lead-search-index"),
    ("Priya Raman · team lead", "People", "lead-people"),
    ("Priya Raman · team lead", "Competency framework", "lead-framework"),
    ("Priya Raman · team lead", "Team members", "lead-team-members"),
    ("Priya Raman · team lead", "Organisation", "admin-organisation"),
    ("Priya Raman · team lead", "Curriculum", "lead-curriculum"),
    ("Priya Raman · team lead", "My learning", "lead-my-learning-empty"),
    ("Grace Okafor · mentor", "Competency matrix", "mentor-matrix"),
    ("Grace Okafor · mentor", "Assessments", "mentor-assessments"),
    ("Aisha Khan · learner", "My learning", "learner-my-learning"),
    ("Aisha Khan · learner", "Assessments", "learner-assessments"),
    ("Ben Carter · learner", "My learning", "learner-behind-my-learning"),
    ("Aisha Khan · learner", "Reviews", "learner-reviews"),
    ("Ben Carter · learner", "Reviews", "learner-behind-reviews"),
    ("Grace Okafor · mentor", "Reviews", "mentor-reviews"),
    ("Priya Raman · team lead", "Review settings", "lead-review-settings"),
    ("Grace Okafor · mentor", "Mentees", "mentor-mentees"),
    ("Grace Okafor · mentor", "Mentoring plan", "mentor-plan"),
    ("Grace Okafor · mentor", "1:1 session", "mentor-session"),
    ("Grace Okafor · mentor", "Capstones", "mentor-capstones"),
    ("Grace Okafor · mentor", "Guidance", "mentor-guidance"),
    ("Priya Raman · team lead", "Mentees", "lead-mentees"),
    ("Priya Raman · team lead", "Pairing and workload", "lead-pairing"),
    ("Aisha Khan · learner", "My mentoring", "learner-my-mentoring"),
    ("Aisha Khan · learner", "Development plan", "learner-development-plan"),
    ("Grace Okafor · mentor", "Development plan", "mentor-development-plan"),
    ("Ben Carter · learner", "Notes", "learner-notes"),
    ("Aisha Khan · learner", "Sharing sessions", "learner-sharing-sessions"),
    ("Priya Raman · team lead", "Sharing sessions", "lead-sharing-sessions"),
    ("Grace Okafor · mentor", "Communities", "mentor-communities"),
    ("Aisha Khan · learner", "Knowledge search", "learner-search-empty"),
    ("Priya Raman · team lead", None, "lead-home"),
    ("Priya Raman · team lead", "Training impact", "lead-impact"),
    ("Priya Raman · team lead", "Curriculum feedback", "lead-curriculum-feedback"),
    ("Lars Henriksen · mentor", None, "mentor-home"),
    ("Aisha Khan · learner", None, "learner-home"),
    ("Ben Carter · learner", None, "learner-behind-home"),
    ("Grace Okafor · mentor", "Reminders", "mentor-reminders"),
    ("Priya Raman · team lead", "Reminders", "lead-reminders"),
]
# The first index build embeds every demo note with the real model: minutes on a busy CI box.
INDEX_BUILD_TIMEOUT_S = 600


def test_every_page_opens_without_an_error(server: str, browser: object) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 2600})  # type: ignore[attr-defined]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))  # type: ignore[attr-defined]
    page.goto(server, timeout=START_TIMEOUT_S * 1000)
    settle(page, timeout_s=START_TIMEOUT_S)  # the first run seeds the demo team
    for viewer, nav, shot in VISITS:
        if viewing_as(page) != viewer:
            _choose_viewer(page, viewer)
        if nav is not None:
            # Exact: "Curriculum" is also the start of "Curriculum feedback".
            page.get_by_role("link", name=nav, exact=True).click()
            settle(page)
        assert_no_errors(page, shot)
        page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)
        if nav is not None:  # back to the landing page for the next viewer
            page.goto(server)
            settle(page)
    page.get_by_role("link", name="Curriculum", exact=True).click()
    settle(page)
    page.get_by_role("tab", name="Module detail").click()
    page.wait_for_timeout(800)
    assert_no_errors(page, "module detail")
    page.screenshot(path=str(SCREENSHOTS / "curriculum-module-detail.png"), full_page=True)
    page.get_by_role("link", name="Notes", exact=True).click()
    settle(page)
    page.get_by_role("tab", name="To review").click()
    page.wait_for_timeout(800)
    assert_no_errors(page, "notes to review")
    assert page.get_by_text("Due for review").count()
    page.screenshot(path=str(SCREENSHOTS / "notes-to-review.png"), full_page=True)
    _search_and_compare(page)
    page.close()
    # Nothing, not even the favicon or a font, is fetched from outside this machine.
    outside = {
        urlsplit(url).hostname
        for url in requested
        if urlsplit(url).scheme in ("http", "https", "ws", "wss")
    } - {"localhost", "127.0.0.1"}
    assert not outside, f"requests left the machine: {sorted(h or '' for h in outside)}"


def _search_and_compare(page: object) -> None:
    """Ask the demo's question once the index is built, then compare the backends."""
    page.get_by_role("link", name="Knowledge search").click()  # type: ignore[attr-defined]
    settle(page)
    box = page.get_by_role("textbox", name="Search")  # type: ignore[attr-defined]
    deadline = time.monotonic() + INDEX_BUILD_TIMEOUT_S
    while True:
        box.fill("how do I pick nprobe")
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        settle(page)
        if page.get_by_text("results by Hybrid").count():  # type: ignore[attr-defined]
            break
        assert time.monotonic() < deadline, "the search index was not built in time"
        page.wait_for_timeout(5000)  # type: ignore[attr-defined]
        box.fill("")  # an emptied box makes the next Enter search again
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        settle(page)
    assert_no_errors(page, "search")
    first = page.locator("strong", has_text=re.compile(r"^1\. ")).first.inner_text()  # type: ignore[attr-defined]
    assert "nprobe" in first.lower(), f"first hit: {first}"
    page.screenshot(path=str(SCREENSHOTS / "search-results.png"), full_page=True)  # type: ignore[attr-defined]
    page.get_by_text("Compare FAISS, Chroma and hybrid").click()  # type: ignore[attr-defined]
    settle(page)
    page.get_by_text("Overlap of the top 10").wait_for(timeout=120_000)  # type: ignore[attr-defined]
    assert_no_errors(page, "search compare")
    page.screenshot(path=str(SCREENSHOTS / "search-compare.png"), full_page=True)  # type: ignore[attr-defined]
