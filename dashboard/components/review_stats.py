"""A learner's review statistics: the year as a calendar heatmap (Altair, drawn in the page),
streaks, time spent per week, and true retention by month."""

from __future__ import annotations

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.components import progress_view
from reviews.stats import ReviewStatistics
from storage import formats

HEATMAP_CELL_PX = 13
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
CHART_HEIGHT_PX = 200
# A month's label under the week that holds its 1st: the week whose Sunday falls in its first
# seven days (a week is its Monday's ISO day, which Vega reads as UTC midnight).
_SUNDAY = "time(toDate(datum.value)) + 6 * 864e5"
_MONTH_LABEL = f"utcdate({_SUNDAY}) <= 7 ? utcFormat({_SUNDAY}, '%b') : ''"


def duration_text(seconds: float) -> str:
    """Time spent as people say it: '45 s', '12 min', '3 h 05 min'."""
    minutes = round(seconds / 60)
    if seconds < 60:
        return f"{round(seconds)} s"
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def heatmap_frame(stats: ReviewStatistics) -> pd.DataFrame:
    """One row per day of the year: its week (Monday), weekday, reviews and minutes."""
    return pd.DataFrame(
        [
            {
                "Week": (d.day - timedelta(days=d.day.weekday())).isoformat(),
                "Weekday": WEEKDAYS[d.day.weekday()],
                "Day": d.day.isoformat(),
                "Reviews": d.reviews,
                "Minutes": round(d.seconds / 60, 1),
            }
            for d in stats.days
        ]
    )


def heatmap(stats: ReviewStatistics) -> alt.Chart:
    """Reviews per day over the year as a calendar: a column per week, a row per weekday."""
    return (
        alt.Chart(heatmap_frame(stats))
        .mark_rect(cornerRadius=2, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X(
                "Week:O",
                title=None,
                axis=alt.Axis(labelExpr=_MONTH_LABEL, labelAngle=0, ticks=False, domain=False),
            ),
            y=alt.Y("Weekday:O", sort=WEEKDAYS, title=None, axis=alt.Axis(domain=False)),
            color=alt.condition(
                "datum.Reviews > 0",
                alt.Color(
                    "Reviews:Q",
                    scale=alt.Scale(scheme="greens", domainMin=0),
                    legend=alt.Legend(orient="bottom", title="Reviews a day"),
                ),
                alt.value("#ebedf0"),
            ),
            tooltip=[
                alt.Tooltip("Day:T", format=formats.CHART_DAY_FORMAT),
                "Reviews:Q",
                alt.Tooltip("Minutes:Q", title="Minutes spent"),
            ],
        )
        # A square per day: a discrete axis takes its size from its steps, not a height.
        .properties(width=alt.Step(HEATMAP_CELL_PX), height=alt.Step(HEATMAP_CELL_PX))
    )


def show(stats: ReviewStatistics, *, name: str, key: str) -> None:
    """The statistics (charts keyed `{key}-heatmap`, `-time`, `-retention`); `name`: "you"
    or the learner's name."""
    if stats.streaks.longest == 0:
        st.info(f"No reviews from {name} yet: statistics start with the first answer.")
        return
    year, current, longest, spent = st.columns(4)
    year.metric("Reviews, past year", f"{stats.reviews:,}")
    current.metric(
        "Current streak",
        f"{stats.streaks.current} day{'' if stats.streaks.current == 1 else 's'}",
        help="Days in a row with at least one review, up to today (the team's days); today "
        "does not break it before it is over.",
    )
    longest.metric(
        "Longest streak", f"{stats.streaks.longest} day{'' if stats.streaks.longest == 1 else 's'}"
    )
    spent.metric("Time spent, past year", duration_text(stats.seconds))
    st.subheader("Reviews per day, past year", divider="gray")
    st.altair_chart(heatmap(stats), key=f"{key}-heatmap")
    time_col, retention_col = st.columns(2, gap="large")
    with time_col:
        st.subheader("Time spent per week", divider="gray")
        _time_per_week(stats, key=f"{key}-time")
    with retention_col:
        st.subheader("True retention by month", divider="gray")
        _retention_by_month(stats, key=f"{key}-retention")


def _time_per_week(stats: ReviewStatistics, *, key: str) -> None:
    frame = pd.DataFrame(
        [
            {"Week": w.week_start.isoformat(), "Minutes": round(w.seconds / 60, 1)}
            for w in stats.weeks
        ]
    )
    chart = (
        alt.Chart(frame)
        .mark_bar(color="#3f7899")
        .encode(
            x=alt.X("Week:T", title="Week starting", axis=alt.Axis(format="%b")),
            y=alt.Y("Minutes:Q", title="Minutes"),
            tooltip=[alt.Tooltip("Week:T", format=formats.CHART_DAY_FORMAT), "Minutes:Q"],
        )
        .properties(height=CHART_HEIGHT_PX)
    )
    st.altair_chart(chart, key=key)
    st.caption(
        "From the time each answer took, as stored with it."
        + (f" {stats.untimed:,} answers kept no time and add nothing." if stats.untimed else "")
    )


def _retention_by_month(stats: ReviewStatistics, *, key: str) -> None:
    if not stats.months:
        st.info("No answers to cards on an interval of days yet.")
        return
    table = pd.DataFrame(
        [
            {
                "Month": formats.month(m.month),
                "Reviews": m.answers,
                "Recalled": round(100 * m.share, 1),
            }
            for m in stats.months
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
    st.caption(
        "Answers to cards on an interval of days (not new, not in their same-day steps) that "
        "were not Again, as Anki's true retention counts them."
    )
