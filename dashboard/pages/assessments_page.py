"""Assessments: quizzes, self-ratings, intake, mentor assessments, peer reviews and history."""

import streamlit as st

from assessments.evaluations import assessments_of, record_assessment
from assessments.framework import list_competencies, team_weights
from assessments.quizzes import quiz_history
from assessments.ratings import add_rating, people_matrix
from dashboard import resources
from dashboard.components import (
    assessment_forms,
    assessment_views,
    intake_tab,
    peer_tab,
    quiz_form,
    quiz_tab,
    saving,
)
from dashboard.components.assessment_views import level_label
from storage.enums import PersonRole, RaterKind
from storage.errors import ProficioError
from storage.people import list_people

viewer = resources.viewer()
today = resources.today(viewer)
st.title("Assessments")
st.caption(
    "Quizzes, self-ratings, the intake, mentor assessments and peer reviews. Self, mentor, "
    "quiz and peer views are kept side by side, never averaged into one another."
)
with resources.session() as session:
    people = list_people(session, viewer.team_id)
    competencies = list_competencies(session, viewer.team_id)
names = {p.id: p.name for p in people}
competency_names = {c.key: c.name for c in competencies}


# Keyed and tracked, so a save's rerun comes back to the tab the person was on.
quizzes, self_rating, intake, assess, peer, history = st.tabs(
    ["Quizzes", "Self-rating", "Intake", "Assess", "Peer review", "History"],
    key="assessments-tabs",
    on_change="rerun",
)

with quizzes:
    quiz_tab.show(viewer, key="quiz")

with self_rating:
    saving.flash(key="self")
    with resources.session() as session:
        matrix = people_matrix(
            session, actor=viewer, team_id=viewer.team_id, person_ids=[viewer.id]
        )
    mine = {k: c.resolved for (pid, k), c in matrix.cells.items() if pid == viewer.id}
    targets = {k: c.target for (pid, k), c in matrix.cells.items() if pid == viewer.id}
    st.info(
        "Your self-rating is shown beside your official level (the latest mentor or lead "
        "rating, or quiz evidence where there is none). It is never averaged into it.",
        icon=":material/balance:",
    )
    entry = None
    if not competencies:
        st.info("The competency framework is empty; a team lead adds competencies first.")
    else:
        entry = assessment_forms.self_rating(competencies, mine, key="self")
    if entry is not None:
        official = mine[entry.competency_key].level if entry.competency_key in mine else None

        saving.save(
            lambda s: add_rating(
                s,
                actor=viewer,
                person_id=viewer.id,
                competency_key=entry.competency_key,
                level=entry.level,
                rater_kind=RaterKind.SELF,
                note=entry.note,
                created_at=resources.now(),
            ),
            key="self",
            reset=["self-form"],
            message=lambda rated: (
                f"Saved: you rate yourself {level_label(rated.level).lower()} in "
                f"{rated.competency_name}. Your official level stays "
                f"{level_label(official).lower()}."
            ),
        )
    st.subheader("Your levels", divider="gray")
    assessment_views.levels_table(competencies, mine, targets, key="self-levels")


with intake:
    intake_tab.show(viewer, people, today=today, key="intake")

with assess:
    if viewer.role == PersonRole.LEARNER:
        st.info(
            "Your mentor or a team lead assesses you on four dimensions (knowledge recall, "
            "practical application, analytical thinking and knowledge transfer). Your "
            "assessments and their next steps are on the History tab.",
            icon=":material/info:",
        )
    else:
        assessable = [
            p for p in people if p.id != viewer.id and (viewer.is_lead or p.mentor_id == viewer.id)
        ]
        if not assessable:
            st.info("Nobody is your mentee yet; a team lead can assign mentees.")
        else:
            with resources.session() as session:
                weights = team_weights(session, viewer.team_id)
            entry = assessment_forms.assessment(assessable, competencies, weights, key="assess")
            if entry is not None:
                try:
                    with resources.session() as session:
                        saved = record_assessment(
                            session,
                            actor=viewer,
                            person_id=entry.person_id,
                            scores=entry.scores,
                            today=today,
                            competency_key=entry.competency_key,
                            note=entry.note,
                            at=resources.now(),
                        )
                except ProficioError as error:
                    st.error(str(error))
                else:
                    st.session_state["assess-saved"] = saved
            saved = st.session_state.get("assess-saved")
            if saved is not None and saved.person_id == st.session_state.get("assess-person"):
                st.success(f"Assessment of {names[saved.person_id]} saved.")
                assessment_views.assessment_result(
                    saved,
                    title=f"Assessment of {names[saved.person_id]}",
                    competency=competency_names.get(saved.competency_key or ""),
                )

with peer:
    peer_tab.show(viewer, people, key="peer")

with history:
    if viewer.is_lead:
        visible = people
    else:
        visible = [p for p in people if p.id == viewer.id or p.mentor_id == viewer.id]
    person_id = viewer.id
    if len(visible) > 1:
        person_id = st.selectbox(
            "Person",
            [p.id for p in visible],
            index=[p.id for p in visible].index(viewer.id),
            format_func=names.__getitem__,
            key="history-person",
        )
    try:
        with resources.session() as session:
            assessed = assessments_of(session, actor=viewer, person_id=person_id)
            attempts = quiz_history(session, actor=viewer, person_id=person_id)
    except ProficioError as error:
        st.error(str(error))
        st.stop()
    st.subheader(f"Assessments of {names[person_id]}", divider="gray")
    if assessed:
        latest = assessed[0]
        assessment_views.assessment_result(
            latest,
            title="Latest assessment",
            competency=competency_names.get(latest.competency_key or ""),
        )
    assessment_views.history(assessed, competency_names, key="history-assessments")
    st.subheader("Quiz attempts", divider="gray")
    quiz_form.attempts(attempts, key="history-quizzes")
