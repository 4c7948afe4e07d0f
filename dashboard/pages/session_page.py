"""1:1 session (mentors, leads): drafted agenda, the pair's talking points, notes, action items,
development goals with their review notes, capstone checkpoints."""

import streamlit as st

from assessments.framework import list_competencies
from dashboard import resources
from dashboard.components import (
    goal_reviews,
    mentee_picker,
    mentoring_views,
    saving,
    session_sections,
    talking_points,
)
from dashboard.components.loading import load
from mentoring.capstone_tracking import capstones_of
from mentoring.goals import goals_to_review
from mentoring.meetings import meeting_detail
from mentoring.pairing import mentees_overview
from mentoring.talking_points import talking_points as points_of
from storage.enums import PlanStatus

viewer = resources.viewer()
today = resources.today(viewer)
st.title("1:1 session")
rows, competencies = load(
    lambda s: (
        mentees_overview(s, actor=viewer, today=today),
        {c.key: c.name for c in list_competencies(s, viewer.team_id)},
    )
)
planned = {r.mentee_id: r for r in rows if r.plan is not None}
if not planned:
    st.info("None of your mentees has a plan yet. Generate one under Mentoring plan.")
    st.stop()

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
saving.flash(key=session_sections.FLASH_KEY)

detail, capstone, goals, points = load(
    lambda s: (
        meeting_detail(s, actor=viewer, meeting_id=session_id, now=resources.now()),
        next(iter(capstones_of(s, actor=viewer, mentee_id=plan.mentee_id)), None),
        goals_to_review(s, actor=viewer, meeting_id=session_id, now=resources.now()),
        points_of(s, actor=viewer, meeting_id=session_id),
    )
)
mentoring_views.session_header(detail)
if detail.can_edit and not detail.meeting.done and plan.status is PlanStatus.ACTIVE:
    session_sections.reschedule(viewer, detail, today=today)

st.subheader("Carried over", divider="gray")
mentoring_views.items_table(
    detail.carried_over,
    key="session-carried",
    empty="Nothing carried over: no open action items from earlier sessions.",
)

st.subheader("Talking points", divider="gray")
open_session = (
    not (detail.meeting.done or detail.meeting.skipped) and plan.status is PlanStatus.ACTIVE
)
st.caption(
    "Added by the mentee and the mentor before the 1:1; the mentee's come first in problem "
    "solving." + ("" if open_session else " Kept with the session as discussed.")
)
talking_points.show(
    viewer,
    points,
    meeting_id=session_id,
    can_add=open_session and viewer.id in (plan.mentor_id, plan.mentee_id),
    flash_key=session_sections.FLASH_KEY,
    key="session-points",
)

st.subheader("Agenda and notes", divider="gray")
session_sections.agenda_and_notes(viewer, detail)

st.subheader("Action items", divider="gray")
session_sections.action_items(viewer, detail, competencies=competencies, today=today)

st.subheader("Development goals", divider="gray")
goal_reviews.show(viewer, detail, goals, flash_key=session_sections.FLASH_KEY)

st.subheader("Capstone", divider="gray")
session_sections.capstone(viewer, capstone, mentee_name=plan.mentee_name, today=today)
