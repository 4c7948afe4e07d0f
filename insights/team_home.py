"""The lead's home: team KPIs with their trend and the alerts that say where to act.

Composes: the team's facts come from the packages that own them (curriculum, assessments,
reviews, mentoring), each read once for the whole team whatever its size; the KPIs and alerts
are `insights.kpis`'s pure rules over those plain values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from assessments.freshness import Freshness, team_freshness
from assessments.quizzes import DayPassed, quiz_results
from assessments.ratings import MatrixView, evidence_to_review, team_matrix
from assessments.rules import levels_at
from curriculum.progress import (
    ActivityEntry,
    activity_entries,
    current_enrollments,
    module_percents,
    track_schedules,
)
from insights.kpis import (
    TREND_WINDOW_DAYS,
    Alert,
    FadingSkill,
    ItemDates,
    Kpi,
    LateOneOnOne,
    OnTrack,
    team_alerts,
    team_kpis,
)
from mentoring.action_items import item_lives
from mentoring.planning import PlanStanding, meetings_held, plan_standings
from reviews.queue import overdue_counts
from reviews.scheduling import day_start
from reviews.stats import DayRecalls, recalls_by_day
from storage.access import ensure_lead
from storage.enums import EnrollmentStatus
from storage.models import Person
from storage.people import PersonRef
from storage.time_zones import team_zone

# KPIs look back two 30-day windows, and 1:1s to the start of last month.
HOME_HISTORY_DAYS = 2 * TREND_WINDOW_DAYS + 31


@dataclass(frozen=True)
class TeamHome:
    team_id: int
    today: date
    kpis: list[Kpi]
    alerts: list[Alert]

    def kpi(self, key: str) -> Kpi:
        return next(k for k in self.kpis if k.key == key)


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    joined_on: date


@dataclass(frozen=True)
class TeamFacts:
    """What the KPIs, alerts and impact are computed from: the team's facts, read once, as
    plain values."""

    people: dict[int, Member]  # the team's active people
    tracks: dict[int, OnTrack]  # each person's current track (curriculum's rule)
    last_activity: dict[int, date]  # the last day each person logged learning, up to today
    activity: list[ActivityEntry]  # every activity logged, all history
    quiz_events: list[DayPassed]
    review_events: list[DayRecalls]  # reviews by day and recalled or not: how many
    sessions_done: list[date]  # one day per 1:1 held
    mentoring_minutes: list[tuple[date, int]]  # 1:1 time held: day, minutes
    items: list[ItemDates]
    overdue_cards: dict[int, int]
    plans: list[PlanStanding]  # active plans (the newest per mentee), 1:1 overdue or not
    zone: ZoneInfo  # the team's: whose days the figures count


def _members(session: Session, team_id: int) -> dict[int, Member]:
    return {
        p.id or 0: Member(p.id or 0, p.name, p.joined_on)
        for p in session.exec(
            select(Person).where(Person.team_id == team_id, Person.active == True)  # noqa: E712
        )
    }


def team_facts(
    session: Session, *, team_id: int, today: date, since: date, reviews_since: date | None = None
) -> TeamFacts:
    """The team's facts the home and impact pages need (events from `since` on; reviews, a
    team's most numerous rows, from `reviews_since` if later), each read through the package
    that owns it, for the whole team at once."""
    people = _members(session, team_id)
    ids = list(people)
    # Every day is the team's: a month's activity is counted by the day it was for its people.
    zone = team_zone(session, team_id)
    start = day_start(since, zone)
    activity = activity_entries(session, ids)
    progress_log: dict[int, list[tuple[str, date, int | None]]] = defaultdict(list)
    last_activity: dict[int, date] = {}
    for entry in activity:
        pid, on = entry.person_id, entry.occurred_on
        progress_log[pid].append((entry.module_key, on, entry.percent_after))
        if on <= today and on > last_activity.get(pid, date.min):
            last_activity[pid] = on
    schedules = track_schedules(session)
    percents = module_percents(session, ids)
    tracks = {
        pid: OnTrack(
            started_on=e.started_on,
            active=e.status == EnrollmentStatus.ACTIVE,
            schedule=tuple(schedules.get(e.track_id, [])),
            percents_now=percents.get(pid, {}),
            progress_log=tuple(progress_log.get(pid, [])),
        )
        for pid, e in current_enrollments(session, ids).items()
    }
    held = meetings_held(session, ids, zone)
    return TeamFacts(
        people=people,
        tracks=tracks,
        last_activity=last_activity,
        activity=activity,
        quiz_events=quiz_results(session, ids, since=start, zone=zone),
        review_events=recalls_by_day(
            session,
            ids,
            since=day_start(max(since, reviews_since or since), zone),
            until=day_start(today + timedelta(days=1), zone),
            zone=zone,
        ),
        sessions_done=[h.on for h in held for _ in range(h.count)],
        mentoring_minutes=[(h.on, h.minutes) for h in held],
        items=[
            ItemDates(i.raised_on, i.due_on, i.done_on, i.count)
            for i in item_lives(session, ids, zone)
        ],
        overdue_cards=overdue_counts(session, ids, before=day_start(today, zone)),
        plans=plan_standings(session, ids, today),
        zone=zone,
    )


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


def kpis_of(facts: TeamFacts, matrix: MatrixView, today: date) -> list[Kpi]:
    """The team's KPIs from its facts and matrix (see `insights.kpis.team_kpis`)."""
    then = today - timedelta(days=TREND_WINDOW_DAYS)
    return team_kpis(
        joined=[p.joined_on for p in facts.people.values()],
        levels_now=[(c.resolved.level, c.target) for c in matrix.cells.values()],
        levels_then=levels_on_days(matrix, [then], facts.zone)[then],
        tracks=facts.tracks,
        quiz_events=facts.quiz_events,
        review_events=facts.review_events,
        sessions_done=facts.sessions_done,
        items=facts.items,
        today=today,
    )


def alerts_of(
    facts: TeamFacts, matrix: MatrixView, fading: Iterable[tuple[int, str]], today: date
) -> list[Alert]:
    """The team's alerts from its facts and matrix (see `insights.kpis.team_alerts`);
    `fading`: the (person, competency) cells whose review cards have mostly lapsed."""
    return team_alerts(
        names={pid: p.name for pid, p in facts.people.items()},
        competency_names={c.key: c.name for c in matrix.competencies},
        single_person=matrix.single_person_skills(),
        fading=[
            FadingSkill(pid, key, matrix.cells[(pid, key)].resolved.official_level or 0)
            for pid, key in fading
        ],
        waiting=[(item.person_id, item.on) for item in evidence_to_review(matrix)],
        tracks=facts.tracks,
        last_activity=facts.last_activity,
        late_one_on_ones=[
            LateOneOnOne(p.mentee_id, p.mentor_id, p.overdue.reason)
            for p in facts.plans
            if p.overdue is not None
        ],
        overdue_cards=facts.overdue_cards,
        today=today,
    )


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
        kpis=kpis_of(facts, matrix, today),
        alerts=alerts_of(facts, matrix, fading, today),
    )
