"""The .ics export parses back (icalendar) with one event per session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from mentoring.calendar import CalendarSession, plan_calendar, session_uid


def test_calendar_parses_back_with_the_sessions() -> None:
    starts = [datetime(2026, 11, 23, 10, tzinfo=UTC), datetime(2026, 11, 26, 10, tzinfo=UTC)]
    ics = plan_calendar(
        7,
        "Mentoring: Grace Okafor and Aisha Khan",
        [
            CalendarSession(7, n, start, 60, f"1:1 (session {n})", "Week 1: goals.")
            for n, start in enumerate(starts, start=1)
        ],
        stamp=datetime(2026, 11, 21, 9, tzinfo=UTC),
    )
    calendar = Calendar.from_ical(ics)
    events = calendar.events
    assert [e.start for e in events] == starts
    assert [e.end - e.start for e in events] == [timedelta(minutes=60)] * 2
    assert [str(e["SUMMARY"]) for e in events] == ["1:1 (session 1)", "1:1 (session 2)"]
    assert [str(e["UID"]) for e in events] == [session_uid(7, 1), session_uid(7, 2)]
    assert str(calendar["X-WR-CALNAME"]) == "Mentoring: Grace Okafor and Aisha Khan"


def test_the_same_plan_exports_the_same_bytes() -> None:
    sessions = [CalendarSession(1, 1, datetime(2026, 11, 23, 10, tzinfo=UTC), 45, "1:1", "")]
    stamp = datetime(2026, 11, 21, tzinfo=UTC)
    assert plan_calendar(1, "x", sessions, stamp=stamp) == plan_calendar(
        1, "x", sessions, stamp=stamp
    )


def test_times_keep_the_teams_zone_with_its_vtimezone_across_daylight_saving() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    july, january = datetime(2026, 7, 6, 10, tzinfo=berlin), datetime(2027, 1, 4, 10, tzinfo=berlin)
    ics = plan_calendar(
        3,
        "Mentoring",
        [CalendarSession(3, n, s, 45, "1:1", "") for n, s in ((1, july), (2, january))],
        stamp=datetime(2026, 7, 1, tzinfo=UTC),
    )
    text = ics.decode()
    assert "DTSTART;TZID=Europe/Berlin:20260706T100000" in text
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Berlin" in text
    calendar = Calendar.from_ical(ics)
    assert [e.start.astimezone(UTC) for e in calendar.events] == [
        datetime(2026, 7, 6, 8, tzinfo=UTC),  # CEST, UTC+2
        datetime(2027, 1, 4, 9, tzinfo=UTC),  # CET, UTC+1
    ]
    [vtimezone] = calendar.timezones
    assert {str(c["TZNAME"]) for c in vtimezone.subcomponents} >= {"CET", "CEST"}


def test_a_line_break_comma_semicolon_or_backslash_in_a_name_gives_a_valid_ics() -> None:
    # A name that came in before names were checked (or through an old import) must not make
    # the export fail: every text is escaped as RFC 5545 says.
    name = "Mentoring: O'Brien, Ana; R&D\\ops\r\nand Ben"
    session = CalendarSession(
        3, 1, datetime(2026, 11, 23, 10, tzinfo=UTC), 30, "1:1, with; a\\slash", "Line\nnext"
    )
    ics = plan_calendar(3, name, [session], stamp=datetime(2026, 11, 21, tzinfo=UTC))
    lines = ics.decode().split("\r\n")
    assert "X-WR-CALNAME:Mentoring: O'Brien\\, Ana\\; R&D\\\\ops\\nand Ben" in lines
    assert "SUMMARY:1:1\\, with\\; a\\\\slash" in lines
    [event] = Calendar.from_ical(ics).events
    assert str(event["SUMMARY"]) == "1:1, with; a\\slash"
    assert str(event["DESCRIPTION"]) == "Line\nnext"
