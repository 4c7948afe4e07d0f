"""A plan's sessions as an iCalendar (.ics) file that calendar apps import (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Calendar, Event, vText

PRODUCT_ID = "-//Proficio//Mentoring plans//EN"
UID_DOMAIN = "proficio.local"


@dataclass(frozen=True)
class CalendarSession:
    plan_id: int
    number: int
    starts_at: datetime  # in the team's zone (a ZoneInfo), so the event carries its TZID
    minutes: int
    title: str
    description: str


def session_uid(plan_id: int, number: int) -> str:
    """Stable per session, so importing an updated plan updates events instead of adding."""
    return f"plan-{plan_id}-session-{number}@{UID_DOMAIN}"


def plan_calendar(
    plan_id: int, name: str, sessions: Sequence[CalendarSession], *, stamp: datetime
) -> bytes:
    """One VEVENT per session (start, end, summary, description) in a named VCALENDAR, its
    times in the team's zone (TZID) with that zone's VTIMEZONE, so calendars show them right
    on both sides of a daylight-saving change."""
    calendar = Calendar.new(prodid=PRODUCT_ID, uid=f"plan-{plan_id}@{UID_DOMAIN}")
    # As TEXT values (RFC 5545 3.3.11), so a comma, semicolon, backslash or line break in a
    # person's name is escaped like the events' summaries (`Calendar.new(name=…)` writes it
    # raw, and a line break then makes `to_ical` fail).
    calendar.add("NAME", vText(name))
    calendar.add("X-WR-CALNAME", vText(name))
    for s in sessions:
        calendar.add_component(
            Event.new(
                uid=session_uid(s.plan_id, s.number),
                start=s.starts_at,
                end=s.starts_at + timedelta(minutes=s.minutes),
                summary=s.title,
                description=s.description,
                stamp=stamp,
            )
        )
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical
