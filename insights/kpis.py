"""Team KPIs with their trend, and the alerts a lead acts on: pure rules over plain values.

Every KPI is computed twice by the same rule: as of today and as of TREND_WINDOW_DAYS ago,
so the trend compares like with like.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from curriculum.schedule import Pace
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
