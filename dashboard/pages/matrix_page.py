"""Competency matrix (leads, mentors): levels and gaps, coverage, disagreements, history."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from assessments.ratings import evidence_to_review, level_history
from assessments.rules import LEVEL_NAMES
from dashboard import resources
from dashboard.components import evidence_review, matrix_heatmap, person_profile, progress_view
from storage import formats
from storage.enums import CompetencyGroup, PersonRole
from storage.errors import ProficioError
from storage.people import list_people, team_name

viewer = resources.viewer()
today = resources.today(viewer)
st.title("Competency matrix")
if viewer.role == PersonRole.LEARNER:
    st.info("The team matrix is for leads and mentors; your own ratings are under Assessments.")
    st.stop()

try:
    with resources.session(writes=False) as session:
        team = team_name(session, viewer.team_id)
        mentor_of = {p.id: p.mentor_id for p in list_people(session, viewer.team_id)}
    matrix, freshness = resources.matrix_figures(viewer, today)
except ProficioError as error:
    st.error(str(error))
    st.stop()
names = {p.id: p.name for p in matrix.people}
competency_names = {c.key: c.name for c in matrix.competencies}

st.caption(
    f"{len(names)} people · {len(competency_names)} competencies. A level is the latest mentor "
    "or lead rating, else the best passed quiz; self-ratings sit beside it, never averaged in."
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

st.subheader("New evidence to review", divider="gray")
st.caption(
    f"{matrix_heatmap.NEW_EVIDENCE_MARK} on the heatmap: a quiz passed or a peer's rating, "
    "newer than the official level and above it. The level stays the mentor's or lead's until "
    "one of them confirms it."
)
evidence_review.show(
    evidence_to_review(matrix), viewer=viewer, mentor_of=mentor_of, key="matrix-evidence"
)

st.subheader("Coverage", divider="gray")
if not viewer.is_lead:
    st.info(
        "You see yourself and your mentees, so coverage counts only them; which skills rest "
        "on one person across the whole team is on a team lead's matrix."
    )
for row in matrix.single_person_skills() if viewer.is_lead else []:
    holders = [
        f"{names[pid]} ({LEVEL_NAMES[matrix.cells[(pid, row.competency_key)].resolved.level or 0]})"
        for pid in row.advanced_people
    ]
    st.warning(
        f"**{competency_names[row.competency_key]}** rests on "
        + (f"one person: {holders[0]}" if holders else "nobody at advanced or better yet")
        + f". Role targets ask it of {row.needed_by} people.",
        icon=":material/person_alert:",
    )
coverage = pd.DataFrame(
    {
        "Competency": [competency_names[r.competency_key] for r in matrix.coverage],
        "Needed by": [r.needed_by for r in matrix.coverage],
        "Meeting target": [r.meeting_target for r in matrix.coverage],
        "Advanced or better": [r.advanced_or_better for r in matrix.coverage],
    }
)
coverage_col, disagree_col = st.columns([3, 2], gap="large")
coverage_col.dataframe(
    coverage,
    hide_index=True,
    key="matrix-coverage",
    height=progress_view.table_height(len(coverage)),
)
coverage_col.caption("Needed by: people whose role target asks for it; meeting target: of those.")
disagree_col.markdown("**Self-ratings two levels or more from the official level**")
lines = []
for cell in matrix.self_disagreements():
    r = cell.resolved
    by = r.official_source.value if r.official_source else "official"
    lines.append(
        f"- **{names[cell.person_id]}**, {competency_names[cell.competency_key]}: self "
        f"**{LEVEL_NAMES[r.self_level or 0]}**, {by} **{LEVEL_NAMES[r.official_level or 0]}**"
    )
disagree_col.markdown("\n".join(lines) or "None: self-ratings and official levels roughly agree.")
disagree_col.caption("Worth a conversation at the next 1:1; neither view overrides the other.")

st.subheader("One person against the team and their target", divider="gray")
person_id = st.columns([2, 3])[0].selectbox(
    "Person", list(names), format_func=names.get, key="matrix-person"
)
person_profile.comparison(matrix.compare(person_id), name=names[person_id], key="matrix-compare")
competency = st.columns([2, 3])[0].selectbox(
    f"{names[person_id]}'s level history in",
    list(competency_names),
    format_func=competency_names.get,
    key="matrix-history-competency",
)
try:
    with resources.session() as session:
        ratings = level_history(
            session, actor=viewer, person_id=person_id, competency_key=competency
        )
except ProficioError as error:
    st.error(str(error))
else:
    person_profile.history(ratings, key="matrix-history")

st.subheader("Level changes in the team", divider="gray")
since = st.columns([2, 3])[0].date_input(
    "Changed since",
    today - timedelta(days=90),
    max_value=today,
    format=formats.DATE_INPUT_FORMAT,
    key="matrix-since",
)
changes = matrix.changes_since(since)
if not changes:
    st.info(f"No level has changed since {formats.day(since)}. Pick an earlier date to look back.")
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Person": c.person_name,
                    "Competency": c.competency_name,
                    "Before": matrix_heatmap.level_label(c.before),
                    "Now": matrix_heatmap.level_label(c.now),
                }
                for c in changes
            ]
        ),
        hide_index=True,
        key="matrix-changes",
        height=progress_view.table_height(min(len(changes), 12)),
    )
