"""The Quizzes tab of the Assessments page: the viewer's quiz overview, one attempt at a time,
and its graded result."""

from __future__ import annotations

import secrets

import streamlit as st

from assessments.quizzes import quiz_for_module, quiz_overview, submit_quiz
from dashboard import resources
from dashboard.components import quiz_form, saving
from dashboard.components.loading import load
from storage.people import PersonRef


def show(viewer: PersonRef, *, key: str) -> None:
    """Overview of every module quiz, a picker, and the chosen quiz or its last outcome."""
    statuses = load(lambda s: quiz_overview(s, actor=viewer, person_id=viewer.id))
    if not statuses:
        st.info("The curriculum has no quizzes yet; they come with each module's YAML file.")
        return
    quiz_form.overview(statuses, key=f"{key}-overview")
    by_module = {s.module_key: s for s in statuses}
    if st.session_state.get(f"{key}-module") not in by_module:
        first_open = next((s for s in statuses if not s.passed), statuses[0])
        st.session_state[f"{key}-module"] = first_open.module_key
    module_key = str(
        st.selectbox(
            "Take a quiz",
            list(by_module),
            format_func=lambda k: (
                f"{by_module[k].module_title} · level "
                f"{by_module[k].level_number}" + (" · passed" if by_module[k].passed else "")
            ),
            key=f"{key}-module",
        )
    )
    seeds: dict[str, int] = st.session_state.setdefault(f"{key}-seeds", {})
    finished = st.session_state.get(f"{key}-outcome")
    if finished is not None and finished[0] == module_key:
        quiz_form.result(by_module[module_key].module_title, finished[1])
        if st.button("Take it again", icon=":material/replay:", key=f"{key}-again"):
            del st.session_state[f"{key}-outcome"]
            seeds[module_key] = secrets.randbelow(2**31)  # a new attempt, a new order
            st.rerun()
        return
    seed = seeds.setdefault(module_key, secrets.randbelow(2**31))
    quiz = load(lambda s: quiz_for_module(s, module_key))
    st.caption(
        f"{len(quiz.questions)} questions; {quiz_form.PASS_MARK} right to pass. "
        "Choices are shuffled for every attempt."
    )
    submission = quiz_form.show(quiz, seed=seed, key=key)
    if submission is not None and submission.unanswered:
        st.warning(quiz_form.unanswered_message(submission.unanswered))
    elif submission is not None:
        # Committed without a confirmation: the graded result is what the rerun shows.
        outcome = saving.write(
            lambda s: submit_quiz(
                s,
                actor=viewer,
                module_key=module_key,
                answers=submission.answers,
                at=resources.now(),
            )
        )
        if outcome is not None:
            st.session_state[f"{key}-outcome"] = (module_key, outcome)
            st.rerun()
