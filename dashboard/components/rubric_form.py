"""A reading of a hand-in on its rubric (the Practical work page): per criterion a score of 1-4
with what that score means and a comment, an overall comment, and for a grade the result.

Not an `st.form`: the result follows the scores (its suggestion) until the grader picks one,
so the page reruns as scores are chosen; nothing is saved before the button is pressed.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assessments.practical import Criterion
from assessments.rubrics import RUBRIC_SCORES, CriterionScore, HandInResult, suggested_result
from dashboard.components import saving
from dashboard.components.hand_in_view import score_label


@dataclass(frozen=True)
class RubricEntry:
    scores: dict[str, CriterionScore]  # the criteria scored (a self-assessment may skip some)
    comment: str
    result: HandInResult | None  # a grade's; None for a self or peer reading


def show(
    criteria: tuple[Criterion, ...], *, key: str, grading: bool, complete: bool, submit: str
) -> RubricEntry | None:
    """The form (empty again after a save: `key` is a `saving.form_key` name); what was
    entered once `submit` is pressed, else None. `grading`: ask for the result too;
    `complete`: every criterion needs a score (a grade, a peer review)."""
    prefix = saving.form_key(key)
    scores: dict[str, CriterionScore] = {}
    unscored: list[str] = []  # a comment without a score, or no score where one is needed
    for criterion in criteria:
        with st.container(border=True):
            score = st.segmented_control(
                f"**{criterion.criterion}**",
                list(RUBRIC_SCORES),
                format_func=score_label,
                key=f"{prefix}-score-{criterion.key}",
            )
            if score is not None:
                st.caption(criterion.levels.get(score, ""))
            comment = st.text_input(
                f"Comment on {criterion.criterion}",
                key=f"{prefix}-comment-{criterion.key}",
                label_visibility="collapsed",
                placeholder="A comment on this criterion (optional)",
            )
            if score is not None:
                scores[criterion.key] = CriterionScore(score, comment)
            elif complete or comment.strip():
                unscored.append(criterion.criterion)
    result = _result(scores, key=f"{prefix}-result") if grading else None
    comment = st.text_area("Overall comment", key=f"{prefix}-comment", height=100)
    if not st.button(submit, type="primary", key=f"{prefix}-save"):
        return None
    if unscored:
        # Refused here, with the criteria named as the person reads them; nothing is cleared.
        st.error("Nothing was saved. Give a score to: " + "; ".join(unscored) + ".")
        return None
    return RubricEntry(scores, comment, result)


def _result(scores: dict[str, CriterionScore], *, key: str) -> HandInResult:
    """The result, preselected from the scores until the grader chooses one themselves."""
    touched = f"{key}-chosen"
    if not st.session_state.get(touched):
        st.session_state[key] = suggested_result(scores) if scores else HandInResult.PASS
    chosen: HandInResult = st.radio(
        "Result",
        list(HandInResult),
        format_func=lambda r: r.label,
        horizontal=True,
        key=key,
        on_change=_remember_choice,
        args=(touched,),
        help='Suggested from the scores: a pass unless a criterion is "Not yet". You decide.',
    )
    return chosen


def _remember_choice(touched: str) -> None:
    st.session_state[touched] = True
