"""Teams and their people: create and archive teams, add, change, move and deactivate people,
and each person's choice of reminder e-mails.

Every write checks who may make it (`storage.access`), validates each field with a message
that names it, and records an audit event with the values before and after. `actor` None is
the command line, run by whoever runs the installation.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlmodel import Session, col, func, select

from storage import formats
from storage.access import can_manage_team, ensure_admin, ensure_can_manage_team
from storage.audit import record
from storage.enums import PersonRole, PlanStatus, ReminderKind
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import MentoringPlan, Organisation, Person, Team
from storage.people import PersonRef, admin_emails, get_person, has_admin_rights, normalise_email
from storage.text_rules import one_line_problem
from storage.time_zones import local_day, server_zone_name, team_zone, zone_named

MAX_NAME_CHARS = 120  # Person.name and Team.name
MAX_EMAIL_CHARS = 254
MAX_JOB_ROLE_CHARS = 80
# Deliberately loose: one @, something on each side, a dot in the domain, no spaces. The
# identity provider is the real check; this catches typing slips.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ROLE_WORDS = "lead, mentor or learner"
# What each kind of reminder e-mail is called where a person turns it on or off, and in the log.
REMINDER_LABELS = {
    ReminderKind.REVIEWS: "Cards due for review",
    ReminderKind.HAND_INS: "Hand-ins waiting for a grade or a peer review",
    ReminderKind.ACTION_ITEMS: "Action items from 1:1s due or overdue",
    ReminderKind.ONE_ON_ONES: "1:1s today and tomorrow, with the agenda",
    ReminderKind.SHARING_SESSIONS: "Sharing sessions today and tomorrow I signed up for or present",
    ReminderKind.NOTES: "Notes I own that are due for review",
    ReminderKind.TEAM_WEEK: "The team's alerts, weekly (leads)",
}


# --- read models ------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamRef:
    id: int
    name: str
    archived: bool
    members: int  # active people
    leads: tuple[str, ...]  # active leads' names
    time_zone: str | None = None  # IANA name; None: the server's (storage.time_zones)


@dataclass(frozen=True)
class PersonIn:
    """What a person is added or changed to; `mentor_id` None means no mentor."""

    name: str
    email: str
    role: PersonRole
    job_role: str
    mentor_id: int | None = None
    joined_on: date | None = None  # None: today, for a new person; unchanged for an edit


@dataclass(frozen=True)
class MemberRow:
    """One person as the team's people list shows them, leavers included."""

    id: int
    name: str
    email: str
    role: PersonRole
    job_role: str
    mentor_id: int | None
    mentor_name: str | None
    joined_on: date
    active: bool
    left_on: date | None
    is_admin: bool
    team_id: int
    team_name: str


# --- field rules (pure) -----------------------------------------------------------------


def _has_control_chars(text: str) -> bool:
    return one_line_problem(text, "text") is not None  # the one rule (storage/text_rules.py)


def clean_name(value: str, *, field: str = "name") -> str:
    """A person's or team's name: trimmed, not empty, one line, at most 120 characters."""
    name = value.strip()
    if not name:
        raise InvalidInput(f"The {field} is empty.")
    if len(name) > MAX_NAME_CHARS:
        raise InvalidInput(f"The {field} is longer than {MAX_NAME_CHARS} characters.")
    if _has_control_chars(name):
        raise InvalidInput(f"The {field} holds a line break or control character.")
    return name


def clean_email(value: str) -> str:
    """An email as stored: trimmed, lower-cased, shaped like name@domain.tld."""
    email = normalise_email(value)
    if not email:
        raise InvalidInput("The email is empty.")
    if len(email) > MAX_EMAIL_CHARS or not EMAIL_PATTERN.match(email) or _has_control_chars(email):
        raise InvalidInput(f"'{value.strip()}' is not an email address (name@example.com).")
    return email


def parse_role(value: str) -> PersonRole:
    """lead, mentor or learner (case and spaces ignored)."""
    word = value.strip().lower()
    try:
        return PersonRole(word)
    except ValueError:
        raise InvalidInput(f"'{value.strip()}' is not a role: use {ROLE_WORDS}.") from None


def clean_job_role(value: str) -> str:
    """The job title role targets refer to: trimmed, not empty, at most 80 characters."""
    job = value.strip()
    if not job:
        raise InvalidInput("The job role is empty (role targets are set per job role).")
    if len(job) > MAX_JOB_ROLE_CHARS:
        raise InvalidInput(f"The job role is longer than {MAX_JOB_ROLE_CHARS} characters.")
    if _has_control_chars(job):
        raise InvalidInput("The job role holds a line break or control character.")
    return job


def mentor_problem(
    *, mentee_id: int | None, mentee_name: str, mentor: Person, team_id: int
) -> str | None:
    """Why `mentor` cannot mentor this person, or None when they can."""
    if mentor.team_id != team_id:
        return f"{mentor.name} is not in this team."
    if not mentor.active:
        return f"{mentor.name} has left; choose an active mentor."
    if mentee_id is not None and mentor.id == mentee_id:
        return "Nobody mentors themselves."
    if mentor.role == PersonRole.LEARNER:
        return f"{mentor.name} is a learner; mentors are mentors or leads."
    if mentee_id is not None and mentor.mentor_id == mentee_id:
        return f"{mentee_name} already mentors {mentor.name}."
    return None


def check_mentor(session: Session, *, mentee: PersonRef, mentor_id: int) -> None:
    """InvalidInput unless the person `mentor_id` may mentor `mentee` (same team, active, not a
    learner, not themself, not the mentee's own mentee)."""
    mentor = session.get(Person, mentor_id)
    if mentor is None:
        raise NotFound(f"No person with id {mentor_id}.")
    problem = mentor_problem(
        mentee_id=mentee.id, mentee_name=mentee.name, mentor=mentor, team_id=mentee.team_id
    )
    if problem:
        raise InvalidInput(problem)


# --- teams ------------------------------------------------------------------------------


def list_teams(session: Session, *, include_archived: bool = False) -> list[TeamRef]:
    """Every team by name with its active members and leads (archived ones on request)."""
    query = select(Team).order_by(col(Team.name))
    if not include_archived:
        query = query.where(col(Team.archived_at).is_(None))
    teams = session.exec(query).all()
    counts: dict[int, int] = dict(
        session.exec(
            select(Person.team_id, func.count())
            .where(Person.active == True)  # noqa: E712 (SQL expression)
            .group_by(col(Person.team_id))
        ).all()
    )
    leads: dict[int, list[str]] = {}
    for team_id, name in session.exec(
        select(Person.team_id, Person.name)
        .where(Person.role == PersonRole.LEAD, Person.active == True)  # noqa: E712
        .order_by(col(Person.name))
    ):
        leads.setdefault(team_id, []).append(name)
    return [
        TeamRef(
            id=team.id or 0,
            name=team.name,
            archived=team.archived_at is not None,
            members=counts.get(team.id or 0, 0),
            leads=tuple(leads.get(team.id or 0, [])),
            time_zone=team.time_zone,
        )
        for team in teams
    ]


def get_team(session: Session, team_id: int) -> TeamRef:
    """The team with this id (archived or not), or NotFound."""
    for team in list_teams(session, include_archived=True):
        if team.id == team_id:
            return team
    raise NotFound(f"No team with id {team_id}.")


def _team_id_named(session: Session, name: str) -> int | None:
    # Compared in Python: SQLite's lower() folds only ASCII letters ("É" stays "É").
    wanted = name.strip().casefold()
    for team_id, team_name in session.exec(select(Team.id, Team.name)).all():
        if team_name.casefold() == wanted:
            return team_id
    return None


def find_team(session: Session, name: str) -> TeamRef | None:
    """The team with this name (case and surrounding spaces ignored), archived or not."""
    team_id = _team_id_named(session, name)
    return None if team_id is None else get_team(session, team_id)


def _unique_team_name(session: Session, name: str, *, team_id: int | None = None) -> str:
    name = clean_name(name, field="team name")
    clash = _team_id_named(session, name)
    if clash is not None and clash != team_id:
        raise InvalidInput(f"There is already a team called '{name}'.")
    return name


def create_team(
    session: Session,
    *,
    actor: PersonRef | None,
    name: str,
    lead: PersonIn,
    now: datetime,
    lead_is_admin: bool = False,
) -> tuple[TeamRef, PersonRef]:
    """A new team with its first lead (a new person, or an error if the email is taken).

    Only an organisation admin (or the command line) creates teams; `lead_is_admin` makes
    the lead an admin too (the first team of a new installation).
    """
    if actor is not None:
        ensure_admin(actor, "create teams")
    team = Team(name=_unique_team_name(session, name), created_at=now)
    session.add(team)
    session.flush()
    assert team.id is not None
    record(
        session,
        actor=actor,
        action="team_created",
        entity="team",
        summary=f"Created the team {team.name}.",
        entity_id=team.id,
        detail={"name": team.name},
        at=now,
        team_id=team.id,
    )
    person = add_person(
        session,
        actor=actor,
        team_id=team.id,
        person=replace(lead, role=PersonRole.LEAD, mentor_id=None),
        now=now,
        is_admin=lead_is_admin,
    )
    return get_team(session, team.id), person


def rename_team(
    session: Session, *, actor: PersonRef | None, team_id: int, name: str, now: datetime
) -> TeamRef:
    """An admin renames any team, a lead their own."""
    row = _team_row(session, team_id)
    if actor is not None:
        ensure_can_manage_team(actor, team_id, "rename the team")
    before = row.name
    row.name = _unique_team_name(session, name, team_id=team_id)
    session.add(row)
    if row.name != before:
        record(
            session,
            actor=actor,
            action="team_renamed",
            entity="team",
            summary=f"Renamed the team {before} to {row.name}.",
            entity_id=team_id,
            detail={"before": before, "after": row.name},
            team_id=team_id,
            at=now,
        )
    session.flush()
    return get_team(session, team_id)


def set_team_time_zone(
    session: Session, *, actor: PersonRef | None, team_id: int, time_zone: str | None, now: datetime
) -> TeamRef:
    """An admin sets any team's zone, a lead their own; None (or blank) goes back to the
    server's. Unknown zone names are refused."""
    row = _team_row(session, team_id)
    if actor is not None:
        ensure_can_manage_team(actor, team_id, "set the team's time zone")
    wanted = time_zone.strip() if time_zone else ""
    after = zone_named(wanted).key if wanted else None
    before = row.time_zone
    if after != before:
        row.time_zone = after
        session.add(row)
        server = f"the server's zone ({server_zone_name()})"
        old, new = before or server, after or server
        record(
            session,
            actor=actor,
            action="team_time_zone_set",
            entity="team",
            summary=f"Set the time zone of {row.name} from {old} to {new}.",
            entity_id=team_id,
            detail={"before": before, "after": after},
            team_id=team_id,
            at=now,
        )
        session.flush()
    return get_team(session, team_id)


def set_team_archived(
    session: Session, *, actor: PersonRef | None, team_id: int, archived: bool, now: datetime
) -> TeamRef:
    """An admin archives a team (its people can no longer sign in; history is kept) or
    restores it. An admin's own team cannot be archived by them (they would lock themself out)."""
    row = _team_row(session, team_id)
    if actor is not None:
        ensure_admin(actor, "archive teams")
        if archived and actor.team_id == team_id:
            raise InvalidInput("You cannot archive your own team; ask another admin.")
    if (row.archived_at is not None) == archived:
        return get_team(session, team_id)
    row.archived_at = now if archived else None
    session.add(row)
    record(
        session,
        actor=actor,
        action="team_archived" if archived else "team_restored",
        entity="team",
        summary=f"{'Archived' if archived else 'Restored'} the team {row.name}.",
        entity_id=team_id,
        detail={"name": row.name},
        at=now,
        team_id=team_id,
    )
    session.flush()
    return get_team(session, team_id)


def _team_row(session: Session, team_id: int) -> Team:
    row = session.get(Team, team_id)
    if row is None:
        raise NotFound(f"No team with id {team_id}.")
    return row


def _active_team(session: Session, team_id: int) -> Team:
    row = _team_row(session, team_id)
    if row.archived_at is not None:
        raise InvalidInput(f"The team '{row.name}' is archived; restore it first.")
    return row


def create_organisation(
    session: Session, *, name: str, curriculum_dir: str | None, demo: bool, now: datetime
) -> None:
    """The installation's organisation row, written once by the first start's setup."""
    if session.exec(select(Organisation.id)).first() is not None:
        raise InvalidInput("This Proficio is already set up.")
    session.add(
        Organisation(
            name=clean_name(name, field="organisation name"),
            curriculum_dir=curriculum_dir,
            demo=demo,
            created_at=now,
        )
    )
    record(
        session,
        actor=None,
        action="organisation_set_up",
        entity="organisation",
        summary=f"Set up {name}{' (the demo)' if demo else ''} with "
        + (
            f"the curriculum in {curriculum_dir}." if curriculum_dir else "the built-in curriculum."
        ),
        detail={"name": name, "demo": demo, "curriculum": curriculum_dir or "built-in"},
        at=now,
    )
    session.flush()


# --- people -----------------------------------------------------------------------------


def _person_row(session: Session, person_id: int) -> Person:
    row = session.get(Person, person_id)
    if row is None:
        raise NotFound(f"No person with id {person_id}.")
    return row


def _ensure_may_change_admin(actor: PersonRef, row: Person, what: str) -> None:
    """Only an admin may change what lets an admin sign in (a lead who could change an
    admin's email could then sign in as them)."""
    if has_admin_rights(row) and not actor.is_admin:
        raise PermissionDenied(f"Only an organisation admin can {what}.")


def _ensure_email_free(
    session: Session, email: str, *, actor: PersonRef | None, person_id: int | None = None
) -> None:
    """The email is nobody else's, and (unless an admin gives it) not an admin's address.

    Whose it is, is said only to someone who manages that person's team: a lead does not
    learn the names of other teams' people by trying emails.
    """
    owner = session.exec(
        select(Person).where(func.lower(Person.email) == email, col(Person.id) != person_id)
    ).first()
    if owner is not None:
        if actor is not None and not can_manage_team(actor, owner.team_id):
            raise InvalidInput(f"{email} already belongs to someone in another team.")
        where = "" if owner.active else " (who has left)"
        raise InvalidInput(f"{email} is already {owner.name}'s email{where}.")
    if actor is not None and not actor.is_admin and email in admin_emails():
        raise PermissionDenied(
            f"{email} is an organisation admin's address; only an admin can give it to someone."
        )


def add_person(
    session: Session,
    *,
    actor: PersonRef | None,
    team_id: int,
    person: PersonIn,
    now: datetime,
    is_admin: bool = False,
    audit: bool = True,
) -> PersonRef:
    """A lead adds someone to their team, an admin to any team. `audit=False`: the caller
    records the addition itself once the person is complete (`record_added`)."""
    if actor is not None:
        ensure_can_manage_team(actor, team_id, "add people")
    _active_team(session, team_id)
    email = clean_email(person.email)
    _ensure_email_free(session, email, actor=actor)
    row = Person(
        team_id=team_id,
        name=clean_name(person.name),
        email=email,
        role=person.role,
        job_role=clean_job_role(person.job_role),
        joined_on=person.joined_on or local_day(now, team_zone(session, team_id)),
        is_admin=is_admin,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    if person.mentor_id is not None:
        check_mentor(session, mentee=get_person(session, row.id), mentor_id=person.mentor_id)
        row.mentor_id = person.mentor_id
        session.add(row)
    if audit:
        record_added(session, actor=actor, row=row, now=now)
    session.flush()
    return get_person(session, row.id)


def record_added(session: Session, *, actor: PersonRef | None, row: Person, now: datetime) -> None:
    """The audit event of a person's addition, with everything they were added with."""
    team = _team_row(session, row.team_id).name
    mentor = _names(session, [row.mentor_id]).get(row.mentor_id)
    record(
        session,
        actor=actor,
        action="person_added",
        entity="person",
        summary=f"Added {row.name} to {team} as a {row.role} ({row.job_role}, {row.email})"
        + (f", mentored by {mentor}." if mentor else "."),
        entity_id=row.id,
        detail={
            "person_id": row.id,
            "email": row.email,
            "role": row.role,
            "job role": row.job_role,
            "mentor_id": row.mentor_id,
            "team": team,
        },
        team_id=row.team_id,
        at=now,
    )


def _other_active_leads(session: Session, row: Person) -> int:
    return len(
        session.exec(
            select(Person.id).where(
                Person.team_id == row.team_id,
                Person.role == PersonRole.LEAD,
                Person.active == True,  # noqa: E712 (SQL expression)
                col(Person.id) != row.id,
            )
        ).all()
    )


def _ensure_not_last_lead(session: Session, row: Person, what: str) -> None:
    if row.role == PersonRole.LEAD and row.active and _other_active_leads(session, row) == 0:
        raise InvalidInput(
            f"{row.name} is the team's only lead; make someone else a lead before you {what}."
        )


def update_person(
    session: Session, *, actor: PersonRef | None, person_id: int, person: PersonIn, now: datetime
) -> tuple[PersonRef, list[str]]:
    """Change a person's name, email, role, job role, mentor and joining day; returns the
    person and what changed ("role: learner → mentor"), empty when nothing did."""
    row = _person_row(session, person_id)
    if actor is not None:
        ensure_can_manage_team(actor, row.team_id, "change people")
    name = clean_name(person.name)
    email = clean_email(person.email)
    job_role = clean_job_role(person.job_role)
    if email != row.email:
        if actor is not None:
            _ensure_may_change_admin(actor, row, "change an organisation admin's email")
        _ensure_email_free(session, email, actor=actor, person_id=person_id)
    if person.role != row.role:
        _ensure_not_last_lead(session, row, "change their role")
        if person.role == PersonRole.LEARNER:
            mentees = session.exec(
                select(Person.name).where(
                    Person.mentor_id == person_id,
                    Person.active == True,  # noqa: E712 (SQL expression)
                )
            ).all()
            if mentees:
                raise InvalidInput(
                    f"{row.name} mentors {', '.join(sorted(mentees))}; give them another "
                    "mentor first (learners do not mentor)."
                )
    if person.mentor_id is not None and person.mentor_id != row.mentor_id:
        check_mentor(session, mentee=get_person(session, person_id), mentor_id=person.mentor_id)
    changes = write_person(
        session,
        actor=actor,
        row=row,
        person=PersonIn(
            name=name,
            email=email,
            role=person.role,
            job_role=job_role,
            mentor_id=person.mentor_id,
            joined_on=person.joined_on,
        ),
        now=now,
    )
    return get_person(session, person_id), changes


def write_person(
    session: Session,
    *,
    actor: PersonRef | None,
    row: Person,
    person: PersonIn,
    audit: bool = True,
    now: datetime,
) -> list[str]:
    """Write a person's new details (already cleaned and checked against every other person:
    `update_person` one at a time, the CSV import for the whole file at once) with one audit
    event; returns what changed, nothing written when nothing did."""
    assert row.id is not None
    person_id = row.id
    name, email, job_role = person.name, person.email, person.job_role
    names = _names(session, [row.mentor_id, person.mentor_id])
    changes: list[str] = []
    for label, before, after in (
        ("name", row.name, name),
        ("email", row.email, email),
        ("role", str(row.role), str(person.role)),
        ("job role", row.job_role, job_role),
        ("mentor", names.get(row.mentor_id, "none"), names.get(person.mentor_id, "none")),
        (
            "joined",
            formats.day(row.joined_on),
            formats.day(person.joined_on or row.joined_on),
        ),
    ):
        if before != after:
            changes.append(f"{label}: {before} → {after}")
    if not changes:
        return []
    mentor_changed = person.mentor_id != row.mentor_id
    row.name, row.email, row.role, row.job_role = name, email, person.role, job_role
    row.joined_on = person.joined_on or row.joined_on
    if mentor_changed:
        _move_active_plans(session, actor=actor, mentee=row, mentor_id=person.mentor_id, now=now)
        row.mentor_id = person.mentor_id
    session.add(row)
    if not audit:
        session.flush()
        return changes
    record(
        session,
        actor=actor,
        action="person_changed",
        entity="person",
        summary=f"Changed {name}'s details: " + "; ".join(changes) + ".",
        entity_id=person_id,
        detail={"person_id": person_id, "changes": "; ".join(changes)},
        team_id=row.team_id,
        at=now,
    )
    session.flush()
    return changes


def _names(session: Session, ids: list[int | None]) -> dict[int | None, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = session.exec(select(Person.id, Person.name).where(col(Person.id).in_(wanted))).all()
    return {person_id: name for person_id, name in rows}


def _move_active_plans(
    session: Session,
    *,
    actor: PersonRef | None,
    mentee: Person,
    mentor_id: int | None,
    now: datetime,
) -> None:
    """A new mentor takes over the mentee's active plans; no mentor ends them (audited)."""
    for plan in session.exec(
        select(MentoringPlan).where(
            MentoringPlan.mentee_id == mentee.id, MentoringPlan.status == PlanStatus.ACTIVE
        )
    ):
        if mentor_id is None:
            plan.status = PlanStatus.CANCELLED
            record(
                session,
                actor=actor,
                action="plan_ended",
                entity="mentoringplan",
                summary=f"Ended {mentee.name}'s mentoring plan: they no longer have a mentor.",
                entity_id=plan.id,
                detail={
                    "mentee_id": plan.mentee_id,
                    "mentor_id": plan.mentor_id,
                    "note": f"{mentee.name} no longer has a mentor",
                },
                team_id=mentee.team_id,
                at=now,
            )
        else:
            plan.mentor_id = mentor_id
        session.add(plan)


def _end_pairings(
    session: Session, row: Person, *, actor: PersonRef | None, why: str, now: datetime
) -> None:
    """Someone leaves the team: their active plans (as mentee or mentor) end, with `why` in
    the audit log, and their mentees there are left without a mentor."""
    assert row.id is not None
    plans = session.exec(
        select(MentoringPlan).where(
            (MentoringPlan.mentee_id == row.id) | (MentoringPlan.mentor_id == row.id),
            MentoringPlan.status == PlanStatus.ACTIVE,
        )
    ).all()
    for plan in plans:
        plan.status = PlanStatus.CANCELLED
        session.add(plan)
        pair = _names(session, [plan.mentee_id, plan.mentor_id])
        record(
            session,
            actor=actor,
            action="plan_ended",
            entity="mentoringplan",
            summary=f"Ended {pair.get(plan.mentee_id)}'s mentoring plan with "
            f"{pair.get(plan.mentor_id)}: {why}.",
            entity_id=plan.id,
            detail={"mentee_id": plan.mentee_id, "mentor_id": plan.mentor_id, "note": why},
            team_id=row.team_id,
            at=now,
        )
    for mentee in session.exec(select(Person).where(Person.mentor_id == row.id)):
        mentee.mentor_id = None
        session.add(mentee)
        record(
            session,
            actor=actor,
            action="mentor_removed",
            entity="person",
            summary=f"{mentee.name} no longer has {row.name} as mentor: {why}.",
            entity_id=mentee.id,
            detail={"mentee_id": mentee.id, "previous_mentor_id": row.id, "note": why},
            team_id=mentee.team_id,
            at=now,
        )
    row.mentor_id = None


def move_person(
    session: Session, *, actor: PersonRef | None, person_id: int, team_id: int, now: datetime
) -> PersonRef:
    """Move someone to another team (admins only, or the CLI): their history goes with them;
    their mentoring plans end with a note in the audit log and they start without a mentor."""
    row = _person_row(session, person_id)
    if row.team_id == team_id:
        return get_person(session, person_id)
    if actor is not None:
        ensure_admin(actor, "move people between teams")
    target = _active_team(session, team_id)
    before = _team_row(session, row.team_id).name
    _ensure_not_last_lead(session, row, "move them")
    _end_pairings(session, row, actor=actor, why=f"{row.name} moved to {target.name}", now=now)
    old_team_id = row.team_id
    row.team_id = team_id
    session.add(row)
    for seen_by in (old_team_id, team_id):  # both teams' leads read that they moved
        record(
            session,
            actor=actor,
            action="person_moved",
            entity="person",
            summary=f"Moved {row.name} from {before} to {target.name}.",
            entity_id=person_id,
            detail={"person_id": person_id, "before": before, "after": target.name},
            team_id=seen_by,
            at=now,
        )
    session.flush()
    return get_person(session, person_id)


def set_person_active(
    session: Session,
    *,
    actor: PersonRef | None,
    person_id: int,
    active: bool,
    today: date,
    now: datetime,
) -> PersonRef:
    """Deactivate a leaver (from `today` they cannot sign in and leave KPIs, alerts and
    pickers; their plans end, their history stays) or reactivate them."""
    row = _person_row(session, person_id)
    if actor is not None:
        ensure_can_manage_team(actor, row.team_id, "deactivate or reactivate people")
        _ensure_may_change_admin(actor, row, "deactivate an organisation admin")
        if actor.id == person_id and not active:
            raise PermissionDenied("You cannot deactivate yourself; ask another lead or admin.")
    if row.active == active:
        return get_person(session, person_id)
    if active:
        _active_team(session, row.team_id)
        _ensure_email_free(session, row.email, actor=None, person_id=person_id)
        row.active, row.left_on = True, None
    else:
        _ensure_not_last_lead(session, row, "deactivate them")
        _end_pairings(
            session, row, actor=actor, why=f"{row.name} left on {formats.day(today)}", now=now
        )
        row.active, row.left_on = False, today
    session.add(row)
    record(
        session,
        actor=actor,
        action="person_reactivated" if active else "person_deactivated",
        entity="person",
        summary=f"Reactivated {row.name}."
        if active
        else f"Deactivated {row.name}, who left on {formats.day(today)}.",
        entity_id=person_id,
        detail={"person_id": person_id, "on": str(today)},
        team_id=row.team_id,
        at=now,
    )
    session.flush()
    return get_person(session, person_id)


def set_admin(
    session: Session, *, actor: PersonRef | None, person_id: int, admin: bool, now: datetime
) -> PersonRef:
    """An admin makes someone an organisation admin, or takes it back (not from themself)."""
    row = _person_row(session, person_id)
    if actor is not None:
        ensure_admin(actor, "name admins")
        if actor.id == person_id and not admin:
            raise InvalidInput("You cannot take away your own admin rights; ask another admin.")
    if row.is_admin == admin:
        return get_person(session, person_id)
    row.is_admin = admin
    session.add(row)
    record(
        session,
        actor=actor,
        action="admin_granted" if admin else "admin_revoked",
        entity="person",
        summary=f"Made {row.name} an organisation admin."
        if admin
        else f"Took back {row.name}'s organisation admin rights.",
        entity_id=person_id,
        detail={"person_id": person_id},
        team_id=row.team_id,
        at=now,
    )
    session.flush()
    return get_person(session, person_id)


def team_members(
    session: Session, *, actor: PersonRef | None, team_id: int, include_leavers: bool = True
) -> list[MemberRow]:
    """The team's people for whoever manages it, active first, then leavers, each by name."""
    team = _team_row(session, team_id)
    if actor is not None:
        ensure_can_manage_team(actor, team_id, "manage the team's people")
    query = select(Person).where(Person.team_id == team_id)
    if not include_leavers:
        query = query.where(Person.active == True)  # noqa: E712 (SQL expression)
    rows = session.exec(query).all()
    names = _names(session, [r.mentor_id for r in rows])
    return sorted(
        (
            MemberRow(
                id=r.id or 0,
                name=r.name,
                email=r.email,
                role=PersonRole(r.role),
                job_role=r.job_role,
                mentor_id=r.mentor_id,
                mentor_name=names.get(r.mentor_id),
                joined_on=r.joined_on,
                active=r.active,
                left_on=r.left_on,
                is_admin=has_admin_rights(r),
                team_id=team_id,
                team_name=team.name,
            )
            for r in rows
        ),
        key=lambda m: (not m.active, m.name.lower()),
    )


def reminders_off(session: Session, person_id: int) -> frozenset[ReminderKind]:
    """The reminder kinds the person turned off (none: they get every kind that concerns them)."""
    row = session.get(Person, person_id)
    if row is None:
        raise NotFound("That person no longer exists.")
    known = {k.value for k in ReminderKind}
    return frozenset(ReminderKind(k) for k in row.reminders_off or [] if k in known)


def set_reminders_off(
    session: Session,
    *,
    actor: PersonRef,
    person_id: int,
    off: Collection[ReminderKind],
    at: datetime,
) -> frozenset[ReminderKind]:
    """Turn reminder kinds off (and the rest on) for oneself: nobody chooses another's mail."""
    if actor.id != person_id:
        raise PermissionDenied("Only the person themselves can choose which reminders they get.")
    row = session.get(Person, person_id)
    if row is None:
        raise NotFound("That person no longer exists.")
    before = reminders_off(session, person_id)
    after = frozenset(off)
    if after == before:
        return after
    row.reminders_off = sorted(k.value for k in after)
    session.add(row)
    turned_off = [k for k in ReminderKind if k in after - before]
    turned_on = [k for k in ReminderKind if k in before - after]
    changes = []
    if turned_off:
        changes.append("off: " + ", ".join(REMINDER_LABELS[k].lower() for k in turned_off))
    if turned_on:
        changes.append("on: " + ", ".join(REMINDER_LABELS[k].lower() for k in turned_on))
    record(
        session,
        actor=actor,
        action="reminders_changed",
        entity="person",
        entity_id=person_id,
        summary=f"{row.name} turned reminder e-mails {'; '.join(changes)}.",
        detail={"off": [k.value for k in turned_off], "on": [k.value for k in turned_on]},
        at=at,
    )
    return after
