"""The Notes page's "To review" tab: notes due for review and stale notes, by category and
owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import streamlit as st

from search.note_review import STALE_AFTER_DAYS, KnowledgeReview, last_touched, review_label
from search.notes import CATEGORY_LABELS, NoteView
from storage.enums import NoteCategory


@dataclass(frozen=True)
class ReviewFilter:
    category: NoteCategory | None
    owner_id: int | None


def filters(owners: dict[int, str], *, key: str) -> ReviewFilter:
    """Category and owner to narrow both lists to (None: all)."""
    category_col, owner_col = st.columns(2)
    category = category_col.selectbox(
        "Category",
        [None, *CATEGORY_LABELS],
        format_func=lambda c: "All categories" if c is None else CATEGORY_LABELS[c],
        key=f"{key}-category",
    )
    owner_id = owner_col.selectbox(
        "Owner",
        [None, *owners],
        format_func=lambda o: "Everyone" if o is None else owners[o],
        key=f"{key}-owner",
    )
    return ReviewFilter(category, owner_id)


def show(review: KnowledgeReview, now: datetime, *, key: str) -> None:
    """Both lists, each saying plainly when it is empty."""
    today = now.date()
    st.markdown("**Due for review** — the review-by date has passed or is within a week")
    if not review.due:
        st.caption("No note is due for review.")
    else:
        _table(review.due, "Review", [review_label(n, today) for n in review.due], key=f"{key}-due")
    st.markdown(
        f"**Stale** — not opened or changed for {STALE_AFTER_DAYS // 30} months: still right, "
        "or time to update or delete?"
    )
    if not review.stale:
        st.caption("Every note was opened or changed in the last six months.")
    else:
        touched = [f"{(now - last_touched(n)).days} days ago" for n in review.stale]
        _table(review.stale, "Last opened or changed", touched, key=f"{key}-stale")


def _table(notes: list[NoteView], label: str, column: list[str], *, key: str) -> None:
    st.dataframe(
        pd.DataFrame(
            {
                "Title": [n.title for n in notes],
                "Category": [CATEGORY_LABELS[n.category] for n in notes],
                "Owner": [n.owner_name for n in notes],
                label: column,
            }
        ),
        hide_index=True,
        key=key,
    )
