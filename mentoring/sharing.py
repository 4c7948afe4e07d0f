"""Knowledge-sharing sessions: a team's (or a community's) talks, workshops, architecture
reviews and other sessions, one-off or in a series; sign-ups, attendance, the presenter's
evidence once a mentor or lead confirms it, the attendee's hour in one click, and .ics files.

Times are stored in UTC with the zone the session was planned in (its team's), the way
`mentoring.planning` dates 1:1s; a session's day is the day in that zone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vText
from sqlmodel import Session, col, select

from assessments.framework import module_competencies
from assessments.ratings import append_ratings
from assessments.rules import LEVEL_NAMES
from curriculum.progress import log_activity
from mentoring.communities import community_ids_of, get_community, is_member
from storage import formats
from storage.access import ensure_mentor_or_lead, may_read_note
from storage.audit import listed, record
from storage.enums import ActivityKind, LearningStage, PersonRole, RaterKind, SharingKind
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import (
    ActivityLog,
    Community,
    Competency,
    Module,
    Note,
    Person,
    Rating,
    SharingParticipant,
    SharingPresenter,
    SharingSeries,
    SharingSession,
)
from storage.people import PersonRef, get_people, get_person
from storage.text_rules import body_problem, normalise_line_breaks, one_line_problem
from storage.time_zones import local_day, team_zone_name

MIN_SESSION_MINUTES = 15
MAX_SESSION_MINUTES = 8 * 60
MAX_TITLE_CHARS = 200
MAX_DESCRIPTION_CHARS = 4_000
MAX_LINK_CHARS = 500
# A series is planned this far ahead at most (and at most this many occurrences).
MAX_SERIES_OCCURRENCES = 52
MAX_INTERVAL_WEEKS = 8
PRODUCT_ID = "-//Proficio//Sharing sessions//EN"
UID_DOMAIN = "proficio.local"


# --- pure rules -------------------------------------------------------------------------


def series_dates(
    first_on: date, interval_weeks: int, *, until_on: date | None, occurrences: int | None
) -> list[date]:
    """The days of a series: `first_on`, then every `interval_weeks` weeks, until `until_on`
    (inclusive) or for `occurrences` days, whichever ends first, never more than
    MAX_SERIES_OCCURRENCES."""
    limit = min(occurrences or MAX_SERIES_OCCURRENCES, MAX_SERIES_OCCURRENCES)
    days: list[date] = []
    day = first_on
    while len(days) < limit and (until_on is None or day <= until_on):
        days.append(day)
        day += timedelta(weeks=interval_weeks)
    return days


def checked_link(link: str | None) -> str | None:
    """A materials link: empty, or an http(s) web address; else InvalidInput."""
    link = (link or "").strip()
    if not link:
        return None
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in link):
        raise InvalidInput("Session not saved: a link must start with http:// or https://.")
    if len(link) > MAX_LINK_CHARS:
        raise InvalidInput(f"Session not saved: a link may be at most {MAX_LINK_CHARS} characters.")
    return link


# --- input and read models --------------------------------------------------------------


@dataclass(frozen=True)
class Repeat:
    """'Every `interval_weeks` weeks until `until_on` or for `occurrences` sessions'."""

    interval_weeks: int
    until_on: date | None = None
    occurrences: int | None = None


@dataclass(frozen=True)
class SessionDraft:
    """What a person fills in to propose a session (or a series of them)."""

    title: str
    kind: SharingKind
    on: date
    at: time
    minutes: int
    presenter_ids: tuple[int, ...]
    module_key: str | None = None
    competency_keys: tuple[str, ...] = ()
    note_id: int | None = None
    link: str | None = None
    description: str = ""
    community_id: int | None = None  # None: the proposer's team's session
    repeat: Repeat | None = None


@dataclass(frozen=True)
class SessionChange:
    """What an edit of one session (or the rest of its series) changes; None keeps it."""

    title: str | None = None
    at: time | None = None
    minutes: int | None = None
    description: str | None = None
    link: str | None = None


@dataclass(frozen=True)
class PresenterView:
    person_id: int
    name: str
    confirmed_level: int | None
    confirmed_by_name: str | None


@dataclass(frozen=True)
class SessionView:
    id: int
    title: str
    kind: SharingKind
    starts_at: datetime  # in the session's zone
    minutes: int
    zone: str
    team_id: int | None
    community_id: int | None
    community_name: str | None
    series_id: int | None
    description: str
    module_key: str | None
    module_title: str | None
    competency_keys: tuple[str, ...]
    competency_names: tuple[str, ...]
    note_id: int | None  # None also when the viewer may not read the note
    note_title: str | None
    link: str | None
    proposed_by_name: str
    presenters: tuple[PresenterView, ...]
    signed_up: tuple[tuple[int, str], ...]  # (person id, name), by name
    attended: tuple[tuple[int, str], ...]
    attendance_recorded: bool
    cancelled: bool
    logged_by: frozenset[int] = field(default_factory=frozenset)  # logged the hour

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    def started(self, now: datetime) -> bool:
        return now >= self.starts_at

    def is_presenter(self, person_id: int) -> bool:
        return any(p.person_id == person_id for p in self.presenters)

    def is_signed_up(self, person_id: int) -> bool:
        return any(pid == person_id for pid, _ in self.signed_up)

    def was_there(self, person_id: int) -> bool:
        return any(pid == person_id for pid, _ in self.attended)

    @property
    def presenter_names(self) -> str:
        return listed([p.name for p in self.presenters])

    @property
    def when(self) -> str:
        """'Thu 10 Dec 2026, 15:00–16:00 (Europe/Berlin)'."""
        return (
            f"{formats.weekday_day(self.starts_at.date())}, {self.starts_at:%H:%M}–"
            f"{self.ends_at:%H:%M} ({self.zone})"
        )


@dataclass(frozen=True)
class HeldSession:
    """A session held (not cancelled, started before the moment asked about): for the
    Training impact figures (held and attended per month, presenters)."""

    id: int
    team_id: int | None
    community_id: int | None
    held_on: date
    kind: SharingKind
    presenter_ids: tuple[int, ...]
    attendee_ids: tuple[int, ...]


# --- reading ----------------------------------------------------------------------------


def _views(
    session: Session, rows: Sequence[SharingSession], viewer: PersonRef
) -> list[SessionView]:
    ids = [r.id for r in rows if r.id is not None]
    if not ids:
        return []
    presenters: dict[int, list[SharingPresenter]] = defaultdict(list)
    for p in session.exec(
        select(SharingPresenter).where(col(SharingPresenter.session_id).in_(ids))
    ):
        presenters[p.session_id].append(p)
    participants: dict[int, list[SharingParticipant]] = defaultdict(list)
    for part in session.exec(
        select(SharingParticipant).where(col(SharingParticipant.session_id).in_(ids))
    ):
        participants[part.session_id].append(part)
    logged = _existing_activities(
        session, [p.activity_id for ps in participants.values() for p in ps if p.activity_id]
    )
    person_ids = {r.proposed_by_id for r in rows}
    person_ids |= {p.person_id for ps in presenters.values() for p in ps}
    person_ids |= {p.confirmed_by_id for ps in presenters.values() for p in ps if p.confirmed_by_id}
    person_ids |= {p.person_id for ps in participants.values() for p in ps}
    names = {
        p.id: p.name for p in session.exec(select(Person).where(col(Person.id).in_(person_ids)))
    }
    module_ids = {r.module_id for r in rows if r.module_id}
    modules = {m.id: m for m in session.exec(select(Module).where(col(Module.id).in_(module_ids)))}
    keys = sorted({k for r in rows for k in r.competency_keys})
    competency_names: dict[str, str] = {}
    for key, name in session.exec(
        select(Competency.key, Competency.name).where(col(Competency.key).in_(keys))
    ):
        competency_names.setdefault(key, name)
    notes = {
        n.id: n
        for n in session.exec(
            select(Note).where(col(Note.id).in_({r.note_id for r in rows if r.note_id}))
        )
    }
    communities = {
        c.id: c.name
        for c in session.exec(
            select(Community).where(
                col(Community.id).in_({r.community_id for r in rows if r.community_id})
            )
        )
    }

    def readable(note_id: int | None) -> Note | None:
        note = notes.get(note_id) if note_id else None
        if note is None or not may_read_note(session, viewer, note):
            return None
        return note

    views = []
    for r in rows:
        sid = r.id or 0
        module = modules.get(r.module_id) if r.module_id else None
        note = readable(r.note_id)
        people = participants.get(sid, [])
        views.append(
            SessionView(
                id=sid,
                title=r.title,
                kind=SharingKind(r.kind),
                starts_at=r.starts_at.astimezone(ZoneInfo(r.time_zone)),
                minutes=r.minutes,
                zone=r.time_zone,
                team_id=r.team_id,
                community_id=r.community_id,
                community_name=communities.get(r.community_id) if r.community_id else None,
                series_id=r.series_id,
                description=r.description,
                module_key=module.key if module else None,
                module_title=module.title if module else None,
                competency_keys=tuple(r.competency_keys),
                competency_names=tuple(competency_names.get(k, k) for k in r.competency_keys),
                note_id=note.id if note else None,
                note_title=note.title if note else None,
                link=r.link,
                proposed_by_name=names.get(r.proposed_by_id, ""),
                presenters=tuple(
                    PresenterView(
                        p.person_id,
                        names.get(p.person_id, ""),
                        p.confirmed_level,
                        names.get(p.confirmed_by_id) if p.confirmed_by_id else None,
                    )
                    for p in sorted(presenters.get(sid, []), key=lambda p: p.id or 0)
                ),
                signed_up=tuple(
                    sorted(
                        (
                            (p.person_id, names.get(p.person_id, ""))
                            for p in people
                            if p.signed_up_at
                        ),
                        key=lambda x: x[1],
                    )
                ),
                attended=tuple(
                    sorted(
                        ((p.person_id, names.get(p.person_id, "")) for p in people if p.attended),
                        key=lambda x: x[1],
                    )
                ),
                attendance_recorded=r.attendance_recorded_at is not None,
                cancelled=r.cancelled_at is not None,
                logged_by=frozenset(p.person_id for p in people if p.activity_id in logged),
            )
        )
    return views


def _existing_activities(session: Session, activity_ids: Sequence[int]) -> set[int]:
    """Those of `activity_ids` still in the activity log (a person may delete an entry)."""
    if not activity_ids:
        return set()
    found = session.exec(select(ActivityLog.id).where(col(ActivityLog.id).in_(activity_ids)))
    return {i for i in found if i is not None}


def _visible_clause(session: Session, actor: PersonRef) -> object:
    communities = community_ids_of(session, actor.id)
    return (col(SharingSession.team_id) == actor.team_id) | (
        col(SharingSession.community_id).in_(communities)
    )


def sessions_for(
    session: Session, *, actor: PersonRef, community_id: int | None = None
) -> list[SessionView]:
    """The sessions `actor` sees, by start: their team's and their communities' (or only one
    community's, which anyone may look at), cancelled ones included (marked)."""
    query = select(SharingSession)
    if community_id is None:
        query = query.where(_visible_clause(session, actor))  # type: ignore[arg-type]
    else:
        query = query.where(SharingSession.community_id == community_id)
    rows = session.exec(query.order_by(col(SharingSession.starts_at), col(SharingSession.id)))
    return _views(session, list(rows), actor)


def get_session(session: Session, *, actor: PersonRef, session_id: int) -> SessionView:
    """One session the actor may see, or NotFound."""
    row = _visible_row(session, actor, session_id)
    return _views(session, [row], actor)[0]


def upcoming_for(
    session: Session, *, actor: PersonRef, now: datetime, signed_up_only: bool = False
) -> list[SessionView]:
    """Sessions not yet started and not cancelled, soonest first (only those the actor signed
    up for or presents, with `signed_up_only`): the Home's "your next sharing session"."""
    views = [
        v for v in sessions_for(session, actor=actor) if not v.cancelled and not v.started(now)
    ]
    if signed_up_only:
        views = [v for v in views if v.is_signed_up(actor.id) or v.is_presenter(actor.id)]
    return views


def signups_of(session: Session, person_id: int, since: datetime) -> list[SessionView]:
    """The sessions `person_id` signed up for that start at or after `since`, cancelled ones
    included (so a digest can say so), soonest first. No permission check: for the person's
    own reminders."""
    person = get_person(session, person_id)
    rows = session.exec(
        select(SharingSession)
        .join(SharingParticipant, col(SharingParticipant.session_id) == SharingSession.id)
        .where(
            SharingParticipant.person_id == person_id,
            col(SharingParticipant.signed_up_at).is_not(None),
            col(SharingSession.starts_at) >= since,
        )
        .order_by(col(SharingSession.starts_at))
    )
    return _views(session, list(rows), person)


def sessions_held(
    session: Session, team_ids: Sequence[int], since: datetime, until: datetime
) -> list[HeldSession]:
    """Sessions of these teams (and community sessions presented by their people) that were
    held between `since` and `until`: not cancelled, started in that span. No permission check:
    figures for a lead's Training impact, who decides who sees them."""
    team_people = set(
        session.exec(select(Person.id).where(col(Person.team_id).in_(list(team_ids)))).all()
    )
    rows = list(
        session.exec(
            select(SharingSession).where(
                col(SharingSession.cancelled_at).is_(None),
                col(SharingSession.starts_at) >= since,
                col(SharingSession.starts_at) < until,
            )
        )
    )
    ids = [r.id for r in rows]
    presenters: dict[int, list[int]] = defaultdict(list)
    for sid, pid in session.exec(
        select(SharingPresenter.session_id, SharingPresenter.person_id).where(
            col(SharingPresenter.session_id).in_(ids)
        )
    ):
        presenters[sid].append(pid)
    attendees: dict[int, list[int]] = defaultdict(list)
    for sid, pid in session.exec(
        select(SharingParticipant.session_id, SharingParticipant.person_id).where(
            col(SharingParticipant.session_id).in_(ids),
            SharingParticipant.attended == True,  # noqa: E712
        )
    ):
        attendees[sid].append(pid)
    return [
        HeldSession(
            id=r.id or 0,
            team_id=r.team_id,
            community_id=r.community_id,
            held_on=local_day(r.starts_at, ZoneInfo(r.time_zone)),
            kind=SharingKind(r.kind),
            presenter_ids=tuple(presenters.get(r.id or 0, [])),
            attendee_ids=tuple(attendees.get(r.id or 0, [])),
        )
        for r in sorted(rows, key=lambda r: r.starts_at)
        if r.team_id in team_ids or team_people & set(presenters.get(r.id or 0, []))
    ]


# --- access -----------------------------------------------------------------------------


def _row(session: Session, session_id: int) -> SharingSession:
    row = session.get(SharingSession, session_id)
    if row is None:
        raise NotFound("That sharing session no longer exists.")
    return row


def _can_see(session: Session, actor: PersonRef, row: SharingSession) -> bool:
    if row.community_id is not None:
        return actor.is_admin or is_member(session, row.community_id, actor.id)
    return actor.team_id == row.team_id or actor.is_admin


def _visible_row(session: Session, actor: PersonRef, session_id: int) -> SharingSession:
    row = _row(session, session_id)
    if not _can_see(session, actor, row):
        if row.community_id is not None:
            raise PermissionDenied("Join the session's community to see and join its sessions.")
        raise NotFound("That sharing session no longer exists.")
    return row


def _presenter_ids(session: Session, session_id: int) -> list[int]:
    return list(
        session.exec(
            select(SharingPresenter.person_id).where(SharingPresenter.session_id == session_id)
        ).all()
    )


def _can_organise(session: Session, actor: PersonRef, row: SharingSession) -> bool:
    """Who may edit, cancel and record attendance: the proposer, a presenter, a lead or mentor
    of the session's team (for a community's, the community's creator) or an admin."""
    if actor.id == row.proposed_by_id or actor.id in _presenter_ids(session, row.id or 0):
        return True
    if actor.is_admin:
        return True
    if row.community_id is not None:
        return get_community(session, row.community_id).created_by_id == actor.id
    return actor.team_id == row.team_id and actor.role in (PersonRole.LEAD, PersonRole.MENTOR)


def can_organise(session: Session, *, actor: PersonRef, session_id: int) -> bool:
    """Whether `actor` may change, cancel and record attendance of this session."""
    return _can_organise(session, actor, _row(session, session_id))


def presentations_to_confirm(
    session: Session, *, actor: PersonRef, now: datetime
) -> list[tuple[SessionView, PresenterView]]:
    """Presentations held and not yet confirmed whose presenter the actor mentors or leads
    (a lead: anyone of their team), newest first."""
    if actor.role not in (PersonRole.LEAD, PersonRole.MENTOR):
        return []
    waiting = []
    for view in sessions_for(session, actor=actor):
        if view.cancelled or not view.started(now):
            continue
        ids = [p.person_id for p in view.presenters if p.confirmed_level is None]
        people = {p.id: p for p in get_people(session, ids)}
        for presenter in view.presenters:
            person = people.get(presenter.person_id)
            if (
                person is not None
                and person.id != actor.id
                and person.team_id == actor.team_id
                and (actor.is_lead or person.mentor_id == actor.id)
            ):
                waiting.append((view, presenter))
    return sorted(waiting, key=lambda w: w[0].starts_at, reverse=True)


def _ensure_can_organise(
    session: Session, actor: PersonRef, row: SharingSession, what: str
) -> None:
    if not _can_organise(session, actor, row):
        raise PermissionDenied(
            f"Only the session's presenters, whoever proposed it or a lead or mentor can {what}."
        )


# --- proposing --------------------------------------------------------------------------


def _draft_problems(draft: SessionDraft) -> list[str]:
    problems = []
    if not draft.title.strip():
        problems.append("give it a title")
    elif len(draft.title.strip()) > MAX_TITLE_CHARS:
        problems.append(f"the title is longer than {MAX_TITLE_CHARS} characters")
    elif problem := one_line_problem(draft.title, "title"):
        problems.append(problem)
    if not MIN_SESSION_MINUTES <= draft.minutes <= MAX_SESSION_MINUTES:
        problems.append(
            f"the length must be {MIN_SESSION_MINUTES} to {MAX_SESSION_MINUTES} minutes"
        )
    if not draft.presenter_ids:
        problems.append("name at least one presenter")
    description = normalise_line_breaks(draft.description)
    if len(description) > MAX_DESCRIPTION_CHARS:
        problems.append(f"the description is longer than {MAX_DESCRIPTION_CHARS} characters")
    elif problem := body_problem(description, "description"):
        problems.append(problem)
    if draft.repeat is not None:
        r = draft.repeat
        if not 1 <= r.interval_weeks <= MAX_INTERVAL_WEEKS:
            problems.append(f"a series repeats every 1 to {MAX_INTERVAL_WEEKS} weeks")
        if r.until_on is None and r.occurrences is None:
            problems.append("a series needs an end: a last date or a number of sessions")
        if r.until_on is not None and r.until_on < draft.on:
            problems.append("the series cannot end before its first session")
        if r.occurrences is not None and not 2 <= r.occurrences <= MAX_SERIES_OCCURRENCES:
            problems.append(f"a series has 2 to {MAX_SERIES_OCCURRENCES} sessions")
    return problems


def _check_presenters(session: Session, actor: PersonRef, draft: SessionDraft) -> list[PersonRef]:
    presenters = get_people(session, list(draft.presenter_ids))
    if len(presenters) != len(set(draft.presenter_ids)):
        raise NotFound("Session not saved: a presenter chosen no longer exists.")
    for p in presenters:
        if draft.community_id is not None:
            if not is_member(session, draft.community_id, p.id):
                raise InvalidInput(f"Session not saved: {p.name} is not a member of the community.")
        elif p.team_id != actor.team_id:
            raise InvalidInput(f"Session not saved: {p.name} is not in your team.")
        if not p.active:
            raise InvalidInput(f"Session not saved: {p.name} has left.")
    return presenters


def propose_session(
    session: Session, *, actor: PersonRef, draft: SessionDraft, now: datetime
) -> list[SessionView]:
    """Propose a session for the actor's team (or one of their communities); with a `repeat`,
    a series and all its sessions. Returns the sessions created, first first. Refused
    (InvalidInput, every problem named) before anything is saved."""
    problems = _draft_problems(draft)
    if problems:
        raise InvalidInput("Session not saved: " + "; ".join(problems) + ".")
    link = checked_link(draft.link)
    if draft.community_id is not None and not is_member(session, draft.community_id, actor.id):
        raise PermissionDenied("Join the community to propose a session for it.")
    presenters = _check_presenters(session, actor, draft)
    module_id: int | None = None
    if draft.module_key:
        module_id = session.exec(select(Module.id).where(Module.key == draft.module_key)).first()
        if module_id is None:
            raise NotFound(f"Session not saved: no module '{draft.module_key}'.")
    if draft.note_id is not None:
        note = session.get(Note, draft.note_id)
        if note is None or not may_read_note(session, actor, note):
            raise NotFound("Session not saved: that note no longer exists.")
    zone_name = team_zone_name(session, actor.team_id)
    zone = ZoneInfo(zone_name)
    if draft.repeat is None:
        days = [draft.on]
        series_id = None
    else:
        days = series_dates(
            draft.on,
            draft.repeat.interval_weeks,
            until_on=draft.repeat.until_on,
            occurrences=draft.repeat.occurrences,
        )
        series = SharingSeries(
            title=draft.title.strip(),
            interval_weeks=draft.repeat.interval_weeks,
            first_on=draft.on,
            until_on=draft.repeat.until_on,
            occurrences=draft.repeat.occurrences,
            created_by_id=actor.id,
            created_at=now,
        )
        session.add(series)
        session.flush()
        series_id = series.id
    first_start = datetime.combine(days[0], draft.at, tzinfo=zone).astimezone(UTC)
    if first_start <= now:
        raise InvalidInput("Session not saved: its start has already passed; pick a later time.")
    rows = []
    for day in days:
        row = SharingSession(
            team_id=None if draft.community_id is not None else actor.team_id,
            community_id=draft.community_id,
            series_id=series_id,
            title=draft.title.strip(),
            kind=draft.kind,
            description=normalise_line_breaks(draft.description).strip(),
            starts_at=datetime.combine(day, draft.at, tzinfo=zone).astimezone(UTC),
            time_zone=zone_name,
            minutes=draft.minutes,
            module_id=module_id,
            competency_keys=list(draft.competency_keys),
            note_id=draft.note_id,
            link=link,
            proposed_by_id=actor.id,
            created_at=now,
        )
        session.add(row)
        session.flush()
        for p in presenters:
            session.add(SharingPresenter(session_id=row.id or 0, person_id=p.id))
        rows.append(row)
    first = rows[0].starts_at.astimezone(zone)
    record(
        session,
        actor=actor,
        action="sharing_session_proposed",
        entity="sharingsession",
        entity_id=rows[0].id,
        summary=f"Proposed the {draft.kind.label.lower()} '{draft.title.strip()}' with "
        f"{listed([p.name for p in presenters])} on {formats.day(first.date())} at "
        f"{first:%H:%M}"
        + (
            f", then every {draft.repeat.interval_weeks} weeks ({len(rows)} sessions)."
            if draft.repeat
            else "."
        ),
        detail={"sessions": [r.id for r in rows], "series_id": series_id},
        at=now,
    )
    session.flush()
    return _views(session, rows, actor)


# --- signing up and attendance ----------------------------------------------------------


def _participant(session: Session, session_id: int, person_id: int) -> SharingParticipant | None:
    return session.exec(
        select(SharingParticipant).where(
            SharingParticipant.session_id == session_id, SharingParticipant.person_id == person_id
        )
    ).first()


def sign_up(session: Session, *, actor: PersonRef, session_id: int, now: datetime) -> SessionView:
    """Sign the actor up for a session that has not started and is not cancelled."""
    row = _visible_row(session, actor, session_id)
    if row.cancelled_at is not None:
        raise InvalidInput(f"'{row.title}' was cancelled.")
    if now >= row.starts_at:
        raise InvalidInput(f"'{row.title}' has already started; sign-ups are closed.")
    if actor.id in _presenter_ids(session, session_id):
        raise InvalidInput("You present this session; presenters need not sign up.")
    taken = _participant(session, session_id, actor.id)
    if taken is not None and taken.signed_up_at is not None:
        raise InvalidInput(f"You are already signed up for '{row.title}'.")
    taken = taken or SharingParticipant(session_id=session_id, person_id=actor.id)
    taken.signed_up_at = now
    session.add(taken)
    record(
        session,
        actor=actor,
        action="sharing_signed_up",
        entity="sharingsession",
        entity_id=session_id,
        summary=f"Signed up for '{row.title}'.",
        at=now,
        team_id=row.team_id or actor.team_id,
    )
    session.flush()
    return get_session(session, actor=actor, session_id=session_id)


def withdraw(session: Session, *, actor: PersonRef, session_id: int, now: datetime) -> SessionView:
    """Take the actor's sign-up back, before the session starts."""
    row = _visible_row(session, actor, session_id)
    taken = _participant(session, session_id, actor.id)
    if taken is None or taken.signed_up_at is None:
        raise InvalidInput(f"You are not signed up for '{row.title}'.")
    if now >= row.starts_at:
        raise InvalidInput(f"'{row.title}' has already started; the sign-up stays.")
    session.delete(taken)
    record(
        session,
        actor=actor,
        action="sharing_withdrawn",
        entity="sharingsession",
        entity_id=session_id,
        summary=f"Withdrew from '{row.title}'.",
        at=now,
        team_id=row.team_id or actor.team_id,
    )
    session.flush()
    return get_session(session, actor=actor, session_id=session_id)


def eligible_attendees(session: Session, *, session_id: int) -> list[PersonRef]:
    """Who could have been there: the team's (or community's) active people, presenters
    excepted, by name."""
    row = _row(session, session_id)
    presenters = set(_presenter_ids(session, session_id))
    ids: list[int | None]
    if row.community_id is not None:
        ids = [m.person_id for m in get_community(session, row.community_id).members]
    else:
        ids = [
            i
            for i in session.exec(
                select(Person.id).where(Person.team_id == row.team_id, Person.active == True)  # noqa: E712
            ).all()
        ]
    people = get_people(session, [i for i in ids if i is not None and i not in presenters])
    return sorted((p for p in people if p.active), key=lambda p: p.name)


def record_attendance(
    session: Session,
    *,
    actor: PersonRef,
    session_id: int,
    attendee_ids: Sequence[int],
    now: datetime,
) -> SessionView:
    """Who came, once the session has started (recording again replaces the list; an hour
    someone already logged stays theirs)."""
    row = _visible_row(session, actor, session_id)
    _ensure_can_organise(session, actor, row, "record who came")
    if row.cancelled_at is not None:
        raise InvalidInput(f"'{row.title}' was cancelled.")
    if now < row.starts_at:
        raise InvalidInput(f"'{row.title}' has not started yet; record who came afterwards.")
    allowed = {p.id: p for p in eligible_attendees(session, session_id=session_id)}
    unknown = [i for i in attendee_ids if i not in allowed]
    if unknown:
        raise InvalidInput("Attendance not saved: someone chosen cannot attend this session.")
    wanted = set(attendee_ids)
    existing = {
        p.person_id: p
        for p in session.exec(
            select(SharingParticipant).where(SharingParticipant.session_id == session_id)
        )
    }
    for person_id, participant in existing.items():
        participant.attended = person_id in wanted
        session.add(participant)
    for person_id in wanted - set(existing):
        session.add(SharingParticipant(session_id=session_id, person_id=person_id, attended=True))
    row.attendance_recorded_at = now
    session.add(row)
    names = [allowed[i].name for i in sorted(wanted, key=lambda i: allowed[i].name)]
    record(
        session,
        actor=actor,
        action="sharing_attendance_recorded",
        entity="sharingsession",
        entity_id=session_id,
        summary=f"Recorded who came to '{row.title}': "
        + (listed(names) if names else "nobody")
        + ".",
        detail={"attendees": sorted(wanted)},
        at=now,
        team_id=row.team_id or actor.team_id,
    )
    session.flush()
    return get_session(session, actor=actor, session_id=session_id)


def log_session_hour(
    session: Session, *, actor: PersonRef, session_id: int, now: datetime
) -> SessionView:
    """Log the session in the actor's activity log (its module, its length, a discussion)
    once; a second click is refused, the entry already there."""
    row = _visible_row(session, actor, session_id)
    participant = _participant(session, session_id, actor.id)
    presenting = actor.id in _presenter_ids(session, session_id)
    if participant is None or not (participant.attended or presenting):
        if not presenting:
            raise InvalidInput(
                f"You are not recorded as at '{row.title}'; ask its presenter to record you."
            )
        participant = SharingParticipant(session_id=session_id, person_id=actor.id)
    if participant.activity_id in _existing_activities(session, [participant.activity_id or 0]):
        raise InvalidInput(f"'{row.title}' is already in your activity log.")
    if row.module_id is None:
        raise InvalidInput(
            f"'{row.title}' has no module, so there is no module to log it against; log it "
            "under My learning against the module it helped with."
        )
    module_key = session.exec(select(Module.key).where(Module.id == row.module_id)).one()
    zone = ZoneInfo(row.time_zone)
    hours = max(round(row.minutes / 60 * 4) / 4, 0.25)
    log_activity(
        session,
        actor=actor,
        person_id=actor.id,
        module_key=module_key,
        occurred_on=local_day(row.starts_at, zone),
        hours=hours,
        kind=ActivityKind.TEACHING if presenting else ActivityKind.DISCUSSION,
        stage=LearningStage.REFLECTIVE_OBSERVATION,
        note=f"{SharingKind(row.kind).label}: {row.title}",
        today=local_day(now, zone),
        now=now,
    )
    participant.activity_id = session.exec(
        select(ActivityLog.id)
        .where(ActivityLog.person_id == actor.id)
        .order_by(col(ActivityLog.id).desc())
    ).first()
    session.add(participant)
    record(
        session,
        actor=actor,
        action="sharing_hour_logged",
        entity="sharingsession",
        entity_id=session_id,
        summary=f"Logged {formats.hours(hours)} from '{row.title}' in their activity log.",
        detail={"activity_id": participant.activity_id},
        at=now,
        team_id=actor.team_id,
    )
    session.flush()
    return get_session(session, actor=actor, session_id=session_id)


# --- the presenter's evidence -----------------------------------------------------------


def session_competencies(session: Session, session_id: int, team_id: int) -> list[Competency]:
    """The competencies of `team_id` a session works on: those named, and its module's."""
    row = _row(session, session_id)
    found: dict[str, Competency] = {}
    if row.module_id is not None:
        found |= {c.key: c for c in module_competencies(session, row.module_id, team_id)}
    if row.competency_keys:
        for c in session.exec(
            select(Competency).where(
                Competency.team_id == team_id, col(Competency.key).in_(row.competency_keys)
            )
        ):
            found.setdefault(c.key, c)
    return sorted(found.values(), key=lambda c: (c.position, c.id or 0))


def confirm_presentation(
    session: Session,
    *,
    actor: PersonRef,
    session_id: int,
    presenter_id: int,
    level: int,
    now: datetime,
) -> list[str]:
    """The presenter's mentor or a lead confirms they presented: presentation evidence at
    `level` in each competency the session works on (append-only, proven like a passed
    practical: it sets the level while no mentor or lead has rated, else waits in the
    matrix's evidence review). Returns the competencies' names."""
    row = _visible_row(session, actor, session_id)
    presenter = get_person(session, presenter_id)
    taken = session.exec(
        select(SharingPresenter).where(
            SharingPresenter.session_id == session_id, SharingPresenter.person_id == presenter_id
        )
    ).first()
    if taken is None:
        raise NotFound(f"{presenter.name} does not present '{row.title}'.")
    ensure_mentor_or_lead(actor, presenter, "confirm their presentation")
    if actor.id == presenter.id:
        raise PermissionDenied("Your own presentation is confirmed by your mentor or a lead.")
    if row.cancelled_at is not None or now < row.starts_at:
        raise InvalidInput(f"'{row.title}' has not been held; confirm it once it has.")
    if taken.confirmed_at is not None:
        raise InvalidInput(
            f"{presenter.name}'s presentation of '{row.title}' is already confirmed."
        )
    if isinstance(level, bool) or not 1 <= level <= 4:
        raise InvalidInput("Not confirmed: the level must be 1 (basic) to 4 (expert).")
    competencies = session_competencies(session, session_id, presenter.team_id)
    if not competencies:
        raise InvalidInput(
            f"'{row.title}' names no module or competency of {presenter.name}'s team, so there "
            "is nothing to record evidence in."
        )
    append_ratings(
        session,
        [
            Rating(
                person_id=presenter.id,
                competency_id=c.id or 0,
                level=level,
                rater_id=actor.id,
                rater_kind=RaterKind.PRESENTATION,
                note=f"Presented '{row.title}' ({SharingKind(row.kind).label.lower()}).",
                created_at=now,
            )
            for c in competencies
        ],
    )
    taken.confirmed_level = level
    taken.confirmed_by_id = actor.id
    taken.confirmed_at = now
    session.add(taken)
    names = [c.name for c in competencies]
    record(
        session,
        actor=actor,
        action="sharing_presentation_confirmed",
        entity="sharingsession",
        entity_id=session_id,
        summary=f"Confirmed {presenter.name}'s presentation '{row.title}': "
        f"{LEVEL_NAMES[level]} presentation evidence in {listed(names)}.",
        detail={
            "presenter_id": presenter.id,
            "level": level,
            "competencies": [c.key for c in competencies],
        },
        at=now,
        team_id=presenter.team_id,
    )
    session.flush()
    return names


# --- editing and cancelling -------------------------------------------------------------


def _targets(session: Session, row: SharingSession, rest_of_series: bool) -> list[SharingSession]:
    """The session, or it and every later one of its series still planned."""
    if not rest_of_series or row.series_id is None:
        return [row]
    return list(
        session.exec(
            select(SharingSession)
            .where(
                SharingSession.series_id == row.series_id,
                col(SharingSession.starts_at) >= row.starts_at,
                col(SharingSession.cancelled_at).is_(None),
            )
            .order_by(col(SharingSession.starts_at))
        )
    )


def edit_session(
    session: Session,
    *,
    actor: PersonRef,
    session_id: int,
    change: SessionChange,
    rest_of_series: bool = False,
    now: datetime,
) -> list[SessionView]:
    """Change one session not yet held, or it and the rest of its series (each keeps its own
    day; a new start time applies to each day)."""
    row = _visible_row(session, actor, session_id)
    _ensure_can_organise(session, actor, row, "change it")
    if row.cancelled_at is not None:
        raise InvalidInput(f"'{row.title}' was cancelled.")
    if now >= row.starts_at:
        raise InvalidInput(f"'{row.title}' has already started; it can no longer be changed.")
    probe = SessionDraft(
        title=row.title if change.title is None else change.title,
        kind=SharingKind(row.kind),
        on=row.starts_at.date(),
        at=time(),
        minutes=row.minutes if change.minutes is None else change.minutes,
        presenter_ids=(0,),
        description=row.description if change.description is None else change.description,
    )
    problems = _draft_problems(probe)
    if problems:
        raise InvalidInput("Session not saved: " + "; ".join(problems) + ".")
    link = checked_link(change.link) if change.link is not None else row.link
    rows = _targets(session, row, rest_of_series)
    for r in rows:
        zone = ZoneInfo(r.time_zone)
        if change.title is not None:
            r.title = change.title.strip()
        if change.minutes is not None:
            r.minutes = change.minutes
        if change.description is not None:
            r.description = normalise_line_breaks(change.description).strip()
        r.link = link
        if change.at is not None:
            r.starts_at = datetime.combine(
                local_day(r.starts_at, zone), change.at, tzinfo=zone
            ).astimezone(UTC)
        session.add(r)
    if any(r.starts_at <= now for r in rows):
        raise InvalidInput("Session not saved: that start time has already passed today.")
    record(
        session,
        actor=actor,
        action="sharing_session_changed",
        entity="sharingsession",
        entity_id=session_id,
        summary=f"Changed '{rows[0].title}'"
        + (f" and the {len(rows) - 1} later sessions of its series" if len(rows) > 1 else "")
        + ".",
        detail={
            "sessions": [r.id for r in rows],
            **{k: str(v) for k, v in vars(change).items() if v is not None},
        },
        at=now,
        team_id=row.team_id or actor.team_id,
    )
    session.flush()
    return _views(session, rows, actor)


def cancel_session(
    session: Session,
    *,
    actor: PersonRef,
    session_id: int,
    rest_of_series: bool = False,
    now: datetime,
) -> list[SessionView]:
    """Cancel one session not yet held, or it and the rest of its series; those signed up
    see it marked cancelled."""
    row = _visible_row(session, actor, session_id)
    _ensure_can_organise(session, actor, row, "cancel it")
    if row.cancelled_at is not None:
        raise InvalidInput(f"'{row.title}' is already cancelled.")
    if now >= row.starts_at:
        raise InvalidInput(f"'{row.title}' has already started; it can no longer be cancelled.")
    rows = _targets(session, row, rest_of_series)
    for r in rows:
        r.cancelled_at = now
        r.cancelled_by_id = actor.id
        session.add(r)
    first = row.starts_at.astimezone(ZoneInfo(row.time_zone))
    record(
        session,
        actor=actor,
        action="sharing_session_cancelled",
        entity="sharingsession",
        entity_id=session_id,
        summary=f"Cancelled '{row.title}' of {formats.day(first.date())}"
        + (f" and the {len(rows) - 1} later sessions of its series" if len(rows) > 1 else "")
        + ".",
        detail={"sessions": [r.id for r in rows]},
        at=now,
        team_id=row.team_id or actor.team_id,
    )
    session.flush()
    return _views(session, rows, actor)


# --- calendar files ---------------------------------------------------------------------


def _event(view: SessionView, stamp: datetime) -> Event:
    description = f"{view.kind.label} with {view.presenter_names}."
    if view.module_title:
        description += f"\nModule: {view.module_title}."
    if view.description:
        description += f"\n{view.description}"
    if view.link:
        description += f"\nMaterials: {view.link}"
    event = Event.new(
        uid=f"sharing-{view.id}@{UID_DOMAIN}",
        start=view.starts_at,
        end=view.ends_at,
        summary=view.title,
        description=description,
        stamp=stamp,
    )
    if view.cancelled:
        event.add("STATUS", "CANCELLED")
    return event


def _calendar(name: str, views: Sequence[SessionView], stamp: datetime) -> bytes:
    calendar = Calendar.new(prodid=PRODUCT_ID)
    calendar.add("NAME", vText(name))
    calendar.add("X-WR-CALNAME", vText(name))
    for view in views:
        calendar.add_component(_event(view, stamp))
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical


def session_ics(session: Session, *, actor: PersonRef, session_id: int, stamp: datetime) -> bytes:
    """One session as an .ics file (its time with its zone's TZID; a cancelled one says so)."""
    view = get_session(session, actor=actor, session_id=session_id)
    return _calendar(view.title, [view], stamp)


def series_ics(session: Session, *, actor: PersonRef, session_id: int, stamp: datetime) -> bytes:
    """Every session of the series `session_id` belongs to, one event each (a changed or
    cancelled occurrence stays exactly as it is, which one RRULE could not say)."""
    row = _visible_row(session, actor, session_id)
    if row.series_id is None:
        return session_ics(session, actor=actor, session_id=session_id, stamp=stamp)
    rows = session.exec(
        select(SharingSession)
        .where(SharingSession.series_id == row.series_id)
        .order_by(col(SharingSession.starts_at))
    )
    views = _views(session, list(rows), actor)
    return _calendar(f"{row.title} (series)", views, stamp)
