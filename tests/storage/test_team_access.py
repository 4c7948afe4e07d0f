"""Who may manage which team's people: a lead their own team, an organisation admin every
team, nobody else anything; each refusal is a PermissionDenied that says who may."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, func, select

from storage.access import ensure_in_team, visible_person_ids
from storage.enums import PersonRole
from storage.errors import InvalidInput, PermissionDenied
from storage.models import AuditEvent, Person, Team, utc_now
from storage.people import PersonRef, get_person
from storage.people_csv import export_people_csv
from storage.roster import (
    PersonIn,
    TeamRef,
    add_person,
    create_team,
    move_person,
    rename_team,
    set_admin,
    set_person_active,
    set_team_archived,
    team_members,
    update_person,
)
from storage.settings import get_settings

NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
TODAY = NOW.date()


def person_in(name: str, email: str, role: PersonRole = PersonRole.LEARNER) -> PersonIn:
    return PersonIn(name=name, email=email, role=role, job_role="Backend engineer")


def edit_of(person: PersonRef, **changes: object) -> PersonIn:
    values: dict[str, object] = {
        "name": person.name,
        "email": person.email,
        "role": person.role,
        "job_role": person.job_role,
        "mentor_id": person.mentor_id,
    }
    values.update(changes)
    return PersonIn(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Org:
    search: TeamRef
    ranking: TeamRef
    platform: TeamRef
    lena: PersonRef  # lead of Search
    tomas: PersonRef  # mentor in Search
    mei: PersonRef  # learner in Search, Tomás's mentee
    omar: PersonRef  # lead of Ranking
    pia: PersonRef  # learner in Ranking
    ada: PersonRef  # lead of Platform and organisation admin
    pat: PersonRef  # second lead of Platform, not an admin


@pytest.fixture
def org(session: Session) -> Org:
    """Three teams; Ada, lead of Platform, is the organisation admin (Person.is_admin)."""
    platform, ada = create_team(
        session,
        actor=None,
        name="Platform",
        lead=person_in("Ada Achebe", "ada@example.com"),
        now=NOW,
        lead_is_admin=True,
    )
    search, lena = create_team(
        session,
        actor=None,
        name="Search",
        lead=person_in("Lena Lindqvist", "lena@example.com"),
        now=NOW,
    )
    ranking, omar = create_team(
        session,
        actor=None,
        name="Ranking",
        lead=person_in("Omar Haddad", "omar@example.com"),
        now=NOW,
    )

    def add(team: TeamRef, person: PersonIn) -> PersonRef:
        return add_person(session, actor=None, team_id=team.id, person=person, now=NOW)

    tomas = add(search, person_in("Tomás Ortega", "tomas@example.com", PersonRole.MENTOR))
    mei = add(
        search,
        PersonIn(
            name="Mei Chen",
            email="mei@example.com",
            role=PersonRole.LEARNER,
            job_role="Backend engineer",
            mentor_id=tomas.id,
        ),
    )
    pia = add(ranking, person_in("Pia Holm", "pia@example.com"))
    pat = add(platform, person_in("Pat Quinn", "pat@example.com", PersonRole.LEAD))
    return Org(search, ranking, platform, lena, tomas, mei, omar, pia, ada, pat)


@pytest.fixture
def env_admin(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Omar's email listed (in another case, with spaces) in PROFICIO_ADMIN_EMAILS."""
    monkeypatch.setenv("PROFICIO_ADMIN_EMAILS", " someone@example.org, OMAR@Example.com ")
    get_settings.cache_clear()
    yield "omar@example.com"
    get_settings.cache_clear()


def counts(session: Session) -> tuple[int, int, int]:
    """People, teams and audit events: a refusal changes none of them."""
    return tuple(  # type: ignore[return-value]
        session.exec(select(func.count()).select_from(table)).one()
        for table in (Person, Team, AuditEvent)
    )


Action = Callable[[Session, PersonRef, Org], object]

# What someone might try on the people of Ranking, with the refusal a non-admin gets.
ON_RANKING: dict[str, tuple[Action, str]] = {
    "add": (
        lambda s, a, o: add_person(
            s,
            actor=a,
            team_id=o.ranking.id,
            person=person_in("Ravi Rao", "ravi@example.com"),
            now=NOW,
        ),
        "Only the team's lead or an organisation admin can add people.",
    ),
    "update": (
        lambda s, a, o: update_person(
            s,
            actor=a,
            person_id=o.pia.id,
            person=edit_of(o.pia, name="Pia Holmberg"),
            now=utc_now(),
        ),
        "Only the team's lead or an organisation admin can change people.",
    ),
    "deactivate": (
        lambda s, a, o: set_person_active(
            s, actor=a, person_id=o.pia.id, active=False, today=TODAY, now=utc_now()
        ),
        "Only the team's lead or an organisation admin can deactivate or reactivate people.",
    ),
    "export": (
        lambda s, a, o: export_people_csv(s, actor=a, team_id=o.ranking.id),
        "Only the team's lead or an organisation admin can export the team's people.",
    ),
    "list members": (
        lambda s, a, o: team_members(s, actor=a, team_id=o.ranking.id),
        "Only the team's lead or an organisation admin can manage the team's people.",
    ),
    "rename": (
        lambda s, a, o: rename_team(
            s, actor=a, team_id=o.ranking.id, name="Relevance", now=utc_now()
        ),
        "Only the team's lead or an organisation admin can rename the team.",
    ),
    "archive": (
        lambda s, a, o: set_team_archived(s, actor=a, team_id=o.ranking.id, archived=True, now=NOW),
        "Only an organisation admin can archive teams.",
    ),
}

# What only an organisation admin may do, whoever's team it touches.
ADMIN_ONLY: dict[str, tuple[Action, str]] = {
    "create a team": (
        lambda s, a, o: create_team(
            s, actor=a, name="Evaluation", lead=person_in("Eva Ek", "eva@example.com"), now=NOW
        ),
        "Only an organisation admin can create teams.",
    ),
    "move someone": (
        lambda s, a, o: move_person(
            s, actor=a, person_id=o.mei.id, team_id=o.ranking.id, now=utc_now()
        ),
        "Only an organisation admin can move people between teams.",
    ),
    "grant admin": (
        lambda s, a, o: set_admin(s, actor=a, person_id=o.mei.id, admin=True, now=utc_now()),
        "Only an organisation admin can name admins.",
    ),
    "archive own team": (
        lambda s, a, o: set_team_archived(s, actor=a, team_id=a.team_id, archived=True, now=NOW),
        "Only an organisation admin can archive teams.",
    ),
}

# What a mentor or a learner might try on their own team, Search.
ON_OWN_TEAM: dict[str, tuple[Action, str]] = {
    "add": (
        lambda s, a, o: add_person(
            s,
            actor=a,
            team_id=o.search.id,
            person=person_in("Ravi Rao", "ravi@example.com"),
            now=NOW,
        ),
        "Only the team's lead or an organisation admin can add people.",
    ),
    "update": (
        lambda s, a, o: update_person(
            s,
            actor=a,
            person_id=o.mei.id,
            person=edit_of(o.mei, job_role="Staff engineer"),
            now=utc_now(),
        ),
        "Only the team's lead or an organisation admin can change people.",
    ),
    "deactivate": (
        lambda s, a, o: set_person_active(
            s, actor=a, person_id=o.mei.id, active=False, today=TODAY, now=utc_now()
        ),
        "Only the team's lead or an organisation admin can deactivate or reactivate people.",
    ),
    "export": (
        lambda s, a, o: export_people_csv(s, actor=a, team_id=o.search.id),
        "Only the team's lead or an organisation admin can export the team's people.",
    ),
}


@pytest.mark.parametrize("name", [*ON_RANKING, *ADMIN_ONLY])
def test_a_lead_is_refused_outside_their_team_and_for_what_only_admins_do(
    session: Session, org: Org, name: str
) -> None:
    action, message = {**ON_RANKING, **ADMIN_ONLY}[name]
    before = counts(session)
    with pytest.raises(PermissionDenied, match=f"^{re.escape(message)}$"):
        action(session, org.lena, org)
    assert counts(session) == before
    pia = get_person(session, org.pia.id)
    assert (pia.name, pia.active) == ("Pia Holm", True)
    assert get_person(session, org.mei.id) == org.mei


@pytest.mark.parametrize("name", list(ON_OWN_TEAM))
@pytest.mark.parametrize("who", ["mentor", "learner"])
def test_a_mentor_or_learner_manages_nobody_even_in_their_own_team(
    session: Session, org: Org, who: str, name: str
) -> None:
    actor = org.tomas if who == "mentor" else org.mei
    action, message = ON_OWN_TEAM[name]
    before = counts(session)
    with pytest.raises(PermissionDenied, match=f"^{re.escape(message)}$"):
        action(session, actor, org)
    assert counts(session) == before
    assert get_person(session, org.mei.id) == org.mei


def test_a_lead_manages_their_own_team(session: Session, org: Org) -> None:
    ravi = add_person(
        session,
        actor=org.lena,
        team_id=org.search.id,
        person=person_in("Ravi Rao", "ravi@example.com"),
        now=NOW,
    )
    _, changes = update_person(
        session,
        actor=org.lena,
        person_id=ravi.id,
        person=edit_of(ravi, job_role="Data engineer"),
        now=utc_now(),
    )
    assert changes == ["job role: Backend engineer → Data engineer"]
    set_person_active(
        session, actor=org.lena, person_id=ravi.id, active=False, today=TODAY, now=utc_now()
    )
    assert "ravi@example.com" not in export_people_csv(
        session, actor=org.lena, team_id=org.search.id
    )
    assert [m.name for m in team_members(session, actor=org.lena, team_id=org.search.id)] == [
        "Lena Lindqvist",
        "Mei Chen",
        "Tomás Ortega",
        "Ravi Rao",  # leavers last
    ]
    renamed = rename_team(
        session, actor=org.lena, team_id=org.search.id, name="Search & Ranking", now=utc_now()
    )
    assert renamed.name == "Search & Ranking"


def test_a_leads_export_of_every_team_holds_only_their_own_people(
    session: Session, org: Org
) -> None:
    export = export_people_csv(session, actor=org.lena, team_id=None)
    assert "mei@example.com" in export
    assert "pia@example.com" not in export and "omar@example.com" not in export


def admin_of(kind: str, session: Session, org: Org) -> PersonRef:
    """Ada (Person.is_admin) or Omar (listed in PROFICIO_ADMIN_EMAILS), read as sign-in would."""
    admin = org.ada if kind == "flag" else org.omar
    ref = get_person(session, admin.id)
    assert ref.is_admin
    return ref


@pytest.fixture(params=["flag", "env"])
def admin(request: pytest.FixtureRequest, session: Session, org: Org) -> PersonRef:
    if request.param == "env":
        request.getfixturevalue("env_admin")
    return admin_of(request.param, session, org)


def test_an_admin_manages_the_people_of_another_team(
    session: Session, org: Org, admin: PersonRef
) -> None:
    other = org.search  # neither admin's own team
    ravi = add_person(
        session,
        actor=admin,
        team_id=other.id,
        person=person_in("Ravi Rao", "ravi@example.com"),
        now=NOW,
    )
    assert ravi.team_id == other.id
    _, changes = update_person(
        session,
        actor=admin,
        person_id=org.mei.id,
        person=edit_of(org.mei, job_role="Data engineer"),
        now=utc_now(),
    )
    assert changes == ["job role: Backend engineer → Data engineer"]
    set_person_active(
        session, actor=admin, person_id=ravi.id, active=False, today=TODAY, now=utc_now()
    )
    assert not get_person(session, ravi.id).active
    assert "mei@example.com" in export_people_csv(session, actor=admin, team_id=other.id)
    assert "Ravi Rao" in [m.name for m in team_members(session, actor=admin, team_id=other.id)]
    assert (
        rename_team(session, actor=admin, team_id=other.id, name="Retrieval", now=utc_now()).name
        == "Retrieval"
    )


def test_an_admin_runs_the_organisation(session: Session, org: Org, admin: PersonRef) -> None:
    team, lead = create_team(
        session,
        actor=admin,
        name="Evaluation",
        lead=person_in("Eva Ek", "eva@example.com"),
        now=NOW,
    )
    assert (team.name, team.leads, lead.is_admin) == ("Evaluation", ("Eva Ek",), False)
    moved = move_person(session, actor=admin, person_id=org.mei.id, team_id=team.id, now=utc_now())
    assert moved.team_id == team.id
    assert set_admin(
        session, actor=admin, person_id=org.lena.id, admin=True, now=utc_now()
    ).is_admin
    assert set_team_archived(
        session, actor=admin, team_id=org.search.id, archived=True, now=NOW
    ).archived
    # Every export of every team: an admin manages them all.
    export = export_people_csv(session, actor=admin, team_id=None)
    assert "pia@example.com" in export and "eva@example.com" in export


def test_an_admin_reads_any_team_as_its_lead_would(
    session: Session, org: Org, admin: PersonRef
) -> None:
    ensure_in_team(admin, org.search.id)
    assert visible_person_ids(session, admin, org.search.id) is None


def test_an_env_admin_shows_as_admin_in_the_members_list(
    session: Session, org: Org, env_admin: str
) -> None:
    members = team_members(session, actor=None, team_id=org.ranking.id)
    assert [(m.email, m.is_admin) for m in members] == [
        ("omar@example.com", True),
        ("pia@example.com", False),
    ]


def test_without_the_env_setting_a_lead_is_no_admin(session: Session, org: Org) -> None:
    assert not get_person(session, org.omar.id).is_admin
    with pytest.raises(PermissionDenied):
        create_team(
            session,
            actor=org.omar,
            name="Evaluation",
            lead=person_in("Eva Ek", "eva@example.com"),
            now=NOW,
        )


def test_an_admin_cannot_archive_their_own_team(session: Session, org: Org) -> None:
    with pytest.raises(
        InvalidInput, match=re.escape("You cannot archive your own team; ask another admin.")
    ):
        set_team_archived(session, actor=org.ada, team_id=org.platform.id, archived=True, now=NOW)
    assert not set_team_archived(
        session, actor=None, team_id=org.platform.id, archived=False, now=NOW
    ).archived


def test_an_admin_cannot_take_away_their_own_admin_rights(session: Session, org: Org) -> None:
    with pytest.raises(
        InvalidInput,
        match=re.escape("You cannot take away your own admin rights; ask another admin."),
    ):
        set_admin(session, actor=org.ada, person_id=org.ada.id, admin=False, now=utc_now())
    assert get_person(session, org.ada.id).is_admin
    # Another admin can.
    set_admin(session, actor=org.ada, person_id=org.pat.id, admin=True, now=utc_now())
    pat = get_person(session, org.pat.id)
    assert not set_admin(
        session, actor=pat, person_id=org.ada.id, admin=False, now=utc_now()
    ).is_admin


def test_team_reads_for_members_leads_and_outsiders(session: Session, org: Org) -> None:
    assert visible_person_ids(session, org.lena, org.search.id) is None
    assert visible_person_ids(session, org.tomas, org.search.id) == {org.tomas.id, org.mei.id}
    assert visible_person_ids(session, org.mei, org.search.id) == {org.mei.id}
    for outsider in (org.omar, org.pia, org.pat):
        with pytest.raises(PermissionDenied, match=r"^You can only see your own team\.$"):
            ensure_in_team(outsider, org.search.id)


def test_a_lead_cannot_change_an_admins_sign_in_email(session: Session, org: Org) -> None:
    with pytest.raises(PermissionDenied):
        update_person(
            session,
            actor=org.pat,
            person_id=org.ada.id,
            person=edit_of(org.ada, email="pat.second@example.com"),
            now=utc_now(),
        )
