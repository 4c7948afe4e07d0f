"""The shared who-sees-whom rules: pure checks on people, and whose rows a team read shows."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from storage.access import (
    can_see_person,
    ensure_can_see_person,
    ensure_in_team,
    ensure_team_lead,
    visible_person_ids,
)
from storage.enums import PersonRole
from storage.errors import PermissionDenied
from storage.people import PersonRef
from tests.factories import make_person, make_ref, make_team


def person(
    pid: int,
    name: str,
    role: PersonRole = PersonRole.LEARNER,
    team: int = 1,
    mentor: int | None = None,
) -> PersonRef:
    return PersonRef(pid, name, f"p{pid}@example.test", role, "Engineer", team, mentor)


LEAD = person(1, "Lena Lead", PersonRole.LEAD)
MAX = person(2, "Max Mentor", PersonRole.MENTOR)
BEN = person(3, "Ben Carter", mentor=2)
BO = person(4, "Bo Diaz")
OLGA = person(5, "Olga Other", PersonRole.LEAD, team=2)


def test_a_person_is_seen_by_themself_their_mentor_and_a_lead_of_their_team() -> None:
    assert [can_see_person(a, BEN) for a in (BEN, MAX, LEAD, BO, OLGA)] == [
        True,
        True,
        True,
        False,  # a teammate
        False,  # a lead, but of another team
    ]


def test_a_refusal_says_who_may() -> None:
    ensure_can_see_person(MAX, BEN, "their quiz results")
    with pytest.raises(PermissionDenied) as refused:
        ensure_can_see_person(BO, BEN, "their quiz results")
    assert str(refused.value) == (
        "Only Ben Carter, their mentor or a team lead can see their quiz results."
    )
    with pytest.raises(PermissionDenied, match="Ben Carter is not in your team"):
        ensure_can_see_person(OLGA, BEN, "their quiz results")


def test_team_checks() -> None:
    ensure_in_team(BO, 1)
    with pytest.raises(PermissionDenied, match="your own team"):
        ensure_in_team(OLGA, 1)
    ensure_team_lead(LEAD, 1, "export the team report")
    for other in (MAX, OLGA):
        with pytest.raises(PermissionDenied, match="Only the team's lead can export"):
            ensure_team_lead(other, 1, "export the team report")


def test_visible_rows_of_a_team(session: Session) -> None:
    team = make_team(session=session)
    lead = make_ref(
        session=session, person=make_person(session=session, team=team, role=PersonRole.LEAD)
    )
    mentor_row = make_person(session=session, team=team, role=PersonRole.MENTOR)
    mentor = make_ref(session=session, person=mentor_row)
    mentee = make_person(session=session, team=team, mentor=mentor_row)
    learner = make_ref(session=session, person=make_person(session=session, team=team))
    assert visible_person_ids(session, lead, lead.team_id) is None  # every row
    assert visible_person_ids(session, mentor, team.id or 0) == {mentor.id, mentee.id}
    assert visible_person_ids(session, learner, team.id or 0) == {learner.id}
