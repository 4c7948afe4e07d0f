"""Pairing and workload (leads): who mentors whom, and how loaded each mentor is."""

import pandas as pd
import streamlit as st

from dashboard import resources
from dashboard.components import progress_view, saving
from mentoring.pairing import assign_mentor, mentor_workload
from storage.models import PersonRole, utc_now
from storage.people import list_people

viewer = resources.viewer()
st.title("Pairing and workload")
if not viewer.is_lead:
    st.info("Pairing mentors and mentees is for team leads.")
    st.stop()
saving.flash(key="pairing")

with resources.session() as session:
    people = list_people(session, viewer.team_id)
    workload = mentor_workload(session, actor=viewer, now=utc_now())
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
                    "Late 1:1s": w.late_sessions,
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
            "Late 1:1s": st.column_config.NumberColumn(
                help="Sessions whose day passed without being marked done."
            ),
        },
    )
    for w in workload:
        if w.late_sessions:
            st.warning(
                f"**{w.name}** has {w.late_sessions} late 1:1s; worth asking whether the "
                "cadence still fits.",
                icon=":material/event_busy:",
            )

st.subheader("Who mentors whom", divider="gray")
mentees = [p for p in people if p.role == PersonRole.LEARNER]
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
mentors = [p.id for p in people if p.role != PersonRole.LEARNER]
with st.form("pairing-form"):
    person_col, mentor_col = st.columns(2)
    person_id = person_col.selectbox(
        "Person",
        [p.id for p in mentees] + [p.id for p in people if p.id in mentors and p.id != viewer.id],
        format_func=names.__getitem__,
        key="pairing-person",
    )
    mentor_id = mentor_col.selectbox(
        "Mentor",
        mentors,
        index=None,
        format_func=names.__getitem__,
        placeholder="No mentor",
        key="pairing-mentor",
    )
    if st.form_submit_button("Assign", type="primary", key="pairing-assign"):
        saving.save(
            lambda s: assign_mentor(s, actor=viewer, mentee_id=person_id, mentor_id=mentor_id),
            key="pairing",
            message=f"{names[person_id]} is now mentored by {names[mentor_id]}."
            if mentor_id
            else f"{names[person_id]} has no mentor now.",
        )
st.caption("An active mentoring plan moves to the new mentor with its sessions and items.")
