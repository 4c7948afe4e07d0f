"""Audit log: who changed what and when (ratings, targets, plans, notes, imports), for leads."""

import pandas as pd
import streamlit as st

from dashboard import resources
from dashboard.components import progress_view
from dashboard.components.loading import load
from storage import formats
from storage.audit import AUDIT_PAGE_ROWS, action_label, audit_actions, audit_log
from storage.people import list_people

viewer = resources.viewer()
today = resources.today(viewer)
st.title("Audit log")
st.caption(
    "Every change to people and teams, ratings, assessments, quiz evidence, targets, the "
    "framework, mentoring plans and sessions, review settings and notes, with who made it "
    "and when. Nothing here can be edited."
)

# An organisation admin reads every team's events, so may pick anyone.
people, actions = load(
    lambda s: (list_people(s, None if viewer.is_admin else viewer.team_id), audit_actions(s))
)
names = {p.id: p.name for p in people}

who, what, since, until = st.columns([2, 2, 1, 1])
person_id = who.selectbox(
    "Who",
    list(names),
    index=None,
    format_func=names.__getitem__,
    placeholder="Anyone",
    key="audit-person",
)
action = what.selectbox(
    "What",
    actions,
    index=None,
    format_func=action_label,
    placeholder="Any change",
    key="audit-action",
)
start = since.date_input(
    "From", value=None, max_value=today, format=formats.DATE_INPUT_FORMAT, key="audit-since"
)
end = until.date_input(
    "To", value=None, max_value=today, format=formats.DATE_INPUT_FORMAT, key="audit-until"
)

entries = load(
    lambda s: audit_log(
        s, actor=viewer, since=start, until=end, by_person_id=person_id, action=action
    )
)

if not entries:
    st.info("No changes match these filters.")
    st.stop()
if len(entries) == AUDIT_PAGE_ROWS:
    st.caption(f"The newest {AUDIT_PAGE_ROWS} changes; narrow the filters to see older ones.")
table = pd.DataFrame(
    [
        {
            "When": e.at,
            "Who": e.actor_name,
            "Team": e.team_name,
            "What happened": e.detail,
        }
        for e in entries
    ]
)
if not viewer.is_admin:
    table = table.drop(columns="Team")  # a lead reads their own team's changes only
st.dataframe(
    table,
    hide_index=True,
    key="audit-table",
    height=min(progress_view.table_height(len(table)), 740),
    column_config={
        "When": st.column_config.DatetimeColumn(
            "When", format=formats.MOMENT_COLUMN_FORMAT, width=130
        ),
        "Who": st.column_config.TextColumn("Who", width=130),
        "Team": st.column_config.TextColumn("Team", width=130),
        # Hover a cut-off sentence to read all of it.
        "What happened": st.column_config.TextColumn("What happened", width="large"),
    },
)
