"""The home pages by role and the training impact page under AppTest over the seeded demo."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from insights.impact import IMPACT_MONTHS
from tests.dashboard.apptest import app_as, person_id, texts


def _links(at: AppTest) -> list[str]:
    """Labels of the page links the run rendered."""
    return [el.proto.label for el in at.get("page_link")]


def test_lead_lands_on_home_with_kpis_and_alerts_that_link(app_env: Path) -> None:
    at = app_as(app_env, "Priya Raman")
    assert not at.exception
    assert at.title[0].value == "Home"
    labels = {m.label for m in at.metric}
    assert {
        "Members",
        "Average level",
        "On track",
        "Quiz pass rate",
        "Review retention",
        "1:1s held this month",
        "Overdue action items",
    } <= labels
    members = next(m for m in at.metric if m.label == "Members")
    assert members.value == "12"
    text = texts(at)
    for heading in ("Single-person skills", "Fading skills", "Overdue 1:1s", "Review backlogs"):
        assert heading in text
    # Ben Carter stalled 18 days ago: quiet, late for his 1:1 and behind on reviews.
    assert "**Ben Carter**: no learning logged for" in text
    assert "Open the matrix" in _links(at)
    assert {"Ben Carter in People", "Ben Carter's next 1:1", "Ben Carter's reviews"} <= {
        b.label for b in at.button
    }


def test_lead_alert_opens_the_people_page_on_that_person(app_env: Path) -> None:
    at = app_as(app_env, "Priya Raman")
    inactive = next(b for b in at.button if b.key == "home-alerts-inactive-0")
    inactive.click().run()
    assert not at.exception
    assert at.title[0].value == "People"
    assert at.selectbox(key="people-detail").value == person_id(app_env, "Ben Carter")


def test_mentor_home_puts_who_needs_attention_first(app_env: Path) -> None:
    at = app_as(app_env, "Lars Henriksen")
    assert not at.exception
    assert at.title[0].value == "Home"
    text = texts(at)
    assert text.index("**Ben Carter**") < text.index("**Kwame Mensah**")
    assert "1:1 overdue" in text and "behind their track" in text
    # Only his own mentees.
    assert "Aisha Khan" not in text
    assert any(b.label == "Open next 1:1" for b in at.button)
    # Why Ben's 1:1 is overdue, with its months written as everywhere else ("17 Nov 2026").
    [why] = [c.value for c in at.caption if "were missed" in c.value or "was missed" in c.value]
    assert " Nov 2026" in why and " nov 2026" not in why and " dec 2026" not in why


def test_mentor_opens_a_mentees_next_session_from_home(app_env: Path) -> None:
    at = app_as(app_env, "Lars Henriksen")
    ben = person_id(app_env, "Ben Carter")
    at.button(key=f"home-mentee-{ben}").click().run()
    assert not at.exception
    assert at.title[0].value == "1:1 session"
    assert at.selectbox(key="session-mentee").value == ben


def test_learner_home_shows_reviews_next_module_session_and_feedback(app_env: Path) -> None:
    at = app_as(app_env, "Aisha Khan")
    assert not at.exception
    assert at.title[0].value == "Home"
    text = texts(at)
    assert "Today's reviews" in text and "Next module" in text and "Next 1:1" in text
    assert "with Grace Okafor" in text
    assert "Latest feedback" in text and "Notes from 1:1" in text
    links = _links(at)
    assert {"Log progress", "All 1:1s and action items"} <= set(links)
    reviews = next(m for m in at.metric if m.label == "Cards to review today")
    if int(reviews.value):
        assert "Start reviewing" in links
    # A learner's navigation has no team pages.
    assert not any(b.label.startswith("Open ") for b in at.button)


def test_learner_behind_sees_it_on_home(app_env: Path) -> None:
    at = app_as(app_env, "Ben Carter")
    assert not at.exception
    text = texts(at)
    assert "Behind" in text
    assert "overdue since" in text
    assert any(w.value.startswith("Missed 1:1: ") for w in at.warning)


def test_impact_page_shows_every_section_and_the_roi_formula(app_env: Path) -> None:
    at = app_as(app_env, "Priya Raman")
    at.switch_page("pages/impact_page.py").run()
    assert not at.exception
    assert at.title[0].value == "Training impact"
    subheaders = [s.value for s in at.subheader]
    for heading in (
        "Team level per competency group by month",
        "Time to proficiency per track",
        "Hours invested by level",
        "Measured review retention by month",
        "Before and after",
        "What the training took and gave",
        "Value of the search product the team builds",
        "Reports",
    ):
        assert heading in subheaders
    tables = [d.value for d in at.dataframe]
    before_after = next(t for t in tables if "Measure" in t.columns)
    units = dict(zip(before_after["Measure"], before_after.iloc[:, 2], strict=True))
    assert units["Average level where targets ask"].endswith(" levels (0–4)")
    assert units["Cells meeting their target"].endswith(" %")
    assert units["Hours logged per week (4 weeks)"].endswith(" hours a week")
    invested = {m.label: m.value for m in at.metric}
    assert invested["Hours invested"].endswith(" h")
    assert invested["Levels gained"].endswith(" levels")
    tracks = next(t for t in tables if "Track" in t.columns)
    assert "Planned wk" in tracks.columns
    assert set(tracks["Track"]) >= {"Fast track", "Foundation track"}
    roi = next(m for m in at.metric if m.label == "First-year ROI")
    formula = at.code[0].value
    assert "ROI = (benefits − costs) ÷ costs" in formula
    assert roi.value.removesuffix(" %") in formula


def test_roi_reacts_to_inputs_and_refuses_no_costs(app_env: Path) -> None:
    at = app_as(app_env, "Priya Raman")
    at.switch_page("pages/impact_page.py").run()
    for name in ("implementation_cost_usd", "running_cost_per_year_usd", "training_hours"):
        at.number_input(key=f"impact-roi-{name}").set_value(0)
    at.run()
    assert any("at least one cost" in e.value for e in at.error)
    assert any("Fix the ROI inputs" in i.value for i in at.info)


def test_lead_alerts_open_the_session_reviews_and_matrix_on_the_person(app_env: Path) -> None:
    ben = person_id(app_env, "Ben Carter")
    hannah = person_id(app_env, "Hannah Schmidt")
    for button_key, title, widget_key, person in (
        ("home-alerts-overdue_one_on_one-0", "1:1 session", "session-mentee", ben),
        ("home-alerts-review_backlog-0", "Reviews", "reviews-person", hannah),
        ("home-alerts-fading-0", "Competency matrix", "matrix-person", hannah),
    ):
        at = app_as(app_env, "Priya Raman")
        at.button(key=button_key).click().run()
        assert not at.exception, button_key
        assert at.title[0].value == title
        assert at.selectbox(key=widget_key).value == person


def test_the_leads_training_impact_shows_knowledge_transfer_by_month_and_person(
    app_env: Path,
) -> None:
    at = app_as(app_env, "Priya Raman")
    at.switch_page("pages/impact_page.py").run()
    assert not at.exception
    assert "Knowledge transfer" in [s.value for s in at.subheader]
    tables = [d.value for d in at.dataframe]
    months = next(t for t in tables if "Sessions held" in t.columns)
    assert len(months) == IMPACT_MONTHS
    assert months["Sessions held"].sum() > 0
    assert months["Attendances (people)"].sum() > 0
    assert months["1:1 hours"].sum() > 0
    people = next(t for t in tables if "1:1 h given" in t.columns)
    assert "Priya Raman" in set(people["Person"])
    assert people["Sessions presented"].sum() > 0
    assert people["Notes written"].sum() > 0
