"""Knowledge transfer on the demo: held sessions, notes, 1:1s, per month and per person."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import Session

from bootstrap.demo.sharing import HELD
from insights.knowledge_transfer import KnowledgeTransferView, knowledge_transfer
from insights.knowledge_transfer_rules import MonthTransfer, PersonTransfer
from mentoring.sharing import SessionDraft, propose_session, record_attendance
from search.notes import NoteInput, create_note
from storage.enums import PersonRole, SharingKind
from storage.errors import PermissionDenied
from storage.people import PersonRef, list_people
from tests.conftest import TODAY

NOW = datetime.combine(TODAY, time(15), tzinfo=UTC)


def _people(session: Session) -> dict[str, PersonRef]:
    return {p.name: p for p in list_people(session)}


def _read(session: Session, lead: PersonRef) -> KnowledgeTransferView:
    return knowledge_transfer(session, actor=lead, team_id=lead.team_id, today=TODAY)


def _month(view: KnowledgeTransferView, day: date) -> MonthTransfer:
    return next(m for m in view.months if m.month == day.replace(day=1))


def _person(view: KnowledgeTransferView, name: str) -> PersonTransfer:
    return next(p for p in view.people if p.name == name)


def test_the_demos_held_sessions_and_their_attendance_show_in_their_month(
    demo_session: Session,
) -> None:
    people = _people(demo_session)
    view = _read(demo_session, people["Priya Raman"])
    for month in {TODAY - timedelta(days=h.days_ago) for h in HELD}:
        held = [h for h in HELD if (TODAY - timedelta(days=h.days_ago)).month == month.month]
        figures = _month(view, month)
        assert figures.sessions >= len(held)
        assert figures.attendances >= sum(len(h.came) for h in held)
    brown_bag = HELD[0]
    assert _person(view, brown_bag.presenters[0]).presented >= 1
    for name in brown_bag.came:
        assert _person(view, name).attended >= 1
    assert sum(m.sessions for m in view.months) > 0
    assert view.months[-1].month == TODAY.replace(day=1)


def test_a_session_held_today_counts_its_presenter_and_each_attendee(
    demo_session: Session,
) -> None:
    people = _people(demo_session)
    lead, presenter = people["Priya Raman"], people["Mei Chen"]
    came = [people["Ben Carter"], people["Sofia Rossi"]]
    before = _read(demo_session, lead)
    [held] = propose_session(
        demo_session,
        actor=presenter,
        draft=SessionDraft(
            title="Reading a FAISS index by hand",
            kind=SharingKind.BROWN_BAG,
            on=TODAY,
            at=time(9),
            minutes=30,
            presenter_ids=(presenter.id,),
        ),
        now=NOW - timedelta(days=3),
    )
    record_attendance(
        demo_session,
        actor=presenter,
        session_id=held.id,
        attendee_ids=[p.id for p in came],
        now=NOW,
    )
    after = _read(demo_session, lead)
    this_month, then = _month(after, TODAY), _month(before, TODAY)
    assert this_month.sessions == then.sessions + 1
    assert this_month.attendances == then.attendances + len(came)
    assert _person(after, "Mei Chen").presented == _person(before, "Mei Chen").presented + 1
    for person in came:
        assert _person(after, person.name).attended == _person(before, person.name).attended + 1


def test_a_note_written_shows_for_its_author_and_this_month(demo_session: Session) -> None:
    people = _people(demo_session)
    lead, author = people["Priya Raman"], people["Diego Fernández"]
    before = _read(demo_session, lead)
    create_note(
        demo_session,
        actor=author,
        note_in=NoteInput(title="Why we pin the tokenizer", body="Because chunk ids moved."),
        now=NOW,
    )
    after = _read(demo_session, lead)
    assert _month(after, TODAY).notes_written == _month(before, TODAY).notes_written + 1
    assert (
        _person(after, author.name).notes_written == _person(before, author.name).notes_written + 1
    )


def test_mentoring_hours_given_and_received_match_and_ratings_are_on_the_scale(
    demo_session: Session,
) -> None:
    view = _read(demo_session, _people(demo_session)["Priya Raman"])
    given = sum(p.hours_given for p in view.people)
    received = sum(p.hours_received for p in view.people)
    assert given > 0
    assert given == pytest.approx(received)
    assert given == pytest.approx(sum(m.mentoring_hours for m in view.months))
    rated = [p.mean_rating_as_mentor for p in view.people if p.mean_rating_as_mentor is not None]
    assert rated and all(1 <= r <= 5 for r in rated)


def test_a_learner_and_another_teams_lead_are_refused(demo_session: Session) -> None:
    people = list_people(demo_session)
    own = _people(demo_session)["Priya Raman"]
    learner = next(p for p in people if p.role == PersonRole.LEARNER and p.team_id == own.team_id)
    other_lead = next(p for p in people if p.role == PersonRole.LEAD and p.team_id != own.team_id)
    for person in (learner, other_lead):
        with pytest.raises(PermissionDenied, match="Only the team's lead"):
            knowledge_transfer(demo_session, actor=person, team_id=own.team_id, today=TODAY)
