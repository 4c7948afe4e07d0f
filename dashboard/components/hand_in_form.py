"""The hand-in form of the Practical work page: text (markdown), a link and files."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assessments.rubrics import ACCEPTED_FILES, ACCEPTED_SUFFIXES, MAX_FILES_PER_VERSION
from dashboard.components import saving
from storage.uploads import MAX_UPLOAD_MB, UPLOAD_LIMIT

FILES_ALLOWED = f"{UPLOAD_LIMIT}, at most {MAX_FILES_PER_VERSION} files; {ACCEPTED_FILES}"


@dataclass(frozen=True)
class HandInEntry:
    text: str
    link: str
    files: list[tuple[str, bytes]]  # name, content: the domain checks type, size and name


def show(*, key: str, again: bool) -> HandInEntry | None:
    """The form (empty again after a hand-in saved: `key` is a `saving.form_key` name);
    what was entered once "Hand in" is pressed, else None. `again`: a new version."""
    prefix = saving.form_key(key)
    with st.form(prefix, border=True):
        st.markdown("**Hand in a new version**" if again else "**Hand in your work**")
        text = st.text_area(
            "Your write-up (markdown)",
            height=220,
            key=f"{prefix}-text",
            help="Tables, lists and code blocks in markdown are shown as such; HTML is shown as "
            "text.",
        )
        link = st.text_input(
            "Link (optional)",
            placeholder="https://…",
            key=f"{prefix}-link",
            help="A repository, notebook or document others on the team can open.",
        )
        files = st.file_uploader(
            "Files",
            type=sorted(suffix.lstrip(".") for suffix in ACCEPTED_SUFFIXES),
            accept_multiple_files=True,
            max_upload_size=MAX_UPLOAD_MB,
            key=f"{prefix}-files",
        )
        st.caption(f"Files: {FILES_ALLOWED}. Every file of a version is kept as it is.")
        if not st.form_submit_button("Hand in", type="primary", icon=":material/upload:"):
            return None
    return HandInEntry(text, link, [(f.name, f.getvalue()) for f in files or []])
