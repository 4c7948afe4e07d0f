"""Teams and their people: adding, changing, moving, deactivating and archiving, as a lead,
an admin and the audit log see it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, col, func, select

from storage.enums import CompetencyGroup, PersonRole, PlanStatus, RaterKind
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import AuditEvent, Competency, MentoringPlan, Person, Rating, utc_now
from storage.people import PersonRef, find_person_by_email, get_person, list_people
from storage.roster import (
    PersonIn,
    TeamRef,
    add_person,
    check_mentor,
    create_team,
    find_team,
    list_teams,
    move_person,
    rename_team,
    set_person_active,
    set_team_archived,
    team_members,
    update_person,
)

NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
TODAY = NOW.date()


def person_in(
    name: str,
    email: str,
    role: PersonRole = PersonRole.LEARNER,
    *,
    job_role: str = "Backend engineer",
    mentor: PersonRef | None = None,
) -> PersonIn:
    return PersonIn(
        name=name,
        email=email,
        role=role,
        job_role=job_role,
        mentor_id=None if mentor is None else mentor.id,
        joined_on=date(2025, 3, 3),
    )


def same_as(person: PersonRef, **changes: object) -> PersonIn:
    """What `person` is now, with `changes` applied: the form an edit starts from."""
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
class Teams:
    search: TeamRef
    ranking: TeamRef
    lena: PersonRef  # lead of Search
    tomas: PersonRef  # mentor in Search
    mei: PersonRef  # learner in Search, mentored by Tomás
    jonas: PersonRef  # learner in Search, no mentor
    omar: PersonRef  # lead of Ranking


@pytest.fixture
def teams(session: Session) -> Teams:
    """Two teams made the way the command line makes them (actor None)."""
    search, lena = create_team(
        session,
        actor=None,
        name="Search",
        lead=person_in("Lena Lindqvist", "lena@example.com", job_role="Team lead"),
        now=NOW,
    )
    ranking, omar = create_team(
        session,
        actor=None,
        name="Ranking",
        lead=person_in("Omar Haddad", "omar@example.com", job_role="Team lead"),
        now=NOW,
    )

    def add(person: PersonIn) -> PersonRef:
        return add_person(session, actor=None, team_id=search.id, person=person, now=NOW)

    tomas = add(person_in("Tomás Ortega", "tomas@example.com", PersonRole.MENTOR))
    mei = add(person_in("Mei Chen", "mei@example.com", mentor=tomas))
    jonas = add(person_in("Jonas Berg", "jonas@example.com"))
    return Teams(search, ranking, lena, tomas, mei, jonas, omar)


def events(session: Session, action: str) -> list[AuditEvent]:
    return list(
        session.exec(
            select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.id))
        )
    )


def event_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(AuditEvent)).one()


def person_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Person)).one()


def make_rating(session: Session, person: PersonRef) -> Rating:
    competency = Competency(
        key=f"vectors-{person.id}", name="Vector search", group=CompetencyGroup.TECHNICAL
    )
    session.add(competency)
    session.flush()
    assert competency.id is not None
    rating = Rating(
        person_id=person.id, competency_id=competency.id, level=2, rater_kind=RaterKind.SELF
    )
    session.add(rating)
    session.flush()
    return rating


def make_plan(session: Session, *, mentor: PersonRef, mentee: PersonRef) -> MentoringPlan:
    plan = MentoringPlan(
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        started_on=date(2026, 10, 1),
        weeks=8,
        sessions_per_week=1,
        session_minutes=45,
    )
    session.add(plan)
    session.flush()
    return plan


# --- adding -----------------------------------------------------------------------------


def test_a_new_team_starts_with_its_lead_and_an_audit_trail(session: Session, teams: Teams) -> None:
    assert teams.search.leads == ("Lena Lindqvist",)
    assert teams.lena.role == PersonRole.LEAD
    assert teams.lena.team_id == teams.search.id
    assert [e.detail for e in events(session, "team_created")] == [
        {"name": "Search", "summary": "Created the team Search."},
        {"name": "Ranking", "summary": "Created the team Ranking."},
    ]


def test_an_added_person_is_stored_with_a_lower_cased_email(session: Session, teams: Teams) -> None:
    added = add_person(
        session,
        actor=teams.lena,
        team_id=teams.search.id,
        person=person_in("  Aisha Khan ", "  Aisha.Khan@Example.COM "),
        now=NOW,
    )
    assert (added.name, added.email) == ("Aisha Khan", "aisha.khan@example.com")
    assert find_person_by_email(session, "AISHA.KHAN@example.com") == added
    [event] = [e for e in events(session, "person_added") if e.entity_id == added.id]
    assert event.actor_id == teams.lena.id
    assert event.detail["email"] == "aisha.khan@example.com"
    assert event.detail["team"] == "Search"


def test_an_email_that_differs_only_in_case_is_refused(session: Session, teams: Teams) -> None:
    before = person_count(session)
    with pytest.raises(
        InvalidInput, match=re.escape("mei@example.com is already Mei Chen's email.")
    ):
        add_person(
            session,
            actor=teams.lena,
            team_id=teams.search.id,
            person=person_in("Mei Other", "MEI@Example.com"),
            now=NOW,
        )
    assert person_count(session) == before


def test_a_leavers_email_is_still_taken(session: Session, teams: Teams) -> None:
    set_person_active(
        session, actor=None, person_id=teams.jonas.id, active=False, today=TODAY, now=utc_now()
    )
    with pytest.raises(
        InvalidInput,
        match=re.escape("jonas@example.com is already Jonas Berg's email (who has left)."),
    ):
        add_person(
            session,
            actor=None,
            team_id=teams.ranking.id,
            person=person_in("Jonas Again", "Jonas@example.com"),
            now=NOW,
        )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "email",
            "aisha.example.com",
            "'aisha.example.com' is not an email address (name@example.com).",
        ),
        ("email", "aisha khan@example.com", "'aisha khan@example.com' is not an email address"),
        ("email", "   ", "The email is empty."),
        ("name", "  ", "The name is empty."),
        ("name", "Aisha\nKhan", "The name holds a line break or control character."),
        ("name", "A" * 121, "The name is longer than 120 characters."),
        ("job_role", "", "The job role is empty (role targets are set per job role)."),
        ("job_role", "J" * 81, "The job role is longer than 80 characters."),
    ],
    ids=[
        "email-no-at",
        "email-space",
        "email-empty",
        "name-empty",
        "name-two-lines",
        "name-too-long",
        "job-role-empty",
        "job-role-too-long",
    ],
)
def test_a_bad_field_is_refused_with_a_message_naming_it(
    session: Session, teams: Teams, field: str, value: str, message: str
) -> None:
    fields = {"name": "Aisha Khan", "email": "aisha@example.com", "job_role": "Data engineer"}
    fields[field] = value
    before = person_count(session), event_count(session)
    with pytest.raises(InvalidInput, match=re.escape(message)):
        add_person(
            session,
            actor=teams.lena,
            team_id=teams.search.id,
            person=PersonIn(role=PersonRole.LEARNER, **fields),
            now=NOW,
        )
    assert (person_count(session), event_count(session)) == before


# --- updating ---------------------------------------------------------------------------


def test_an_update_returns_what_changed_and_audits_before_and_after(
    session: Session, teams: Teams
) -> None:
    person, changes = update_person(
        session,
        actor=teams.lena,
        person_id=teams.jonas.id,
        person=same_as(
            teams.jonas,
            name="Jonas Berglund",
            role=PersonRole.MENTOR,
            job_role="Staff engineer",
            mentor_id=teams.tomas.id,
        ),
        now=utc_now(),
    )
    assert changes == [
        "name: Jonas Berg → Jonas Berglund",
        "role: learner → mentor",
        "job role: Backend engineer → Staff engineer",
        "mentor: none → Tomás Ortega",
    ]
    assert (person.name, person.role, person.mentor_id) == (
        "Jonas Berglund",
        PersonRole.MENTOR,
        teams.tomas.id,
    )
    [event] = events(session, "person_changed")
    assert event.actor_id == teams.lena.id
    assert event.entity_id == teams.jonas.id
    assert event.detail == {
        "person_id": teams.jonas.id,
        "changes": "; ".join(changes),
        "summary": "Changed Jonas Berglund's details: name: Jonas Berg → Jonas Berglund; "
        "role: learner → mentor; job role: Backend engineer → Staff engineer; "
        "mentor: none → Tomás Ortega.",
    }


def test_an_email_change_is_lower_cased_and_listed(session: Session, teams: Teams) -> None:
    person, changes = update_person(
        session,
        actor=None,
        person_id=teams.mei.id,
        person=same_as(teams.mei, email=" Mei.Chen@Example.com"),
        now=utc_now(),
    )
    assert person.email == "mei.chen@example.com"
    assert changes == ["email: mei@example.com → mei.chen@example.com"]
    assert find_person_by_email(session, "mei@example.com") is None


def test_an_update_that_changes_nothing_writes_no_audit_event(
    session: Session, teams: Teams
) -> None:
    before = event_count(session)
    person, changes = update_person(
        session,
        actor=teams.lena,
        person_id=teams.mei.id,
        # Spaces and capitals are not a change: the stored form is the same.
        person=same_as(teams.mei, name=" Mei Chen ", email="MEI@example.com"),
        now=utc_now(),
    )
    assert changes == []
    assert person == teams.mei
    assert event_count(session) == before


# --- mentor rules -----------------------------------------------------------------------


def test_a_learner_cannot_mentor(session: Session, teams: Teams) -> None:
    with pytest.raises(
        InvalidInput, match=re.escape("Jonas Berg is a learner; mentors are mentors or leads.")
    ):
        update_person(
            session,
            actor=teams.lena,
            person_id=teams.mei.id,
            person=same_as(teams.mei, mentor_id=teams.jonas.id),
            now=utc_now(),
        )
    assert get_person(session, teams.mei.id).mentor_id == teams.tomas.id


def test_nobody_mentors_themself(session: Session, teams: Teams) -> None:
    with pytest.raises(InvalidInput, match=r"^Nobody mentors themselves\.$"):
        update_person(
            session,
            actor=teams.lena,
            person_id=teams.tomas.id,
            person=same_as(teams.tomas, mentor_id=teams.tomas.id),
            now=utc_now(),
        )


def test_a_mentor_from_another_team_is_refused(session: Session, teams: Teams) -> None:
    with pytest.raises(InvalidInput, match=re.escape("Omar Haddad is not in this team.")):
        update_person(
            session,
            actor=None,
            person_id=teams.jonas.id,
            person=same_as(teams.jonas, mentor_id=teams.omar.id),
            now=utc_now(),
        )
    with pytest.raises(InvalidInput, match=re.escape("Omar Haddad is not in this team.")):
        add_person(
            session,
            actor=None,
            team_id=teams.search.id,
            person=person_in("Aisha Khan", "aisha@example.com", mentor=teams.omar),
            now=NOW,
        )


def test_two_people_cannot_mentor_each_other(session: Session, teams: Teams) -> None:
    # Tomás mentors Mei; Mei, promoted to mentor, still cannot become Tomás's mentor.
    update_person(
        session,
        actor=None,
        person_id=teams.mei.id,
        person=same_as(teams.mei, role=PersonRole.MENTOR),
        now=utc_now(),
    )
    with pytest.raises(InvalidInput, match=re.escape("Tomás Ortega already mentors Mei Chen.")):
        update_person(
            session,
            actor=teams.lena,
            person_id=teams.tomas.id,
            person=same_as(teams.tomas, mentor_id=teams.mei.id),
            now=utc_now(),
        )


def test_a_leaver_cannot_mentor_and_an_unknown_mentor_is_not_found(
    session: Session, teams: Teams
) -> None:
    leaver = add_person(
        session,
        actor=None,
        team_id=teams.search.id,
        person=person_in("Ravi Rao", "ravi@example.com", PersonRole.MENTOR),
        now=NOW,
    )
    set_person_active(
        session, actor=None, person_id=leaver.id, active=False, today=TODAY, now=utc_now()
    )
    with pytest.raises(
        InvalidInput, match=re.escape("Ravi Rao has left; choose an active mentor.")
    ):
        check_mentor(session, mentee=teams.jonas, mentor_id=leaver.id)
    with pytest.raises(NotFound, match=re.escape("No person with id 99999.")):
        check_mentor(session, mentee=teams.jonas, mentor_id=99999)


def test_a_mentor_who_mentors_someone_cannot_become_a_learner(
    session: Session, teams: Teams
) -> None:
    with pytest.raises(
        InvalidInput,
        match=re.escape(
            "Tomás Ortega mentors Mei Chen; give them another mentor first "
            "(learners do not mentor)."
        ),
    ):
        update_person(
            session,
            actor=teams.lena,
            person_id=teams.tomas.id,
            person=same_as(teams.tomas, role=PersonRole.LEARNER),
            now=utc_now(),
        )


# --- moving -----------------------------------------------------------------------------


def test_a_moved_person_keeps_their_history_and_their_mentoring_ends(
    session: Session, teams: Teams
) -> None:
    # Tomás mentors Mei (an active plan) and once mentored Jonas (a completed plan); Lena
    # mentors Tomás (an active plan with Tomás as mentee).
    update_person(
        session,
        actor=None,
        person_id=teams.tomas.id,
        person=same_as(teams.tomas, mentor_id=teams.lena.id),
        now=utc_now(),
    )
    rating = make_rating(session, teams.tomas)
    as_mentor = make_plan(session, mentor=teams.tomas, mentee=teams.mei)
    finished = make_plan(session, mentor=teams.tomas, mentee=teams.jonas)
    finished.status = PlanStatus.COMPLETED
    as_mentee = make_plan(session, mentor=teams.lena, mentee=teams.tomas)
    session.flush()

    moved = move_person(
        session, actor=None, person_id=teams.tomas.id, team_id=teams.ranking.id, now=utc_now()
    )

    assert (moved.team_id, moved.mentor_id) == (teams.ranking.id, None)
    session.refresh(rating)
    assert rating.person_id == teams.tomas.id
    for plan in (as_mentor, finished, as_mentee):
        session.refresh(plan)
    assert (as_mentor.status, finished.status, as_mentee.status) == (
        PlanStatus.CANCELLED,
        PlanStatus.COMPLETED,
        PlanStatus.CANCELLED,
    )
    assert sorted((e.entity_id, e.detail["note"]) for e in events(session, "plan_ended")) == [
        (as_mentor.id, "Tomás Ortega moved to Ranking"),
        (as_mentee.id, "Tomás Ortega moved to Ranking"),
    ]
    assert get_person(session, teams.mei.id).mentor_id is None
    [removed] = events(session, "mentor_removed")
    assert removed.detail == {
        "mentee_id": teams.mei.id,
        "previous_mentor_id": teams.tomas.id,
        "note": "Tomás Ortega moved to Ranking",
        "summary": "Mei Chen no longer has Tomás Ortega as mentor: Tomás Ortega moved to Ranking.",
    }
    # One event in each team's log, so both leads read that Tomás moved.
    moved = events(session, "person_moved")
    assert sorted(e.team_id for e in moved) == sorted([teams.search.id, teams.ranking.id])
    for event in moved:
        assert event.detail == {
            "person_id": teams.tomas.id,
            "before": "Search",
            "after": "Ranking",
            "summary": "Moved Tomás Ortega from Search to Ranking.",
        }
    assert [m.name for m in team_members(session, actor=None, team_id=teams.ranking.id)] == [
        "Omar Haddad",
        "Tomás Ortega",
    ]


def test_nobody_moves_into_an_archived_team(session: Session, teams: Teams) -> None:
    set_team_archived(session, actor=None, team_id=teams.ranking.id, archived=True, now=NOW)
    with pytest.raises(
        InvalidInput, match=re.escape("The team 'Ranking' is archived; restore it first.")
    ):
        move_person(
            session, actor=None, person_id=teams.jonas.id, team_id=teams.ranking.id, now=utc_now()
        )
    assert get_person(session, teams.jonas.id).team_id == teams.search.id


# --- deactivating -----------------------------------------------------------------------


def test_a_leaver_cannot_sign_in_and_leaves_the_lists_but_keeps_their_history(
    session: Session, teams: Teams
) -> None:
    rating = make_rating(session, teams.mei)
    plan = make_plan(session, mentor=teams.tomas, mentee=teams.mei)

    gone = set_person_active(
        session, actor=teams.lena, person_id=teams.mei.id, active=False, today=TODAY, now=utc_now()
    )

    assert not gone.active
    row = session.get(Person, teams.mei.id)
    assert row is not None and row.left_on == TODAY and row.mentor_id is None
    assert find_person_by_email(session, "mei@example.com") is None
    assert "Mei Chen" not in [p.name for p in list_people(session, teams.search.id)]
    assert "Mei Chen" not in [p.name for p in list_people(session)]
    leavers = team_members(session, actor=None, team_id=teams.search.id)
    assert [(m.name, m.active) for m in leavers if m.name == "Mei Chen"] == [("Mei Chen", False)]
    session.refresh(rating)
    assert rating.person_id == teams.mei.id  # still there, still hers
    session.refresh(plan)
    assert plan.status == PlanStatus.CANCELLED
    [ended] = events(session, "plan_ended")
    assert ended.detail["note"] == "Mei Chen left on 21 Nov 2026"
    [event] = events(session, "person_deactivated")
    assert (event.actor_id, event.detail) == (
        teams.lena.id,
        {
            "person_id": teams.mei.id,
            "on": "2026-11-21",
            "summary": "Deactivated Mei Chen, who left on 21 Nov 2026.",
        },
    )
    members = team_members(session, actor=teams.lena, team_id=teams.search.id)
    assert [(m.name, m.active, m.left_on) for m in members][-1] == ("Mei Chen", False, TODAY)
    assert "Mei Chen" not in [
        m.name
        for m in team_members(
            session, actor=teams.lena, team_id=teams.search.id, include_leavers=False
        )
    ]


def test_a_mentor_who_leaves_leaves_their_mentees_without_a_mentor(
    session: Session, teams: Teams
) -> None:
    set_person_active(
        session, actor=None, person_id=teams.tomas.id, active=False, today=TODAY, now=utc_now()
    )
    assert get_person(session, teams.mei.id).mentor_id is None
    [removed] = events(session, "mentor_removed")
    assert removed.detail["note"] == "Tomás Ortega left on 21 Nov 2026"


def test_reactivation_brings_a_leaver_back(session: Session, teams: Teams) -> None:
    set_person_active(
        session, actor=None, person_id=teams.mei.id, active=False, today=TODAY, now=utc_now()
    )
    back = set_person_active(
        session,
        actor=teams.lena,
        person_id=teams.mei.id,
        active=True,
        today=date(2026, 12, 1),
        now=utc_now(),
    )
    assert back.active
    assert session.get(Person, teams.mei.id).left_on is None  # type: ignore[union-attr]
    assert find_person_by_email(session, "mei@example.com") == back
    assert "Mei Chen" in [p.name for p in list_people(session, teams.search.id)]
    assert [e.entity_id for e in events(session, "person_reactivated")] == [teams.mei.id]


@pytest.mark.parametrize("what", ["deactivate them", "change their role", "move them"])
def test_the_last_active_lead_stays(session: Session, teams: Teams, what: str) -> None:
    message = f"Lena Lindqvist is the team's only lead; make someone else a lead before you {what}."
    with pytest.raises(InvalidInput, match=re.escape(message)):
        if what == "deactivate them":
            set_person_active(
                session,
                actor=None,
                person_id=teams.lena.id,
                active=False,
                today=TODAY,
                now=utc_now(),
            )
        elif what == "change their role":
            update_person(
                session,
                actor=None,
                person_id=teams.lena.id,
                person=same_as(teams.lena, role=PersonRole.MENTOR),
                now=utc_now(),
            )
        else:
            move_person(
                session,
                actor=None,
                person_id=teams.lena.id,
                team_id=teams.ranking.id,
                now=utc_now(),
            )
    lena = get_person(session, teams.lena.id)
    assert (lena.active, lena.role, lena.team_id) == (True, PersonRole.LEAD, teams.search.id)


def test_a_lead_with_another_active_lead_may_go(session: Session, teams: Teams) -> None:
    update_person(
        session,
        actor=None,
        person_id=teams.tomas.id,
        person=same_as(teams.tomas, role=PersonRole.LEAD),
        now=utc_now(),
    )
    gone = set_person_active(
        session, actor=None, person_id=teams.lena.id, active=False, today=TODAY, now=utc_now()
    )
    assert not gone.active
    # Tomás is now the only lead: a leaver does not count as a second one.
    with pytest.raises(InvalidInput, match="Tomás Ortega is the team's only lead"):
        set_person_active(
            session, actor=None, person_id=teams.tomas.id, active=False, today=TODAY, now=utc_now()
        )


def test_nobody_deactivates_themself(session: Session, teams: Teams) -> None:
    update_person(
        session,
        actor=None,
        person_id=teams.tomas.id,
        person=same_as(teams.tomas, role=PersonRole.LEAD),
        now=utc_now(),
    )
    with pytest.raises(
        PermissionDenied,
        match=re.escape("You cannot deactivate yourself; ask another lead or admin."),
    ):
        set_person_active(
            session,
            actor=teams.lena,
            person_id=teams.lena.id,
            active=False,
            today=TODAY,
            now=utc_now(),
        )
    assert get_person(session, teams.lena.id).active


# --- teams ------------------------------------------------------------------------------


def test_archiving_a_team_hides_its_people_until_it_is_restored(
    session: Session, teams: Teams
) -> None:
    archived = set_team_archived(
        session, actor=None, team_id=teams.ranking.id, archived=True, now=NOW
    )
    assert archived.archived
    assert find_person_by_email(session, "omar@example.com") is None
    assert "Omar Haddad" not in [p.name for p in list_people(session)]
    assert [t.name for t in list_teams(session)] == ["Search"]
    assert [(t.name, t.archived) for t in list_teams(session, include_archived=True)] == [
        ("Ranking", True),
        ("Search", False),
    ]
    with pytest.raises(InvalidInput, match=re.escape("The team 'Ranking' is archived")):
        add_person(
            session,
            actor=None,
            team_id=teams.ranking.id,
            person=person_in("Pia Holm", "pia@example.com"),
            now=NOW,
        )

    set_team_archived(session, actor=None, team_id=teams.ranking.id, archived=False, now=NOW)
    assert find_person_by_email(session, "omar@example.com") == teams.omar
    assert "Omar Haddad" in [p.name for p in list_people(session)]
    assert [
        e.action for e in events(session, "team_archived") + events(session, "team_restored")
    ] == [
        "team_archived",
        "team_restored",
    ]


def test_team_names_are_unique_whatever_the_case(session: Session, teams: Teams) -> None:
    teams_before = len(list_teams(session, include_archived=True))
    with pytest.raises(InvalidInput, match=re.escape("There is already a team called 'SEARCH'.")):
        create_team(
            session,
            actor=None,
            name="  SEARCH ",
            lead=person_in("Pia Holm", "pia@example.com"),
            now=NOW,
        )
    assert len(list_teams(session, include_archived=True)) == teams_before
    with pytest.raises(InvalidInput, match=re.escape("There is already a team called 'search'.")):
        rename_team(session, actor=None, team_id=teams.ranking.id, name="search", now=utc_now())
    assert (
        rename_team(
            session, actor=None, team_id=teams.ranking.id, name="RANKING", now=utc_now()
        ).name
        == "RANKING"
    )
    assert find_team(session, "  ranking ") == find_team(session, "Ranking")
    assert find_team(session, "search") is not None
    assert find_team(session, "Nowhere") is None


def test_team_names_with_accented_capitals_are_unique_whatever_the_case(
    session: Session,
) -> None:
    create_team(
        session,
        actor=None,
        name="Équipe Nord",
        lead=person_in("Élodie Martin", "elodie@example.com"),
        now=NOW,
    )
    assert find_team(session, "ÉQUIPE NORD") is not None
    with pytest.raises(InvalidInput, match="There is already a team called"):
        create_team(
            session,
            actor=None,
            name="équipe nord",
            lead=person_in("Pia Holm", "pia@example.com"),
            now=NOW,
        )


def test_a_lead_trying_another_teams_email_learns_no_name(session: Session, teams: Teams) -> None:
    with pytest.raises(InvalidInput) as refused:
        add_person(
            session,
            actor=teams.omar,
            team_id=teams.ranking.id,
            person=person_in("Someone", "MEI@example.com"),
            now=NOW,
        )
    assert str(refused.value) == "mei@example.com already belongs to someone in another team."
    # Their own lead is told whose it is.
    with pytest.raises(InvalidInput, match="already Mei Chen's email"):
        add_person(
            session,
            actor=teams.lena,
            team_id=teams.search.id,
            person=person_in("Someone", "mei@example.com"),
            now=NOW,
        )


def test_a_movers_earlier_events_stay_in_their_old_teams_log(
    session: Session, teams: Teams
) -> None:
    """What Mei did in Search stays in Search's log after she moves to Ranking; Ranking's lead
    reads only that she arrived."""
    from storage.audit import audit_log, record

    record(
        session,
        actor=teams.mei,
        action="note_saved",
        entity="note",
        detail={"title": "x"},
        at=utc_now(),
    )
    session.flush()
    move_person(
        session, actor=None, person_id=teams.mei.id, team_id=teams.ranking.id, now=utc_now()
    )
    ranking = [e.action for e in audit_log(session, actor=teams.omar)]
    search = [e.action for e in audit_log(session, actor=teams.lena)]
    assert "Note saved" in search and "Note saved" not in ranking
    assert "Person moved" in search and "Person moved" in ranking


def test_removing_a_mentor_ends_the_plan_with_a_note(session: Session, teams: Teams) -> None:
    plan = MentoringPlan(
        mentor_id=teams.tomas.id,
        mentee_id=teams.mei.id,
        started_on=TODAY,
        weeks=8,
        sessions_per_week=1,
        session_minutes=45,
    )
    session.add(plan)
    session.flush()
    update_person(
        session,
        actor=teams.lena,
        person_id=teams.mei.id,
        person=same_as(teams.mei, mentor_id=None),
        now=utc_now(),
    )
    session.refresh(plan)
    assert plan.status == PlanStatus.CANCELLED
    [ended] = events(session, "plan_ended")
    assert ended.detail["note"] == "Mei Chen no longer has a mentor"
