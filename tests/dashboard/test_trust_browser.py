"""What a person does in the browser is kept as they meant it: whoever they chose in "Viewing
as" stays chosen across links and page switches, and a write shows at once on the other
pages that depend on it, in the same server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from storage.engine import make_engine
from storage.models import Module, Person, QuizQuestion
from tests.assessments.test_evidence_review import _person, _quiz_above
from tests.dashboard.browser import (
    SCREENSHOTS,
    START_TIMEOUT_S,
    assert_no_errors,
    chromium,
    free_port,
    open_page,
    require_chromium,
    serve_app,
    settle,
    viewing_as,
    wait_for_title,
)

pytestmark = pytest.mark.browser
require_chromium()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("trust-data")


@pytest.fixture(scope="module")
def server(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("trust-log") / "streamlit.log"
    with serve_app(data_dir, log, port=free_port()) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as browser:
        yield browser


def _viewer(page: object) -> str:
    return viewing_as(page)


def _choose_viewer(page: object, name: str) -> None:
    page.get_by_role("combobox", name="Viewing as").click()  # type: ignore[attr-defined]
    page.get_by_role("option", name=name).click()  # type: ignore[attr-defined]
    settle(page)


def _main_text(page: object) -> str:
    return str(page.locator("[data-testid='stMain']").inner_text())  # type: ignore[attr-defined]


def test_a_mentor_stays_the_viewer_through_open_next_1_1_and_page_switches(
    server: str, browser: object
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1800})  # type: ignore[attr-defined]
    page.goto(server, timeout=START_TIMEOUT_S * 1000)
    settle(page, timeout_s=START_TIMEOUT_S)
    # The very first change on a freshly loaded page is kept (it used to be dropped).
    _choose_viewer(page, "Grace Okafor · mentor")
    assert _viewer(page) == "Grace Okafor · mentor"

    page.get_by_role("button", name="Open next 1:1").first.click()
    wait_for_title(page, "1:1 session")
    assert _viewer(page) == "Grace Okafor · mentor"

    open_page(page, "Mentees")
    assert _viewer(page) == "Grace Okafor · mentor"
    page.get_by_role("button", name="Open next session").click()
    wait_for_title(page, "1:1 session")
    assert _viewer(page) == "Grace Okafor · mentor"
    assert_no_errors(page, "1:1 session after Open next session")
    page.screenshot(path=str(SCREENSHOTS / "trust-mentor-stays-viewer.png"), full_page=True)
    page.close()


def test_a_lead_saving_weights_stays_on_the_tab_and_is_told_what_was_saved(
    server: str, browser: object
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1800})  # type: ignore[attr-defined]
    page.goto(server, timeout=START_TIMEOUT_S * 1000)
    settle(page, timeout_s=START_TIMEOUT_S)
    assert _viewer(page) == "Priya Raman · team lead"
    open_page(page, "Competency framework")
    page.get_by_role("tab", name="Assessment weights").click()
    settle(page)
    practical = page.get_by_label("Practical application", exact=True)
    knowledge = page.get_by_label("Knowledge transfer", exact=True)
    practical.fill("0.35")
    knowledge.fill("0.25")
    knowledge.press("Tab")
    page.get_by_role("button", name="Save weights").click()
    page.get_by_text("Weights saved:").wait_for(timeout=30_000)
    settle(page)
    selected = page.get_by_role("tab", selected=True)
    assert selected.inner_text() == "Assessment weights"
    assert "practical application 35 %" in _main_text(page)
    page.screenshot(path=str(SCREENSHOTS / "trust-weights-saved.png"), full_page=True)
    page.close()


def _cells_to_review(home: str) -> int:
    """The lead's Home: how many matrix cells wait for a mentor's review of new evidence."""
    found = re.search(r"(\d+) cells? of \d+ (people|person): a quiz or a peer", home)
    return int(found.group(1)) if found else 0


def _quiz_to_pass(data_dir: Path) -> tuple[str, list[tuple[str, str]]]:
    """The title of a quiz whose pass shows more than Aisha's mentor rated in use case
    identification, and each question's text with its right answer."""
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    with Session(engine) as session:
        aisha = _person(session, "Aisha Khan")
        module = session.exec(
            select(Module).where(
                Module.key == _quiz_above(session, aisha, "use-case-identification", 1)
            )
        ).one()
        questions = session.exec(
            select(QuizQuestion).where(QuizQuestion.module_id == module.id)
        ).all()
        answers = [(q.question, q.choices[q.answer]) for q in questions]
        assert session.exec(select(Person).where(Person.name == "Aisha Khan")).one()
    engine.dispose()
    return module.title, answers


def test_a_learners_quiz_pass_shows_at_once_on_the_leads_home_and_matrix(
    server: str, browser: object, data_dir: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 2400})  # type: ignore[attr-defined]
    page.goto(server, timeout=START_TIMEOUT_S * 1000)
    settle(page, timeout_s=START_TIMEOUT_S)
    assert _viewer(page) == "Priya Raman · team lead"
    # The lead's Home first, so its figures are in the cache when the quiz is passed.
    before = _cells_to_review(_main_text(page))

    title, answers = _quiz_to_pass(data_dir)
    _choose_viewer(page, "Aisha Khan · learner")
    open_page(page, "Assessments")
    page.get_by_role("combobox", name="Take a quiz").click()
    page.get_by_role("option", name=title, exact=False).first.click()
    settle(page)
    for question, answer in answers:
        group = page.locator("[data-testid='stRadio']").filter(has_text=question.split("`")[0][:40])
        group.get_by_text(answer, exact=True).click()
    page.get_by_role("button", name="Submit answers").click()
    settle(page)
    page.screenshot(path=str(SCREENSHOTS / "trust-learner-quiz-passed.png"), full_page=True)
    passed = page.locator("[data-testid='stAlertContentSuccess']").filter(has_text="Passed")
    passed.wait_for(timeout=30_000)
    assert_no_errors(page, "quiz passed")

    _choose_viewer(page, "Priya Raman · team lead")
    open_page(page, "Home")
    assert _cells_to_review(_main_text(page)) > before
    page.screenshot(path=str(SCREENSHOTS / "trust-lead-home-evidence.png"), full_page=True)
    open_page(page, "Competency matrix")
    assert "Aisha Khan · Use case identification: new evidence:" in _main_text(page)
    assert_no_errors(page, "matrix after the quiz")
    page.close()
