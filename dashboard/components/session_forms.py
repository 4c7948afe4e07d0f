"""Forms of the 1:1 session page: agenda and notes, a new action item, closing an item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from assessments.rules import LEVEL_NAMES
from mentoring.action_items import ActionItemView
from mentoring.sessions import SessionDetail
from storage.models import Visibility

VISIBILITY_LABELS = {
    Visibility.PAIR: "Only the two of us",
    Visibility.TEAM: "The whole team",
}


@dataclass(frozen=True)
class SessionInput:
    agenda: str
    notes: str | None  # None: the notes are not the viewer's to change
    visibility: Visibility
    mark_done: bool


@dataclass(frozen=True)
class ItemInput:
    title: str
    owner_id: int
    due_on: date | None
    competency_key: str | None


@dataclass(frozen=True)
class CloseInput:
    item_id: int
    evidence_level: int | None


def session_editor(detail: SessionDetail, *, key: str) -> SessionInput | None:
    """Agenda, notes and their visibility; returns what was submitted, with the button."""
    if detail.agenda_is_draft:
        st.info(
            "Drafted from the mentee's gaps, failed quizzes, overdue reviews, open items and "
            "capstone. Edit it as you like; it is saved with the session.",
            icon=":material/edit_note:",
        )
    with st.form(key):
        agenda = st.text_area("Agenda", detail.agenda, height=330, key=f"{key}-agenda")
        notes: str | None = None
        visibility = detail.notes_visibility
        if detail.notes is None:
            st.caption("The notes of this session are private to the mentor and mentee.")
        else:
            notes = st.text_area(
                "Notes",
                detail.notes,
                height=140,
                key=f"{key}-notes",
                placeholder="What you talked about, what was decided.",
            )
            visibility = st.radio(
                "Who can read the notes",
                list(VISIBILITY_LABELS),
                index=list(VISIBILITY_LABELS).index(detail.notes_visibility),
                format_func=VISIBILITY_LABELS.__getitem__,
                horizontal=True,
                key=f"{key}-visibility",
            )
        save_col, done_col = st.columns([1, 3])
        saved = save_col.form_submit_button("Save", key=f"{key}-save")
        done = (
            done_col.form_submit_button("Save and mark done", type="primary", key=f"{key}-done")
            if not detail.session.done
            else False
        )
    if not (saved or done):
        return None
    return SessionInput(agenda, notes, Visibility(visibility), bool(done))


def new_item(
    owners: dict[int, str],
    competencies: dict[str, str],
    *,
    session_day: date,
    key: str,
) -> ItemInput | None:
    """Raise an action item: what, who, by when, and optionally the competency it builds."""
    with st.form(key, clear_on_submit=True):
        title = st.text_input("New action item", key=f"{key}-title", placeholder="What, concretely")
        owner_col, due_col, comp_col = st.columns(3)
        owner = owner_col.selectbox(
            "Owner", list(owners), format_func=owners.__getitem__, key=f"{key}-owner"
        )
        due = due_col.date_input(
            "Due", session_day, min_value=session_day, format="DD/MM/YYYY", key=f"{key}-due"
        )
        competency = comp_col.selectbox(
            "Builds",
            list(competencies),
            index=None,
            format_func=competencies.__getitem__,
            placeholder="No competency",
            key=f"{key}-competency",
        )
        if not st.form_submit_button("Add item", key=f"{key}-add"):
            return None
    return ItemInput(title, owner, due, competency)  # type: ignore[arg-type]


def close_item(open_items: list[ActionItemView], *, can_rate: bool, key: str) -> CloseInput | None:
    """Mark one open item done; a mentor may record the level it showed as evidence."""
    if not open_items:
        return None
    by_id = {i.id: i for i in open_items}
    with st.form(key):
        item_col, level_col = st.columns([3, 2])
        item_id = item_col.selectbox(
            "Mark done",
            list(by_id),
            format_func=lambda i: f"{by_id[i].title} ({by_id[i].owner_name})",
            key=f"{key}-item",
        )
        level = None
        if can_rate:
            level = level_col.selectbox(
                "Evidence for its competency",
                list(LEVEL_NAMES),
                index=None,
                format_func=lambda n: f"{LEVEL_NAMES[n]} shown",
                placeholder="No evidence",
                key=f"{key}-level",
                help="Adds a mentor rating to the item's competency (items linked to one only).",
            )
        if not st.form_submit_button("Mark item done", key=f"{key}-close"):
            return None
    return CloseInput(item_id, level)
