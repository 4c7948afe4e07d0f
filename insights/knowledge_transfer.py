"""Knowledge transfer on Training impact (leads): sharing sessions held and attended,
presenters, notes written and reviewed, peer reviews given, 1:1 hours and mentees' ratings,
per month for the team and per person. Composed from each owning package's batch reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from assessments.evaluations import peer_reviews_given
from insights.impact import month_ends
from insights.knowledge_transfer_rules import (
    MeetingHeld,
    MonthTransfer,
    PersonTransfer,
    SessionHeld,
    TransferRows,
    by_month,
    by_person,
)
from mentoring.mentor_ratings import held_meetings
from mentoring.sharing import sessions_held
from search.notes import note_activity
from storage.access import ensure_team_lead
from storage.people import PersonRef, list_people
from storage.time_zones import local_day, team_zone


@dataclass(frozen=True)
class KnowledgeTransferView:
    since: date  # first day of the oldest month
    today: date
    months: list[MonthTransfer]  # oldest first
    people: list[PersonTransfer]  # the team's active people, leads first


def knowledge_transfer(
    session: Session, *, actor: PersonRef, team_id: int, today: date
) -> KnowledgeTransferView:
    """The team's knowledge-transfer figures over the Training impact months, for its lead."""
    ensure_team_lead(actor, team_id, "see the team's knowledge transfer")
    zone = team_zone(session, team_id)
    months = [first for first, _ in month_ends(today)]
    since = datetime.combine(months[0], time.min, tzinfo=zone)
    until = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)
    people = list_people(session, team_id)
    ids = [p.id for p in people]
    notes = note_activity(session, team_id, since)
    rows = TransferRows(
        sessions=[
            SessionHeld(s.held_on, s.presenter_ids, s.attendee_ids)
            for s in sessions_held(session, [team_id], since, until)
        ],
        notes_written=[(who, local_day(at, zone)) for who, at in notes.written],
        notes_reviewed=[(who, local_day(at, zone)) for who, at in notes.reviewed],
        peer_reviews=[
            (who, local_day(at, zone)) for who, at in peer_reviews_given(session, ids, since)
        ],
        meetings=[
            MeetingHeld(
                local_day(m.done_at, zone), m.mentor_id, m.mentee_id, m.minutes, m.mentee_rating
            )
            for m in held_meetings(session, ids, since=since, until=until)
        ],
    )
    return KnowledgeTransferView(
        since=months[0],
        today=today,
        months=by_month(rows, months),
        people=by_person(rows, [(p.id, p.name) for p in people], months),
    )
