"""Mentees (mentors, leads): gaps, last and next 1:1, open items and overdue 1:1s at a glance."""

import pandas as pd
import streamlit as st

from dashboard import resources
from dashboard.components import mentee_picker, progress_view
from dashboard.components.loading import load
from mentoring.pairing import mentees_overview
from storage import formats

viewer = resources.viewer()
today = resources.today(viewer)
st.title("Mentees")
rows = load(lambda s: mentees_overview(s, actor=viewer, today=today))

if viewer.is_lead:
    st.caption("Everyone in the team who has a mentor, with their mentoring at a glance.")
else:
    st.caption("Your mentees: where their gaps are, when you last and next meet, what is open.")
if not rows:
    st.info(
        "No mentees yet. A team lead pairs mentors and mentees under Pairing."
        if not viewer.is_lead
        else "Nobody has a mentor yet: pair people under Pairing."
    )
    st.stop()

for row in rows:
    if row.overdue is not None:
        st.warning(f"**{row.name}**: {row.overdue.reason}.", icon=":material/event_busy:")

table = pd.DataFrame(
    [
        {
            "Mentee": r.name,
            "Mentor": r.mentor_name,
            "Largest gaps": "; ".join(r.gaps[:2])
            or ("none" if r.has_targets else "no role targets set yet"),
            "Plan": f"{r.plan.weeks} wk · {r.plan.sessions_per_week}×{r.plan.session_minutes} min"
            if r.plan
            else "no plan yet",
            "Last session": r.last_session.date() if r.last_session else None,
            "Next session": r.next_session.date() if r.next_session else None,
            "Open": r.open_items,
            "Overdue": r.overdue_items,
            "Missed 1:1s": r.missed_sessions,
        }
        for r in rows
    ]
)
if not viewer.is_lead:
    table = table.drop(columns=["Mentor"])
st.dataframe(
    table,
    hide_index=True,
    key="mentees-table",
    placeholder="—",
    height=progress_view.table_height(len(table)),
    column_config={
        "Largest gaps": st.column_config.TextColumn(
            width="medium", help="Competency current level→role target, the two largest."
        ),
        "Plan": st.column_config.TextColumn(help="Weeks · sessions a week × minutes."),
        "Last session": st.column_config.DateColumn("Last 1:1", format=formats.DAY_COLUMN_FORMAT),
        "Open": st.column_config.NumberColumn(help="Open action items."),
        "Overdue": st.column_config.NumberColumn(help="Open action items past their due date."),
        "Next session": st.column_config.DateColumn(
            "Next 1:1", format=formats.DAY_COLUMN_FORMAT, help="The next 1:1 still to come."
        ),
        "Missed 1:1s": st.column_config.NumberColumn(
            help="Planned 1:1s whose day passed, neither held nor skipped."
        ),
    },
)
st.caption("Levels: 0 none, 1 basic, 2 intermediate, 3 advanced, 4 expert.")

st.subheader("Open a mentee's next 1:1", divider="gray")
by_id = {r.mentee_id: r.name for r in rows}
pick_col, button_col = st.columns([2, 3], vertical_alignment="bottom")
with pick_col:
    chosen = mentee_picker.show(by_id, key="mentees-pick")
with button_col:
    open_col, plan_col = st.columns(2)
if open_col.button("Open next session", type="primary", key="mentees-open"):
    st.switch_page("pages/session_page.py")
if plan_col.button("Open their development plan", key="mentees-goals"):
    st.switch_page("pages/development_page.py")
