"""One card of the browser: its history, and what its owner may do with it (suspend,
bury, reset; edit and delete a card of their own)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st
from sqlmodel import Session

from dashboard import resources
from dashboard.components import saving
from reviews.deck import (
    BrowsedCard,
    CardState,
    HistoryEntry,
    bury_card,
    delete_card,
    edit_card,
    reset_card,
    suspend_card,
    unsuspend_card,
)
from reviews.scheduling import interval_label
from storage import formats
from storage.enums import CardKind
from storage.people import PersonRef

FLASH = "my-cards"


def history(entries: Sequence[HistoryEntry]) -> None:
    """The card's reviews, oldest first; undone answers marked."""
    if not entries:
        st.caption("Not reviewed yet.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Reviewed": [formats.moment(e.reviewed_at) for e in entries],
                "Answer": [e.rating.label + (" (undone)" if e.undone else "") for e in entries],
                "Predicted recall": [
                    formats.percent(e.recall_before) if e.recall_before is not None else "first"
                    for e in entries
                ],
                "Next interval": [interval_label(e.interval) for e in entries],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def _do(viewer: PersonRef, change: Callable[..., object], card: BrowsedCard, done: str) -> None:
    def action(session: Session) -> object:
        return change(session, actor=viewer, card_id=card.id, now=resources.now())

    saving.save(action, key=FLASH, message=done)


def show(viewer: PersonRef, card: BrowsedCard, modules: dict[str, str], *, key: str) -> None:
    """The buttons for a card of the viewer's own deck."""
    short = card.front.replace("\n", " ")[:60]
    suspend_col, bury_col, reset_col, delete_col = st.columns(4)
    if card.state in (CardState.SUSPENDED, CardState.LEECH):
        if suspend_col.button("Unsuspend", key=f"{key}-unsuspend", icon=":material/play_arrow:"):
            _do(viewer, unsuspend_card, card, f"“{short}” is back in your reviews.")
    elif suspend_col.button("Suspend", key=f"{key}-suspend", icon=":material/pause:"):
        _do(viewer, suspend_card, card, f"“{short}” is suspended: it will not come up.")
    if bury_col.button(
        "Bury until tomorrow",
        key=f"{key}-bury",
        icon=":material/bedtime:",
        disabled=card.buried_until is not None,
    ):
        _do(viewer, bury_card, card, f"“{short}” is buried until tomorrow.")
    if reset_col.button(
        "Reset",
        key=f"{key}-reset",
        icon=":material/restart_alt:",
        help="Start the card again as if new; its past reviews are kept.",
    ):
        _do(viewer, reset_card, card, f"“{short}” starts again as a new card.")
    if card.own and delete_col.button(
        "Delete",
        key=f"{key}-delete",
        icon=":material/delete:",
        type="secondary",
        help="Deletes the card and your reviews of it.",
    ):
        _do(viewer, delete_card, card, f"Deleted “{short}”.")
    if card.own and not card.curriculum:
        _edit(viewer, card, modules, key=key)


def _edit(viewer: PersonRef, card: BrowsedCard, modules: dict[str, str], *, key: str) -> None:
    form = f"{key}-edit-{card.id}"
    with st.expander("Edit this card", icon=":material/edit:"), st.form(form):
        front = st.text_area("Prompt", card.front, key=f"{form}-front", height=80)
        back = st.text_area("Answer", card.back, key=f"{form}-back", height=100)
        kind_col, module_col = st.columns(2)
        kinds = list(CardKind)
        kind = kind_col.selectbox(
            "Kind",
            kinds,
            index=kinds.index(card.kind),
            format_func=str.capitalize,
            key=f"{form}-kind",
        )
        choices = ["", *modules]
        module = module_col.selectbox(
            "Module",
            choices,
            index=choices.index(card.module_key) if card.module_key in choices else 0,
            format_func=lambda k: modules.get(k, "None (a card of my own)"),
            key=f"{form}-module",
        )
        if not st.form_submit_button("Save changes", icon=":material/save:"):
            return
    saving.save(
        lambda session: edit_card(
            session,
            actor=viewer,
            card_id=card.id,
            front=front,
            back=back,
            kind=CardKind(kind),
            module_key=module or None,
            now=resources.now(),
        ),
        key=FLASH,
        message=lambda edited: f"Saved “{edited.front.replace(chr(10), ' ')[:60]}”.",
    )
