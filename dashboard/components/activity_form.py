"""The form a learner fills in to log time on a module."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from curriculum.progress import MAX_ACTIVITY_HOURS, ModuleProgressRow
from dashboard.components.progress_view import STAGE_LABELS
from storage.models import ActivityKind, LearningStage

STAGE_HELP = (
    "Where this activity sits in the experiential learning cycle: doing something "
    "(concrete experience), looking back on it (reflective observation), making sense of it "
    "with theory (abstract conceptualisation), or trying out what you learned (active "
    "experimentation)."
)


@dataclass(frozen=True)
class ActivityInput:
    module_key: str
    occurred_on: date
    hours: float
    kind: ActivityKind
    stage: LearningStage
    percent: int
    note: str


def show(modules: list[ModuleProgressRow], *, today: date, key: str) -> ActivityInput | None:
    """Render the form; return what was entered when it is submitted, else None."""
    if not modules:
        return None
    titles = {m.key: m.title for m in modules}
    default = next((i for i, m in enumerate(modules) if m.status != "completed"), 0)
    # Outside the form so the progress slider below starts from the chosen module's value.
    module_key = str(
        st.selectbox(
            "Module",
            list(titles),
            index=default,
            format_func=titles.__getitem__,
            key=f"{key}-module",
        )
    )
    with st.form(key, clear_on_submit=True):
        left, middle, right = st.columns(3)
        occurred_on = left.date_input("Date", value=today, max_value=today, key=f"{key}-date")
        hours = middle.number_input(
            "Hours",
            min_value=0.25,
            max_value=MAX_ACTIVITY_HOURS,
            value=1.0,
            step=0.25,
            key=f"{key}-hours",
        )
        kind = right.selectbox(
            "Activity",
            list(ActivityKind),
            format_func=lambda k: k.value.capitalize(),
            key=f"{key}-kind",
        )
        stage = st.radio(
            "Learning stage",
            list(LearningStage),
            format_func=STAGE_LABELS.__getitem__,
            horizontal=True,
            help=STAGE_HELP,
            key=f"{key}-stage",
        )
        current = {m.key: m.percent for m in modules}
        percent = st.slider(
            "Module progress after this (%)",
            0,
            100,
            value=current[module_key],
            step=1,
            key=f"{key}-percent-{module_key}",
            help="Where the module stands now. 100 % marks it done.",
        )
        note = st.text_area(
            "What did you do or learn?", max_chars=2000, key=f"{key}-note", height=80
        )
        if not st.form_submit_button("Log activity", type="primary"):
            return None
    return ActivityInput(
        module_key=module_key,
        occurred_on=occurred_on if isinstance(occurred_on, date) else today,
        hours=float(hours),
        kind=ActivityKind(kind),
        stage=LearningStage(stage),
        percent=int(percent),
        note=note or "",
    )
