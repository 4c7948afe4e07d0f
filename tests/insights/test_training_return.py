"""The training's own return on a two-person team whose figures are worked out by hand."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from assessments.ratings import MatrixCell, MatrixCompetency, MatrixPerson, MatrixView
from assessments.rules import Evidence, level_on, resolve_level
from insights.impact import first_day_all_met, training_return, with_unit
from insights.team_home import Member, TeamFacts, levels_on_days
from storage.enums import CompetencyGroup, PersonRole, RaterKind

SINCE = date(2026, 2, 1)
TODAY = date(2026, 4, 1)
ANN, BO = 1, 2


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=UTC)


# Ann joined on 1 Jan and is asked for vectors 2 and ops 1; Bo joined on 1 Mar and is asked
# for vectors 3 only.
TARGETS = {(ANN, "vec"): 2, (ANN, "ops"): 1, (BO, "vec"): 3, (BO, "ops"): 0}
EVIDENCE = {
    (ANN, "vec"): [
        Evidence(1, RaterKind.MENTOR, _at(date(2026, 1, 10))),
        Evidence(2, RaterKind.MENTOR, _at(date(2026, 2, 20))),  # Ann meets every target
    ],
    (ANN, "ops"): [Evidence(1, RaterKind.QUIZ, _at(date(2026, 2, 1)))],
    (BO, "vec"): [Evidence(2, RaterKind.QUIZ, _at(date(2026, 3, 15)))],  # one short of 3
}


def _matrix() -> MatrixView:
    cells = {}
    for (pid, key), target in TARGETS.items():
        resolved = resolve_level(EVIDENCE.get((pid, key), []))
        gap = max(target - (resolved.level or 0), 0)
        cells[(pid, key)] = MatrixCell(pid, key, resolved, target, gap)
    return MatrixView(
        team_id=1,
        people=[
            MatrixPerson(ANN, "Ann", "Engineer", PersonRole.LEARNER),
            MatrixPerson(BO, "Bo", "Engineer", PersonRole.LEARNER),
        ],
        competencies=[
            MatrixCompetency("vec", "Vector search", CompetencyGroup.TECHNICAL),
            MatrixCompetency("ops", "Operations", CompetencyGroup.TECHNICAL),
        ],
        cells=cells,
        coverage=[],
        evidence=EVIDENCE,
    )


def _facts() -> TeamFacts:
    people = {
        ANN: Member(ANN, "Ann", date(2026, 1, 1)),
        BO: Member(BO, "Bo", date(2026, 3, 1)),
    }
    return TeamFacts(
        people=people,
        tracks={},
        last_activity={},
        activity=[],
        quiz_events=[],
        review_events=[],
        sessions_done=[],
        # A 60-minute 1:1 before the date (not counted), then 60 and 2 × 45 minutes after it.
        mentoring_minutes=[(date(2026, 1, 20), 60), (date(2026, 2, 5), 60), (date(2026, 3, 5), 90)],
        items=[],
        overdue_cards={},
        plans=[],
        zone=ZoneInfo("UTC"),
    )


# Learning hours: 5 before the date (not counted), then 4 and 6.
HOURS = [(date(2026, 1, 20), 5.0), (date(2026, 2, 10), 4.0), (date(2026, 3, 20), 6.0)]


def test_training_return_weighs_hours_put_in_against_levels_gained() -> None:
    matrix = _matrix()
    then = levels_on_days(matrix, [SINCE], ZoneInfo("UTC"))[SINCE]
    result = training_return(_facts(), matrix, HOURS, SINCE, TODAY, then)
    assert result.activity_hours == 10.0  # 4 + 6
    assert result.mentoring_hours == 2.5  # (60 + 90) minutes
    assert result.hours == 12.5
    # On 1 Feb: Ann vec 1, Ann ops 1, Bo vec none (0); now 2, 1 and 2 (Bo's ops is not asked).
    assert (result.level_before, result.level_after) == (0.67, 1.67)
    assert result.levels_gained == 3  # Ann +1 in vectors, Bo +2
    assert result.hours_per_level == 4.17  # 12.5 hours / 3 levels, as shown (to 0.01 h)


def test_time_to_proficiency_counts_days_from_joining_to_meeting_every_target() -> None:
    matrix = _matrix()
    then = levels_on_days(matrix, [SINCE], ZoneInfo("UTC"))[SINCE]
    result = training_return(_facts(), matrix, HOURS, SINCE, TODAY, then)
    by_name = {p.name: p for p in result.people}
    assert by_name["Ann"].reached_on == date(2026, 2, 20)
    assert by_name["Ann"].days == 50  # 1 Jan to 20 Feb
    assert by_name["Bo"].reached_on is None and by_name["Bo"].days is None
    assert [p.name for p in result.reached] == ["Ann"]
    assert result.median_days_to_target == 50


def test_someone_already_at_target_when_joining_needs_no_days() -> None:
    evidence = {"vec": [Evidence(3, RaterKind.LEAD, _at(date(2025, 6, 1)))]}
    assert first_day_all_met(evidence, {"vec": 2}, date(2026, 1, 1)) == date(2026, 1, 1)
    assert first_day_all_met(evidence, {"vec": 0}, date(2026, 1, 1)) is None  # nothing asked


def test_no_level_gained_gives_no_hours_per_level() -> None:
    matrix = _matrix()
    now = [(c.resolved.level, c.target) for c in matrix.cells.values()]
    result = training_return(_facts(), matrix, HOURS, SINCE, TODAY, now)
    assert result.levels_gained == 0 and result.hours_per_level is None


def test_every_before_and_after_figure_says_its_unit() -> None:
    assert with_unit(2.1, "level") == "2.1 levels (0–4)"
    assert with_unit(45.0, "%") == "45 %"
    assert with_unit(5.0, "%", change=True) == "+5 points"
    assert with_unit(-1, "skills", change=True) == "-1 skills"
    assert with_unit(3.5, "hours") == "3.5 hours a week"
    assert with_unit(None, "%") == "–"


def _first_day_by_every_day(
    evidence: dict[str, list[Evidence]], targets: dict[str, int], start: date
) -> date | None:
    """The rule the plain way: each candidate day in turn, each level resolved afresh."""
    asked = {k: t for k, t in targets.items() if t > 0}
    if not asked:
        return None
    rated = {e.created_at.date() for k in asked for e in evidence.get(k, [])}
    for day in sorted({start} | {d for d in rated if d > start}):
        end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)
        if all((level_on(evidence.get(k, []), end) or 0) >= target for k, target in asked.items()):
            return day
    return None


def test_the_first_day_every_target_was_met_agrees_with_resolving_each_day_afresh() -> None:
    rng = random.Random(3)
    kinds = list(RaterKind)
    for _ in range(300):
        keys = ["vec", "ops", "ml"][: rng.randint(1, 3)]
        evidence = {
            k: [
                Evidence(
                    rng.randint(0, 4),
                    rng.choice(kinds),
                    datetime(2026, 1, 1, tzinfo=UTC)
                    + timedelta(days=rng.randint(0, 60), hours=rng.choice([0, 10, 23])),
                )
                for _ in range(rng.randint(0, 6))
            ]
            for k in keys
        }
        targets = {k: rng.randint(0, 3) for k in keys}
        start = date(2026, 1, 1) + timedelta(days=rng.randint(0, 40))
        assert first_day_all_met(evidence, targets, start) == _first_day_by_every_day(
            evidence, targets, start
        ), (evidence, targets, start)
