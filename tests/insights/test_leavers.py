"""A leaver drops out of the team's figures at once and keeps their history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time

import pytest
from sqlmodel import Session, select

from insights.reports import development_report
from insights.team_home import team_home
from storage.models import Person, utc_now
from storage.people import PersonRef, get_person, list_people
from storage.roster import set_person_active
from tests.conftest import TODAY

NOW = datetime.combine(TODAY, time(12), tzinfo=UTC)


@pytest.fixture
def session(demo_session: Session) -> Iterator[Session]:
    """The demo team at TODAY; each test's changes are rolled back."""
    yield demo_session
    demo_session.rollback()


def _named(session: Session, name: str) -> PersonRef:
    return get_person(session, session.exec(select(Person.id).where(Person.name == name)).one())


def test_a_leaver_leaves_kpis_alerts_and_pickers_and_keeps_their_ratings(
    session: Session,
) -> None:
    lead = _named(session, "Priya Raman")
    leaver = _named(session, "Diego Fernández")
    before = team_home(session, actor=lead, today=TODAY, now=NOW)
    history = development_report(
        session, actor=lead, person_id=leaver.id, today=TODAY, now=NOW
    ).history
    assert history  # the demo gave them ratings

    set_person_active(
        session, actor=lead, person_id=leaver.id, active=False, today=TODAY, now=utc_now()
    )

    after = team_home(session, actor=lead, today=TODAY, now=NOW)
    assert after.kpi("members").value == before.kpi("members").value - 1
    assert not [a for a in after.alerts if a.person_id == leaver.id]
    assert leaver.id not in [p.id for p in list_people(session, lead.team_id)]
    report = development_report(session, actor=lead, person_id=leaver.id, today=TODAY, now=NOW)
    assert report.history == history
