"""The note form (write or edit): title, markdown body, tags, module, category, review-by date,
visibility, pair; and the choice of a template to start a new note from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from search.note_templates import TEMPLATES
from search.notes import CATEGORY_LABELS, NoteInput, NoteView, normalise_tags
from storage.enums import NoteCategory, Visibility
from storage.uploads import MAX_UPLOAD_MB, UPLOAD_LIMIT

VISIBILITY_LABELS = {
    Visibility.TEAM: "Team",
    Visibility.PRIVATE: "Only me",
    Visibility.PAIR: "My mentoring pair",
}


def show(
    *,
    modules: dict[int, str],
    partners: dict[int, str],
    key: str,
    note: NoteView | None = None,
    submit_label: str = "Save note",
) -> NoteInput | None:
    """A form prefilled from `note` when editing; returns the input when submitted.

    A refused save keeps every field as typed (visibility included): to start a new note
    afresh after a save, give a `saving.form_key` as `key`."""
    with st.form(key):
        title = st.text_input("Title", value=note.title if note else "", key=f"{key}-title")
        body = st.text_area(
            "Text (markdown: ## headings, lists, `code`)",
            value=note.body if note else "",
            height=260,
            key=f"{key}-body",
        )
        tags_col, module_col = st.columns(2)
        tags = tags_col.text_input(
            "Tags, separated by commas",
            value=", ".join(note.tags) if note else "",
            key=f"{key}-tags",
        )
        module_ids = [None, *modules]
        module_id = module_col.selectbox(
            "Module",
            module_ids,
            index=module_ids.index(note.module_id) if note and note.module_id in modules else 0,
            format_func=lambda m: "No module" if m is None else modules[m],
            key=f"{key}-module",
        )
        category_col, review_col = st.columns(2)
        categories = list(CATEGORY_LABELS)
        category = category_col.selectbox(
            "Category",
            categories,
            index=categories.index(note.category) if note else 0,
            format_func=CATEGORY_LABELS.get,
            key=f"{key}-category",
        )
        review_by = review_col.date_input(
            "Review by (optional)",
            value=note.review_by if note else None,
            format="YYYY-MM-DD",
            key=f"{key}-review-by",
            help="The owner is reminded a week before, on the Notes page and their Home.",
        )
        shared_col, pair_col = st.columns(2)
        options = list(VISIBILITY_LABELS)
        visibility = shared_col.radio(
            "Who can see it",
            options,
            index=options.index(note.visibility) if note else 0,
            format_func=VISIBILITY_LABELS.get,
            horizontal=True,
            key=f"{key}-visibility",
        )
        pair_ids = [None, *partners]
        pair_id = pair_col.selectbox(
            "The other person of the pair",
            pair_ids,
            index=pair_ids.index(note.pair_person_id)
            if note and note.pair_person_id in partners
            else 0,
            format_func=lambda p: "Nobody" if p is None else partners[p],
            key=f"{key}-pair",
            help="Only for “My mentoring pair”: your mentor or one of your mentees.",
        )
        if not st.form_submit_button(submit_label, type="primary"):
            return None
    return NoteInput(
        title=title,
        body=body,
        tags=normalise_tags(tags),
        module_id=module_id,
        visibility=Visibility(visibility),
        pair_person_id=pair_id,
        category=NoteCategory(category),
        review_by=review_by if isinstance(review_by, date) else None,
    )


def template_picker(*, form: str, key: str) -> None:
    """ "New note from template": fills the new-note form `form` (its title, text and category)
    — only while its text is empty, so nothing typed is replaced."""
    names = {t.name: t for t in TEMPLATES}
    pick_col, use_col = st.columns([3, 1], vertical_alignment="bottom")
    chosen = pick_col.selectbox("New note from template", list(names), key=f"{key}-choice")
    if not use_col.button("Use template", key=f"{key}-use", icon=":material/note_add:"):
        return
    if str(st.session_state.get(f"{form}-body", "")).strip():
        st.warning("The new note already has text: clear it first to start from a template.")
        return
    template = names[chosen]
    st.session_state[f"{form}-title"] = template.title
    st.session_state[f"{form}-body"] = template.body
    st.session_state[f"{form}-category"] = template.category


@dataclass(frozen=True)
class ImportRequest:
    files: list[tuple[str, bytes]]
    visibility: Visibility
    tags: tuple[str, ...]


def import_files(*, key: str) -> ImportRequest | None:
    """Files to import as notes, who may see them and tags for all; None until "Import"."""
    st.caption(
        f"Markdown (.md), text (.txt) or PDF files, {UPLOAD_LIMIT}; front matter may set "
        "`title`, `tags`, `category`, `owner` (an email), `review_by` (YYYY-MM-DD) and "
        "`visibility` (team or private). All files are checked first: one bad file refuses "
        "the whole import. To keep a folder in step, a lead uses the Search index page."
    )
    files = st.file_uploader(
        f"Files ({UPLOAD_LIMIT})",
        type=["md", "markdown", "txt", "pdf"],
        accept_multiple_files=True,
        max_upload_size=MAX_UPLOAD_MB,
        key=f"{key}-files",
    )
    shared_col, tags_col = st.columns(2)
    visibility = shared_col.radio(
        "Who can see them",
        [Visibility.TEAM, Visibility.PRIVATE],
        format_func=VISIBILITY_LABELS.get,
        horizontal=True,
        key=f"{key}-visibility",
    )
    tags = tags_col.text_input("Tags for every file", key=f"{key}-tags")
    if not st.button("Import", key=key, type="primary"):
        return None
    return ImportRequest(
        [(f.name, f.getvalue()) for f in files or []], Visibility(visibility), normalise_tags(tags)
    )
