"""Test data for search: notes, and an index over a temporary folder with the hash embedder."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from search.embedding import HashEmbedder, SentenceTransformerEmbedder
from search.indexing import INDEX_FOLDER, SearchIndex
from storage.engine import make_engine, session_scope
from storage.enums import Visibility
from storage.models import Note, Person

NOON = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def make_note(
    *,
    session: Session,
    author: Person,
    title: str,
    body: str,
    tags: list[str] | None = None,
    visibility: Visibility = Visibility.TEAM,
    pair: Person | None = None,
    module_id: int | None = None,
    updated_at: datetime = NOON,
) -> Note:
    assert author.id is not None
    note = Note(
        team_id=author.team_id,
        author_id=author.id,
        title=title,
        body=body,
        tags=tags or [],
        visibility=visibility,
        pair_person_id=pair.id if pair else None,
        module_id=module_id,
        created_at=updated_at,
        updated_at=updated_at,
    )
    session.add(note)
    session.flush()
    return note


ChromaServer = tuple[str, int]


def make_index(
    folder: Path, embedder: HashEmbedder | None = None, chroma: ChromaServer | None = None
) -> SearchIndex:
    """An index in `folder`; its Chroma part in the folder, or on the `chroma` server."""
    host, port = chroma or (None, 8000)
    return SearchIndex(
        folder / "index", embedder or HashEmbedder(), chroma_host=host, chroma_port=port
    )


@pytest.fixture(scope="session")
def demo_index(demo_data_dir: Path) -> Path:
    """The seeded demo's search index, built with the real model as `python -m search index`
    would (once per run; a second use finds nothing changed)."""
    engine = make_engine(f"sqlite:///{demo_data_dir / 'proficio.db'}")
    index = SearchIndex(demo_data_dir / INDEX_FOLDER, SentenceTransformerEmbedder())
    with session_scope(engine) as session:
        index.update(session)
    engine.dispose()
    return demo_data_dir
