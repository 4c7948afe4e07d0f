"""The competency matrix's section on one person: their level beside the team average and
their role's target, and the rating history of one competency."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from assessments.ratings import MatrixView, PersonComparison, RatingView, level_history
from assessments.rules import LEVEL_NAMES, gap
from dashboard.components import progress_view
from dashboard.components.loading import load
from dashboard.components.matrix_heatmap import NO_EVIDENCE, level_label
from storage import formats
from storage.enums import RaterKind
from storage.people import PersonRef

KIND_LABELS = {
    RaterKind.MENTOR: "Mentor",
    RaterKind.LEAD: "Lead",
    RaterKind.QUIZ: "Quiz",
    RaterKind.SELF: "Self",
    RaterKind.PEER: "Peer",
    RaterKind.PRACTICAL: "Practical",
    RaterKind.PRESENTATION: "Presentation",
}
KIND_COLOURS = ["#2f6f8f", "#7b4fa0", "#e0a030", "#d1495b", "#66a182", "#8c6d31", "#3d5a80"]
LEVEL, AVERAGE, TARGET = "Level", "Team average", "Role target"
SERIES = [LEVEL, AVERAGE, TARGET]
SERIES_COLOURS = ["#2f6f8f", "#6b6b6b", "#e0642f"]
# A filled dot for the person, a ring for the team average, an upright bar for the target;
# as filled SVG paths in Vega's unit square, so the legend draws each as the chart does.
RING = "M-1,0A1,1,0,1,1,1,0A1,1,0,1,1,-1,0ZM-0.62,0A0.62,0.62,0,1,0,0.62,0A0.62,0.62,0,1,0,-0.62,0Z"
BAR = "M-0.16,-1H0.16V1H-0.16Z"
SERIES_SHAPES = ["circle", RING, BAR]
LEVEL_AXIS = alt.Axis(
    values=list(LEVEL_NAMES),
    labelExpr=f"{list(LEVEL_NAMES.values())}[datum.value]",
    labelOverlap=False,
    labelFontSize=12,
    grid=True,
)
# A little room beyond 0 and 4 so marks at either end are not cut by the axis.
LEVEL_SCALE = alt.Scale(domain=[-0.25, 4.25], nice=False, zero=False)


def show(viewer: PersonRef, matrix: MatrixView, *, key: str) -> None:
    """Pick one of the matrix's people: their comparison, then one competency's history."""
    names = {p.id: p.name for p in matrix.people}
    competency_names = {c.key: c.name for c in matrix.competencies}
    person_id = st.columns([2, 3])[0].selectbox(
        "Person", list(names), format_func=names.get, key=f"{key}-person"
    )
    comparison(matrix.compare(person_id), name=names[person_id], key=f"{key}-compare")
    competency = st.columns([2, 3])[0].selectbox(
        f"{names[person_id]}'s level history in",
        list(competency_names),
        format_func=competency_names.get,
        key=f"{key}-history-competency",
    )
    ratings = load(
        lambda s: level_history(s, actor=viewer, person_id=person_id, competency_key=competency)
    )
    history(ratings, key=f"{key}-history")


def comparison(rows: list[PersonComparison], *, name: str, key: str) -> None:
    """Dot chart and table: this person's level, the team average and their role's target."""
    chart = comparison_chart(rows)
    table = pd.DataFrame(
        [
            {
                "Competency": r.competency_name,
                "Level": level_label(r.level),
                "Team avg": r.team_average,
                "Target": LEVEL_NAMES[r.target] + (" (personal)" if r.personal_target else ""),
                "Short by": gap(r.level, r.target),
            }
            for r in rows
        ]
    )
    chart_tab, table_tab = st.tabs(["Chart", "Table"])
    chart_tab.altair_chart(chart, key=f"{key}-chart")
    table_tab.dataframe(
        table,
        hide_index=True,
        key=f"{key}-table",
        height=progress_view.table_height(len(table)),
        column_config={
            "Level": st.column_config.TextColumn(f"{name}'s level"),
            "Team avg": st.column_config.NumberColumn(format="%.1f", help="Whole team."),
            "Target": st.column_config.TextColumn(
                help="What their job role asks for, or their own target where their "
                "development plan sets one (personal)."
            ),
            "Short by": st.column_config.NumberColumn(
                help="Levels still missing to the target (0: meets it)."
            ),
        },
    )
    st.caption(
        f"Filled dot: {name}'s level; ring: the team average (everyone in the team, "
        f"{NO_EVIDENCE} counted as none); upright bar: the role target."
    )


def comparison_chart(rows: list[PersonComparison]) -> alt.LayerChart:
    """Per competency: the role target as a bar, the team average as a hollow ring and the
    person's level as a filled dot drawn last, so where the two meet the person's dot shows
    inside the ring instead of under it. One legend names all three marks."""
    order = [r.competency_name for r in rows]
    long = pd.DataFrame(
        [
            {"Competency": r.competency_name, "Measure": measure, "Value": value}
            for r in rows
            for measure, value in zip(SERIES, (r.level, r.team_average, r.target), strict=True)
            if value is not None
        ]
    )
    base = alt.Chart(long).encode(
        y=alt.Y(
            "Competency:N",
            sort=order,
            title=None,
            axis=alt.Axis(labelLimit=0, labelFontSize=12),
        ),
        x=alt.X("Value:Q", scale=LEVEL_SCALE, title=None, axis=LEVEL_AXIS),
        color=alt.Color(
            "Measure:N",
            scale=alt.Scale(domain=SERIES, range=SERIES_COLOURS),
            title=None,
            legend=alt.Legend(orient="top", labelFontSize=12, labelLimit=200, symbolSize=200),
        ),
        # One legend for all layers: each series' symbol as the chart draws it.
        shape=alt.Shape(
            "Measure:N", scale=alt.Scale(domain=SERIES, range=SERIES_SHAPES), title=None
        ),
        tooltip=["Competency:N", "Measure:N", alt.Tooltip("Value:Q", format=".2~f")],
    )
    target = base.mark_point(filled=True, opacity=1, size=500).transform_filter(
        alt.datum.Measure == TARGET
    )
    average = base.mark_point(filled=True, opacity=1, size=380).transform_filter(
        alt.datum.Measure == AVERAGE
    )
    level = base.mark_point(filled=True, opacity=1, size=110).transform_filter(
        alt.datum.Measure == LEVEL
    )
    return alt.layer(target, average, level).properties(height=30 * len(rows) + 30)


def history(ratings: list[RatingView], *, key: str) -> None:
    """Every rating of one competency over time, as a step chart and a table."""
    if not ratings:
        st.info(
            "No ratings yet in this competency. A mentor or lead rating, a passed quiz or "
            "passed practical work starts it."
        )
        return
    frame = pd.DataFrame(
        [
            {
                "Date": r.created_at.date(),
                "Level": LEVEL_NAMES[r.level],
                "Level number": r.level,
                "By": r.rater_name or "—",
                "Kind": KIND_LABELS[r.rater_kind],
                "Note": r.note,
                "Link": r.link,
            }
            for r in ratings
        ]
    )
    chart = (
        alt.Chart(frame.assign(When=[r.created_at.isoformat() for r in ratings]))
        .mark_line(interpolate="step-after", point=alt.OverlayMarkDef(size=70, filled=True))
        .encode(
            x=alt.X("When:T", title=None, axis=alt.Axis(format=formats.CHART_DAY_FORMAT)),
            y=alt.Y("Level number:Q", scale=alt.Scale(domain=[0, 4]), title=None, axis=LEVEL_AXIS),
            color=alt.Color(
                "Kind:N",
                title="Rated by",
                scale=alt.Scale(domain=list(KIND_LABELS.values()), range=KIND_COLOURS),
                legend=alt.Legend(orient="top", labelFontSize=12),
            ),
            tooltip=[
                alt.Tooltip("When:T", title="Date", format=formats.CHART_DAY_FORMAT),
                "Level:N",
                "Kind:N",
                "By:N",
                "Note:N",
            ],
        )
        .properties(height=240)
    )
    st.altair_chart(chart, key=f"{key}-chart")
    st.dataframe(
        frame.drop(columns=["Level number"]),
        hide_index=True,
        key=f"{key}-table",
        height=progress_view.table_height(min(len(frame), 10)),
        placeholder="—",
        column_config={
            "Date": st.column_config.DateColumn(format=formats.DAY_COLUMN_FORMAT),
            "Note": st.column_config.TextColumn(width="large"),
            "Link": st.column_config.LinkColumn(display_text="open"),
        },
    )
