"""Who may read the notes of a 1:1: every role against every visibility, in and out of the
mentee's team, as one table."""

from __future__ import annotations

import pytest

from storage.access import can_read_meeting_notes
from storage.enums import PersonRole, Visibility
from storage.people import PersonRef

TEAM, OTHER_TEAM = 1, 2
MENTOR_ID, MENTEE_ID = 1, 2


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
        mentor_id=MENTOR_ID if person_id == MENTEE_ID else None,
        is_admin=admin,
    )


VIEWERS = {
    "the mentor who wrote them": _person(MENTOR_ID, PersonRole.MENTOR),
    "the mentee": _person(MENTEE_ID, PersonRole.LEARNER),
    "a teammate": _person(3, PersonRole.LEARNER),
    "another mentor of the team": _person(4, PersonRole.MENTOR),
    "the team's lead": _person(5, PersonRole.LEAD),
    "an admin in the team": _person(6, PersonRole.LEARNER, admin=True),
    "a learner of another team": _person(7, PersonRole.LEARNER, OTHER_TEAM),
    "a lead of another team": _person(8, PersonRole.LEAD, OTHER_TEAM),
    "an admin of another team": _person(9, PersonRole.LEAD, OTHER_TEAM, admin=True),
}

#                                               private  pair   team
READS = {
    "the mentor who wrote them": (True, True, True),
    "the mentee": (False, True, True),
    "a teammate": (False, False, True),
    "another mentor of the team": (False, False, True),
    "the team's lead": (False, False, True),
    "an admin in the team": (False, False, True),
    "a learner of another team": (False, False, False),
    "a lead of another team": (False, False, False),
    "an admin of another team": (False, False, False),
}
VISIBILITIES = (Visibility.PRIVATE, Visibility.PAIR, Visibility.TEAM)


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("viewer", sorted(VIEWERS))
def test_who_reads_a_1_1s_notes(viewer: str, visibility: Visibility) -> None:
    allowed = can_read_meeting_notes(
        VIEWERS[viewer],
        visibility=visibility,
        mentor_id=MENTOR_ID,
        mentee_id=MENTEE_ID,
        team_id=TEAM,
    )
    assert allowed is READS[viewer][VISIBILITIES.index(visibility)]
