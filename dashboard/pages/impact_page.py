"""Training impact (leads): levels by month, time to proficiency, hours, retention, before /
after, the training's own return, the search product's ROI and the team's reports."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from dashboard import resources
from dashboard.components import (
    impact_views,
    knowledge_transfer_view,
    progress_view,
    report_downloads,
    roi_form,
)
from dashboard.components.loading import load
from insights import charts
from insights.knowledge_transfer import knowledge_transfer
from insights.reports import team_report
from insights.roi import RoiInputs
from storage import formats
from storage.people import list_people

viewer = resources.viewer()
today = resources.today(viewer)
st.title("Training impact")
if not viewer.is_lead:
    st.info("Training impact is for team leads.")
    st.stop()
charts_area = st.container()  # filled below, once the before / after date is known

st.subheader("Before and after", divider="gray")
day = st.columns([1, 3])[0].date_input(
    "Compare the team as it stood on",
    today - timedelta(days=90),
    max_value=today - timedelta(days=1),
    format=formats.DATE_INPUT_FORMAT,
    key="impact-since",
)
(view, home), people = load(
    lambda s: (
        resources.impact_figures(viewer, today, day),  # cached, in its own unit
        list_people(s, viewer.team_id),
    )
)
impact_views.before_after(view, key="impact-before-after")
st.caption(
    "Levels and targets met are the ratings as they stood at the end of each day; pass rate and "
    "retention cover the 30 days up to it, hours a week the 4 weeks up to it."
)

with charts_area:
    st.caption(
        f"The team's {len(people)} people. Levels: 0 none … 4 expert, over the competencies each "
        "person's role target asks for; the dashed line is the mean target."
    )
    st.subheader("Team level per competency group by month", divider="gray")
    if any(g.average_level is not None for g in view.group_levels):
        st.altair_chart(charts.group_levels(view), key="impact-levels")
    else:
        st.info(
            "No levels yet where a target asks: this follows the competencies each person's role "
            "(or a development goal) sets a target in. A lead sets role targets on Competency "
            "framework."
        )
    proficiency_col, hours_col = st.columns(2, gap="large")
    with proficiency_col:
        st.subheader("Time to proficiency per track", divider="gray")
        if view.proficiency:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "Track": p.track,
                            "Planned wk": p.planned_weeks,
                            "Done by": p.completed,
                            "Median wk": p.median_weeks,
                            "On it now": p.in_progress,
                        }
                        for p in view.proficiency
                    ]
                ),
                hide_index=True,
                key="impact-proficiency",
                placeholder="—",
                height=progress_view.table_height(len(view.proficiency)),
            )
            st.caption(
                "Median weeks from starting a track to completing it, over the people who did; "
                "planned: the track's schedule."
            )
        else:
            st.info("Nobody has started a track yet: a learner starts one on My learning.")
    with hours_col:
        st.subheader("Hours invested by level", divider="gray")
        if view.hours_by_level:
            st.altair_chart(charts.hours_by_level(view), key="impact-hours")
            st.caption(
                f"{formats.hours(view.total_training_hours)} logged in all, by curriculum level."
            )
        else:
            st.info("No learning hours logged yet: learners log them on My learning.")
    st.subheader("Measured review retention by month", divider="gray")
    if view.retention:
        st.altair_chart(charts.retention(view), key="impact-retention")
        st.caption("Share of reviews answered Hard, Good or Easy rather than Again.")
    else:
        st.info("No reviews in the last six months.")

st.subheader("What the training took and gave", divider="gray")
impact_views.training_return(view.training, key="impact-training")

st.subheader("Knowledge transfer", divider="gray")
transfer = load(lambda s: knowledge_transfer(s, actor=viewer, team_id=viewer.team_id, today=today))
knowledge_transfer_view.show(transfer, key="impact-transfer")

st.subheader("Value of the search product the team builds", divider="gray")
st.caption(
    "Not the training's return (that is above): a first-year ROI of the knowledge-search "
    "product itself — time its users save and support tickets it deflects, against building "
    "and running it and the hours the team spent learning to. On the templates of module 12 "
    "(Business value); defaults: the module's worked example, the team's support-deflection "
    "estimate and every hour the team has logged. Change any input."
)
estimate = roi_form.show(RoiInputs(training_hours=view.total_training_hours), key="impact-roi")

st.subheader("Reports", divider="gray")
if estimate is None:
    st.info("Fix the ROI inputs above to download the team report.")
else:
    report = load(
        lambda s: team_report(
            s,
            actor=viewer,
            home=home,
            impact=view,
            roi_inputs=estimate[0],
            roi_result=estimate[1],
            transfer=transfer,
        )
    )
    st.markdown("**Team report**: the KPIs, alerts, everything on this page and the ROI.")
    report_downloads.team(report, key="impact-team-report")
st.markdown("**One person's development report**")
names = {p.id: p.name for p in people}
person_id = st.columns([1, 2])[0].selectbox(
    "Person", list(names), format_func=names.get, key="impact-person"
)
report_downloads.development(viewer, person_id, name=names[person_id], key="impact-person-report")
