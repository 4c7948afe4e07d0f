"""Training impact for a lead: levels by month, time to proficiency, hours invested, retention
over time, a before / after comparison and the training's own return (hours put in against
levels gained and days to reach the role targets). Read in a fixed number of queries per team."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from assessments.freshness import Freshness
from assessments.ratings import MatrixView, team_matrix
from assessments.rules import Evidence, RunningLevel, coverage
from curriculum.progress import team_enrollments
from insights.kpis import (
    TREND_WINDOW_DAYS,
    average_level,
    counted_rate_between,
    month_start,
    rate_between,
    share,
)
from insights.team_home import (
    HOME_HISTORY_DAYS,
    TeamFacts,
    TeamHome,
    home_from,
    levels_on_days,
    team_facts,
)
from storage import formats
from storage.access import ensure_lead
from storage.enums import CompetencyGroup, EnrollmentStatus
from storage.people import PersonRef

IMPACT_MONTHS = 6
DAYS_PER_WEEK = 7
HOURS_WINDOW_WEEKS = 4  # hours per week before / after a date: the four weeks either side
EPOCH = date(2000, 1, 1)  # "all history" for the team's event rows
MINUTES_PER_HOUR = 60
# How each unit of a before / after figure is written beside it; a change in a share is in
# percentage points.
UNIT_WORDS = {"level": "levels (0–4)", "%": "%", "skills": "skills", "hours": "hours a week"}
CHANGE_UNIT_WORDS = {**UNIT_WORDS, "%": "points"}


@dataclass(frozen=True)
class GroupLevel:
    month: date  # first day of the month; the level is as it stood at the month's end
    group: CompetencyGroup
    average_level: float | None
    average_target: float | None


@dataclass(frozen=True)
class TrackProficiency:
    track: str
    planned_weeks: int
    completed: int  # people who finished the track
    median_weeks: float | None  # start to completion
    in_progress: int


@dataclass(frozen=True)
class LevelHours:
    level_number: int
    level_name: str
    hours: float
    people: int


@dataclass(frozen=True)
class MonthRetention:
    month: date
    reviews: int
    recalled: int

    @property
    def percent(self) -> float | None:
        return share(self.recalled, self.reviews)


@dataclass(frozen=True)
class Comparison:
    metric: str
    unit: str
    before: float | None
    after: float | None
    higher_is_better: bool = True

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)


def with_unit(value: float | None, unit: str, *, change: bool = False) -> str:
    """A figure with its unit in words ("2.1 levels (0–4)", "45 %", "+3 points"); "–" for none."""
    if value is None:
        return "–"
    number = f"{value:+g}" if change else f"{value:g}"
    return f"{number} {(CHANGE_UNIT_WORDS if change else UNIT_WORDS).get(unit, unit)}"


@dataclass(frozen=True)
class PersonProficiency:
    name: str
    joined_on: date
    reached_on: date | None  # the first day every role target of theirs was met; None: not yet

    @property
    def days(self) -> int | None:
        return None if self.reached_on is None else (self.reached_on - self.joined_on).days


@dataclass(frozen=True)
class TrainingReturn:
    """What the training took and what it gave, from `since` to `today`: learning hours logged
    and 1:1 hours held against the levels gained where role targets ask; and per person the
    days from joining the team to meeting every role target."""

    since: date
    today: date
    activity_hours: float
    mentoring_hours: float
    level_before: float | None  # mean level where targets ask (0-4)
    level_after: float | None
    levels_gained: int  # net levels gained over every cell a role target asks for
    people: list[PersonProficiency]

    @property
    def hours(self) -> float:
        """Learning and 1:1 hours as shown, added up (so the parts beside it add up to it)."""
        return formats.round_hours(self.activity_hours + self.mentoring_hours)

    @property
    def hours_per_level(self) -> float | None:
        """Hours invested per level gained; None when no level was gained."""
        if self.levels_gained <= 0:
            return None
        return formats.round_hours(self.hours / self.levels_gained)

    @property
    def reached(self) -> list[PersonProficiency]:
        return [p for p in self.people if p.reached_on is not None]

    @property
    def median_days_to_target(self) -> float | None:
        days = [p.days for p in self.reached if p.days is not None]
        return statistics.median(days) if days else None


def first_day_all_met(
    evidence: Mapping[str, list[Evidence]], targets: Mapping[str, int], start: date
) -> date | None:
    """The first day, from `start` on, at whose end every competency with a target had a level
    at or above it (None if none yet, or if nothing is asked).

    One pass over the person's evidence in time order, keeping each competency's level
    (`RunningLevel`) and which are still short; a level only changes on a day with evidence.
    """
    asked = {key: t for key, t in targets.items() if t > 0}
    if not asked:
        return None
    events = sorted(
        ((e.created_at, key, e) for key in asked for e in evidence.get(key, [])),
        key=lambda event: event[0],
    )
    levels = {key: RunningLevel() for key in asked}
    short = set(asked)
    rated = {at.astimezone(UTC).date() for at, _, _ in events}
    seen = 0
    for day in sorted({start} | {d for d in rated if d > start}):
        end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)
        while seen < len(events) and events[seen][0] <= end:
            _, key, e = events[seen]
            levels[key].take(e)
            if (levels[key].level or 0) >= asked[key]:
                short.discard(key)
            else:
                short.add(key)
            seen += 1
        if not short:
            return day
    return None


def training_return(
    facts: TeamFacts,
    matrix: MatrixView,
    hours: list[tuple[date, float]],
    day: date,
    today: date,
    levels_then: list[tuple[int | None, int]],
) -> TrainingReturn:
    """The training's own return from `day` to `today` (see `TrainingReturn`)."""
    now = [(c.resolved.level, c.target) for c in matrix.cells.values()]
    gained = sum(
        (after or 0) - (before or 0)
        for (before, _), (after, target) in zip(levels_then, now, strict=True)
        if target > 0
    )
    people = []
    for person in matrix.people:
        keys = [c.key for c in matrix.competencies]
        targets = {k: matrix.cells[(person.id, k)].target for k in keys}
        if not any(targets.values()) or person.id not in facts.people:
            continue
        joined = facts.people[person.id].joined_on
        evidence = {k: matrix.evidence.get((person.id, k), []) for k in keys}
        people.append(
            PersonProficiency(person.name, joined, first_day_all_met(evidence, targets, joined))
        )
    return TrainingReturn(
        since=day,
        today=today,
        activity_hours=formats.round_hours(sum(h for d, h in hours if day < d <= today)),
        mentoring_hours=formats.round_hours(
            sum(m for d, m in facts.mentoring_minutes if day < d <= today) / MINUTES_PER_HOUR
        ),
        level_before=average_level(levels_then)[0],
        level_after=average_level(now)[0],
        levels_gained=gained,
        people=people,
    )


@dataclass(frozen=True)
class ImpactView:
    team_id: int
    today: date
    months: list[date]
    group_levels: list[GroupLevel]
    proficiency: list[TrackProficiency]
    hours_by_level: list[LevelHours]
    retention: list[MonthRetention]
    total_training_hours: float
    before_after: list[Comparison]
    compared_on: date
    training: TrainingReturn


def month_ends(today: date, months: int = IMPACT_MONTHS) -> list[tuple[date, date]]:
    """The last `months` calendar months as (first day, day measured on): the month's last
    day, or today for the current month; oldest first."""
    firsts = [month_start(today)]
    for _ in range(months - 1):
        firsts.append(month_start(firsts[-1] - timedelta(days=1)))
    firsts.reverse()
    ends = [f - timedelta(days=1) for f in firsts[1:]] + [today]
    return list(zip(firsts, ends, strict=True))


def group_levels_by_month(
    matrix: MatrixView, today: date, levels: dict[date, list[tuple[int | None, int]]]
) -> list[GroupLevel]:
    """Per month and competency group: the mean level and mean target over the cells whose
    role target asks for the competency (the same rule as the Average level KPI). `levels`
    holds the cells on each month's measuring day (`levels_on_days`)."""
    group_of = {c.key: c.group for c in matrix.competencies}
    keys = list(matrix.cells)
    rows = []
    for first, measured_on in month_ends(today):
        cells = levels[measured_on]
        for group in CompetencyGroup:
            level, target = average_level(
                cell for key, cell in zip(keys, cells, strict=True) if group_of[key[1]] == group
            )
            rows.append(GroupLevel(first, group, level, target))
    return rows


def median_weeks(days: Iterable[int]) -> float | None:
    values = list(days)
    return round(statistics.median(values) / DAYS_PER_WEEK, 1) if values else None


def retention_by_month(counts: Iterable[tuple[date, bool, int]]) -> list[MonthRetention]:
    """Reviews and recalls per month, from reviews counted by (day, recalled, how many)."""
    totals: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for day, recalled, n in counts:
        acc = totals[month_start(day)]
        acc[0] += n
        acc[1] += n if recalled else 0
    return [MonthRetention(m, n, ok) for m, (n, ok) in sorted(totals.items())]


def hours_per_week(entries: Iterable[tuple[date, float]], start: date, end: date) -> float:
    """Mean hours logged per week from `start` to `end` inclusive."""
    weeks = ((end - start).days + 1) / DAYS_PER_WEEK
    return round(sum(h for d, h in entries if start <= d <= end) / weeks, 1) if weeks else 0.0


def compare_on(
    facts: TeamFacts,
    matrix: MatrixView,
    hours: list[tuple[date, float]],
    day: date,
    today: date,
    levels_then: list[tuple[int | None, int]],
) -> list[Comparison]:
    """How the team stood on `day` against today: levels, targets met, single-person skills,
    quiz pass rate, measured retention and hours a week (the 30 days / 4 weeks before each)."""

    def measured(levels: list[tuple[int | None, int]]) -> tuple[float | None, float | None, int]:
        level, _ = average_level(levels)
        asked = [(lv or 0, t) for lv, t in levels if t > 0]
        met = share(sum(1 for lv, t in asked if lv >= t), len(asked))
        people = [p.id for p in matrix.people]
        keyed = dict(zip(matrix.cells, levels, strict=True))
        rows = coverage(
            [c.key for c in matrix.competencies],
            {k: lv for k, (lv, _t) in keyed.items()},
            {k: t for k, (_lv, t) in keyed.items()},
            people,
        )
        return level, met, sum(1 for r in rows if r.single_person)

    before = measured(levels_then)
    after = measured([(c.resolved.level, c.target) for c in matrix.cells.values()])
    hours_days = HOURS_WINDOW_WEEKS * DAYS_PER_WEEK - 1
    return [
        Comparison("Average level where targets ask", "level", before[0], after[0]),
        Comparison("Cells meeting their target", "%", before[1], after[1]),
        Comparison("Single-person skills", "skills", before[2], after[2], higher_is_better=False),
        Comparison(
            "Quiz pass rate (30 days)",
            "%",
            rate_between(facts.quiz_events, day - timedelta(days=TREND_WINDOW_DAYS - 1), day),
            rate_between(facts.quiz_events, today - timedelta(days=TREND_WINDOW_DAYS - 1), today),
        ),
        Comparison(
            "Review retention (30 days)",
            "%",
            counted_rate_between(
                facts.review_events, day - timedelta(days=TREND_WINDOW_DAYS - 1), day
            ),
            counted_rate_between(
                facts.review_events, today - timedelta(days=TREND_WINDOW_DAYS - 1), today
            ),
        ),
        Comparison(
            "Hours logged per week (4 weeks)",
            "hours",
            hours_per_week(hours, day - timedelta(days=hours_days), day),
            hours_per_week(hours, today - timedelta(days=hours_days), today),
        ),
    ]


def _proficiency(session: Session, team_id: int) -> list[TrackProficiency]:
    done: dict[str, list[int]] = defaultdict(list)
    active: dict[str, int] = defaultdict(int)
    weeks: dict[str, int] = {}
    for span in team_enrollments(session, team_id):
        weeks[span.track_name] = span.track_weeks
        if span.status == EnrollmentStatus.COMPLETED and span.completed_on:
            done[span.track_name].append((span.completed_on - span.started_on).days)
        elif span.status == EnrollmentStatus.ACTIVE:
            active[span.track_name] += 1
    return [
        TrackProficiency(name, weeks[name], len(done[name]), median_weeks(done[name]), active[name])
        for name in sorted(weeks, key=lambda n: weeks[n])
    ]


def impact_and_home(
    session: Session,
    *,
    actor: PersonRef,
    today: date,
    now: datetime,
    compared_on: date | None = None,
    matrix: MatrixView | None = None,
    freshness: Mapping[tuple[int, str], Freshness] | None = None,
) -> tuple[ImpactView, TeamHome]:
    """The impact view and the lead's KPIs and alerts from one reading of the team's rows and
    matrix: what the impact page and its team report need. `matrix` and `freshness` as for
    `team_home`."""
    ensure_lead(actor, "see the training's impact")
    # Reviews count only in the months shown and the 30 days up to each compared day.
    compared = _compared_day(today, compared_on)
    first_month = month_ends(today)[0][0]
    reviews_since = min(first_month, compared, today - timedelta(days=HOME_HISTORY_DAYS))
    reviews_since -= timedelta(days=TREND_WINDOW_DAYS)
    facts = team_facts(
        session, team_id=actor.team_id, today=today, since=EPOCH, reviews_since=reviews_since
    )
    if matrix is None:
        matrix = team_matrix(session, actor=actor, team_id=actor.team_id)
    return (
        _impact_from(session, facts=facts, matrix=matrix, today=today, compared_on=compared_on),
        home_from(
            session,
            actor=actor,
            facts=facts,
            matrix=matrix,
            today=today,
            now=now,
            freshness=freshness,
        ),
    )


def _compared_day(today: date, compared_on: date | None) -> date:
    """The day the before-and-after compares today with: the one chosen, else 90 days ago."""
    return compared_on or today - timedelta(days=90)


def _impact_from(
    session: Session,
    *,
    facts: TeamFacts,
    matrix: MatrixView,
    today: date,
    compared_on: date | None,
) -> ImpactView:
    day = _compared_day(today, compared_on)
    by_level: dict[tuple[int, str], float] = defaultdict(float)
    people_by_level: dict[int, set[int]] = defaultdict(set)
    for entry in facts.activity:
        by_level[(entry.level_number, entry.level_name)] += entry.hours
        people_by_level[entry.level_number].add(entry.person_id)
    hours = [(entry.occurred_on, entry.hours) for entry in facts.activity]
    # Each level's hours as shown, and the total as their sum, so the chart adds up to it.
    level_hours, total_hours = formats.hours_total(
        total for _level, total in sorted(by_level.items())
    )
    months = [first for first, _ in month_ends(today)]
    levels = levels_on_days(matrix, [day, *(end for _, end in month_ends(today))], facts.zone)
    return ImpactView(
        team_id=matrix.team_id,
        today=today,
        months=months,
        group_levels=group_levels_by_month(matrix, today, levels),
        proficiency=_proficiency(session, matrix.team_id),
        hours_by_level=[
            LevelHours(n, name, total, len(people_by_level[n]))
            for (n, name), total in zip(sorted(by_level), level_hours, strict=True)
        ],
        retention=[r for r in retention_by_month(facts.review_events) if r.month >= months[0]],
        total_training_hours=total_hours,
        before_after=compare_on(facts, matrix, hours, day, today, levels[day]),
        compared_on=day,
        training=training_return(facts, matrix, hours, day, today, levels[day]),
    )
