"""Write a review card: prompt, answer, kind and (optionally) the module it belongs to."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from storage.enums import CardKind

NO_MODULE = ""


@dataclass(frozen=True)
class CardDraft:
    front: str
    back: str
    kind: CardKind
    module_key: str | None


def show(modules: dict[str, str], *, shared: bool, key: str) -> CardDraft | None:
    """The form; `modules` maps module key to title. Returns the draft once submitted.

    `key` is a `saving.form_key`: a refused card keeps what was typed, a saved one starts the
    next afresh."""
    with st.form(key):
        front = st.text_area("Prompt", key=f"{key}-front", height=80)
        back = st.text_area("Answer", key=f"{key}-back", height=100)
        kind_col, module_col = st.columns(2)
        kind = kind_col.selectbox(
            "Kind", list(CardKind), format_func=lambda k: k.value.capitalize(), key=f"{key}-kind"
        )
        module = module_col.selectbox(
            "Module",
            [NO_MODULE, *modules],
            format_func=lambda k: modules.get(k, "None (a card of my own)"),
            key=f"{key}-module",
        )
        st.caption(
            "As a mentor or lead, a card with a module goes to everyone who has started it."
            if shared
            else "Your cards go into your own deck."
        )
        if st.form_submit_button("Add card", icon=":material/add:"):
            return CardDraft(front, back, CardKind(kind), module or None)
    return None
