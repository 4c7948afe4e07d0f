"""The History tab of the Assessments page: someone's assessments (the latest in full, all of
them as a table and a line over time) and their quiz attempts."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from assessments.evaluations import AssessmentView, assessments_of
from assessments.quizzes import quiz_history
from assessments.rules import DIMENSION_LABELS, DIMENSIONS, LEVEL_NAMES, LEVEL_THRESHOLDS
from dashboard.components import assessment_result, progress_view, quiz_form
from dashboard.components.assessment_result import level_label
from dashboard.components.loading import load
from storage import formats
from storage.people import PersonRef


def show(
    viewer: PersonRef, people: list[PersonRef], competency_names: dict[str, str], *, key: str
) -> None:
    """Your own history; a mentor picks among themself and their mentees, a lead anyone."""
    names = {p.id: p.name for p in people}
    if viewer.is_lead:
        visible = people
    else:
        visible = [p for p in people if p.id == viewer.id or p.mentor_id == viewer.id]
    person_id = viewer.id
    if len(visible) > 1:
        person_id = st.selectbox(
            "Person",
            [p.id for p in visible],
            index=[p.id for p in visible].index(viewer.id),
            format_func=names.__getitem__,
            key=f"{key}-person",
        )
    assessed, attempts = load(
        lambda s: (
            assessments_of(s, actor=viewer, person_id=person_id),
            quiz_history(s, actor=viewer, person_id=person_id),
        )
    )
    st.subheader(f"Assessments of {names[person_id]}", divider="gray")
    if assessed:
        latest = assessed[0]
        assessment_result.show(
            latest,
            title="Latest assessment",
            competency=competency_names.get(latest.competency_key or ""),
        )
    history(assessed, competency_names, key=f"{key}-assessments")
    st.subheader("Quiz attempts", divider="gray")
    quiz_form.attempts(attempts, key=f"{key}-quizzes")


def history(
    assessments: list[AssessmentView], competency_names: dict[str, str], *, key: str
) -> None:
    """Multi-dimensional assessments as a table and the overall score over time."""
    if not assessments:
        st.info("No assessments yet. A mentor or team lead records them on the Assess tab.")
        return
    table = pd.DataFrame(
        [
            {
                "Date": a.created_at.date(),
                "Overall": a.overall,
                "Level": level_label(a.level),
                **{DIMENSION_LABELS[d]: a.scores[d] for d in DIMENSIONS},
                "Assessor": a.assessor_name or "—",
                "Competency": competency_names.get(a.competency_key or "", "General"),
                "Note": a.note,
            }
            for a in assessments
        ]
    )
    st.dataframe(
        table,
        hide_index=True,
        key=f"{key}-table",
        height=progress_view.table_height(len(table)),
        column_config={
            "Date": st.column_config.DateColumn(format=formats.DAY_COLUMN_FORMAT),
            "Overall": st.column_config.NumberColumn(format="%.1f"),
            **{DIMENSION_LABELS[d]: st.column_config.NumberColumn(format="%g") for d in DIMENSIONS},
        },
    )
    points = pd.DataFrame(
        [
            {
                "Date": a.created_at.date().isoformat(),
                "Overall": a.overall,
                "Level": level_label(a.level),
                "Assessor": a.assessor_name or "—",
            }
            for a in assessments
        ]
    )
    thresholds = pd.DataFrame(
        [{"Score": score, "Level": LEVEL_NAMES[level]} for score, level in LEVEL_THRESHOLDS]
    )
    y = alt.Y("Overall:Q", title="Overall (0–10)", scale=alt.Scale(domain=[0, 10]))
    line = (
        alt.Chart(points)
        .mark_line(point=alt.OverlayMarkDef(size=70))
        .encode(
            x=alt.X("Date:T", title=None, axis=alt.Axis(format=formats.CHART_DAY_FORMAT)),
            y=y,
            tooltip=[
                alt.Tooltip("Date:T", format=formats.CHART_DAY_FORMAT),
                "Overall:Q",
                "Level:N",
                "Assessor:N",
            ],
        )
    )
    rules = alt.Chart(thresholds).mark_rule(strokeDash=[4, 4], opacity=0.4).encode(y="Score:Q")
    labels = (
        alt.Chart(thresholds)
        .mark_text(align="left", dx=4, dy=-6, opacity=0.6, fontSize=11)
        .encode(y="Score:Q", x=alt.value(0), text="Level:N")
    )
    st.altair_chart((rules + labels + line).properties(height=260), key=f"{key}-chart")
