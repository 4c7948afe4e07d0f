"""Reviewing an imported Anki deck in Chromium as an Anki user expects (issue 20's walk): a
learner imports a genanki deck on My cards, presses "Again · 1 min" on one of its new cards,
undoes that answer, presses Again once more and meets the card again the same sitting (or is
told when it comes back), then suspends it from My cards' browser; the lead sees a mentee's
leech in the next 1:1's agenda. The leech is made beforehand through the review service:
eight lapses of one of Aisha Khan's cards.

Screenshots go to artifacts/screenshots/anki-walk-*.png, one per step."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bootstrap.database import prepare_database
from reviews.deck import deck_cards
from reviews.queue import leeches, record_review
from reviews.scheduling import ReviewGrade
from storage.engine import make_engine
from storage.models import CardSchedule, Person
from storage.people import get_person
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
from tests.dashboard.test_anki_import_browser import FRONT, anki_deck

pytestmark = pytest.mark.browser
require_chromium()
STEP_TIMEOUT_MS = 60_000
MAX_CARDS_BEFORE = 40  # the learner's backlog answered on the way to the imported card
# A new card's first step is a minute: answering other cards for longer brings it back.
COME_BACK_WAIT_S = 150
LAPSES = 8  # the demo team's leech threshold


@dataclass(frozen=True)
class Walk:
    url: str
    leech_front: str
    leech_module: str


def _make_a_leech(data_dir: Path) -> tuple[str, str]:
    """Aisha learns one of her cards long ago, then forgets it eight times, relearning it
    after each but the last: the eighth lapse tags it a leech. Returns its prompt and module."""
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    with Session(engine) as session:
        aisha = session.exec(select(Person).where(Person.name == "Aisha Khan")).one()
        person = get_person(session, aisha.id or 0)
        seen = set(
            session.exec(
                select(CardSchedule.card_id).where(CardSchedule.person_id == person.id)
            ).all()
        )
        card_id = next(c.id for c, _, _ in deck_cards(session, person) if c.id not in seen) or 0

        def answer(rating: ReviewGrade, at: datetime) -> None:
            record_review(session, actor=person, card_id=card_id, rating=rating, now=at, fuzz=False)

        answer(ReviewGrade.EASY, datetime.now(UTC) - timedelta(days=400))
        for lapse in range(1, LAPSES + 1):
            due = session.exec(
                select(CardSchedule.due_at).where(
                    CardSchedule.person_id == person.id, CardSchedule.card_id == card_id
                )
            ).one()
            answer(ReviewGrade.AGAIN, due)
            if lapse < LAPSES:
                answer(ReviewGrade.GOOD, due + timedelta(minutes=10))
        [leech] = leeches(session, person_id=person.id)
        session.commit()
    engine.dispose()
    assert leech.lapses == LAPSES
    return leech.front, leech.module_title


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walk]:
    folder = tmp_path_factory.mktemp("anki-walk")
    engine = make_engine(f"sqlite:///{folder / 'data' / 'proficio.db'}")
    prepare_database(engine, today=date.today(), demo=True)
    engine.dispose()
    front, module = _make_a_leech(folder / "data")
    with serve_app(folder / "data", folder / "streamlit.log", port=free_port()) as url:
        yield Walk(url, front, module)


def _shot(page: object, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"anki-walk-{name}.png"), full_page=True)  # type: ignore[attr-defined]


def _answer_until(page: object, main: object, wanted: object, *, seconds: float) -> bool:
    """Answer the cards in the way (Space, then Good) until `wanted` is shown; False when
    none is left to answer or `seconds` have passed."""
    deadline = datetime.now(UTC) + timedelta(seconds=seconds)
    while datetime.now(UTC) < deadline:
        reveal = main.get_by_role("button", name="Show answer")  # type: ignore[attr-defined]
        try:
            reveal.wait_for(timeout=STEP_TIMEOUT_MS)
        except Exception:
            return False  # the sitting's summary: nothing left to answer now
        if wanted.count():  # type: ignore[attr-defined]
            return True
        page.keyboard.press("Space")  # type: ignore[attr-defined]
        main.get_by_role("button", name="Good ·").wait_for(timeout=STEP_TIMEOUT_MS)  # type: ignore[attr-defined]
        page.keyboard.press("3")  # type: ignore[attr-defined]
        page.wait_for_timeout(300)  # type: ignore[attr-defined]
    return False


def test_again_undo_same_sitting_suspend_and_the_leads_agenda_names_a_leech(
    walk: Walk, tmp_path: Path
) -> None:
    deck = anki_deck(tmp_path / "search-from-anki.apkg")
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1400})  # type: ignore[attr-defined]
        page.goto(walk.url)
        settle(page, timeout_s=START_TIMEOUT_S)
        choose_viewer(page, "Sofia Rossi · learner")
        open_page(page, "My cards")
        main = page.locator("[data-testid='stMain']")
        main.get_by_role("tab", name="Import and export").click()
        settle(page)
        main.locator("input[type='file']").set_input_files(str(deck))
        settle(page)
        page.wait_for_function(  # type: ignore[attr-defined]
            "() => [...document.querySelectorAll('[data-testid=\"stMain\"] button')]"
            ".some(b => b.innerText.trim() === 'Import' && !b.disabled)",
            timeout=STEP_TIMEOUT_MS,
        )
        main.get_by_role("button", name="Import", exact=True).click()
        main.get_by_text("search-from-anki.apkg: 3 new, 0 already there.").wait_for(
            timeout=STEP_TIMEOUT_MS
        )
        assert_no_errors(page, "My cards after the import")
        _shot(page, "1-imported")

        # A new card from the deck: "Again · 1 min", as in Anki.
        open_page(page, "Reviews")
        imported = main.get_by_role("heading", name=FRONT)
        assert _answer_until(page, main, imported, seconds=600), "the imported card never came"
        page.keyboard.press("Space")
        main.get_by_text("TF-IDF").wait_for(timeout=STEP_TIMEOUT_MS)
        again = main.get_by_role("button", name="Again · 1 min")
        again.wait_for(timeout=STEP_TIMEOUT_MS)  # a new card's first step: a minute
        _shot(page, "2-again-one-minute")
        again.click()
        imported.wait_for(state="detached", timeout=STEP_TIMEOUT_MS)

        # Undo takes the answer back: the same card, as it was.
        main.get_by_role("button", name="Undo last answer").click()
        main.get_by_text("Undone: your answer Again").wait_for(timeout=STEP_TIMEOUT_MS)
        imported.wait_for(timeout=STEP_TIMEOUT_MS)
        assert_no_errors(page, "after undo")
        _shot(page, "3-undone")

        # Again for real; a minute later it is back in the same sitting (or the page says
        # when it comes back, when nothing else is left).
        page.keyboard.press("Space")
        main.get_by_role("button", name="Again · 1 min").click()
        imported.wait_for(state="detached", timeout=STEP_TIMEOUT_MS)
        back = _answer_until(page, main, imported, seconds=COME_BACK_WAIT_S)
        if not back:
            main.get_by_text("come back in").first.wait_for(timeout=STEP_TIMEOUT_MS)
        assert back or main.get_by_text("come back in").count() >= 1
        assert_no_errors(page, "the card coming back")
        _shot(page, "4-back-the-same-sitting")

        # Suspended from My cards' browser.
        open_page(page, "My cards")
        main.get_by_role("tab", name="Browse").click()
        settle(page)
        search = main.get_by_role("textbox", name="Search")
        search.fill("BM25")
        search.press("Enter")
        settle(page)
        card = main.get_by_role("combobox", name="Card")
        card.click()
        card.fill("Which ranking function")
        page.get_by_role("option").filter(has_text=FRONT).first.click()
        settle(page)
        main.get_by_role("button", name="Suspend", exact=True).click()
        main.get_by_text("is suspended: it will not come up.").wait_for(timeout=STEP_TIMEOUT_MS)
        assert main.get_by_role("button", name="Unsuspend").count() == 1
        assert_no_errors(page, "suspending a card")
        _shot(page, "5-suspended")

        # The lead reads Aisha's next 1:1 agenda: her leech, with its module.
        choose_viewer(page, "Priya Raman · team lead")
        open_page(page, "1:1 session")
        mentee = main.get_by_role("combobox", name="Mentee")
        mentee.click()
        mentee.fill("Aisha Khan")
        page.get_by_role("option").filter(has_text="Aisha Khan").first.click()
        settle(page)
        agenda = main.get_by_role("textbox", name="Agenda")
        agenda.wait_for(timeout=STEP_TIMEOUT_MS)
        text = agenda.input_value()
        assert "Cards that keep failing: '" in text
        assert walk.leech_front[:40] in text
        assert f"({walk.leech_module}, forgotten {LAPSES} times)" in text
        agenda.scroll_into_view_if_needed()
        assert_no_errors(page, "the lead's 1:1 agenda")
        _shot(page, "6-lead-agenda-leech")
