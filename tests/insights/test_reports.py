"""Reports over the demo team, parsed back: the files tell the numbers the pages show."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time, timedelta
from html.parser import HTMLParser

import pytest
from sqlmodel import Session, select

from insights.impact import ImpactView, impact_and_home
from insights.knowledge_transfer import knowledge_transfer
from insights.learner_home import learner_home
from insights.reports import (
    TeamReport,
    development_report,
    development_report_csv,
    development_report_html,
    team_report,
    team_report_csv,
    team_report_html,
)
from insights.roi import RoiInputs, roi
from insights.team_home import team_home
from storage.errors import PermissionDenied
from storage.models import Person
from storage.people import PersonRef, get_person
from tests.conftest import TODAY

NOW = datetime.combine(TODAY, time(15, 0), tzinfo=UTC)


@pytest.fixture
def session(demo_session: Session) -> Session:
    """The demo team seeded at TODAY: this module's own copy."""
    return demo_session


@pytest.fixture
def people(session: Session) -> dict[str, PersonRef]:
    return {p.name: get_person(session, p.id or 0) for p in session.exec(select(Person))}


def _team_report(session: Session, lead: PersonRef) -> TeamReport:
    view, _ = impact_and_home(
        session, actor=lead, today=TODAY, now=NOW, compared_on=TODAY - timedelta(90)
    )
    inputs = RoiInputs(training_hours=view.total_training_hours)
    return team_report(
        session,
        actor=lead,
        home=team_home(session, actor=lead, today=TODAY, now=NOW),
        impact=view,
        roi_inputs=inputs,
        roi_result=roi(inputs),
        transfer=knowledge_transfer(session, actor=lead, team_id=lead.team_id, today=TODAY),
    )


@pytest.fixture
def report(session: Session, people: dict[str, PersonRef]) -> TeamReport:
    return _team_report(session, people["Priya Raman"])


def _rows(text: str) -> dict[tuple[str, str, str], str]:
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and set(rows[0]) == {"section", "item", "period", "value", "unit"}
    return {(r["section"], r["item"], r["period"]): r["value"] for r in rows}


def _number(value: str) -> float | None:
    return float(value) if value else None


class _Report(HTMLParser):
    """Headings, table cells and how many inline SVG charts a report holds."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.cells: list[str] = []
        self.svgs = 0
        self.scripts = 0
        self._tag: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag = tag
        self.svgs += tag == "svg"
        self.scripts += tag == "script"

    def handle_data(self, data: str) -> None:
        if self._tag in ("h1", "h2"):
            self.headings.append(data)
        elif self._tag in ("td", "strong"):
            self.cells.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._tag = None


def _parse(text: str) -> _Report:
    parser = _Report()
    parser.feed(text)
    return parser


def test_team_csv_holds_the_pages_numbers(report: TeamReport) -> None:
    rows = _rows(team_report_csv(report))
    for kpi in report.home.kpis:
        assert _number(rows[("KPI", kpi.label, "now")]) == kpi.value
        assert _number(rows[("KPI", kpi.label, kpi.previous_label)]) == kpi.previous
    view: ImpactView = report.impact
    for g in view.group_levels:
        label = g.group.value.capitalize()
        assert _number(rows[("Level by group", label, g.month.isoformat())]) == g.average_level
    for p in view.proficiency:
        assert int(rows[("Time to proficiency", p.track, "completed")]) == p.completed
        assert _number(rows[("Time to proficiency", p.track, "median to complete")]) == (
            p.median_weeks
        )
    for h in view.hours_by_level:
        assert float(rows[("Hours by level", h.level_name, "all time")]) == h.hours
    for r in view.retention:
        assert _number(rows[("Retention by month", f"{r.month:%Y-%m}", "recalled")]) == r.percent
    for c in view.before_after:
        assert _number(rows[("Before and after", c.metric, view.compared_on.isoformat())]) == (
            c.before
        )
        assert _number(rows[("Before and after", c.metric, TODAY.isoformat())]) == c.after
    assert float(rows[("ROI", "ROI", "first year")]) == report.roi.roi_percent
    assert float(rows[("ROI input", "Training hours invested", "first year")]) == (
        view.total_training_hours
    )


def test_team_html_is_printable_offline_with_its_charts(report: TeamReport) -> None:
    text = team_report_html(report)
    parsed = _parse(text)
    assert parsed.headings[0] == "Team report: Search Platform"
    assert "Team level per competency group by month" in parsed.headings
    assert "Value of the search product (first-year ROI)" in parsed.headings
    assert any(h.startswith("What the training took and gave") for h in parsed.headings)
    assert parsed.svgs == 3  # levels, hours, retention: inline, drawn without a browser
    assert parsed.scripts == 0 and "http" not in text.replace("http://www.w3.org", "")
    assert "Ben Carter" in parsed.cells  # the alerts name people
    assert f"{report.home.kpi('members').value:g}" in parsed.cells


def test_demo_tells_a_believable_story(report: TeamReport) -> None:
    view = report.impact
    levels = [g.average_level or 0 for g in view.group_levels if g.group.value == "technical"]
    assert levels[-1] > levels[0]  # the team's technical level rose over six months
    assert {p.track for p in view.proficiency if p.completed} >= {"Leadership track"}
    kinds = {a.kind.value for a in report.home.alerts}
    assert kinds == {
        "single_person",
        "fading",
        "evidence_to_review",
        "inactive",
        "overdue_one_on_one",
        "review_backlog",
    }


def test_development_report_round_trips(session: Session, people: dict[str, PersonRef]) -> None:
    ben = people["Ben Carter"]
    report = development_report(
        session, actor=people["Lars Henriksen"], person_id=ben.id, today=TODAY, now=NOW
    )
    rows = list(csv.DictReader(io.StringIO(development_report_csv(report))))
    current = {
        (r["item"], r["period"]): float(r["value"]) for r in rows if r["section"] == "Current"
    }
    for c in report.comparison:
        assert current[(c.competency_name, "level")] == (c.level or 0)
        target = "personal target" if c.personal_target else "target"
        assert current[(c.competency_name, target)] == c.target
    assert sum(r["section"] == "History" for r in rows) == len(report.history) > 0
    assert sum(r["section"] == "Plan" for r in rows) == len(report.overview.modules)
    parsed = _parse(development_report_html(report))
    assert parsed.headings[0] == "Development report: Ben Carter"
    assert any(h.startswith("Plan: Foundation track") for h in parsed.headings)
    assert parsed.svgs == 1


def test_the_impact_page_reads_home_and_impact_once_with_the_same_numbers(
    session: Session, people: dict[str, PersonRef]
) -> None:
    lead = people["Priya Raman"]
    day = TODAY - timedelta(days=60)
    view, home = impact_and_home(session, actor=lead, today=TODAY, now=NOW, compared_on=day)
    assert home == team_home(session, actor=lead, today=TODAY, now=NOW)
    again, _ = impact_and_home(session, actor=lead, today=TODAY, now=NOW, compared_on=day)
    assert view == again


def test_reports_and_homes_refuse_outsiders(session: Session, people: dict[str, PersonRef]) -> None:
    ben = people["Ben Carter"].id
    for outsider in ("Aisha Khan", "Grace Okafor"):  # another learner; not Ben's mentor
        with pytest.raises(PermissionDenied):
            development_report(session, actor=people[outsider], person_id=ben, today=TODAY, now=NOW)
        with pytest.raises(PermissionDenied):
            learner_home(session, actor=people[outsider], person_id=ben, today=TODAY, now=NOW)
    with pytest.raises(PermissionDenied):
        impact_and_home(session, actor=people["Grace Okafor"], today=TODAY, now=NOW)


def test_learner_home_for_a_stalled_learner(session: Session, people: dict[str, PersonRef]) -> None:
    ben = people["Ben Carter"]
    home = learner_home(session, actor=ben, person_id=ben.id, today=TODAY, now=NOW)
    assert home.pace is not None and home.pace.pace.value == "behind"
    assert home.next_module is not None and home.next_module.overdue
    assert home.missed_sessions  # his 1:1s are missed, and none of them is called next
    assert home.next_session is None or home.next_session.planned
    assert home.mentor_name == "Lars Henriksen"
    assert home.reviews_due >= 15
    kinds = [f.kind for f in home.feedback]
    assert set(kinds) == {"assessment", "rating", "session notes"}
    assert [f.given_on for f in home.feedback] == sorted(
        (f.given_on for f in home.feedback), reverse=True
    )


def test_only_the_teams_lead_exports_the_team_report(
    session: Session, people: dict[str, PersonRef], report: TeamReport
) -> None:
    for other in ("Grace Okafor", "Aisha Khan"):
        with pytest.raises(PermissionDenied, match="Only the team's lead can export"):
            team_report(
                session,
                actor=people[other],
                home=report.home,
                impact=report.impact,
                roi_inputs=report.roi_inputs,
                roi_result=report.roi,
                transfer=report.transfer,
            )


def test_a_mentors_development_report_compares_with_the_whole_team(
    session: Session, people: dict[str, PersonRef]
) -> None:
    ben = people["Ben Carter"]
    by_mentor = development_report(
        session, actor=people["Lars Henriksen"], person_id=ben.id, today=TODAY, now=NOW
    )
    by_lead = development_report(
        session, actor=people["Priya Raman"], person_id=ben.id, today=TODAY, now=NOW
    )
    by_himself = development_report(session, actor=ben, person_id=ben.id, today=TODAY, now=NOW)
    assert by_mentor.comparison == by_lead.comparison == by_himself.comparison
    assert len(by_mentor.comparison) == 12


def test_markup_in_a_name_is_printed_as_text_in_the_reports(
    session: Session, people: dict[str, PersonRef]
) -> None:
    ben = session.get(Person, people["Ben Carter"].id)
    assert ben is not None
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    ben.name = hostile
    session.flush()
    try:
        lead = get_person(session, people["Priya Raman"].id)
        report = development_report(
            session, actor=lead, person_id=ben.id or 0, today=TODAY, now=NOW
        )
        team = _team_report(session, lead)
        for text in (development_report_html(report), team_report_html(team)):
            parsed = _parse(text)
            assert parsed.scripts == 0
            assert "<img" not in text and "<script>" not in text
            assert "&lt;script&gt;" in text
        assert parsed.headings  # the team report still reads
    finally:
        session.rollback()


def test_the_development_report_holds_the_goals_with_their_progress_and_graded_hand_ins(
    session: Session, people: dict[str, PersonRef]
) -> None:
    ben = people["Ben Carter"]
    report = development_report(
        session, actor=people["Lars Henriksen"], person_id=ben.id, today=TODAY, now=NOW
    )
    rows = list(csv.DictReader(io.StringIO(development_report_csv(report))))
    goals = {r["item"]: r for r in rows if r["section"] == "Goal"}
    prototype = goals["Build a hybrid search prototype for the docs site"]
    assert prototype["period"].endswith(": off track")
    assert (prototype["value"], prototype["unit"]) == ("33", "% (1 of 3 milestones)")
    embedding = next(c for c in report.comparison if c.competency_key == "embedding-model-mastery")
    assert embedding.personal_target  # his goal in it sets his own target
    graded = [r for r in rows if r["section"] == "Practical" and r["period"].startswith("graded")]
    assert graded and any("another attempt" in r["period"] for r in graded)
    parsed = _parse(development_report_html(report))
    assert "Development goals" in parsed.headings
    assert "Build a hybrid search prototype for the docs site" in parsed.cells
    assert "off track" in parsed.cells
    assert (
        "Stuck since the fusion step; we agreed to pair on it for an hour this week instead "
        "of moving the date."
    ) in parsed.cells


def test_the_team_report_carries_the_knowledge_transfer_figures_the_page_shows(
    report: TeamReport,
) -> None:
    rows = _rows(team_report_csv(report))
    for m in report.transfer.months:
        month = f"{m.month:%Y-%m}"
        assert rows[("Knowledge transfer by month", "Sessions held", month)] == str(m.sessions)
        assert rows[("Knowledge transfer by month", "Attendances", month)] == str(m.attendances)
    window = f"{report.transfer.since.isoformat()} to {report.transfer.today.isoformat()}"
    for p in report.transfer.people:
        given = rows[("Knowledge transfer per person", f"{p.name}: 1:1 hours given", window)]
        assert float(given) == p.hours_given
    assert sum(m.sessions for m in report.transfer.months) > 0
    parsed = _parse(team_report_html(report))
    assert any(h.startswith("Knowledge transfer from") for h in parsed.headings)
