"""Incremental indexing: only changed chunks embedded; deletes leave every store; repairs."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np
import pytest
from sqlmodel import Session, select

from search.chroma_store import COLLECTION, EF_SEARCH, ChromaStore, make_client
from search.embedding import HashEmbedder
from search.faiss_store import HNSW_EF_SEARCH, HNSW_THRESHOLD_VECTORS, FaissStore
from search.indexing import MANIFEST_FILE, ModelChanged, SearchIndex
from search.retrieval import Backend, Retriever
from storage.models import Note, Person, SearchChunk
from tests.factories import ChromaServer, make_index, make_note, make_person, make_ref, make_team

LONG_BODY = "\n\n".join(
    f"## Part {i}\n" + " ".join(f"term{i}x{j}" for j in range(40)) for i in range(3)
)


Setup = tuple[Session, SearchIndex, HashEmbedder, list[Note]]


@pytest.fixture
def setup(session: Session, tmp_path: Path, chroma: ChromaServer | None) -> Setup:
    team = make_team(session=session)
    author = make_person(session=session, team=team, name="Grace Okafor")
    notes = [
        make_note(session=session, author=author, title="IVF nprobe", body=LONG_BODY),
        make_note(session=session, author=author, title="HNSW efSearch", body="Beam width."),
        make_note(session=session, author=author, title="Chroma where", body="Metadata filters."),
    ]
    embedder = HashEmbedder()
    index = make_index(tmp_path, embedder, chroma)
    index.update(session)
    return session, index, embedder, notes


def _embedded(embedder: HashEmbedder) -> list[str]:
    return [text for batch in embedder.calls for text in batch]


def test_first_update_indexes_every_chunk_in_all_stores(setup: Setup) -> None:
    session, index, _, _ = setup
    rows = session.exec(select(SearchChunk)).all()
    assert len(rows) == 5  # three parts of the long note + two short notes
    assert {r.heading_path for r in rows if r.title == "IVF nprobe"} == {
        "Part 0",
        "Part 1",
        "Part 2",
    }
    check = index.check(session)
    assert check.ok
    assert check.registry == check.faiss == check.chroma == check.bm25 == 5


def test_editing_one_note_embeds_only_its_changed_chunks(setup: Setup) -> None:
    session, index, embedder, notes = setup
    embedder.calls.clear()
    notes[0].body = LONG_BODY.replace("term1x5 ", "rewritten ")
    session.add(notes[0])
    session.flush()
    report = index.update(session)
    assert report.embedded == 1
    assert report.removed == 1
    assert report.kept == 4
    embedded = _embedded(embedder)
    assert len(embedded) == 1
    assert "rewritten" in embedded[0] and "Part 1" in embedded[0]
    assert index.check(session).ok


def test_an_update_with_nothing_to_change_leaves_the_saved_files_alone(setup: Setup) -> None:
    session, index, embedder, notes = setup
    manifest = index.folder / MANIFEST_FILE
    saved = manifest.read_text()
    embedder.calls.clear()
    report = index.update(session)  # as on every warm start
    assert (report.embedded, report.removed, report.metadata_refreshed) == (0, 0, 0)
    assert manifest.read_text() == saved and not embedder.calls
    notes[1].body = "Beam width, and how it trades recall for latency."
    session.add(notes[1])
    session.flush()
    index.update(session)
    assert manifest.read_text() != saved  # a change is saved
    assert index.check(session).ok


def test_changing_only_tags_re_embeds_nothing_but_filters_see_the_new_tags(setup: Setup) -> None:
    session, index, embedder, notes = setup
    embedder.calls.clear()
    notes[1].tags = ["hnsw"]
    session.add(notes[1])
    session.flush()
    report = index.update(session)
    assert report.embedded == 0
    assert report.metadata_refreshed == 1
    chroma_meta = index.chroma.collection.get(where={"tag_hnsw": True})["ids"]
    assert len(chroma_meta) == 1


def test_deleting_a_note_removes_it_from_faiss_chroma_and_bm25(setup: Setup) -> None:
    session, index, _, notes = setup
    gone = {
        r.id for r in session.exec(select(SearchChunk).where(SearchChunk.source_id == notes[0].id))
    }
    assert len(gone) == 3
    session.delete(notes[0])
    session.flush()
    report = index.update(session)
    assert report.removed == 3
    assert not gone & index.faiss.ids()
    assert not gone & index.chroma.ids()
    assert not gone & set(index.keyword.ids)
    # And a keyword search for its words finds nothing any more.
    viewer = make_ref(session=session, person=_author(session, notes[1]))
    response = Retriever(index).search(session, actor=viewer, query="term0x1", backend=Backend.BM25)
    assert response.results == ()


def _author(session: Session, note: Note) -> Person:
    person = session.get(Person, note.author_id)
    assert person is not None
    return person


def test_a_reopened_index_answers_from_the_saved_files(
    setup: Setup, chroma: ChromaServer | None
) -> None:
    session, index, _, notes = setup
    host, port = chroma or (None, 8000)
    reopened = SearchIndex(index.folder, HashEmbedder(), chroma_host=host, chroma_port=port)
    assert reopened.faiss.ids() == index.faiss.ids()
    assert reopened.check(session).ok
    viewer = make_ref(session=session, person=_author(session, notes[1]))
    hits = Retriever(reopened).search(
        session, actor=viewer, query="beam width", backend=Backend.FAISS
    )
    assert hits.results[0].title == "HNSW efSearch"


def test_an_interrupted_build_is_repaired_by_the_next_update(setup: Setup) -> None:
    session, index, embedder, _ = setup
    # A crash between the stores and the registry: a vector the registry never heard of,
    # and a registry chunk whose vectors are gone.
    vectors = embedder.embed(["orphan"])
    index.faiss.add([999], vectors)
    index.chroma.add([999], vectors, [{"visibility": "team"}])
    lost = session.exec(select(SearchChunk)).first()
    assert lost is not None and lost.id is not None
    index.faiss.remove([lost.id])
    check = index.check(session)
    assert not check.ok
    assert check.extra["FAISS"] == [999] and check.missing["FAISS"] == [lost.id]
    report = index.update(session)
    assert (report.repaired, report.removed) == (1, 1)  # re-embedded, the orphan dropped
    assert index.check(session).ok


def test_a_model_change_asks_for_a_full_rebuild(setup: Setup) -> None:
    session, index, _, _ = setup
    other = SearchIndex(index.folder, HashEmbedder(dimension=128))
    assert other.status(session).needs_full_rebuild
    with pytest.raises(ModelChanged, match="full rebuild"):
        other.update(session)
    report = other.update(session, full=True)
    assert report.embedded == 5
    assert other.faiss.dimension == 128
    assert other.check(session).ok
    assert not other.status(session).needs_full_rebuild


def test_a_top_heading_repeating_the_title_is_not_repeated_in_the_heading_path(
    session: Session, tmp_path: Path
) -> None:
    team = make_team(session=session)
    author = make_person(session=session, team=team)
    make_note(
        session=session,
        author=author,
        title="Choosing nprobe",
        body="# Choosing nprobe\nStart at 8.\n\n## Rules of thumb\nDouble it till recall flattens.",
    )
    make_note(
        session=session,
        author=author,
        title="HNSW parameters explained (M, efSearch)",
        body="# HNSW parameters explained\nM sets the graph degree.\n\n# Appendix\nLinks.",
    )
    make_index(tmp_path).update(session)
    rows = session.exec(select(SearchChunk).order_by(SearchChunk.id)).all()  # type: ignore[arg-type]
    assert [r.heading_path for r in rows] == ["", "Rules of thumb", "", "Appendix"]


def test_a_large_collection_gets_hnsw_which_still_filters_and_removes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numpy as np

    from search import faiss_store

    monkeypatch.setattr(faiss_store, "HNSW_THRESHOLD_VECTORS", 50)
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((60, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store = faiss_store.FaissStore(16, expected_size=60)
    store.add(list(range(100, 160)), vectors)
    assert store.kind == "HNSW"
    assert store.search(vectors[5], 1)[0][0] == 105
    assert [i for i, _ in store.search(vectors[5], 3, allowed={110, 111})] in (
        [110, 111],
        [111, 110],
    )
    store.remove([105])
    assert 105 not in store.ids() and len(store) == 59
    assert store.search(vectors[5], 1)[0][0] != 105


def test_chroma_searches_with_our_ef_search_even_in_a_collection_made_before_it(
    tmp_path: Path,
) -> None:
    client = make_client(path=tmp_path / "chroma", host=None, port=0)
    client.get_or_create_collection(
        COLLECTION, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )  # Chroma's default ef_search (100): recall@10 0.978 at 100k chunks
    store = ChromaStore(client)
    assert store.collection.configuration_json["hnsw"]["ef_search"] == EF_SEARCH
    reopened = ChromaStore(make_client(path=tmp_path / "chroma", host=None, port=0))
    assert reopened.collection.configuration_json["hnsw"]["ef_search"] == EF_SEARCH
    assert reopened.collection.configuration_json["hnsw"]["space"] == "cosine"


def test_a_saved_hnsw_index_searches_with_the_current_ef_search(tmp_path: Path) -> None:
    store = FaissStore(8, expected_size=HNSW_THRESHOLD_VECTORS)
    vectors = np.random.default_rng(7).standard_normal((50, 8)).astype(np.float32)
    store.add(list(range(1, 51)), vectors)
    faiss.downcast_index(store.index.index).hnsw.efSearch = 16  # as saved by an older version
    store.save(tmp_path / "vectors.faiss")
    loaded = FaissStore.load(tmp_path / "vectors.faiss", 8)
    assert loaded.kind == "HNSW"
    assert faiss.downcast_index(loaded.index.index).hnsw.efSearch == HNSW_EF_SEARCH


def test_adding_new_ids_to_hnsw_keeps_the_graph_and_replacing_one_rebuilds_it() -> None:
    store = FaissStore(8, expected_size=HNSW_THRESHOLD_VECTORS)
    vectors = np.random.default_rng(3).standard_normal((40, 8)).astype(np.float32)
    store.add(list(range(1, 31)), vectors[:30])
    graph = store.index
    store.add(list(range(31, 41)), vectors[30:])  # new chunks: no rebuild
    assert store.index is graph and store.ids() == set(range(1, 41))
    store.add([5], vectors[:1])  # an id already there: the graph is rebuilt without it first
    assert store.index is not graph and len(store) == 40
    assert store.search(vectors[0], 1)[0][0] in {1, 5}  # both hold the same vector
