"""Notes (everyone): read, write, edit and delete markdown notes; see which need a review;
start one from a template; import files."""

import streamlit as st
from sqlmodel import Session

from dashboard import resources
from dashboard.components import (
    note_form,
    note_list,
    note_opening,
    note_review_lists,
    note_stewardship,
    note_text,
    saving,
    search_refresh,
)
from dashboard.components.loading import load
from dashboard.components.plain_text import plain
from search.note_review import KnowledgeReview, notes_to_look_after, review_label
from search.notes import (
    CATEGORY_LABELS,
    ImportRefused,
    NoteView,
    create_note,
    delete_note,
    import_files,
    list_notes,
    pair_partners,
    update_note,
)
from search.reading import without_title_heading
from search.registry import module_titles
from storage import formats
from storage.errors import InvalidInput
from storage.people import list_people

FLASH_KEY = "notes"

viewer = resources.viewer()
builder = resources.search_builder()
st.title("Notes")
st.caption("Write down what the team learns. Saved notes are searchable at once.")


def read(
    session: Session,
) -> tuple[list[NoteView], dict[int, str], dict[int, str], dict[int, str]]:
    """The notes the viewer may read, the modules, the people they share pair notes with, and
    the team's active people (who may own a note)."""
    people = list_people(session, viewer.team_id)
    names = {p.id: p.name for p in people}
    partners = {p: names[p] for p in sorted(pair_partners(session, viewer.id)) if p in names}
    active = {p.id: p.name for p in people if p.active and p.id is not None}
    return list_notes(session, actor=viewer), module_titles(session), partners, active


def reindexed(message: str) -> str:
    """Once a save committed: index the change, and say how that went after `message`."""
    return f"{message} {search_refresh.reindex(builder)}"


notes, modules, partners, people = load(read)
saving.flash(key=FLASH_KEY)
# Keyed and tracked, so a save's rerun comes back to the tab the person was on.
read_tab, review_tab, write_tab, import_tab = st.tabs(
    ["Read", "To review", "Write a note", "Import files"], key="notes-tabs", on_change="rerun"
)
with read_tab:
    if not notes:
        st.info("No notes shared with you yet. Write the first one under “Write a note”.")
    else:
        note_list.table(notes, key="notes-table")
        by_id = {n.id: n for n in notes}
        note_id = st.selectbox(
            "Open a note", list(by_id), format_func=lambda i: by_id[i].title, key="notes-open"
        )
        note = by_id[note_id]
        note_opening.remember(viewer, note.id, key="notes-opened")
        today = resources.today(viewer)
        with st.container(border=True):
            st.subheader(note.title)
            review = review_label(note, today)
            st.caption(
                f"{CATEGORY_LABELS[note.category]} · {note.author_name} · updated "
                f"{formats.day(note.updated_at)}"
                + (f" · {note.module_title}" if note.module_title else "")
                + f" · looked after by {note.owner_name}"
                + (f" · review {review}" if review else "")
            )
            note_text.show(without_title_heading(note.body, note.title))
        if note.can_look_after:
            with st.expander("Look after this note: mark it reviewed, or hand it on"):
                note_stewardship.show(
                    viewer, note, people, key=f"notes-care-{note.id}", flash_key=FLASH_KEY
                )
        if note.can_edit:
            with st.expander("Edit or delete this note"):
                changed = note_form.show(
                    modules=modules,
                    partners=partners,
                    key=f"notes-edit-{note.id}",
                    note=note,
                    submit_label="Save changes",
                )
                if changed is not None:
                    saving.save(
                        lambda s: update_note(
                            s, actor=viewer, note_id=note.id, note_in=changed, now=resources.now()
                        ),
                        key=FLASH_KEY,
                        message=lambda _: reindexed(f"Saved “{changed.title}”."),
                    )
                confirming = st.session_state.get("notes-deleting") == note.id
                if not confirming and st.button(
                    "Delete this note", key="notes-delete", icon=":material/delete:"
                ):
                    st.session_state["notes-deleting"] = note.id
                    st.rerun()
                if confirming:
                    st.warning(f"Delete “{plain(note.title)}” for everyone it is shared with?")
                    yes, no = st.columns(2)
                    if yes.button("Delete it", type="primary", key="notes-delete-confirm"):
                        st.session_state.pop("notes-deleting")
                        saving.save(
                            lambda s: delete_note(
                                s, actor=viewer, note_id=note.id, now=resources.now()
                            ),
                            key=FLASH_KEY,
                            message=lambda title: reindexed(f"Deleted “{title}”."),
                        )
                    if no.button("Keep it", key="notes-delete-cancel"):
                        st.session_state.pop("notes-deleting")
                        st.rerun()

with review_tab:
    chosen = note_review_lists.filters(people, key="notes-review")
    at = resources.now()

    def to_review(session: Session) -> KnowledgeReview:
        """The notes the viewer may read that are due for review or stale."""
        return notes_to_look_after(
            session, actor=viewer, now=at, category=chosen.category, owner_id=chosen.owner_id
        )

    note_review_lists.show(load(to_review), at, key="notes-review")

with write_tab:
    note_form.template_picker(form=saving.form_key("notes-new"), key="notes-template")
    new = note_form.show(modules=modules, partners=partners, key=saving.form_key("notes-new"))
    if new is not None:
        # A refusal keeps what was typed, visibility included.
        saving.save(
            lambda s: create_note(s, actor=viewer, note_in=new, now=resources.now()),
            key=FLASH_KEY,
            reset=["notes-new"],
            message=lambda created: reindexed(f"Saved “{created.title}”."),
        )

with import_tab:
    request = note_form.import_files(key="notes-import")
    if request is not None:

        def import_all(session: Session) -> list[NoteView]:
            """All the files, or none and a refusal that lists each file's problem."""
            try:
                return import_files(
                    session,
                    actor=viewer,
                    files=request.files,
                    now=resources.now(),
                    visibility=request.visibility,
                    tags=request.tags,
                )
            except ImportRefused as refused:
                listed = "\n".join(f"- {problem}" for problem in refused.problems)
                raise InvalidInput(f"{refused}\n\n{listed}") from refused

        saving.save(
            import_all,
            key=FLASH_KEY,
            message=lambda imported: reindexed(f"Imported {len(imported)} note(s)."),
        )
