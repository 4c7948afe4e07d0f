"""Each team's time zone: what "today" is for its people and how its 1:1 times read.

Times are stored in UTC; a team's zone (an IANA name such as "Europe/Berlin") only decides
which day it is for its people and how a stored time is shown. A team without one uses the
server's zone.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import suppress
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from sqlmodel import Session, col, select

from storage.errors import InvalidInput
from storage.models import Person, Team

FALLBACK_ZONE = "UTC"
# Where Linux keeps the machine's zone: a link into the zone database, or its name in a file.
LOCALTIME_LINK = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")


def zone_named(name: str) -> ZoneInfo:
    """The zone with this IANA name (surrounding spaces ignored), or InvalidInput."""
    wanted = name.strip()
    if wanted not in available_timezones():
        raise InvalidInput(
            f"'{wanted}' is not a time zone Proficio knows; use a name from the IANA "
            "database such as Europe/Berlin, America/New_York or UTC."
        )
    return ZoneInfo(wanted)


def _known(name: str) -> bool:
    try:
        zone_named(name)
    except InvalidInput:
        return False
    return True


@cache
def server_zone_name() -> str:
    """The machine's zone, read once: $TZ, else /etc/localtime's target, else /etc/timezone,
    else UTC."""
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    if LOCALTIME_LINK.is_symlink():
        target = str(LOCALTIME_LINK.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    with suppress(OSError):
        candidates.append(TIMEZONE_FILE.read_text(encoding="utf-8").strip())
    return next((c for c in candidates if c and _known(c)), FALLBACK_ZONE)


def team_zone_name(session: Session, team_id: int) -> str:
    """The team's zone name, or the server's when the team has none."""
    name = session.exec(select(Team.time_zone).where(Team.id == team_id)).first()
    return name or server_zone_name()


def team_zone(session: Session, team_id: int) -> ZoneInfo:
    """The zone the team's days and 1:1 times are in."""
    return ZoneInfo(team_zone_name(session, team_id))


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    """The day it is (or was) at `moment` (timezone-aware) in `zone`."""
    return moment.astimezone(zone).date()


def offset_changes(
    zone: ZoneInfo, since: datetime, until: datetime
) -> list[tuple[datetime, timedelta]]:
    """The zone's offset from UTC at `since`, then each change of it up to `until`: a list of
    (from this moment on (UTC), offset), the first entry at `since`. Found day by day, each
    change then narrowed to its minute (zones change at most a few times a year)."""
    start, end = since.astimezone(UTC), until.astimezone(UTC)
    changes = [(start, _offset(zone, start))]
    day = start
    while day < end:
        following = min(day + timedelta(days=1), end)
        if _offset(zone, following) != changes[-1][1]:
            low, high = day, following  # the offset changes after low, by high
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if _offset(zone, middle) == changes[-1][1]:
                    low = middle
                else:
                    high = middle
            moment = high.replace(second=0, microsecond=0)
            changes.append((moment, _offset(zone, moment)))
        day = following
    return changes


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    return moment.astimezone(zone).utcoffset() or timedelta(0)


def people_zones(session: Session, person_ids: Iterable[int]) -> dict[int, ZoneInfo]:
    """Each person's team zone, for many people at once."""
    wanted = set(person_ids)
    if not wanted:
        return {}
    rows = session.exec(
        select(Person.id, Team.time_zone)
        .join(Team, col(Team.id) == col(Person.team_id))
        .where(col(Person.id).in_(wanted))
    ).all()
    return {person_id or 0: ZoneInfo(name or server_zone_name()) for person_id, name in rows}


def person_zone(session: Session, person_id: int) -> ZoneInfo:
    """The zone of the person's team: their day, and how their 1:1 times read."""
    return people_zones(session, [person_id]).get(person_id) or ZoneInfo(server_zone_name())
