"""Sidebar "viewing as" picker for demo mode (sign-in not configured; this machine only)."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from storage.people import PersonRef

ROLE_LABELS = {"lead": "team lead", "mentor": "mentor", "learner": "learner"}


def show(
    people: list[PersonRef], *, key: str, team_names: dict[int, str] | None = None
) -> PersonRef | None:
    """Pick one person; the choice persists in session state under `key`. With
    `team_names` (several teams), each person is shown with their team."""
    if not people:
        st.sidebar.warning("Nobody is active in any team; an admin adds people on Team members.")
        return None
    by_id = {person.id: person for person in people}
    if st.session_state.get(key) not in by_id:
        st.session_state[key] = people[0].id
    # The choice lives under `key`, a plain session value, and the widget under its own key,
    # copied both ways: Streamlit drops a widget's value on a run that does not draw it (a
    # page switch, a link, the first run of a fresh page), which fell back to the first
    # person, the lead. Only the picker (its on_change) ever changes the viewer.
    picker_key = f"{key}-picker"
    st.session_state[picker_key] = st.session_state[key]

    def remember() -> None:
        st.session_state[key] = st.session_state[picker_key]

    def text(person: PersonRef) -> str:
        text = f"{person.name} · {ROLE_LABELS[person.role]}"
        return f"{text} · {team_names[person.team_id]}" if team_names else text

    # The picker knows an option by its label: two people whose labels match (namesakes in
    # one role) would both open as the first of them, so theirs name their email too.
    shared = {t for t, n in Counter(text(p) for p in people).items() if n > 1}

    def label(pid: int) -> str:
        person = by_id[pid]
        return f"{text(person)} · {person.email}" if text(person) in shared else text(person)

    st.sidebar.selectbox(
        "Viewing as",
        options=list(by_id),
        format_func=label,
        key=picker_key,
        on_change=remember,
        help=(
            "Demo mode: pick whose eyes to see the app through. Configuring sign-in "
            "(see the README) replaces this."
        ),
    )
    return by_id[st.session_state[key]]
