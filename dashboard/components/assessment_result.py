"""One multi-dimensional assessment as the Assessments page shows it (on the Assess tab once
saved, on the History tab as the latest), and the words for a level."""

from __future__ import annotations

import streamlit as st

from assessments.evaluations import AssessmentView
from assessments.rules import LEVEL_NAMES
from dashboard.components.plain_text import plain
from storage import formats


def level_label(level: int | None) -> str:
    """'Intermediate (2)', or a plain word when there is no evidence yet."""
    if level is None:
        return "No evidence yet"
    return f"{LEVEL_NAMES[level].capitalize()} ({level})"


def show(view: AssessmentView, *, title: str, competency: str | None) -> None:
    """What one assessment shows: overall, level, when to reassess, next steps."""
    with st.container(border=True):
        by = f" by {view.assessor_name}" if view.assessor_name else ""
        st.markdown(f"**{title}**, {formats.day(view.created_at)}{by}")
        cols = st.columns(3)
        cols[0].metric("Overall", f"{view.overall:.1f} / 10")
        cols[1].metric("Level it shows", level_label(view.level))
        cols[2].metric(
            "Next assessment", formats.day(view.next_due_on) if view.next_due_on else "—"
        )
        if competency:
            st.caption(f"Also recorded as the official rating of {competency}.")
        if view.note:
            st.caption(f"Note: {plain(view.note)}")
        if view.priorities:
            st.markdown("**Next steps**, where the overall loses most:")
            st.markdown(
                "\n".join(
                    f"1. **{p.label}** ({p.score:g}/10, costs {p.points_lost:g} "
                    f"point{'' if p.points_lost == 1 else 's'}): "
                    f"{p.next_step}"
                    for p in view.priorities
                )
            )
        else:
            st.markdown("Full marks in every dimension: nothing to prioritise.")
