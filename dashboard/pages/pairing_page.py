"""Pairing and workload (leads): who mentors whom, and how loaded each mentor is."""

import pandas as pd
import streamlit as st

from dashboard import resources
from dashboard.components import progress_view, saving
from dashboard.components.loading import load
from mentoring.pairing import assign_mentor, mentor_workload, remove_mentor
from storage.enums import PersonRole
from storage.people import list_people

viewer = resources.viewer()
st.title("Pairing and workload")
if not viewer.is_lead:
    st.info("Pairing mentors and mentees is for team leads.")
    st.stop()
saving.flash(key="pairing")

people, workload = load(
    lambda s: (
        list_people(s, viewer.team_id),
        mentor_workload(s, actor=viewer, now=resources.now()),
    )
)
names = {p.id: p.name for p in people}

st.subheader("Mentor workload", divider="gray")
if not workload:
    st.info("Nobody mentors anyone yet: pair people below.")
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Mentor": w.name,
                    "Mentees": ", ".join(w.mentees),
                    "Count": len(w.mentees),
                    "Sessions a week": w.planned_per_week,
                    "Done, last 7 days": w.done_last_week,
                    "Missed 1:1s": w.missed_sessions,
                }
                for w in workload
            ]
        ),
        hide_index=True,
        key="pairing-workload",
        height=progress_view.table_height(len(workload)),
        column_config={
            "Sessions a week": st.column_config.NumberColumn(
                help="Planned, across the mentor's active plans."
            ),
            "Missed 1:1s": st.column_config.NumberColumn(
                help="Planned 1:1s whose day passed, neither held nor skipped."
            ),
        },
    )
    for w in workload:
        if w.missed_sessions:
            st.warning(
                f"**{w.name}** has {w.missed_sessions} missed 1:1s; worth asking whether the "
                "cadence still fits.",
                icon=":material/event_busy:",
            )

st.subheader("Who mentors whom", divider="gray")
mentees = [p for p in people if p.role is PersonRole.LEARNER]
st.dataframe(
    pd.DataFrame(
        [
            {"Person": p.name, "Job": p.job_role, "Mentor": names.get(p.mentor_id or 0)}
            for p in mentees
        ]
    ),
    hide_index=True,
    key="pairing-pairs",
    placeholder="no mentor",
    height=progress_view.table_height(len(mentees)),
)
mentors = [p.id for p in people if p.role is not PersonRole.LEARNER]
by_id = {p.id: p for p in people}
person_col, mentor_col = st.columns(2)
person_id = person_col.selectbox(
    "Person",
    [p.id for p in mentees] + [p.id for p in people if p.id in mentors and p.id != viewer.id],
    format_func=names.__getitem__,
    key="pairing-person",
)
current = by_id[person_id].mentor_id
choices = [m for m in mentors if m != person_id]
# Keyed per person and drawn anew after each save, so it starts at the current mentor.
mentor_id = mentor_col.selectbox(
    "Mentor",
    choices,
    index=choices.index(current) if current in choices else None,
    format_func=names.__getitem__,
    placeholder="No mentor yet: pick one",
    key=f"{saving.form_key('pairing-mentor')}-{person_id}",
)
assign_col, remove_col = st.columns([1, 3])
if assign_col.button(
    "Assign",
    type="primary",
    key="pairing-assign",
    disabled=mentor_id is None or mentor_id == current,
    help="Pick a different mentor to assign." if mentor_id == current else None,
):
    assert mentor_id is not None
    saving.save(
        lambda s: assign_mentor(
            s, actor=viewer, mentee_id=person_id, mentor_id=mentor_id, now=resources.now()
        ),
        key="pairing",
        message=f"{names[person_id]} is now mentored by {names[mentor_id]}.",
        reset=["pairing-mentor"],
    )
confirming = st.session_state.get("pairing-removing") == person_id
if (
    current is not None
    and not confirming
    and remove_col.button(f"Remove {names[current]} as mentor…", key="pairing-remove")
):
    st.session_state["pairing-removing"] = person_id
    st.rerun()
if current is not None and confirming:
    with st.container(border=True):
        st.warning(
            f"Remove **{names[current]}** as {names[person_id]}'s mentor? "
            f"{names[person_id]} will have no mentor until you assign one.",
            icon=":material/person_remove:",
        )
        yes_col, no_col = st.columns([1, 4])
        if yes_col.button("Remove mentor", type="primary", key="pairing-remove-confirm"):
            st.session_state.pop("pairing-removing", None)
            saving.save(
                lambda s: remove_mentor(s, actor=viewer, mentee_id=person_id, now=resources.now()),
                key="pairing",
                message=lambda former: f"{former} no longer mentors {names[person_id]}.",
                reset=["pairing-mentor"],
            )
        if no_col.button("Keep", key="pairing-remove-cancel"):
            st.session_state.pop("pairing-removing", None)
            st.rerun()
st.caption("An active mentoring plan moves to the new mentor with its sessions and items.")
