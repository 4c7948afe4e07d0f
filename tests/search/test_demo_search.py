"""The demo as the issue's "done when" describes it, with the real model."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from search.embedding import SentenceTransformerEmbedder
from search.indexing import INDEX_FOLDER, SearchIndex
from search.retrieval import Backend, Retriever
from search.snippets import make_snippet
from storage.engine import make_engine
from storage.models import Note, Person
from storage.people import get_person
from tests.factories import demo_index  # noqa: F401 (fixture)

IVF_NOTES = {
    "demo-notes/choosing-nprobe-for-ivf.md",
    "demo-notes/glossary-nlist-nprobe.md",
    "demo-notes/ivf-nlist-and-nprobe-in-my-words.md",
    "demo-notes/benchmark-ivf-nprobe-sweep.md",
    "demo-notes/ivf-training-pitfalls.md",
    # Aisha's pair note with Grace on the same exercise: an IVF note she may read.
    "demo-notes/pair-grace-aisha-picking-nprobe.md",
}


@pytest.mark.parametrize("backend", list(Backend))
def test_how_do_i_pick_nprobe_finds_an_ivf_note_first(demo_index: Path, backend: Backend) -> None:  # noqa: F811
    engine = make_engine(f"sqlite:///{demo_index / 'proficio.db'}")
    index = SearchIndex(demo_index / INDEX_FOLDER, SentenceTransformerEmbedder())
    with Session(engine) as session:
        paths = {n.id: n.source_path for n in session.exec(select(Note))}
        for email in ("aisha.khan@lumen.example", "priya.raman@lumen.example"):
            person = session.exec(select(Person).where(Person.email == email)).one()
            assert person.id is not None
            response = Retriever(index).search(
                session,
                actor=get_person(session, person.id),
                query="how do I pick nprobe",
                backend=backend,
            )
            first = response.results[0]
            assert first.source_type == "note"
            assert paths[first.source_id] in IVF_NOTES, (email, first.title)
    engine.dispose()


@pytest.mark.parametrize("backend", list(Backend))
def test_choosing_nprobe_shows_a_passage_about_nprobe_not_the_updated_line(
    demo_index: Path,  # noqa: F811
    backend: Backend,
) -> None:
    engine = make_engine(f"sqlite:///{demo_index / 'proficio.db'}")
    index = SearchIndex(demo_index / INDEX_FOLDER, SentenceTransformerEmbedder())
    query = "how do I choose nprobe for IVF"
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.email == "aisha.khan@lumen.example"))
        viewer = person.one()
        assert viewer.id is not None
        response = Retriever(index).search(
            session, actor=get_person(session, viewer.id), query=query, backend=backend
        )
    engine.dispose()
    snippets = {r.title: make_snippet(r.best.text, query).text for r in response.results}
    assert "nprobe" in snippets[response.results[0].title]
    how_to = snippets["Choosing nprobe for an IVF index"]
    assert "nprobe" in how_to
    assert "Added the note about k = 50" not in how_to
