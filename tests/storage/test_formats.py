"""How hours, percentages and dates are written for people, the same on every page."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from storage import formats


def test_five_of_eight_is_63_percent_as_a_person_rounds_it() -> None:
    assert formats.share(5, 8) == "5 of 8 (63 %)"
    assert formats.share(7, 8) == "7 of 8 (88 %)"
    assert formats.share(3, 8) == "3 of 8 (38 %)"


def test_an_empty_whole_shows_no_percentage() -> None:
    assert formats.share(0, 0) == "0 of 0"


@pytest.mark.parametrize(
    ("ratio", "shown"),
    [(0.625, "63 %"), (0.285, "29 %"), (0.875, "88 %"), (1, "100 %"), (0, "0 %"), (0.004, "0 %")],
)
def test_a_ratio_is_a_whole_percentage_rounded_half_up(ratio: float, shown: str) -> None:
    assert formats.percent(ratio) == shown


@pytest.mark.parametrize(
    ("h", "shown"),
    [(5.5, "5.5 h"), (6, "6 h"), (6.25, "6.25 h"), (0.1 + 0.2, "0.3 h"), (1 / 3, "0.33 h")],
)
def test_hours_are_shown_as_they_were_logged(h: float, shown: str) -> None:
    assert formats.hours(h) == shown


def test_the_hours_shown_beside_a_total_add_up_to_it() -> None:
    parts, total = formats.hours_total([5.5, 6.25, 6])
    assert [formats.hours(p) for p in parts] == ["5.5 h", "6.25 h", "6 h"]
    assert formats.hours(total) == "17.75 h"
    # Thirds of an hour (20-minute 1:1s): the total is what the parts shown add up to.
    parts, total = formats.hours_total([1 / 3, 1 / 3, 1 / 3])
    assert [formats.hours(p) for p in parts] == ["0.33 h"] * 3
    assert formats.hours(total) == "0.99 h"


def test_every_day_is_written_in_one_form_with_its_year() -> None:
    assert formats.day(date(2026, 12, 4)) == "4 Dec 2026"
    assert formats.day(date(2026, 9, 5)) == "5 Sep 2026"
    assert formats.weekday_day(date(2026, 12, 4)) == "Fri 4 Dec 2026"
    assert formats.month(date(2026, 12, 4)) == "Dec 2026"


def test_a_moment_is_its_day_and_time_of_day() -> None:
    at = datetime(2026, 12, 4, 14, 5)
    assert formats.moment(at) == "4 Dec 2026, 14:05"
    assert formats.moment(at, weekday=True) == "Fri 4 Dec 2026, 14:05"
