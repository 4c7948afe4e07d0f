"""A save that narrows who may read a text, or changes the text, takes it out of search in
its own transaction: nobody it was hidden from finds it, even before (or without) the index
update that puts it back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from mentoring.meetings import save_meeting
from search.indexing import SearchIndex
from search.notes import NoteInput, create_note, delete_note, update_note
from search.retrieval import Backend, Retriever
from storage.enums import PersonRole, Visibility
from storage.models import MentoringPlan, MentoringSession
from storage.people import PersonRef
from tests.factories import make_index, make_person, make_ref, make_team

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
SECRET = "Wombat migration checklist: rotate the staging keys before Friday."


@dataclass
class Team:
    session: Session
    index: SearchIndex
    grace: PersonRef  # mentor, writes the note
    aisha: PersonRef  # her mentee
    ben: PersonRef  # a teammate


@pytest.fixture
def team(session: Session, tmp_path: Path) -> Team:
    team = make_team(session=session)
    grace = make_person(session=session, team=team, name="Grace", role=PersonRole.MENTOR)
    aisha = make_person(session=session, team=team, name="Aisha", mentor=grace)
    ben = make_person(session=session, team=team, name="Ben")
    return Team(
        session,
        make_index(tmp_path),
        *(make_ref(session=session, person=p) for p in (grace, aisha, ben)),
    )


def _found(team: Team, viewer: PersonRef, query: str) -> list[str]:
    titles = []
    for backend in Backend:
        response = Retriever(team.index).search(
            team.session, actor=viewer, query=query, backend=backend
        )
        titles += [r.title for r in response.results]
    return titles


def _team_note(team: Team) -> int:
    note = create_note(
        team.session,
        actor=team.grace,
        note_in=NoteInput("Staging keys", SECRET, visibility=Visibility.TEAM),
        now=NOW,
    )
    team.session.commit()
    team.index.update(team.session)
    assert "Staging keys" in _found(team, team.ben, "wombat migration checklist")
    return note.id


def test_a_note_made_private_leaves_a_teammates_search_with_the_save(team: Team) -> None:
    note_id = _team_note(team)
    update_note(
        team.session,
        actor=team.grace,
        note_id=note_id,
        note_in=NoteInput("Staging keys", SECRET, visibility=Visibility.PRIVATE),
        now=NOW,
    )
    team.session.commit()  # saved; the index update has not run (or failed)
    assert "Staging keys" not in _found(team, team.ben, "wombat migration checklist")
    team.index.update(team.session)
    assert "Staging keys" not in _found(team, team.ben, "wombat migration checklist")
    assert "Staging keys" in _found(team, team.grace, "wombat migration checklist")


def test_text_taken_out_of_a_note_is_not_found_before_the_index_update(team: Team) -> None:
    note_id = _team_note(team)
    update_note(
        team.session,
        actor=team.grace,
        note_id=note_id,
        note_in=NoteInput("Staging keys", "Rotated; ask Grace for the new ones."),
        now=NOW,
    )
    team.session.commit()
    assert "Staging keys" not in _found(team, team.ben, "wombat migration checklist")


def test_a_deleted_note_is_gone_from_search_with_the_delete(team: Team) -> None:
    note_id = _team_note(team)
    delete_note(team.session, actor=team.grace, note_id=note_id, now=NOW)
    team.session.commit()
    assert "Staging keys" not in _found(team, team.ben, "wombat migration checklist")
    report = team.index.update(team.session)
    assert report.removed == 1 and team.index.check(team.session).ok


def test_changing_only_a_notes_tags_keeps_it_in_search(team: Team) -> None:
    note_id = _team_note(team)
    update_note(
        team.session,
        actor=team.grace,
        note_id=note_id,
        note_in=NoteInput("Staging keys", SECRET, tags=("ops",), visibility=Visibility.TEAM),
        now=NOW,
    )
    team.session.commit()
    assert "Staging keys" in _found(team, team.ben, "wombat migration checklist")


def test_1_1_notes_narrowed_to_the_pair_leave_the_teams_search_with_the_save(
    team: Team,
) -> None:
    plan = MentoringPlan(
        mentor_id=team.grace.id,
        mentee_id=team.aisha.id,
        started_on=date(2026, 11, 2),
        weeks=6,
        sessions_per_week=1,
        session_minutes=45,
    )
    team.session.add(plan)
    team.session.flush()
    assert plan.id is not None
    meeting = MentoringSession(
        plan_id=plan.id,
        number=1,
        scheduled_for=NOW,
        notes=SECRET,
        notes_visibility=Visibility.TEAM,
    )
    team.session.add(meeting)
    team.session.commit()
    assert meeting.id is not None
    team.index.update(team.session)
    title = "1:1 session 1: Grace with Aisha"
    assert title in _found(team, team.ben, "wombat migration checklist")

    save_meeting(
        team.session,
        actor=team.grace,
        meeting_id=meeting.id,
        agenda="",
        notes=SECRET,
        visibility=Visibility.PAIR,
        expected_version=meeting.version,
        now=NOW,
    )
    team.session.commit()
    assert title not in _found(team, team.ben, "wombat migration checklist")
    team.index.update(team.session)
    assert title not in _found(team, team.ben, "wombat migration checklist")
    assert title in _found(team, team.aisha, "wombat migration checklist")
