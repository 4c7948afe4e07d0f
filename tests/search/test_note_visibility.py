"""Search shows each indexed passage to exactly the people the one rule for reading a note
(`storage.access.can_read_note`) names: its SQL form (the registry's `visible_clause`) and its
numpy form (the saved index facts) agree with it over every case."""

from __future__ import annotations

import itertools
from datetime import date

from sqlmodel import Session, select

from search.registry import SearchFilters, SourceType, visible_clause
from search.visibility import ChunkFacts
from storage.access import can_read_note
from storage.enums import PersonRole, Visibility
from storage.models import Person, SearchChunk, Team
from tests.factories import make_person, make_ref, make_team


def test_search_shows_a_passage_to_exactly_who_may_read_its_note(session: Session) -> None:
    team, other = make_team(session=session), make_team(session=session)
    author = make_person(session=session, team=team, name="Grace Okafor")
    partner = make_person(session=session, team=team, name="Ben Carter")
    teammate = make_person(session=session, team=team, name="Omar Haddad")
    lead = make_person(session=session, team=team, name="Priya Nair", role=PersonRole.LEAD)
    stranger = make_person(session=session, team=other, name="Lena Vogel", role=PersonRole.LEAD)
    people: list[Person] = [author, partner, teammate, lead, stranger]
    teams: list[Team | None] = [team, other, None]
    for number, (visibility, writer, pair, in_team) in enumerate(
        itertools.product(Visibility, [author, partner, None], [partner, author, None], teams)
    ):
        session.add(
            SearchChunk(
                source_type=SourceType.NOTE,
                source_id=number,
                position=0,
                title=f"Note {number}",
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
    session.flush()
    chunks = {c.id: c for c in session.exec(select(SearchChunk)) if c.id is not None}
    facts = ChunkFacts.from_rows(chunks)
    for person in people:
        viewer = make_ref(session=session, person=person)
        by_rule = {
            i
            for i, c in chunks.items()
            if can_read_note(
                viewer,
                visibility=Visibility(c.visibility),
                author_id=c.author_id,
                pair_person_id=c.pair_person_id,
                team_id=c.team_id,
            )
        }
        by_sql = set(session.exec(select(SearchChunk.id).where(visible_clause(viewer))))
        by_facts = set(facts.allowed(viewer, SearchFilters()).tolist())
        assert by_sql == by_rule, person.name
        assert by_facts == by_rule, person.name
        # Not a vacuous table: everyone reads some passages and is refused others.
        assert by_rule and by_rule != set(chunks), person.name
