"""Keeping notes current: categories, owners, review-by dates, due and stale lists, opening."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from search.note_review import (
    change_owner,
    mark_reviewed,
    next_review_default,
    note_opened,
    notes_due_for_review,
    notes_to_look_after,
)
from search.notes import (
    NoteInput,
    create_note,
    delete_note,
    get_note,
    import_files,
    note_activity,
    update_note,
)
from storage.engine import make_engine
from storage.enums import NoteCategory, PersonRole, Visibility
from storage.errors import InvalidInput, PermissionDenied
from storage.models import AuditEvent, Note, Person
from storage.people import PersonRef
from tests.factories import make_person, make_ref, make_team

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture
def people(session: Session) -> dict[str, PersonRef]:
    team = make_team(session=session)
    lead = make_person(session=session, team=team, name="Grace", role=PersonRole.LEAD)
    aisha = make_person(session=session, team=team, name="Aisha")
    ben = make_person(session=session, team=team, name="Ben")
    return {p.name: make_ref(session=session, person=p) for p in (lead, aisha, ben)}


def _write(
    session: Session, author: PersonRef, title: str, *, at: datetime = NOW, **fields: object
) -> int:
    note_in = NoteInput(title=title, body=f"{title}: what we decided and why.", **fields)  # type: ignore[arg-type]
    return create_note(session, actor=author, note_in=note_in, now=at).id


def test_a_new_note_is_owned_by_its_author_with_its_category_and_review_date(
    session: Session, people: dict[str, PersonRef]
) -> None:
    note_id = _write(
        session,
        people["Aisha"],
        "ADR 3: hybrid search",
        category=NoteCategory.DECISION_RECORD,
        review_by=date(2027, 6, 1),
    )
    note = get_note(session, actor=people["Ben"], note_id=note_id)
    assert (note.owner_name, note.category, note.review_by) == (
        "Aisha",
        NoteCategory.DECISION_RECORD,
        date(2027, 6, 1),
    )
    assert not note.can_look_after
    assert get_note(session, actor=people["Grace"], note_id=note_id).can_look_after


def test_the_owner_sees_notes_due_for_their_review_on_time_and_a_week_ahead(
    session: Session, people: dict[str, PersonRef]
) -> None:
    overdue = _write(session, people["Aisha"], "Overdue", review_by=TODAY - timedelta(days=3))
    soon = _write(session, people["Aisha"], "Soon", review_by=TODAY + timedelta(days=7))
    _write(session, people["Aisha"], "Later", review_by=TODAY + timedelta(days=8))
    _write(session, people["Aisha"], "No date")
    _write(session, people["Ben"], "Ben's", review_by=TODAY)
    due = notes_due_for_review(session, people["Aisha"].id, TODAY)
    assert [n.id for n in due] == [overdue, soon]


def test_notes_not_opened_or_changed_for_six_months_are_stale_until_someone_opens_one(
    session: Session, people: dict[str, PersonRef]
) -> None:
    old = _write(session, people["Aisha"], "Old guide", at=NOW - timedelta(days=200))
    _write(session, people["Aisha"], "Recent guide", at=NOW - timedelta(days=20))
    review = notes_to_look_after(session, actor=people["Ben"], now=NOW)
    assert [n.id for n in review.stale] == [old]

    note_opened(session, actor=people["Ben"], note_id=old, now=NOW - timedelta(days=1))
    assert notes_to_look_after(session, actor=people["Ben"], now=NOW).stale == []
    note = session.get(Note, old)
    assert note is not None
    assert note.updated_at == NOW - timedelta(days=200)  # opening is not a change


def test_the_lists_filter_by_category_and_owner(
    session: Session, people: dict[str, PersonRef]
) -> None:
    past = TODAY - timedelta(days=1)
    adr = _write(
        session, people["Aisha"], "ADR", category=NoteCategory.DECISION_RECORD, review_by=past
    )
    _write(session, people["Ben"], "Guide", review_by=past)
    only_adr = notes_to_look_after(
        session, actor=people["Grace"], now=NOW, category=NoteCategory.DECISION_RECORD
    )
    assert [n.id for n in only_adr.due] == [adr]
    only_aisha = notes_to_look_after(
        session, actor=people["Grace"], now=NOW, owner_id=people["Aisha"].id
    )
    assert [n.id for n in only_aisha.due] == [adr]


def test_marking_a_note_reviewed_pushes_its_review_date_on_and_is_audited(
    session: Session, people: dict[str, PersonRef]
) -> None:
    note_id = _write(
        session,
        people["Aisha"],
        "Runbook",
        at=NOW - timedelta(days=90),
        review_by=TODAY - timedelta(days=1),
    )
    view = get_note(session, actor=people["Aisha"], note_id=note_id)
    assert next_review_default(view, TODAY) == TODAY + timedelta(days=89)  # the note's rhythm
    reviewed = mark_reviewed(
        session,
        actor=people["Aisha"],
        note_id=note_id,
        next_review_by=TODAY + timedelta(days=89),
        now=NOW,
    )
    assert reviewed.reviewed_at == NOW
    assert notes_due_for_review(session, people["Aisha"].id, TODAY) == []
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "note_reviewed")).one()
    assert event.entity_id == note_id
    with pytest.raises(InvalidInput, match="after today"):
        mark_reviewed(
            session, actor=people["Aisha"], note_id=note_id, next_review_by=TODAY, now=NOW
        )
    with pytest.raises(PermissionDenied):
        mark_reviewed(
            session,
            actor=people["Ben"],
            note_id=note_id,
            next_review_by=TODAY + timedelta(days=30),
            now=NOW,
        )


def test_the_owner_or_a_lead_hands_a_note_to_someone_else_who_then_gets_the_reminder(
    session: Session, people: dict[str, PersonRef]
) -> None:
    note_id = _write(session, people["Aisha"], "Runbook", review_by=TODAY)
    with pytest.raises(PermissionDenied):
        change_owner(
            session, actor=people["Ben"], note_id=note_id, owner_id=people["Ben"].id, now=NOW
        )
    handed = change_owner(
        session, actor=people["Grace"], note_id=note_id, owner_id=people["Ben"].id, now=NOW
    )
    assert handed.owner_name == "Ben"
    assert [n.id for n in notes_due_for_review(session, people["Ben"].id, TODAY)] == [note_id]
    assert notes_due_for_review(session, people["Aisha"].id, TODAY) == []
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "note_owner_changed")).one()
    assert event.detail["owner"] == "Ben" and event.detail["previous_owner"] == "Aisha"


def test_a_private_note_stays_with_its_author(
    session: Session, people: dict[str, PersonRef]
) -> None:
    mine = _write(session, people["Aisha"], "Mine", visibility=Visibility.PRIVATE)
    with pytest.raises(InvalidInput, match="Only a team note"):
        change_owner(
            session, actor=people["Aisha"], note_id=mine, owner_id=people["Ben"].id, now=NOW
        )
    shared = _write(session, people["Aisha"], "Shared")
    change_owner(session, actor=people["Aisha"], note_id=shared, owner_id=people["Ben"].id, now=NOW)
    with pytest.raises(InvalidInput, match="make yourself its owner first"):
        update_note(
            session,
            actor=people["Aisha"],
            note_id=shared,
            note_in=NoteInput(title="Shared", body="Now private.", visibility=Visibility.PRIVATE),
            now=NOW,
        )


def test_an_uploaded_file_front_matter_sets_category_owner_and_review_date(
    session: Session, people: dict[str, PersonRef]
) -> None:
    data = (
        b"---\ncategory: post-mortem\nreview_by: 2027-01-15\n---\n"
        b"# Stale index after the model upgrade\n\nWhat happened, and what we changed."
    )
    [note] = import_files(session, actor=people["Aisha"], files=[("pm.md", data)], now=NOW)
    assert note.category == NoteCategory.LESSONS_LEARNED
    assert note.review_by == date(2027, 1, 15)
    assert note.owner_name == "Aisha"


def test_the_demo_knowledge_base_has_notes_due_for_review_and_one_stale_note(
    demo_data_dir: Path,
) -> None:
    engine = make_engine(f"sqlite:///{demo_data_dir / 'proficio.db'}")
    with Session(engine) as session:
        priya = session.exec(select(Person).where(Person.name == "Priya Raman")).one()
        lead = make_ref(session=session, person=priya)
        now = datetime.now(UTC)
        review = notes_to_look_after(session, actor=lead, now=now)
        due = {n.title: n for n in review.due}
        assert len(due) >= 3
        assert {n.category for n in due.values()} >= {
            NoteCategory.DECISION_RECORD,
            NoteCategory.GUIDE,
        }
        assert any(n.owner_id != n.author_id for n in due.values())  # handed on
        assert [n.title for n in review.stale] == [
            "Pilot proposal: semantic search over the engineering wiki"
        ]
        mine = notes_due_for_review(session, lead.id, now.date())
        assert [n.title for n in mine] == [
            "Decision record: hybrid search (BM25 + dense, RRF) is the default"
        ]
    engine.dispose()


def test_the_teams_note_activity_counts_shared_notes_and_every_review_by_its_reviewer(
    session: Session, people: dict[str, PersonRef]
) -> None:
    aisha, ben, grace = people["Aisha"], people["Ben"], people["Grace"]
    old = _write(session, aisha, "Runbook", at=NOW - timedelta(days=60))
    _write(session, ben, "Tuning notes", at=NOW - timedelta(days=2))
    scratch = _write(
        session, ben, "My scratchpad", at=NOW - timedelta(days=1), visibility=Visibility.PRIVATE
    )
    # Aisha reviews her note, then the lead does: two reviews, each its reviewer's.
    earlier = NOW - timedelta(days=3)
    mark_reviewed(
        session, actor=aisha, note_id=old, next_review_by=TODAY + timedelta(days=10), now=earlier
    )
    mark_reviewed(
        session, actor=grace, note_id=old, next_review_by=TODAY + timedelta(days=30), now=NOW
    )
    mark_reviewed(  # a private note's review is its author's own business
        session, actor=ben, note_id=scratch, next_review_by=TODAY + timedelta(days=30), now=NOW
    )
    activity = note_activity(session, aisha.team_id, NOW - timedelta(days=7))
    assert activity.written == [(ben.id, NOW - timedelta(days=2))]
    assert sorted(activity.reviewed) == sorted([(aisha.id, earlier), (grace.id, NOW)])
    # Deleting the note takes its reviews with it.
    delete_note(session, actor=aisha, note_id=old, now=NOW)
    assert note_activity(session, aisha.team_id, NOW - timedelta(days=7)).reviewed == []
