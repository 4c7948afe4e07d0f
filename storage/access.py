"""Who may see whom: the rules every service shares, in one place.

A person's own data (ratings, progress, quizzes, assessments, reviews, mentoring) is for
them, their mentor and the leads of their team. Team-wide reads are for the team's members:
a lead sees every row, anyone else the rows of themself and their mentees.

An organisation admin reads every team as its lead would and manages every team's people;
a lead manages the people of their own team only. Nobody else manages people.
"""

from __future__ import annotations

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from storage.enums import Visibility
from storage.errors import PermissionDenied
from storage.models import CommunityMember, CommunityNote, Note, Person
from storage.people import PersonRef


def ensure_in_team(actor: PersonRef, team_id: int) -> None:
    """A member of this team or an organisation admin; anyone else is refused."""
    if actor.team_id != team_id and not actor.is_admin:
        raise PermissionDenied("You can only see your own team.")


def ensure_admin(actor: PersonRef, what: str) -> None:
    """An organisation admin; else PermissionDenied ("Only an organisation admin can <what>.")."""
    if not actor.is_admin:
        raise PermissionDenied(f"Only an organisation admin can {what}.")


def ensure_lead(actor: PersonRef, what: str) -> None:
    """A team lead; else PermissionDenied ("Only a team lead can <what>.")."""
    if not actor.is_lead:
        raise PermissionDenied(f"Only a team lead can {what}.")


def ensure_mentor_or_lead(actor: PersonRef, person: PersonRef, what: str) -> None:
    """The person's mentor or a lead, in the person's team; else PermissionDenied
    ("<name> is not in your team." / "Only <name>'s mentor or a team lead can <what>.")."""
    if actor.team_id != person.team_id:
        raise PermissionDenied(f"{person.name} is not in your team.")
    if not (actor.is_lead or person.mentor_id == actor.id):
        raise PermissionDenied(f"Only {person.name}'s mentor or a team lead can {what}.")


def can_manage_team(actor: PersonRef, team_id: int) -> bool:
    """Whether the actor may add, change and deactivate this team's people: an organisation
    admin, or a lead of this team."""
    return actor.is_admin or (actor.is_lead and actor.team_id == team_id)


def ensure_can_manage_team(actor: PersonRef, team_id: int, what: str) -> None:
    """A lead of this team or an organisation admin; else PermissionDenied."""
    if not can_manage_team(actor, team_id):
        raise PermissionDenied(f"Only the team's lead or an organisation admin can {what}.")


def ensure_same_team(actor: PersonRef, person: PersonRef) -> None:
    """Someone in the person's team (or an organisation admin); anyone else is refused."""
    if actor.team_id != person.team_id and not actor.is_admin:
        raise PermissionDenied(f"{person.name} is not in your team.")


def ensure_team_lead(actor: PersonRef, team_id: int, what: str) -> None:
    """A lead of this team; else PermissionDenied ("Only the team's lead can <what>.")."""
    if not actor.is_lead or actor.team_id != team_id:
        raise PermissionDenied(f"Only the team's lead can {what}.")


def can_see_person(actor: PersonRef, person: PersonRef) -> bool:
    """The person themself, their mentor, a lead of their team or an organisation admin."""
    return actor.is_admin or (
        actor.team_id == person.team_id
        and (actor.id == person.id or person.mentor_id == actor.id or actor.is_lead)
    )


def ensure_can_see_person(actor: PersonRef, person: PersonRef, what: str) -> None:
    """The person, their mentor or a lead of their team; else PermissionDenied naming who may,
    e.g. "Only Ben Carter, their mentor or a team lead can see their quiz results."."""
    ensure_same_team(actor, person)
    if not can_see_person(actor, person):
        raise PermissionDenied(f"Only {person.name}, their mentor or a team lead can see {what}.")


def visible_person_ids(session: Session, actor: PersonRef, team_id: int) -> set[int] | None:
    """Whose rows of this team's data the actor may see: None for a lead of the team or an
    organisation admin (all), else the actor and their mentees. Call after `ensure_in_team`."""
    if (actor.is_lead and actor.team_id == team_id) or actor.is_admin:
        return None
    mentees = session.exec(
        select(Person.id).where(Person.team_id == team_id, Person.mentor_id == actor.id)
    ).all()
    return {actor.id} | {pid for pid in mentees if pid is not None}


def can_read_note(
    viewer: PersonRef,
    *,
    visibility: Visibility,
    author_id: int | None,
    pair_person_id: int | None,
    team_id: int | None,
    shared_with_viewer: bool = False,
) -> bool:
    """Who may read a note (`team_id`: the note's team; None, every team's, as for module
    texts), the one rule for the notes pages and search: within that team, anyone a note shared
    with the team, its author always, and a pair note the other person of the pair. A private
    note is its author's alone; a lead or an organisation admin is no exception.

    A note shared with the team may also be shared with communities of practice
    (`mentoring.communities`); `shared_with_viewer` says it is shared with one the viewer is a
    member of (`shares_note_with`), and then the viewer reads it whatever their team. That holds
    only while the note stays shared with its team and the viewer stays a member: a note made
    private or pair, or a member who leaves, reads as before.

    Search applies this rule to every indexed chunk (a 1:1's notes as its mentor's, paired with
    its mentee) through two mirrors kept equal to it by tests/search/test_note_visibility.py:
    `search.registry.visible_clause` (SQL) and `search.visibility.ChunkFacts.allowed` (numpy).
    """
    if shared_with_viewer and visibility == Visibility.TEAM:
        return True
    if team_id is not None and team_id != viewer.team_id:
        return False
    if visibility == Visibility.TEAM or author_id == viewer.id:
        return True
    return visibility == Visibility.PAIR and pair_person_id == viewer.id


def may_read_note(session: Session, viewer: PersonRef, note: Note) -> bool:
    """`can_read_note` for a note row, asking whether it is shared with a community of the
    viewer only when that could change the answer."""
    visibility = Visibility(note.visibility)
    shared = (
        visibility == Visibility.TEAM
        and note.team_id != viewer.team_id
        and note.id is not None
        and shares_note_with(session, note.id, viewer.id)
    )
    return can_read_note(
        viewer,
        visibility=visibility,
        author_id=note.author_id,
        pair_person_id=note.pair_person_id,
        team_id=note.team_id,
        shared_with_viewer=shared,
    )


def community_shared_note_ids(person_id: int) -> SelectOfScalar[int]:
    """SQL for the ids of the notes shared with a community `person_id` is a member of (to use
    inside a query, as search's visibility clause does)."""
    return (
        select(CommunityNote.note_id)
        .join(CommunityMember, col(CommunityMember.community_id) == CommunityNote.community_id)
        .where(CommunityMember.person_id == person_id)
    )


def notes_shared_with(session: Session, person_id: int) -> frozenset[int]:
    """Ids of the notes shared with a community `person_id` is a member of."""
    return frozenset(session.exec(community_shared_note_ids(person_id)).all())


def shares_note_with(session: Session, note_id: int, person_id: int) -> bool:
    """Whether the note is shared with a community `person_id` is a member of."""
    query = community_shared_note_ids(person_id).where(CommunityNote.note_id == note_id)
    return session.exec(query.limit(1)).first() is not None


def can_read_meeting_notes(
    viewer: PersonRef,
    *,
    visibility: Visibility,
    mentor_id: int,
    mentee_id: int,
    team_id: int,
) -> bool:
    """Who may read the notes of a 1:1 (`team_id`: the mentee's team), the one rule for the 1:1
    page, the Homes and search: the mentor who wrote them, always; the mentee, unless the notes
    are private to the mentor; anyone else, notes shared with the team, in that team only. A
    lead or an organisation admin is no exception: pair and private notes are the pair's.
    """
    if viewer.id == mentor_id:
        return True
    if viewer.id == mentee_id:
        return visibility != Visibility.PRIVATE
    return visibility == Visibility.TEAM and viewer.team_id == team_id


def can_read_hand_in(viewer: PersonRef, owner: PersonRef, reviewer_ids: list[int]) -> bool:
    """Who may read a hand-in (its versions, files and grades): the person who handed it in,
    their mentor, a lead of their team, and a peer asked to review it. An organisation admin
    who is none of these is no exception: practical work is between the learner and those
    who grade it."""
    if viewer.id == owner.id or viewer.id in reviewer_ids:
        return True
    return viewer.team_id == owner.team_id and (owner.mentor_id == viewer.id or viewer.is_lead)


def can_see_goals(viewer: PersonRef, owner: PersonRef) -> bool:
    """Who may read a person's development plan (goals, milestones, review notes, personal
    targets): the person, their mentor and the leads of their team. An organisation admin
    who is none of these is no exception: the plan is between the person and their mentor."""
    if viewer.id == owner.id:
        return True
    return viewer.team_id == owner.team_id and (owner.mentor_id == viewer.id or viewer.is_lead)


def ensure_can_see_goals(viewer: PersonRef, owner: PersonRef) -> None:
    """The person, their mentor or a lead of their team; else PermissionDenied."""
    if not can_see_goals(viewer, owner):
        raise PermissionDenied(
            f"{owner.name}'s development plan is for them, their mentor and the team's leads."
        )


def ensure_can_edit_goals(viewer: PersonRef, owner: PersonRef, what: str) -> None:
    """The same people who may read the plan propose, change and tick its goals; anyone else
    is refused ("Only <name>, their mentor or a team lead can <what>.")."""
    if not can_see_goals(viewer, owner):
        raise PermissionDenied(f"Only {owner.name}, their mentor or a team lead can {what}.")


def can_agree_as_mentor(viewer: PersonRef, owner: PersonRef) -> bool:
    """Who agrees a goal on the mentor's side: the person's mentor or a lead of their team
    (the person agrees on their own side; nobody agrees for them)."""
    return (
        viewer.id != owner.id
        and viewer.team_id == owner.team_id
        and (owner.mentor_id == viewer.id or viewer.is_lead)
    )
