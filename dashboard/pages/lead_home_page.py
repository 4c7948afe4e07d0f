"""Home for a team lead: the team's KPIs with their trend, and what needs acting on."""

import streamlit as st

from assessments.practical import waiting_for
from dashboard import resources
from dashboard.components import alert_links, kpi_tiles, notes_due, sharing_views
from dashboard.components.loading import load
from storage import formats
from storage.people import team_name

viewer = resources.viewer()
today = resources.today(viewer)
st.title("Home")
# The figures are cached (and read in a unit of their own); a refusal stops the page likewise.
home, team, to_grade = load(
    lambda s: (
        resources.team_home_figures(viewer, today),
        team_name(s, viewer.team_id),
        waiting_for(s, actor=viewer),
    )
)

st.caption(f"**{team}** on {formats.weekday_day(today)}. Hover a figure to see how it is measured.")
if home.kpi("members").value == 0:
    st.info("The team has nobody in it yet: add people on **Team members**.")
    st.stop()
kpi_tiles.show(home.kpis, key="home-kpis")
if home.kpi("average_level").target is None:
    # A new team: levels, gaps and single-person skills have nothing to measure against.
    st.info(
        "No role targets yet, so there are no gaps to show. Set what each job role should "
        "reach on **Competency framework → Role targets**.",
        icon=":material/flag:",
    )
    st.page_link("pages/framework_page.py", label="Set role targets", icon=":material/tune:")

sharing_views.next_session(viewer)
st.subheader("Needs attention", divider="gray")
alert_links.show(home.alerts, key="home-alerts")
if to_grade:
    oldest = (today - to_grade[0].submitted_at.date()).days
    st.page_link(
        "pages/practical_page.py",
        label=f"{len(to_grade)} hand-in{'s' if len(to_grade) != 1 else ''} waiting for a grade "
        f"(the oldest for {oldest} day{'s' if oldest != 1 else ''})",
        icon=":material/grading:",
    )
notes_due.home_section(viewer, today)

st.subheader("More", divider="gray")
links = st.columns(3)
links[0].page_link(
    "pages/impact_page.py", label="Impact, ROI and reports", icon=":material/insights:"
)
links[1].page_link("pages/people_page.py", label="Everyone's progress", icon=":material/groups:")
links[2].page_link("pages/pairing_page.py", label="Mentor workload", icon=":material/handshake:")
