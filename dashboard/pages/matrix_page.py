"""Competency matrix (leads, mentors): levels and gaps, coverage, disagreements, history."""

import streamlit as st

from assessments.ratings import evidence_to_review
from dashboard import resources
from dashboard.components import (
    evidence_review,
    matrix_changes,
    matrix_coverage,
    matrix_heatmap,
    person_profile,
)
from dashboard.components.loading import load
from storage.enums import CompetencyGroup, PersonRole
from storage.people import list_people, team_name

viewer = resources.viewer()
today = resources.today(viewer)
st.title("Competency matrix")
if viewer.role is PersonRole.LEARNER:
    st.info("The team matrix is for leads and mentors; your own ratings are under Assessments.")
    st.stop()

(matrix, freshness), team, mentor_of = load(
    lambda s: (
        resources.matrix_figures(viewer, today),  # cached, in its own unit
        team_name(s, viewer.team_id),
        {p.id: p.mentor_id for p in list_people(s, viewer.team_id)},
    )
)
names = {p.id: p.name for p in matrix.people}
competency_names = {c.key: c.name for c in matrix.competencies}

st.caption(
    f"{len(names)} people · {len(competency_names)} competencies. A level is the latest mentor "
    "or lead rating, else the best passed quiz or practical work; self-ratings sit beside it, "
    "never averaged in."
)
if not names or not competency_names:
    st.info(
        "Nothing to show yet: add competencies under Competency framework and people on "
        "Team members."
    )
    st.stop()

role_col, group_col, view_col = st.columns([4, 4, 3], vertical_alignment="bottom")
roles = role_col.multiselect(
    "Job role",
    sorted({p.job_role for p in matrix.people}),
    key="matrix-roles",
    placeholder="All job roles",
)
groups = group_col.multiselect(
    "Competency group",
    list(CompetencyGroup),
    format_func=matrix_heatmap.GROUP_LABELS.get,
    key="matrix-groups",
    placeholder="All groups",
)
view = view_col.segmented_control(
    "Colour by",
    matrix_heatmap.VIEWS,
    default=matrix_heatmap.LEVEL_VIEW,
    required=True,
    key="matrix-view",
)
st.caption(
    f"Team: **{team}**, the only team you belong to. Filters and colouring apply to the "
    "heatmap and its CSV; the sections below cover "
    + ("the whole team." if viewer.is_lead else "you and your mentees, the rows you may see.")
)
matrix_heatmap.show(
    matrix,
    view=view,
    job_roles=roles,
    groups=groups,
    today=today,
    key="matrix-map",
    freshness=freshness,
)
matrix_heatmap.fading_notes(freshness, people=names, competencies=competency_names)
matrix_heatmap.personal_targets_note(matrix, people=names, competencies=competency_names)

st.subheader("New evidence to review", divider="gray")
st.caption(
    f"{matrix_heatmap.NEW_EVIDENCE_MARK} on the heatmap: a quiz passed, practical work passed "
    "or a peer's rating, newer than the official level and above it. The level stays the "
    "mentor's or lead's until one of them confirms it."
)
evidence_review.show(
    evidence_to_review(matrix), viewer=viewer, mentor_of=mentor_of, key="matrix-evidence"
)

st.subheader("Coverage", divider="gray")
matrix_coverage.show(viewer, matrix, key="matrix-coverage")

st.subheader("One person against the team and their target", divider="gray")
person_profile.show(viewer, matrix, key="matrix")

st.subheader("Level changes in the team", divider="gray")
matrix_changes.show(matrix, today=today, key="matrix")
