"""A learner's track progress: headline figures, module table, hours chart, recent log."""

from __future__ import annotations

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from curriculum.progress import LearnerOverview, WeeklyHours
from curriculum.schedule import Pace
from storage import formats
from storage.enums import LearningStage

PACE_BADGES = {
    Pace.AHEAD: ":green-badge[:material/rocket_launch: Ahead]",
    Pace.ON_TRACK: ":green-badge[:material/check: On track]",
    Pace.BEHIND: ":orange-badge[:material/schedule: Behind]",
    Pace.COMPLETED: ":blue-badge[:material/flag: Completed]",
    Pace.NOT_STARTED: ":gray-badge[Not started]",
}
STATUS_LABELS = {"not_started": "Not started", "in_progress": "In progress", "completed": "Done"}
STAGE_LABELS = {
    LearningStage.CONCRETE_EXPERIENCE: "Concrete experience",
    LearningStage.REFLECTIVE_OBSERVATION: "Reflective observation",
    LearningStage.ABSTRACT_CONCEPTUALISATION: "Abstract conceptualisation",
    LearningStage.ACTIVE_EXPERIMENTATION: "Active experimentation",
}
# One colour per stage, the same in every chart and for every learner: a scale over only the
# stages someone logged would hand out colours by position, so a stage changed colour.
STAGE_COLOURS = {
    LearningStage.CONCRETE_EXPERIENCE: "#e0642f",
    LearningStage.REFLECTIVE_OBSERVATION: "#7b4fa0",
    LearningStage.ABSTRACT_CONCEPTUALISATION: "#2f6f8f",
    LearningStage.ACTIVE_EXPERIMENTATION: "#66a182",
}
STAGE_SCALE = alt.Scale(
    domain=[STAGE_LABELS[s] for s in LearningStage],
    range=[STAGE_COLOURS[s] for s in LearningStage],
)


def show(overview: LearnerOverview, *, key: str) -> None:
    """Render everything about one learner's progress; `key` keeps widgets apart."""
    enrollment = overview.enrollment
    if enrollment is None:
        st.info(f"{overview.person.name} is not on a track yet.")
        return
    pace = overview.pace
    assert pace is not None
    st.markdown(
        f"**{enrollment.track_name}** · started {formats.day(enrollment.started_on)} · "
        f"planned end {formats.day(enrollment.expected_end)} &nbsp; {PACE_BADGES[pace.pace]}"
    )
    cols = st.columns(4)
    cols[0].metric(
        "Progress", f"{pace.actual_percent} %", help="Hours-weighted share of the track done."
    )
    cols[1].metric(
        "Expected by today",
        f"{pace.expected_percent} %",
        delta=f"{pace.actual_percent - pace.expected_percent:+d} points",
        delta_color="normal",
    )
    cols[2].metric("Hours logged", formats.hours(overview.total_hours))
    next_module = overview.next_module
    with cols[3]:  # a title is too long for a metric's big type
        st.caption("Next module")
        if next_module is None:
            st.markdown("**All done**")
        else:
            st.markdown(
                f"**{next_module.title}**  \nplanned by {formats.day(next_module.expected_end)}"
                + (" · overdue" if next_module.overdue else "")
            )
    overdue = [m.title for m in overview.modules if m.overdue]
    if overdue and pace.pace != Pace.COMPLETED:
        st.warning("Past their planned dates: " + ", ".join(overdue) + ".")

    table = pd.DataFrame(
        [
            {
                "Module": m.title,
                "Level": m.level_number,
                "Planned": f"{formats.day(m.expected_start)} – {formats.day(m.expected_end)}",
                "Status": STATUS_LABELS[m.status] + (" · overdue" if m.overdue else ""),
                "Progress": m.percent,
                "Hours": f"{formats.hours(m.hours_logged)} of {formats.hours(m.hours)}",
            }
            for m in overview.modules
        ]
    )
    st.dataframe(
        table,
        hide_index=True,
        key=f"{key}-modules",
        height=table_height(len(table)),
        column_config={
            "Progress": st.column_config.ProgressColumn(
                "Progress", min_value=0, max_value=100, format=formats.PERCENT_COLUMN_FORMAT
            )
        },
    )
    _hours_chart(overview)
    _recent(overview)
    if overview.past_enrollments:
        st.caption(
            "Earlier tracks: "
            + "; ".join(
                f"{e.track_name} from {formats.day(e.started_on)} ({e.status.value})"
                for e in overview.past_enrollments
            )
        )


def table_height(rows: int) -> int:
    """Pixel height that shows every row of a dataframe without an inner scroll bar."""
    return 38 + 35 * max(rows, 1)


def _hours_chart(overview: LearnerOverview) -> None:
    st.subheader("Hours per week", divider="gray")
    if not overview.weekly_hours:
        st.caption("No hours logged in the last six months.")
        return
    st.altair_chart(hours_chart(overview.weekly_hours))


def hours_chart(weeks: list[WeeklyHours]) -> alt.Chart:
    """Hours logged per week, stacked by learning stage in the stages' fixed colours."""
    data = pd.DataFrame(
        [
            {
                "Week": w.week_start.isoformat(),
                "Week end": (w.week_start + timedelta(days=6)).isoformat(),
                "Stage": STAGE_LABELS[w.stage],
                "Hours": w.hours,
            }
            for w in weeks
        ]
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("Week:T", title="Week", axis=alt.Axis(format=formats.CHART_DAY_FORMAT)),
            x2="Week end:T",  # bars span their whole week, so quiet weeks show as gaps
            y=alt.Y("sum(Hours):Q", title="Hours"),
            color=alt.Color(
                "Stage:N",
                title="Learning stage",
                scale=STAGE_SCALE,
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("Week:T", title="Week of", format=formats.CHART_DAY_FORMAT),
                "Stage:N",
                alt.Tooltip("sum(Hours):Q", title="Hours"),
            ],
        )
        .properties(height=260)
    )


def _recent(overview: LearnerOverview) -> None:
    st.subheader("Recent activity", divider="gray")
    if not overview.recent_activity:
        st.caption("Nothing logged yet.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Date": a.occurred_on,
                    "Module": a.module_title,
                    "Hours": a.hours,
                    "Activity": a.kind.value.capitalize(),
                    "Stage": STAGE_LABELS[a.stage],
                    "Note": a.note,
                }
                for a in overview.recent_activity
            ]
        ),
        hide_index=True,
        column_config={"Date": st.column_config.DateColumn(format=formats.DAY_COLUMN_FORMAT)},
    )
