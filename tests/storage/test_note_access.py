"""Who may read a note: every role against every visibility, in and out of the note's team,
as one table."""

from __future__ import annotations

import pytest

from storage.access import can_read_note
from storage.enums import PersonRole, Visibility
from storage.people import PersonRef

TEAM, OTHER_TEAM = 1, 2
AUTHOR_ID, PARTNER_ID = 1, 2


def _person(
    person_id: int, role: PersonRole, team_id: int = TEAM, *, admin: bool = False
) -> PersonRef:
    return PersonRef(
        id=person_id,
        name=f"Person {person_id}",
        email=f"p{person_id}@example.test",
        role=role,
        job_role="Backend engineer",
        team_id=team_id,
        mentor_id=None,
        is_admin=admin,
    )


VIEWERS = {
    "the author": _person(AUTHOR_ID, PersonRole.LEARNER),
    "the other person of the pair": _person(PARTNER_ID, PersonRole.LEARNER),
    "a teammate": _person(3, PersonRole.LEARNER),
    "the team's lead": _person(4, PersonRole.LEAD),
    "an admin in the team": _person(5, PersonRole.LEARNER, admin=True),
    "a lead of another team": _person(6, PersonRole.LEAD, OTHER_TEAM),
    "an admin of another team": _person(7, PersonRole.LEAD, OTHER_TEAM, admin=True),
}

#                                      private  pair   team
READS = {
    "the author": (True, True, True),
    "the other person of the pair": (False, True, True),
    "a teammate": (False, False, True),
    "the team's lead": (False, False, True),
    "an admin in the team": (False, False, True),
    "a lead of another team": (False, False, False),
    "an admin of another team": (False, False, False),
}
VISIBILITIES = (Visibility.PRIVATE, Visibility.PAIR, Visibility.TEAM)


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("viewer", sorted(VIEWERS))
def test_who_reads_a_note(viewer: str, visibility: Visibility) -> None:
    allowed = can_read_note(
        VIEWERS[viewer],
        visibility=visibility,
        author_id=AUTHOR_ID,
        pair_person_id=PARTNER_ID if visibility == Visibility.PAIR else None,
        team_id=TEAM,
    )
    assert allowed is READS[viewer][VISIBILITIES.index(visibility)]


@pytest.mark.parametrize("viewer", sorted(VIEWERS))
def test_every_team_reads_a_module_text(viewer: str) -> None:
    assert can_read_note(
        VIEWERS[viewer],
        visibility=Visibility.TEAM,
        author_id=None,
        pair_person_id=None,
        team_id=None,
    )
