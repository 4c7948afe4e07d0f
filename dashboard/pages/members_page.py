"""Team members (leads for their team, organisation admins for any): who is in the team, add
someone, import a CSV, change, move or deactivate a person, export the list."""

import pandas as pd
import streamlit as st

from dashboard import resources
from dashboard.components import member_forms, people_import, progress_view, saving, team_forms
from dashboard.components.loading import load
from storage import formats
from storage.people_csv import export_people_csv
from storage.roster import list_teams, team_members

TEAM_KEY = "members-team"  # the Organisation page opens this page on a team through it

viewer = resources.viewer()
st.title("Team members")
if not (viewer.is_admin or viewer.is_lead):
    st.info("Adding and changing people is for team leads and organisation admins.")
    st.stop()
saving.flash(key="members")

teams = load(list_teams)
if viewer.is_admin and not teams:
    st.info("Every team is archived: restore one on the Organisation page.")
    st.stop()
if viewer.is_admin:
    by_id = {t.id: t for t in teams}
    if st.session_state.get(TEAM_KEY) not in by_id:
        st.session_state[TEAM_KEY] = viewer.team_id if viewer.team_id in by_id else teams[0].id
    team_id = st.selectbox("Team", list(by_id), key=TEAM_KEY, format_func=lambda i: by_id[i].name)
else:
    team_id = viewer.team_id
team = next((t for t in teams if t.id == team_id), None)
if team is None:
    st.warning("Your team is archived; an organisation admin can restore it.")
    st.stop()

members, export = load(
    lambda s: (
        team_members(s, actor=viewer, team_id=team.id),
        export_people_csv(s, actor=viewer, team_id=team.id),
    )
)
active = [m for m in members if m.active]
st.caption(
    f"**{team.name}** · {len(active)} active, {len(members) - len(active)} left · "
    f"lead: {', '.join(team.leads) or 'nobody yet'} · "
    f"time zone: {team.time_zone or 'the server’s'}"
)
with st.expander("Team settings", icon=":material/schedule:"):
    team_forms.time_zone_form(actor=viewer, team=team, key=f"members-zone-{team.id}")

# Keyed and tracked, so a save's rerun comes back to the tab the person was on.
listed, add, upload = st.tabs(
    ["People", "Add a person", "Import from CSV"], key="members-tabs", on_change="rerun"
)
with listed:
    show_leavers = st.toggle("Show people who left", key="members-leavers")
    shown = members if show_leavers else active
    if not shown:
        st.info("Nobody is in this team yet: add someone or import a CSV in the tabs above.")
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Name": m.name,
                        "Email": m.email,
                        "Role": str(m.role),
                        "Job role": m.job_role,
                        "Mentor": m.mentor_name,
                        "Joined": m.joined_on,
                        "Status": "active" if m.active else f"left {formats.day(m.left_on)}",
                        "Admin": m.is_admin,
                    }
                    for m in shown
                ]
            ),
            hide_index=True,
            key="members-table",
            height=progress_view.table_height(len(shown)),
            placeholder="—",
            column_config={"Joined": st.column_config.DateColumn(format=formats.DAY_COLUMN_FORMAT)},
        )
    st.download_button(
        "Download the people list (CSV)",
        export,
        file_name=f"{team.name.lower().replace(' ', '-')}-people.csv",
        mime="text/csv",
        key="members-export",
        on_click="ignore",  # downloading changes nothing the page shows
        icon=":material/download:",
    )

    st.subheader("Change someone", divider="gray")
    pickable = {m.id: m for m in shown}
    if pickable:
        chosen = st.selectbox(
            "Person",
            list(pickable),
            key="members-chosen",
            format_func=lambda i: pickable[i].name + ("" if pickable[i].active else " (left)"),
        )
        member = pickable[chosen]
        if member.active:
            member_forms.edit_form(actor=viewer, member=member, members=members)
        with st.expander("Leaving or returning", icon=":material/logout:"):
            member_forms.status_controls(actor=viewer, member=member)
        if viewer.is_admin:
            with st.expander("Organisation admin", icon=":material/corporate_fare:"):
                member_forms.admin_controls(actor=viewer, member=member, teams=teams)

with add:
    member_forms.add_form(actor=viewer, team=team, members=members, key="members-add")

with upload:
    people_import.show(actor=viewer, team=team, key="members-import")
