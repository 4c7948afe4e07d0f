"""Communities (everyone): groups across the organisation's teams around a topic, with their
members, sessions, notes and who in the group is advanced or better in what."""

import streamlit as st
from sqlmodel import Session

from assessments.framework import list_competencies
from assessments.rules import LEVEL_NAMES
from curriculum.catalog import learning_path
from dashboard import resources
from dashboard.components import community_notes as community_notes_view
from dashboard.components import note_text, saving
from dashboard.components.loading import load
from dashboard.components.plain_text import plain
from mentoring.communities import (
    CommunityNotes,
    CommunityView,
    Strength,
    community_notes,
    community_strengths,
    create_community,
    join_community,
    leave_community,
    list_communities,
    shareable_notes,
)
from mentoring.sharing import SessionView, sessions_for

KEY = "communities"
viewer = resources.viewer()
now = resources.now()
st.title("Communities")
st.caption(
    "Communities of practice bring people of every team together around a topic. Anyone "
    "joins or leaves; whoever started one (or an admin) manages it."
)
saving.flash(key=KEY)
communities = load(list_communities)

if communities:
    by_id = {c.id: c for c in communities}
    chosen = st.selectbox(
        "Community",
        list(by_id),
        # The name only: a count in the label stays stale in the browser after a join.
        format_func=lambda i: by_id[i].name,
        key=f"{KEY}-chosen",
    )
    community: CommunityView = by_id[chosen]

    def read(
        s: Session,
    ) -> tuple[list[SessionView], CommunityNotes, list[Strength], dict[int, str]]:
        return (
            sessions_for(s, actor=viewer, community_id=community.id),
            community_notes(s, actor=viewer, community_id=community.id),
            community_strengths(s, community.id),
            shareable_notes(s, actor=viewer, community_id=community.id),
        )

    sessions, notes, strengths, shareable = load(read)
    member = viewer.id in community.member_ids
    st.markdown(f"**Topic:** {community.topic}  \nStarted by {community.created_by_name}.")
    if community.description:
        st.caption(note_text.without_images(community.description))  # no image loaded
    if member:
        if st.button("Leave the community", key=f"{KEY}-leave"):
            saving.save(
                lambda s: leave_community(
                    s, actor=viewer, community_id=community.id, now=resources.now()
                ),
                key=KEY,
                message=f"You left “{community.name}”.",
            )
    elif st.button("Join the community", key=f"{KEY}-join", type="primary"):
        saving.save(
            lambda s: join_community(
                s, actor=viewer, community_id=community.id, now=resources.now()
            ),
            key=KEY,
            message=f"You joined “{community.name}”: its sessions are now on Sharing sessions.",
        )
    members_tab, strong_tab, sessions_tab, notes_tab = st.tabs(
        ["Members", "Who is strong in what", "Sessions", "Notes"], key=f"{KEY}-tabs"
    )
    with members_tab:
        for m in community.members:
            name_col, action_col = st.columns([4, 1])
            name_col.markdown(f"{m.name} · {m.team_name}")
            if (
                community.can_manage(viewer)
                and m.person_id != viewer.id
                and action_col.button("Remove", key=f"{KEY}-remove-{m.person_id}")
            ):
                saving.save(
                    lambda s, pid=m.person_id: leave_community(
                        s,
                        actor=viewer,
                        community_id=community.id,
                        person_id=pid,
                        now=resources.now(),
                    ),
                    key=KEY,
                    message=f"Removed {m.name} from “{community.name}”.",
                )
    with strong_tab:
        st.caption("Members at advanced or better, by the level the competency matrix shows.")
        if not strengths:
            st.info("Nobody in the community is advanced or better in its topic yet.")
        for strength in strengths:
            people = ", ".join(f"{n} ({t}, {LEVEL_NAMES[lv]})" for n, t, lv in strength.people)
            st.markdown(f"**{strength.competency_name}**: {people}")
    with sessions_tab:
        if not sessions:
            st.info("No session of this community yet; members propose one on Sharing sessions.")
        for v in sessions:
            state = "cancelled" if v.cancelled else ("held" if v.started(now) else "coming")
            st.markdown(f"**{plain(v.title)}** · {v.kind.label.lower()} · {v.when} · {state}")
    with notes_tab:
        community_notes_view.notes_tab(viewer, community, notes, shareable, key=KEY)
else:
    st.info("No community yet: start the first one below.")

with st.expander("Start a community", expanded=not communities):
    topics = load(
        lambda s: (
            {c.key: c.name for c in list_competencies(s, viewer.team_id)},
            {m.key: m.title for level in learning_path(s) for m in level.modules},
        )
    )
    form = saving.form_key(f"{KEY}-new")
    with st.form(form):
        name = st.text_input("Name", key=f"{form}-name", placeholder="Retrieval quality")
        description = st.text_area("What it is for", key=f"{form}-description", height=80)
        competency_keys = st.multiselect(
            "Competencies", list(topics[0]), format_func=topics[0].get, key=f"{form}-competencies"
        )
        module_keys = st.multiselect(
            "Modules", list(topics[1]), format_func=topics[1].get, key=f"{form}-modules"
        )
        if st.form_submit_button("Start the community", type="primary"):
            saving.save(
                lambda s: create_community(
                    s,
                    actor=viewer,
                    name=name,
                    description=description,
                    competency_keys=competency_keys,
                    module_keys=module_keys,
                    now=resources.now(),
                ),
                key=KEY,
                message=lambda made: f"Started “{made.name}”; you are its first member.",
                reset=[f"{KEY}-new"],
            )
