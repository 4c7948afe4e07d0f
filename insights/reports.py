"""Reports a lead can share: the team report (CSV and printable HTML with its charts) and a
person's development report. Built from the same read models the pages show, so the page
and the file tell the same numbers."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

from assessments.practical import get_hand_in, hand_in_events
from assessments.ratings import PersonComparison, rating_history, team_matrix
from assessments.rules import LEVEL_NAMES
from curriculum.progress import LearnerOverview, learner_overview
from insights import charts
from insights.impact import ImpactView, with_unit
from insights.knowledge_transfer import KnowledgeTransferView
from insights.knowledge_transfer_rules import MonthTransfer, PersonTransfer
from insights.kpis import Kpi
from insights.roi import INPUT_LABELS, RoiInputs, RoiResult, formula_text
from insights.team_home import TeamHome
from mentoring.action_items import ActionItemView, open_items
from mentoring.goals import GoalView, development_plan
from mentoring.planning import PlanView, active_plan
from reviews.stats import WeekRetention, retention_by_week
from storage import formats
from storage.access import can_see_goals, ensure_can_see_person, ensure_team_lead
from storage.enums import CompetencyGroup
from storage.people import PersonRef, get_person, team_name
from storage.spreadsheets import write_csv

CSV_HEADER = ("section", "item", "period", "value", "unit")

PRINT_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1f2328; max-width: 60rem; }
h1 { margin-bottom: 0; } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
.meta { color: #59636e; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: .5rem 0 1rem; } figure svg { max-width: 100%; height: auto; overflow: visible; }
pre { white-space: pre-wrap; background: #f6f8fa; padding: .6rem; }
section { break-inside: avoid; }
@media print { body { margin: 0; } a { color: inherit; } }
"""


def _fmt(value: float | int | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _markdown_bold(text: str) -> str:
    """Alert texts use **bold** for names; everything else is escaped."""
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text))


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, int | float) or value is None:
                cells.append(f'<td class="num">{_fmt(value)}</td>')
            else:
                cells.append(f"<td>{html.escape(str(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _page(title: str, meta: str, sections: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{PRINT_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p class='meta'>{html.escape(meta)}</p>"
        + "".join(f"<section>{s}</section>" for s in sections)
        + "</body></html>\n"
    )


# --- the team report --------------------------------------------------------------------


@dataclass(frozen=True)
class TeamReport:
    team: str
    today: date
    home: TeamHome
    impact: ImpactView
    roi_inputs: RoiInputs
    roi: RoiResult
    transfer: KnowledgeTransferView


def team_report(
    session: Session,
    *,
    actor: PersonRef,
    home: TeamHome,
    impact: ImpactView,
    roi_inputs: RoiInputs,
    roi_result: RoiResult,
    transfer: KnowledgeTransferView,
) -> TeamReport:
    """Gather what the lead's pages computed into one report: for a lead of the team only
    (the report names the team's gaps and alerts), checked again here because it leaves the
    app as a file."""
    ensure_team_lead(actor, home.team_id, "export the team report")
    return TeamReport(
        team_name(session, home.team_id),
        home.today,
        home,
        impact,
        roi_inputs,
        roi_result,
        transfer,
    )


def _kpi_rows(kpis: Sequence[Kpi]) -> list[tuple[str, str, str, float | None, str]]:
    rows: list[tuple[str, str, str, float | None, str]] = []
    for k in kpis:
        rows.append(("KPI", k.label, "now", k.value, k.unit))
        rows.append(("KPI", k.label, k.previous_label, k.previous, k.unit))
        if k.target is not None:
            rows.append(("KPI", k.label, "target", k.target, k.unit))
    return rows


def team_report_csv(report: TeamReport) -> str:
    """Every number of the team report as rows: section, item, period, value, unit."""
    v = report.impact
    rows: list[tuple[str, str, str, float | int | None, str]] = list(_kpi_rows(report.home.kpis))
    for g in v.group_levels:
        label = charts.GROUP_LABELS[g.group.value]
        rows.append(("Level by group", label, g.month.isoformat(), g.average_level, "level"))
        rows.append(("Target by group", label, g.month.isoformat(), g.average_target, "level"))
    for p in v.proficiency:
        rows.append(("Time to proficiency", p.track, "planned", p.planned_weeks, "weeks"))
        rows.append(("Time to proficiency", p.track, "median to complete", p.median_weeks, "weeks"))
        rows.append(("Time to proficiency", p.track, "completed", p.completed, "people"))
        rows.append(("Time to proficiency", p.track, "in progress", p.in_progress, "people"))
    for h in v.hours_by_level:
        rows.append(("Hours by level", h.level_name, "all time", h.hours, "hours"))
    for r in v.retention:
        rows.append(("Retention by month", f"{r.month:%Y-%m}", "reviews", r.reviews, "reviews"))
        rows.append(("Retention by month", f"{r.month:%Y-%m}", "recalled", r.percent, "%"))
    for c in v.before_after:
        rows.append(("Before and after", c.metric, v.compared_on.isoformat(), c.before, c.unit))
        rows.append(("Before and after", c.metric, v.today.isoformat(), c.after, c.unit))
    t = v.training
    since = f"since {t.since.isoformat()}"
    rows += [
        ("Training return", "Learning hours logged", since, t.activity_hours, "hours"),
        ("Training return", "1:1 hours held", since, t.mentoring_hours, "hours"),
        ("Training return", "Levels gained where targets ask", since, t.levels_gained, "levels"),
        ("Training return", "Hours per level gained", since, t.hours_per_level, "hours"),
        ("Training return", "Median time to role target", "all time", t.median_days_to_target,
         "days"),
    ]  # fmt: skip
    for person in t.people:
        rows.append(("Time to role target", person.name, "from joining", person.days, "days"))
    rows += _transfer_rows(report.transfer)
    for name, (label, unit) in INPUT_LABELS.items():
        rows.append(("ROI input", label, "first year", getattr(report.roi_inputs, name), unit))
    roi = report.roi
    rows += [
        ("ROI", "Benefits", "first year", roi.benefits_usd, "USD"),
        ("ROI", "Costs", "first year", roi.costs_usd, "USD"),
        ("ROI", "ROI", "first year", roi.roi_percent, "%"),
    ]
    return write_csv(CSV_HEADER, rows)


def _transfer_rows(t: KnowledgeTransferView) -> list[tuple[str, str, str, float | int | None, str]]:
    rows: list[tuple[str, str, str, float | int | None, str]] = []
    for m in t.months:
        month = f"{m.month:%Y-%m}"
        for label, value, unit in _month_transfer(m):
            rows.append(("Knowledge transfer by month", label, month, value, unit))
    window = f"{t.since.isoformat()} to {t.today.isoformat()}"
    for p in t.people:
        for label, value, unit in _person_transfer(p):
            rows.append(
                ("Knowledge transfer per person", f"{p.name}: {label}", window, value, unit)
            )
    return rows


def _month_transfer(m: MonthTransfer) -> list[tuple[str, float | int | None, str]]:
    return [
        ("Sessions held", m.sessions, "sessions"),
        ("Attendances", m.attendances, "people"),
        ("Presenters", m.presenters, "people"),
        ("Notes written", m.notes_written, "notes"),
        ("Notes reviewed", m.notes_reviewed, "notes"),
        ("Peer reviews given", m.peer_reviews, "reviews"),
        ("1:1 hours", m.mentoring_hours, "hours"),
        ("Mean 1:1 rating", m.mean_rating, "of 5"),
    ]


def _person_transfer(p: PersonTransfer) -> list[tuple[str, float | int | None, str]]:
    return [
        ("Sessions presented", p.presented, "sessions"),
        ("Sessions attended", p.attended, "sessions"),
        ("Notes written", p.notes_written, "notes"),
        ("Notes reviewed", p.notes_reviewed, "notes"),
        ("Peer reviews given", p.peer_reviews, "reviews"),
        ("1:1 hours given", p.hours_given, "hours"),
        ("1:1 hours received", p.hours_received, "hours"),
        ("Rating as mentor", p.mean_rating_as_mentor, "of 5"),
    ]


def _transfer_section(t: KnowledgeTransferView) -> str:
    def header(rows: list[tuple[str, float | int | None, str]]) -> list[str]:
        return [f"{label} ({unit})" for label, _value, unit in rows]

    months = [_month_transfer(m) for m in t.months]
    people = [_person_transfer(p) for p in t.people]
    return (
        f"<h2>Knowledge transfer from {formats.day(t.since)} to {formats.day(t.today)}</h2>"
        + _table(
            ["Month", *header(months[0])],
            [
                (formats.month(m.month), *(v for _l, v, _u in row))
                for m, row in zip(t.months, months, strict=True)
            ],
        )
        + (
            _table(
                ["Person", *header(people[0])],
                [
                    (p.name, *(v for _l, v, _u in row))
                    for p, row in zip(t.people, people, strict=True)
                ],
            )
            if people
            else ""
        )
        + "<p>Team notes only; every review counts, as the reviewer's.</p>"
    )


def team_report_html(report: TeamReport) -> str:
    """A printable page: KPIs, alerts, the impact charts (inline SVG) and tables, the ROI."""
    v = report.impact
    k = report.home.kpis
    alerts = "".join(f"<li>{_markdown_bold(a.text)}</li>" for a in report.home.alerts)
    levels = {
        (g.month, g.group): f"{_fmt(g.average_level)} / {_fmt(g.average_target)}"
        for g in v.group_levels
    }
    median_days = v.training.median_days_to_target
    sections = [
        "<h2>Team KPIs</h2>"
        + _table(
            ["KPI", "Now", "Before", "Change", "Unit", "Before is"],
            [(x.label, x.value, x.previous, x.delta, x.unit, x.previous_label) for x in k],
        ),
        "<h2>Needs attention</h2>" + (f"<ul>{alerts}</ul>" if alerts else "<p>Nothing.</p>"),
        "<h2>Team level per competency group by month</h2>"
        f"<figure>{charts.svg(charts.group_levels(v))}</figure>"
        + _table(
            ["Month", *(charts.GROUP_LABELS[g.value] for g in CompetencyGroup)],
            [
                (formats.month(m), *(levels.get((m, g), "–") for g in CompetencyGroup))
                for m in v.months
            ],
        )
        + "<p>Each cell: mean level / mean target.</p>",
        "<h2>Time to proficiency per track</h2>"
        + _table(
            ["Track", "Planned weeks", "Completed", "Median weeks to complete", "In progress"],
            [
                (p.track, p.planned_weeks, p.completed, p.median_weeks, p.in_progress)
                for p in v.proficiency
            ],
        ),
        "<h2>Hours invested by curriculum level</h2>"
        f"<figure>{charts.svg(charts.hours_by_level(v))}</figure>"
        + _table(
            ["Level", "Hours", "People"],
            [(f"{h.level_number}. {h.level_name}", h.hours, h.people) for h in v.hours_by_level],
        )
        + f"<p>Total: {formats.hours(v.total_training_hours)}.</p>",
        "<h2>Measured review retention by month</h2>"
        f"<figure>{charts.svg(charts.retention(v))}</figure>"
        + _table(
            ["Month", "Reviews", "Recalled %"],
            [(formats.month(r.month), r.reviews, r.percent) for r in v.retention],
        ),
        f"<h2>Before and after {formats.day(v.compared_on)}</h2>"
        + _table(
            ["Measure", f"On {formats.day(v.compared_on)}", f"On {formats.day(v.today)}", "Change"],
            [
                (
                    c.metric,
                    with_unit(c.before, c.unit),
                    with_unit(c.after, c.unit),
                    with_unit(c.change, c.unit, change=True),
                )
                for c in v.before_after
            ],
        ),
        f"<h2>What the training took and gave since {formats.day(v.training.since)}</h2>"
        + _table(
            ["Measure", "Value", "Unit"],
            [
                ("Learning hours logged", v.training.activity_hours, "hours"),
                ("1:1 hours held", v.training.mentoring_hours, "hours"),
                ("Levels gained where targets ask", v.training.levels_gained, "levels"),
                ("Hours per level gained", v.training.hours_per_level, "hours"),
                ("Median days from joining to every role target", median_days, "days"),
            ],
        )
        + _table(
            ["Person", "Joined", "Met every role target on", "Days"],
            [
                (
                    p.name,
                    formats.day(p.joined_on),
                    formats.day(p.reached_on) if p.reached_on else "not yet",
                    p.days,
                )
                for p in v.training.people
            ],
        ),
        _transfer_section(report.transfer),
        "<h2>Value of the search product (first-year ROI)</h2>"
        "<p>The knowledge-search product the team builds: its users' time saved and support "
        "deflected against building and running it, the training hours counted as a cost. Not "
        "the training's own return (above).</p>"
        + _table(
            ["Input", "Value", "Unit"],
            [
                (label, getattr(report.roi_inputs, name), unit)
                for name, (label, unit) in INPUT_LABELS.items()
            ],
        )
        + f"<pre>{html.escape(formula_text(report.roi_inputs, report.roi))}</pre>",
    ]
    return _page(
        f"Team report: {report.team}",
        f"As of {formats.day(report.today)}. Levels: 0 none, 1 basic, 2 intermediate, 3 advanced, "
        "4 expert.",
        sections,
    )


# --- a person's development report ------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    on: date
    competency: str
    level: int
    kind: str
    by: str | None
    note: str


@dataclass(frozen=True)
class ReportHandIn:
    """One piece of practical work as the report lists it."""

    title: str
    status: str  # in words
    versions: int
    handed_in_on: date
    graded_on: date | None
    result: str | None  # "Pass" / "Needs another attempt", from the newest mentor/lead grade
    scores: str  # "Measured tuning 3 · IVF setup 2 …" of that grade, or ""


@dataclass(frozen=True)
class DevelopmentReport:
    person: PersonRef
    mentor_name: str | None
    today: date
    comparison: list[PersonComparison]
    history: list[HistoryEntry]
    overview: LearnerOverview
    plan: PlanView | None
    open_items: list[ActionItemView]
    retention: list[WeekRetention]
    hand_ins: list[ReportHandIn]
    goals: list[GoalView] = field(default_factory=list)  # their development plan


def _report_hand_ins(session: Session, actor: PersonRef, person_id: int) -> list[ReportHandIn]:
    found = []
    for event in hand_in_events(session, person_id):
        view = get_hand_in(session, actor=actor, hand_in_id=event.hand_in_id)
        grade = view.official
        names = {c.key: c.criterion for c in view.assignment.criteria}
        found.append(
            ReportHandIn(
                title=view.assignment.title,
                status=view.status.label,
                versions=len(view.versions),
                handed_in_on=view.latest.submitted_at.date(),
                graded_on=grade.created_at.date() if grade else None,
                result=grade.result.label if grade and grade.result else None,
                scores=" · ".join(f"{names.get(k, k)} {s.score}" for k, s in grade.scores.items())
                if grade
                else "",
            )
        )
    return found


def development_report(
    session: Session, *, actor: PersonRef, person_id: int, today: date, now: datetime
) -> DevelopmentReport:
    """One person's current levels against target, rating history, plan and reviews: for them,
    their mentor or a lead."""
    person = get_person(session, person_id)
    ensure_can_see_person(actor, person, "their development report")
    matrix = team_matrix(session, actor=actor, team_id=person.team_id)
    history = [
        HistoryEntry(
            r.created_at.date(), r.competency_name, r.level, r.rater_kind, r.rater_name, r.note
        )
        for r in rating_history(session, person_id)
    ]
    return DevelopmentReport(
        person=person,
        mentor_name=get_person(session, person.mentor_id).name if person.mentor_id else None,
        today=today,
        comparison=(
            matrix.compare(person_id) if any(m.id == person_id for m in matrix.people) else []
        ),
        history=history,
        overview=learner_overview(session, actor=actor, person_id=person_id, today=today),
        plan=active_plan(session, actor=actor, mentee_id=person_id, today=today),
        open_items=open_items(session, actor=actor, mentee_id=person_id, today=today),
        retention=retention_by_week(session, actor=actor, person_ids=[person_id], today=today),
        hand_ins=_report_hand_ins(session, actor, person_id),
        # The plan is the person's, their mentor's and the leads' (an admin's report has none).
        goals=development_plan(session, actor=actor, person_id=person_id, today=today).goals
        if can_see_goals(actor, person)
        else [],
    )


def development_report_csv(report: DevelopmentReport) -> str:
    rows: list[tuple[str, str, str, float | int | str | None, str]] = []
    for c in report.comparison:
        rows.append(("Current", c.competency_name, "level", c.level or 0, "level"))
        rows.append(
            (
                "Current",
                c.competency_name,
                "personal target" if c.personal_target else "target",
                c.target,
                "level",
            )
        )
        rows.append(("Current", c.competency_name, "team average", c.team_average, "level"))
    for h in report.history:
        rows.append(("History", h.competency, h.on.isoformat(), h.level, f"{h.kind} rating"))
    for m in report.overview.modules:
        rows.append(("Plan", m.title, f"due {m.expected_end.isoformat()}", m.percent, "%"))
    for work in report.hand_ins:
        rows.append(("Practical", work.title, work.status, work.versions, "versions"))
        if work.graded_on is not None:
            rows.append(
                (
                    "Practical",
                    work.title,
                    f"graded {work.graded_on.isoformat()}: {work.result or '–'}",
                    work.scores,
                    "scores 1-4",
                )
            )
    for g in report.goals:
        rows.append(
            (
                "Goal",
                g.title,
                f"due {g.due_on.isoformat()}: {g.status.value}"
                + ("" if g.agreed else ", not agreed yet"),
                round(g.progress * 100),
                f"% ({g.measure})",
            )
        )
    for w in report.retention:
        rows.append(("Reviews", f"week of {w.week_start.isoformat()}", "reviews", w.reviews, ""))
        rows.append(("Reviews", f"week of {w.week_start.isoformat()}", "recalled", w.recalled, ""))
    return write_csv(CSV_HEADER, rows)


def development_report_html(report: DevelopmentReport) -> str:
    p = report.person
    o = report.overview
    track = o.enrollment.track_name if o.enrollment else "no track"
    pace = f"{o.pace.actual_percent} % done, {o.pace.pace.value}" if o.pace else "not started"
    plan = report.plan
    upcoming = plan.upcoming[:4] if plan else []  # still to come: a missed 1:1 is not "next"
    missed = plan.missed_sessions if plan else []
    sections = [
        "<h2>Current level against target</h2>"
        + (
            f"<figure>{charts.svg(charts.current_vs_target(report.comparison, p.name))}</figure>"
            if report.comparison
            else ""
        )
        + _table(
            ["Competency", "Level", "Target", "Gap", "Team average"],
            [
                (
                    c.competency_name,
                    LEVEL_NAMES[c.level or 0],
                    LEVEL_NAMES[c.target] + (" (personal)" if c.personal_target else ""),
                    max(c.target - (c.level or 0), 0),
                    c.team_average,
                )
                for c in report.comparison
            ],
        ),
        "<h2>History</h2>"
        + (
            _table(
                ["Date", "Competency", "Level", "Kind", "By", "Note"],
                [
                    (
                        formats.day(h.on),
                        h.competency,
                        LEVEL_NAMES[h.level],
                        h.kind,
                        h.by or "–",
                        h.note,
                    )
                    for h in report.history
                ],
            )
            if report.history
            else "<p>No ratings yet.</p>"
        ),
        f"<h2>Plan: {html.escape(track)} ({html.escape(pace)})</h2>"
        + _table(
            ["Module", "Due", "Done %", "Status"],
            [
                (
                    m.title,
                    formats.day(m.expected_end),
                    m.percent,
                    "overdue" if m.overdue else m.status.value.replace("_", " "),
                )
                for m in o.modules
            ],
        )
        + (
            f"<p>Mentoring with {html.escape(plan.mentor_name)}: {plan.weeks} weeks, "
            f"{plan.sessions_per_week} × {plan.session_minutes} min a week; focus: "
            f"{html.escape(', '.join(plan.focus) or '–')}.</p>"
            + _table(
                ["Next 1:1s", "Phase"],
                [
                    (f"{formats.moment(s.scheduled_for)} {s.scheduled_for:%Z}", s.phase)
                    for s in upcoming
                ],
            )
            + (
                "<p>Missed (planned, not held): "
                + html.escape(", ".join(formats.day(s.scheduled_for) for s in missed))
                + ".</p>"
                if missed
                else ""
            )
            if plan
            else "<p>No mentoring plan.</p>"
        )
        + (
            "<p>Open action items:</p>"
            + _table(
                ["Item", "Owner", "Due"],
                [
                    (i.title, i.owner_name, formats.day(i.due_on) if i.due_on else "–")
                    for i in report.open_items
                ],
            )
            if report.open_items
            else "<p>No open action items.</p>"
        ),
        "<h2>Practical work</h2>"
        + (
            _table(
                [
                    "Assignment",
                    "Status",
                    "Versions",
                    "Handed in",
                    "Graded",
                    "Result",
                    "Scores (1-4)",
                ],
                [
                    (
                        h.title,
                        h.status,
                        h.versions,
                        formats.day(h.handed_in_on),
                        formats.day(h.graded_on) if h.graded_on else "–",
                        h.result or "–",
                        h.scores or "–",
                    )
                    for h in report.hand_ins
                ],
            )
            if report.hand_ins
            else "<p>No practical work handed in yet.</p>"
        ),
        "<h2>Development goals</h2>"
        + (
            _table(
                ["Goal", "Measured by", "Progress", "Status", "Due", "Agreed", "Last review"],
                [
                    (
                        g.title,
                        g.measure,
                        f"{round(g.progress * 100)} %",
                        g.status.value,
                        formats.day(g.due_on),
                        "yes" if g.agreed else "not yet",
                        g.reviews[-1].note if g.reviews else "–",
                    )
                    for g in report.goals
                ],
            )
            if report.goals
            else "<p>No development goals.</p>"
        ),
        "<h2>Reviews: measured retention by week</h2>"
        + (
            _table(
                ["Week of", "Reviews", "Recalled", "Share recalled"],
                [
                    (formats.day(w.week_start), w.reviews, w.recalled, formats.percent(w.share))
                    for w in report.retention
                ],
            )
            if report.retention
            else "<p>No reviews in the last 12 weeks.</p>"
        ),
    ]
    mentor = f", mentor {report.mentor_name}" if report.mentor_name else ""
    return _page(
        f"Development report: {p.name}",
        f"{p.job_role}{mentor}. As of {formats.day(report.today)}. Levels: 0 none, 1 basic, "
        "2 intermediate, 3 advanced, 4 expert.",
        sections,
    )
