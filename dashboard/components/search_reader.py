"""The reader beside the search results: the opened source in full, with related sources."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.components import note_opening, note_text
from dashboard.components.loading import load_if_allowed
from search.reading import SourceView, open_source
from search.registry import SOURCE_LABELS
from search.retrieval import Retriever, SearchResult
from storage.people import PersonRef
from storage.search_sources import NOTE_SOURCE


def show(viewer: PersonRef, retriever: Retriever, *, opened_key: str, key: str) -> None:
    """The source whose key (source type, id) is in the session state under `opened_key`;
    a related source clicked opens in its place."""
    opened = st.session_state.get(opened_key)
    if opened is None:
        st.caption("Open a result to read it here, with related notes.")
        return
    source_type, source_id = opened
    # The result may have gone since it was opened (deleted, or no longer shared).
    read = load_if_allowed(
        lambda s: (
            open_source(s, actor=viewer, source_type=source_type, source_id=source_id),
            retriever.related(s, actor=viewer, source_type=source_type, source_id=source_id),
        )
    )
    if read is None:
        st.session_state.pop(opened_key, None)
        return
    if source_type == NOTE_SOURCE:
        note_opening.remember(viewer, source_id, key=f"{key}-opened-note")
    chosen = reader(*read, key=key)
    if chosen is not None:
        st.session_state[opened_key] = chosen.key
        st.rerun()


def reader(source: SourceView, related: Sequence[SearchResult], *, key: str) -> SearchResult | None:
    """The opened source in full, with related sources; returns a related one clicked."""
    chosen: SearchResult | None = None
    with st.container(border=True):
        st.subheader(source.title)
        st.caption(
            source.byline + (" · " + " ".join(f"#{t}" for t in source.tags) if source.tags else "")
        )
        note_text.show(source.body)
        st.markdown("**Related**")
        if not related:
            st.caption("Nothing else in the index is close to this yet.")
        for number, result in enumerate(related, start=1):
            label = f"{result.title} ({SOURCE_LABELS.get(result.source_type, result.source_type)})"
            if st.button(label, key=f"{key}-related-{number}", type="tertiary"):
                chosen = result
    return chosen
