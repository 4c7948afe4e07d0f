"""The Notes page's list of the notes the viewer may read."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from search.notes import CATEGORY_LABELS, NoteView
from storage.enums import Visibility

SHARED_WITH = {
    Visibility.TEAM: "team",
    Visibility.PRIVATE: "only the author",
    Visibility.PAIR: "pair",
}


def table(notes: list[NoteView], *, key: str) -> None:
    """The notes the viewer may read: title, category, author, owner, when, its review-by date,
    who it is shared with, tags, module."""
    st.dataframe(
        pd.DataFrame(
            {
                "Title": [n.title for n in notes],
                "Category": [CATEGORY_LABELS[n.category] for n in notes],
                "Author": [n.author_name for n in notes],
                "Owner": [n.owner_name for n in notes],
                "Updated": [n.updated_at.date() for n in notes],
                "Review by": [n.review_by for n in notes],
                "Shared with": [SHARED_WITH[n.visibility] for n in notes],
                "Tags": [", ".join(n.tags) for n in notes],
                "Module": [n.module_title or "" for n in notes],
            }
        ),
        hide_index=True,
        key=key,
    )
