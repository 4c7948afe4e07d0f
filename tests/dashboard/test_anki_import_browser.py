"""Importing an Anki deck in Chromium, as a learner who made it in Anki would: upload the
.apkg on My cards (after a look at their statistics), read what was imported, then meet one
of its cards on Reviews and answer it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import genanki
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
STEP_TIMEOUT_MS = 60_000
# Cards due before the imported ones (the learner's backlog of today): answered on the way.
MAX_CARDS_BEFORE = 40
FRONT = "Which ranking function does BM25 extend?"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("anki-browser-data")
    log = tmp_path_factory.mktemp("anki-browser-log") / "streamlit.log"
    with serve_app(data_dir, log, port=free_port()) as url:
        yield url


def anki_deck(path: Path) -> Path:
    """A deck as Anki exports it (genanki): a basic note and a cloze note with two deletions."""
    deck = genanki.Deck(1_987_654_321, "Search from Anki")
    deck.add_note(genanki.Note(genanki.BASIC_MODEL, [FRONT, "TF-IDF"], guid="bm25-basic"))
    deck.add_note(
        genanki.Note(
            genanki.CLOZE_MODEL,
            ["{{c1::HNSW}} is a {{c2::graph}} index.", ""],
            guid="hnsw-cloze",
        )
    )
    genanki.Package(deck).write_to_file(str(path))
    return path


def test_a_learner_imports_an_anki_deck_and_reviews_a_card_from_it(
    server: str, tmp_path: Path
) -> None:
    deck = anki_deck(tmp_path / "search-from-anki.apkg")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page.goto(server)
        settle(page, timeout_s=START_TIMEOUT_S)
        choose_viewer(page, "Sofia Rossi · learner")
        open_page(page, "My cards")
        main = page.locator("[data-testid='stMain']")
        # The learner's statistics draw in the page (no chart fetched from elsewhere).
        main.get_by_role("tab", name="Statistics").click()
        settle(page)
        main.get_by_text("Reviews per day, past year").wait_for(timeout=STEP_TIMEOUT_MS)
        # The charts are drawn after their captions: on a busy machine, a moment later.
        page.wait_for_function(  # type: ignore[attr-defined]
            "() => document.querySelectorAll("
            '\'[data-testid="stMain"] [data-testid="stVegaLiteChart"]\').length >= 2',
            timeout=STEP_TIMEOUT_MS,
        )
        assert_no_errors(page, "My cards, statistics")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "learner-card-statistics.png"), full_page=True)
        main.get_by_role("tab", name="Import and export").click()
        settle(page)  # the tab is tracked: clicking it reruns the page
        main.locator("input[type='file']").set_input_files(str(deck))
        settle(page)
        importing = main.get_by_role("button", name="Import", exact=True)
        page.wait_for_function(  # type: ignore[attr-defined]
            "() => [...document.querySelectorAll('[data-testid=\"stMain\"] button')]"
            ".some(b => b.innerText.trim() === 'Import' && !b.disabled)",
            timeout=STEP_TIMEOUT_MS,
        )
        importing.click()
        saved = main.get_by_text("search-from-anki.apkg: 3 new, 0 already there.")
        saved.wait_for(timeout=STEP_TIMEOUT_MS)
        assert_no_errors(page, "My cards after importing an Anki deck")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "learner-imports-anki-deck.png"), full_page=True)

        open_page(page, "Reviews")
        imported = main.get_by_role("heading", name=FRONT)
        for _ in range(MAX_CARDS_BEFORE):
            main.get_by_role("button", name="Show answer").wait_for(timeout=STEP_TIMEOUT_MS)
            if imported.count():
                break
            page.keyboard.press("Space")
            main.get_by_role("button", name="Good ·").wait_for(timeout=STEP_TIMEOUT_MS)
            page.keyboard.press("3")
            page.wait_for_timeout(300)  # type: ignore[attr-defined]
        assert imported.count() == 1, "the imported card never came up"
        page.keyboard.press("Space")
        main.get_by_text("TF-IDF").wait_for(timeout=STEP_TIMEOUT_MS)
        # A new card: its first answer is a same-day learning step, as in Anki.
        assert main.get_by_role("button", name="Again · 1 min").count() == 1
        page.keyboard.press("3")
        main.get_by_role("heading", name=FRONT).wait_for(state="detached", timeout=STEP_TIMEOUT_MS)
        main.get_by_role("button", name="Undo last answer").wait_for(timeout=STEP_TIMEOUT_MS)
        assert_no_errors(page, "Reviews after answering an imported card")
        page.screenshot(path=str(SCREENSHOTS / "learner-reviews-imported-card.png"), full_page=True)
