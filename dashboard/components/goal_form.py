"""The form of a development goal: what, why, an optional competency and target level, the
due date, the success measure (and, for a new goal, its first milestones)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import streamlit as st

from assessments.rules import LEVEL_NAMES
from mentoring.goals import GoalInput

NO_COMPETENCY = ""
NEW_GOAL_DUE_DAYS = 42  # a new goal's due date starts six weeks out


@dataclass(frozen=True)
class GoalEntry:
    goal: GoalInput
    milestones: list[str]


def show(
    *,
    competencies: dict[str, str],
    key: str,
    today: date,
    initial: GoalInput | None = None,
    submit: str = "Propose goal",
) -> GoalEntry | None:
    """Draw the form; on submit, what was typed (the service checks it), else None."""
    keys = [NO_COMPETENCY, *competencies]
    with st.form(key):
        title = st.text_input(
            "Goal: what", value=initial.title if initial else "", key=f"{key}-what"
        )
        why = st.text_area("Why", value=initial.why if initial else "", key=f"{key}-why", height=80)
        left, middle, right = st.columns([3, 2, 2])
        competency = left.selectbox(
            "Competency (optional: progress then comes from evidence)",
            keys,
            index=keys.index(initial.competency_key or NO_COMPETENCY) if initial else 0,
            format_func=lambda k: competencies.get(k, "— none: ticked by hand or by milestones —"),
            key=f"{key}-competency",
        )
        level = middle.selectbox(
            "Target level",
            [1, 2, 3, 4],
            index=((initial.target_level or 3) - 1) if initial else 2,
            format_func=LEVEL_NAMES.__getitem__,
            key=f"{key}-level",
            help="Becomes the person's own target in that competency, in place of their role's.",
        )
        due_on = right.date_input(
            "Due",
            value=initial.due_on if initial else today + timedelta(days=NEW_GOAL_DUE_DAYS),
            key=f"{key}-due",
            format="DD.MM.YYYY",
        )
        measure = st.text_input(
            "Success measure: how you both will know it is reached",
            value=initial.success_measure if initial else "",
            key=f"{key}-measure",
        )
        steps = ""
        if initial is None:
            steps = st.text_area(
                "Milestones (optional, one per line)", key=f"{key}-milestones", height=80
            )
        if not st.form_submit_button(submit, type="primary"):
            return None
    return GoalEntry(
        GoalInput(
            title=title,
            why=why,
            due_on=due_on,
            success_measure=measure,
            competency_key=competency or None,
            target_level=level if competency else None,
        ),
        [line for line in steps.splitlines() if line.strip()],
    )
