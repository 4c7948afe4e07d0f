"""Forms of the 1:1 session page: agenda and notes, a new action item, closing an item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import streamlit as st

from assessments.rules import LEVEL_NAMES
from mentoring.action_items import ActionItemView, default_due_on
from mentoring.meetings import MeetingDetail
from storage import formats
from storage.enums import Visibility
from storage.errors import EditConflict

VISIBILITY_LABELS = {
    Visibility.PAIR: "Only the two of us",
    Visibility.TEAM: "The whole team",
}


@dataclass(frozen=True)
class SessionInput:
    agenda: str
    notes: str | None  # None: the notes are not the viewer's to change
    visibility: Visibility
    mark_done: bool
    version: int  # the session's version this text was begun from
    typed: bool  # anything differs from what the form was drawn with


@dataclass
class _Start:
    """What the form was first drawn with. Kept across reruns, so the text being typed is
    never swapped for someone else's save, and a save can say which version it began from."""

    agenda: str
    notes: str | None
    visibility: Visibility
    version: int


@dataclass(frozen=True)
class Reschedule:
    skip: bool
    to: date | None  # the new day, when moving


@dataclass(frozen=True)
class ItemInput:
    title: str
    owner_id: int
    due_on: date | None
    competency_key: str | None


@dataclass(frozen=True)
class CloseInput:
    item_id: int
    evidence_level: int | None


def session_editor(detail: MeetingDetail, *, key: str) -> SessionInput | None:
    """Agenda, notes and their visibility; returns what was submitted, with the button.

    `key` changes after each successful save (`saving.form_key`): the form then starts again
    from what is saved, as it does whenever it is drawn anew (the page opened again). After an
    EditConflict (`remember_conflict`) the other person's text is shown above the form, which
    keeps what was typed."""
    conflict = st.session_state.get(f"{key}-conflict")
    saved_now = _Start(detail.agenda, detail.notes, detail.notes_visibility, detail.version)
    if conflict is None and f"{key}-agenda" not in st.session_state:
        # Not on screen in the last run, so nothing typed in it: start from what is saved now
        # (someone may have saved since the page last drew it).
        st.session_state[f"{key}-start"] = saved_now
    start: _Start = st.session_state.setdefault(f"{key}-start", saved_now)
    if conflict is not None:
        changed_by, message, theirs = conflict
        st.error(message, icon=":material/sync_problem:")
        with st.container(border=True):
            st.markdown(f"**{changed_by}'s text, as saved now**")
            for label, text in theirs.items():
                st.text_area(
                    f"{label} saved by {changed_by}",
                    text,
                    disabled=True,
                    height=200 if label == "Agenda" else 100,
                    key=f"{key}-theirs-{label.lower()}",
                )
            st.caption("Yours is below, as you typed it. Copy what you need from theirs.")
    elif detail.agenda_is_draft:
        st.info(
            "Drafted from the mentee's gaps, failed quizzes, overdue reviews, open items and "
            "capstone. Edit it as you like; it is saved with the session.",
            icon=":material/edit_note:",
        )
    with st.form(key):
        agenda = st.text_area(
            "Your agenda" if conflict else "Agenda", start.agenda, height=330, key=f"{key}-agenda"
        )
        notes: str | None = None
        visibility = start.visibility
        if start.notes is None:
            st.caption("The notes of this session are private to the mentor and mentee.")
        else:
            notes = st.text_area(
                "Your notes" if conflict else "Notes",
                start.notes,
                height=140,
                key=f"{key}-notes",
                placeholder="What you talked about, what was decided.",
            )
            visibility = st.radio(
                "Who can read the notes",
                list(VISIBILITY_LABELS),
                index=list(VISIBILITY_LABELS).index(start.visibility),
                format_func=VISIBILITY_LABELS.__getitem__,
                horizontal=True,
                key=f"{key}-visibility",
            )
        save_col, done_col = st.columns([1, 3])
        saved = save_col.form_submit_button(
            "Save mine over theirs" if conflict else "Save", key=f"{key}-save"
        )
        done = (
            done_col.form_submit_button("Save and mark done", type="primary", key=f"{key}-done")
            if not detail.meeting.done
            else False
        )
    if not (saved or done):
        return None
    typed = (agenda, notes, visibility) != (start.agenda, start.notes, start.visibility)
    return SessionInput(agenda, notes, Visibility(visibility), bool(done), start.version, typed)


def remember_conflict(error: EditConflict, detail: MeetingDetail, *, key: str) -> None:
    """Keep the other person's text for the form to show, and let the next save knowingly
    replace the version they saved (`detail`: read in this run, after their save)."""
    st.session_state[f"{key}-conflict"] = (error.changed_by, str(error), error.theirs)
    st.session_state[f"{key}-conflict-new"] = True
    start: _Start | None = st.session_state.get(f"{key}-start")
    if start is not None:
        start.version = detail.version


def conflict_just_found(*, key: str) -> bool:
    """True once after `remember_conflict`: the page then draws the form again."""
    return bool(st.session_state.pop(f"{key}-conflict-new", False))


def reschedule(detail: MeetingDetail, *, today: date, key: str) -> Reschedule | None:
    """Skip this 1:1, or move it to a new day (today or later, before the next session)."""
    current, sessions = detail.meeting, detail.plan.sessions
    later = [s for s in sessions if s.number > current.number]
    latest = later[0].scheduled_for.date() - timedelta(days=1) if later else None
    if latest is not None and latest < today:
        st.caption(
            f"Session {later[0].number} is already due, so this one can only be skipped "
            "or marked done."
        )
    move_col, skip_col = st.columns([3, 2], vertical_alignment="bottom")
    with move_col.form(f"{key}-move", border=False):
        day_col, button_col = st.columns([2, 1], vertical_alignment="bottom")
        wanted = max(today, current.scheduled_for.date())
        to = day_col.date_input(
            "Move to",
            min(wanted, latest) if latest and latest >= today else wanted,
            min_value=today,
            max_value=latest if latest and latest >= today else None,
            format=formats.DATE_INPUT_FORMAT,
            key=f"{key}-to",
            disabled=latest is not None and latest < today,
        )
        if button_col.form_submit_button("Move", key=f"{key}-move-button"):
            return Reschedule(skip=False, to=to)  # type: ignore[arg-type]
    if not current.skipped and skip_col.button(
        "Skip this 1:1", key=f"{key}-skip", icon=":material/event_busy:"
    ):
        return Reschedule(skip=True, to=None)
    return None


def new_item(
    owners: dict[int, str],
    competencies: dict[str, str],
    *,
    today: date,
    session_day: date,
    next_planned_on: date | None,
    key: str,
) -> ItemInput | None:
    """Raise an action item: what, who, by when (by default the next planned 1:1, or a week
    from today; never a past day), and optionally the competency it builds.

    `key` is a `saving.form_key`: a refused item keeps what was typed."""
    with st.form(key):
        title = st.text_input("New action item", key=f"{key}-title", placeholder="What, concretely")
        owner_col, due_col, comp_col = st.columns(3)
        owner = owner_col.selectbox(
            "Owner", list(owners), format_func=owners.__getitem__, key=f"{key}-owner"
        )
        due = due_col.date_input(
            "Due",
            max(default_due_on(today, next_planned_on), session_day),
            min_value=max(today, session_day),
            format=formats.DATE_INPUT_FORMAT,
            key=f"{key}-due",
        )
        competency = comp_col.selectbox(
            "Builds",
            list(competencies),
            index=None,
            format_func=competencies.__getitem__,
            placeholder="No competency",
            key=f"{key}-competency",
        )
        if not st.form_submit_button("Add item", key=f"{key}-add"):
            return None
    return ItemInput(title, owner, due, competency)  # type: ignore[arg-type]


def close_item(open_items: list[ActionItemView], *, can_rate: bool, key: str) -> CloseInput | None:
    """Mark one open item done; a mentor may record the level it showed as evidence."""
    if not open_items:
        return None
    by_id = {i.id: i for i in open_items}
    with st.form(key):
        item_col, level_col = st.columns([3, 2])
        item_id = item_col.selectbox(
            "Mark done",
            list(by_id),
            format_func=lambda i: f"{by_id[i].title} ({by_id[i].owner_name})",
            key=f"{key}-item",
        )
        level = None
        if can_rate:
            level = level_col.selectbox(
                "Evidence for its competency",
                list(LEVEL_NAMES),
                index=None,
                format_func=lambda n: f"{LEVEL_NAMES[n]} shown",
                placeholder="No evidence",
                key=f"{key}-level",
                help="Adds a mentor rating to the item's competency (items linked to one only).",
            )
        if not st.form_submit_button("Mark item done", key=f"{key}-close"):
            return None
    return CloseInput(item_id, level)
