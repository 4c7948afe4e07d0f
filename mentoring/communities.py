"""Communities of practice: people of any of the organisation's teams around a topic
(competencies and/or modules), with members, shared notes and who is strong in what.

Anyone joins or leaves; the creator or an organisation admin manages the community. A note's
author may share a note that is shared with their team with a community they belong to; then
every member reads it, whatever their team, for as long as they are members and the note stays
shared with its team (`storage.access.can_read_note`, which search applies too). Levels are the
matrix's (`assessments.ratings`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from assessments.ratings import StrongCell, advanced_or_better
from storage.access import may_read_note
from storage.audit import listed, record
from storage.enums import Visibility
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import (
    Community,
    CommunityMember,
    CommunityNote,
    Competency,
    Module,
    ModuleCompetency,
    Note,
    Person,
    Team,
)
from storage.people import PersonRef, get_person
from storage.text_rules import body_problem, normalise_line_breaks, one_line_problem

MAX_NAME_CHARS = 120
MAX_DESCRIPTION_CHARS = 2_000


# --- read models ------------------------------------------------------------------------


@dataclass(frozen=True)
class CommunityMemberView:
    person_id: int
    name: str
    team_name: str


@dataclass(frozen=True)
class CommunityView:
    id: int
    name: str
    description: str
    competency_keys: tuple[str, ...]
    competency_names: tuple[str, ...]
    module_keys: tuple[str, ...]
    module_titles: tuple[str, ...]
    created_by_id: int
    created_by_name: str
    members: tuple[CommunityMemberView, ...]

    @property
    def member_ids(self) -> set[int]:
        return {m.person_id for m in self.members}

    @property
    def topic(self) -> str:
        """'Vector search, Embeddings; module Chunking and ingestion' (or 'no topic set')."""
        parts = list(self.competency_names) + list(self.module_titles)
        return ", ".join(parts) if parts else "no topic set"

    def can_manage(self, actor: PersonRef) -> bool:
        return actor.is_admin or actor.id == self.created_by_id


@dataclass(frozen=True)
class CommunityNoteView:
    note_id: int
    title: str
    author_name: str
    team_name: str
    updated_at: datetime
    can_unshare: bool = False  # its author, the community's creator, an organisation admin


@dataclass(frozen=True)
class CommunityNotes:
    readable: list[CommunityNoteView]
    hidden: int  # shared with the community but not readable by the viewer


@dataclass(frozen=True)
class Strength:
    """One competency of the community's topic and who in it is advanced or better."""

    competency_key: str
    competency_name: str
    people: tuple[tuple[str, str, int], ...]  # (name, team name, level), best first


# --- reads ------------------------------------------------------------------------------


def _row(session: Session, community_id: int) -> Community:
    row = session.get(Community, community_id)
    if row is None:
        raise NotFound("That community no longer exists.")
    return row


def _competency_names(session: Session, keys: list[str]) -> dict[str, str]:
    """Names of competency keys, from the curriculum's own copy (every team starts from it)."""
    if not keys:
        return {}
    rows = session.exec(
        select(Competency.key, Competency.name).where(col(Competency.key).in_(keys))
    ).all()
    names: dict[str, str] = {}
    for key, name in rows:
        names.setdefault(key, name)
    return names


def _views(session: Session, rows: list[Community]) -> list[CommunityView]:
    ids = [r.id for r in rows if r.id is not None]
    members: dict[int, list[CommunityMemberView]] = defaultdict(list)
    for member, person, team in session.exec(
        select(CommunityMember, Person, Team)
        .join(Person, col(Person.id) == CommunityMember.person_id)
        .join(Team, col(Team.id) == Person.team_id)
        .where(col(CommunityMember.community_id).in_(ids), Person.active == True)  # noqa: E712
        .order_by(col(Person.name))
    ):
        members[member.community_id].append(
            CommunityMemberView(person.id or 0, person.name, team.name)
        )
    keys = sorted({k for r in rows for k in r.competency_keys})
    names = _competency_names(session, keys)
    module_keys = sorted({k for r in rows for k in r.module_keys})
    titles = {
        key: title
        for key, title in session.exec(
            select(Module.key, Module.title).where(col(Module.key).in_(module_keys))
        ).all()
    }
    creators = {
        p.id: p.name
        for p in session.exec(
            select(Person).where(col(Person.id).in_([r.created_by_id for r in rows]))
        )
    }
    return [
        CommunityView(
            id=r.id or 0,
            name=r.name,
            description=r.description,
            competency_keys=tuple(r.competency_keys),
            competency_names=tuple(names.get(k, k) for k in r.competency_keys),
            module_keys=tuple(r.module_keys),
            module_titles=tuple(titles.get(k, k) for k in r.module_keys),
            created_by_id=r.created_by_id,
            created_by_name=creators.get(r.created_by_id, ""),
            members=tuple(members.get(r.id or 0, [])),
        )
        for r in rows
    ]


def list_communities(session: Session) -> list[CommunityView]:
    """Every community of the organisation, by name (anyone may see them and join)."""
    return _views(session, list(session.exec(select(Community).order_by(col(Community.name)))))


def get_community(session: Session, community_id: int) -> CommunityView:
    """One community with its members, or NotFound."""
    return _views(session, [_row(session, community_id)])[0]


def community_ids_of(session: Session, person_id: int) -> list[int]:
    """The communities the person is a member of."""
    return list(
        session.exec(
            select(CommunityMember.community_id).where(CommunityMember.person_id == person_id)
        ).all()
    )


def is_member(session: Session, community_id: int, person_id: int) -> bool:
    return (
        session.exec(
            select(CommunityMember.id).where(
                CommunityMember.community_id == community_id,
                CommunityMember.person_id == person_id,
            )
        ).first()
        is not None
    )


def community_notes(session: Session, *, actor: PersonRef, community_id: int) -> CommunityNotes:
    """The notes shared with the community that `actor` may read (the note's own rule), and
    how many others there are, never naming them (a member reads every note that stays
    shared with its team; a note since made private or pair reads by its own rule)."""
    row = _row(session, community_id)
    readable: list[CommunityNoteView] = []
    hidden = 0
    for note, author, team in session.exec(
        select(Note, Person, Team)
        .join(CommunityNote, col(CommunityNote.note_id) == Note.id)
        .join(Person, col(Person.id) == Note.author_id)
        .join(Team, col(Team.id) == Note.team_id)
        .where(CommunityNote.community_id == community_id)
        .order_by(col(Note.updated_at).desc())
    ):
        if may_read_note(session, actor, note):
            readable.append(
                CommunityNoteView(
                    note.id or 0,
                    note.title,
                    author.name,
                    team.name,
                    note.updated_at,
                    can_unshare=_may_unshare(actor, note, row),
                )
            )
        else:
            hidden += 1
    return CommunityNotes(readable, hidden)


def community_strengths(session: Session, community_id: int) -> list[Strength]:
    """Per competency of the topic (every competency when the topic names none), the members
    at advanced or better by the matrix's level, best first."""
    view = get_community(session, community_id)
    wanted = set(view.competency_keys)
    if view.module_keys:
        wanted |= set(
            session.exec(
                select(Competency.key)
                .join(ModuleCompetency, col(ModuleCompetency.competency_id) == Competency.id)
                .join(Module, col(Module.id) == ModuleCompetency.module_id)
                .where(col(Module.key).in_(list(view.module_keys)))
            ).all()
        )
    members = {m.person_id: m for m in view.members}
    cells: list[StrongCell] = advanced_or_better(session, list(members))
    by_key: dict[str, list[StrongCell]] = defaultdict(list)
    for cell in cells:
        if not wanted or cell.competency_key in wanted:
            by_key[cell.competency_key].append(cell)
    return [
        Strength(
            key,
            found[0].competency_name,
            tuple(
                (members[c.person_id].name, members[c.person_id].team_name, c.level)
                for c in sorted(found, key=lambda c: (-c.level, members[c.person_id].name))
            ),
        )
        for key, found in sorted(by_key.items(), key=lambda kv: kv[1][0].competency_name)
    ]


# --- writes -----------------------------------------------------------------------------


def _topic(session: Session, competency_keys: list[str], module_keys: list[str]) -> None:
    known = set(_competency_names(session, competency_keys))
    unknown = [k for k in competency_keys if k not in known]
    if module_keys:
        modules = set(session.exec(select(Module.key).where(col(Module.key).in_(module_keys))))
        unknown += [k for k in module_keys if k not in modules]
    if unknown:
        raise InvalidInput(f"Community not saved: no competency or module {listed(unknown)}.")


def create_community(
    session: Session,
    *,
    actor: PersonRef,
    name: str,
    description: str = "",
    competency_keys: list[str],
    module_keys: list[str],
    now: datetime,
) -> CommunityView:
    """A new community around a topic; its creator is its first member and manages it."""
    name = name.strip()
    problems = []
    if not name:
        problems.append("give it a name")
    elif len(name) > MAX_NAME_CHARS:
        problems.append(f"the name is longer than {MAX_NAME_CHARS} characters")
    elif problem := one_line_problem(name, "name"):
        problems.append(problem)
    description = normalise_line_breaks(description)
    if len(description) > MAX_DESCRIPTION_CHARS:
        problems.append(f"the description is longer than {MAX_DESCRIPTION_CHARS} characters")
    elif problem := body_problem(description, "description"):
        problems.append(problem)
    if not competency_keys and not module_keys:
        problems.append("choose at least one competency or module as its topic")
    if problems:  # before the name is looked up: PostgreSQL refuses a NUL even in a query
        raise InvalidInput("Community not saved: " + "; ".join(problems) + ".")
    if name and session.exec(select(Community.id).where(Community.name == name)).first():
        raise InvalidInput(f"Community not saved: there is already a community called '{name}'.")
    _topic(session, competency_keys, module_keys)
    row = Community(
        name=name,
        description=description.strip(),
        competency_keys=list(competency_keys),
        module_keys=list(module_keys),
        created_by_id=actor.id,
        created_at=now,
    )
    session.add(row)
    session.flush()
    session.add(CommunityMember(community_id=row.id or 0, person_id=actor.id, joined_at=now))
    record(
        session,
        actor=actor,
        action="community_created",
        entity="community",
        entity_id=row.id,
        summary=f"Started the community '{name}'.",
        detail={"competencies": competency_keys, "modules": module_keys},
        at=now,
    )
    session.flush()
    return get_community(session, row.id or 0)


def join_community(
    session: Session, *, actor: PersonRef, community_id: int, now: datetime
) -> CommunityView:
    """The actor joins (anyone of the organisation may)."""
    row = _row(session, community_id)
    if is_member(session, community_id, actor.id):
        raise InvalidInput(f"You are already a member of '{row.name}'.")
    session.add(CommunityMember(community_id=community_id, person_id=actor.id, joined_at=now))
    record(
        session,
        actor=actor,
        action="community_joined",
        entity="community",
        entity_id=community_id,
        summary=f"Joined the community '{row.name}'.",
        at=now,
    )
    session.flush()
    return get_community(session, community_id)


def leave_community(
    session: Session,
    *,
    actor: PersonRef,
    community_id: int,
    now: datetime,
    person_id: int | None = None,
) -> CommunityView:
    """The actor leaves, or (`person_id`) the creator or an admin removes a member."""
    row = _row(session, community_id)
    whom = actor if person_id is None or person_id == actor.id else get_person(session, person_id)
    if whom.id != actor.id and not (actor.is_admin or actor.id == row.created_by_id):
        raise PermissionDenied(
            "Only the community's creator or an organisation admin can remove a member."
        )
    member = session.exec(
        select(CommunityMember).where(
            CommunityMember.community_id == community_id, CommunityMember.person_id == whom.id
        )
    ).first()
    if member is None:
        raise InvalidInput(f"{whom.name} is not a member of '{row.name}'.")
    session.delete(member)
    record(
        session,
        actor=actor,
        action="community_left",
        entity="community",
        entity_id=community_id,
        summary=f"Left the community '{row.name}'."
        if whom.id == actor.id
        else f"Removed {whom.name} from the community '{row.name}'.",
        detail={"person_id": whom.id},
        at=now,
    )
    session.flush()
    return get_community(session, community_id)


def _share(session: Session, community_id: int, note_id: int) -> CommunityNote | None:
    """The row sharing the note with the community, if it is shared."""
    return session.exec(
        select(CommunityNote).where(
            CommunityNote.community_id == community_id, CommunityNote.note_id == note_id
        )
    ).first()


def shareable_notes(session: Session, *, actor: PersonRef, community_id: int) -> dict[int, str]:
    """Titles by id of the notes the actor may share with the community (`share_note`'s rule:
    their own notes shared with their team, not shared with it yet), newest first."""
    shared = select(CommunityNote.note_id).where(CommunityNote.community_id == community_id)
    rows = session.exec(
        select(Note.id, Note.title)
        .where(
            Note.author_id == actor.id,
            Note.team_id == actor.team_id,
            Note.visibility == Visibility.TEAM,
            col(Note.id).not_in(shared),
        )
        .order_by(col(Note.updated_at).desc(), col(Note.id).desc())
    ).all()
    return {note_id: title for note_id, title in rows if note_id is not None}


def _may_unshare(actor: PersonRef, note: Note, community: Community) -> bool:
    """The note's author, the community's creator or an organisation admin."""
    return actor.id in (note.author_id, community.created_by_id) or actor.is_admin


def _shared_note(session: Session, actor: PersonRef, note_id: int) -> Note:
    note = session.get(Note, note_id)
    if note is None or not may_read_note(session, actor, note):
        raise NotFound("That note no longer exists or is not shared with you.")
    return note


def share_note(
    session: Session, *, actor: PersonRef, community_id: int, note_id: int, now: datetime
) -> str:
    """The note's author shares a note that is shared with their team with a community they
    are a member of; every member then reads it (see the module doc). Returns its title."""
    row = _row(session, community_id)
    if not is_member(session, community_id, actor.id):
        raise PermissionDenied(f"Join '{row.name}' to share notes with it.")
    note = _shared_note(session, actor, note_id)
    if note.author_id != actor.id:
        raise PermissionDenied(f"Only the author of '{note.title}' can share it with a community.")
    if note.visibility != Visibility.TEAM:
        raise InvalidInput(
            f"'{note.title}' is private or shared with one person: share it with your team first; "
            "a community reads only what your team can."
        )
    if _share(session, community_id, note_id) is not None:
        raise InvalidInput(f"'{note.title}' is already shared with '{row.name}'.")
    session.add(
        CommunityNote(
            community_id=community_id, note_id=note_id, added_by_id=actor.id, added_at=now
        )
    )
    record(
        session,
        actor=actor,
        action="community_note_shared",
        entity="community",
        entity_id=community_id,
        summary=f"Shared the note '{note.title}' with the community '{row.name}'.",
        detail={"note_id": note_id},
        at=now,
    )
    session.flush()
    return note.title


def unshare_note(
    session: Session, *, actor: PersonRef, community_id: int, note_id: int, now: datetime
) -> str:
    """Stop sharing a note with a community (its author, the community's creator or an
    organisation admin); members of other teams stop reading it at once. Returns its title."""
    row = _row(session, community_id)
    note = _shared_note(session, actor, note_id)
    link = _share(session, community_id, note_id)
    if link is None:
        raise NotFound(f"'{note.title}' is no longer shared with '{row.name}'.")
    if not _may_unshare(actor, note, row):
        raise PermissionDenied(
            "Only the note's author, the community's creator or an organisation admin can stop "
            "sharing it."
        )
    session.delete(link)
    record(
        session,
        actor=actor,
        action="community_note_unshared",
        entity="community",
        entity_id=community_id,
        summary=f"Stopped sharing the note '{note.title}' with the community '{row.name}'.",
        detail={"note_id": note_id},
        at=now,
    )
    session.flush()
    return note.title
