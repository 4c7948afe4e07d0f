"""Notes (everyone): read, write, edit and delete markdown notes; import a folder of files."""

import pandas as pd
import streamlit as st

from dashboard import resources
from dashboard.components import note_form, note_text, saving, search_refresh
from search.notes import (
    ImportRefused,
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
from storage.enums import Visibility
from storage.errors import ProficioError
from storage.people import list_people

FLASH_KEY = "notes-flash"

viewer = resources.viewer()
builder = resources.search_builder()
st.title("Notes")
st.caption("Write down what the team learns. Saved notes are searchable at once.")
with resources.session() as session:
    notes = list_notes(session, actor=viewer)
    modules = module_titles(session)
    names = {p.id: p.name for p in list_people(session, viewer.team_id)}
    partners = {p: names[p] for p in sorted(pair_partners(session, viewer.id)) if p in names}


def reindexed(message: str) -> None:
    """Index the change, then rerun so the list shows it; the message survives the rerun."""
    st.session_state[FLASH_KEY] = f"{message} {search_refresh.reindex(builder)}"
    st.rerun()


if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash)
# Keyed and tracked, so a save's rerun comes back to the tab the person was on.
read_tab, write_tab, import_tab = st.tabs(
    ["Read", "Write a note", "Import files"], key="notes-tabs", on_change="rerun"
)
with read_tab:
    if not notes:
        st.info("No notes shared with you yet. Write the first one under “Write a note”.")
    else:
        shared = {
            Visibility.TEAM: "team",
            Visibility.PRIVATE: "only the author",
            Visibility.PAIR: "pair",
        }
        st.dataframe(
            pd.DataFrame(
                {
                    "Title": [n.title for n in notes],
                    "Author": [n.author_name for n in notes],
                    "Updated": [n.updated_at.date() for n in notes],
                    "Shared with": [shared[n.visibility] for n in notes],
                    "Tags": [", ".join(n.tags) for n in notes],
                    "Module": [n.module_title or "" for n in notes],
                }
            ),
            hide_index=True,
            key="notes-table",
        )
        by_id = {n.id: n for n in notes}
        note_id = st.selectbox(
            "Open a note", list(by_id), format_func=lambda i: by_id[i].title, key="notes-open"
        )
        note = by_id[note_id]
        with st.container(border=True):
            st.subheader(note.title)
            st.caption(
                f"{note.author_name} · updated {formats.day(note.updated_at)}"
                + (f" · {note.module_title}" if note.module_title else "")
            )
            note_text.show(without_title_heading(note.body, note.title))
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
                    try:
                        with resources.session() as session:
                            update_note(
                                session,
                                actor=viewer,
                                note_id=note.id,
                                note_in=changed,
                                now=resources.now(),
                            )
                    except ProficioError as error:
                        st.error(str(error))
                    else:
                        reindexed(f"Saved “{changed.title}”.")
                confirming = st.session_state.get("notes-deleting") == note.id
                if not confirming and st.button(
                    "Delete this note", key="notes-delete", icon=":material/delete:"
                ):
                    st.session_state["notes-deleting"] = note.id
                    st.rerun()
                if confirming:
                    st.warning(f"Delete “{note.title}” for everyone it is shared with?")
                    yes, no = st.columns(2)
                    if yes.button("Delete it", type="primary", key="notes-delete-confirm"):
                        st.session_state.pop("notes-deleting")
                        with resources.session() as session:
                            title = delete_note(
                                session, actor=viewer, note_id=note.id, now=resources.now()
                            )
                        reindexed(f"Deleted “{title}”.")
                    if no.button("Keep it", key="notes-delete-cancel"):
                        st.session_state.pop("notes-deleting")
                        st.rerun()

with write_tab:
    new = note_form.show(modules=modules, partners=partners, key=saving.form_key("notes-new"))
    if new is not None:
        try:
            with resources.session() as session:
                created = create_note(session, actor=viewer, note_in=new, now=resources.now())
        except ProficioError as error:
            st.error(str(error))  # the form keeps what was typed, visibility included
        else:
            saving.start_afresh("notes-new")
            reindexed(f"Saved “{created.title}”.")

with import_tab:
    request = note_form.import_files(key="notes-import")
    if request is not None:
        try:
            with resources.session() as session:
                imported = import_files(
                    session,
                    actor=viewer,
                    files=request.files,
                    now=resources.now(),
                    visibility=request.visibility,
                    tags=request.tags,
                )
        except ImportRefused as refused:
            st.error(str(refused) + "\n\n" + "\n".join(f"- {p}" for p in refused.problems))
        except ProficioError as error:
            st.error(str(error))
        else:
            reindexed(f"Imported {len(imported)} note(s).")
