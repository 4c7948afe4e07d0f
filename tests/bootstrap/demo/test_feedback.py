"""The demo's feedback loop and shared agendas are alive: answers over several weeks with one
module rated low, an open improvement item, talking points on the next 1:1s (one private),
this week's question still open, and mentor effectiveness from the held 1:1s."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from curriculum.feedback import open_questions
from insights.curriculum_feedback import curriculum_feedback, mentor_effectiveness
from mentoring.planning import active_plan
from mentoring.talking_points import talking_points
from storage.models import Person
from storage.people import PersonRef, get_person
from tests.conftest import TODAY


@pytest.fixture
def session(demo_session: Session) -> Session:
    return demo_session


def _people(session: Session) -> dict[str, PersonRef]:
    return {p.name: get_person(session, p.id or 0) for p in session.exec(select(Person))}


def test_the_lead_reads_weeks_of_answers_with_index_families_rated_low(session: Session) -> None:
    lead = _people(session)["Priya Raman"]
    view = curriculum_feedback(session, actor=lead, team_id=lead.team_id)
    months = {r.month for r in view.by_month}
    assert len(months) >= 2
    assert len({a.person_name for a in view.answers}) >= 5
    assert [m.module for m in view.flagged if m.low_rating] == [
        "Index families and their parameters"
    ]
    [item] = [i for i in view.improvements if i.is_open]
    assert item.module_title == "Index families and their parameters"
    assert item.owner_name == "Tomás Alvarez"
    mentors = {
        m.mentor_name: m for m in mentor_effectiveness(session, actor=lead, team_id=lead.team_id)
    }
    assert set(mentors) == {"Grace Okafor", "Tomás Alvarez", "Lars Henriksen"}
    assert all(m.sessions_held > 0 and m.ratings for m in mentors.values())


def test_the_next_1_1s_carry_points_from_both_sides_one_private(session: Session) -> None:
    people = _people(session)
    aisha, jonas = people["Aisha Khan"], people["Jonas Weber"]
    plan = active_plan(session, actor=aisha, mentee_id=aisha.id, today=TODAY)
    assert plan is not None and plan.next_session is not None
    points = talking_points(session, actor=aisha, meeting_id=plan.next_session.id)
    assert [p.author_name for p in points] == ["Aisha Khan", "Grace Okafor"]
    jonas_plan = active_plan(session, actor=jonas, mentee_id=jonas.id, today=TODAY)
    assert jonas_plan is not None and jonas_plan.next_session is not None
    meeting_id = jonas_plan.next_session.id
    [private] = talking_points(session, actor=jonas, meeting_id=meeting_id)
    assert private.private
    mentor = get_person(session, jonas_plan.mentor_id)
    assert talking_points(session, actor=mentor, meeting_id=meeting_id) == []


def test_a_learner_on_a_track_is_asked_this_week(session: Session) -> None:
    assert open_questions(session, actor=_people(session)["Mei Chen"], today=TODAY)
