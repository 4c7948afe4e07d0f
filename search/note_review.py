"""Keeping the knowledge base current: notes due for review, stale notes, who looks after one.

Every note has an owner (its author to start with) and may have a review-by date. A note is
due for review when that date has passed or comes within `REVIEW_SOON_DAYS`; it is stale when
nobody opened or changed it for `STALE_AFTER_DAYS` (about six months). The owner or a lead
changes the owner and marks the note reviewed, which sets the next review-by date. Opening a
note stamps `last_opened_at` (not `updated_at`: opening is no change, and not in the audit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from search.notes import (
    NoteView,
    audit_note,
    check_owner,
    list_notes,
    note_view,
    visible_note,
)
from storage.enums import NoteCategory, Visibility
from storage.errors import InvalidInput, PermissionDenied
from storage.models import Note, NoteReview, Person
from storage.people import PersonRef, get_person

REVIEW_SOON_DAYS = 7  # a review-by date this close counts as due already
STALE_AFTER_DAYS = 182  # six months without being opened or changed
DEFAULT_REVIEW_INTERVAL_DAYS = 182  # the next review, when a note had no rhythm yet


def is_due(review_by: date | None, today: date) -> bool:
    """Whether a note with this review-by date is due (passed, or within a week)."""
    return review_by is not None and review_by <= today + timedelta(days=REVIEW_SOON_DAYS)


def last_touched(note: NoteView) -> datetime:
    """When the note was last changed or opened, whichever is later."""
    opened = note.last_opened_at
    return max(note.updated_at, opened) if opened is not None else note.updated_at


def is_stale(note: NoteView, now: datetime) -> bool:
    """Whether nobody opened or changed the note for six months (counted in days: a note last
    touched on 5 June is stale from 4 December on, at any hour)."""
    return (now.date() - last_touched(note).date()).days >= STALE_AFTER_DAYS


def next_review_default(note: NoteView, today: date) -> date:
    """The review-by date to suggest when marking a note reviewed: the same interval the note
    had (from its last review, or its writing, to its review-by date), else six months."""
    start = (note.reviewed_at or note.created_at).date()
    interval = (note.review_by - start).days if note.review_by else 0
    return today + timedelta(days=interval if interval > 0 else DEFAULT_REVIEW_INTERVAL_DAYS)


def review_label(note: NoteView, today: date) -> str:
    """ "overdue since 3 Nov", "due 9 Dec" or "" for the lists."""
    if note.review_by is None:
        return ""
    when = f"{note.review_by.day} {note.review_by:%b %Y}"
    return f"overdue since {when}" if note.review_by < today else f"due {when}"


@dataclass(frozen=True)
class KnowledgeReview:
    """The notes a viewer may read that need a look: due for review, and stale."""

    due: list[NoteView]
    stale: list[NoteView]


def notes_to_look_after(
    session: Session,
    *,
    actor: PersonRef,
    now: datetime,
    category: NoteCategory | None = None,
    owner_id: int | None = None,
) -> KnowledgeReview:
    """Due notes (earliest review-by first) and stale notes (longest untouched first) among
    those the actor may read, optionally of one category or one owner."""
    notes = [
        n
        for n in list_notes(session, actor=actor)
        if (category is None or n.category == category)
        and (owner_id is None or n.owner_id == owner_id)
    ]
    today = now.date()
    due = sorted(
        (n for n in notes if is_due(n.review_by, today)), key=lambda n: n.review_by or today
    )
    stale = sorted((n for n in notes if is_stale(n, now)), key=last_touched)
    return KnowledgeReview(due=due, stale=stale)


def notes_due_for_review(session: Session, owner_id: int, today: date) -> list[NoteView]:
    """The notes this person owns that are due for review, earliest first (Home, digest)."""
    owner = get_person(session, owner_id)
    rows = session.exec(
        select(Note)
        .where(Note.owner_id == owner_id, col(Note.review_by).is_not(None))
        .where(col(Note.review_by) <= today + timedelta(days=REVIEW_SOON_DAYS))
        .order_by(col(Note.review_by), col(Note.id))
    )
    return [note_view(session, n, owner) for n in rows if n.team_id == owner.team_id]


def _looked_after_by(session: Session, actor: PersonRef, note_id: int) -> Note:
    note = visible_note(session, actor, note_id)
    if note.owner_id != actor.id and not (actor.is_lead and actor.team_id == note.team_id):
        raise PermissionDenied("Only the note's owner or a lead of its team can do that.")
    return note


def mark_reviewed(
    session: Session, *, actor: PersonRef, note_id: int, next_review_by: date, now: datetime
) -> NoteView:
    """The owner or a lead confirms the note is still right; it is due again on
    `next_review_by` (after today)."""
    note = _looked_after_by(session, actor, note_id)
    if next_review_by <= now.date():
        raise InvalidInput("Pick a next review date after today.")
    note.reviewed_at = now
    note.review_by = next_review_by
    session.add(note)
    session.add(
        NoteReview(
            note_id=note_id, reviewer_id=actor.id, reviewed_at=now, next_review_by=next_review_by
        )
    )
    session.flush()
    audit_note(session, actor, "note_reviewed", note, now, next_review_by=str(next_review_by))
    return note_view(session, note, actor)


def change_owner(
    session: Session, *, actor: PersonRef, note_id: int, owner_id: int, now: datetime
) -> NoteView:
    """Hand the note to another person of the team to look after (its owner or a lead)."""
    note = _looked_after_by(session, actor, note_id)
    if owner_id == note.owner_id:
        raise InvalidInput("That person already owns this note.")
    if owner_id != note.author_id:
        check_owner(session, owner_id, team_id=note.team_id, visibility=Visibility(note.visibility))
    previous = session.get(Person, note.owner_id)
    note.owner_id = owner_id
    session.add(note)
    session.flush()
    new_owner = session.get(Person, owner_id)
    audit_note(
        session,
        actor,
        "note_owner_changed",
        note,
        now,
        owner=new_owner.name if new_owner else owner_id,
        previous_owner=previous.name if previous else None,
    )
    return note_view(session, note, actor)


def note_opened(session: Session, *, actor: PersonRef, note_id: int, now: datetime) -> None:
    """Stamp that `actor` opened the note (one small update; the note's text, its updated_at
    and its place in search stay as they are)."""
    visible_note(session, actor, note_id)
    session.execute(update(Note).where(col(Note.id) == note_id).values(last_opened_at=now))
