"""Finding the person behind a signed-in email."""

from __future__ import annotations

from sqlmodel import Session

from storage.people import find_person_by_email
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
