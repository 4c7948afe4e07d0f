"""The Knowledge transfer section of Training impact: the team's figures per month and each
person's over the same months, every column with its unit and what it counts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.components import progress_view
from insights.knowledge_transfer import KnowledgeTransferView
from storage import formats

RATING_FORMAT = "%.1f"
COUNT = "%d"  # what is counted is in the column's name
HOURS_FORMAT = "%g h"

# (column, unit format, help): the same words in both tables where they count the same thing.
MONTH_COLUMNS = {
    "Sessions held": (
        COUNT,
        "Sharing sessions of the team, and community sessions its people presented, held that "
        "month (not cancelled).",
    ),
    "Attendances (people)": (COUNT, "People recorded as attending, summed over the sessions."),
    "Presenters (people)": (COUNT, "Different people who presented a session that month."),
    "Notes written": (COUNT, "Notes shared with the team (private and pair notes left out)."),
    "Notes reviewed": (
        COUNT,
        "Reviews of team notes that month (each time the owner or a lead confirmed a note is "
        "still right).",
    ),
    "Peer reviews given": (
        COUNT,
        "Peer reviews, peer ratings in the matrix and peer readings of hand-ins.",
    ),
    "1:1 hours": (HOURS_FORMAT, "1:1s held, at their plan's length."),
    "Mean 1:1 rating": (
        RATING_FORMAT + " / 5",
        "Mentees' rating of the 1:1s held that month (1–5); empty: none rated.",
    ),
}
PERSON_COLUMNS = {
    "Sessions presented": (COUNT, "Sharing sessions they presented (alone or with others)."),
    "Sessions attended": (COUNT, "Sharing sessions they were recorded as attending."),
    "Notes written": (COUNT, "Notes they wrote and shared with the team."),
    "Notes reviewed": (
        COUNT,
        "Times they confirmed a team note is still right (as its owner or as a lead).",
    ),
    "Peer reviews": (
        COUNT,
        "Peer reviews, peer ratings in the matrix and peer readings of hand-ins they gave.",
    ),
    "1:1 h given": (HOURS_FORMAT, "1:1s they held as a mentor."),
    "1:1 h received": (HOURS_FORMAT, "1:1s they had as a mentee."),
    "Rating as mentor": (
        RATING_FORMAT + " / 5",
        "Their mentees' mean rating of the 1:1s they held (1–5); empty: none rated.",
    ),
}


def _config(columns: dict[str, tuple[str, str]]) -> dict[str, object]:
    return {
        name: st.column_config.NumberColumn(name, format=unit, help=help_text)
        for name, (unit, help_text) in columns.items()
    }


def show(view: KnowledgeTransferView, *, key: str) -> None:
    """The month table and the per-person table."""
    st.caption(
        f"From {formats.day(view.since)} to {formats.day(view.today)}: sharing sessions, the "
        "knowledge base, peer reviews and 1:1s. Hover a column's name for what it counts."
    )
    months = pd.DataFrame(
        [
            {
                "Month": formats.month(m.month),
                "Sessions held": m.sessions,
                "Attendances (people)": m.attendances,
                "Presenters (people)": m.presenters,
                "Notes written": m.notes_written,
                "Notes reviewed": m.notes_reviewed,
                "Peer reviews given": m.peer_reviews,
                "1:1 hours": m.mentoring_hours,
                "Mean 1:1 rating": m.mean_rating,
            }
            for m in reversed(view.months)  # this month first, as people read a log
        ]
    )
    st.markdown("**The team by month**")
    st.dataframe(
        months,
        hide_index=True,
        column_config=_config(MONTH_COLUMNS),
        key=f"{key}-months",
        placeholder="—",
        height=progress_view.table_height(len(view.months)),
    )
    st.markdown("**Per person over these months**")
    if not view.people:
        st.info("The team has no active people.")
        return
    people = pd.DataFrame(
        [
            {
                "Person": p.name,
                "Sessions presented": p.presented,
                "Sessions attended": p.attended,
                "Notes written": p.notes_written,
                "Notes reviewed": p.notes_reviewed,
                "Peer reviews": p.peer_reviews,
                "1:1 h given": p.hours_given,
                "1:1 h received": p.hours_received,
                "Rating as mentor": p.mean_rating_as_mentor,
            }
            for p in view.people
        ]
    )
    st.dataframe(
        people,
        hide_index=True,
        column_config=_config(PERSON_COLUMNS),
        key=f"{key}-people",
        placeholder="—",
        height=progress_view.table_height(len(view.people)),
    )
