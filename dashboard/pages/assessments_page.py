"""Assessments: quizzes, self-ratings, intake, mentor assessments, peer reviews and history."""

import secrets
from collections.abc import Callable

import streamlit as st
from sqlmodel import Session

from assessments.evaluations import (
    accept_suggestion,
    assessments_of,
    knowledge_network,
    latest_intake,
    peer_reviews,
    record_assessment,
    record_intake,
    record_peer_review,
)
from assessments.framework import list_competencies, team_weights
from assessments.quizzes import quiz_for_module, quiz_history, quiz_overview, submit_quiz
from assessments.ratings import add_rating, team_matrix
from curriculum.progress import learner_overview
from dashboard import resources
from dashboard.components import assessment_forms, assessment_views, quiz_form
from dashboard.components.assessment_views import level_label
from storage.errors import ProficioError
from storage.models import PersonRole, RaterKind
from storage.people import list_people

viewer = resources.viewer()
today = resources.today()
st.title("Assessments")
st.caption(
    "Quizzes, self-ratings, the intake, mentor assessments and peer reviews. Self, mentor, "
    "quiz and peer views are kept side by side, never averaged into one another."
)
with resources.session() as session:
    people = list_people(session, viewer.team_id)
    competencies = list_competencies(session)
names = {p.id: p.name for p in people}
competency_names = {c.key: c.name for c in competencies}


def _save(action: Callable[[Session], str], tab: str) -> None:
    """Run one save in a unit of work; show the refusal, or reload with the confirmation."""
    try:
        with resources.session() as session:
            message = action(session)
    except ProficioError as error:
        st.error(str(error))
    else:
        st.session_state[f"{tab}-flash"] = message
        st.rerun()


def _flash(tab: str) -> None:
    message = st.session_state.pop(f"{tab}-flash", None)
    if message:
        st.success(message)


def _my_intake() -> None:
    with resources.session() as session:
        mine = latest_intake(session, person_id=viewer.id)
    if mine is None:
        st.info("You have not filled in the intake yet. Answer below to get a suggested track.")
    else:
        st.markdown("**Your latest intake**")
        assessment_views.intake_summary(mine)
    answers = assessment_forms.intake(mine.answers if mine else None, key="intake")
    if answers is not None:
        _save(
            lambda s: (
                "Saved. Suggested: "
                + record_intake(s, actor=viewer, person_id=viewer.id, answers=answers).track_name
                + "; the reasons are shown with your latest intake."
            ),
            "intake",
        )


def _team_intakes() -> None:
    """A lead reads someone's latest intake and can enroll them on the suggested track."""
    others = [p for p in people if p.id != viewer.id]
    chosen = st.selectbox(
        "Person",
        [p.id for p in others],
        index=None,
        format_func=names.__getitem__,
        placeholder="Choose someone to see their intake",
        key="intake-person",
    )
    if chosen is None:
        return
    with resources.session() as session:
        theirs = latest_intake(session, person_id=chosen)
        enrollment = learner_overview(session, person_id=chosen, today=today).enrollment
    if theirs is None:
        st.info(f"{names[chosen]} has not filled in an intake yet.")
        return
    assessment_views.intake_summary(theirs)
    if enrollment is not None and enrollment.track_key == theirs.track_key:
        st.caption(
            f"Already on the {enrollment.track_name} since {enrollment.started_on:%d %b %Y}; "
            "accepting starts it again from the date below."
        )
    elif enrollment is not None:
        st.caption(
            f"Now on the {enrollment.track_name} since {enrollment.started_on:%d %b %Y}; "
            "accepting ends that enrollment."
        )
    when, button = st.columns([1, 3], vertical_alignment="bottom")
    started_on = when.date_input("Start on", value=today, key="intake-start")
    if button.button("Accept and enroll", type="primary", key="intake-accept"):
        _save(
            lambda s: (
                f"{names[chosen]} is enrolled on the "
                + accept_suggestion(
                    s, actor=viewer, intake_id=theirs.id, started_on=started_on
                ).track_name
                + f" from {started_on:%d %b %Y}."
            ),
            "intake",
        )


quiz_tab, self_tab, intake_tab, assess_tab, peer_tab, history_tab = st.tabs(
    ["Quizzes", "Self-rating", "Intake", "Assess", "Peer review", "History"]
)

with quiz_tab:
    with resources.session() as session:
        statuses = quiz_overview(session, person_id=viewer.id)
    if not statuses:
        st.info("The curriculum has no quizzes yet; they come with each module's YAML file.")
    else:
        quiz_form.overview(statuses, key="quiz-overview")
        by_module = {s.module_key: s for s in statuses}
        if st.session_state.get("quiz-module") not in by_module:
            first_open = next((s for s in statuses if not s.passed), statuses[0])
            st.session_state["quiz-module"] = first_open.module_key
        module_key = str(
            st.selectbox(
                "Take a quiz",
                list(by_module),
                format_func=lambda k: (
                    f"{by_module[k].module_title} · level "
                    f"{by_module[k].level_number}" + (" · passed" if by_module[k].passed else "")
                ),
                key="quiz-module",
            )
        )
        seeds: dict[str, int] = st.session_state.setdefault("quiz-seeds", {})
        finished = st.session_state.get("quiz-outcome")
        if finished is not None and finished[0] == module_key:
            quiz_form.result(by_module[module_key].module_title, finished[1])
            if st.button("Take it again", icon=":material/replay:", key="quiz-again"):
                del st.session_state["quiz-outcome"]
                seeds[module_key] = secrets.randbelow(2**31)  # a new attempt, a new order
                st.rerun()
        else:
            seed = seeds.setdefault(module_key, secrets.randbelow(2**31))
            with resources.session() as session:
                quiz = quiz_for_module(session, module_key)
            st.caption(
                f"{len(quiz.questions)} questions; {quiz_form.PASS_PERCENT} % right to pass. "
                "Choices are shuffled for every attempt."
            )
            submission = quiz_form.show(quiz, seed=seed, key="quiz")
            if submission is not None and submission.unanswered:
                st.warning(quiz_form.unanswered_message(submission.unanswered))
            elif submission is not None:
                try:
                    with resources.session() as session:
                        outcome = submit_quiz(
                            session,
                            actor=viewer,
                            module_key=module_key,
                            answers=submission.answers,
                        )
                except ProficioError as error:
                    st.error(str(error))
                else:
                    st.session_state["quiz-outcome"] = (module_key, outcome)
                    st.rerun()

with self_tab:
    _flash("self")
    with resources.session() as session:
        matrix = team_matrix(session, team_id=viewer.team_id)
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

        def _rate_self(session: Session) -> str:
            rated = add_rating(
                session,
                actor=viewer,
                person_id=viewer.id,
                competency_key=entry.competency_key,
                level=entry.level,
                rater_kind=RaterKind.SELF,
                note=entry.note,
            )
            return (
                f"Saved: you rate yourself {level_label(rated.level).lower()} in "
                f"{rated.competency_name}. Your official level stays "
                f"{level_label(official).lower()}."
            )

        _save(_rate_self, "self")
    st.subheader("Your levels", divider="gray")
    assessment_views.levels_table(competencies, mine, targets, key="self-levels")


with intake_tab:
    _flash("intake")
    if viewer.is_lead:  # a lead comes here for the team; their own intake is secondary
        _team_intakes()
        with st.expander("Your own intake"):
            _my_intake()
    else:
        _my_intake()

with assess_tab:
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

with peer_tab:
    _flash("peer")
    review = assessment_forms.peer_review(people, viewer.id, key="peer")
    if review is not None:
        _save(
            lambda s: (
                "Peer review of "
                + record_peer_review(
                    s,
                    actor=viewer,
                    person_id=review.person_id,
                    scores=review.scores,
                    note=review.note,
                ).person_name
                + " saved. Thank you."
            ),
            "peer",
        )
    with resources.session() as session:
        reviews = peer_reviews(session, team_id=viewer.team_id)
        network = knowledge_network(session, team_id=viewer.team_id)
    st.subheader("Reviews you received", divider="gray")
    assessment_views.received_reviews(
        [r for r in reviews if r.person_id == viewer.id], key="peer-received"
    )
    st.subheader("Who helps whom", divider="gray")
    assessment_views.knowledge_network(network, people, key="peer-network")

with history_tab:
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
    with resources.session() as session:
        assessed = assessments_of(session, person_id=person_id)
        attempts = quiz_history(session, person_id=person_id)
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
