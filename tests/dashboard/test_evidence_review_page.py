"""Newer evidence above an official level shows on the matrix and the lead's Home, and one
click records it as the mentor's rating."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.dashboard.apptest import app_as
from tests.dashboard.test_fresh_figures import private_demo  # noqa: F401 (fixture)

MATRIX = "pages/matrix_page.py"


def _evidence_lines(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if "new evidence:" in m.value]


def test_the_lead_sees_evidence_to_review_and_confirms_it_in_one_click(
    private_demo: Path,  # noqa: F811
) -> None:
    home = app_as(private_demo, "Priya Raman")
    assert not home.exception
    [waiting] = [m.value for m in home.markdown if "shows more than the official level" in m.value]
    # The demo's mentors confirmed older evidence: the last two days' waits.
    assert waiting.startswith("**5 cells** of 3 people: a quiz or a peer shows more")
    assert waiting.endswith("(waiting since 20 Nov 2026 at the oldest).")

    at = app_as(private_demo, "Priya Raman").switch_page(MATRIX).run()
    assert not at.exception
    lines = _evidence_lines(at)
    first = lines[0]  # the newest first
    assert first.startswith("**Jonas Weber** · Performance optimisation: new evidence: ")
    assert "by quiz on 21 Nov 2026 (official: basic)" in first
    confirm = next(b for b in at.button if b.label == "Confirm intermediate")
    at = confirm.click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Performance optimisation: you rated Jonas Weber intermediate."
    ]
    assert first not in _evidence_lines(at)
    assert len(_evidence_lines(at)) == len(lines) - 1


def test_a_mentor_confirms_only_their_own_mentees_evidence(private_demo: Path) -> None:  # noqa: F811
    at = app_as(private_demo, "Grace Okafor").switch_page(MATRIX).run()
    assert not at.exception
    lines = _evidence_lines(at)
    buttons = [b for b in at.button if b.label.startswith("Confirm ")]
    # A mentor's matrix shows themself and their mentees; they cannot confirm their own.
    assert len(buttons) == len([line for line in lines if "Grace Okafor" not in line])


def test_the_mentors_home_lists_their_mentees_evidence_to_review(
    private_demo: Path,  # noqa: F811
) -> None:
    at = app_as(private_demo, "Tomás Alvarez")  # Hannah Schmidt's mentor
    assert not at.exception
    lines = _evidence_lines(at)
    assert any(line.startswith("**Hannah Schmidt** · ") for line in lines)
    assert all("Jonas Weber" not in line for line in lines)  # Grace's mentee, not his
    assert len([b for b in at.button if b.label.startswith("Confirm ")]) == len(lines)


def test_a_mentee_with_no_plan_yet_is_not_all_well_and_leads_to_planning(
    private_demo: Path,  # noqa: F811
) -> None:
    """A newcomer paired with a mentor has no 1:1 to open: the mentor's Home says so and
    offers to plan them, instead of "all well" and "Open next 1:1"."""
    from datetime import UTC, datetime

    from dashboard import resources
    from storage.enums import PersonRole
    from storage.people import list_people
    from storage.roster import PersonIn, add_person

    with resources.session() as session:
        people = {p.name: p for p in list_people(session)}
        add_person(
            session,
            actor=people["Priya Raman"],
            team_id=people["Priya Raman"].team_id,
            person=PersonIn(
                name="Noor Haddad",
                email="noor.haddad@example.org",
                role=PersonRole.LEARNER,
                job_role="Junior engineer",
                mentor_id=people["Lars Henriksen"].id,
            ),
            now=datetime.now(UTC),
        )
    at = app_as(private_demo, "Lars Henriksen")
    assert not at.exception
    [line] = [m.value for m in at.markdown if m.value.startswith("**Noor Haddad**")]
    assert "no mentoring plan yet" in line and "all well" not in line
    assert any(b.label == "Plan their 1:1s" for b in at.button)
    at = next(b for b in at.button if b.label == "Plan their 1:1s").click().run()
    assert not at.exception
    assert at.title[0].value == "Mentoring plan"
