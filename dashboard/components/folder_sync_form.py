"""The Search index page's folder sync: check a folder of markdown notes on the server, see
what would be added, updated and removed, then synchronise (removing notes whose file is gone
only when the lead ticks that they should go)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from sqlmodel import Session

from dashboard import resources
from dashboard.components import saving, search_refresh
from dashboard.components.note_form import VISIBILITY_LABELS
from search.folder_sync import SyncedNote, SyncReport, folder_inside, sync_folder
from search.indexing import IndexBuilder
from search.notes import ImportRefused
from storage.enums import Visibility
from storage.errors import InvalidInput, ProficioError
from storage.people import PersonRef
from storage.settings import get_settings
from storage.uploads import UPLOAD_LIMIT

FLASH_KEY = "index-sync"
FOLDERS_DIR_NAME = "note-folders"  # under the data folder: the only place the page reads


def folders_dir() -> Path:
    """Where folders to synchronise from the page live (made on first use)."""
    base = get_settings().data_dir / FOLDERS_DIR_NAME
    base.mkdir(parents=True, exist_ok=True)
    return base


@dataclass(frozen=True)
class _Checked:
    folder: str
    root: Path
    visibility: Visibility
    report: SyncReport


def _listed(refused: ImportRefused) -> InvalidInput:
    """The refusal with one line per file, as the page shows it."""
    return InvalidInput(f"{refused}\n\n" + "\n".join(f"- {p}" for p in refused.problems))


def _lines(notes: list[SyncedNote]) -> str:
    return "\n".join(f"- {n.title} (`{n.source_path}`)" for n in notes)


def show(viewer: PersonRef, builder: IndexBuilder, *, key: str) -> None:
    """The folder field, the check, what it found, and the confirmation step."""
    saving.flash(key=FLASH_KEY)
    base = folders_dir()
    st.caption(
        f"A folder in `{base}` on the server, say a clone of the team's docs repository (the "
        "page reads no other folder; `python -m search import` reads any): each markdown, "
        f"text or PDF file ({UPLOAD_LIMIT}) becomes your note, matched by its path inside the "
        "folder, so a second sync updates the notes whose file changed and leaves the rest "
        "alone. Front matter may set `title`, `category`, `owner` (an email), `review_by`, "
        "`tags` and `visibility`. The same as `python -m search import FOLDER`."
    )
    folder_col, shared_col = st.columns([2, 1])
    folder = folder_col.text_input(
        "Folder name", key=f"{key}-folder", placeholder="team-docs"
    ).strip()
    visibility = Visibility(
        shared_col.radio(
            "New notes are seen by",
            [Visibility.TEAM, Visibility.PRIVATE],
            format_func=VISIBILITY_LABELS.get,
            horizontal=True,
            key=f"{key}-visibility",
        )
    )
    if st.button("Check the folder", key=f"{key}-check", icon=":material/folder_open:"):
        st.session_state.pop(f"{key}-checked", None)
        try:
            root = folder_inside(base, folder)
            with resources.session(writes=False) as session:
                report = sync_folder(
                    session,
                    actor=viewer,
                    root=root,
                    now=resources.now(),
                    visibility=visibility,
                    apply=False,
                )
            st.session_state[f"{key}-checked"] = _Checked(folder, root, visibility, report)
        except ImportRefused as refused:
            st.error(str(_listed(refused)))
        except ProficioError as error:
            st.error(str(error))
    checked: _Checked | None = st.session_state.get(f"{key}-checked")
    if checked is None or (checked.folder, checked.visibility) != (folder, visibility):
        return
    _confirm(viewer, builder, checked, key=key)


def _confirm(viewer: PersonRef, builder: IndexBuilder, checked: _Checked, *, key: str) -> None:
    """What the check found, and the button that does it."""
    report = checked.report
    st.markdown(
        f"**{len(report.added)} new, {len(report.changed)} changed, {report.unchanged} "
        f"unchanged, {len(report.missing)} whose file is gone.**"
    )
    if report.added:
        st.markdown("New notes:\n" + _lines(report.added))
    if report.changed:
        st.markdown("Notes to update:\n" + _lines(report.changed))
    if report.skipped:
        st.caption(f"Skipped {len(report.skipped)} file(s) of other kinds.")
    remove = False
    if report.missing:
        st.warning(
            "These notes of yours came from this folder, but their file is gone:\n"
            + _lines(report.missing)
        )
        remove = st.checkbox(
            f"Delete these {len(report.missing)} note(s) too", key=f"{key}-delete-missing"
        )
    if not (report.added or report.changed or remove):
        st.info("Nothing to change: every note matches its file.")
        return
    if not st.button("Synchronise", key=f"{key}-apply", type="primary", icon=":material/sync:"):
        return
    # Only the notes the lead saw listed are deleted, even if more files went meanwhile.
    confirmed = [n.note_id for n in report.missing if n.note_id is not None] if remove else []

    def apply(session: Session) -> SyncReport:
        try:
            return sync_folder(
                session,
                actor=viewer,
                root=checked.root,
                now=resources.now(),
                visibility=checked.visibility,
                remove=confirmed,
            )
        except ImportRefused as refused:
            raise _listed(refused) from refused

    def said(done: SyncReport) -> str:
        summary = (
            f"Synchronised {done.folder}: {len(done.added)} added, {len(done.changed)} updated, "
            f"{done.unchanged} unchanged, {len(done.removed)} removed."
        )
        if done.missing:
            summary += f" {len(done.missing)} note(s) whose file is gone were kept."
        return f"{summary} {search_refresh.reindex(builder)}" if done.writes else summary

    st.session_state.pop(f"{key}-checked", None)
    saving.save(apply, key=FLASH_KEY, message=said)
