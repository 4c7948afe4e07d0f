"""Looking after a note (its owner or a lead): hand it to someone else, mark it reviewed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import streamlit as st

from search.note_review import next_review_default
from search.notes import NoteView


@dataclass(frozen=True)
class Handover:
    owner_id: int


@dataclass(frozen=True)
class Reviewed:
    next_review_by: date


def show(
    note: NoteView, people: dict[int, str], today: date, *, key: str
) -> Handover | Reviewed | None:
    """The two actions, each in its own small form; returns the one submitted."""
    reviewed_col, owner_col = st.columns(2)
    with reviewed_col.form(f"{key}-reviewed"):
        st.markdown("**Still right?** Mark it reviewed and pick the next review date.")
        next_review_by = st.date_input(
            "Next review by",
            value=next_review_default(note, today),
            min_value=today + timedelta(days=1),
            format="YYYY-MM-DD",
            key=f"{key}-next",
        )
        if st.form_submit_button("Mark reviewed", type="primary", icon=":material/task_alt:"):
            return Reviewed(next_review_by) if isinstance(next_review_by, date) else None
    with owner_col.form(f"{key}-owner"):
        st.markdown("**Hand it on** to someone who will look after it.")
        ids = list(people)
        owner_id = st.selectbox(
            "Owner",
            ids,
            index=ids.index(note.owner_id) if note.owner_id in people else 0,
            format_func=people.get,
            key=f"{key}-owner-id",
        )
        if st.form_submit_button("Change owner", icon=":material/person_edit:"):
            return Handover(owner_id)
    return None
