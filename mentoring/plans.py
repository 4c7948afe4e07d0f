"""Pure planning rules: a plan from an assessment, dated sessions, phases, the 1:1 structure.

Nothing here reads a database or the clock: dates and scores come in as arguments, so each
rule is tested on hand-computed cases.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from storage import formats
from storage.errors import InvalidInput

# An overall assessment score (0-10) below this gets the longer, denser foundation plan.
PLAN_BOUNDARY_SCORE = 6.0
WORKDAYS_PER_WEEK = 5
MIN_PLAN_WEEKS, MAX_PLAN_WEEKS = 1, 26
MIN_SESSIONS_PER_WEEK, MAX_SESSIONS_PER_WEEK = 1, 3
MIN_SESSION_MINUTES, MAX_SESSION_MINUTES = 15, 120
# A missed session is forgiven this many days past the plan's interval before an alert.
CADENCE_GRACE_DAYS = 3
DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class PlanSettings:
    weeks: int
    sessions_per_week: int
    session_minutes: int
    focus: tuple[str, ...]


FOUNDATION_PLAN = PlanSettings(
    weeks=12,
    sessions_per_week=2,
    session_minutes=60,
    focus=("Foundations", "Hands-on practice", "Guided projects"),
)
ADVANCED_PLAN = PlanSettings(
    weeks=8,
    sessions_per_week=1,
    session_minutes=45,
    focus=("Advanced implementation", "Architecture", "Leadership"),
)


@dataclass(frozen=True)
class PlanProposal:
    settings: PlanSettings
    reason: str


def propose_plan(overall: float) -> PlanProposal:
    """The seed's rule: overall below 6/10 → 12 weeks, twice a week, 60 minutes, foundations;
    6 or more → 8 weeks, weekly, 45 minutes, advanced implementation."""
    if overall < PLAN_BOUNDARY_SCORE:
        return PlanProposal(
            FOUNDATION_PLAN,
            f"Overall {overall:g}/10 is below {PLAN_BOUNDARY_SCORE:g}: a longer plan with two "
            "sessions a week to build the foundations through practice.",
        )
    return PlanProposal(
        ADVANCED_PLAN,
        f"Overall {overall:g}/10 is {PLAN_BOUNDARY_SCORE:g} or more: a shorter weekly plan "
        "aimed at advanced implementation, architecture and leadership.",
    )


def validate_settings(
    weeks: int, sessions_per_week: int, session_minutes: int, focus: tuple[str, ...]
) -> PlanSettings:
    """Settings a mentor may choose; InvalidInput names every field that is out of range."""
    problems = []
    if not MIN_PLAN_WEEKS <= weeks <= MAX_PLAN_WEEKS:
        problems.append(f"weeks must be {MIN_PLAN_WEEKS} to {MAX_PLAN_WEEKS}")
    if not MIN_SESSIONS_PER_WEEK <= sessions_per_week <= MAX_SESSIONS_PER_WEEK:
        problems.append(
            f"sessions a week must be {MIN_SESSIONS_PER_WEEK} to {MAX_SESSIONS_PER_WEEK}"
        )
    if not MIN_SESSION_MINUTES <= session_minutes <= MAX_SESSION_MINUTES:
        problems.append(f"a session lasts {MIN_SESSION_MINUTES} to {MAX_SESSION_MINUTES} minutes")
    cleaned = tuple(f.strip() for f in focus if f.strip())
    if not cleaned:
        problems.append("name at least one focus")
    if problems:
        raise InvalidInput("Plan not saved: " + "; ".join(problems) + ".")
    return PlanSettings(weeks, sessions_per_week, session_minutes, cleaned)


# --- phases -----------------------------------------------------------------------------

TEMPLATE_WEEKS = 12
# The seed's phases on its 12-week template: (first week, last week, name).
PHASES: tuple[tuple[int, int, str], ...] = (
    (1, 2, "Assessment and goal setting"),
    (3, 6, "Technical implementation"),
    (7, 10, "Business application"),
    (11, 12, "Advanced topics and leadership"),
)


def phase_for_week(week: int, weeks: int) -> str:
    """The phase of week `week` (1-based) of a plan `weeks` long.

    The seed's phases are laid out on 12 weeks. A plan of another length is scaled onto that
    template: a week takes the phase in which its middle falls, i.e. template position
    (week − ½) × 12 / weeks. An 8-week plan so gets 1 week of assessment, 3 technical, 3
    business and 1 advanced; a 12-week plan follows the template exactly. Week 1 is always
    assessment and goal setting, however short the plan: goals come first.
    """
    if not 1 <= week <= weeks:
        raise InvalidInput(f"Week {week} is outside a {weeks}-week plan.")
    if week == 1:
        return PHASES[0][2]
    position = (week - 0.5) * TEMPLATE_WEEKS / weeks  # 0..12, in template weeks
    template_week = math.floor(position) + 1
    for first, last, name in PHASES:
        if first <= template_week <= last:
            return name
    return PHASES[-1][2]


# --- dates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedSession:
    number: int
    on: date
    week: int
    phase: str


def add_workdays(start: date, workdays: int) -> date:
    """`start` moved forward by whole working days (Saturday and Sunday skipped)."""
    day = start
    remaining = workdays
    while remaining > 0:
        day += timedelta(days=1)
        if day.weekday() < WORKDAYS_PER_WEEK:
            remaining -= 1
    return day


def first_workday(day: date) -> date:
    """`day`, or the Monday after it when it falls on a weekend."""
    while day.weekday() >= WORKDAYS_PER_WEEK:
        day += timedelta(days=1)
    return day


def session_dates(started_on: date, weeks: int, sessions_per_week: int) -> list[PlannedSession]:
    """Every session of a plan, dated and phased.

    Sessions fall on working days: the first on the start date (the Monday after, if that is
    a weekend), the others spread evenly over each week's five working days — twice a week
    lands 3 working days apart (Monday and Thursday), three times 2 apart (Mon, Wed, Fri).
    """
    first = first_workday(started_on)
    sessions: list[PlannedSession] = []
    for week in range(weeks):
        for index in range(sessions_per_week):
            offset = week * WORKDAYS_PER_WEEK + math.ceil(
                index * WORKDAYS_PER_WEEK / sessions_per_week
            )
            sessions.append(
                PlannedSession(
                    number=len(sessions) + 1,
                    on=add_workdays(first, offset),
                    week=week + 1,
                    phase=phase_for_week(week + 1, weeks),
                )
            )
    return sessions


def plan_ends_on(started_on: date, weeks: int) -> date:
    return first_workday(started_on) + timedelta(days=DAYS_PER_WEEK * weeks - 1)


# --- the 1:1 structure ------------------------------------------------------------------

# The seed's hour-long 1:1, in minutes.
ONE_ON_ONE_MINUTES: tuple[tuple[str, int], ...] = (
    ("Technical review", 30),
    ("Problem solving", 20),
    ("Career", 10),
)
STRUCTURE_STEP_MINUTES = 5


@dataclass(frozen=True)
class AgendaBlock:
    title: str
    minutes: int


def session_structure(session_minutes: int) -> list[AgendaBlock]:
    """The 30/20/10 split scaled to a session's length, in 5-minute steps that add up.

    Largest remainder: each block gets its share rounded down, and the steps left over go
    to the blocks that lost most by rounding (earlier blocks first on a tie). A 45-minute
    session becomes 25/15/5.
    """
    step = STRUCTURE_STEP_MINUTES if session_minutes % STRUCTURE_STEP_MINUTES == 0 else 1
    steps = session_minutes // step
    template_total = sum(m for _, m in ONE_ON_ONE_MINUTES)
    shares = [steps * m / template_total for _, m in ONE_ON_ONE_MINUTES]
    given = [math.floor(s) for s in shares]
    left = steps - sum(given)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - given[i]), i))
    for i in by_remainder[:left]:
        given[i] += 1
    return [
        AgendaBlock(title, units * step)
        for (title, _), units in zip(ONE_ON_ONE_MINUTES, given, strict=True)
    ]


# --- cadence ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CadenceAlert:
    days_since: int
    allowed_days: int
    since: date  # the last done session, or the plan's start when none is done yet
    ever_met: bool


def allowed_gap_days(sessions_per_week: int) -> int:
    """Days a pair may go between sessions: the plan's interval plus a little grace."""
    return math.ceil(DAYS_PER_WEEK / sessions_per_week) + CADENCE_GRACE_DAYS


def cadence_alert(
    *, last_done_on: date | None, started_on: date, sessions_per_week: int, today: date
) -> CadenceAlert | None:
    """An alert when the last done session (or the plan's start) is older than allowed."""
    since = last_done_on or started_on
    if since > today:
        return None
    days = (today - since).days
    allowed = allowed_gap_days(sessions_per_week)
    if days <= allowed:
        return None
    return CadenceAlert(days, allowed, since, last_done_on is not None)


# --- overdue 1:1s -----------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingRecord:
    """One planned 1:1 as the overdue rule sees it."""

    planned_on: date
    held_on: date | None
    skipped: bool


def is_missed(planned_on: date, *, held: bool, skipped: bool, today: date) -> bool:
    """A planned 1:1 is missed when its day is before today and it was neither held nor
    skipped (one planned for today is still to come)."""
    return not held and not skipped and planned_on < today


@dataclass(frozen=True)
class OverdueOneOnOne:
    missed_on: tuple[date, ...]  # planned days passed without the 1:1 held or skipped
    cadence: CadenceAlert | None  # longer since the last held 1:1 than the plan allows

    @property
    def reason(self) -> str:
        """Why, in words: 'the 1:1 planned for 19 Nov was missed; 18 days since …'."""
        parts = []
        if len(self.missed_on) == 1:
            parts.append(f"the 1:1 planned for {formats.day(self.missed_on[0])} was missed")
        elif self.missed_on:
            days = ", ".join(formats.day(d) for d in self.missed_on)
            parts.append(f"{len(self.missed_on)} planned 1:1s were missed ({days})")
        if self.cadence is not None:
            c = self.cadence
            since = "the last 1:1" if c.ever_met else "the plan started, no 1:1 since"
            parts.append(
                f"{c.days_since} days since {since} ({formats.day(c.since)}); "
                f"the plan allows {c.allowed_days}"
            )
        return "; ".join(parts)


def overdue_one_on_one(
    meetings: Sequence[MeetingRecord], *, started_on: date, sessions_per_week: int, today: date
) -> OverdueOneOnOne | None:
    """The one rule for an overdue 1:1, on the mentor's and the lead's Home alike: a planned
    1:1 was missed, or the pair has gone longer without holding one than the plan allows
    (`cadence_alert`). A skipped 1:1 is a decision, not a miss; it does not count as held."""
    missed = tuple(
        m.planned_on
        for m in meetings
        if is_missed(m.planned_on, held=m.held_on is not None, skipped=m.skipped, today=today)
    )
    last_held = max((m.held_on for m in meetings if m.held_on is not None), default=None)
    cadence = cadence_alert(
        last_done_on=last_held,
        started_on=started_on,
        sessions_per_week=sessions_per_week,
        today=today,
    )
    if not missed and cadence is None:
        return None
    return OverdueOneOnOne(missed, cadence)
