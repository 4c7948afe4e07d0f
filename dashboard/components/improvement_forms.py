"""Forms for curriculum improvement items: a lead opens one for a module; the lead or the
item's owner moves it on. Each saves through `saving.save` under the page's flash key."""

from __future__ import annotations

import streamlit as st

from curriculum.feedback import (
    MAX_IMPROVEMENT_TITLE_CHARS,
    STATUS_WORDS,
    ImprovementView,
    open_improvement,
    set_improvement_status,
)
from dashboard import resources
from dashboard.components import saving
from storage.enums import ImprovementStatus
from storage.people import PersonRef


def open_item(
    viewer: PersonRef,
    modules: dict[str, str],
    owners: dict[int, str],
    *,
    flash_key: str,
    key: str,
    module_key: str | None = None,
) -> None:
    """A form to open an item (module, what should improve, owner); empty once opened."""
    form = saving.form_key(key)
    keys = list(modules)
    with st.form(form):
        module = st.selectbox(
            "Module",
            keys,
            index=keys.index(module_key) if module_key in modules else None,
            format_func=modules.__getitem__,
            key=f"{form}-module",
        )
        title = st.text_input(
            "What should improve",
            max_chars=MAX_IMPROVEMENT_TITLE_CHARS,
            placeholder="e.g. Add a sample dataset to the overlap exercise",
            key=f"{form}-title",
        )
        owner = st.selectbox(
            "Owner",
            [None, *owners],
            format_func=lambda i: "Nobody yet" if i is None else owners[i],
            key=f"{form}-owner",
        )
        opened = st.form_submit_button("Open the item", key=f"{form}-open")
    if not opened:
        return
    if module is None:
        st.error("Improvement item not opened: pick the module it is about.")
        return
    saving.save(
        lambda s: open_improvement(
            s,
            actor=viewer,
            module_key=module,
            title=title,
            owner_id=owner,
            now=resources.now(),
        ),
        key=flash_key,
        message=lambda item: f"Opened for {item.module_title}: {item.title}",
        reset=[key],
    )


def move_item(viewer: PersonRef, items: list[ImprovementView], *, flash_key: str, key: str) -> None:
    """A form to set an item's status (open, in progress, done)."""
    mine = {i.id: i for i in items if viewer.is_lead or i.owner_id == viewer.id}
    if not mine:
        return
    st.markdown("**Move an item on**")
    with st.form(key):
        item_id = st.selectbox(
            "Item",
            list(mine),
            format_func=lambda i: f"{mine[i].module_title}: {mine[i].title}",
            key=f"{key}-item",
        )
        status = st.selectbox(
            "Status",
            list(ImprovementStatus),
            format_func=lambda s: STATUS_WORDS[s].capitalize(),
            key=f"{key}-status",
        )
        moved = st.form_submit_button("Set the status", key=f"{key}-set")
    if moved:
        saving.save(
            lambda s: set_improvement_status(
                s, actor=viewer, item_id=item_id, status=status, now=resources.now()
            ),
            key=flash_key,
            message=lambda item: f"{item.title}: now {STATUS_WORDS[item.status]}.",
        )
