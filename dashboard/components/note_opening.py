"""Remembering that someone opened a note, once per opening rather than on every rerun, so the
Notes page can tell which notes nobody reads any more."""

from __future__ import annotations

import streamlit as st

from dashboard import resources
from dashboard.components import saving
from search.note_review import note_opened
from storage.people import PersonRef


def remember(viewer: PersonRef, note_id: int, *, key: str) -> None:
    """Stamp the note opened when it is newly shown under `key` (a rerun showing the same note
    writes nothing); a refusal (the note just went) is no matter here."""
    if st.session_state.get(key) == note_id:
        return
    st.session_state[key] = note_id
    saving.write(
        lambda s: note_opened(s, actor=viewer, note_id=note_id, now=resources.now()),
        refused=lambda _: None,
    )
