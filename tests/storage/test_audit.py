"""The audit log as a lead reads it: newest first, in words, filtered, limited to the team."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from storage.audit import audit_actions, audit_log, record
from storage.enums import CompetencyGroup, PersonRole
from storage.errors import PermissionDenied
from storage.models import Competency, utc_now
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
    assert [(e.actor_name, e.team_name, e.action) for e in entries] == [
        ("system", "", "Framework saved"),
        ("Priya Raman", "Search Platform", "Targets set"),
        ("Grace Okafor", "Search Platform", "Rating added"),
    ]  # the other team's rating is not there


def test_a_change_reads_as_the_sentence_written_when_it_was_made(
    session: Session, team: dict[str, object]
) -> None:
    record(
        session,
        actor=team["mentor"],  # type: ignore[arg-type]
        action="rating_added",
        entity="rating",
        summary="Rated Aisha Khan intermediate in Vector search (mentor rating).",
        detail={"person_id": team["aisha"].id, "competency": "vector-search", "level": 2},  # type: ignore[attr-defined]
        at=datetime(2026, 11, 20, 9, tzinfo=UTC),
    )
    session.flush()
    [entry] = audit_log(session, actor=team["lead"], since=date(2026, 11, 20))  # type: ignore[arg-type]
    assert entry.at.date() == date(2026, 11, 20)  # when it happened, not when it was written
    assert entry.detail == "Rated Aisha Khan intermediate in Vector search (mentor rating)."


def test_an_event_written_before_sentences_still_reads_with_names_and_rounded_numbers(
    session: Session, team: dict[str, object]
) -> None:
    """Rows already in a database have only raw details: people and competencies are named,
    numbers rounded, days written out, and internal ids left out."""
    lead, aisha = team["lead"], team["aisha"]
    competency = Competency(
        team_id=lead.team_id,  # type: ignore[attr-defined]
        key="innovation-leadership",
        name="Innovation leadership",
        group=CompetencyGroup.LEADERSHIP,
    )
    session.add(competency)
    _event(
        session,
        datetime(2026, 11, 16, 9, tzinfo=UTC),
        actor=lead,
        action="rating_added",
        entity="rating",
        person_id=aisha.id,  # type: ignore[attr-defined]
        competency="innovation-leadership",
        level=2,
        rating_id=41,
    )
    _event(
        session,
        datetime(2026, 11, 17, 9, tzinfo=UTC),
        actor=lead,
        action="fsrs_fit_proposed",
        entity="team",
        loss_before=0.34977671236644575,
        loss_after=0.3128,
        on="2026-11-17",
    )
    fit, rating = audit_log(session, actor=lead, since=date(2026, 11, 16), until=date(2026, 11, 17))  # type: ignore[arg-type]
    assert (
        rating.detail
        == "Rating added: person: Aisha Khan; competency: Innovation leadership; level: 2"
    )
    assert fit.detail == "FSRS fit proposed: loss before: 0.35; loss after: 0.31; on: 17 Nov 2026"
    # The fixture's rating names a competency this team no longer has: its key, in words.
    assert (
        audit_log(session, actor=lead)[-1].detail
        == "Rating added: person: Aisha Khan; competency: Faiss; level: 2"
    )  # type: ignore[arg-type]


def test_filters_by_dates_person_and_action(session: Session, team: dict[str, object]) -> None:
    lead, mentor = team["lead"], team["mentor"]
    since = audit_log(session, actor=lead, since=date(2026, 11, 10))  # type: ignore[arg-type]
    assert [e.action for e in since] == ["Framework saved", "Targets set"]
    until = audit_log(session, actor=lead, until=date(2026, 11, 10))  # type: ignore[arg-type]
    assert [e.action for e in until] == ["Targets set", "Rating added"]
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
    admin = set_admin(session, actor=None, person_id=admin.id, admin=True, now=utc_now())
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
    assert mine[0].action == "Person added"
    assert mine[0].actor_name == "Ada Admin"
    assert (
        mine[0].detail
        == "Added Nora Lind to Search Platform as a learner (Engineer, nora@example.com)."
    )
    other_lead = make_ref(
        session=session,
        person=make_person(
            session=session, team=outsider_team, name="Rui Lead", role=PersonRole.LEAD
        ),
    )
    assert "Person added" not in [e.action for e in audit_log(session, actor=other_lead)]
    # The admin reads every team's events.
    assert "Person added" in [e.action for e in audit_log(session, actor=admin)]
