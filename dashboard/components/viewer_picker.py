"""Sidebar "viewing as" picker for demo mode (sign-in not configured; this machine only)."""

from __future__ import annotations

import streamlit as st

from storage.people import PersonRef

ROLE_LABELS = {"lead": "team lead", "mentor": "mentor", "learner": "learner"}


def show(people: list[PersonRef], *, key: str) -> PersonRef | None:
    """Pick one person; the choice persists in session state under `key`."""
    if not people:
        st.sidebar.warning("No people yet. Run `python -m storage seed --demo`.")
        return None
    by_id = {person.id: person for person in people}
    if st.session_state.get(key) not in by_id:
        st.session_state[key] = people[0].id
    chosen = st.sidebar.selectbox(
        "Viewing as",
        options=list(by_id),
        format_func=lambda pid: f"{by_id[pid].name} · {ROLE_LABELS[by_id[pid].role]}",
        key=key,
        help=(
            "Demo mode: pick whose eyes to see the app through. Configuring sign-in "
            "(see the README) replaces this."
        ),
    )
    return by_id[chosen]
