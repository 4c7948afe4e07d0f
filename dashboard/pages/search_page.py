"""Knowledge search (everyone): notes, 1:1 notes and modules by meaning and keywords."""

import streamlit as st
from sqlmodel import Session

from dashboard import resources
from dashboard.components import (
    index_progress,
    saving,
    search_compare,
    search_filters,
    search_reader,
    search_results,
)
from dashboard.components.loading import load
from dashboard.components.plain_text import plain
from search.indexing import IndexBehind, IndexStatus
from search.questions import (
    SavedQuestionView,
    list_saved_questions,
    mark_relevant,
    save_question,
)
from search.registry import FacetValues, facet_values, module_titles
from search.retrieval import BACKEND_LABELS, Backend, SearchResponse
from storage.people import names_of

OPEN_KEY = "search-open"

viewer = resources.viewer()
builder = resources.search_builder()
retriever = resources.retriever()
st.title("Knowledge search")
st.caption(
    "Finds the team's notes, your 1:1 session notes and the curriculum's module texts by "
    "meaning (embeddings) and by keywords (BM25). You only ever see what is shared with you."
)


def _read(
    s: Session,
) -> tuple[IndexStatus, FacetValues, dict[int, str], dict[int, str], list[SavedQuestionView]]:
    facets = facet_values(s, actor=viewer)
    return (
        builder.index.status(s),
        facets,
        # Authors of what the viewer may find: teammates, and people of other teams whose
        # notes a community of the viewer's shares.
        names_of(s, facets.author_ids),
        module_titles(s),
        list_saved_questions(s, actor=viewer),
    )


status, facets, names, modules, questions = load(_read)
if builder.error:
    st.error(f"The search index could not be updated: {builder.error}")
if builder.building:
    st.info(
        "The search index is still being built (loading the model and embedding every note). "
        "Results may be incomplete until it finishes.",
        icon=":material/hourglass_top:",
    )
    index_progress.show_running(builder)

query = st.text_input(
    "Search", key="search-query", placeholder="Ask a question, e.g. how do I pick nprobe"
)
mode_col, compare_col = st.columns([3, 2], vertical_alignment="bottom")
backend = mode_col.segmented_control(
    "Backend",
    list(Backend),
    format_func=BACKEND_LABELS.get,
    default=Backend.HYBRID,
    required=True,
    key="search-backend",
    help="Hybrid fuses FAISS (meaning) and BM25 (keywords) by reciprocal rank fusion.",
)
compare = compare_col.toggle("Compare FAISS, Chroma and hybrid", key="search-compare")
filters = search_filters.show(facets, names=names, modules=modules, key="search-filters")
question_ids = [q.id for q in questions]
question_text = {q.id: q.question for q in questions}
chosen_question = st.selectbox(
    "Saved question (mark good hits as relevant for it)",
    [None, *question_ids],
    format_func=lambda q: "None" if q is None else question_text[q],
    key="search-question",
)

results_col, reader_col = st.columns([3, 2], gap="large")
with results_col:
    if not query.strip():
        st.info("Type a question or a few words to search for. Try: *how do I pick nprobe*.")
    elif status.chunks == 0:
        st.warning(
            "Nothing is indexed yet. "
            + (
                "It is being built now."
                if builder.building
                else "A lead can build it under Admin → Search index."
            )
        )
    else:
        backends = [Backend.FAISS, Backend.CHROMA, Backend.HYBRID] if compare else [backend]

        def search(session: Session) -> list[SearchResponse] | IndexBehind:
            """Each backend's response; or, while the index is behind, why there is none."""
            try:
                return [
                    retriever.search(session, actor=viewer, query=query, backend=b, filters=filters)
                    for b in backends
                ]
            except IndexBehind as behind:
                return behind

        found = load(search)
        if isinstance(found, IndexBehind):
            builder.start()  # repairs the stores an interrupted update left behind
            st.info(str(found))
            st.stop()
        response = found[-1]
        if compare:
            search_compare.show(found, key="search-compare-view")
        elif not response.results:
            st.info(
                "No results" + ("" if filters.is_empty else " with these filters") + ". "
                "Try other words" + ("" if filters.is_empty else " or clear the filters") + "."
            )
        else:
            st.caption(
                f"{len(response.results)} results by {BACKEND_LABELS[response.backend]} "
                f"in {response.latency_ms:.0f} ms"
            )
            saving.flash(key="search-question-saved")
            if st.button("Save this query as a team question", key="search-save-question"):
                saving.save(
                    lambda s: save_question(s, actor=viewer, text=query),
                    key="search-question-saved",
                    message=lambda saved: (
                        f"Saved “{saved.question}”: choose it above to mark relevant hits."
                    ),
                )
            clicked = search_results.show(
                response.results,
                query=query,
                names=names,
                key="search-results",
                can_mark=chosen_question is not None,
            )
            if clicked and clicked[0] == "open":
                st.session_state[OPEN_KEY] = clicked[1].key
            elif clicked and chosen_question is not None:
                source_type, source_id = clicked[1].key
                # Committed without a rerun: a toast says so and the results stay as they are.
                added = saving.write(
                    lambda s: mark_relevant(
                        s,
                        actor=viewer,
                        question_id=chosen_question,
                        source_type=source_type,
                        source_id=source_id,
                    )
                )
                if added is not None:
                    st.toast(
                        ("Marked relevant for " if added else "Already marked for ")
                        + f"“{plain(question_text[chosen_question])}”."
                    )

with reader_col:
    search_reader.show(viewer, retriever, opened_key=OPEN_KEY, key="search-reader")
