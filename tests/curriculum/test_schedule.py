"""Track schedule and pace rules, checked against dates and percentages worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from curriculum.schedule import (
    ModuleWindow,
    Pace,
    ScheduledModule,
    assess_pace,
    expected_end,
    module_windows,
    status_for_percent,
)
from storage.enums import ModuleStatus

# Monday 5 January 2026; week 1 runs to Sunday the 11th, week 2 to the 18th, week 3 to the 25th.
START = date(2026, 1, 5)
BASICS = ScheduledModule("basics", hours=10, start_week=1, end_week=1)
PRACTICE = ScheduledModule("practice", hours=10, start_week=2, end_week=3)
TRACK = [BASICS, PRACTICE]


# --- windows ----------------------------------------------------------------------------


def test_module_windows_cover_whole_weeks_from_the_start_date() -> None:
    assert module_windows(START, TRACK) == [
        ModuleWindow("basics", expected_start=date(2026, 1, 5), expected_end=date(2026, 1, 11)),
        ModuleWindow("practice", expected_start=date(2026, 1, 12), expected_end=date(2026, 1, 25)),
    ]


def test_modules_sharing_a_week_share_its_window() -> None:
    first = ScheduledModule("first", hours=3, start_week=1, end_week=1)
    second = ScheduledModule("second", hours=5, start_week=1, end_week=1)
    windows = module_windows(date(2026, 3, 4), [first, second])  # a Wednesday start
    assert [(w.expected_start, w.expected_end) for w in windows] == [
        (date(2026, 3, 4), date(2026, 3, 10)),
        (date(2026, 3, 4), date(2026, 3, 10)),
    ]


def test_module_windows_cross_month_and_year_ends() -> None:
    late = ScheduledModule("late", hours=2, start_week=5, end_week=6)
    [window] = module_windows(date(2025, 12, 1), [late])
    assert window.expected_start == date(2025, 12, 29)
    assert window.expected_end == date(2026, 1, 11)


def test_expected_end_is_the_last_day_of_the_last_week() -> None:
    assert expected_end(START, 3) == date(2026, 1, 25)
    assert expected_end(START, 6) == date(2026, 2, 15)
    assert expected_end(date(2026, 2, 23), 1) == date(2026, 3, 1)  # across February's end


@pytest.mark.parametrize(
    ("today", "fraction"),
    [
        (date(2026, 1, 11), 0.0),  # the day before the module starts
        (date(2026, 1, 12), 1 / 14),  # its first day counts as done by the evening
        (date(2026, 1, 18), 7 / 14),  # end of its first week: half
        (date(2026, 1, 24), 13 / 14),
        (date(2026, 1, 25), 1.0),  # its last day
        (date(2026, 3, 1), 1.0),  # long after
    ],
)
def test_expected_fraction_grows_by_a_day_at_a_time(today: date, fraction: float) -> None:
    [_, practice] = module_windows(START, TRACK)
    assert practice.expected_fraction(today) == pytest.approx(fraction)


# --- pace -------------------------------------------------------------------------------

# On Sunday 18 January the schedule expects basics done and practice half done: 75 %.
MID_PRACTICE = date(2026, 1, 18)


def test_on_track_when_progress_matches_the_schedule() -> None:
    report = assess_pace(START, TRACK, {"basics": 100, "practice": 50}, MID_PRACTICE)
    assert report.pace == Pace.ON_TRACK
    assert report.expected_percent == 75
    assert report.actual_percent == 75
    assert report.overdue == []


def test_on_track_within_ten_points_of_the_schedule() -> None:
    slightly_behind = assess_pace(START, TRACK, {"basics": 100, "practice": 32}, MID_PRACTICE)
    slightly_ahead = assess_pace(START, TRACK, {"basics": 100, "practice": 68}, MID_PRACTICE)
    assert (slightly_behind.actual_percent, slightly_behind.pace) == (66, Pace.ON_TRACK)
    assert (slightly_ahead.actual_percent, slightly_ahead.pace) == (84, Pace.ON_TRACK)


def test_behind_when_more_than_ten_points_short() -> None:
    report = assess_pace(START, TRACK, {"basics": 100, "practice": 20}, MID_PRACTICE)
    assert report.pace == Pace.BEHIND
    assert (report.expected_percent, report.actual_percent) == (75, 60)
    assert report.overdue == []  # practice is still within its window


def test_ahead_when_more_than_ten_points_beyond() -> None:
    report = assess_pace(START, TRACK, {"basics": 100, "practice": 90}, MID_PRACTICE)
    assert report.pace == Pace.AHEAD
    assert (report.expected_percent, report.actual_percent) == (75, 95)


def test_completed_when_every_module_is_done_even_early() -> None:
    report = assess_pace(START, TRACK, {"basics": 100, "practice": 100}, date(2026, 1, 13))
    assert report.pace == Pace.COMPLETED
    assert report.actual_percent == 100
    assert report.overdue == []


def test_not_started_before_the_start_date() -> None:
    report = assess_pace(START, TRACK, {}, date(2026, 1, 4))
    assert report.pace == Pace.NOT_STARTED
    assert (report.expected_percent, report.actual_percent) == (0, 0)
    assert report.overdue == []


def test_first_day_with_nothing_done_is_still_on_track() -> None:
    # Basics is 1/7 expected on day one, 1/14 of the track: within the tolerance.
    report = assess_pace(START, TRACK, {}, START)
    assert report.pace == Pace.ON_TRACK
    assert report.expected_percent == 7


def test_overdue_lists_modules_whose_window_has_passed_unfinished() -> None:
    behind = assess_pace(START, TRACK, {"basics": 60}, MID_PRACTICE)
    assert behind.overdue == ["basics"]
    assert behind.pace == Pace.BEHIND
    after_the_track = assess_pace(START, TRACK, {"basics": 100, "practice": 60}, date(2026, 2, 2))
    assert after_the_track.overdue == ["practice"]
    assert (after_the_track.expected_percent, after_the_track.actual_percent) == (100, 80)
    assert after_the_track.pace == Pace.BEHIND


def test_module_is_not_overdue_on_its_last_day() -> None:
    report = assess_pace(START, TRACK, {"basics": 100, "practice": 10}, date(2026, 1, 25))
    assert report.overdue == []


def test_progress_is_weighted_by_module_hours() -> None:
    short = ScheduledModule("short", hours=4, start_week=1, end_week=1)
    long = ScheduledModule("long", hours=12, start_week=2, end_week=2)
    end_of_week_one = date(2026, 1, 11)
    long_done = assess_pace(START, [short, long], {"long": 100}, end_of_week_one)
    assert (long_done.expected_percent, long_done.actual_percent) == (25, 75)
    assert long_done.pace == Pace.AHEAD
    short_done = assess_pace(START, [short, long], {"short": 100}, end_of_week_one)
    assert (short_done.actual_percent, short_done.pace) == (25, Pace.ON_TRACK)


def test_out_of_range_percentages_are_clamped() -> None:
    report = assess_pace(START, TRACK, {"basics": 250, "practice": -40}, MID_PRACTICE)
    assert report.actual_percent == 50
    assert report.pace == Pace.BEHIND


def test_modules_without_hours_count_equally() -> None:
    a = ScheduledModule("a", hours=0, start_week=1, end_week=1)
    b = ScheduledModule("b", hours=0, start_week=2, end_week=2)
    report = assess_pace(START, [a, b], {"a": 100}, date(2026, 1, 11))
    assert (report.expected_percent, report.actual_percent) == (50, 50)
    assert report.pace == Pace.ON_TRACK


def test_pace_labels_read_as_words() -> None:
    assert [str(p) for p in Pace] == ["not started", "ahead", "on track", "behind", "completed"]


@pytest.mark.parametrize(
    ("percent", "status"),
    [
        (0, ModuleStatus.NOT_STARTED),
        (1, ModuleStatus.IN_PROGRESS),
        (99, ModuleStatus.IN_PROGRESS),
        (100, ModuleStatus.COMPLETED),
    ],
)
def test_status_follows_percent(percent: int, status: ModuleStatus) -> None:
    assert status_for_percent(percent) == status
