"""People and teams as plain read models; the acting person every service receives."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from storage.enums import PersonRole
from storage.errors import NotFound
from storage.models import Organisation, Person, Team
from storage.settings import get_settings


@dataclass(frozen=True)
class PersonRef:
    """Who someone is, enough to show them and to decide what they may do."""

    id: int
    name: str
    email: str
    role: PersonRole
    job_role: str
    team_id: int
    mentor_id: int | None
    # Organisation admin: granted in the app or listed in PROFICIO_ADMIN_EMAILS.
    is_admin: bool = False
    active: bool = True  # False for a leaver (their history stays readable)

    @property
    def is_lead(self) -> bool:
        return self.role == PersonRole.LEAD


def normalise_email(email: str) -> str:
    """The form every email is stored and compared in: trimmed and lower-cased."""
    return email.strip().lower()


def _ref(person: Person) -> PersonRef:
    assert person.id is not None
    return PersonRef(
        id=person.id,
        name=person.name,
        email=person.email,
        role=PersonRole(person.role),
        job_role=person.job_role,
        team_id=person.team_id,
        mentor_id=person.mentor_id,
        is_admin=has_admin_rights(person),
        active=person.active,
    )


def has_admin_rights(person: Person) -> bool:
    """An organisation admin: made one in the app, or listed in PROFICIO_ADMIN_EMAILS."""
    return person.is_admin or normalise_email(person.email) in admin_emails()


def admin_emails() -> frozenset[str]:
    """Emails that are organisation admins by configuration (PROFICIO_ADMIN_EMAILS)."""
    return get_settings().admin_email_set


def get_person(session: Session, person_id: int) -> PersonRef:
    """The person with this id, or NotFound."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"No person with id {person_id}.")
    return _ref(person)


def get_people(session: Session, person_ids: Sequence[int]) -> list[PersonRef]:
    """The people with these ids, in that order (read in one query), or NotFound."""
    found = {
        p.id: _ref(p) for p in session.exec(select(Person).where(col(Person.id).in_(person_ids)))
    }
    missing = [pid for pid in person_ids if pid not in found]
    if missing:
        raise NotFound(f"No person with id {missing[0]}.")
    return [found[pid] for pid in person_ids]


def find_person_by_email(session: Session, email: str) -> PersonRef | None:
    """The active person with this email (case and surrounding spaces ignored) in a team
    that is not archived, if any.

    Sign-in maps the email an identity provider vouches for to a person with this.
    """
    wanted = normalise_email(email)
    if not wanted:
        return None
    person = session.exec(
        select(Person)
        .join(Team, col(Team.id) == Person.team_id)
        .where(
            func.lower(Person.email) == wanted,
            Person.active == True,  # noqa: E712 (SQL expression)
            col(Team.archived_at).is_(None),
        )
    ).first()
    return None if person is None else _ref(person)


ROLE_ORDER = {PersonRole.LEAD: 0, PersonRole.MENTOR: 1, PersonRole.LEARNER: 2}


def names_of(session: Session, person_ids: Iterable[int]) -> dict[int, str]:
    """Names of these people, by id, whatever their team (ids of no one are left out)."""
    wanted = set(person_ids)
    if not wanted:
        return {}
    rows = session.exec(select(Person.id, Person.name).where(col(Person.id).in_(wanted)))
    return {person_id: name for person_id, name in rows.all() if person_id is not None}


def list_people(session: Session, team_id: int | None = None) -> list[PersonRef]:
    """Active people, leads first, then mentors, then learners, each by name. Without a
    team, people of archived teams are left out."""
    query = select(Person).where(Person.active == True)  # noqa: E712 (SQL expression)
    if team_id is None:
        query = query.join(Team, col(Team.id) == Person.team_id).where(
            col(Team.archived_at).is_(None)
        )
    else:
        query = query.where(Person.team_id == team_id)
    people = [_ref(person) for person in session.exec(query)]
    return sorted(people, key=lambda p: (ROLE_ORDER[p.role], p.name))


def team_name(session: Session, team_id: int) -> str:
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound(f"No team with id {team_id}.")
    return team.name


def has_any_team(session: Session) -> bool:
    """Whether the database holds any team yet (an empty one is set up first)."""
    return session.exec(select(Team.id).limit(1)).first() is not None


@dataclass(frozen=True)
class OrganisationRef:
    name: str
    curriculum_dir: str | None  # None: the built-in course
    demo: bool


def organisation(session: Session) -> OrganisationRef | None:
    """The installation's organisation, once the first start's setup has run."""
    row = session.exec(select(Organisation).order_by(col(Organisation.id))).first()
    if row is None:
        return None
    return OrganisationRef(name=row.name, curriculum_dir=row.curriculum_dir, demo=row.demo)
