"""Module quizzes: the viewer's overview, one attempt as a form, and the graded result."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from assessments.quizzes import AttemptView, QuizOutcome, QuizStatus, QuizView
from assessments.rules import LEVEL_NAMES, QUIZ_PASS_RATIO, shuffled_choices
from dashboard.components import progress_view
from dashboard.components.plain_text import plain
from storage import formats

PASS_MARK = formats.percent(QUIZ_PASS_RATIO)
# Quiz texts are plain text with code names (normalize_L2) and dollars ($and, $50,000) that
# Markdown would turn into italics or maths; every widget label here renders Markdown, so
# each goes through `plain`.


@dataclass(frozen=True)
class QuizSubmission:
    answers: dict[str, int]  # question key → index into the curriculum's own choice order
    unanswered: list[int]  # question numbers (1-based) left open


def overview(statuses: list[QuizStatus], *, key: str) -> None:
    """Every module quiz with the viewer's attempts, best score and whether it is passed."""
    table = pd.DataFrame(
        [
            {
                "Module": s.module_title,
                "Curriculum level": s.level_number,
                "Questions": s.questions,
                "Attempts": s.attempts,
                "Best score": None
                if s.best_correct is None
                else formats.whole_percent(s.best_correct, s.questions),
                "Passed": s.passed,
            }
            for s in statuses
        ]
    )
    st.dataframe(
        table,
        hide_index=True,
        key=key,
        height=progress_view.table_height(len(table)),
        placeholder="not taken",
        column_config={
            "Curriculum level": st.column_config.NumberColumn(width="small"),
            "Best score": st.column_config.ProgressColumn(
                "Best score", min_value=0, max_value=100, format=formats.PERCENT_COLUMN_FORMAT
            ),
            "Passed": st.column_config.CheckboxColumn("Passed", width="small"),
        },
    )


def show(quiz: QuizView, *, seed: int, key: str) -> QuizSubmission | None:
    """One attempt as a form; each question's choices shuffled by `seed` (stable across reruns).

    Returns the answers, mapped back to the curriculum's choice order, once submitted.
    """
    with st.form(f"{key}-{seed}"):
        chosen: dict[str, int | None] = {}
        for number, question in enumerate(quiz.questions, start=1):
            order = shuffled_choices(question, seed)
            # Options are the original indices, so the value needs no mapping back.
            chosen[question.key] = st.radio(
                f"**{number}.** {plain(question.question)}",
                order,
                index=None,
                format_func=lambda i, q=question: plain(q.choices[i]),
                key=f"{key}-{seed}-{question.key}",
            )
        submitted = st.form_submit_button("Submit answers", type="primary")
    if not submitted:
        return None
    return QuizSubmission(
        answers={k: v for k, v in chosen.items() if v is not None},
        unanswered=[n for n, v in enumerate(chosen.values(), start=1) if v is None],
    )


def unanswered_message(numbers: list[int]) -> str:
    listed = ", ".join(str(n) for n in numbers)
    plural = "s" if len(numbers) > 1 else ""
    return (
        f"Answer every question before submitting: question{plural} {listed} "
        f"{'are' if plural else 'is'} still open. Nothing was recorded."
    )


def result(title: str, outcome: QuizOutcome) -> None:
    """The graded attempt: score against the pass mark, what went wrong, evidence gained."""
    graded = outcome.result
    percent = formats.percent_of(graded.correct, graded.total)
    score = f"{graded.correct} of {graded.total} right ({percent})"
    if graded.passed:
        st.success(f"**Passed** {title}: {score}. The pass mark is {PASS_MARK}.")
    else:
        st.error(
            f"**Not passed yet** {title}: {score}; {PASS_MARK} is needed. "
            "Read the explanations below, then take it again."
        )
    if graded.passed and outcome.evidence_for:
        level = LEVEL_NAMES[outcome.evidence_level or 0]
        st.info(
            f"Quiz evidence at **{level}** level added for: "
            + ", ".join(outcome.evidence_for)
            + ". It counts where no mentor or lead has rated you yet.",
            icon=":material/verified:",
        )
    elif graded.passed:
        st.caption("This module is not linked to any competency, so no evidence was added.")
    wrong = [f for f in graded.feedback if not f.is_correct]
    if not wrong:
        st.markdown(":material/celebration: Every answer was right.")
        return
    st.markdown(f"**{len(wrong)} answer{'s' if len(wrong) > 1 else ''} to look at again**")
    for feedback in wrong:
        with st.container(border=True):
            st.markdown(f"**{plain(feedback.question)}**")
            st.markdown(
                f":red[:material/close:] You chose: {plain(feedback.chosen or 'nothing')}  \n"
                f":green[:material/check:] Right answer: **{plain(feedback.correct_choice)}**"
            )
            st.caption(plain(feedback.explanation))


def attempts(attempts: list[AttemptView], *, key: str) -> None:
    """Quiz attempts, newest first, with score and pass."""
    if not attempts:
        st.caption("No quiz attempts yet; the Quizzes tab has one per module.")
        return
    table = pd.DataFrame(
        [
            {
                "Date": a.created_at.date(),
                "Module": a.module_title,
                "Score": f"{a.correct} / {a.total}",
                "Percent": formats.whole_percent(a.correct, a.total),
                "Passed": a.passed,
            }
            for a in attempts
        ]
    )
    st.dataframe(
        table,
        hide_index=True,
        key=key,
        height=progress_view.table_height(len(table)),
        column_config={
            "Date": st.column_config.DateColumn(format=formats.DAY_COLUMN_FORMAT),
            "Percent": st.column_config.ProgressColumn(
                "Percent", min_value=0, max_value=100, format=formats.PERCENT_COLUMN_FORMAT
            ),
            "Passed": st.column_config.CheckboxColumn("Passed", width="small"),
        },
    )
