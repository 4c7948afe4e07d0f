"""The card browser's filters, its table, and picking one card to look at."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from reviews.deck import BrowsedCard, CardFilter, CardState
from storage import formats
from storage.enums import CardKind

ANY = "Any"
NO_MODULE = ""  # the filter's choice for cards without a module
DUE_CHOICES = {ANY: None, "Overdue": -1, "Due today": 0, "Due within a week": 7}
RECALL_CHOICES = {ANY: None, "Below 90 %": 0.9, "Below 80 %": 0.8, "Below 60 %": 0.6}


def filters(modules: dict[str, str], *, key: str) -> CardFilter:
    """Search and filters; `modules` maps the deck's module keys to titles."""
    text = st.text_input("Search", key=f"{key}-text", placeholder="Words on the front or back")
    module_col, kind_col, state_col = st.columns(3)
    module = module_col.selectbox(
        "Module",
        [ANY, NO_MODULE, *modules],
        format_func=lambda k: modules.get(k, "No module" if k == NO_MODULE else ANY),
        key=f"{key}-module",
    )
    kind = kind_col.selectbox("Kind", [ANY, *CardKind], key=f"{key}-kind")
    state = state_col.selectbox("State", [ANY, *CardState], key=f"{key}-state")
    due_col, lapse_col, recall_col = st.columns(3)
    due = due_col.selectbox("Due", list(DUE_CHOICES), key=f"{key}-due")
    lapses = lapse_col.number_input("Lapses at least", 0, 1_000, 0, key=f"{key}-lapses")
    recall = recall_col.selectbox("Predicted recall", list(RECALL_CHOICES), key=f"{key}-recall")
    return CardFilter(
        text=text,
        module_key=None if module == ANY else module,
        kind=None if kind == ANY else CardKind(kind),
        state=None if state == ANY else CardState(state),
        due_within_days=DUE_CHOICES[due],
        min_lapses=int(lapses),
        max_recall=RECALL_CHOICES[recall],
    )


def due_text(card: BrowsedCard) -> str:
    """When the card is due, in days of the team: "today", "in 3 days", "2 days overdue"."""
    days = card.due_in_days
    if card.buried_until is not None:
        return "buried until tomorrow"
    if days is None:
        return "new"
    if days == 0:
        return "today"
    plural = "" if abs(days) == 1 else "s"
    return f"in {days} day{plural}" if days > 0 else f"{-days} day{plural} overdue"


def table(cards: Sequence[BrowsedCard]) -> None:
    """The cards as a table."""
    st.dataframe(
        pd.DataFrame(
            {
                "Front": [c.front for c in cards],
                "Back": [c.back for c in cards],
                "Module": [c.module_title or "" for c in cards],
                "Kind": [c.kind.value for c in cards],
                "State": [c.state.value for c in cards],
                "Due": [due_text(c) for c in cards],
                "Lapses": [c.lapses for c in cards],
                "Recall": [
                    formats.percent(c.recall) if c.recall is not None else "" for c in cards
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def pick(cards: Sequence[BrowsedCard], *, key: str) -> BrowsedCard | None:
    """One of the cards, to look at and change."""
    if not cards:
        return None
    by_id = {c.id: c for c in cards}
    chosen = st.selectbox(
        "Card",
        list(by_id),
        format_func=lambda i: by_id[i].front.replace("\n", " ")[:90],
        key=f"{key}-card",
    )
    return by_id.get(chosen)
