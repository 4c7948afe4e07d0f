"""A team's time zone: set by its lead (or an admin), audited, unknown names refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from storage import time_zones
from storage.errors import InvalidInput, PermissionDenied
from storage.models import utc_now
from storage.roster import get_team, set_team_time_zone
from storage.time_zones import local_day, server_zone_name, team_zone, zone_named
from tests.storage.test_roster import Teams, events, teams  # noqa: F401


def test_a_lead_sets_their_teams_zone_and_the_log_says_from_what_to_what(
    session: Session,
    teams: Teams,  # noqa: F811
) -> None:
    team = set_team_time_zone(
        session, actor=teams.lena, team_id=teams.search.id, time_zone=" Asia/Tokyo ", now=utc_now()
    )
    assert team.time_zone == "Asia/Tokyo"
    assert team_zone(session, teams.search.id) == ZoneInfo("Asia/Tokyo")
    [event] = events(session, "team_time_zone_set")
    assert event.detail["summary"] == (
        f"Set the time zone of Search from the server's zone ({server_zone_name()}) to Asia/Tokyo."
    )
    # Setting it again changes nothing and logs nothing; blank goes back to the server's zone.
    set_team_time_zone(
        session, actor=teams.lena, team_id=teams.search.id, time_zone="Asia/Tokyo", now=utc_now()
    )
    assert len(events(session, "team_time_zone_set")) == 1
    assert (
        set_team_time_zone(
            session, actor=teams.lena, team_id=teams.search.id, time_zone="", now=utc_now()
        )
    ).time_zone is None
    assert team_zone(session, teams.search.id) == ZoneInfo(server_zone_name())


def test_an_unknown_zone_is_refused_with_a_message_naming_it(
    session: Session,
    teams: Teams,  # noqa: F811
) -> None:
    with pytest.raises(InvalidInput, match=re.escape("'Europe/Atlantis' is not a time zone")):
        set_team_time_zone(
            session,
            actor=teams.lena,
            team_id=teams.search.id,
            time_zone="Europe/Atlantis",
            now=utc_now(),
        )
    assert get_team(session, teams.search.id).time_zone is None
    assert events(session, "team_time_zone_set") == []


def test_a_lead_cannot_set_another_teams_zone(
    session: Session,
    teams: Teams,  # noqa: F811
) -> None:
    with pytest.raises(PermissionDenied):
        set_team_time_zone(
            session,
            actor=teams.lena,
            team_id=teams.ranking.id,
            time_zone="Asia/Tokyo",
            now=utc_now(),
        )


def test_at_23_30_utc_it_is_already_tomorrow_in_tokyo() -> None:
    late = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    assert local_day(late, zone_named("Asia/Tokyo")).isoformat() == "2026-07-02"
    assert local_day(late, zone_named("UTC")).isoformat() == "2026-07-01"


def test_the_server_zone_comes_from_tz_and_falls_back_to_utc(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setattr(time_zones, "LOCALTIME_LINK", time_zones.Path("/nonexistent/localtime"))
    monkeypatch.setattr(time_zones, "TIMEZONE_FILE", time_zones.Path("/nonexistent/timezone"))
    for tz, expected in (("Europe/Berlin", "Europe/Berlin"), ("Mars/Base", "UTC"), ("", "UTC")):
        monkeypatch.setenv("TZ", tz)
        server_zone_name.cache_clear()
        assert server_zone_name() == expected
    server_zone_name.cache_clear()
