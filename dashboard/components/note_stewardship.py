"""Looking after a note (its owner or a lead): mark it reviewed with the next review date, or
hand it to someone else to look after."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from dashboard import resources
from dashboard.components import saving
from search.note_review import change_owner, mark_reviewed, next_review_default
from search.notes import NoteView
from storage import formats
from storage.people import PersonRef


def show(
    viewer: PersonRef, note: NoteView, people: dict[int, str], *, key: str, flash_key: str
) -> None:
    """The two actions, each in its own small form, saved at once with a confirmation."""
    today = resources.today(viewer)
    reviewed_col, owner_col = st.columns(2)
    with reviewed_col.form(f"{key}-reviewed"):
        st.markdown("**Still right?** Mark it reviewed and pick the next review date.")
        next_by = st.date_input(
            "Next review by",
            value=next_review_default(note, today),
            min_value=today + timedelta(days=1),
            format="YYYY-MM-DD",
            key=f"{key}-next",
        )
        reviewed = st.form_submit_button(
            "Mark reviewed", type="primary", icon=":material/task_alt:"
        )
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
        handed = st.form_submit_button("Change owner", icon=":material/person_edit:")
    if reviewed and isinstance(next_by, date):
        saving.save(
            lambda s: mark_reviewed(
                s, actor=viewer, note_id=note.id, next_review_by=next_by, now=resources.now()
            ),
            key=flash_key,
            message=lambda n: (
                f"Marked “{n.title}” reviewed; next review by {formats.day(next_by)}."
            ),
        )
    if handed and owner_id is not None:
        saving.save(
            lambda s: change_owner(
                s, actor=viewer, note_id=note.id, owner_id=owner_id, now=resources.now()
            ),
            key=flash_key,
            message=lambda n: f"{n.owner_name} now looks after “{n.title}”.",
        )
