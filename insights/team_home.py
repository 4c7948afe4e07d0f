"""The lead's home: team KPIs with their trend and the alerts that say where to act.

Reads each table once for the whole team (people, enrollments, schedules, activity, ratings,
quizzes, reviews, card schedules, plans, sessions, action items), whatever the team's size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import func, literal_column
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from assessments.freshness import Freshness, team_freshness
from assessments.ratings import MatrixView, evidence_to_review, team_matrix
from assessments.rules import LEVEL_NAMES, PROVEN_KINDS, Evidence
from curriculum.schedule import Pace, ScheduledModule, assess_pace
from insights.kpis import (
    TREND_WINDOW_DAYS,
    ItemDates,
    Kpi,
    average_level,
    by_worst,
    count_in_month,
    counted_rate_between,
    inactive_learners,
    members_on,
    month_start,
    overdue_on,
    percents_as_of,
    previous_month_start,
    rate_between,
    review_backlogs,
    share_on_track,
    window,
)
from mentoring.planning import overdue_one_on_ones
from mentoring.plans import OverdueOneOnOne
from reviews.scheduling import day_start
from storage import formats
from storage.access import ensure_lead
from storage.engine import quarter_hour, quarter_hour_start
from storage.enums import EnrollmentStatus, PlanStatus, RaterKind
from storage.models import (
    ActionItem,
    ActivityLog,
    CardSchedule,
    Enrollment,
    MentoringPlan,
    MentoringSession,
    Module,
    ModuleProgress,
    Person,
    QuizAttempt,
    ReviewLog,
    TrackModule,
)
from storage.people import PersonRef
from storage.time_zones import local_day, team_zone

# KPIs look back two 30-day windows, and 1:1s to the start of last month.
HOME_HISTORY_DAYS = 2 * TREND_WINDOW_DAYS + 31
RECALLED_FROM_RATING = 2  # FSRS ratings: 1 Again (forgotten), 2 Hard, 3 Good, 4 Easy


class AlertKind(StrEnum):
    SINGLE_PERSON = "single_person"
    FADING = "fading"
    EVIDENCE_TO_REVIEW = "evidence_to_review"
    INACTIVE = "inactive"
    OVERDUE_ONE_ON_ONE = "overdue_one_on_one"
    REVIEW_BACKLOG = "review_backlog"


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    text: str  # markdown, names and dates only
    person_id: int | None = None  # whom the link should open on, when the target page can
    person_name: str | None = None


@dataclass(frozen=True)
class TeamHome:
    team_id: int
    today: date
    kpis: list[Kpi]
    alerts: list[Alert]

    def kpi(self, key: str) -> Kpi:
        return next(k for k in self.kpis if k.key == key)


@dataclass(frozen=True)
class TeamFacts:
    """What the KPIs and alerts are computed from: the team's rows, read once."""

    people: dict[int, Person]
    enrollments: dict[int, Enrollment]  # the current (latest, active first) per person
    schedules: dict[int, list[ScheduledModule]]  # by track id
    progress_log: dict[int, list[tuple[str, date, int | None]]]  # person → module, day, %
    percents_now: dict[int, dict[str, int]]  # person → module → percent (current state)
    last_activity: dict[int, date]
    quiz_events: list[tuple[date, bool]]
    review_events: list[tuple[date, bool, int]]  # reviews by day and recalled or not: how many
    sessions_done: list[date]
    mentoring_minutes: list[tuple[date, int]]  # 1:1 time held: day, minutes (per plan and day)
    items: list[ItemDates]
    overdue_cards: dict[int, int]
    plans: list[tuple[MentoringPlan, OverdueOneOnOne | None]]  # active plans, 1:1 overdue?
    zone: ZoneInfo  # the team's: whose days the figures count


def team_facts(session: Session, *, team_id: int, today: date, since: date) -> TeamFacts:
    """The team's rows the home and impact pages need (events from `since` on)."""
    people = {
        p.id or 0: p
        for p in session.exec(
            select(Person).where(Person.team_id == team_id, Person.active == True)  # noqa: E712
        )
    }
    ids = list(people)
    enrollments: dict[int, Enrollment] = {}
    for e in session.exec(
        select(Enrollment)
        .where(col(Enrollment.person_id).in_(ids))
        .order_by(col(Enrollment.started_on), col(Enrollment.id))
    ):
        kept = enrollments.get(e.person_id)
        if (
            kept is None
            or kept.status != EnrollmentStatus.ACTIVE
            or e.status == EnrollmentStatus.ACTIVE
        ):
            enrollments[e.person_id] = e
    schedules: dict[int, list[ScheduledModule]] = defaultdict(list)
    for tm, module in session.exec(
        select(TrackModule, Module)
        .join(Module, col(Module.id) == TrackModule.module_id)
        .order_by(col(TrackModule.track_id), col(TrackModule.position))
    ):
        schedules[tm.track_id].append(
            ScheduledModule(module.key, module.hours, tm.start_week, tm.end_week)
        )
    progress_log: dict[int, list[tuple[str, date, int | None]]] = defaultdict(list)
    last_activity: dict[int, date] = {}
    for pid, key, occurred_on, percent in session.execute(
        sa_select(
            col(ActivityLog.person_id),
            col(Module.key),
            col(ActivityLog.occurred_on),
            col(ActivityLog.percent_after),
        )
        .join(Module, col(Module.id) == ActivityLog.module_id)
        .where(col(ActivityLog.person_id).in_(ids))
    ):
        progress_log[pid].append((key, occurred_on, percent))
        if occurred_on <= today and occurred_on > last_activity.get(pid, date.min):
            last_activity[pid] = occurred_on
    percents_now: dict[int, dict[str, int]] = defaultdict(dict)
    for pid, key, percent in session.exec(
        select(ModuleProgress.person_id, Module.key, ModuleProgress.percent)
        .join(Module, col(Module.id) == ModuleProgress.module_id)
        .where(col(ModuleProgress.person_id).in_(ids))
    ):
        percents_now[pid][key] = percent
    # Every day is the team's: a month's activity is counted by the day it was for its people.
    zone = team_zone(session, team_id)

    def day_of(quarter: float | Decimal) -> date:
        return local_day(quarter_hour_start(quarter), zone)

    start = day_start(since, zone)
    quiz_events = [
        (local_day(at, zone), passed)
        for at, passed in session.exec(
            select(QuizAttempt.created_at, QuizAttempt.passed).where(
                col(QuizAttempt.person_id).in_(ids), QuizAttempt.created_at >= start
            )
        )
    ]
    # Counted per quarter hour in SQL (see `quarter_hour`), then by the team's day: a team's
    # years of reviews are far too many rows to read one by one.
    review_quarter = quarter_hour(session, col(ReviewLog.reviewed_at))
    # Constants inline: PostgreSQL only groups by an expression it sees twice as the same.
    recalled = col(ReviewLog.rating) >= literal_column(str(int(RECALLED_FROM_RATING)))
    review_events = [
        (day_of(quarter), bool(ok), int(n))
        for quarter, ok, n in session.exec(
            select(review_quarter, recalled, func.count())
            .where(col(ReviewLog.person_id).in_(ids), ReviewLog.reviewed_at >= start)
            .group_by(review_quarter, recalled)
        )
    ]
    plan_rows = session.exec(
        select(MentoringPlan).where(col(MentoringPlan.mentee_id).in_(ids))
    ).all()
    plan_ids = [p.id for p in plan_rows]
    # 1:1 sessions and action items are counted per quarter hour in SQL, as reviews are: years of
    # them are tens of thousands of rows on a large team, and only their days matter here.
    sessions_done: list[date] = []
    mentoring_minutes: list[tuple[date, int]] = []
    minutes_of = {p.id: p.session_minutes for p in plan_rows}
    done_quarter = quarter_hour(session, col(MentoringSession.done_at))
    for plan_id, done_in, held in session.exec(
        select(col(MentoringSession.plan_id), done_quarter, func.count())
        .where(
            col(MentoringSession.plan_id).in_(plan_ids),
            col(MentoringSession.done_at).is_not(None),
        )
        .group_by(col(MentoringSession.plan_id), done_quarter)
    ):
        day = day_of(done_in)
        sessions_done.extend([day] * held)
        mentoring_minutes.append((day, minutes_of[plan_id] * held))
    raised_quarter = quarter_hour(session, col(ActionItem.created_at))
    closed_quarter = quarter_hour(session, col(ActionItem.done_at))
    items = [
        ItemDates(day_of(raised), due_on, day_of(closed) if closed is not None else None, int(n))
        for raised, due_on, closed, n in session.execute(
            sa_select(raised_quarter, col(ActionItem.due_on), closed_quarter, func.count())
            .join(MentoringSession, col(MentoringSession.id) == ActionItem.session_id)
            .where(col(MentoringSession.plan_id).in_(plan_ids))
            .group_by(raised_quarter, col(ActionItem.due_on), closed_quarter)
        )
    ]
    start_of_today = day_start(today, zone)
    overdue_cards = {
        pid: int(n)
        for pid, n in session.exec(
            select(CardSchedule.person_id, func.count())
            .where(col(CardSchedule.person_id).in_(ids), CardSchedule.due_at < start_of_today)
            .group_by(col(CardSchedule.person_id))
        )
    }
    active_plans: dict[int, MentoringPlan] = {}
    for plan in sorted(plan_rows, key=lambda p: (p.created_at, p.id or 0)):
        if plan.status == PlanStatus.ACTIVE:
            active_plans[plan.mentee_id] = plan  # the newest wins, as on the Mentees page
    overdue = overdue_one_on_ones(session, plans=list(active_plans.values()), today=today)
    return TeamFacts(
        people=people,
        enrollments=enrollments,
        schedules=dict(schedules),
        progress_log=dict(progress_log),
        percents_now=dict(percents_now),
        last_activity=last_activity,
        quiz_events=quiz_events,
        review_events=review_events,
        sessions_done=sessions_done,
        mentoring_minutes=mentoring_minutes,
        items=items,
        overdue_cards=overdue_cards,
        plans=[(p, overdue.get(p.id or 0)) for p in active_plans.values()],
        zone=zone,
    )


def paces_on(facts: TeamFacts, day: date, *, today: date) -> dict[int, Pace]:
    """Each person's pace on their current track on `day`: from the modules' current state
    for today (as the People page shows it), from the activity log for an earlier day."""
    paces = {}
    for pid, enrollment in facts.enrollments.items():
        if enrollment.started_on > day:
            continue
        percents = (
            facts.percents_now.get(pid, {})
            if day >= today
            else percents_as_of(facts.progress_log.get(pid, []), day)
        )
        schedule = facts.schedules.get(enrollment.track_id, [])
        if schedule:
            paces[pid] = assess_pace(enrollment.started_on, schedule, percents, day).pace
    return paces


OFFICIAL_KINDS = (RaterKind.MENTOR, RaterKind.LEAD)


def levels_at(evidence: Sequence[Evidence], moments: Sequence[datetime]) -> list[int | None]:
    """The resolved level at each of `moments` (ascending), in one pass over the evidence.

    The rule of `assessments.rules.resolve_level` / `level_on` (the latest mentor or lead
    rating, else the highest quiz level; evidence after the moment ignored), without sorting
    and resolving the evidence again for every moment.
    """
    ordered = sorted(evidence, key=lambda e: e.created_at)
    levels: list[int | None] = []
    official: int | None = None
    best_quiz: int | None = None
    seen = 0
    for moment in moments:
        while seen < len(ordered) and ordered[seen].created_at <= moment:
            e = ordered[seen]
            if e.rater_kind in OFFICIAL_KINDS:
                official = e.level
            elif e.rater_kind in PROVEN_KINDS:
                best_quiz = e.level if best_quiz is None else max(best_quiz, e.level)
            seen += 1
        levels.append(official if official is not None else best_quiz)
    return levels


def levels_on_days(
    matrix: MatrixView, days: Iterable[date], zone: ZoneInfo
) -> dict[date, list[tuple[int | None, int]]]:
    """(level, target) of every cell, in the matrix's cell order, as the ratings stood at the
    end of each of `days` (the team's days: in its `zone`)."""
    ordered = sorted(set(days))
    moments = [day_start(d + timedelta(days=1), zone) for d in ordered]
    by_day: dict[date, list[tuple[int | None, int]]] = {d: [] for d in ordered}
    for cell_key, cell in matrix.cells.items():
        for day, level in zip(
            ordered, levels_at(matrix.evidence.get(cell_key, []), moments), strict=True
        ):
            by_day[day].append((level, cell.target))
    return by_day


def team_kpis(facts: TeamFacts, matrix: MatrixView, today: date) -> list[Kpi]:
    """The seven team KPIs now and TREND_WINDOW_DAYS ago."""
    then = today - timedelta(days=TREND_WINDOW_DAYS)
    joined = [p.joined_on for p in facts.people.values()]
    level_now, target_now = average_level(
        (c.resolved.level, c.target) for c in matrix.cells.values()
    )
    level_then, _ = average_level(levels_on_days(matrix, [then], facts.zone)[then])
    this_month = month_start(today)
    last_month = previous_month_start(today)
    on_track_now = paces_on(facts, today, today=today)
    return [
        Kpi(
            "members",
            "Members",
            members_on(joined, today),
            members_on(joined, then),
            "people",
            "Active people in the team; the trend counts those who had joined 30 days ago.",
        ),
        Kpi(
            "average_level",
            "Average level",
            level_now,
            level_then,
            "level",
            "Mean level (0 none … 4 expert) over every competency a person's role target asks "
            "for, beside the mean target; the trend uses the ratings as they stood 30 days ago.",
            target=target_now,
        ),
        Kpi(
            "on_track",
            "On track",
            share_on_track(on_track_now.values()),
            share_on_track(paces_on(facts, then, today=today).values()),
            "%",
            f"Of the {len(on_track_now)} people on a started track: on track, ahead or done "
            "(progress within 10 points of the schedule or better); 30 days ago from the log.",
        ),
        Kpi(
            "quiz_pass_rate",
            "Quiz pass rate",
            rate_between(facts.quiz_events, *window(today)),
            rate_between(facts.quiz_events, *window(today, TREND_WINDOW_DAYS)),
            "%",
            "Quiz attempts passed (80 % or more) in the last 30 days, against the 30 before.",
        ),
        Kpi(
            "retention",
            "Review retention",
            counted_rate_between(facts.review_events, *window(today)),
            counted_rate_between(facts.review_events, *window(today, TREND_WINDOW_DAYS)),
            "%",
            "Measured: reviews answered Hard, Good or Easy (not Again) in the last 30 days, "
            "against the 30 before.",
        ),
        Kpi(
            "sessions_this_month",
            "1:1s held this month",
            count_in_month(facts.sessions_done, this_month),
            count_in_month([d for d in facts.sessions_done if d.day <= today.day], last_month),
            "sessions",
            f"Mentoring sessions marked done since {formats.day(this_month)}; the trend "
            "compares with the same days of last month.",
            previous_label="same days last month",
        ),
        Kpi(
            "overdue_items",
            "Overdue action items",
            overdue_on(facts.items, today),
            overdue_on(facts.items, then),
            "items",
            "Open action items past their due date, now and 30 days ago.",
            higher_is_better=False,
        ),
    ]


def team_alerts(
    facts: TeamFacts, matrix: MatrixView, fading: list[tuple[int, str]], today: date
) -> list[Alert]:
    """Single-person skills, fading skills, evidence waiting for a mentor's review, quiet
    learners, overdue 1:1s, review backlogs."""
    names = {pid: p.name for pid, p in facts.people.items()}
    competency = {c.key: c.name for c in matrix.competencies}
    alerts: list[Alert] = []
    for row in matrix.single_person_skills():
        holder = (
            f"only {names[row.advanced_people[0]]} is advanced or better"
            if row.advanced_people
            else "nobody is advanced or better yet"
        )
        alerts.append(
            Alert(
                AlertKind.SINGLE_PERSON,
                f"**{competency[row.competency_key]}**: {holder}; "
                f"{row.needed_by} people's role targets ask for it.",
            )
        )
    for pid, key in sorted(fading, key=lambda f: (names[f[0]], competency[f[1]])):
        level = matrix.cells[(pid, key)].resolved.official_level or 0
        alerts.append(
            Alert(
                AlertKind.FADING,
                f"**{names[pid]}**, {competency[key]}: rated {LEVEL_NAMES[level]}, but most "
                "review cards behind it have lapsed.",
                pid,
                names[pid],
            )
        )
    waiting = evidence_to_review(matrix)
    if waiting:
        people = len({item.person_id for item in waiting})
        oldest = min(item.on for item in waiting)
        alerts.append(
            Alert(
                AlertKind.EVIDENCE_TO_REVIEW,
                f"**{len(waiting)} cell{'s' if len(waiting) > 1 else ''}** of "
                f"{people} {'person' if people == 1 else 'people'}: a quiz or a peer shows more "
                "than the official level; their mentors confirm it in one click on the matrix "
                f"(waiting since {formats.day(oldest)} at the oldest).",
            )
        )
    started = {
        pid: e.started_on
        for pid, e in facts.enrollments.items()
        if e.status == EnrollmentStatus.ACTIVE and e.started_on <= today
    }
    quiet = inactive_learners(facts.last_activity, started, today)
    for pid, days in by_worst(quiet, names):
        last = facts.last_activity.get(pid)
        alerts.append(
            Alert(
                AlertKind.INACTIVE,
                f"**{names[pid]}**: no learning logged for {days} days"
                + (f" (last on {formats.day(last)})." if last else " (nothing logged yet)."),
                pid,
                names[pid],
            )
        )
    for plan, overdue in sorted(facts.plans, key=lambda pl: names.get(pl[0].mentee_id, "")):
        if overdue is None or plan.mentee_id not in names:
            continue
        mentor = names.get(plan.mentor_id, "their mentor")
        alerts.append(
            Alert(
                AlertKind.OVERDUE_ONE_ON_ONE,
                f"**{names[plan.mentee_id]}** with {mentor}: {overdue.reason}.",
                plan.mentee_id,
                names[plan.mentee_id],
            )
        )
    for pid, count in by_worst(review_backlogs(facts.overdue_cards), names):
        alerts.append(
            Alert(
                AlertKind.REVIEW_BACKLOG,
                f"**{names[pid]}**: {count} review cards overdue.",
                pid,
                names[pid],
            )
        )
    return alerts


def team_home(
    session: Session,
    *,
    actor: PersonRef,
    today: date,
    now: datetime,
    matrix: MatrixView | None = None,
    freshness: Mapping[tuple[int, str], Freshness] | None = None,
) -> TeamHome:
    """The lead's landing page: KPIs with their trend and the alerts, for the lead's team.
    `matrix` and `freshness`: the lead's `team_matrix` and its `team_freshness` if already
    read (the app keeps them for the matrix page too); else they are read here."""
    ensure_lead(actor, "see the team's figures")
    since = today - timedelta(days=HOME_HISTORY_DAYS)
    facts = team_facts(session, team_id=actor.team_id, today=today, since=since)
    if matrix is None:
        matrix = team_matrix(session, actor=actor, team_id=actor.team_id)
    return home_from(
        session, actor=actor, facts=facts, matrix=matrix, today=today, now=now, freshness=freshness
    )


def home_from(
    session: Session,
    *,
    actor: PersonRef,
    facts: TeamFacts,
    matrix: MatrixView,
    today: date,
    now: datetime,
    freshness: Mapping[tuple[int, str], Freshness] | None = None,
) -> TeamHome:
    """KPIs and alerts from the team's rows already read (events from HOME_HISTORY_DAYS ago
    or earlier) and its matrix as `actor` (a lead: callers have checked) may see it."""
    if freshness is None:
        freshness = team_freshness(session, actor=actor, matrix=matrix, now=now)
    fading = [key for key, f in freshness.items() if f.fading]
    return TeamHome(
        team_id=matrix.team_id,
        today=today,
        kpis=team_kpis(facts, matrix, today),
        alerts=team_alerts(facts, matrix, fading, today),
    )
