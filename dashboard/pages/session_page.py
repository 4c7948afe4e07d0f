"""1:1 session (mentors, leads): drafted agenda, notes, action items, capstone checkpoints."""

from collections.abc import Callable
from dataclasses import replace

import streamlit as st
from sqlmodel import Session

from assessments.framework import list_competencies
from dashboard import resources
from dashboard.components import (
    mentee_picker,
    mentoring_views,
    saving,
    search_refresh,
    session_forms,
)
from mentoring.action_items import add_action_item, close_action_item
from mentoring.capstone_tracking import capstones_of, tick_checkpoint
from mentoring.meetings import (
    complete_meeting,
    meeting_detail,
    move_meeting,
    save_meeting,
    skip_meeting,
)
from mentoring.pairing import mentees_overview
from storage import formats
from storage.errors import EditConflict, ProficioError
from storage.models import utc_now

viewer = resources.viewer()
now = utc_now()
today = resources.today(viewer)
st.title("1:1 session")
try:
    with resources.session() as session:
        rows = mentees_overview(session, actor=viewer, today=today)
        competencies = {c.key: c.name for c in list_competencies(session, viewer.team_id)}
except ProficioError as error:
    st.info(str(error))
    st.stop()
planned = {r.mentee_id: r for r in rows if r.plan is not None}
if not planned:
    st.info("None of your mentees has a plan yet. Generate one under Mentoring plan.")
    st.stop()


def _save(action: Callable[[Session], str], *, reset: tuple[str, ...] = ()) -> None:
    """One change; the action returns the confirmation to show after the rerun. `reset`:
    forms to start afresh once it is saved (a refusal keeps what was typed)."""
    saving.save(action, key="session", message=str, reset=reset)


pick_col, session_col = st.columns([2, 3])
with pick_col:
    mentee_id = mentee_picker.show({k: r.name for k, r in planned.items()}, key="session-mentee")
plan = planned[mentee_id or next(iter(planned))].plan
assert plan is not None
by_id = {s.id: s for s in plan.sessions}
# The session looked at last stays open when its label changes (marked done, skipped,
# moved); else a missed 1:1 first: it needs a decision.
shown = st.session_state.get(f"session-shown-{plan.id}")
default = by_id.get(shown) if shown else None
default = default or plan.first_open or plan.sessions[-1]
session_id = session_col.selectbox(
    "Session",
    list(by_id),
    index=list(by_id).index(default.id),
    format_func=lambda i: mentoring_views.session_label(by_id[i]),
    key=f"session-pick-{plan.id}",
)
st.session_state[f"session-shown-{plan.id}"] = session_id
saving.flash(key="session")

with resources.session() as session:
    detail = meeting_detail(session, actor=viewer, meeting_id=session_id, now=now)
    capstone = next(iter(capstones_of(session, actor=viewer, mentee_id=plan.mentee_id)), None)
current = detail.meeting
mentoring_views.session_header(detail)
if detail.can_edit and not current.done and plan.status == "active":
    change = session_forms.reschedule(detail, today=today, key=f"session-move-{session_id}")

    def _skip(s: Session) -> str:
        skip_meeting(s, actor=viewer, meeting_id=session_id, now=utc_now())
        return (
            f"Session {current.number} of {formats.day(current.scheduled_for)} is skipped; "
            "the rest of the plan stays as it was."
        )

    def _move(s: Session) -> str:
        assert change is not None and change.to is not None
        moved = move_meeting(s, actor=viewer, meeting_id=session_id, to=change.to, now=utc_now())
        return f"Session {current.number} moved to {formats.weekday_day(moved.scheduled_for)}."

    if change is not None:
        _save(_skip if change.skip else _move)

st.subheader("Carried over", divider="gray")
mentoring_views.items_table(
    detail.carried_over,
    key="session-carried",
    empty="Nothing carried over: no open action items from earlier sessions.",
)

st.subheader("Agenda and notes", divider="gray")
form_name = f"session-form-{session_id}"
form = saving.form_key(form_name)
if st.session_state.pop("session-refreshed", False):
    st.info(
        "Someone else saved this session since the page showed it, and you had typed nothing: "
        "the form now shows the text as saved. Nothing of yours was replaced.",
        icon=":material/sync:",
    )
entered = session_forms.session_editor(detail, key=form)
if entered is not None and not entered.typed and entered.version != detail.version:
    # Someone saved since the form was drawn and nothing was typed in it: there is nothing of
    # the viewer's to keep, so the form shows what is saved now instead of a conflict.
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
if entered is not None:

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
                now=utc_now(),
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
        complete_meeting(s, actor=viewer, meeting_id=session_id, now=utc_now())
        return f"{saved}; session {current.number} is done and open items carry over.", searchable

    def _said(saved: tuple[str, bool]) -> str:
        text, searchable = saved
        # The notes' old text and readers left search with the save; index the new ones now.
        return (
            f"{text} {search_refresh.reindex(resources.search_builder())}" if searchable else text
        )

    saving.save(_store, key="session", message=_said, reset=[form_name])
    if session_forms.conflict_just_found(key=form):
        st.rerun()  # draw the form again with their text above what was typed

st.subheader("Action items", divider="gray")
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
                now=utc_now(),
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
                now=utc_now(),
                evidence_level=closing.evidence_level,
            ).title
        )
    )

st.subheader("Capstone", divider="gray")
if capstone is None:
    st.caption(f"{plan.mentee_name} has no capstone yet; start one under Capstones.")
else:
    mentoring_views.capstone_progress(capstone, key="session-capstone")
    nxt = capstone.next_checkpoint
    if nxt is not None and st.button(f"Tick week {nxt.week}: {nxt.title}", key="session-tick"):

        def _tick(s: Session) -> str:
            tick_checkpoint(
                s,
                actor=viewer,
                capstone_id=capstone.id,
                week=nxt.week,
                on=today,
                now=resources.now(),
            )
            return f"Ticked week {nxt.week} of {capstone.title}."

        _save(_tick)
