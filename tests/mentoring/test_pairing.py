"""Pairing by a lead, the mentor workload and the mentees overview with cadence alerts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from mentoring.action_items import add_action_item
from mentoring.meetings import complete_meeting, save_meeting
from mentoring.pairing import assign_mentor, mentees_overview, mentor_workload
from mentoring.planning import active_plan, create_plan
from mentoring.plans import PlanSettings
from storage.enums import PersonRole, Visibility
from storage.errors import InvalidInput, PermissionDenied
from storage.models import utc_now
from storage.people import PersonRef, get_person
from tests.factories import make_person, make_ref, make_team

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TODAY = NOW.date()
WEEKLY = PlanSettings(8, 1, 45, ("Architecture",))
TWICE = PlanSettings(12, 2, 60, ("Foundations",))


@pytest.fixture
def team(session: Session) -> dict[str, PersonRef]:
    t = make_team(session=session, name="Search")
    lead = make_person(session=session, team=t, name="Lena Lead", role=PersonRole.LEAD)
    max_ = make_person(session=session, team=t, name="Max Mentor", role=PersonRole.MENTOR)
    mia = make_person(session=session, team=t, name="Mia Mentor", role=PersonRole.MENTOR)
    people = [lead, max_, mia]
    people.append(make_person(session=session, team=t, name="Ada Byte", mentor=max_))
    people.append(make_person(session=session, team=t, name="Cy Stale", mentor=max_))
    people.append(make_person(session=session, team=t, name="Bo Learner"))
    return {p.name.split()[0]: make_ref(session=session, person=p) for p in people}


def _done(session: Session, actor: PersonRef, session_id: int, at: datetime) -> None:
    save_meeting(
        session,
        actor=actor,
        meeting_id=session_id,
        agenda="Agenda",
        notes="",
        visibility=Visibility.PAIR,
        expected_version=0,
        now=at,
    )
    complete_meeting(session, actor=actor, meeting_id=session_id, now=at)


def test_only_a_lead_pairs_and_only_with_mentors(
    session: Session, team: dict[str, PersonRef]
) -> None:
    with pytest.raises(PermissionDenied):
        assign_mentor(
            session,
            actor=team["Max"],
            mentee_id=team["Bo"].id,
            mentor_id=team["Max"].id,
            now=utc_now(),
        )
    with pytest.raises(InvalidInput, match="is a learner"):
        assign_mentor(
            session,
            actor=team["Lena"],
            mentee_id=team["Bo"].id,
            mentor_id=team["Ada"].id,
            now=utc_now(),
        )
    with pytest.raises(InvalidInput, match="mentors themselves"):
        assign_mentor(
            session,
            actor=team["Lena"],
            mentee_id=team["Mia"].id,
            mentor_id=team["Mia"].id,
            now=utc_now(),
        )
    assign_mentor(
        session,
        actor=team["Lena"],
        mentee_id=team["Bo"].id,
        mentor_id=team["Mia"].id,
        now=utc_now(),
    )
    assert get_person(session, team["Bo"].id).mentor_id == team["Mia"].id


def test_reassigning_moves_the_active_plan_to_the_new_mentor(
    session: Session, team: dict[str, PersonRef]
) -> None:
    create_plan(
        session,
        actor=team["Max"],
        mentee_id=team["Ada"].id,
        started_on=date(2026, 11, 2),
        settings=WEEKLY,
        now=NOW,
    )
    assign_mentor(
        session,
        actor=team["Lena"],
        mentee_id=team["Ada"].id,
        mentor_id=team["Mia"].id,
        now=utc_now(),
    )
    plan = active_plan(session, actor=team["Lena"], mentee_id=team["Ada"].id, today=TODAY)
    assert plan is not None and plan.mentor_name == "Mia Mentor"


def test_overview_shows_last_and_next_session_items_and_overdue_1_1s(
    session: Session, team: dict[str, PersonRef]
) -> None:
    mentor = team["Max"]
    ada = create_plan(
        session,
        actor=mentor,
        mentee_id=team["Ada"].id,
        started_on=date(2026, 11, 2),
        settings=WEEKLY,
        now=NOW,
    )
    for s in ada.sessions[:3]:  # 2, 9 and 16 Nov: on time
        _done(session, mentor, s.id, s.scheduled_for + timedelta(hours=1))
    add_action_item(
        session,
        actor=mentor,
        session_id=ada.sessions[2].id,
        title="Write up the benchmark",
        owner_id=team["Ada"].id,
        due_on=date(2026, 11, 18),
        now=NOW - timedelta(days=5),
    )
    cy = create_plan(
        session,
        actor=mentor,
        mentee_id=team["Cy"].id,
        started_on=date(2026, 10, 26),
        settings=TWICE,
        now=NOW,
    )
    _done(session, mentor, cy.sessions[0].id, datetime(2026, 10, 26, 11, tzinfo=UTC))
    rows = {r.name: r for r in mentees_overview(session, actor=mentor, today=TODAY)}
    assert set(rows) == {"Ada Byte", "Cy Stale"}
    assert rows["Ada Byte"].overdue is None
    assert rows["Ada Byte"].last_session == datetime(2026, 11, 16, 11, tzinfo=UTC)
    assert rows["Ada Byte"].next_session == datetime(2026, 11, 23, 10, tzinfo=UTC)
    assert (rows["Ada Byte"].open_items, rows["Ada Byte"].overdue_items) == (1, 1)
    overdue = rows["Cy Stale"].overdue
    assert overdue is not None and overdue.cadence is not None
    assert (overdue.cadence.days_since, overdue.cadence.allowed_days) == (26, 7)
    assert rows["Cy Stale"].missed_sessions == 7  # 29 Oct … 19 Nov passed unmarked
    assert len(overdue.missed_on) == 7
    # The lead sees everyone with a mentor; another mentor sees only their own.
    lead_rows = mentees_overview(session, actor=team["Lena"], today=TODAY)
    assert {r.name for r in lead_rows} == {"Ada Byte", "Cy Stale"}
    assert mentees_overview(session, actor=team["Mia"], today=TODAY) == []
    with pytest.raises(PermissionDenied):
        mentees_overview(session, actor=team["Ada"], today=TODAY)


def test_workload_counts_mentees_sessions_a_week_and_missed_sessions(
    session: Session, team: dict[str, PersonRef]
) -> None:
    mentor = team["Max"]
    ada = create_plan(
        session,
        actor=mentor,
        mentee_id=team["Ada"].id,
        started_on=date(2026, 11, 9),
        settings=WEEKLY,
        now=NOW,
    )
    create_plan(
        session,
        actor=mentor,
        mentee_id=team["Cy"].id,
        started_on=date(2026, 11, 30),
        settings=TWICE,
        now=NOW,
    )
    _done(session, mentor, ada.sessions[0].id, datetime(2026, 11, 9, 11, tzinfo=UTC))
    _done(session, mentor, ada.sessions[1].id, datetime(2026, 11, 16, 11, tzinfo=UTC))
    with pytest.raises(PermissionDenied):
        mentor_workload(session, actor=mentor, now=NOW)
    rows = {r.name: r for r in mentor_workload(session, actor=team["Lena"], now=NOW)}
    assert set(rows) == {"Max Mentor"}  # Mia has no mentees, the lead mentors nobody
    max_row = rows["Max Mentor"]
    assert max_row.mentees == ["Ada Byte", "Cy Stale"]
    assert max_row.planned_per_week == 3
    assert max_row.done_last_week == 1  # 16 Nov; 9 Nov is older than seven days
    assert max_row.missed_sessions == 0
