"""Organisation (admins): every team side by side, new teams, renaming and archiving."""

import pandas as pd
import streamlit as st

from dashboard import resources
from dashboard.components import progress_view, saving, team_forms
from dashboard.components.loading import load
from insights.organisation import organisation_overview
from storage import formats
from storage.people import organisation
from storage.roster import list_teams

viewer = resources.viewer()
st.title("Organisation")
if not viewer.is_admin:
    st.info("The organisation overview is for organisation admins.")
    st.stop()
saving.flash(key="organisation")
today = resources.today(viewer)
overview, teams, org = load(
    lambda s: (
        organisation_overview(s, actor=viewer, today=today),
        {t.id: t for t in list_teams(s, include_archived=True)},
        organisation(s),
    )
)

st.caption(
    (f"**{org.name}** · " if org else "")
    + f"{len(overview)} team(s), {sum(t.members for t in overview)} people, on "
    f"{formats.day(today)}."
)
if org is not None and org.demo:
    st.info(
        "This is the demo organisation. A real one starts on an empty data folder: "
        "`PROFICIO_DEMO=0 make run`, then **Set up my team**.",
        icon=":material/info:",
    )
if overview:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Team": t.name,
                    "Lead": ", ".join(t.leads) or "nobody",
                    "Members": t.members,
                    "Average level": t.average_level,
                    "Target": t.average_target,
                    "On track": t.on_track,
                    "Review retention": t.retention,
                    "Overdue 1:1s": t.overdue_one_on_ones,
                }
                for t in overview
            ]
        ),
        hide_index=True,
        key="organisation-teams",
        height=progress_view.table_height(len(overview)),
        placeholder="—",
        column_config={
            "Average level": st.column_config.NumberColumn(
                format="%.2f", help="Mean level (0 none … 4 expert) over the role targets."
            ),
            "Target": st.column_config.NumberColumn(format="%.2f"),
            "On track": st.column_config.NumberColumn(
                format="%.0f %%", help="Of the people on a started track."
            ),
            "Review retention": st.column_config.NumberColumn(
                format="%.0f %%", help="Reviews recalled in the last 30 days."
            ),
        },
    )

st.subheader("Teams", divider="gray")
for team in overview:
    people = "person" if team.members == 1 else "people"
    with st.expander(f"{team.name} · {team.members} {people}", icon=":material/groups:"):
        if st.button(
            f"Open {team.name}'s members",
            key=f"team-{team.team_id}-open",
            icon=":material/manage_accounts:",
        ):
            st.session_state["members-team"] = team.team_id
            st.switch_page("pages/members_page.py")
        team_forms.manage(actor=viewer, team=teams[team.team_id])
for archived in (t for t in teams.values() if t.archived):
    with st.expander(f"{archived.name} · archived", icon=":material/inventory_2:"):
        team_forms.manage(actor=viewer, team=archived)

st.subheader("New team", divider="gray")
team_forms.create_form(actor=viewer, key="organisation-new")
