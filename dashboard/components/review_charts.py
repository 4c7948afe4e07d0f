"""Review charts (Altair): forecast, measured retention, workload by desired retention."""

from __future__ import annotations

import colorsys

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.components import progress_view
from reviews.scheduling import WorkloadPoint
from reviews.stats import ForecastDay, ModuleSuggestion, WeekRetention
from storage import formats

CHART_HEIGHT_PX = 240
LEGEND_COLUMNS = 3
TEAM = "Whole team"
# Distinct colours for one series per person, readable on white (a theme's ten-colour
# category scale repeats from the eleventh person on, so two people shared a colour).
SERIES_PALETTE = [
    "#1f77b4", "#e6194b", "#3cb44b", "#f58231", "#911eb4", "#42a5c8", "#f032e6", "#9a6324",
    "#469990", "#808000", "#000075", "#800000", "#a9a9a9", "#e8b100", "#7fbf3f", "#dd8fa5",
]  # fmt: skip


def series_colours(count: int) -> list[str]:
    """`count` different colours: the palette's, or evenly spaced hues beyond its length."""
    if count <= len(SERIES_PALETTE):
        return SERIES_PALETTE[:count]
    hues = [colorsys.hls_to_rgb(i / count, 0.45, 0.7) for i in range(count)]
    return [f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}" for r, g, b in hues]


def person_scale(names: list[str]) -> alt.Scale:
    """One colour per person, the same in every chart drawn with the same names."""
    domain = sorted(set(names))
    return alt.Scale(domain=domain, range=series_colours(len(domain)))


def forecast_and_retention(
    days: list[ForecastDay], weeks: list[WeekRetention], *, team: bool, key: str
) -> None:
    """The forecast and measured retention side by side (keys `{key}-forecast`,
    `{key}-retention`); `team` titles them for the whole team and adds up its retention."""
    forecast_col, retention_col = st.columns(2, gap="large")
    people = person_scale([d.person_name for d in days] + [w.person_name for w in weeks])
    with forecast_col:
        title = "Team reviews due, next 30 days" if team else "Reviews due, next 30 days"
        st.subheader(title, divider="gray")
        forecast(days, key=f"{key}-forecast", people=people)
    with retention_col:
        title = "Team retention by week" if team else "Measured retention by week"
        st.subheader(title, divider="gray")
        retention(weeks, key=f"{key}-retention", combine=team, people=people)


def forecast(days: list[ForecastDay], *, key: str, people: alt.Scale) -> None:
    """Reviews due per day for the next 30 days, stacked by person when there are several."""
    chart = forecast_chart(days, people=people)
    if chart is None:
        st.info("No reviews scheduled in the next 30 days.")
        return
    st.altair_chart(chart, key=key)
    frame = pd.DataFrame([{"Day": d.day, "Reviews due": d.due} for d in days])
    overdue = int(frame[frame["Day"] == frame["Day"].min()]["Reviews due"].sum())
    total = int(frame["Reviews due"].sum())
    st.caption(f"{overdue} due today (overdue ones included), {total} in the next 30 days.")


def forecast_chart(days: list[ForecastDay], *, people: alt.Scale) -> alt.Chart | None:
    """The forecast's bars (each person in their colour of `people`); None when none are due."""
    frame = pd.DataFrame(
        [{"Day": d.day.isoformat(), "Person": d.person_name, "Reviews due": d.due} for d in days]
    )
    if frame.empty or frame["Reviews due"].sum() == 0:
        return None
    several = frame["Person"].nunique() > 1
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "Day:T", title=None, axis=alt.Axis(format=formats.CHART_DAY_FORMAT, labelAngle=0)
            ),
            y=alt.Y("sum(Reviews due):Q", title="Reviews due"),
            color=alt.Color(
                "Person:N",
                scale=people,
                legend=alt.Legend(orient="bottom", columns=LEGEND_COLUMNS),
            )
            if several
            else alt.value("#3f7899"),
            tooltip=[
                alt.Tooltip("Day:T", format=formats.CHART_DAY_FORMAT),
                "Person:N",
                "Reviews due:Q",
            ],
        )
        .properties(height=CHART_HEIGHT_PX)
    )


def retention(
    weeks: list[WeekRetention], *, key: str, people: alt.Scale, combine: bool = False
) -> None:
    """Share of reviews recalled per week (measured, not predicted); `combine` adds everyone's
    reviews into one team line."""
    if not weeks:
        st.info("No reviews in the last twelve weeks yet, so no measured retention.")
        return
    frame = pd.DataFrame(
        [
            {
                "Week": w.week_start.isoformat(),
                "Person": w.person_name,
                "Recalled": round(100 * w.share, 1),
                "Reviews": w.reviews,
                "Hits": w.recalled,
            }
            for w in weeks
        ]
    )
    if combine:
        frame = frame.groupby("Week", as_index=False)[["Hits", "Reviews"]].sum()
        frame = frame.assign(
            Person=TEAM, Recalled=(100 * frame["Hits"] / frame["Reviews"]).round(1)
        )
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "Week:T", title="Week starting", axis=alt.Axis(format=formats.CHART_DAY_FORMAT)
            ),
            y=alt.Y("Recalled:Q", title="Recalled (%)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("Person:N", legend=None, scale=alt.Undefined if combine else people),
            tooltip=[
                "Person:N",
                alt.Tooltip("Week:T", format=formats.CHART_DAY_FORMAT),
                "Recalled:Q",
                "Reviews:Q",
            ],
        )
        .properties(height=CHART_HEIGHT_PX)
    )
    st.altair_chart(chart, key=key)


def workload(points: list[WorkloadPoint], *, current: float, key: str) -> None:
    """Estimated reviews per day and average recall at each desired retention."""
    if not points or all(p.reviews_per_day == 0 for p in points):
        st.info("No reviewed cards yet, so there is no workload to estimate.")
        return
    frame = pd.DataFrame(
        [
            {
                "Desired retention": formats.percent(p.desired_retention),
                "Reviews per day": round(p.reviews_per_day, 1),
                "Average recall": formats.percent(p.mean_recall),
                "In use": abs(p.desired_retention - current) < 1e-9,
            }
            for p in points
        ]
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("Desired retention:N", title="Desired retention"),
            y=alt.Y("Reviews per day:Q"),
            color=alt.condition("datum['In use']", alt.value("#1c4560"), alt.value("#b9d3e2")),
            tooltip=["Desired retention:N", "Reviews per day:Q", "Average recall:N"],
        )
        .properties(height=CHART_HEIGHT_PX)
    )
    st.altair_chart(chart, key=key)
    st.dataframe(
        frame.drop(columns=["In use"]),
        hide_index=True,
        key=f"{key}-table",
        height=progress_view.table_height(len(frame)),
    )


def suggestions(rows: list[ModuleSuggestion], *, name: str, key: str) -> None:
    """Adaptive difficulty per module, with the advice in words."""
    if not rows:
        st.info(
            f"No module has five reviews from {name} in the last 30 days yet, so there is no "
            "suggestion."
        )
        return
    table = pd.DataFrame(
        [
            {
                "Module": r.module_title,
                "Reviews (30 days)": r.reviews,
                "Recalled": formats.whole_percent(r.success_ratio, 1),
                "Suggestion": r.advice,
            }
            for r in rows
        ]
    )
    st.dataframe(
        table,
        hide_index=True,
        key=key,
        height=progress_view.table_height(len(table)),
        column_config={
            "Recalled": st.column_config.ProgressColumn(
                "Recalled", min_value=0, max_value=100, format=formats.PERCENT_COLUMN_FORMAT
            ),
        },
    )
