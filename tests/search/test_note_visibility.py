"""Search shows each indexed passage to exactly the people the one rule for reading a note
(`storage.access.can_read_note`) names: its SQL form (the registry's `visible_clause`), its
numpy form (the saved index facts) and its Chroma form (`chroma_where`) agree with it over every
case, notes shared with a community of practice included."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import numpy as np
from sqlmodel import Session, select

from search.chroma_store import ChromaStore, make_client
from search.registry import SearchFilters, SourceType, chroma_where, chunk_metadata, visible_clause
from search.visibility import ChunkFacts
from storage.access import can_read_note, notes_shared_with
from storage.enums import PersonRole, Visibility
from storage.models import Community, CommunityMember, CommunityNote, Person, SearchChunk, Team
from tests.factories import make_note, make_person, make_ref, make_team


def _community(session: Session, creator: Person, members: list[Person], notes: set[int]) -> None:
    community = Community(name=f"Guild of {len(members)}", created_by_id=creator.id or 0)
    session.add(community)
    session.flush()
    for member in members:
        session.add(CommunityMember(community_id=community.id or 0, person_id=member.id or 0))
    for note_id in sorted(notes):
        session.add(
            CommunityNote(
                community_id=community.id or 0, note_id=note_id, added_by_id=creator.id or 0
            )
        )
    session.flush()


def test_search_shows_a_passage_to_exactly_who_may_read_its_note(
    session: Session, tmp_path: Path
) -> None:
    team, other = make_team(session=session), make_team(session=session)
    author = make_person(session=session, team=team, name="Grace Okafor")
    partner = make_person(session=session, team=team, name="Ben Carter")
    teammate = make_person(session=session, team=team, name="Omar Haddad")
    lead = make_person(session=session, team=team, name="Priya Nair", role=PersonRole.LEAD)
    stranger = make_person(session=session, team=other, name="Lena Vogel", role=PersonRole.LEAD)
    member = make_person(session=session, team=other, name="Rosa Lindqvist")
    people: list[Person] = [author, partner, teammate, lead, stranger, member]
    teams: list[Team | None] = [team, other, None]
    cases = list(
        itertools.product(
            [SourceType.NOTE, SourceType.SESSION],
            Visibility,
            [author, partner, None],
            [partner, author, None],
            teams,
        )
    )
    # The note rows community shares point at (the chunks' own facts are the table's).
    note_ids = [
        make_note(session=session, author=author, title=f"Note {n}", body="text").id or 0
        for n in range(len(cases) // 2)
    ]
    for number, (source_type, visibility, writer, pair, in_team) in enumerate(cases):
        session.add(
            SearchChunk(
                # A session's source id may equal a shared note's: sharing is by note only.
                source_type=source_type,
                source_id=note_ids[number % len(note_ids)],
                position=0,
                title=f"Source {number}",
                text="text",
                author_id=writer.id if writer else None,
                pair_person_id=pair.id if pair else None,
                visibility=visibility,
                team_id=in_team.id if in_team else None,
                source_date=date(2026, 11, 9),
                content_hash=f"{number}",
                model_id="test",
            )
        )
    # Every third note is shared with a community of Rosa (another team) and Omar; every
    # fifth with one of Omar alone; Lena is in neither.
    _community(session, member, [member, teammate], set(note_ids[::3]))
    _community(session, teammate, [teammate], set(note_ids[::5]))
    session.flush()
    chunks = {c.id: c for c in session.exec(select(SearchChunk)) if c.id is not None}
    facts = ChunkFacts.from_rows(chunks)
    chroma = ChromaStore(make_client(path=tmp_path / "chroma", host=None, port=0))
    ordered = sorted(chunks)
    chroma.add(
        ordered,
        np.ones((len(ordered), 4), dtype=np.float32),
        [chunk_metadata(chunks[i]) for i in ordered],
    )
    for person in people:
        viewer = make_ref(session=session, person=person)
        shared = notes_shared_with(session, viewer.id)
        by_rule = {
            i
            for i, c in chunks.items()
            if can_read_note(
                viewer,
                visibility=Visibility(c.visibility),
                author_id=c.author_id,
                pair_person_id=c.pair_person_id,
                team_id=c.team_id,
                shared_with_viewer=c.source_type == SourceType.NOTE and c.source_id in shared,
            )
        }
        by_sql = set(session.exec(select(SearchChunk.id).where(visible_clause(viewer))))
        by_facts = set(facts.allowed(viewer, SearchFilters(), shared).tolist())
        where = chroma_where(viewer, SearchFilters(), shared)
        by_chroma = {int(i) for i in chroma.collection.get(where=where, include=[])["ids"]}
        assert by_sql == by_rule, person.name
        assert by_facts == by_rule, person.name
        assert by_chroma == by_rule, person.name
        # Not a vacuous table: everyone reads some passages and is refused others.
        assert by_rule and by_rule != set(chunks), person.name
    # Rosa reads the other team's shared notes that stay shared with their team, no more.
    rosa = make_ref(session=session, person=member)
    rosa_shared = notes_shared_with(session, rosa.id)
    other_team = {
        i
        for i in set(session.exec(select(SearchChunk.id).where(visible_clause(rosa))))
        if chunks[i].team_id == team.id
    }
    assert other_team == {
        i
        for i, c in chunks.items()
        if c.team_id == team.id
        and c.source_type == SourceType.NOTE
        and c.visibility == Visibility.TEAM
        and c.source_id in rosa_shared
    }
    assert other_team
