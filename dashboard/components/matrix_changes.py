"""The competency matrix's section on level changes in the team since a chosen day."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from assessments.ratings import MatrixView
from dashboard.components import progress_view
from dashboard.components.matrix_heatmap import level_label
from storage import formats

LOOK_BACK_DAYS = 90  # what "Changed since" starts at
SHOWN_ROWS = 12  # the table's height; more rows scroll


def show(matrix: MatrixView, *, today: date, key: str) -> None:
    """Every level that changed since the picked day: before and now."""
    since = st.columns([2, 3])[0].date_input(
        "Changed since",
        today - timedelta(days=LOOK_BACK_DAYS),
        max_value=today,
        format=formats.DATE_INPUT_FORMAT,
        key=f"{key}-since",
    )
    changes = matrix.changes_since(since)
    if not changes:
        st.info(
            f"No level has changed since {formats.day(since)}. Pick an earlier date to look back."
        )
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Person": c.person_name,
                    "Competency": c.competency_name,
                    "Before": level_label(c.before),
                    "Now": level_label(c.now),
                }
                for c in changes
            ]
        ),
        hide_index=True,
        key=f"{key}-changes",
        height=progress_view.table_height(min(len(changes), SHOWN_ROWS)),
    )
