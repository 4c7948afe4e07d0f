"""Training impact tables: the before / after with a unit on every figure, and the training's
own return (hours put in, levels gained, days to reach the role targets)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.components import progress_view
from insights.impact import ImpactView, TrainingReturn, with_unit
from storage import formats


def before_after(view: ImpactView, *, key: str) -> None:
    """How the team stood on the chosen day and today, each figure with its unit."""
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Measure": c.metric,
                    "Then": with_unit(c.before, c.unit),
                    "Now": with_unit(c.after, c.unit),
                    "Change": with_unit(c.change, c.unit, change=True),
                }
                for c in view.before_after
            ]
        ),
        hide_index=True,
        key=key,
        column_config={
            "Then": st.column_config.TextColumn(f"On {formats.day(view.compared_on)}"),
            "Now": st.column_config.TextColumn(f"On {formats.day(view.today)}"),
        },
    )


def training_return(training: TrainingReturn, *, key: str) -> None:
    """Hours invested against levels gained since the before / after date, and the days each
    person took from joining to meeting every role target."""
    since = formats.day(training.since)
    cols = st.columns(4)
    cols[0].metric(
        "Hours invested",
        formats.hours(training.hours),
        help=f"Since {since}: {formats.hours(training.activity_hours)} of learning logged and "
        f"{formats.hours(training.mentoring_hours)} of 1:1s held.",
    )
    cols[1].metric(
        "Levels gained",
        f"{training.levels_gained:+d} levels",
        help="Net levels gained over every competency a role target asks for, all people.",
    )
    cols[2].metric(
        "Hours per level gained",
        "–" if training.hours_per_level is None else formats.hours(training.hours_per_level),
    )
    median = training.median_days_to_target
    cols[3].metric(
        "Median time to role target",
        "–" if median is None else f"{median:g} days",
        help="From joining the team to the first day every role target was met.",
    )
    st.caption(
        f"Since {since}: mean level where targets ask went from "
        f"{with_unit(training.level_before, 'level')} to "
        f"{with_unit(training.level_after, 'level')}. {len(training.reached)} of "
        f"{len(training.people)} people have met every role target."
    )
    if not training.people:
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Person": p.name,
                    "Joined": p.joined_on,
                    "Met every target on": p.reached_on,
                    "Days": p.days,
                }
                for p in training.people
            ]
        ),
        hide_index=True,
        key=key,
        placeholder="not yet",
        height=progress_view.table_height(len(training.people)),
        column_config={
            "Joined": st.column_config.DateColumn(format=formats.DAY_COLUMN_FORMAT),
            "Met every target on": st.column_config.DateColumn(format=formats.DAY_COLUMN_FORMAT),
            "Days": st.column_config.NumberColumn("Days to role target", format="%d days"),
        },
    )
