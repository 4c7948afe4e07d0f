"""Team KPIs with their trend, and the alerts a lead acts on: pure rules over plain values.

Every KPI is computed twice by the same rule: as of today and as of TREND_WINDOW_DAYS ago,
so the trend compares like with like.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from assessments.rules import LEVEL_NAMES, CoverageRow
from curriculum.schedule import Pace, ScheduledModule, assess_pace
from storage import formats

TREND_WINDOW_DAYS = 30
# A learner with a track and nothing logged for this many days is flagged.
INACTIVE_AFTER_DAYS = 14
# Cards due before today (not those due today) from which a person's backlog is flagged:
# about two sittings' worth at the demo's pace.
REVIEW_BACKLOG_ALERT_CARDS = 15
ON_TRACK_PACES = frozenset({Pace.ON_TRACK, Pace.AHEAD, Pace.COMPLETED})


@dataclass(frozen=True)
class Kpi:
    """One team figure now and TREND_WINDOW_DAYS ago (or the previous month for monthly ones)."""

    key: str
    label: str
    value: float | None  # None: nothing to measure yet
    previous: float | None
    unit: str  # "people", "%", "level", "sessions", "items"
    help: str
    higher_is_better: bool = True
    target: float | None = None  # shown beside the value where the KPI has one
    previous_label: str = "30 days ago"

    @property
    def delta(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 2)


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` in percent, one decimal rounded half up; None when there is nothing
    to count."""
    return formats.round_half_up(100 * part / whole, 1) if whole else None


def members_on(joined: Iterable[date], day: date) -> int:
    """People who had joined by `day` (of those active now)."""
    return sum(1 for joined_on in joined if joined_on <= day)


def average_level(cells: Iterable[tuple[int | None, int]]) -> tuple[float | None, float | None]:
    """Mean level and mean target over the (level, target) cells whose target is above 0.

    A cell without any evidence counts as level 0: an unknown level is no level yet.
    """
    asked = [(level or 0, target) for level, target in cells if target > 0]
    if not asked:
        return None, None
    return (
        round(sum(level for level, _ in asked) / len(asked), 2),
        round(sum(target for _, target in asked) / len(asked), 2),
    )


def share_on_track(paces: Iterable[Pace | None]) -> float | None:
    """Percent of learners with a started track who are on track, ahead or done."""
    counted = [p for p in paces if p is not None and p != Pace.NOT_STARTED]
    return share(sum(1 for p in counted if p in ON_TRACK_PACES), len(counted))


def percents_as_of(entries: Iterable[tuple[str, date, int | None]], day: date) -> dict[str, int]:
    """Each module's percent as the activity log left it by `day`: the last `percent_after`
    logged on or before that day (entries are module key, day, percent after)."""
    latest: dict[str, tuple[date, int]] = {}
    for key, occurred_on, percent in entries:
        if percent is None or occurred_on > day:
            continue
        kept = latest.get(key)
        if kept is None or occurred_on >= kept[0]:
            latest[key] = (occurred_on, percent)
    return {key: percent for key, (_day, percent) in latest.items()}


def rate_between(events: Iterable[tuple[date, bool]], start: date, end: date) -> float | None:
    """Percent of events that succeeded among those dated from `start` to `end` inclusive."""
    return counted_rate_between(((day, ok, 1) for day, ok in events), start, end)


def counted_rate_between(
    counts: Iterable[tuple[date, bool, int]], start: date, end: date
) -> float | None:
    """`rate_between` over events counted by day and outcome: (day, succeeded, how many)."""
    succeeded = total = 0
    for day, ok, n in counts:
        if start <= day <= end:
            total += n
            succeeded += n if ok else 0
    return share(succeeded, total)


def window(today: date, days_back: int = 0) -> tuple[date, date]:
    """The TREND_WINDOW_DAYS days ending `days_back` days before `today`, inclusive."""
    end = today - timedelta(days=days_back)
    return end - timedelta(days=TREND_WINDOW_DAYS - 1), end


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month_start(day: date) -> date:
    return month_start(month_start(day) - timedelta(days=1))


def count_in_month(days: Iterable[date], first_day: date) -> int:
    """How many of `days` fall in the calendar month starting `first_day`."""
    return sum(1 for d in days if (d.year, d.month) == (first_day.year, first_day.month))


@dataclass(frozen=True)
class ItemDates:
    """An action item's life: raised, due (maybe), done (maybe); `count` items alike."""

    raised_on: date
    due_on: date | None
    done_on: date | None
    count: int = 1


def overdue_on(items: Iterable[ItemDates], day: date) -> int:
    """Items raised by `day`, still open at its start and due before it."""
    return sum(
        i.count
        for i in items
        if i.raised_on <= day
        and (i.done_on is None or i.done_on >= day)
        and i.due_on is not None
        and i.due_on < day
    )


# --- alerts -----------------------------------------------------------------------------


def inactive_learners(
    last_activity: Mapping[int, date | None], track_started: Mapping[int, date], today: date
) -> dict[int, int]:
    """People on a track with no activity for INACTIVE_AFTER_DAYS days or more → days quiet
    (counted from their last activity, or from the track's start when they never logged)."""
    quiet: dict[int, int] = {}
    for person_id, started_on in track_started.items():
        since = last_activity.get(person_id) or started_on
        days = (today - since).days
        if days >= INACTIVE_AFTER_DAYS:
            quiet[person_id] = days
    return quiet


def review_backlogs(overdue_cards: Mapping[int, int]) -> dict[int, int]:
    """People with REVIEW_BACKLOG_ALERT_CARDS or more cards due before today → that count."""
    return {
        pid: count for pid, count in overdue_cards.items() if count >= REVIEW_BACKLOG_ALERT_CARDS
    }


def by_worst(counts: Mapping[int, int], names: Mapping[int, str]) -> Sequence[tuple[int, int]]:
    """(person, count) pairs, largest count first, then by name."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], names.get(kv[0], "")))


# --- what the team's KPIs and alerts are computed from -----------------------------------


@dataclass(frozen=True)
class OnTrack:
    """A person's current track, as the pace rules read it."""

    started_on: date
    active: bool  # neither completed nor withdrawn
    schedule: tuple[ScheduledModule, ...]
    percents_now: Mapping[str, int]  # module key → percent, as the modules stand now
    progress_log: tuple[tuple[str, date, int | None], ...]  # module key, day, percent after


@dataclass(frozen=True)
class LateOneOnOne:
    """A mentee whose active plan's 1:1 is overdue, and why."""

    mentee_id: int
    mentor_id: int
    reason: str


@dataclass(frozen=True)
class FadingSkill:
    """A rated skill whose review cards have mostly lapsed."""

    person_id: int
    competency_key: str
    official_level: int


def paces_on(tracks: Mapping[int, OnTrack], day: date, *, today: date) -> dict[int, Pace]:
    """Each person's pace on their current track on `day`: from the modules' current state
    for today (as the People page shows it), from the activity log for an earlier day."""
    paces = {}
    for pid, track in tracks.items():
        if track.started_on > day or not track.schedule:
            continue
        percents = (
            dict(track.percents_now) if day >= today else percents_as_of(track.progress_log, day)
        )
        paces[pid] = assess_pace(track.started_on, list(track.schedule), percents, day).pace
    return paces


def team_kpis(
    *,
    joined: Sequence[date],
    levels_now: Sequence[tuple[int | None, int]],
    levels_then: Sequence[tuple[int | None, int]],
    tracks: Mapping[int, OnTrack],
    quiz_events: Sequence[tuple[date, bool]],
    review_events: Sequence[tuple[date, bool, int]],
    sessions_done: Sequence[date],
    items: Sequence[ItemDates],
    today: date,
) -> list[Kpi]:
    """The seven team KPIs now and TREND_WINDOW_DAYS ago. `levels_now` / `levels_then`: every
    matrix cell's (level, target), now and as the ratings stood TREND_WINDOW_DAYS ago."""
    then = today - timedelta(days=TREND_WINDOW_DAYS)
    level_now, target_now = average_level(levels_now)
    level_then, _ = average_level(levels_then)
    this_month = month_start(today)
    last_month = previous_month_start(today)
    on_track_now = paces_on(tracks, today, today=today)
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
            share_on_track(paces_on(tracks, then, today=today).values()),
            "%",
            f"Of the {len(on_track_now)} people on a started track: on track, ahead or done "
            "(progress within 10 points of the schedule or better); 30 days ago from the log.",
        ),
        Kpi(
            "quiz_pass_rate",
            "Quiz pass rate",
            rate_between(quiz_events, *window(today)),
            rate_between(quiz_events, *window(today, TREND_WINDOW_DAYS)),
            "%",
            "Quiz attempts passed (80 % or more) in the last 30 days, against the 30 before.",
        ),
        Kpi(
            "retention",
            "Review retention",
            counted_rate_between(review_events, *window(today)),
            counted_rate_between(review_events, *window(today, TREND_WINDOW_DAYS)),
            "%",
            "Measured: reviews answered Hard, Good or Easy (not Again) in the last 30 days, "
            "against the 30 before.",
        ),
        Kpi(
            "sessions_this_month",
            "1:1s held this month",
            count_in_month(sessions_done, this_month),
            count_in_month([d for d in sessions_done if d.day <= today.day], last_month),
            "sessions",
            f"Mentoring sessions marked done since {formats.day(this_month)}; the trend "
            "compares with the same days of last month.",
            previous_label="same days last month",
        ),
        Kpi(
            "overdue_items",
            "Overdue action items",
            overdue_on(items, today),
            overdue_on(items, then),
            "items",
            "Open action items past their due date, now and 30 days ago.",
            higher_is_better=False,
        ),
    ]


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


def team_alerts(
    *,
    names: Mapping[int, str],
    competency_names: Mapping[str, str],
    single_person: Sequence[CoverageRow],
    fading: Sequence[FadingSkill],
    waiting: Sequence[tuple[int, date]],
    tracks: Mapping[int, OnTrack],
    last_activity: Mapping[int, date],
    late_one_on_ones: Sequence[LateOneOnOne],
    overdue_cards: Mapping[int, int],
    today: date,
) -> list[Alert]:
    """Single-person skills, fading skills, evidence waiting for a mentor's review (`waiting`:
    whose, and the evidence's day), quiet learners, overdue 1:1s, review backlogs."""
    alerts: list[Alert] = []
    for row in single_person:
        holder = (
            f"only {names[row.advanced_people[0]]} is advanced or better"
            if row.advanced_people
            else "nobody is advanced or better yet"
        )
        alerts.append(
            Alert(
                AlertKind.SINGLE_PERSON,
                f"**{competency_names[row.competency_key]}**: {holder}; the targets of "
                f"{row.needed_by} {'person' if row.needed_by == 1 else 'people'} ask for it.",
            )
        )
    for skill in sorted(
        fading, key=lambda f: (names[f.person_id], competency_names[f.competency_key])
    ):
        pid = skill.person_id
        alerts.append(
            Alert(
                AlertKind.FADING,
                f"**{names[pid]}**, {competency_names[skill.competency_key]}: rated "
                f"{LEVEL_NAMES[skill.official_level]}, but most review cards behind it have "
                "lapsed.",
                pid,
                names[pid],
            )
        )
    if waiting:
        people = len({pid for pid, _on in waiting})
        oldest = min(on for _pid, on in waiting)
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
        pid: track.started_on
        for pid, track in tracks.items()
        if track.active and track.started_on <= today
    }
    quiet = inactive_learners(last_activity, started, today)
    for pid, days in by_worst(quiet, names):
        last = last_activity.get(pid)
        alerts.append(
            Alert(
                AlertKind.INACTIVE,
                f"**{names[pid]}**: no learning logged for {days} days"
                + (f" (last on {formats.day(last)})." if last else " (nothing logged yet)."),
                pid,
                names[pid],
            )
        )
    for late in sorted(late_one_on_ones, key=lambda lo: names.get(lo.mentee_id, "")):
        if late.mentee_id not in names:
            continue
        mentor = names.get(late.mentor_id, "their mentor")
        alerts.append(
            Alert(
                AlertKind.OVERDUE_ONE_ON_ONE,
                f"**{names[late.mentee_id]}** with {mentor}: {late.reason}.",
                late.mentee_id,
                names[late.mentee_id],
            )
        )
    for pid, count in by_worst(review_backlogs(overdue_cards), names):
        alerts.append(
            Alert(
                AlertKind.REVIEW_BACKLOG,
                f"**{names[pid]}**: {count} review cards overdue.",
                pid,
                names[pid],
            )
        )
    return alerts
