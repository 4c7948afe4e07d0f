"""Training impact reads the team's reviews only as far back as its figures look, and its
figures are the same as when it read them all."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

import insights.impact
from insights.impact import impact_and_home
from insights.team_home import team_facts
from storage.models import Person
from storage.people import get_person
from tests.conftest import TODAY

NOW = datetime.combine(TODAY, time(15, 0), tzinfo=UTC)


@pytest.mark.parametrize("days_back", [None, 30, 200, 700])
def test_impact_is_the_same_when_every_review_is_read(
    demo_session: Session, monkeypatch: pytest.MonkeyPatch, days_back: int | None
) -> None:
    lead_id = demo_session.exec(select(Person.id).where(Person.name == "Priya Raman")).one()
    lead = get_person(demo_session, lead_id or 0)
    compared_on = None if days_back is None else TODAY - timedelta(days=days_back)
    limited = impact_and_home(
        demo_session, actor=lead, today=TODAY, now=NOW, compared_on=compared_on
    )

    def every_review(session: Session, **kwargs: object) -> object:
        kwargs.pop("reviews_since", None)
        return team_facts(session, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(insights.impact, "team_facts", every_review)
    everything = impact_and_home(
        demo_session, actor=lead, today=TODAY, now=NOW, compared_on=compared_on
    )
    assert limited == everything
