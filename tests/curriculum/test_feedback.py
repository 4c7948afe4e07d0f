"""The feedback loop: a learner who finishes a module is asked about it, an active learner is
asked weekly; an answer or a question set aside is not asked again; the lead reads the answers
with their modules and opens improvement items that the owner moves on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from curriculum.feedback import (
    MODULE_QUESTION_DAYS,
    WEEKLY_QUESTION,
    answer_question,
    improvement_items,
    open_improvement,
    open_questions,
    questions_due,
    set_aside_question,
    set_improvement_status,
    team_feedback,
    week_start,
)
from curriculum.progress import enroll, log_activity
from storage.enums import ActivityKind, ImprovementStatus, LearningStage, PersonRole
from storage.errors import InvalidInput, PermissionDenied
from storage.models import AuditEvent
from storage.people import PersonRef
from tests.factories import make_module, make_person, make_ref, make_team, make_track

TODAY = date(2026, 11, 19)  # a Thursday
NOW = datetime(2026, 11, 19, 12, tzinfo=UTC)


@dataclass
class Team:
    session: Session
    lead: PersonRef
    mentor: PersonRef
    ada: PersonRef
    other_lead: PersonRef


@pytest.fixture
def team(session: Session) -> Team:
    t = make_team(session=session, name="Search")
    other = make_team(session=session, name="Ranking")
    lead = make_person(session=session, team=t, name="Lena Lead", role=PersonRole.LEAD)
    mentor = make_person(session=session, team=t, name="Max Mentor", role=PersonRole.MENTOR)
    ada = make_person(session=session, team=t, name="Ada Byte", mentor=mentor)
    other_lead = make_person(session=session, team=other, name="Olga Lead", role=PersonRole.LEAD)
    chunking = make_module(session=session, key="chunking", title="Chunking", hours=4)
    hnsw = make_module(session=session, key="hnsw", title="HNSW", hours=6)
    make_track(session=session, key="core", weeks=4, schedule=[(chunking, 1, 2), (hnsw, 3, 4)])
    refs = [make_ref(session=session, person=p) for p in (lead, mentor, ada, other_lead)]
    return Team(session, *refs)


def _finish(team: Team, module_key: str, on: date) -> None:
    log_activity(
        team.session,
        actor=team.ada,
        person_id=team.ada.id,
        module_key=module_key,
        occurred_on=on,
        hours=2,
        kind=ActivityKind.EXERCISE,
        stage=LearningStage.ACTIVE_EXPERIMENTATION,
        percent=100,
        today=on,
        now=NOW,
    )


def test_a_learner_who_finishes_a_module_is_asked_about_it_once(team: Team) -> None:
    enroll(
        team.session,
        actor=team.lead,
        person_id=team.ada.id,
        track_key="core",
        started_on=TODAY - timedelta(days=10),
        at=NOW,
    )
    [weekly] = open_questions(team.session, actor=team.ada, today=TODAY)
    assert weekly.text == WEEKLY_QUESTION and weekly.week_start == date(2026, 11, 16)
    _finish(team, "chunking", TODAY)
    [asked] = open_questions(team.session, actor=team.ada, today=TODAY)
    assert asked.module_title == "Chunking"
    assert asked.text == "How useful was the module Chunking, 1–5, and why?"
    answer_question(
        team.session,
        actor=team.ada,
        module_key="chunking",
        week=asked.week_start,
        rating=2,
        comment="The overlap exercise had no data to run it on.",
        now=NOW,
    )
    # Answered: neither the module nor, this week, the weekly question is asked again.
    assert open_questions(team.session, actor=team.ada, today=TODAY) == []
    with pytest.raises(InvalidInput, match="already answered about Chunking"):
        answer_question(
            team.session,
            actor=team.ada,
            module_key="chunking",
            week=asked.week_start,
            rating=3,
            comment="",
            now=NOW,
        )
    # Next week the weekly question is back.
    [again] = open_questions(team.session, actor=team.ada, today=TODAY + timedelta(days=7))
    assert again.module_key is None and again.week_start == date(2026, 11, 23)
    [answer] = team_feedback(team.session, actor=team.lead, team_id=team.lead.team_id)
    assert (answer.person_name, answer.module_title, answer.rating) == ("Ada Byte", "Chunking", 2)
    assert answer.comment == "The overlap exercise had no data to run it on."


def test_a_question_set_aside_is_not_asked_again_and_is_no_answer(team: Team) -> None:
    _finish(team, "hnsw", TODAY - timedelta(days=1))
    [asked] = open_questions(team.session, actor=team.ada, today=TODAY)
    set_aside_question(
        team.session, actor=team.ada, module_key="hnsw", week=asked.week_start, now=NOW
    )
    # Not on a track: no weekly question either.
    assert open_questions(team.session, actor=team.ada, today=TODAY) == []
    assert team_feedback(team.session, actor=team.lead, team_id=team.lead.team_id) == []
    events = team.session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all()
    assert events[-1].detail["summary"] == "Set aside the feedback question about HNSW."


def test_a_rating_outside_1_to_5_is_refused_and_nothing_is_saved(team: Team) -> None:
    for rating in (0, 6, None):
        with pytest.raises(InvalidInput, match="pick a rating from 1 to 5"):
            answer_question(
                team.session,
                actor=team.ada,
                module_key=None,
                week=week_start(TODAY),
                rating=rating,
                comment="ok",
                now=NOW,
            )
    assert team_feedback(team.session, actor=team.lead, team_id=team.lead.team_id) == []


def test_only_the_teams_lead_reads_the_answers(team: Team) -> None:
    for reader in (team.mentor, team.ada, team.other_lead):
        with pytest.raises(PermissionDenied):
            team_feedback(team.session, actor=reader, team_id=team.lead.team_id)


def test_one_question_at_a_time_the_module_finished_last_first() -> None:
    completed = [("chunking", "Chunking", TODAY - timedelta(days=3)), ("hnsw", "HNSW", TODAY)]
    [first] = questions_due(
        today=TODAY, on_a_track=True, completed=completed, asked_modules=set(), asked_weeks=set()
    )
    assert first.module_title == "HNSW"
    [then] = questions_due(
        today=TODAY,
        on_a_track=True,
        completed=completed,
        asked_modules={"hnsw"},
        asked_weeks={week_start(TODAY)},
    )
    assert then.module_title == "Chunking"


def test_modules_finished_long_ago_are_not_asked_about() -> None:
    old = date(2026, 11, 1)
    due = questions_due(
        today=old + timedelta(days=MODULE_QUESTION_DAYS + 1),
        on_a_track=False,
        completed=[("hnsw", "HNSW", old)],
        asked_modules=set(),
        asked_weeks=set(),
    )
    assert due == []


def test_a_lead_opens_an_improvement_item_and_its_owner_moves_it_on(team: Team) -> None:
    item = open_improvement(
        team.session,
        actor=team.lead,
        module_key="chunking",
        title="Add a sample dataset to the overlap exercise",
        owner_id=team.mentor.id,
        now=NOW,
    )
    assert (item.module_title, item.status, item.owner_name, item.opened_by_name) == (
        "Chunking",
        ImprovementStatus.OPEN,
        "Max Mentor",
        "Lena Lead",
    )
    with pytest.raises(PermissionDenied):
        open_improvement(
            team.session, actor=team.mentor, module_key="hnsw", title="x", owner_id=None, now=NOW
        )
    with pytest.raises(PermissionDenied):
        set_improvement_status(
            team.session, actor=team.ada, item_id=item.id, status=ImprovementStatus.DONE, now=NOW
        )
    moved = set_improvement_status(
        team.session,
        actor=team.mentor,
        item_id=item.id,
        status=ImprovementStatus.IN_PROGRESS,
        now=NOW,
    )
    assert moved.status == ImprovementStatus.IN_PROGRESS and moved.is_open
    set_improvement_status(
        team.session, actor=team.lead, item_id=item.id, status=ImprovementStatus.DONE, now=NOW
    )
    assert (
        improvement_items(team.session, actor=team.ada, team_id=team.ada.team_id, open_only=True)
        == []
    )
    summaries = [
        e.detail["summary"]
        for e in team.session.exec(select(AuditEvent).order_by(col(AuditEvent.id)))
        if e.entity == "improvementitem"
    ]
    assert summaries == [
        "Opened the improvement item 'Add a sample dataset to the overlap exercise' for "
        "Chunking, owned by Max Mentor.",
        "Moved the improvement item 'Add a sample dataset to the overlap exercise' for "
        "Chunking from open to in progress.",
        "Moved the improvement item 'Add a sample dataset to the overlap exercise' for "
        "Chunking from in progress to done.",
    ]
