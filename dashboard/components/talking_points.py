"""Talking points of a 1:1 (the shared agenda): each with who added it and when, a form to add
one, and the author's own to change or remove until the 1:1 is held."""

from __future__ import annotations

import streamlit as st

from dashboard import resources
from dashboard.components import note_text, saving
from mentoring.talking_points import (
    MAX_POINT_CHARS,
    TalkingPointView,
    add_talking_point,
    edit_talking_point,
    remove_talking_point,
)
from storage.people import PersonRef

PRIVATE_HELP = (
    "Only you see a private point until the 1:1 is held; then you both do. Nobody else, "
    "leads included."
)


def _point(viewer: PersonRef, point: TalkingPointView, *, flash_key: str, key: str) -> None:
    with st.container(border=True):
        st.caption(point.label)
        note_text.show(point.text)
        if not point.can_change:
            return
        with st.expander("Change or remove", expanded=False):
            name = f"{key}-edit-{point.id}"
            form = saving.form_key(name)
            with st.form(form):
                text = st.text_area(
                    "Talking point", value=point.text, max_chars=MAX_POINT_CHARS, key=f"{form}-t"
                )
                private = st.checkbox(
                    "Private", value=point.private, help=PRIVATE_HELP, key=f"{form}-p"
                )
                left, right = st.columns(2)
                change = left.form_submit_button("Save the point", key=f"{form}-save")
                remove = right.form_submit_button("Remove the point", key=f"{form}-remove")
            if change:
                saving.save(
                    lambda s: edit_talking_point(
                        s,
                        actor=viewer,
                        point_id=point.id,
                        text=text,
                        private=private,
                        now=resources.now(),
                    ),
                    key=flash_key,
                    message=lambda saved: f"Talking point saved: {saved.text}",
                    reset=[name],
                )
            elif remove:
                saving.save(
                    lambda s: remove_talking_point(
                        s, actor=viewer, point_id=point.id, now=resources.now()
                    ),
                    key=flash_key,
                    message=lambda text: f"Talking point removed: {text}",
                    reset=[name],
                )


def show(
    viewer: PersonRef,
    points: list[TalkingPointView],
    *,
    meeting_id: int,
    can_add: bool,
    flash_key: str,
    key: str,
) -> None:
    """The points (mentee's first), the author's own open to change, and, when `can_add`, a
    form to add one that starts empty once it is added (a refusal keeps what was typed)."""
    if not points:
        st.caption(
            "No talking points yet."
            + (" Add what you want to talk about; it goes into problem solving." if can_add else "")
        )
    for point in points:
        _point(viewer, point, flash_key=flash_key, key=key)
    if not can_add:
        return
    name = f"{key}-new-{meeting_id}"
    form = saving.form_key(name)
    with st.form(form):
        text = st.text_area(
            "Add a talking point",
            max_chars=MAX_POINT_CHARS,
            placeholder="What you want to talk about, e.g. a problem you are stuck on",
            key=f"{form}-text",
        )
        private = st.checkbox("Private", help=PRIVATE_HELP, key=f"{form}-private")
        added = st.form_submit_button("Add the point", key=f"{form}-add")
    if added:
        saving.save(
            lambda s: add_talking_point(
                s,
                actor=viewer,
                meeting_id=meeting_id,
                text=text,
                private=private,
                now=resources.now(),
            ),
            key=flash_key,
            message=lambda saved: (
                "Talking point added"
                + (" (private until the 1:1 is held)" if saved.private else "")
                + f": {saved.text}"
            ),
            reset=[name],
        )
