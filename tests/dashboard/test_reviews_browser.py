"""Reviewing by keyboard in Chromium: Space shows the answer, 3 answers Good, ten cards in a
row, each redrawn in place (the card area is a fragment) with no error on the page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.dashboard.browser import (
    SCREENSHOTS,
    START_TIMEOUT_S,
    assert_no_errors,
    choose_viewer,
    chromium,
    free_port,
    open_page,
    require_chromium,
    serve_app,
    settle,
)

pytestmark = pytest.mark.browser
require_chromium()
CARDS = 10
CARD_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("reviews-browser-data")
    log = tmp_path_factory.mktemp("reviews-browser-log") / "streamlit.log"
    with serve_app(data_dir, log, port=free_port()) as url:
        yield url


def test_a_learner_reviews_ten_cards_by_keyboard(server: str) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page.goto(server)
        settle(page, timeout_s=START_TIMEOUT_S)
        choose_viewer(page, "Ben Carter · learner")
        open_page(page, "Reviews")
        main = page.locator("[data-testid='stMain']")
        for n in range(1, CARDS + 1):
            main.get_by_text(f"Card {n} of ").wait_for(timeout=CARD_TIMEOUT_MS)
            main.get_by_role("button", name="Show answer").wait_for(timeout=CARD_TIMEOUT_MS)
            page.keyboard.press("Space")
            good = main.get_by_role("button", name="Good ·")
            good.wait_for(timeout=CARD_TIMEOUT_MS)
            assert main.get_by_role("button", name="Again ·").count() == 1
            page.keyboard.press("3")
            main.get_by_text(f"Card {n + 1} of ").or_(main.get_by_text("Reviewed")).first.wait_for(
                timeout=CARD_TIMEOUT_MS
            )
        main.get_by_role("button", name="Undo last answer").wait_for(timeout=CARD_TIMEOUT_MS)
        assert_no_errors(page, "Reviews after ten cards by keyboard")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "learner-reviews-by-keyboard.png"), full_page=True)
