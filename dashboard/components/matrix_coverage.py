"""The competency matrix's Coverage section: skills that rest on one person (a lead's whole
team), who meets each role target, and self-ratings far from the official level."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessments.ratings import MatrixView
from assessments.rules import LEVEL_NAMES
from dashboard.components import progress_view
from storage.people import PersonRef


def show(viewer: PersonRef, matrix: MatrixView, *, key: str) -> None:
    """Single-person skills (leads only), the coverage table and the self-rating gaps."""
    names = {p.id: p.name for p in matrix.people}
    competency_names = {c.key: c.name for c in matrix.competencies}
    if not viewer.is_lead:
        st.info(
            "You see yourself and your mentees, so coverage counts only them; which skills rest "
            "on one person across the whole team is on a team lead's matrix."
        )
    for row in matrix.single_person_skills() if viewer.is_lead else []:
        holders = [
            f"{names[pid]} "
            f"({LEVEL_NAMES[matrix.cells[(pid, row.competency_key)].resolved.level or 0]})"
            for pid in row.advanced_people
        ]
        st.warning(
            f"**{competency_names[row.competency_key]}** rests on "
            + (f"one person: {holders[0]}" if holders else "nobody at advanced or better yet")
            + f". Targets (a role's, or a personal one) ask it of {row.needed_by} "
            + ("person." if row.needed_by == 1 else "people."),
            icon=":material/person_alert:",
        )
    coverage = pd.DataFrame(
        {
            "Competency": [competency_names[r.competency_key] for r in matrix.coverage],
            "Needed by": [r.needed_by for r in matrix.coverage],
            "Meeting target": [r.meeting_target for r in matrix.coverage],
            "Advanced or better": [r.advanced_or_better for r in matrix.coverage],
        }
    )
    coverage_col, disagree_col = st.columns([3, 2], gap="large")
    coverage_col.dataframe(
        coverage,
        hide_index=True,
        key=key,
        height=progress_view.table_height(len(coverage)),
    )
    coverage_col.caption(
        "Needed by: people whose role target asks for it; meeting target: of those."
    )
    disagree_col.markdown("**Self-ratings two levels or more from the official level**")
    lines = []
    for cell in matrix.self_disagreements():
        r = cell.resolved
        by = r.official_source.value if r.official_source else "official"
        lines.append(
            f"- **{names[cell.person_id]}**, {competency_names[cell.competency_key]}: self "
            f"**{LEVEL_NAMES[r.self_level or 0]}**, {by} **{LEVEL_NAMES[r.official_level or 0]}**"
        )
    disagree_col.markdown(
        "\n".join(lines) or "None: self-ratings and official levels roughly agree."
    )
    disagree_col.caption("Worth a conversation at the next 1:1; neither view overrides the other.")
