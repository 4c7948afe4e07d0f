"""Retrieval: visibility and filters inside every backend, grouping per note, snippets."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import Session, select

from search.indexing import FACTS_FILE, IndexBehind, SearchIndex
from search.registry import SearchFilters, SourceType, allowed_chunk_ids
from search.retrieval import Backend, Retriever, top_overlap
from search.snippets import make_snippet, query_terms
from storage.enums import Visibility
from storage.errors import InvalidInput
from storage.models import (
    Community,
    CommunityMember,
    CommunityNote,
    MentoringPlan,
    MentoringSession,
    Note,
    Person,
)
from storage.people import PersonRef
from tests.factories import (
    ChromaServer,
    make_index,
    make_module,
    make_note,
    make_person,
    make_ref,
    make_team,
)


class World:
    def __init__(self, session: Session, index: SearchIndex, people: dict[str, Person]) -> None:
        self.session = session
        self.retriever = Retriever(index)
        self.people = people

    def ref(self, name: str) -> PersonRef:
        return make_ref(session=self.session, person=self.people[name])

    def titles(self, name: str, query: str, backend: Backend, **filters: object) -> list[str]:
        response = self.retriever.search(
            self.session,
            actor=self.ref(name),
            query=query,
            backend=backend,
            filters=SearchFilters(**filters),  # type: ignore[arg-type]
        )
        return [r.title for r in response.results]


@pytest.fixture
def world(session: Session, tmp_path: Path, chroma: ChromaServer | None) -> World:
    team = make_team(session=session)
    grace = make_person(session=session, team=team, name="Grace")
    aisha = make_person(session=session, team=team, name="Aisha", mentor=grace)
    ben = make_person(session=session, team=team, name="Ben")
    module = make_module(session=session, key="faiss-in-practice")
    make_note(
        session=session,
        author=grace,
        title="Team nprobe guide",
        body="## Picking nprobe\nRaise nprobe until recall stops improving.",
        tags=["faiss", "ivf"],
        module_id=module.id,
        updated_at=datetime(2026, 10, 1, tzinfo=UTC),
    )
    make_note(
        session=session,
        author=aisha,
        title="My private nprobe diary",
        body="I still do not get nprobe.",
        visibility=Visibility.PRIVATE,
    )
    make_note(
        session=session,
        author=grace,
        title="Pair nprobe homework",
        body="Aisha: measure nprobe against recall.",
        visibility=Visibility.PAIR,
        pair=aisha,
    )
    make_note(
        session=session,
        author=ben,
        title="HNSW nprobe confusion",
        body="HNSW has no nprobe; efSearch plays its part.",
        tags=["hnsw"],
        updated_at=datetime(2026, 11, 20, tzinfo=UTC),
    )
    other_team = make_team(session=session)
    olga = make_person(session=session, team=other_team, name="Olga")
    make_note(session=session, author=olga, title="Other team nprobe", body="Our nprobe is 12.")
    module.reading = "## IVF\nnprobe sets how many lists a query scans."
    session.add(module)
    session.flush()
    index = make_index(tmp_path, chroma=chroma)
    index.update(session)
    return World(session, index, {"Grace": grace, "Aisha": aisha, "Ben": ben, "Olga": olga})


EVERY_BACKEND = list(Backend)


@pytest.mark.parametrize("backend", EVERY_BACKEND)
def test_private_notes_are_found_only_by_their_author(world: World, backend: Backend) -> None:
    assert "My private nprobe diary" in world.titles("Aisha", "nprobe", backend)
    assert "My private nprobe diary" not in world.titles("Grace", "nprobe", backend)
    assert "My private nprobe diary" not in world.titles("Ben", "nprobe", backend)


@pytest.mark.parametrize("backend", EVERY_BACKEND)
def test_pair_notes_are_found_only_by_the_pair(world: World, backend: Backend) -> None:
    assert "Pair nprobe homework" in world.titles("Grace", "nprobe", backend)
    assert "Pair nprobe homework" in world.titles("Aisha", "nprobe", backend)
    assert "Pair nprobe homework" not in world.titles("Ben", "nprobe", backend)


@pytest.mark.parametrize("backend", EVERY_BACKEND)
def test_team_notes_stay_in_their_team_and_modules_are_for_everyone(
    world: World, backend: Backend
) -> None:
    olga = world.titles("Olga", "nprobe", backend)
    ben = world.titles("Ben", "nprobe", backend)
    assert "Other team nprobe" in olga and "Team nprobe guide" not in olga
    assert "Team nprobe guide" in ben and "Other team nprobe" not in ben
    assert "Faiss in practice" in olga and "Faiss in practice" in ben


@pytest.mark.parametrize("backend", EVERY_BACKEND)
def test_a_note_shared_with_a_community_is_found_by_its_members_of_any_team_while_they_are(
    world: World, backend: Backend
) -> None:
    session = world.session
    community = Community(name="Retrieval quality", created_by_id=world.people["Grace"].id or 0)
    session.add(community)
    session.flush()
    for name in ("Grace", "Olga"):
        member = CommunityMember(community_id=community.id or 0, person_id=world.people[name].id)
        session.add(member)
    guide = session.exec(select(Note).where(Note.title == "Team nprobe guide")).one()
    diary = session.exec(select(Note).where(Note.title == "My private nprobe diary")).one()
    for note in (guide, diary):  # a private note shared by mistake stays private
        session.add(
            CommunityNote(community_id=community.id, note_id=note.id, added_by_id=note.author_id)
        )
    session.flush()
    # No index update: who reads a shared note is looked up at search time.
    olga = world.titles("Olga", "nprobe", backend)
    assert "Team nprobe guide" in olga
    assert "My private nprobe diary" not in olga
    assert "Pair nprobe homework" not in olga
    # Ben of Grace's team is not a member; he still reads it as her teammate.
    assert "Team nprobe guide" in world.titles("Ben", "nprobe", backend)
    session.delete(member)  # Olga leaves: the note is her former community's, not hers
    session.flush()
    assert "Team nprobe guide" not in world.titles("Olga", "nprobe", backend)


@pytest.mark.parametrize("backend", EVERY_BACKEND)
def test_filters_apply_inside_every_backend(world: World, backend: Backend) -> None:
    assert world.titles("Ben", "nprobe", backend, tags=frozenset({"hnsw"})) == [
        "HNSW nprobe confusion"
    ]
    grace_id = world.people["Grace"].id
    assert world.titles("Ben", "nprobe", backend, author_id=grace_id) == ["Team nprobe guide"]
    assert world.titles("Ben", "nprobe", backend, since=date(2026, 11, 1)) == [
        "HNSW nprobe confusion"
    ]
    notes_only = frozenset({SourceType.NOTE})
    assert world.titles(
        "Ben", "nprobe", backend, until=date(2026, 10, 31), source_types=notes_only
    ) == ["Team nprobe guide"]
    assert world.titles("Ben", "nprobe", backend, source_types=frozenset({SourceType.MODULE})) == [
        "Faiss in practice"
    ]
    assert (
        world.titles("Ben", "nprobe", backend, source_types=frozenset({SourceType.SESSION})) == []
    )


def test_results_are_grouped_per_note_with_the_best_chunk_first(world: World) -> None:
    response = world.retriever.search(
        world.session, actor=world.ref("Ben"), query="nprobe recall", backend=Backend.FAISS
    )
    keys = [r.key for r in response.results]
    assert len(keys) == len(set(keys))
    guide = next(r for r in response.results if r.title == "Team nprobe guide")
    assert guide.best.heading_path == "Picking nprobe"
    assert guide.source_type == SourceType.NOTE
    assert response.latency_ms > 0


def test_an_empty_query_is_refused_with_a_message(world: World) -> None:
    with pytest.raises(InvalidInput, match="Type a question"):
        world.retriever.search(world.session, actor=world.ref("Ben"), query="   ")


@pytest.mark.parametrize("backend", list(Backend))
def test_a_query_that_is_not_valid_text_gets_a_message_in_every_backend(
    world: World, backend: Backend
) -> None:
    with pytest.raises(InvalidInput, match="could not read that query"):
        world.retriever.search(
            world.session, actor=world.ref("Ben"), query="nprobe \udc80", backend=backend
        )


def test_related_notes_leave_out_the_note_itself_and_hidden_ones(world: World) -> None:
    guide = next(
        r
        for r in world.retriever.search(
            world.session, actor=world.ref("Ben"), query="guide"
        ).results
        if r.title == "Team nprobe guide"
    )
    source_type, source_id = guide.key
    related = world.retriever.related(
        world.session, actor=world.ref("Ben"), source_type=source_type, source_id=source_id
    )
    titles = [r.title for r in related]
    assert "Team nprobe guide" not in titles
    assert "My private nprobe diary" not in titles
    assert "HNSW nprobe confusion" in titles


def test_overlap_of_two_top_lists() -> None:
    a = [("note", 1), ("note", 2), ("note", 3), ("note", 4)]
    b = [("note", 2), ("note", 1), ("note", 9), ("note", 8)]
    assert top_overlap(a, b) == 0.5
    assert top_overlap([], []) == 1.0


def test_snippet_picks_the_matching_passage_and_marks_query_words() -> None:
    text = "Intro " * 80 + "Raise nprobe until recall stops improving. " + "Outro " * 80
    snippet = make_snippet(text, "how do I pick nprobe?", width=120)
    assert "nprobe" in snippet.text
    assert snippet.text.startswith("… ") and snippet.text.endswith(" …")
    marked = [snippet.text[s:e] for s, e in snippet.spans]
    assert marked == ["nprobe"]
    assert query_terms("How do I pick nprobe?") == ["pick", "nprobe"]


def test_snippets_show_words_not_markdown_marks() -> None:
    snippet = make_snippet("## Tuning\n- **Raise** `nprobe` (see [the guide](http://x))", "nprobe")
    assert snippet.text == "Tuning Raise nprobe (see the guide)"
    assert [snippet.text[s:e] for s, e in snippet.spans] == ["nprobe"]


def test_a_note_opened_for_reading_does_not_repeat_its_title() -> None:
    from search.reading import without_title_heading

    assert without_title_heading("# IVF notes\n\nBody.", "IVF notes") == "Body."
    assert without_title_heading("# Other\nBody.", "IVF notes") == "# Other\nBody."


@pytest.mark.parametrize("backend", EVERY_BACKEND)
def test_session_notes_are_found_by_the_pair_only(
    session: Session, tmp_path: Path, backend: Backend
) -> None:
    team = make_team(session=session)
    mentor = make_person(session=session, team=team, name="Tomás")
    mentee = make_person(session=session, team=team, name="Mei", mentor=mentor)
    outsider = make_person(session=session, team=team, name="Jonas")
    assert mentor.id is not None and mentee.id is not None
    plan = MentoringPlan(
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        started_on=date(2026, 10, 1),
        weeks=8,
        sessions_per_week=1,
        session_minutes=45,
    )
    session.add(plan)
    session.flush()
    assert plan.id is not None
    for number, (notes, visibility) in enumerate(
        [
            ("## Technical review\nMei tuned efSearch on the ticket index.", Visibility.PAIR),
            ("Mentor's own reminder: efSearch follow-up.", Visibility.PRIVATE),
        ],
        start=1,
    ):
        session.add(
            MentoringSession(
                plan_id=plan.id,
                number=number,
                scheduled_for=datetime(2026, 10, number + 1, 15, tzinfo=UTC),
                notes=notes,
                notes_visibility=visibility,
            )
        )
    session.flush()
    index = make_index(tmp_path)
    index.update(session)
    retriever = Retriever(index)

    def titles(person: Person) -> list[str]:
        viewer = make_ref(session=session, person=person)
        return [
            r.title
            for r in retriever.search(
                session, actor=viewer, query="efSearch", backend=backend
            ).results
        ]

    assert sorted(titles(mentor)) == [
        "1:1 session 1: Tomás with Mei",
        "1:1 session 2: Tomás with Mei",
    ]
    assert titles(mentee) == ["1:1 session 1: Tomás with Mei"]
    assert titles(outsider) == []


FILTER_CASES = [
    SearchFilters(),
    SearchFilters(tags=frozenset({"faiss", "ivf"})),
    SearchFilters(tags=frozenset({"no-such-tag"})),
    SearchFilters(since=date(2026, 11, 1)),
    SearchFilters(until=date(2026, 10, 31), source_types=frozenset({SourceType.NOTE})),
    SearchFilters(source_types=frozenset({SourceType.MODULE, SourceType.SESSION})),
]


@pytest.mark.parametrize("filters", FILTER_CASES)
def test_the_index_facts_allow_exactly_what_the_registry_allows(
    world: World, filters: SearchFilters
) -> None:
    index = world.retriever.index
    assert index.facts is not None
    for name in world.people:
        viewer = world.ref(name)
        expected = allowed_chunk_ids(world.session, viewer, filters)
        assert set(index.facts.allowed(viewer, filters).tolist()) == expected
    grace_id = world.people["Grace"].id
    by_grace = SearchFilters(author_id=grace_id)
    ben = world.ref("Ben")
    assert set(index.facts.allowed(ben, by_grace).tolist()) == allowed_chunk_ids(
        world.session, ben, by_grace
    )


def test_a_note_made_private_is_hidden_once_the_index_is_updated(world: World) -> None:
    note = world.session.exec(select(Note).where(Note.title == "Team nprobe guide")).one()
    note.visibility = Visibility.PRIVATE
    world.session.add(note)
    world.session.flush()
    world.retriever.index.update(world.session)
    for backend in EVERY_BACKEND:
        assert "Team nprobe guide" not in world.titles("Ben", "nprobe", backend)
        assert "Team nprobe guide" in world.titles("Grace", "nprobe", backend)


def test_an_index_opened_from_its_folder_filters_with_the_saved_facts(
    world: World, tmp_path: Path
) -> None:
    index = world.retriever.index
    reopened = SearchIndex(index.folder, index.embedder)
    assert reopened.facts is not None and len(reopened.facts) == len(index.faiss)
    ben = world.ref("Ben")
    assert set(reopened.facts.allowed(ben, SearchFilters()).tolist()) == allowed_chunk_ids(
        world.session, ben, SearchFilters()
    )


def test_facts_saved_before_a_column_was_added_are_not_trusted_until_the_next_update(
    world: World,
) -> None:
    index = world.retriever.index
    path = index.folder / FACTS_FILE
    with np.load(path, allow_pickle=False) as data:
        older = {name: data[name] for name in data.files if name != "source"}
    with path.open("wb") as handle:
        np.savez(handle, **older)
    reopened = SearchIndex(index.folder, index.embedder)
    assert reopened.facts is None
    with pytest.raises(IndexBehind):  # refused, not answered from facts it cannot read
        Retriever(reopened).search(world.session, actor=world.ref("Ben"), query="nprobe")
    reopened.update(world.session)
    assert reopened.facts is not None and reopened.in_step(world.session)
    assert "Team nprobe guide" in [
        r.title
        for r in Retriever(reopened)
        .search(world.session, actor=world.ref("Ben"), query="nprobe")
        .results
    ]


@pytest.mark.parametrize("backend", EVERY_BACKEND)
def test_a_hit_shows_its_passage_with_the_query_words_not_a_one_line_section(
    session: Session, tmp_path: Path, backend: Backend
) -> None:
    team = make_team(session=session)
    grace = make_person(session=session, team=team, name="Grace")
    filler = " ".join(f"cells{i} centroids{i} scanned{i}." for i in range(25))
    body = (
        f"## What it does\nRaise nprobe to scan more cells. {filler}\n\n## Updated\nAdded a link."
    )
    make_note(session=session, author=grace, title="Choosing nprobe for an IVF index", body=body)
    index = make_index(tmp_path)
    index.update(session)
    query = "how do I choose nprobe for IVF"

    viewer = make_ref(session=session, person=grace)
    best = Retriever(index).search(session, actor=viewer, query=query, backend=backend).results[0]
    snippet = make_snippet(best.best.text, query)

    assert best.best.heading_path == "What it does"
    assert "nprobe" in snippet.text and "Added a link" not in snippet.text
