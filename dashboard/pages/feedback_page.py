"""Curriculum feedback (leads): learners' ratings per module over time, their comments, the
modules to look at, improvement items, and mentor effectiveness."""

import streamlit as st

from curriculum.catalog import learning_path
from dashboard import resources
from dashboard.components import feedback_views, improvement_forms, saving
from dashboard.components.loading import load
from insights.curriculum_feedback import curriculum_feedback, mentor_effectiveness
from storage.people import list_people

FLASH_KEY = "feedback"
COMMENTS_SHOWN = 30


def _count(n: int, noun: str, nouns: str | None = None) -> str:
    return f"{n} {noun if n == 1 else nouns or noun + 's'}"


viewer = resources.viewer()
st.title("Curriculum feedback")
if not viewer.is_lead:
    st.info("Only a team lead reads the team's curriculum feedback.")
    st.stop()

view, mentors, levels, people = load(
    lambda s: (
        curriculum_feedback(s, actor=viewer, team_id=viewer.team_id),
        mentor_effectiveness(s, actor=viewer, team_id=viewer.team_id),
        learning_path(s),
        list_people(s, viewer.team_id),
    )
)
saving.flash(key=FLASH_KEY)
answered_by = len({a.person_id for a in view.answers})
still_open = sum(1 for i in view.improvements if i.is_open)
st.caption(
    f"{_count(len(view.answers), 'answer')} from {_count(answered_by, 'person', 'people')} · "
    f"{_count(len(view.flagged), 'module')} to look at · "
    f"{_count(still_open, 'open improvement item')}. Learners are asked after "
    "finishing a module and once a week while on a track; they may skip the question, and "
    "they are told their lead reads their name with the answer."
)

st.subheader("Ratings per module over time", divider="gray")
feedback_views.ratings_chart(view.by_month, key="feedback-chart")

st.subheader("Modules to look at", divider="gray")
feedback_views.modules_table(view.modules, key="feedback-modules")

st.subheader("Improvement items", divider="gray")
feedback_views.improvements_table(
    view.improvements,
    key="feedback-items",
    empty="No improvement items yet: open one for a module the feedback points at.",
)
modules = {m.key: m.title for level in levels for m in level.modules}
flagged_titles = {m.module for m in view.flagged}
first_flagged = next((k for k, t in modules.items() if t in flagged_titles), None)
open_col, move_col = st.columns(2)
with open_col:
    st.markdown("**Open an item**")
    improvement_forms.open_item(
        viewer,
        modules,
        {p.id: p.name for p in people if p.active},
        flash_key=FLASH_KEY,
        key="feedback-open",
        module_key=first_flagged,
    )
with move_col:
    improvement_forms.move_item(viewer, view.improvements, flash_key=FLASH_KEY, key="feedback-move")

st.subheader("Comments", divider="gray")
feedback_views.comments(view.answers, shown=COMMENTS_SHOWN)

st.subheader("Mentor effectiveness", divider="gray")
feedback_views.mentors_table(mentors, key="feedback-mentors")
