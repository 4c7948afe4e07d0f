"""The 1:1's development goals: those due soon or off track, each with where it stands and a
short review note the mentor keeps with the goal (shown in its history on the plan)."""

from __future__ import annotations

import streamlit as st

from dashboard import resources
from dashboard.components import goal_view, saving
from dashboard.components.plain_text import plain
from mentoring.goals import GoalView, review_goal
from mentoring.meetings import MeetingDetail
from storage import formats
from storage.people import PersonRef


def show(
    viewer: PersonRef, detail: MeetingDetail, goals: list[GoalView], *, flash_key: str
) -> None:
    """Each goal the 1:1 reviews; a form per goal for its review note (mentor, lead)."""
    if not goals:
        st.caption(
            f"No goal of {detail.plan.mentee_name}'s development plan is due within two weeks "
            "or off track."
        )
    for goal in goals:
        with st.container(border=True):
            goal_view.summary(goal, detail.plan.mentee_name)
            here = [r for r in goal.reviews if r.meeting_id == detail.meeting.id]
            for r in here:
                st.markdown(f"**Review note** · {r.author_name}, {formats.day(r.created_at)}")
                st.text(r.note)
            if not detail.can_edit:
                continue
            form = saving.form_key(f"goal-review-{detail.meeting.id}-{goal.id}")
            with st.form(form):
                note = st.text_area(
                    f"Review note on '{plain(goal.title)}'",
                    key=f"{form}-note",
                    height=68,
                    placeholder="What was agreed: keep the date, change the plan, what comes next.",
                )
                if st.form_submit_button("Keep review note"):
                    saving.save(
                        lambda s, g=goal.id, n=note: review_goal(
                            s,
                            actor=viewer,
                            goal_id=g,
                            meeting_id=detail.meeting.id,
                            note=n,
                            now=resources.now(),
                        ),
                        key=flash_key,
                        message=f"Kept the review note on '{goal.title}' with the goal.",
                        reset=[f"goal-review-{detail.meeting.id}-{goal.id}"],
                    )
