"""Practical work in Chromium, signed in, the whole loop of issue 18: a learner hands in a
write-up and a PDF; her mentor finds it on Home under "Hand-ins to grade" and grades it from
Practical work; she sees it passed with the grade and her file; the lead's Competency matrix
shows the practical evidence in her level history; her next 1:1's agenda names the hand-in;
and the mentor's next assessment of her starts practical application from it.

Screenshots go to /tmp/practical-shots, one per step (numbered in order)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from assessments.practical import practical_application_score
from bootstrap.database import prepare_database
from storage.engine import make_engine
from storage.enums import RaterKind
from storage.models import Competency, Person, Rating
from storage.people import get_person
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
LEAD = "priya.raman@lumen.example"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass(frozen=True)
class Served:
    url: str
    data_dir: Path  # the app's data folder, to read what the services say beside the pages


@pytest.fixture(scope="module")
def app(provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:  # noqa: F811
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
        yield Served(f"http://localhost:{port}", folder / "data")


def _as(browser: object, app: str, email: str, first_page: str = "Practical work") -> object:
    page = browser.new_context(viewport={"width": 1400, "height": 3000}).new_page()  # type: ignore[attr-defined]
    sign_in_as(page, app, email)
    open_page(page, first_page)
    return page


def _session(data_dir: Path) -> Session:
    return Session(make_engine(f"sqlite:///{data_dir / 'proficio.db'}"))


def _practical_start(data_dir: Path) -> tuple[float, int]:
    """What the services say Aisha's practical application starts at, for her mentor: the
    score from her graded hand-ins and how many there are."""
    with _session(data_dir) as session:
        aisha = session.exec(select(Person).where(Person.email == LEARNER)).one()
        grace = get_person(session, aisha.mentor_id or 0)
        score = practical_application_score(session, actor=grace, person_id=aisha.id or 0)
    assert score is not None
    return score


def _newest_practical_competency(data_dir: Path) -> str:
    """The competency Aisha's newest practical evidence is for (the grade's rating)."""
    with _session(data_dir) as session:
        return (
            session.exec(
                select(Competency.name)
                .join(Rating, col(Rating.competency_id) == Competency.id)
                .join(Person, col(Person.id) == Rating.person_id)
                .where(Person.email == LEARNER, Rating.rater_kind == RaterKind.PRACTICAL)
                .order_by(col(Rating.created_at).desc(), col(Rating.id).desc())
            ).first()
            or ""
        )


def _main(page: object) -> str:
    return page.locator("[data-testid='stMain']").inner_text()  # type: ignore[attr-defined,no-any-return]


# Aisha's next module's practical: the demo has her earlier ones handed in already.
ASSIGNMENT = "A Chroma knowledge base kept in step with its sources"


def _choose(page: object, box: str, option: str) -> None:
    """Pick `option` in the select box `box`, typed first: a long list draws only the options
    in view."""
    picker = page.get_by_role("combobox", name=box)  # type: ignore[attr-defined]
    picker.click()
    picker.fill(option)
    page.get_by_role("option").filter(has_text=option).first.click()  # type: ignore[attr-defined]
    settle(page)


def _shows(page: object, text: str) -> None:
    page.locator("[data-testid='stMain']").get_by_text(text).first.wait_for(timeout=120_000)  # type: ignore[attr-defined]
    settle(page)


def test_a_hand_in_goes_round_the_loop_from_the_learner_to_the_matrix_agenda_and_assessment(
    app: Served, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = tmp_path / "recall-sweep.pdf"
    pdf.write_bytes(PDF)
    with chromium() as browser:
        aisha = _as(browser, app.url, LEARNER)
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

        practical_before = _practical_start(app.data_dir)
        # The mentor's Home lists it under "Hand-ins to grade" before anyone grades it.
        grace = _as(browser, app.url, MENTOR, first_page="Home")
        _shows(grace, "Hand-ins to grade")
        to_grade = grace.locator("[data-testid='stMarkdownContainer']").filter(  # type: ignore[attr-defined]
            has_text=f"Aisha Khan · {ASSIGNMENT} · version 1"
        )
        to_grade.first.wait_for(timeout=120_000)
        home = _main(grace)
        assert home.index("Hand-ins to grade") < home.index(f"Aisha Khan · {ASSIGNMENT}")
        assert grace.get_by_role("button", name="Grade").count() >= 1  # type: ignore[attr-defined]
        grace.screenshot(path=str(SHOTS / "3-mentor-home-to-grade.png"), full_page=True)  # type: ignore[attr-defined]
        open_page(grace, "Practical work")
        _shows(grace, "Aisha Khan")
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

        # The lead's matrix: the pass is practical evidence in Aisha's level history.
        competency = _newest_practical_competency(app.data_dir)
        assert competency, "the pass gave no practical evidence"
        priya = _as(browser, app.url, LEAD, first_page="Competency matrix")
        _choose(priya, "Person", "Aisha Khan")
        _choose(priya, "Aisha Khan's level history in", competency)
        # The level history table (the new row: today, Grace Okafor, Practical) is drawn on a
        # canvas the test cannot read; the pass shows in text where it lifted her level two
        # above her own rating: "Aisha Khan, <competency>: self none, practical intermediate".
        lifted = priya.locator("[data-testid='stMain'] li").filter(  # type: ignore[attr-defined]
            has_text=f"Aisha Khan, {competency}:"
        )
        lifted.first.wait_for(timeout=60_000)
        assert "practical intermediate" in lifted.first.inner_text()
        assert_no_errors(priya, "the lead's matrix")
        priya.screenshot(path=str(SHOTS / "6-lead-matrix-practical-evidence.png"), full_page=True)  # type: ignore[attr-defined]

        # The next 1:1's agenda (drafted: nothing saved for it yet) names the graded hand-in.
        open_page(grace, "1:1 session")
        _choose(grace, "Mentee", "Aisha Khan")
        agenda = grace.get_by_role("textbox", name="Agenda")  # type: ignore[attr-defined]
        agenda.wait_for(timeout=120_000)
        assert f"Hand-in passed: '{ASSIGNMENT}' (graded " in agenda.input_value()
        agenda.scroll_into_view_if_needed()
        assert_no_errors(grace, "the next 1:1")
        grace.screenshot(path=str(SHOTS / "7-mentor-next-1-1-agenda.png"), full_page=True)  # type: ignore[attr-defined]

        # Grace's next assessment of Aisha starts practical application from the hand-ins,
        # this one now among them.
        score, graded = _practical_start(app.data_dir)
        assert graded == practical_before[1] + 1
        open_page(grace, "Assessments")
        grace.locator("[data-testid='stMain']").get_by_role("tab", name="Assess").click()  # type: ignore[attr-defined]
        settle(grace)
        _choose(grace, "Person", "Aisha Khan")
        _shows(grace, f"Practical application starts at {score:g} from {graded} graded hand-ins")
        practical = grace.locator("[data-testid='stSlider']").filter(  # type: ignore[attr-defined]
            has_text="Practical application"
        )
        shown = practical.first.locator("[data-testid='stSliderThumbValue']").inner_text()
        assert float(shown) == score  # the slider starts there
        assert_no_errors(grace, "the mentor's assessment form")
        grace.screenshot(path=str(SHOTS / "8-mentor-assessment-prefilled.png"), full_page=True)  # type: ignore[attr-defined]
