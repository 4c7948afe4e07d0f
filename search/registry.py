"""What gets indexed (notes, session notes, module texts) and the chunk registry's queries.

Every chunk row carries who may see it; `visible_clause` is the SQL form of the one rule for
reading a note, `storage.access.can_read_note` (a 1:1's notes as its mentor's, paired with its
mentee; a note shared with a community, by its members' current membership), used by the
registry query that feeds FAISS's id selector and BM25's mask, and mirrored in `chroma_where`
for Chroma's own `where` filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy import select as sa_select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from storage.access import community_shared_note_ids
from storage.enums import Visibility
from storage.models import (
    MentoringPlan,
    MentoringSession,
    Module,
    Note,
    Person,
    SearchChunk,
    SearchIndexState,
)
from storage.people import PersonRef
from storage.search_sources import MODULE_SOURCE, NOTE_SOURCE, SESSION_SOURCE


class SourceType:
    NOTE = NOTE_SOURCE
    SESSION = SESSION_SOURCE
    MODULE = MODULE_SOURCE


# Modules carry no date of their own; this one keeps them out of any "changed since" filter.
MODULE_DATE = date(2000, 1, 1)

SOURCE_TYPES = (SourceType.NOTE, SourceType.SESSION, SourceType.MODULE)
SOURCE_LABELS = {
    SourceType.NOTE: "Note",
    SourceType.SESSION: "Session notes",
    SourceType.MODULE: "Module",
}


@dataclass(frozen=True)
class SourceDoc:
    """One searchable text with the facts every chunk of it carries."""

    source_type: str
    source_id: int
    title: str
    body: str
    visibility: Visibility
    source_date: date
    author_id: int | None = None
    pair_person_id: int | None = None
    tags: tuple[str, ...] = ()
    module_id: int | None = None
    team_id: int | None = None  # None: every team (module texts)


def collect_sources(session: Session) -> list[SourceDoc]:
    """Every note, every mentoring session with notes, and every module's reading."""
    docs: list[SourceDoc] = []
    # Columns, not entities: an update reads every note twice, and at 100,000 notes building
    # ORM objects took seconds each time.
    for (
        note_id,
        title,
        body,
        visibility,
        updated_at,
        author,
        pair,
        tags,
        module,
        team,
    ) in session.execute(
        sa_select(
            col(Note.id),
            col(Note.title),
            col(Note.body),
            col(Note.visibility),
            col(Note.updated_at),
            col(Note.author_id),
            col(Note.pair_person_id),
            col(Note.tags),
            col(Note.module_id),
            col(Note.team_id),
        ).order_by(col(Note.id))
    ):
        docs.append(
            SourceDoc(
                source_type=SourceType.NOTE,
                source_id=note_id,
                title=title,
                body=body,
                visibility=Visibility(visibility),
                source_date=updated_at.date(),
                author_id=author,
                pair_person_id=pair,
                tags=tuple(tags),
                module_id=module,
                team_id=team,
            )
        )
    rows = session.exec(
        select(MentoringSession, MentoringPlan)
        .join(MentoringPlan, col(MentoringPlan.id) == MentoringSession.plan_id)
        .where(MentoringSession.notes != "")
        .order_by(col(MentoringSession.id))
    ).all()
    people = {p.id: p for p in session.exec(select(Person))}
    names = {i: p.name for i, p in people.items()}
    for meeting, plan in rows:
        assert meeting.id is not None
        mentor = names.get(plan.mentor_id, "mentor")
        mentee = names.get(plan.mentee_id, "mentee")
        docs.append(
            SourceDoc(
                source_type=SourceType.SESSION,
                source_id=meeting.id,
                title=f"1:1 session {meeting.number}: {mentor} with {mentee}",
                body=meeting.notes,
                visibility=Visibility(meeting.notes_visibility),
                source_date=(meeting.done_at or meeting.scheduled_for).date(),
                author_id=plan.mentor_id,
                pair_person_id=plan.mentee_id,
                # The mentee's team, as the rule for reading 1:1 notes has it
                # (storage/access.py): the pair may be in two teams after a move.
                team_id=people[plan.mentee_id].team_id if plan.mentee_id in people else None,
            )
        )
    for module in session.exec(select(Module).order_by(col(Module.position))):
        assert module.id is not None
        if not module.reading.strip():
            continue
        docs.append(
            SourceDoc(
                source_type=SourceType.MODULE,
                source_id=module.id,
                title=module.title,
                body=module.reading,
                visibility=Visibility.TEAM,
                source_date=MODULE_DATE,
                module_id=module.id,
            )
        )
    return docs


@dataclass(frozen=True)
class SearchFilters:
    """Narrowing a search; every field applies inside each backend's query."""

    tags: frozenset[str] = frozenset()
    author_id: int | None = None
    module_id: int | None = None
    source_types: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None

    @property
    def is_empty(self) -> bool:
        return self == SearchFilters()


def visible_clause(viewer: PersonRef) -> ColumnElement[bool]:
    """`storage.access.can_read_note` as SQL over the chunk rows: within the viewer's team (or
    every team's, for module texts), team chunks, the viewer's own chunks, and pair chunks
    where the viewer is the other person of the pair; in any team, team chunks of notes shared
    with a community the viewer is a member of (tests/search/test_note_visibility.py compares
    the two)."""
    return or_(
        and_(
            or_(col(SearchChunk.team_id).is_(None), col(SearchChunk.team_id) == viewer.team_id),
            or_(
                col(SearchChunk.visibility) == Visibility.TEAM.value,
                col(SearchChunk.author_id) == viewer.id,
                and_(
                    col(SearchChunk.visibility) == Visibility.PAIR.value,
                    col(SearchChunk.pair_person_id) == viewer.id,
                ),
            ),
        ),
        and_(
            col(SearchChunk.source_type) == SourceType.NOTE,
            col(SearchChunk.visibility) == Visibility.TEAM.value,
            col(SearchChunk.source_id).in_(community_shared_note_ids(viewer.id)),
        ),
    )


def allowed_chunk_ids(session: Session, viewer: PersonRef, filters: SearchFilters) -> set[int]:
    """Ids of the chunks this viewer may see that pass the filters."""
    query = select(SearchChunk.id, SearchChunk.tags).where(visible_clause(viewer))
    if filters.author_id is not None:
        query = query.where(SearchChunk.author_id == filters.author_id)
    if filters.module_id is not None:
        query = query.where(SearchChunk.module_id == filters.module_id)
    if filters.source_types:
        query = query.where(col(SearchChunk.source_type).in_(sorted(filters.source_types)))
    if filters.since is not None:
        query = query.where(SearchChunk.source_date >= filters.since)
    if filters.until is not None:
        query = query.where(SearchChunk.source_date <= filters.until)
    allowed: set[int] = set()
    for chunk_id, tags in session.exec(query):
        # Tags are a JSON list, whose "contains" SQL differs between SQLite and PostgreSQL.
        if chunk_id is not None and filters.tags <= set(tags or ()):
            allowed.add(chunk_id)
    return allowed


def tag_key(tag: str) -> str:
    return f"tag_{tag}"


def chunk_metadata(row: SearchChunk) -> dict[str, str | int | bool]:
    """What Chroma stores beside each vector, so its `where` can filter like the registry."""
    metadata: dict[str, str | int | bool] = {
        "source_type": row.source_type,
        "source_id": row.source_id,
        "visibility": Visibility(row.visibility).value,
        "author_id": row.author_id or 0,
        "pair_person_id": row.pair_person_id or 0,
        "module_id": row.module_id or 0,
        "team_id": row.team_id or 0,
        "source_day": row.source_date.toordinal(),
    }
    for tag in row.tags:
        metadata[tag_key(tag)] = True
    return metadata


def chroma_where(
    viewer: PersonRef, filters: SearchFilters, shared_notes: frozenset[int] = frozenset()
) -> dict[str, Any]:
    """The same rule as `allowed_chunk_ids`, as a Chroma `where` clause (`shared_notes`:
    `storage.access.notes_shared_with` the viewer)."""
    own_team: dict[str, Any] = {
        "$and": [
            {"$or": [{"team_id": 0}, {"team_id": viewer.team_id}]},
            {
                "$or": [
                    {"visibility": Visibility.TEAM.value},
                    {"author_id": viewer.id},
                    {
                        "$and": [
                            {"visibility": Visibility.PAIR.value},
                            {"pair_person_id": viewer.id},
                        ]
                    },
                ]
            },
        ]
    }
    readable = own_team
    if shared_notes:
        shared = {
            "$and": [
                {"source_type": SourceType.NOTE},
                {"visibility": Visibility.TEAM.value},
                {"source_id": {"$in": sorted(shared_notes)}},
            ]
        }
        readable = {"$or": [own_team, shared]}
    clauses: list[dict[str, Any]] = [readable]
    if filters.author_id is not None:
        clauses.append({"author_id": filters.author_id})
    if filters.module_id is not None:
        clauses.append({"module_id": filters.module_id})
    if filters.source_types:
        clauses.append({"source_type": {"$in": sorted(filters.source_types)}})
    if filters.since is not None:
        clauses.append({"source_day": {"$gte": filters.since.toordinal()}})
    if filters.until is not None:
        clauses.append({"source_day": {"$lte": filters.until.toordinal()}})
    clauses.extend({tag_key(tag): True} for tag in sorted(filters.tags))
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def registry_rows(
    session: Session, ids: Sequence[int] | None = None, *, visible_to: PersonRef | None = None
) -> dict[int, SearchChunk]:
    """Registry rows (all, or those with `ids`); with `visible_to`, only the rows that person
    may see now. Results are printed from these rows, so checking them at read time means a
    store behind the registry can at worst miss a hit, never show a hidden one."""
    query = select(SearchChunk)
    if ids is not None:
        if not ids:
            return {}
        query = query.where(col(SearchChunk.id).in_(list(ids)))
    if visible_to is not None:
        query = query.where(visible_clause(visible_to))
    return {row.id: row for row in session.exec(query) if row.id is not None}


def registry_generation(session: Session) -> int:
    """The index generation the registry is at (0 before any update wrote one)."""
    generation = session.exec(select(SearchIndexState.generation)).first()
    return generation or 0


def next_generation(session: Session) -> int:
    """Raise the registry's generation in the caller's transaction; returns the new one."""
    state = session.exec(select(SearchIndexState)).first()
    if state is None:
        state = SearchIndexState(generation=0)
    state.generation += 1
    session.add(state)
    session.flush()
    return state.generation


@dataclass(frozen=True)
class FacetValues:
    """What the viewer's visible chunks can be filtered by."""

    tags: tuple[str, ...]
    author_ids: tuple[int, ...]
    module_ids: tuple[int, ...]


def facet_values(session: Session, *, actor: PersonRef) -> FacetValues:
    """The tags, authors and modules of the chunks the actor may see (the search filters'
    choices)."""
    rows = session.exec(
        select(SearchChunk.tags, SearchChunk.author_id, SearchChunk.module_id).where(
            visible_clause(actor)
        )
    ).all()
    tags = sorted({tag for row in rows for tag in (row[0] or ())})
    authors = sorted({row[1] for row in rows if row[1] is not None})
    modules = sorted({row[2] for row in rows if row[2] is not None})
    return FacetValues(tuple(tags), tuple(authors), tuple(modules))


def module_titles(session: Session) -> dict[int, str]:
    """Module titles by id, in curriculum order (for filters and note forms)."""
    return {
        m.id: m.title for m in session.exec(select(Module).order_by(col(Module.position))) if m.id
    }
