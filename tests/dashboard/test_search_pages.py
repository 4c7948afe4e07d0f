"""Knowledge search, Notes and Search index pages under AppTest, over the demo with its index
built once by the real model."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from storage.engine import make_engine
from storage.models import Module, Note, SavedQuestion, SavedQuestionHit
from tests.dashboard.apptest import app_as, texts
from tests.factories import demo_index  # noqa: F401 (fixture)

SEARCH = "pages/search_page.py"
NOTES = "pages/notes_page.py"
ADMIN = "pages/search_admin_page.py"


@pytest.fixture
def search_env(app_env: Path, demo_index: Path) -> Iterator[Path]:  # noqa: F811
    """The demo with its index, and the app's own index builder idle (its first background
    update has finished), so a test sees only the index work its own actions cause."""
    from dashboard import resources

    # The process keeps one search index per run of tests (a cached resource made by the
    # first page that searched); an earlier test's may be another data folder's.
    resources._search.clear()
    resources.search_builder().wait()
    yield app_env


def _page_as(data_dir: Path, name: str, page: str) -> AppTest:
    at = app_as(data_dir, name).switch_page(page).run()
    assert not at.exception
    return at


def _search(at: AppTest, query: str) -> AppTest:
    at.text_input(key="search-query").input(query).run()
    assert not at.exception
    return at


def _result_titles(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**") and ". " in m.value[:8]]


def test_empty_query_says_what_to_do(search_env: Path) -> None:
    at = _page_as(search_env, "Mei Chen", SEARCH)
    assert at.title[0].value == "Knowledge search"
    assert any("Type a question" in i.value for i in at.info)


def test_nprobe_question_finds_the_ivf_notes_first(search_env: Path) -> None:
    at = _search(_page_as(search_env, "Aisha Khan", SEARCH), "how do I pick nprobe")
    titles = _result_titles(at)
    assert len(titles) == 10
    assert "nprobe" in titles[0].lower()
    assert any("results by Hybrid" in c.value for c in at.caption)
    # The query words are marked in the snippets.
    assert any("**nprobe**" in m.value for m in at.markdown)


def test_private_notes_stay_with_their_author(search_env: Path) -> None:
    query = "study notes cosine dot product L2"
    own = _result_titles(_search(_page_as(search_env, "Aisha Khan", SEARCH), query))
    other = _result_titles(_search(_page_as(search_env, "Ben Carter", SEARCH), query))
    assert any("Study notes — cosine, dot product, L2" in t for t in own)
    assert not any("Study notes — cosine, dot product, L2" in t for t in other)


def test_compare_mode_shows_three_backends_with_latency_and_overlap(search_env: Path) -> None:
    at = _page_as(search_env, "Grace Okafor", SEARCH)
    at.toggle(key="search-compare").set_value(True)
    at = _search(at, "how do I pick nprobe")
    labels = {m.label: m.value for m in at.metric}
    assert {"FAISS", "Chroma", "Hybrid"} <= set(labels)
    assert labels["FAISS"].endswith(" ms")
    # Both search the same vectors by cosine: their top 10 agree almost entirely.
    assert int(labels["FAISS ∩ Chroma"].rstrip("%")) >= 90


def test_opening_a_result_shows_it_with_related_notes(search_env: Path) -> None:
    at = _search(_page_as(search_env, "Mei Chen", SEARCH), "how do I pick nprobe")
    first = _result_titles(at)[0]
    next(b for b in at.button if b.key == "search-results-open-1").click().run()
    assert not at.exception
    assert at.subheader[0].value in first
    assert "**Related**" in [m.value for m in at.markdown]
    assert any(b.key and b.key.startswith("search-reader-related-") for b in at.button)


def test_filters_narrow_results_to_one_kind_of_source(search_env: Path) -> None:
    at = _page_as(search_env, "Mei Chen", SEARCH)
    at.multiselect(key="search-filters-kinds").set_value(["module"])
    at = _search(at, "how do I pick nprobe")
    engine = make_engine(f"sqlite:///{search_env / 'proficio.db'}")
    with Session(engine) as session:
        modules = set(session.exec(select(Module.title)))
    engine.dispose()
    titles = [t.split(". ", 1)[1].split("**")[0] for t in _result_titles(at)]
    assert titles
    assert set(titles) <= modules


def test_writing_then_editing_a_note_re_embeds_only_that_note(search_env: Path) -> None:
    at = _page_as(search_env, "Sofia Rossi", NOTES)
    at.text_input(key="notes-new-0-title").input("Quantisation budget for the ticket index")
    at.text_area(key="notes-new-0-body").input(
        "## Budget\nPQ with 48 sub-quantisers fits the ticket index in 2 GB.\n\n"
        "## Recall\nRecall@10 fell from 0.97 to 0.91; a rerank of 100 brings it back."
    )
    at.text_input(key="notes-new-0-tags").input("pq, memory")
    next(b for b in at.button if b.label == "Save note").click().run()
    assert not at.exception
    saved = " ".join(s.value for s in at.success)
    assert "Saved “Quantisation budget for the ticket index”" in saved
    assert "2 chunk(s) embedded, 0 removed" in saved
    assert "Quantisation budget for the ticket index" in set(at.dataframe[0].value["Title"])

    # Open the new note and change one of its two sections.
    engine = make_engine(f"sqlite:///{search_env / 'proficio.db'}")
    with Session(engine) as session:
        note_id = session.exec(
            select(Note.id).where(Note.title == "Quantisation budget for the ticket index")
        ).one()
    engine.dispose()
    at.selectbox(key="notes-open").set_value(note_id).run()
    body = at.text_area(key=f"notes-edit-{note_id}-body")
    body.input(body.value.replace("0.91", "0.90"))
    next(b for b in at.button if b.label == "Save changes").click().run()
    assert not at.exception
    assert "1 chunk(s) embedded, 1 removed" in " ".join(s.value for s in at.success)


def test_a_note_without_title_or_text_is_refused(search_env: Path) -> None:
    at = _page_as(search_env, "Ben Carter", NOTES)
    next(b for b in at.button if b.label == "Save note").click().run()
    assert not at.exception
    assert any("Give the note a title" in e.value for e in at.error)


def test_lead_sees_index_status_and_a_consistent_index(search_env: Path) -> None:
    at = _page_as(search_env, "Priya Raman", ADMIN)
    assert at.title[0].value == "Search index"
    labels = {m.label: m.value for m in at.metric}
    assert int(labels["Chunks"]) > 400
    assert labels["Chunks"] == labels["FAISS vectors"] == labels["Chroma vectors"]
    next(b for b in at.button if b.key == "index-check").click().run()
    assert any("Consistent" in s.value for s in at.success)
    assert "all-MiniLM-L6-v2" in texts(at)


def test_a_query_saved_as_a_team_question_can_be_chosen_at_once(search_env: Path) -> None:
    at = _search(_page_as(search_env, "Aisha Khan", SEARCH), "how do I size the HNSW graph")
    next(b for b in at.button if b.key == "search-save-question").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Saved “how do I size the HNSW graph”: choose it above to mark relevant hits."
    ]
    picker = at.selectbox(key="search-question")
    assert "how do I size the HNSW graph" in picker.options
    assert _result_titles(at), "the results stay on the page"


def test_a_hit_can_be_marked_relevant_for_a_saved_question(search_env: Path) -> None:
    engine = make_engine(f"sqlite:///{search_env / 'proficio.db'}")
    with Session(engine) as session:
        question_id = session.exec(
            select(SavedQuestion.id).where(SavedQuestion.question == "hnsw:space")
        ).one()
    at = _page_as(search_env, "Diego Fernández", SEARCH)
    at.selectbox(key="search-question").set_value(question_id)
    at = _search(at, "batching embeddings")
    top = _result_titles(at)[0].split(". ", 1)[1].split("**")[0]
    next(b for b in at.button if b.key == "search-results-mark-1").click().run()
    assert not at.exception
    assert [t.value for t in at.toast] == ["Marked relevant for “hnsw:space”."]
    with Session(engine) as session:
        marked = session.exec(
            select(Note.title)
            .join(SavedQuestionHit, SavedQuestionHit.source_id == Note.id)  # type: ignore[arg-type]
            .where(SavedQuestionHit.question_id == question_id)
        ).all()
    engine.dispose()
    assert top in marked


def test_lead_measures_quality_per_backend_on_saved_questions(search_env: Path) -> None:
    at = _page_as(search_env, "Priya Raman", ADMIN)
    next(b for b in at.button if b.key == "index-quality").click().run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Backend"]) == ["FAISS", "Chroma", "BM25", "Hybrid"]
    assert set(table["Questions"]) == {12}
    assert all(0 < v <= 1 for v in table["Recall@10"])


def test_the_author_deletes_a_note_and_it_leaves_the_list_and_the_index(
    search_env: Path,
) -> None:
    at = _page_as(search_env, "Hannah Schmidt", NOTES)
    at.text_input(key="notes-new-0-title").input("Scratch note to delete")
    at.text_area(key="notes-new-0-body").input("Temporary words: zanzibar quokka.")
    next(b for b in at.button if b.label == "Save note").click().run()
    engine = make_engine(f"sqlite:///{search_env / 'proficio.db'}")
    with Session(engine) as session:
        note_id = session.exec(select(Note.id).where(Note.title == "Scratch note to delete")).one()
    engine.dispose()
    at.selectbox(key="notes-open").set_value(note_id).run()
    next(b for b in at.button if b.key == "notes-delete").click().run()
    assert "Delete “Scratch note to delete” for everyone" in at.warning[0].value  # not yet
    next(b for b in at.button if b.key == "notes-delete-confirm").click().run()
    assert not at.exception
    assert any(
        "Deleted “Scratch note to delete”. Search index updated: 0 chunk(s) embedded, 1 removed."
        in s.value
        for s in at.success
    )
    assert "Scratch note to delete" not in set(at.dataframe[0].value["Title"])
    search = _search(_page_as(search_env, "Hannah Schmidt", SEARCH), "zanzibar quokka")
    assert "Scratch note to delete" not in " ".join(_result_titles(search))


def test_importing_without_files_says_what_is_missing(search_env: Path) -> None:
    at = _page_as(search_env, "Ben Carter", NOTES)
    next(b for b in at.button if b.key == "notes-import").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Choose at least one file to import."]


def test_no_keyword_match_says_so(search_env: Path) -> None:
    at = _page_as(search_env, "Mei Chen", SEARCH)
    at.segmented_control(key="search-backend").set_value("bm25")
    at = _search(at, "xylophone quasar")
    assert _result_titles(at) == []
    assert any(i.value == "No results. Try other words." for i in at.info)


def test_the_best_hit_shows_its_nprobe_passage_and_a_readable_relevance(search_env: Path) -> None:
    at = _search(_page_as(search_env, "Aisha Khan", SEARCH), "how do I choose nprobe for IVF")
    values = [m.value for m in at.markdown]
    first = next(i for i, v in enumerate(values) if v.startswith("**1. "))
    assert "Choosing nprobe for an IVF index" in values[first]
    snippet = values[first + 1]
    assert "**nprobe**" in snippet
    assert "Added the note about k" not in snippet
    # Relevance reads as words and a bar, never as a fused score like 0.033.
    bars = [p.proto.text for p in at.get("progress")]
    assert bars[0] == "Best match"
    assert all(text.endswith("% as relevant") for text in bars[1:])
    assert not re.search(r"\b0\.0\d+", texts(at))


def test_the_search_page_shows_how_far_the_background_index_build_is(search_env: Path) -> None:
    from dashboard import resources

    builder = resources.search_builder()
    # Hold the index's update lock so the background build waits, then report where it is as
    # its update would.
    with builder.index._update_lock:
        builder.start()
        assert builder.building
        builder.progress("embedding chunks", 120, 492)
        at = _page_as(search_env, "Aisha Khan", SEARCH)
        bars = [p.proto.text for p in at.get("progress")]
    builder.wait()
    assert bars == ["Embedding chunks: 120 of 492"]
    assert any("still being built" in i.value for i in at.info)


def test_a_note_upload_with_a_yaml_alias_says_so_and_saves_nothing(search_env: Path) -> None:
    at = _page_as(search_env, "Ben Carter", NOTES)
    uploader = at.file_uploader(key="notes-import-files")
    assert uploader.label == "Files (up to 2 MB each)"
    laughs = b"---\ntitle: Laughs\na: &a [lol, lol]\nb: [*a, *a]\n---\nBody\n"
    uploader.set_value(("laughs.md", laughs, "text/markdown")).run()
    next(b for b in at.button if b.key == "notes-import").click().run()
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert error.endswith(
        "- laughs.md: front matter is not valid YAML: aliases and anchors (*name, &name) are "
        "not allowed (line 3)"
    )
    engine = make_engine(f"sqlite:///{search_env / 'proficio.db'}")
    with Session(engine) as session:
        assert session.exec(select(Note.id).where(Note.title == "Laughs")).first() is None
    engine.dispose()


def test_a_search_over_an_index_an_update_left_behind_says_so_and_repairs_it(
    search_env: Path,
) -> None:
    from dashboard import resources
    from search.registry import next_generation

    # An update (the CLI's, say) committed the registry and died before saving the stores.
    engine = make_engine(f"sqlite:///{search_env / 'proficio.db'}")
    with Session(engine) as session:
        next_generation(session)
        session.commit()
    engine.dispose()
    at = _search(_page_as(search_env, "Mei Chen", SEARCH), "how do I pick nprobe")
    assert any("being repaired after an interrupted update" in i.value for i in at.info)
    assert _result_titles(at) == []
    resources.search_builder().wait()  # the repair the page started
    at.run()
    assert not at.exception
    assert len(_result_titles(at)) == 10


def test_a_note_made_private_when_chroma_fails_says_saved_and_stays_hidden_from_search(
    search_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chromadb.errors import InternalError

    from search.indexing import IndexBuilder
    from storage.enums import Visibility

    title = "Wombat migration checklist"
    query = "wombat migration checklist staging keys"
    at = _page_as(search_env, "Sofia Rossi", NOTES)
    at.text_input(key="notes-new-0-title").input(title)
    at.text_area(key="notes-new-0-body").input("Rotate the wombat staging keys before Friday.")
    next(b for b in at.button if b.label == "Save note").click().run()
    assert "1 chunk(s) embedded" in " ".join(s.value for s in at.success)
    assert any(
        title in t
        for t in _result_titles(_search(_page_as(search_env, "Ben Carter", SEARCH), query))
    )

    def chroma_down(self: IndexBuilder, **_: object) -> None:
        raise InternalError("Could not connect to a Chroma server at 127.0.0.1:8000")

    monkeypatch.setattr(IndexBuilder, "update", chroma_down)
    engine = make_engine(f"sqlite:///{search_env / 'proficio.db'}")
    with Session(engine) as session:
        note_id = session.exec(select(Note.id).where(Note.title == title)).one()
    at.selectbox(key="notes-open").set_value(note_id).run()
    at.radio(key=f"notes-edit-{note_id}-visibility").set_value(Visibility.PRIVATE)
    next(b for b in at.button if b.label == "Save changes").click().run()

    assert not at.exception
    [saved] = [s.value for s in at.success]
    assert saved.startswith(f"Saved “{title}”.")
    assert "out of search until the search index can be updated" in saved
    assert "Could not connect to a Chroma server" in saved
    with Session(engine) as session:
        assert session.get(Note, note_id).visibility == Visibility.PRIVATE  # type: ignore[union-attr]
    engine.dispose()
    other = _result_titles(_search(_page_as(search_env, "Ben Carter", SEARCH), query))
    assert not any(title in t for t in other)
