"""Communities of practice across the organisation's teams: members, sessions, notes and who
is strong in what."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlmodel import Session, select

from assessments.ratings import append_ratings
from mentoring.communities import (
    community_notes,
    community_strengths,
    create_community,
    join_community,
    leave_community,
    share_note,
    shareable_notes,
    unshare_note,
)
from mentoring.sharing import SessionDraft, propose_session, sessions_for, sign_up
from search.notes import delete_note, get_note
from storage.enums import PersonRole, RaterKind, SharingKind, Visibility
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import Competency, Note, Person, Rating
from storage.people import PersonRef
from tests.factories import make_competency, make_note, make_person, make_ref, make_team

NOW = datetime(2026, 11, 21, 9, tzinfo=UTC)


@pytest.fixture
def org(session: Session) -> dict[str, PersonRef]:
    search = make_team(session=session, name="Search")
    platform = make_team(session=session, name="Platform")
    for team in (search, platform):
        make_competency(session=session, key="vector-search", name="Vector search", team=team)
    people = {
        "ada": make_person(session=session, team=search, name="Ada Search"),
        "ben": make_person(session=session, team=platform, name="Ben Platform"),
        "cy": make_person(session=session, team=platform, name="Cy Platform"),
        "lee": make_person(session=session, team=search, name="Lee Lead", role=PersonRole.LEAD),
    }
    return {k: make_ref(session=session, person=p) for k, p in people.items()}


def _community(session: Session, actor: PersonRef) -> int:
    return create_community(
        session,
        actor=actor,
        name="Retrieval quality",
        description="Evaluating search the same way in every team.",
        competency_keys=["vector-search"],
        module_keys=[],
        now=NOW,
    ).id


def test_people_of_two_teams_join_and_see_each_others_community_sessions(
    session: Session, org: dict[str, PersonRef]
) -> None:
    community_id = _community(session, org["ada"])
    joined = join_community(session, actor=org["ben"], community_id=community_id, now=NOW)
    assert [(m.name, m.team_name) for m in joined.members] == [
        ("Ada Search", "Search"),
        ("Ben Platform", "Platform"),
    ]
    [planned] = propose_session(
        session,
        actor=org["ada"],
        draft=SessionDraft(
            title="Judging recall without labels",
            kind=SharingKind.TALK,
            on=date(2026, 12, 3),
            at=time(14, 0),
            minutes=45,
            presenter_ids=(org["ben"].id,),
            competency_keys=("vector-search",),
            community_id=community_id,
        ),
        now=NOW,
    )
    assert [s.title for s in sessions_for(session, actor=org["ben"])] == [planned.title]
    assert sessions_for(session, actor=org["cy"]) == []  # not a member
    with pytest.raises(PermissionDenied, match="Join"):
        sign_up(session, actor=org["cy"], session_id=planned.id, now=NOW)
    join_community(session, actor=org["cy"], community_id=community_id, now=NOW)
    signed = sign_up(session, actor=org["cy"], session_id=planned.id, now=NOW)
    assert signed.is_signed_up(org["cy"].id)


def test_a_member_leaves_and_only_the_creator_or_an_admin_removes_others(
    session: Session, org: dict[str, PersonRef]
) -> None:
    community_id = _community(session, org["ada"])
    join_community(session, actor=org["ben"], community_id=community_id, now=NOW)
    join_community(session, actor=org["cy"], community_id=community_id, now=NOW)
    with pytest.raises(PermissionDenied):
        leave_community(
            session, actor=org["ben"], community_id=community_id, person_id=org["cy"].id, now=NOW
        )
    left = leave_community(session, actor=org["ben"], community_id=community_id, now=NOW)
    removed = leave_community(
        session, actor=org["ada"], community_id=community_id, person_id=org["cy"].id, now=NOW
    )
    assert org["ben"].id not in left.member_ids
    assert removed.member_ids == {org["ada"].id}


def test_a_community_without_a_topic_is_refused(
    session: Session, org: dict[str, PersonRef]
) -> None:
    with pytest.raises(InvalidInput, match="at least one competency or module"):
        create_community(
            session, actor=org["ada"], name="Misc", competency_keys=[], module_keys=[], now=NOW
        )


def _note(session: Session, who: PersonRef, title: str, **kwargs: object) -> int:
    author = session.get(Person, who.id)
    assert author is not None
    return make_note(session=session, author=author, title=title, body="x", **kwargs).id or 0  # type: ignore[arg-type]


def test_members_of_another_team_read_a_shared_note_while_they_are_members(
    session: Session, org: dict[str, PersonRef]
) -> None:
    community_id = _community(session, org["ada"])
    join_community(session, actor=org["ben"], community_id=community_id, now=NOW)
    note_id = _note(session, org["ada"], "Recall at 10, how we measure")
    # Before it is shared, Ben of the Platform team may not read Ada's team note.
    with pytest.raises(NotFound):
        get_note(session, actor=org["ben"], note_id=note_id)
    share_note(session, actor=org["ada"], community_id=community_id, note_id=note_id, now=NOW)
    assert get_note(session, actor=org["ben"], note_id=note_id).title == (
        "Recall at 10, how we measure"
    )
    for_ben = community_notes(session, actor=org["ben"], community_id=community_id)
    assert [(n.title, n.team_name) for n in for_ben.readable] == [
        ("Recall at 10, how we measure", "Search")
    ]
    # Cy of Ben's team is not a member; a reader of another team may not look after the note.
    with pytest.raises(NotFound):
        get_note(session, actor=org["cy"], note_id=note_id)
    assert not get_note(session, actor=org["ben"], note_id=note_id).can_look_after
    leave_community(session, actor=org["ben"], community_id=community_id, now=NOW)
    with pytest.raises(NotFound):
        get_note(session, actor=org["ben"], note_id=note_id)


def test_a_shared_note_made_private_is_its_authors_again_and_unsharing_ends_it(
    session: Session, org: dict[str, PersonRef]
) -> None:
    community_id = _community(session, org["ada"])
    join_community(session, actor=org["ben"], community_id=community_id, now=NOW)
    note_id = _note(session, org["ada"], "Draft thoughts on rerankers")
    share_note(session, actor=org["ada"], community_id=community_id, note_id=note_id, now=NOW)
    note = session.get(Note, note_id)
    assert note is not None
    note.visibility = Visibility.PRIVATE
    session.flush()
    for_ben = community_notes(session, actor=org["ben"], community_id=community_id)
    assert (for_ben.readable, for_ben.hidden) == ([], 1)
    note.visibility = Visibility.TEAM
    session.flush()
    with pytest.raises(PermissionDenied):
        unshare_note(session, actor=org["ben"], community_id=community_id, note_id=note_id, now=NOW)
    title = unshare_note(
        session, actor=org["ada"], community_id=community_id, note_id=note_id, now=NOW
    )
    assert title == "Draft thoughts on rerankers"
    with pytest.raises(NotFound):
        get_note(session, actor=org["ben"], note_id=note_id)
    assert community_notes(session, actor=org["ada"], community_id=community_id).readable == []


def test_only_the_author_shares_and_only_a_note_their_team_reads(
    session: Session, org: dict[str, PersonRef]
) -> None:
    community_id = _community(session, org["ada"])
    join_community(session, actor=org["lee"], community_id=community_id, now=NOW)
    team_note = _note(session, org["ada"], "Chunk sizes we tried")
    private = _note(session, org["ada"], "My rough notes", visibility=Visibility.PRIVATE)
    with pytest.raises(PermissionDenied, match="Only the author"):
        share_note(session, actor=org["lee"], community_id=community_id, note_id=team_note, now=NOW)
    with pytest.raises(InvalidInput, match="share it with your team first"):
        share_note(session, actor=org["ada"], community_id=community_id, note_id=private, now=NOW)
    with pytest.raises(PermissionDenied, match="Join"):
        share_note(session, actor=org["ben"], community_id=community_id, note_id=team_note, now=NOW)
    # What the share picker offers her: her own team note, not the private one.
    assert shareable_notes(session, actor=org["ada"], community_id=community_id) == {
        team_note: "Chunk sizes we tried"
    }
    assert shareable_notes(session, actor=org["lee"], community_id=community_id) == {}
    share_note(session, actor=org["ada"], community_id=community_id, note_id=team_note, now=NOW)
    assert shareable_notes(session, actor=org["ada"], community_id=community_id) == {}
    with pytest.raises(InvalidInput, match="already shared"):
        share_note(session, actor=org["ada"], community_id=community_id, note_id=team_note, now=NOW)


def test_deleting_a_shared_note_takes_it_out_of_the_community(
    session: Session, org: dict[str, PersonRef]
) -> None:
    community_id = _community(session, org["ada"])
    note_id = _note(session, org["ada"], "Old benchmark")
    share_note(session, actor=org["ada"], community_id=community_id, note_id=note_id, now=NOW)
    assert delete_note(session, actor=org["ada"], note_id=note_id, now=NOW) == "Old benchmark"
    session.flush()
    after = community_notes(session, actor=org["ada"], community_id=community_id)
    assert (after.readable, after.hidden) == ([], 0)


def test_the_strengths_page_names_members_at_advanced_or_better_from_the_matrix(
    session: Session, org: dict[str, PersonRef]
) -> None:
    community_id = _community(session, org["ada"])
    join_community(session, actor=org["ben"], community_id=community_id, now=NOW)
    join_community(session, actor=org["cy"], community_id=community_id, now=NOW)
    for key, level in (("ada", 3), ("ben", 4), ("cy", 2)):
        person = org[key]
        competency = session.exec(
            select(Competency).where(
                Competency.team_id == person.team_id, Competency.key == "vector-search"
            )
        ).first()
        assert competency is not None
        append_ratings(
            session,
            [
                Rating(
                    person_id=person.id,
                    competency_id=competency.id,
                    level=level,
                    rater_id=org["lee"].id,
                    rater_kind=RaterKind.LEAD,
                    created_at=NOW,
                )
            ],
        )
    session.flush()
    [strength] = community_strengths(session, community_id)
    assert strength.competency_name == "Vector search"
    assert strength.people == (("Ben Platform", "Platform", 4), ("Ada Search", "Search", 3))
