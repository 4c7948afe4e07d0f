"""People: everyone in the team with role, track, mentor and progress; one person in detail."""

import pandas as pd
import streamlit as st

from curriculum.progress import learner_overview, team_progress
from curriculum.schedule import Pace
from dashboard import resources
from dashboard.components import progress_view
from dashboard.components.loading import load
from storage import formats
from storage.enums import PersonRole
from storage.people import team_name

viewer = resources.viewer()
today = resources.today(viewer)

st.title("People")
rows, name = load(
    lambda s: (
        team_progress(s, actor=viewer, team_id=viewer.team_id, today=today),
        team_name(s, viewer.team_id),
    )
)

st.caption(
    f"{name} · {len(rows)} people"
    + ("" if viewer.is_lead else ": you and your mentees; a team lead sees everyone")
)
if not rows:
    st.info("Nobody is in this team yet: a lead adds people on **Team members**.")
    st.stop()

mine_only = False
if viewer.role is PersonRole.MENTOR:
    mine_only = st.toggle("Only my mentees", value=False, key="people-mine")
pace_filter = st.multiselect(
    "Pace",
    [Pace.BEHIND, Pace.ON_TRACK, Pace.AHEAD, Pace.COMPLETED],
    format_func=str,
    key="people-pace",
    placeholder="Any pace",
)
shown = [
    r
    for r in rows
    if (not mine_only or r.mentor_id == viewer.id) and (not pace_filter or r.pace in pace_filter)
]
table = pd.DataFrame(
    [
        {
            "Name": r.name,
            "Role": r.role.capitalize(),
            "Job": r.job_role,
            "Mentor": r.mentor,
            "Track": r.track,
            "Progress": r.actual_percent,
            "Expected": r.expected_percent,
            "Pace": r.pace,
            "Last activity": r.last_activity,
            "Hours, 30 d": r.hours_last_30_days,
        }
        for r in shown
    ]
)
if table.empty:
    st.info("Nobody matches these filters.")
else:
    st.dataframe(
        table,
        hide_index=True,
        key="people-table",
        height=progress_view.table_height(len(table)),
        placeholder="—",
        column_config={
            "Progress": st.column_config.ProgressColumn(
                "Progress",
                min_value=0,
                max_value=100,
                format=formats.PERCENT_COLUMN_FORMAT,
                width="small",
            ),
            "Expected": st.column_config.NumberColumn(
                "Expected", format=formats.PERCENT_COLUMN_FORMAT
            ),
            "Last activity": st.column_config.DateColumn(format=formats.DAY_COLUMN_FORMAT),
        },
    )
behind = [r.name for r in rows if r.pace is Pace.BEHIND]
if behind:
    st.warning("Behind their track's schedule: " + ", ".join(behind) + ".")

st.subheader("One person in detail", divider="gray")
by_id = {r.person_id: r for r in rows}
chosen = st.selectbox(
    "Person",
    list(by_id),
    format_func=lambda pid: by_id[pid].name,
    key="people-detail",
    index=None,
    placeholder="Choose someone to see their track and log",
)
if chosen is not None:
    detail = load(lambda s: learner_overview(s, actor=viewer, person_id=chosen, today=today))
    progress_view.show(detail, key="detail")
