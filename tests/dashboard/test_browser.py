"""The app served on 127.0.0.1 and driven in Debian's Chromium; a screenshot per page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.dashboard.browser import (
    SCREENSHOTS,
    assert_no_errors,
    chromium,
    free_port,
    require_chromium,
    serve_app,
    settle,
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
    page.get_by_role("combobox", name="Viewing as").click()  # type: ignore[attr-defined]
    page.get_by_role("option", name=name).click()  # type: ignore[attr-defined]
    settle(page)


# (viewer, page title in the sidebar or None for the landing page (Home), screenshot name)
VISITS = [
    ("Priya Raman · team lead", "Competency matrix", "lead-matrix"),
    ("Priya Raman · team lead", "People", "lead-people"),
    ("Priya Raman · team lead", "Competency framework", "lead-framework"),
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
    ("Priya Raman · team lead", None, "lead-home"),
    ("Priya Raman · team lead", "Training impact", "lead-impact"),
    ("Lars Henriksen · mentor", None, "mentor-home"),
    ("Aisha Khan · learner", None, "learner-home"),
    ("Ben Carter · learner", None, "learner-behind-home"),
]


def test_every_page_opens_without_an_error(server: str, browser: object) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 2600})  # type: ignore[attr-defined]
    page.goto(server, timeout=180_000)
    settle(page)
    for viewer, nav, shot in VISITS:
        if page.get_by_role("combobox", name="Viewing as").input_value() != viewer:
            _choose_viewer(page, viewer)
        if nav is not None:
            page.get_by_role("link", name=nav).click()
            settle(page)
        assert_no_errors(page, shot)
        page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)
        if nav is not None:  # back to the landing page for the next viewer
            page.goto(server)
            settle(page)
    page.get_by_role("link", name="Curriculum").click()
    settle(page)
    page.get_by_role("tab", name="Module detail").click()
    page.wait_for_timeout(800)
    assert_no_errors(page, "module detail")
    page.screenshot(path=str(SCREENSHOTS / "curriculum-module-detail.png"), full_page=True)
    page.close()
