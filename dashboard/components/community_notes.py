"""A community's Notes tab: the notes shared with it that the viewer may read, each to open in
full, to stop sharing (its author, the community's creator, an admin), and the viewer's own
team notes to share."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from dashboard import resources
from dashboard.components import saving, search_reader
from mentoring.communities import CommunityNotes, CommunityView, share_note, unshare_note
from storage.formats import day
from storage.people import PersonRef
from storage.search_sources import NOTE_SOURCE


def notes_tab(
    viewer: PersonRef,
    community: CommunityView,
    notes: CommunityNotes,
    shareable: Mapping[int, str],
    *,
    key: str,
) -> None:
    """`shareable`: the viewer's own notes shared with their team, not yet shared here."""
    opened_key = f"{key}-opened-{community.id}"
    st.caption(
        "Every member reads the notes shared here, whatever their team, while the note stays "
        "shared with its own team."
    )
    if not notes.readable:
        st.info("No note shared with this community that you may read.")
    for n in notes.readable:
        title_col, open_col, unshare_col = st.columns([5, 1, 1])
        title_col.markdown(
            f"**{n.title}** · {n.author_name} ({n.team_name}) · updated {day(n.updated_at)}"
        )
        if open_col.button("Read", key=f"{key}-open-{n.note_id}"):
            st.session_state[opened_key] = (NOTE_SOURCE, n.note_id)
        if n.can_unshare and unshare_col.button("Unshare", key=f"{key}-unshare-{n.note_id}"):
            saving.save(
                lambda s, note_id=n.note_id: unshare_note(
                    s,
                    actor=viewer,
                    community_id=community.id,
                    note_id=note_id,
                    now=resources.now(),
                ),
                key=key,
                message=lambda title: f"“{title}” is no longer shared with “{community.name}”.",
            )
    if notes.hidden:
        st.caption(
            f"{notes.hidden} more shared here that you may not read: members of other teams read "
            "them once they join, and a note its author has since made private stays theirs."
        )
    if st.session_state.get(opened_key):
        search_reader.show(viewer, resources.retriever(), opened_key=opened_key, key=f"{key}-read")
    if viewer.id not in community.member_ids:
        return
    if not shareable:
        st.caption("Notes you write and share with your team can be shared here too.")
        return
    with st.form(f"{key}-share"):
        note_id = st.selectbox(
            "Share one of your notes",
            list(shareable),
            format_func=shareable.get,
            help="Only notes you wrote and share with your team; private notes stay yours.",
        )
        if st.form_submit_button("Share with the community"):
            saving.save(
                lambda s: share_note(
                    s,
                    actor=viewer,
                    community_id=community.id,
                    note_id=note_id,
                    now=resources.now(),
                ),
                key=key,
                message=lambda title: (
                    f"Shared “{title}” with “{community.name}”: every member can read it now."
                ),
            )
