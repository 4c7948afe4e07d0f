"""Finding the person behind a signed-in email; reading people by id."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from storage.errors import NotFound
from storage.people import find_person_by_email, get_people
from tests.factories import make_person, make_team


def test_an_email_finds_its_person_whatever_the_case_and_spaces(session: Session) -> None:
    team = make_team(session=session)
    aisha = make_person(session=session, team=team, name="Aisha Khan")
    found = find_person_by_email(session, f"  {aisha.email.upper()} ")
    assert found is not None
    assert found.name == "Aisha Khan"


def test_an_unknown_or_empty_email_finds_nobody(session: Session) -> None:
    team = make_team(session=session)
    make_person(session=session, team=team)
    assert find_person_by_email(session, "stranger@example.org") is None
    assert find_person_by_email(session, "   ") is None


def test_someone_who_left_cannot_sign_in(session: Session) -> None:
    team = make_team(session=session)
    gone = make_person(session=session, team=team, active=False)
    assert find_person_by_email(session, gone.email) is None


def test_many_people_read_at_once_come_in_the_order_asked(session: Session) -> None:
    team = make_team(session=session)
    ada = make_person(session=session, team=team, name="Ada Lovelace")
    bo = make_person(session=session, team=team, name="Bo Lindqvist")
    assert ada.id is not None and bo.id is not None
    assert [p.name for p in get_people(session, [bo.id, ada.id])] == [
        "Bo Lindqvist",
        "Ada Lovelace",
    ]
    assert get_people(session, []) == []
    with pytest.raises(NotFound, match="No person with id 999"):
        get_people(session, [ada.id, 999])
