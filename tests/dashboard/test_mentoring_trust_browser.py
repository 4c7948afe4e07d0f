"""In Chromium, as a mentor: a 1:1 whose day passed is called missed, the mentor skips one and
moves another to a new day, and a new action item starts due in the future."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from tests.dashboard.browser import (
    SCREENSHOTS,
    START_TIMEOUT_S,
    assert_no_errors,
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
    data_dir = tmp_path_factory.mktemp("mentoring-trust-data")
    log = tmp_path_factory.mktemp("mentoring-trust-log") / "streamlit.log"
    with serve_app(data_dir, log, port=free_port()) as url:
        yield url


def _alert(page: object, text: str) -> str:
    found = page.locator("[data-testid='stAlert']", has_text=text).first  # type: ignore[attr-defined]
    found.wait_for(timeout=60_000)
    return str(found.inner_text())


def test_a_mentor_sees_a_missed_1_1_skips_and_moves_one_and_raises_an_item(server: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 2400})  # type: ignore[attr-defined]
        page.goto(server, timeout=START_TIMEOUT_S * 1000)
        settle(page, timeout_s=START_TIMEOUT_S)
        viewer = "Lars Henriksen · mentor"
        while viewing_as(page) != viewer:
            page.get_by_role("combobox", name="Viewing as").click()
            page.get_by_role("option", name=viewer).click()
            settle(page)
        page.get_by_role("link", name="1:1 session").click()
        settle(page)
        page.get_by_role("combobox", name="Mentee").click()
        page.get_by_role("option", name="Ben Carter").click()
        settle(page)
        page.screenshot(path=str(SCREENSHOTS / "mentor-session-missed.png"), full_page=True)
        assert_no_errors(page, "1:1 session")
        # Ben's 1:1s stopped weeks ago: the page opens on the first missed one.
        missed = _alert(page, "Missed — planned for")
        assert "not held and not skipped" in missed

        page.get_by_role("button", name="Skip this 1:1").click()
        settle(page)
        assert "is skipped; the rest of the plan stays as it was" in _alert(page, "is skipped")
        assert "Skipped —" in _alert(page, "Skipped —")
        # The latest missed one is moved to a new day (today, by default).
        page.get_by_role("combobox", name="Session").click()
        page.get_by_role("option").filter(has_text="missed").last.click()
        settle(page)
        assert "Missed — planned for" in _alert(page, "Missed — planned for")
        page.get_by_role("button", name="Move", exact=True).click()
        settle(page)
        moved = _alert(page, "moved to")
        assert_no_errors(page, "after moving")
        day = datetime.strptime(moved.split("moved to ")[1].rstrip(".").strip(), "%a %d %b %Y")
        assert (day.month, day.day) == (date.today().month, date.today().day)

        due = date(
            *(
                int(field.get_attribute("aria-valuenow"))
                for field in (
                    page.get_by_role("spinbutton", name=f"{part}, Due")
                    for part in ("year", "month", "day")
                )
            )
        )
        assert due > date.today()
        page.get_by_label("New action item").fill("Rerun the recall@5 benchmark")
        page.get_by_role("button", name="Add item").click()
        settle(page)
        assert "Added: Rerun the recall@5 benchmark" in _alert(page, "Added:")
        assert_no_errors(page, "after adding an item")
        page.screenshot(path=str(SCREENSHOTS / "mentor-session-rescheduled.png"), full_page=True)

        # The mentee sees the new item at once on their Home.
        page.get_by_role("combobox", name="Viewing as").click()
        page.get_by_role("option", name="Ben Carter · learner").click()
        settle(page)
        page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Home").click()
        settle(page)
        home = str(page.locator("[data-testid='stMain']").inner_text())
        assert "Rerun the recall@5 benchmark" in home
        page.screenshot(path=str(SCREENSHOTS / "learner-home-new-item.png"), full_page=True)
        page.close()
