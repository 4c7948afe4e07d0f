"""Each team's time zone: what "today" is for its people and how its 1:1 times read.

Times are stored in UTC; a team's zone (an IANA name such as "Europe/Berlin") only decides
which day it is for its people and how a stored time is shown. A team without one uses the
server's zone.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import suppress
from datetime import date, datetime
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
