"""Logging activities in Debian's Chromium, as a learner does: the module keeps the progress
just saved when the next entry is logged, and a future date is refused with the rule."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from storage import formats
from tests.dashboard.browser import (
    SCREENSHOTS,
    START_TIMEOUT_S,
    choose_viewer,
    chromium,
    free_port,
    require_chromium,
    serve_app,
    settle,
)

pytestmark = pytest.mark.browser
require_chromium()

LEARNER = "Aisha Khan · learner"
PROGRESS = "Module progress after this (%)"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on an empty data folder: it seeds the demo team on start."""
    data_dir = tmp_path_factory.mktemp("activity-data")
    log = tmp_path_factory.mktemp("activity-log") / "streamlit.log"
    with serve_app(data_dir, log, port=free_port()) as url:
        yield url


def _log_form(page: object) -> object:
    """The "Log an activity" form (My learning may ask its feedback question in a form above)."""
    log = page.get_by_role("button", name="Log activity")  # type: ignore[attr-defined]
    return page.locator("[data-testid='stForm']").filter(has=log)  # type: ignore[attr-defined]


def _slider_value(page: object) -> int:
    """Where the progress slider stands, as its thumb shows it."""
    thumb = _log_form(page).locator("[data-testid='stSliderThumbValue']")  # type: ignore[attr-defined]
    return int(thumb.inner_text())


def _move_slider(page: object, to: int) -> None:
    thumb = _log_form(page).get_by_role("slider")  # type: ignore[attr-defined]
    thumb.focus()
    steps = to - _slider_value(page)
    for _ in range(abs(steps)):
        thumb.press("ArrowRight" if steps > 0 else "ArrowLeft")
    assert _slider_value(page) == to


def _said(page: object, kind: str) -> str:
    """The text of the page's success or error messages (waiting for one to show)."""
    alerts = page.locator(f"[data-testid='stAlertContent{kind}']")  # type: ignore[attr-defined]
    alerts.first.wait_for(timeout=120_000)
    settle(page)  # the run that drew it may still be drawing what comes after
    return "\n".join(alerts.all_inner_texts())


def _log(page: object) -> None:
    _log_form(page).get_by_role("button", name="Log activity").click()  # type: ignore[attr-defined]
    settle(page)


def test_a_learner_logs_twice_keeps_the_progress_and_cannot_log_a_future_day(
    server: str,
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 2400})  # type: ignore[attr-defined]
        page.goto(server, timeout=START_TIMEOUT_S * 1000)
        settle(page, timeout_s=START_TIMEOUT_S)  # the first run seeds the demo team
        choose_viewer(page, LEARNER)
        page.get_by_role("link", name="My learning").click()
        settle(page)

        # First entry: the learner moves the module to 60 % (70 if it stands at 60 already).
        target = 60 if _slider_value(page) != 60 else 70
        _move_slider(page, target)
        _log(page)
        assert f"({target} % done)" in _said(page, "Success")
        assert _slider_value(page) == target  # the form starts from what was just saved

        # Second entry, the slider untouched: the module stays where it was put.
        _log_form(page).get_by_label("What did you do or learn?").fill("More of the same.")
        _log(page)
        assert f"({target} % done)" in _said(page, "Success")
        assert "More of the same." not in _log_form(page).inner_text()  # the form is fresh
        assert _slider_value(page) == target

        # A future date is refused with the rule, and the form keeps what was typed.
        tomorrow = date.today() + timedelta(days=1)
        form = _log_form(page)
        for part, value in (("year", "%Y"), ("month", "%m"), ("day", "%d")):
            form.get_by_role("spinbutton", name=f"{part}, Date").click()  # type: ignore[attr-defined]
            page.keyboard.type(f"{tomorrow:{value}}")
        hours = form.locator("[data-testid='stNumberInput'] input")  # type: ignore[attr-defined]
        hours.fill("2.5")
        hours.press("Tab")
        _log(page)
        refusal = _said(page, "Error")
        assert "the date cannot be in the future" in refusal
        assert f"you entered {formats.day(tomorrow)}" in refusal
        shown = [
            _log_form(page).get_by_role("spinbutton", name=f"{part}, Date").inner_text()  # type: ignore[attr-defined]
            for part in ("year", "month", "day")
        ]
        assert shown == [f"{tomorrow:%Y}", f"{tomorrow:%m}", f"{tomorrow:%d}"]
        assert hours.input_value() == "2.50"
        assert _slider_value(page) == target
        page.screenshot(path=str(SCREENSHOTS / "learner-activity-refused.png"), full_page=True)
