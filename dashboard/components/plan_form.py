"""The plan settings form: weeks, sessions a week, minutes, focus (and start for a new plan)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import streamlit as st

from mentoring.plans import (
    MAX_PLAN_WEEKS,
    MAX_SESSION_MINUTES,
    MAX_SESSIONS_PER_WEEK,
    MIN_PLAN_WEEKS,
    MIN_SESSION_MINUTES,
    MIN_SESSIONS_PER_WEEK,
    PlanSettings,
)
from storage import formats


@dataclass(frozen=True)
class PlanInput:
    settings: PlanSettings
    started_on: date
    session_time: time


def show(
    defaults: PlanSettings,
    *,
    today: date,
    zone: str = "",
    with_start: bool,
    submit_label: str,
    key: str,
) -> PlanInput | None:
    """Render the settings; return them once submitted (the time in `zone`, the team's). Out-of-
    range values are refused by the service with a message naming each field."""
    with st.form(key):
        weeks_col, per_week_col, minutes_col = st.columns(3)
        weeks = weeks_col.number_input(
            "Weeks", MIN_PLAN_WEEKS, MAX_PLAN_WEEKS, defaults.weeks, key=f"{key}-weeks"
        )
        per_week = per_week_col.number_input(
            "Sessions a week",
            MIN_SESSIONS_PER_WEEK,
            MAX_SESSIONS_PER_WEEK,
            defaults.sessions_per_week,
            key=f"{key}-per-week",
        )
        minutes = minutes_col.number_input(
            "Minutes a session",
            MIN_SESSION_MINUTES,
            MAX_SESSION_MINUTES,
            defaults.session_minutes,
            step=5,
            key=f"{key}-minutes",
        )
        focus = st.text_input(
            "Focus (comma-separated)", ", ".join(defaults.focus), key=f"{key}-focus"
        )
        started_on, at = today, time(10, 0)
        if with_start:
            start_col, time_col = st.columns(2)
            started_on = start_col.date_input(
                "First session on", today, format=formats.DATE_INPUT_FORMAT, key=f"{key}-start"
            )  # type: ignore[assignment]
            at = time_col.time_input(f"At ({zone})", time(10, 0), step=900, key=f"{key}-time")
        if not st.form_submit_button(submit_label, type="primary", key=f"{key}-submit"):
            return None
    return PlanInput(
        PlanSettings(
            int(weeks),
            int(per_week),
            int(minutes),
            tuple(part.strip() for part in focus.split(",")),
        ),
        started_on,
        at,
    )
