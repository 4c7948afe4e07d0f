"""My mentoring (learners): my plan, the next 1:1 with its drafted agenda and our talking
points, my action items, rating past sessions."""

from collections.abc import Callable

import streamlit as st
from sqlmodel import Session

from dashboard import resources
from dashboard.components import mentoring_views, note_text, saving, talking_points
from dashboard.components.loading import load
from mentoring.action_items import close_action_item, open_items
from mentoring.capstone_tracking import capstones_of
from mentoring.meetings import meeting_detail, rate_meeting
from mentoring.planning import active_plan
from mentoring.talking_points import agenda_with_points
from mentoring.talking_points import talking_points as points_of
from storage import formats

viewer = resources.viewer()
today = resources.today(viewer)
st.title("My mentoring")
plan, items, capstones = load(
    lambda s: (
        active_plan(s, actor=viewer, mentee_id=viewer.id, today=today),
        open_items(s, actor=viewer, mentee_id=viewer.id, today=today),
        capstones_of(s, actor=viewer, mentee_id=viewer.id),
    )
)
saving.flash(key="mine")
st.page_link("pages/development_page.py", label="All my goals", icon=":material/flag_circle:")
if plan is None:
    st.info(
        "You have no mentoring plan yet. Your mentor generates one from your latest assessment"
        + ("." if viewer.mentor_id else "; a team lead assigns you a mentor first.")
    )
    st.stop()


def _save(action: Callable[[Session], object], message: str) -> None:
    saving.save(action, key="mine", message=message)


mentoring_views.plan_header(plan)
if plan.missed_sessions:
    days = ", ".join(formats.weekday_day(s.scheduled_for) for s in plan.missed_sessions)
    st.warning(
        f"Missed: {days} — planned, but not held. Ask {plan.mentor_name} to hold, move or skip it.",
        icon=":material/event_busy:",
    )

st.subheader("Next 1:1", divider="gray")
nxt = plan.next_session
if nxt is None:
    st.info("No session still to come in this plan.", icon=":material/event:")
else:
    upcoming, upcoming_points = load(
        lambda s: (
            meeting_detail(s, actor=viewer, meeting_id=nxt.id, now=resources.now()),
            points_of(s, actor=viewer, meeting_id=nxt.id),
        )
    )
    st.info(
        f"Next session: **{mentoring_views.when(nxt.scheduled_for)}** with {plan.mentor_name}"
        f" · session {nxt.number}, week {nxt.week}: {nxt.phase}",
        icon=":material/event:",
    )
    drafted = " (drafted; your mentor may still change it)" if upcoming.agenda_is_draft else ""
    with st.expander(f"Agenda{drafted}", expanded=True):
        note_text.show(agenda_with_points(upcoming.agenda, upcoming_points))
    st.markdown("**Talking points**")
    talking_points.show(
        viewer,
        upcoming_points,
        meeting_id=nxt.id,
        can_add=True,
        flash_key="mine",
        key="mine-points",
    )

st.subheader("My action items", divider="gray")
mine = [i for i in items if i.owner_id == viewer.id]
mentoring_views.items_table(items, key="mine-items", empty="No open action items.")
if mine:
    with st.form("mine-close"):
        by_id = {i.id: i for i in mine}
        item_id = st.selectbox(
            "Done with", list(by_id), format_func=lambda i: by_id[i].title, key="mine-item"
        )
        if st.form_submit_button("Mark done", key="mine-done"):
            _save(
                lambda s: close_action_item(s, actor=viewer, item_id=item_id, now=resources.now()),
                f"Done: {by_id[item_id].title}",
            )

st.subheader("Sessions", divider="gray")
mentoring_views.sessions_table(plan, key="mine-sessions")
done = [s for s in plan.sessions if s.done]
if done:
    by_number = {s.id: s for s in reversed(done)}
    pick_col, rate_col = st.columns([3, 2], vertical_alignment="bottom")
    session_id = pick_col.selectbox(
        "Look back at",
        list(by_number),
        format_func=lambda i: mentoring_views.session_label(by_number[i]),
        key="mine-session",
    )
    detail, points = load(
        lambda s: (
            meeting_detail(s, actor=viewer, meeting_id=session_id, now=resources.now()),
            points_of(s, actor=viewer, meeting_id=session_id),
        )
    )
    given = detail.meeting.mentee_rating
    rating = rate_col.feedback(
        "stars", default=given - 1 if given else None, key=f"mine-rating-{session_id}"
    )
    if rating is not None and rating + 1 != given:
        _save(
            lambda s: rate_meeting(
                s, actor=viewer, meeting_id=session_id, rating=rating + 1, now=resources.now()
            ),
            f"Thanks: you rated session {detail.meeting.number} {rating + 1}/5.",
        )
    rate_col.caption(f"Your rating: {given}/5" if given else "How useful was it? Rate it.")
    with st.expander("Agenda and notes", expanded=True):
        note_text.show(agenda_with_points(detail.agenda, points) or "*No agenda was saved.*")
        st.markdown("**Notes**")
        note_text.show(detail.notes or "*No notes.*")

if capstones:
    st.subheader("My capstone", divider="gray")
    mentoring_views.capstone_progress(capstones[0], key="mine-capstone")
