"""The audit log: who changed what and when, and the lead's filtered view of it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from storage import formats
from storage.errors import PermissionDenied
from storage.models import (
    AuditEvent,
    Competency,
    MentoringPlan,
    MentoringSession,
    Person,
    Team,
    Track,
)
from storage.people import PersonRef, names_of

AUDIT_PAGE_ROWS = 500  # newest first; a filter narrows it further


def record(
    session: Session,
    *,
    actor: PersonRef | None,
    action: str,
    entity: str,
    summary: str | None = None,
    entity_id: int | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime,
    team_id: int | None = None,
) -> AuditEvent:
    """Add one audit event in the caller's unit of work (it commits with the change itself).

    `summary`: the change in one sentence as a lead reads it, with people's and competencies'
    names, levels in words and numbers rounded, built where those are known ("Rated Aisha
    Khan intermediate in Vector search (mentor rating)."); it is kept in the event's details
    next to the structured `detail`. An event without one (older rows) is shown from
    `detail`. `actor` None marks a change made by the system (start-up, the command line);
    `at`: when the change happened (the service's `now`, or a seeded or back-dated record's
    own date): never the clock read here, so a change and its event carry one time.
    `team_id`: the team whose lead reads the event; by default the actor's team at
    this moment (a person who moves later does not take their history along).
    """
    if team_id is None and actor is not None:
        team_id = actor.team_id  # the actor's team when the change was made
    stored = dict(detail or {})
    if summary:
        stored[SUMMARY_KEY] = summary
    event = AuditEvent(
        actor_id=None if actor is None else actor.id,
        team_id=team_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=stored,
        created_at=at,
    )
    session.add(event)
    return event


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor_name: str  # "system" for changes made by the command line or on start-up
    team_name: str  # the team the change belongs to ("" for the organisation's own setup)
    action: str  # the kind of change, e.g. "Rating added"
    detail: str  # what happened, as a sentence (older events: "Mentoring plan created:
    # mentee: Aisha Khan; weeks: 12")


SUMMARY_KEY = "summary"
# Detail keys that name a person; other "…_id" keys mean nothing to a reader and are left out.
_PERSON_KEYS = {
    "person_id",
    "mentee_id",
    "mentor_id",
    "previous_mentor_id",
    "owner_id",
    "author_id",
}
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")  # "vector-search", "personal_notes"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ACTION_LABELS = {
    "fsrs_fit_proposed": "FSRS fit proposed",
    "fsrs_fit_accepted": "FSRS fit accepted",
    "own_fsrs_fit_kept": "Own FSRS fit kept",
    "own_fsrs_fit_not_kept": "Own FSRS fit not kept",
    "own_fsrs_parameters_dropped": "Own FSRS parameters dropped",
}
_LIST_SHOWN = 5  # a longer list of names is cut with "and N more"


def listed(names: Sequence[str]) -> str:
    """Names as a sentence says them: "A", "A and B", "A, B and C"; a long list is cut
    ("A, B, C, D, E and 3 more")."""
    shown = list(names[:_LIST_SHOWN])
    more = len(names) - len(shown)
    if len(shown) <= 1:
        return "".join(shown)
    if more:
        return ", ".join(shown) + f" and {more} more"
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def action_label(action: str) -> str:
    """A kind of change as a reader says it: "rating_added" -> "Rating added"."""
    return _ACTION_LABELS.get(action) or action.replace("_", " ").capitalize()


def _words(key: str) -> str:
    """A key as a reader says it: "vector-search" -> "Vector search"."""
    return key.replace("-", " ").replace("_", " ").capitalize()


@dataclass(frozen=True)
class _Names:
    """What the ids and keys in older events' details stand for."""

    people: dict[int, str]
    competencies: dict[tuple[int | None, str], str]  # (team id, key) -> name
    tracks: dict[str, str]
    plans: dict[int, str]  # mentoring plan id -> "Aisha Khan with Grace Okafor"
    meetings: dict[int, str]  # 1:1 id -> "no. 3 of Aisha Khan with Grace Okafor"

    def competency(self, team_id: int | None, key: str) -> str:
        return self.competencies.get((team_id, key)) or _words(key)


def _value_text(key: str, value: Any, team_id: int | None, names: _Names) -> str:
    if key in {"competency", "keys"}:
        keys = value if isinstance(value, list) else [value]
        return listed([names.competency(team_id, str(k)) for k in keys])
    if key == "track" and isinstance(value, str):
        return names.tracks.get(value) or _words(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{round(value, 2):g}"
    if isinstance(value, list):
        return ", ".join(_value_text(key, v, team_id, names) for v in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{_words(k).lower()} {_value_text(k, v, team_id, names)}" for k, v in value.items()
        )
    text = str(value)
    if _ISO_DAY.match(text):
        return formats.day(date.fromisoformat(text))
    return _words(text) if _SLUG.match(text) else text


def _detail_text(action: str, detail: dict[str, Any], team_id: int | None, names: _Names) -> str:
    """The event as a sentence: its summary, or (older events) the kind of change and its
    details in words ("Mentoring plan created: mentee: Aisha Khan; weeks: 12")."""
    if detail.get(SUMMARY_KEY):
        return str(detail[SUMMARY_KEY])
    parts = []
    for key, value in detail.items():
        if value is None:
            continue
        if key in _PERSON_KEYS:
            who = names.people.get(value, "someone no longer here")
            parts.append(f"{key.removesuffix('_id').replace('_', ' ')}: {who}")
        elif key == "plan_id" and value in names.plans and "number" in detail:
            parts.append(f"1:1 no. {detail['number']} of {names.plans[value]}")
        elif key == "number" and detail.get("plan_id") in names.plans:
            continue  # said with its plan
        elif key == "plan_id" and value in names.plans:
            parts.append(f"mentoring plan: {names.plans[value]}")
        elif key == "session_id" and value in names.meetings:
            parts.append(f"1:1 {names.meetings[value]}")
        elif not key.endswith("_id"):
            parts.append(f"{key.replace('_', ' ')}: {_value_text(key, value, team_id, names)}")
    said = action_label(action)
    return f"{said}: {'; '.join(parts)}" if parts else f"{said}."


def _names_in(session: Session, events: list[AuditEvent]) -> _Names:
    """Look up, at once, the people, competencies and tracks older events name by id or key."""
    person_ids = {v for e in events for k, v in (e.detail or {}).items() if k in _PERSON_KEYS and v}
    keys = set()
    for event in events:
        for key in ("competency", "keys"):
            value = (event.detail or {}).get(key)
            keys.update(value if isinstance(value, list) else [value] if value else [])
    competencies = session.exec(
        select(Competency.team_id, Competency.key, Competency.name).where(
            col(Competency.key).in_(keys)
        )
    ).all()
    tracks = session.exec(select(Track.key, Track.name)).all() if events else []
    meetings = session.exec(
        select(MentoringSession.id, MentoringSession.number, MentoringSession.plan_id).where(
            col(MentoringSession.id).in_(_ids(events, "session_id"))
        )
    ).all()
    plan_ids = _ids(events, "plan_id") | {plan_id for _, _, plan_id in meetings}
    plans = session.exec(select(MentoringPlan).where(col(MentoringPlan.id).in_(plan_ids))).all()
    pairs = names_of(session, {p.mentee_id for p in plans} | {p.mentor_id for p in plans})
    plan_names = {
        p.id: f"{pairs.get(p.mentee_id, '?')} with {pairs.get(p.mentor_id, '?')}"
        for p in plans
        if p.id is not None
    }
    return _Names(
        people=names_of(session, person_ids),
        competencies={(team, key): name for team, key, name in competencies},
        tracks=dict(tracks),
        plans=plan_names,
        meetings={
            meeting_id: f"no. {number} of {plan_names.get(plan_id, 'a mentoring plan')}"
            for meeting_id, number, plan_id in meetings
            if meeting_id is not None
        },
    )


def _ids(events: list[AuditEvent], key: str) -> set[int]:
    return {e.detail[key] for e in events if isinstance((e.detail or {}).get(key), int)}


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
        select(AuditEvent, Person.name, Team.name)
        .join(Person, col(Person.id) == AuditEvent.actor_id, isouter=True)
        .join(Team, col(Team.id) == AuditEvent.team_id, isouter=True)
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
    rows = session.exec(query).all()
    names = _names_in(session, [event for event, _, _ in rows])
    return [
        AuditEntry(
            at=event.created_at,
            actor_name=actor_name or "system",
            team_name=team_name or "",
            action=action_label(event.action),
            detail=_detail_text(event.action, event.detail or {}, event.team_id, names),
        )
        for event, actor_name, team_name in rows
    ]


def audit_actions(session: Session) -> list[str]:
    """Every kind of action the log holds, for a filter."""
    return sorted(session.exec(select(AuditEvent.action).distinct()).all())


def entity_history(session: Session, entity: str, entity_ids: Sequence[int]) -> list[AuditEntry]:
    """The events about some rows of one kind (e.g. a person's goals), oldest first, for a
    page that shows its own history. No permission check: callers have decided who may see
    the rows."""
    if not entity_ids:
        return []
    rows = session.exec(
        select(AuditEvent, Person.name, Team.name)
        .join(Person, col(Person.id) == AuditEvent.actor_id, isouter=True)
        .join(Team, col(Team.id) == AuditEvent.team_id, isouter=True)
        .where(AuditEvent.entity == entity, col(AuditEvent.entity_id).in_(list(entity_ids)))
        .order_by(col(AuditEvent.created_at), col(AuditEvent.id))
    ).all()
    names = _names_in(session, [event for event, _, _ in rows])
    return [
        AuditEntry(
            at=event.created_at,
            actor_name=actor_name or "system",
            team_name=team_name or "",
            action=action_label(event.action),
            detail=_detail_text(event.action, event.detail or {}, event.team_id, names),
        )
        for event, actor_name, team_name in rows
    ]
