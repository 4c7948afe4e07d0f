"""The demo team's mentoring: plans from assessments, believable history, alerts, a capstone."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from sqlmodel import Session, select

from mentoring.capstone_tracking import capstones_of
from mentoring.meetings import meeting_detail
from mentoring.pairing import mentees_overview, mentor_workload
from mentoring.planning import active_plan
from storage.models import ActionItem, MentoringSession, Person
from storage.people import PersonRef, get_person
from tests.conftest import TODAY

NOW = datetime.combine(TODAY, time(23, 0)).astimezone()


@pytest.fixture
def session(demo_session: Session) -> Session:
    """The demo team seeded at TODAY: this module's own copy."""
    return demo_session


def people(session: Session) -> dict[str, PersonRef]:
    return {p.name: get_person(session, p.id or 0) for p in session.exec(select(Person))}


def test_every_mentee_has_a_plan_that_matches_their_assessment(session: Session) -> None:
    ppl = people(session)
    rows = {r.name: r for r in mentees_overview(session, actor=ppl["Priya Raman"], today=TODAY)}
    assert len(rows) == 8
    for name, row in rows.items():
        assert row.plan is not None, name
        assert row.plan.assessment_overall is not None
        expected_weeks = 12 if row.plan.assessment_overall < 6 else 8
        assert row.plan.weeks == expected_weeks, name
    assert rows["Ben Carter"].plan.sessions_per_week == 2  # type: ignore[union-attr]
    assert rows["Mei Chen"].plan.sessions_per_week == 1  # type: ignore[union-attr]


def test_history_has_notes_items_done_open_and_overdue(session: Session) -> None:
    done = session.exec(select(MentoringSession).where(MentoringSession.done_at != None)).all()  # noqa: E711
    assert len(done) >= 20
    assert all(s.notes and s.agenda for s in done)
    assert any(s.mentee_rating for s in done)
    items = session.exec(select(ActionItem)).all()
    closed = [i for i in items if i.done_at is not None]
    still_open = [i for i in items if i.done_at is None]
    overdue = [i for i in still_open if i.due_on is not None and i.due_on < TODAY]
    assert closed and still_open and 1 <= len(overdue) < len(still_open)


def test_ben_has_an_overdue_1_1_and_missed_sessions(session: Session) -> None:
    ppl = people(session)
    rows = {r.name: r for r in mentees_overview(session, actor=ppl["Lars Henriksen"], today=TODAY)}
    ben = rows["Ben Carter"]
    assert ben.overdue is not None
    assert ben.overdue.cadence is not None and ben.overdue.cadence.days_since >= 18
    assert ben.missed_sessions >= 3
    assert rows["Kwame Mensah"].overdue is None
    workload = {w.name: w for w in mentor_workload(session, actor=ppl["Priya Raman"], now=NOW)}
    assert workload["Lars Henriksen"].missed_sessions == ben.missed_sessions
    assert workload["Grace Okafor"].mentees == ["Aisha Khan", "Jonas Weber", "Sofia Rossi"]


def test_aishas_next_session_names_her_gaps_items_and_capstone(session: Session) -> None:
    ppl = people(session)
    grace, aisha = ppl["Grace Okafor"], ppl["Aisha Khan"]
    plan = active_plan(session, actor=grace, mentee_id=aisha.id, today=TODAY)
    assert plan is not None and plan.next_session is not None
    detail = meeting_detail(session, actor=grace, meeting_id=plan.next_session.id, now=NOW)
    assert detail.agenda_is_draft
    assert "Gap: Embedding model mastery" in detail.agenda
    assert detail.carried_over and all(i.title in detail.agenda for i in detail.carried_over)
    assert "Capstone 'Personal document search', week 3 checkpoint" in detail.agenda
    [capstone] = capstones_of(session, actor=grace, mentee_id=aisha.id)
    assert capstone.ticked == 2 and capstone.completed_on is None


def test_hannahs_next_session_names_her_fading_skills_and_waiting_reviews(
    session: Session,
) -> None:
    """The flow the design promises: the matrix's fading flag reaches the mentor's agenda."""
    ppl = people(session)
    hannah = ppl["Hannah Schmidt"]
    mentor = get_person(session, hannah.mentor_id or 0)
    plan = active_plan(session, actor=mentor, mentee_id=hannah.id, today=TODAY)
    assert plan is not None and plan.next_session is not None
    detail = meeting_detail(session, actor=mentor, meeting_id=plan.next_session.id, now=NOW)
    assert "Fading: Vector database expertise" in detail.agenda
    assert "Overdue reviews:" in detail.agenda
