"""Pick the mentee the mentoring pages are about; the choice follows you from page to page."""

from __future__ import annotations

import streamlit as st

# Not a widget key: widget state is dropped when a page without the widget runs.
CURRENT_MENTEE_KEY = "mentoring-current-mentee"


def remember(mentee_id: int) -> None:
    """Make `mentee_id` the mentee the next mentoring page opens on."""
    st.session_state[CURRENT_MENTEE_KEY] = mentee_id


def show(mentees: dict[int, str], *, key: str) -> int | None:
    """A select box of mentees (id → name), starting on the one chosen last."""
    if not mentees:
        return None
    ids = list(mentees)
    current = st.session_state.get(CURRENT_MENTEE_KEY)
    chosen = st.selectbox(
        "Mentee",
        ids,
        index=ids.index(current) if current in mentees else 0,
        format_func=mentees.__getitem__,
        key=key,
    )
    remember(chosen)
    return chosen
