"""Importing an Anki deck or a CSV into one's own cards, and downloading a deck."""

from __future__ import annotations

import streamlit as st

from dashboard import resources
from dashboard.components import saving
from reviews.anki import MAX_DECK_MB
from reviews.transfer import export_cards_apkg, export_cards_csv, import_cards
from storage.people import PersonRef
from storage.uploads import MAX_UPLOAD_MB

FLASH = "my-cards"


def upload(viewer: PersonRef, modules: dict[str, str], *, key: str) -> None:
    """The uploader and the import button: the file's cards become the viewer's own."""
    st.markdown(
        f"An Anki deck (`.apkg`, up to {MAX_DECK_MB} MB; in Anki tick *Support older Anki "
        f"versions* when exporting) or a CSV with the columns `front,back,module,kind` (up to "
        f"{MAX_UPLOAD_MB} MB; module and kind may be empty). Images and sounds are left out. "
        "Cards already imported are not added again; a file with any problem adds nothing."
    )
    form = saving.form_key(key)
    file = st.file_uploader(
        "Deck or CSV", type=["apkg", "csv"], max_upload_size=MAX_DECK_MB, key=f"{form}-file"
    )
    module = st.selectbox(
        "Put every card in module",
        ["", *modules],
        format_func=lambda k: modules.get(k, "None (or as the file says)"),
        key=f"{form}-module",
    )
    if st.button("Import", key=f"{key}-import", type="primary", disabled=file is None):
        assert file is not None
        data, name = file.getvalue(), file.name
        saving.save(
            lambda session: import_cards(
                session,
                actor=viewer,
                file_name=name,
                data=data,
                now=resources.now(),
                module_key=module or None,
            ),
            key=FLASH,
            message=lambda result: result.message,
            reset=[key],
        )


def downloads(viewer: PersonRef, person_id: int, *, stem: str, key: str) -> None:
    """The deck as an Anki package and as CSV."""

    def apkg() -> bytes:
        with resources.session(writes=False) as session:
            return export_cards_apkg(
                session, actor=viewer, person_id=person_id, now=resources.now()
            )

    def csv() -> str:
        with resources.session(writes=False) as session:
            return export_cards_csv(session, actor=viewer, person_id=person_id)

    anki_col, csv_col, _ = st.columns([2, 2, 3])
    anki_col.download_button(
        "Anki deck (.apkg)",
        data=apkg,
        file_name=f"{stem}.apkg",
        mime="application/octet-stream",
        on_click="ignore",
        icon=":material/download:",
        key=f"{key}-apkg",
    )
    csv_col.download_button(
        "Spreadsheet (CSV)",
        data=csv,
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key=f"{key}-csv",
    )
