"""The 1:1 page, the learner's Home and search open a 1:1's notes for exactly the people the
one rule (storage.access.can_read_meeting_notes) names, whatever the notes' visibility."""

from __future__ import annotations

import pytest
from sqlmodel import select

from insights.learner_home import latest_feedback
from mentoring.meetings import complete_meeting, meeting_detail, save_meeting
from search.reading import open_source
from search.registry import SourceType
from storage.access import can_read_meeting_notes
from storage.enums import PersonRole, Visibility
from storage.errors import NotFound, PermissionDenied
from storage.models import MentoringSession
from storage.people import PersonRef
from tests.factories import make_person, make_ref, make_team
from tests.mentoring.test_sessions import NOW, Pair, _plan, pair  # noqa: F401

NOTES = "Ada wants to move to the ranking team; keep it between us for now."


def _held_session_with_notes(pair: Pair, visibility: Visibility) -> int:  # noqa: F811
    plan = _plan(pair)
    session_id = plan.sessions[0].id
    save_meeting(
        pair.session,
        actor=pair.mentor,
        meeting_id=session_id,
        agenda="Goals",
        notes=NOTES,
        visibility=Visibility.PAIR,
        expected_version=0,
        now=NOW,
    )
    complete_meeting(pair.session, actor=pair.mentor, meeting_id=session_id, now=NOW)
    # Private notes cannot be chosen on the page, but older or imported data may hold them.
    row = pair.session.exec(select(MentoringSession).where(MentoringSession.id == session_id)).one()
    row.notes_visibility = visibility
    pair.session.add(row)
    pair.session.flush()
    return session_id


def _viewers(pair: Pair) -> dict[str, PersonRef]:  # noqa: F811
    elsewhere = make_team(session=pair.session, name="Elsewhere")
    outsiders = {
        "a lead of another team": make_person(
            session=pair.session, team=elsewhere, name="Olga Lead", role=PersonRole.LEAD
        ),
        "a learner of another team": make_person(
            session=pair.session, team=elsewhere, name="Oscar Learner"
        ),
    }
    viewers = {
        "the mentor": pair.mentor,
        "the mentee": pair.ada,
        "the team's lead": pair.lead,
        "another mentor": pair.other_mentor,
        "a teammate": pair.bo,
    }
    viewers |= {k: make_ref(session=pair.session, person=p) for k, p in outsiders.items()}
    return viewers


def _reads_on_the_1_1_page(pair: Pair, viewer: PersonRef, session_id: int) -> bool:  # noqa: F811
    try:
        detail = meeting_detail(pair.session, actor=viewer, meeting_id=session_id, now=NOW)
    except PermissionDenied:
        return False
    return detail.notes == NOTES


def _reads_in_search(pair: Pair, viewer: PersonRef, session_id: int) -> bool:  # noqa: F811
    try:
        source = open_source(
            pair.session, actor=viewer, source_type=SourceType.SESSION, source_id=session_id
        )
    except NotFound:
        return False
    return source.body == NOTES


def _reads_on_the_home(pair: Pair, viewer: PersonRef) -> bool:  # noqa: F811
    feedback = latest_feedback(pair.session, actor=viewer, person_id=pair.ada.id)
    return any(f.text == NOTES for f in feedback)


@pytest.mark.parametrize("visibility", [Visibility.PRIVATE, Visibility.PAIR, Visibility.TEAM])
def test_every_place_that_shows_1_1_notes_follows_the_one_rule(
    pair: Pair,  # noqa: F811
    visibility: Visibility,
) -> None:
    session_id = _held_session_with_notes(pair, visibility)
    for who, viewer in _viewers(pair).items():
        allowed = can_read_meeting_notes(
            viewer,
            visibility=visibility,
            mentor_id=pair.mentor.id,
            mentee_id=pair.ada.id,
            team_id=pair.ada.team_id,
        )
        # The 1:1 page is for the pair and the team's leads; the rule then decides the notes.
        page_shows = _reads_on_the_1_1_page(pair, viewer, session_id)
        assert page_shows is (allowed and who in ("the mentor", "the mentee", "the team's lead"))
        assert _reads_in_search(pair, viewer, session_id) is allowed, who
        if who in ("the mentor", "the mentee", "the team's lead"):  # who sees Ada's Home
            assert _reads_on_the_home(pair, viewer) is allowed, who


def test_a_lead_looking_at_a_learners_home_reads_no_pair_only_1_1_notes(
    pair: Pair,  # noqa: F811
) -> None:
    _held_session_with_notes(pair, Visibility.PAIR)
    assert not _reads_on_the_home(pair, pair.lead)
    assert _reads_on_the_home(pair, pair.ada)


def test_search_opens_no_1_1_notes_of_another_team(pair: Pair) -> None:  # noqa: F811
    session_id = _held_session_with_notes(pair, Visibility.TEAM)
    outsider = _viewers(pair)["a learner of another team"]
    assert not _reads_in_search(pair, outsider, session_id)
    assert _reads_in_search(pair, pair.bo, session_id)  # a teammate does


def test_private_1_1_notes_are_the_mentors_alone_on_the_page_as_in_search(
    pair: Pair,  # noqa: F811
) -> None:
    session_id = _held_session_with_notes(pair, Visibility.PRIVATE)
    assert not _reads_on_the_1_1_page(pair, pair.ada, session_id)
    assert not _reads_in_search(pair, pair.ada, session_id)
    assert _reads_on_the_1_1_page(pair, pair.mentor, session_id)
