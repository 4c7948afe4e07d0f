"""The Home pages' "Notes due for your review": the notes the viewer looks after whose
review-by date has passed or comes within a week (the e-mail digest lists the same)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.components.loading import load
from search.note_review import notes_due_for_review, review_label
from storage.people import PersonRef


def home_section(viewer: PersonRef, today: date) -> None:
    """Nothing when no note of theirs is due; else the notes and a link to review them."""
    due = load(lambda s: notes_due_for_review(s, viewer.id, today))
    if not due:
        return
    with st.container(border=True):
        st.markdown(f"**Notes due for your review** ({len(due)})")
        st.markdown("\n".join(f"- {n.title} · {review_label(n, today)}" for n in due[:8]))
        if len(due) > 8:
            st.caption(f"And {len(due) - 8} more.")
        st.page_link(
            "pages/notes_page.py",
            label="Review them on Notes (open one, then “Look after this note”)",
            icon=":material/fact_check:",
        )
