"""The audit log: who changed what and when, and the lead's filtered view of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from storage.errors import PermissionDenied
from storage.models import AuditEvent, Person, utc_now
from storage.people import PersonRef

AUDIT_PAGE_ROWS = 500  # newest first; a filter narrows it further


def record(
    session: Session,
    *,
    actor: PersonRef | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
    team_id: int | None = None,
) -> AuditEvent:
    """Add one audit event in the caller's unit of work (it commits with the change itself).

    `actor` None marks a change made by the system (start-up, the command line); `at`
    defaults to now. `team_id`: the team whose lead reads the event; by default the actor's
    team at this moment (a person who moves later does not take their history along).
    """
    if team_id is None and actor is not None:
        team_id = actor.team_id  # the actor's team when the change was made
    event = AuditEvent(
        actor_id=None if actor is None else actor.id,
        team_id=team_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=detail or {},
        created_at=at or utc_now(),
    )
    session.add(event)
    return event


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor_name: str  # "system" for changes made by the command line or on start-up
    action: str  # e.g. "rating added"
    entity: str  # what was changed, in words ("mentoring plan")
    detail: str  # "key: value; …", ready to read


ENTITY_LABELS = {
    "actionitem": "action item",
    "activitylog": "logged activity",
    "assessment": "assessment",
    "capstone": "capstone",
    "competency": "competency framework",
    "mentoringplan": "mentoring plan",
    "mentoringsession": "1:1 session",
    "note": "note",
    "organisation": "organisation",
    "person": "person",
    "rating": "rating",
    "reviewcard": "review card",
    "roletarget": "role targets",
    "team": "team",
}
# Detail keys that name a person; other "…_id" keys mean nothing to a reader and are left out.
_PERSON_KEYS = {
    "person_id",
    "mentee_id",
    "mentor_id",
    "previous_mentor_id",
    "owner_id",
    "author_id",
}


def _readable(action: str) -> str:
    return action.replace("_", " ")


def _detail_text(detail: dict[str, Any], names: dict[int, str]) -> str:
    parts = []
    for key, value in detail.items():
        if value is None:
            continue
        if key in _PERSON_KEYS:
            parts.append(f"{key.removesuffix('_id')}: {names.get(value, 'someone who left')}")
        elif not key.endswith("_id"):
            parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts)


def audit_log(
    session: Session,
    *,
    actor: PersonRef,
    since: date | None = None,
    until: date | None = None,
    by_person_id: int | None = None,
    action: str | None = None,
    limit: int = AUDIT_PAGE_ROWS,
) -> list[AuditEntry]:
    """The team's audit events, newest first, for a lead (every team's for an organisation
    admin); others are refused.

    Shown to a lead: events that belong to the lead's team (made by its members while they
    were in it, or by an admin or the command line to its people), and system events of no
    team (the organisation's setup).
    """
    if not (actor.is_lead or actor.is_admin):
        raise PermissionDenied("Only a team lead can read the audit log.")
    query = (
        select(AuditEvent, Person.name)
        .join(Person, col(Person.id) == AuditEvent.actor_id, isouter=True)
        .order_by(col(AuditEvent.created_at).desc(), col(AuditEvent.id).desc())
        .limit(limit)
    )
    if not actor.is_admin:  # an organisation admin reads every team's events
        query = query.where(
            (col(AuditEvent.team_id) == actor.team_id)
            | (col(AuditEvent.team_id).is_(None) & col(AuditEvent.actor_id).is_(None))
        )
    if since is not None:
        query = query.where(
            col(AuditEvent.created_at) >= datetime.combine(since, time.min, tzinfo=UTC)
        )
    if until is not None:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC)
        query = query.where(col(AuditEvent.created_at) < end)
    if by_person_id is not None:
        query = query.where(AuditEvent.actor_id == by_person_id)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    people = select(Person.id, Person.name)
    if not actor.is_admin:
        people = people.where(Person.team_id == actor.team_id)
    names = {
        person_id: name for person_id, name in session.exec(people).all() if person_id is not None
    }
    return [
        AuditEntry(
            at=event.created_at,
            actor_name=name or "system",
            action=_readable(event.action),
            entity=ENTITY_LABELS.get(event.entity, event.entity),
            detail=_detail_text(event.detail or {}, names),
        )
        for event, name in session.exec(query).all()
    ]


def audit_actions(session: Session) -> list[str]:
    """Every kind of action the log holds, for a filter."""
    return sorted(session.exec(select(AuditEvent.action).distinct()).all())
