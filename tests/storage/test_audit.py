"""The audit log as a lead reads it: newest first, in words, filtered, limited to the team."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from storage.audit import audit_actions, audit_log, record
from storage.errors import PermissionDenied
from storage.models import PersonRole
from tests.factories import make_person, make_ref, make_team


def _event(
    session: Session, at: datetime, actor: object, action: str, entity: str, **detail: object
) -> None:
    record(session, actor=actor, action=action, entity=entity, detail=detail, at=at)  # type: ignore[arg-type]
    session.flush()


@pytest.fixture
def team(session: Session) -> dict[str, object]:
    home = make_team(session=session, name="Search Platform")
    lead = make_ref(
        session=session,
        person=make_person(session=session, team=home, name="Priya Raman", role=PersonRole.LEAD),
    )
    mentor = make_ref(
        session=session,
        person=make_person(session=session, team=home, name="Grace Okafor", role=PersonRole.MENTOR),
    )
    aisha = make_ref(
        session=session, person=make_person(session=session, team=home, name="Aisha Khan")
    )
    other = make_ref(
        session=session,
        person=make_person(session=session, team=make_team(session=session), name="Ola Outsider"),
    )
    _event(
        session,
        datetime(2026, 11, 2, 9, tzinfo=UTC),
        actor=mentor,
        action="rating_added",
        entity="rating",
        person_id=aisha.id,
        competency="faiss",
        level=2,
        rating_id=41,
    )
    _event(
        session,
        datetime(2026, 11, 10, 9, tzinfo=UTC),
        actor=lead,
        action="targets_set",
        entity="roletarget",
        count=12,
    )
    _event(
        session,
        datetime(2026, 11, 12, 9, tzinfo=UTC),
        actor=None,
        action="framework_saved",
        entity="competency",
        source="import",
    )
    _event(
        session,
        datetime(2026, 11, 15, 9, tzinfo=UTC),
        actor=other,
        action="rating_added",
        entity="rating",
        person_id=other.id,
    )
    return {"lead": lead, "mentor": mentor, "aisha": aisha}


def test_the_lead_reads_the_teams_changes_newest_first_in_words(
    session: Session, team: dict[str, object]
) -> None:
    entries = audit_log(session, actor=team["lead"])  # type: ignore[arg-type]
    assert [(e.actor_name, e.action, e.entity) for e in entries] == [
        ("system", "framework saved", "competency framework"),
        ("Priya Raman", "targets set", "role targets"),
        ("Grace Okafor", "rating added", "rating"),
    ]  # the other team's rating is not there
    # A person is named; an internal id means nothing to a reader and is left out.
    assert entries[2].detail == "person: Aisha Khan; competency: faiss; level: 2"


def test_filters_by_dates_person_and_action(session: Session, team: dict[str, object]) -> None:
    lead, mentor = team["lead"], team["mentor"]
    since = audit_log(session, actor=lead, since=date(2026, 11, 10))  # type: ignore[arg-type]
    assert [e.action for e in since] == ["framework saved", "targets set"]
    until = audit_log(session, actor=lead, until=date(2026, 11, 10))  # type: ignore[arg-type]
    assert [e.action for e in until] == ["targets set", "rating added"]
    by_mentor = audit_log(session, actor=lead, by_person_id=mentor.id)  # type: ignore[arg-type, attr-defined]
    assert [e.actor_name for e in by_mentor] == ["Grace Okafor"]
    ratings = audit_log(session, actor=lead, action="rating_added")  # type: ignore[arg-type]
    assert [e.actor_name for e in ratings] == ["Grace Okafor"]
    assert audit_actions(session) == ["framework_saved", "rating_added", "targets_set"]


def test_only_a_lead_may_read_the_log(session: Session, team: dict[str, object]) -> None:
    for someone in (team["mentor"], team["aisha"]):
        with pytest.raises(PermissionDenied, match="Only a team lead"):
            audit_log(session, actor=someone)  # type: ignore[arg-type]


def test_a_change_an_admin_makes_to_a_team_is_read_by_that_teams_lead_only(
    session: Session, team: dict[str, object]
) -> None:
    """An admin of another team (or the command line) adds someone to Priya's team: Priya's
    log shows it, with its details; the other team's lead does not see it."""
    from datetime import datetime as _datetime

    from storage.roster import PersonIn, add_person, set_admin

    lead = team["lead"]
    outsider_team = make_team(session=session, name="Ranking")
    admin = make_ref(
        session=session,
        person=make_person(
            session=session, team=outsider_team, name="Ada Admin", role=PersonRole.LEAD
        ),
    )
    admin = set_admin(session, actor=None, person_id=admin.id, admin=True)
    add_person(
        session,
        actor=admin,
        team_id=lead.team_id,  # type: ignore[attr-defined]
        person=PersonIn(
            name="Nora Lind", email="nora@example.com", role=PersonRole.LEARNER, job_role="Engineer"
        ),
        now=_datetime(2026, 11, 20, 9, tzinfo=UTC),
    )
    mine = audit_log(session, actor=lead)  # type: ignore[arg-type]
    assert mine[0].action == "person added"
    assert mine[0].actor_name == "Ada Admin"
    assert "email: nora@example.com" in mine[0].detail
    other_lead = make_ref(
        session=session,
        person=make_person(
            session=session, team=outsider_team, name="Rui Lead", role=PersonRole.LEAD
        ),
    )
    assert "person added" not in [e.action for e in audit_log(session, actor=other_lead)]
    # The admin reads every team's events.
    assert "person added" in [e.action for e in audit_log(session, actor=admin)]
