"""The forms a learner fills in to log time on a module, and to correct or delete an entry."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date

import streamlit as st

from curriculum.progress import (
    MAX_ACTIVITY_HOURS,
    MAX_BACKDATE_DAYS,
    MAX_NOTE_CHARS,
    MIN_ACTIVITY_HOURS,
    ActivityChange,
    ActivityView,
    ModuleProgressRow,
    delete_activity,
    update_activity,
)
from dashboard import resources
from dashboard.components import saving
from dashboard.components.progress_view import STAGE_LABELS
from storage import formats
from storage.enums import ActivityKind, LearningStage, ModuleStatus
from storage.people import PersonRef

STAGE_HELP = (
    "Where this activity sits in the experiential learning cycle: doing something "
    "(concrete experience), looking back on it (reflective observation), making sense of it "
    "with theory (abstract conceptualisation), or trying out what you learned (active "
    "experimentation)."
)
# The rules are checked by the service, which names what is wrong; the widgets carry no bounds
# of their own, since a value outside a widget's bounds is only shown in red and never sent.
DATE_HELP = f"Today or up to {MAX_BACKDATE_DAYS} days ago; not in the future."
HOURS_HELP = f"{MIN_ACTIVITY_HOURS:g} to {MAX_ACTIVITY_HOURS:g} hours, in steps of a quarter."
PROGRESS_LABEL = "Module progress after this (%)"


@dataclass(frozen=True)
class ActivityInput:
    module_key: str
    occurred_on: date
    hours: float
    kind: ActivityKind
    stage: LearningStage
    percent: int | None
    note: str


@dataclass(frozen=True)
class _Fields:
    occurred_on: object  # a date, unless the field was emptied
    hours: float
    kind: ActivityKind
    stage: LearningStage
    percent: int | None
    note: str


def _fields(key: str, *, start: ActivityView | None, today: date, percent: int | None) -> _Fields:
    """The fields of an entry, starting from `start` (a saved entry) or a fresh one;
    no progress slider when `percent` is None."""
    left, middle, right = st.columns(3)
    occurred_on = left.date_input(
        "Date",
        value=start.occurred_on if start else today,
        format=formats.DATE_INPUT_FORMAT,
        key=f"{key}-date",
        help=DATE_HELP,
    )
    hours = middle.number_input(
        "Hours", value=start.hours if start else 1.0, step=0.25, key=f"{key}-hours", help=HOURS_HELP
    )
    kinds = list(ActivityKind)
    kind = right.selectbox(
        "Activity",
        kinds,
        index=kinds.index(start.kind) if start else 0,
        format_func=lambda k: k.value.capitalize(),
        key=f"{key}-kind",
    )
    stages = list(LearningStage)
    stage = st.radio(
        "Learning stage",
        stages,
        index=stages.index(start.stage) if start else 0,
        format_func=STAGE_LABELS.__getitem__,
        horizontal=True,
        help=STAGE_HELP,
        key=f"{key}-stage",
    )
    chosen = None
    if percent is not None:
        chosen = st.slider(
            PROGRESS_LABEL,
            0,
            100,
            value=percent,
            step=1,
            key=f"{key}-percent",
            help="Where the module stands now. 100 % marks it done.",
        )
    note = st.text_area(
        "What did you do or learn?",
        value=start.note if start else "",
        max_chars=MAX_NOTE_CHARS,
        key=f"{key}-note",
        height=80,
    )
    return _Fields(
        occurred_on=occurred_on,
        hours=float(hours),
        kind=ActivityKind(kind),
        stage=LearningStage(stage),
        percent=None if chosen is None else int(chosen),
        note=note or "",
    )


def _day(fields: _Fields) -> date | None:
    """The entered date, or None (with a message) when the field was left empty."""
    if isinstance(fields.occurred_on, date):
        return fields.occurred_on
    st.error("Not saved: pick the day of the activity.")
    return None


def show(modules: list[ModuleProgressRow], *, today: date, key: str) -> ActivityInput | None:
    """Render the form; return what was entered when it is submitted, else None.

    Save with `saving.save(..., reset=[key])`: the form then starts afresh, its progress slider
    at the module's saved progress; a refused entry keeps what was typed.
    """
    if not modules:
        return None
    titles = {m.key: m.title for m in modules}
    default = next((i for i, m in enumerate(modules) if m.status is not ModuleStatus.COMPLETED), 0)
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
    current = {m.key: m.percent for m in modules}[module_key]
    # Keyed by the module's saved progress too, so a correction below moves the slider along.
    form = f"{saving.form_key(key)}-{module_key}-{current}"
    with st.form(f"{form}-form", enter_to_submit=False):
        fields = _fields(form, start=None, today=today, percent=current)
        if not st.form_submit_button("Log activity", type="primary"):
            return None
    occurred_on = _day(fields)
    if occurred_on is None:
        return None
    return ActivityInput(
        module_key=module_key,
        occurred_on=occurred_on,
        hours=fields.hours,
        kind=fields.kind,
        stage=fields.stage,
        percent=fields.percent,
        note=fields.note,
    )


def _labels(activities: list[ActivityView]) -> dict[int, str]:
    """Each entry in words; alike entries are told apart by a count, oldest first, so a new
    entry does not rename those before it (a choice is sent back as its label)."""
    labels: dict[int, str] = {}
    seen: dict[str, int] = {}
    for entry in reversed(activities):
        words = (
            f"{formats.day(entry.occurred_on)} · {entry.module_title} · "
            f"{formats.hours(entry.hours)} · {entry.kind.value.capitalize()}"
        )
        seen[words] = seen.get(words, 0) + 1
        labels[entry.id] = words if seen[words] == 1 else f"{words} ({seen[words]})"
    return labels


def correct(
    activities: list[ActivityView], *, actor: PersonRef, today: date, flash: str, key: str
) -> None:
    """Pick one of the learner's recent entries, then save changes to it or delete it (after
    a confirmation); the confirmation is left for `saving.flash(key=flash)`."""
    if not activities:
        return
    by_id = {a.id: a for a in activities}
    labels = _labels(activities)
    # Keyed by the newest entry too: once one is logged, the picker starts at it.
    chosen = st.selectbox(
        "Entry",
        list(by_id),
        format_func=labels.__getitem__,
        key=f"{key}-pick-{activities[0].id}",
    )
    entry = by_id.get(int(chosen), activities[0]) if chosen is not None else activities[0]
    # Keyed by the saved entry: once it changes, the form starts again from what is saved,
    # while a refused change keeps what was typed.
    saved = repr((entry.occurred_on, entry.hours, entry.kind, entry.stage, entry.percent_after))
    form = f"{key}-{entry.id}-{zlib.crc32((saved + entry.note).encode()):08x}"
    with st.form(f"{form}-form", enter_to_submit=False):
        fields = _fields(form, start=entry, today=today, percent=entry.percent_after)
        submitted = st.form_submit_button("Save changes", type="primary")
    if submitted and (occurred_on := _day(fields)) is not None:
        saving.save(
            lambda s: update_activity(
                s,
                actor=actor,
                activity_id=entry.id,
                occurred_on=occurred_on,
                hours=fields.hours,
                kind=fields.kind,
                stage=fields.stage,
                note=fields.note,
                percent=fields.percent,
                today=today,
                now=resources.now(),
            ),
            key=flash,
            message=lambda change: _corrected(entry, change),
        )
    st.caption(
        "Deleting an entry leaves the module's progress where it is: progress is where you "
        "last said the module stands. To change it, log an activity or correct the latest entry."
    )
    sure = st.checkbox(
        f"Yes, delete the entry of {formats.day(entry.occurred_on)}", key=f"{form}-sure"
    )
    if st.button(
        "Delete this entry", disabled=not sure, key=f"{form}-delete", icon=":material/delete:"
    ):
        saving.save(
            lambda s: delete_activity(s, actor=actor, activity_id=entry.id, now=resources.now()),
            key=flash,
            message=lambda change: (
                f"Deleted the entry of {formats.day(entry.occurred_on)} "
                f"({formats.hours(entry.hours)} on {entry.module_title})."
                f" {entry.module_title} stays at {change.module_percent} %."
            ),
        )


def _corrected(before: ActivityView, change: ActivityChange) -> str:
    after = change.activity
    if after == before:
        return f"Nothing to save: the entry of {formats.day(before.occurred_on)} is as it was."
    return (
        f"Saved the entry: {formats.day(after.occurred_on)}, {formats.hours(after.hours)} on "
        f"{after.module_title}. {after.module_title} is at {change.module_percent} %."
    )
