"""Practical work in Chromium, signed in: a learner hands in a write-up and a PDF, her mentor
grades it from "Waiting for you", and she sees it passed with the grade and her file.

Screenshots go to /tmp/practical-shots (the hand-in, the grading form, the passed work)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bootstrap.database import prepare_database
from storage.engine import make_engine
from tests.dashboard.browser import (
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

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/practical-shots")
LEARNER, MENTOR = "aisha.khan@lumen.example", "grace.okafor@lumen.example"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(scope="module")
def app(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # noqa: F811
    """The demo team (seeded beforehand: with sign-in on the app seeds none) behind sign-in."""
    require_chromium()
    folder = tmp_path_factory.mktemp("practical")
    engine = make_engine(f"sqlite:///{folder / 'data' / 'proficio.db'}")
    prepare_database(engine, today=date.today(), demo=True)
    engine.dispose()
    port = free_port()
    secrets = write_auth_secrets(folder, port=port, provider=provider)
    with serve_app(
        folder / "data",
        folder / "streamlit.log",
        port=port,
        extra=("--secrets.files", str(secrets)),
        demo=False,
    ):
        yield f"http://localhost:{port}"


def _as(browser: object, app: str, email: str) -> object:
    page = browser.new_context(viewport={"width": 1400, "height": 3000}).new_page()  # type: ignore[attr-defined]
    sign_in_as(page, app, email)
    open_page(page, "Practical work")
    return page


# Aisha's next module's practical: the demo has her earlier ones handed in already.
ASSIGNMENT = "A Chroma knowledge base kept in step with its sources"


def _choose(page: object, box: str, option: str) -> None:
    page.get_by_role("combobox", name=box).click()  # type: ignore[attr-defined]
    page.get_by_role("option").filter(has_text=option).first.click()  # type: ignore[attr-defined]
    settle(page)


def _shows(page: object, text: str) -> None:
    page.locator("[data-testid='stMain']").get_by_text(text).first.wait_for(timeout=120_000)  # type: ignore[attr-defined]
    settle(page)


def test_a_learner_hands_in_a_pdf_her_mentor_grades_it_and_she_sees_it_passed(
    app: str, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = tmp_path / "recall-sweep.pdf"
    pdf.write_bytes(PDF)
    with chromium() as browser:
        aisha = _as(browser, app, LEARNER)
        assert_no_errors(aisha, "the learner's page")
        _choose(aisha, "Open", ASSIGNMENT)
        aisha.get_by_role("textbox", name="Your write-up (markdown)").fill(  # type: ignore[attr-defined]
            "## Verdict\n\nKeyword search wins on error codes; semantic search on paraphrases."
        )
        aisha.locator("input[type=file]").set_input_files(str(pdf))  # type: ignore[attr-defined]
        _shows(aisha, "recall-sweep.pdf")
        aisha.screenshot(path=str(SHOTS / "1-learner-hand-in-form.png"), full_page=True)  # type: ignore[attr-defined]
        aisha.get_by_role("button", name="Hand in").click()  # type: ignore[attr-defined]
        _shows(aisha, "Handed in version 1 of")
        assert_no_errors(aisha, "after handing in")
        assert "with 1 file(s)" in aisha.locator("[data-testid='stAlert']").first.inner_text()  # type: ignore[attr-defined]
        aisha.screenshot(path=str(SHOTS / "2-learner-handed-in.png"), full_page=True)  # type: ignore[attr-defined]

        grace = _as(browser, app, MENTOR)
        _shows(grace, "Aisha Khan")
        grace.screenshot(path=str(SHOTS / "3-mentor-waiting.png"), full_page=True)  # type: ignore[attr-defined]
        _choose(grace, "Whose work", "Aisha Khan")
        _choose(grace, "Open", ASSIGNMENT)
        _shows(grace, "Grade version 1")
        meets = grace.locator("[data-testid='stButtonGroup'] button").filter(has_text="3 · Meets")  # type: ignore[attr-defined]
        assert meets.count() >= 3  # one per criterion of the rubric
        for n in range(meets.count()):  # one per criterion; each choice reruns the page
            meets.nth(n).click()
            settle(grace)
        grace.get_by_role("textbox", name="Overall comment").fill("A clear verdict, well argued.")  # type: ignore[attr-defined]
        grace.screenshot(path=str(SHOTS / "4-mentor-grading.png"), full_page=True)  # type: ignore[attr-defined]
        grace.get_by_role("button", name="Save grade").click()  # type: ignore[attr-defined]
        _shows(grace, "Graded Aisha Khan's")
        assert_no_errors(grace, "after grading")

        open_page(aisha, "Practical work")
        _choose(aisha, "Open", ASSIGNMENT)
        _shows(aisha, "Passed: this work is closed")
        main = aisha.locator("[data-testid='stMain']").inner_text()  # type: ignore[attr-defined]
        assert "Mentor: Grace Okafor" in main and "A clear verdict, well argued." in main
        assert aisha.get_by_role("button", name="recall-sweep.pdf").count() == 1  # type: ignore[attr-defined]
        aisha.screenshot(path=str(SHOTS / "5-learner-passed.png"), full_page=True)  # type: ignore[attr-defined]
