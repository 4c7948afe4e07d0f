"""Assessments: quizzes, self-ratings, intake, mentor assessments, peer reviews and history."""

import streamlit as st

from assessments.framework import list_competencies
from dashboard import resources
from dashboard.components import (
    assessment_history,
    assessment_intake,
    assessment_peer,
    assessment_quizzes,
    assessment_scoring,
    assessment_self_rating,
)
from dashboard.components.loading import load
from storage.people import list_people

viewer = resources.viewer()
today = resources.today(viewer)
st.title("Assessments")
st.caption(
    "Quizzes, self-ratings, the intake, mentor assessments and peer reviews. Self, mentor, "
    "quiz and peer views are kept side by side, never averaged into one another."
)
people, competencies = load(
    lambda s: (list_people(s, viewer.team_id), list_competencies(s, viewer.team_id))
)

# Keyed and tracked, so a save's rerun comes back to the tab the person was on.
quizzes, self_rating, intake, assess, peer, history = st.tabs(
    ["Quizzes", "Self-rating", "Intake", "Assess", "Peer review", "History"],
    key="assessments-tabs",
    on_change="rerun",
)
with quizzes:
    assessment_quizzes.show(viewer, key="quiz")
with self_rating:
    assessment_self_rating.show(viewer, competencies, key="self")
with intake:
    assessment_intake.show(viewer, people, today=today, key="intake")
with assess:
    assessment_scoring.show(viewer, people, competencies, today=today, key="assess")
with peer:
    assessment_peer.show(viewer, people, key="peer")
with history:
    assessment_history.show(viewer, people, {c.key: c.name for c in competencies}, key="history")
