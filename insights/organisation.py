"""The organisation admin's overview: every team side by side, from the same facts and rules
as each team's Home."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from assessments.ratings import team_matrix
from insights.kpis import AlertKind
from insights.team_home import HOME_HISTORY_DAYS, alerts_of, kpis_of, team_facts
from storage.access import ensure_admin
from storage.people import PersonRef
from storage.roster import list_teams


@dataclass(frozen=True)
class TeamOverview:
    team_id: int
    name: str
    leads: tuple[str, ...]
    members: int
    average_level: float | None  # 0 none … 4 expert, over the role targets' competencies
    average_target: float | None
    on_track: float | None  # percent of people on a started track on track or better
    retention: float | None  # percent of reviews recalled in the last 30 days
    overdue_one_on_ones: int  # mentees whose last 1:1 is older than their plan allows


def organisation_overview(session: Session, *, actor: PersonRef, today: date) -> list[TeamOverview]:
    """Each active team's headline figures, for an organisation admin; others are refused."""
    ensure_admin(actor, "see every team's figures")
    since = today - timedelta(days=HOME_HISTORY_DAYS)
    rows = []
    for team in list_teams(session):
        facts = team_facts(session, team_id=team.id, today=today, since=since)
        matrix = team_matrix(session, actor=actor, team_id=team.id)
        kpis = {k.key: k for k in kpis_of(facts, matrix, today)}
        alerts = alerts_of(facts, matrix, [], today)
        rows.append(
            TeamOverview(
                team_id=team.id,
                name=team.name,
                leads=team.leads,
                members=team.members,
                average_level=kpis["average_level"].value,
                average_target=kpis["average_level"].target,
                on_track=kpis["on_track"].value,
                retention=kpis["retention"].value,
                overdue_one_on_ones=sum(
                    1 for a in alerts if a.kind == AlertKind.OVERDUE_ONE_ON_ONE
                ),
            )
        )
    return rows
