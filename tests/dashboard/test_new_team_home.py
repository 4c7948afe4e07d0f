"""A new team without role targets: the Homes say none are set yet and where to set them,
instead of "none" for gaps (which reads as "meets every target")."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from dashboard import resources
from storage.enums import PersonRole
from storage.people import list_people
from storage.roster import PersonIn, add_person
from tests.dashboard.apptest import app_as
from tests.dashboard.test_home_pages import _links
from tests.dashboard.test_members_pages import (  # noqa: F401 (fixture)
    _fill_setup,
    _first_start,
    _ok,
    empty_dir,
)


def _new_team_with_a_mentor_and_a_learner(data_dir: Path) -> None:
    _ok(_fill_setup(_first_start(), team="Data Platform", name="Ada Lovelace", email="a@x.org"))
    with resources.session() as session:
        [ada] = list_people(session)
        mo = add_person(
            session,
            actor=ada,
            team_id=ada.team_id,
            person=PersonIn(
                name="Mo Mentor", email="mo@x.org", role=PersonRole.MENTOR, job_role="Engineer"
            ),
            now=datetime.now(UTC),
        )
        add_person(
            session,
            actor=ada,
            team_id=ada.team_id,
            person=PersonIn(
                name="Bo Byte",
                email="bo@x.org",
                role=PersonRole.LEARNER,
                job_role="Engineer",
                mentor_id=mo.id,
            ),
            now=datetime.now(UTC),
        )
    resources.forget_team_figures()


def test_a_new_teams_home_says_no_role_targets_are_set_and_links_to_where_they_are(
    empty_dir: Path,  # noqa: F811
) -> None:
    _new_team_with_a_mentor_and_a_learner(empty_dir)
    lead = app_as(empty_dir, "Ada Lovelace")
    _ok(lead)
    assert any(i.value.startswith("No role targets yet") for i in lead.info)
    assert "Set role targets" in _links(lead)
    mentor = app_as(empty_dir, "Mo Mentor")
    _ok(mentor)
    [gaps] = [m.value for m in mentor.markdown if "role targets" in m.value]
    # A mentor cannot open the Competency framework: the lead sets role targets.
    assert gaps == "no role targets set yet (the team lead sets them)"
    assert "none" not in [m.value for m in mentor.markdown]
    mentees = mentor.switch_page("pages/mentees_page.py").run()
    _ok(mentees)
    [row] = mentees.dataframe[0].value.to_dict("records")
    assert (row["Mentee"], row["Largest gaps"]) == ("Bo Byte", "no role targets set yet")


def test_a_new_teams_training_impact_says_what_is_missing_instead_of_empty_charts(
    empty_dir: Path,  # noqa: F811
) -> None:
    _new_team_with_a_mentor_and_a_learner(empty_dir)
    impact = app_as(empty_dir, "Ada Lovelace").switch_page("pages/impact_page.py").run()
    _ok(impact)
    said = " ".join(i.value for i in impact.info)
    assert "No levels yet where a target asks" in said
    assert "Nobody has started a track yet" in said
    assert "No learning hours logged yet" in said
    assert "No reviews in the last six months." in said
    # Only the per-month knowledge-transfer tables are drawn: no empty chart or track table.
    assert not impact.get("vega_lite_chart")
