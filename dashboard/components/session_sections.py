"""Sections of the 1:1 session page that change the session: rescheduling it, its agenda and
notes, its action items and the mentee's capstone checkpoint. Each draws its part and saves
through `saving.save`, confirming under the page's one flash key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import streamlit as st
from sqlmodel import Session

from dashboard import resources
from dashboard.components import mentoring_views, saving, search_refresh, session_forms
from mentoring.action_items import add_action_item, close_action_item
from mentoring.capstone_tracking import CapstoneView, tick_checkpoint
from mentoring.meetings import (
    MeetingDetail,
    complete_meeting,
    move_meeting,
    save_meeting,
    skip_meeting,
)
from storage import formats
from storage.errors import EditConflict
from storage.people import PersonRef

FLASH_KEY = "session"


def _save(action: Callable[[Session], str], *, reset: tuple[str, ...] = ()) -> None:
    """One change; the action returns the confirmation to show after the rerun. `reset`:
    forms to start afresh once it is saved (a refusal keeps what was typed)."""
    saving.save(action, key=FLASH_KEY, message=str, reset=reset)


def reschedule(viewer: PersonRef, detail: MeetingDetail, *, today: date) -> None:
    """Skip the session or move it to another day."""
    current, session_id = detail.meeting, detail.meeting.id
    change = session_forms.reschedule(detail, today=today, key=f"session-move-{session_id}")
    if change is None:
        return

    def _skip(s: Session) -> str:
        skip_meeting(s, actor=viewer, meeting_id=session_id, now=resources.now())
        return (
            f"Session {current.number} of {formats.day(current.scheduled_for)} is skipped; "
            "the rest of the plan stays as it was."
        )

    def _move(s: Session) -> str:
        assert change.to is not None
        moved = move_meeting(
            s, actor=viewer, meeting_id=session_id, to=change.to, now=resources.now()
        )
        return f"Session {current.number} moved to {formats.weekday_day(moved.scheduled_for)}."

    _save(_skip if change.skip else _move)


def agenda_and_notes(viewer: PersonRef, detail: MeetingDetail) -> None:
    """The agenda and notes form: saving it (and marking the session done), a conflict with
    someone else's save shown above what was typed, and a form nobody typed in refreshed."""
    current, session_id = detail.meeting, detail.meeting.id
    form_name = f"session-form-{session_id}"
    form = saving.form_key(form_name)
    if st.session_state.pop("session-refreshed", False):
        st.info(
            "Someone else saved this session since the page showed it, and you had typed "
            "nothing: the form now shows the text as saved. Nothing of yours was replaced.",
            icon=":material/sync:",
        )
    entered = session_forms.session_editor(detail, key=form)
    if entered is not None and not entered.typed and entered.version != detail.version:
        # Someone saved since the form was drawn and nothing was typed in it: there is nothing
        # of the viewer's to keep, so the form shows what is saved now instead of a conflict.
        entered = replace(
            entered,
            agenda=detail.agenda,
            notes=detail.notes if entered.notes is not None else None,
            visibility=detail.notes_visibility,
            version=detail.version,
        )
        if not entered.mark_done:
            saving.start_afresh(form_name)
            st.session_state["session-refreshed"] = True
            st.rerun()
    if entered is None:
        return

    def _store(s: Session) -> tuple[str, bool]:
        try:
            changed = save_meeting(
                s,
                actor=viewer,
                meeting_id=session_id,
                agenda=entered.agenda,
                notes=entered.notes,
                visibility=entered.visibility,
                expected_version=entered.version,
                now=resources.now(),
            )
        except EditConflict as conflict:
            session_forms.remember_conflict(conflict, detail, key=form)
            raise
        saved = (
            "Saved the " + " and ".join(changed).replace("visibility", "notes' visibility")
            if changed
            else "Nothing had changed"
        )
        searchable = "notes" in changed or "visibility" in changed
        if not entered.mark_done:
            return f"{saved} of session {current.number}.", searchable
        complete_meeting(s, actor=viewer, meeting_id=session_id, now=resources.now())
        return f"{saved}; session {current.number} is done and open items carry over.", searchable

    def _said(saved: tuple[str, bool]) -> str:
        text, searchable = saved
        # The notes' old text and readers left search with the save; index the new ones now.
        return (
            f"{text} {search_refresh.reindex(resources.search_builder())}" if searchable else text
        )

    saving.save(_store, key=FLASH_KEY, message=_said, reset=[form_name])
    if session_forms.conflict_just_found(key=form):
        st.rerun()  # draw the form again with their text above what was typed


def action_items(
    viewer: PersonRef, detail: MeetingDetail, *, competencies: dict[str, str], today: date
) -> None:
    """The items raised in this session, a form to raise one and one to close an open one."""
    plan, current, session_id = detail.plan, detail.meeting, detail.meeting.id
    mentoring_views.items_table(
        detail.raised, key="session-raised", empty="No items raised in this session yet."
    )
    owners = {plan.mentee_id: plan.mentee_name, plan.mentor_id: plan.mentor_name}
    item = session_forms.new_item(
        owners,
        competencies,
        today=today,
        session_day=current.scheduled_for.date(),
        next_planned_on=detail.next_planned_on,
        key=saving.form_key(f"session-item-{session_id}"),
    )
    if item is not None:
        _save(
            lambda s: (
                "Added: "
                + add_action_item(
                    s,
                    actor=viewer,
                    session_id=session_id,
                    title=item.title,
                    owner_id=item.owner_id,
                    due_on=item.due_on,
                    competency_key=item.competency_key,
                    now=resources.now(),
                ).title
            ),
            reset=(f"session-item-{session_id}",),
        )
    still_open = [i for i in detail.carried_over + detail.raised if i.is_open]
    closing = session_forms.close_item(still_open, can_rate=True, key=f"session-close-{session_id}")
    if closing is not None:
        _save(
            lambda s: (
                "Done: "
                + close_action_item(
                    s,
                    actor=viewer,
                    item_id=closing.item_id,
                    now=resources.now(),
                    evidence_level=closing.evidence_level,
                ).title
            )
        )


def capstone(
    viewer: PersonRef, capstone: CapstoneView | None, *, mentee_name: str, today: date
) -> None:
    """The mentee's capstone and a button to tick its next checkpoint."""
    if capstone is None:
        st.caption(f"{mentee_name} has no capstone yet; start one under Capstones.")
        return
    mentoring_views.capstone_progress(capstone, key="session-capstone")
    nxt = capstone.next_checkpoint
    if nxt is None or not st.button(f"Tick week {nxt.week}: {nxt.title}", key="session-tick"):
        return

    def _tick(s: Session) -> str:
        tick_checkpoint(
            s, actor=viewer, capstone_id=capstone.id, week=nxt.week, on=today, now=resources.now()
        )
        return f"Ticked week {nxt.week} of {capstone.title}."

    _save(_tick)
