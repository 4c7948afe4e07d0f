"""The feedback question on a learner's Home and My learning: a rating 1–5 and why, optional;
"Not now" sets it aside (the weekly one comes back next week)."""

from __future__ import annotations

import streamlit as st

from curriculum.feedback import (
    MAX_COMMENT_CHARS,
    FeedbackQuestion,
    answer_question,
    set_aside_question,
)
from dashboard import resources
from dashboard.components import saving
from storage.people import PersonRef

FLASH_KEY = "feedback-question"
RATING_WORDS = {1: "1 · not useful", 2: "2", 3: "3", 4: "4", 5: "5 · very useful"}


def show(viewer: PersonRef, questions: list[FeedbackQuestion], *, key: str) -> None:
    """Each open question in a box of its own; a refusal keeps what was typed."""
    saving.flash(key=FLASH_KEY)
    for question in questions:
        _ask(viewer, question, key=key)


def _ask(viewer: PersonRef, question: FeedbackQuestion, *, key: str) -> None:
    about = question.module_key or f"week-{question.week_start:%Y%m%d}"
    name = f"{key}-{about}"
    form = saving.form_key(name)
    with st.container(border=True):
        st.markdown(f"**{question.text}**")
        st.caption(
            "Optional: it helps your lead improve the curriculum. Your lead sees your name "
            "with your answer."
        )
        with st.form(form):
            rating = st.radio(
                "Rating",
                list(RATING_WORDS),
                index=None,
                format_func=RATING_WORDS.__getitem__,
                horizontal=True,
                key=f"{form}-rating",
            )
            comment = st.text_area("Why?", max_chars=MAX_COMMENT_CHARS, key=f"{form}-why")
            send_col, later_col = st.columns(2)
            send = send_col.form_submit_button("Send", type="primary", key=f"{form}-send")
            later = later_col.form_submit_button("Not now", key=f"{form}-later")
    if send:
        saving.save(
            lambda s: answer_question(
                s,
                actor=viewer,
                module_key=question.module_key,
                week=question.week_start,
                rating=rating,
                comment=comment,
                now=resources.now(),
            ),
            key=FLASH_KEY,
            message=lambda saved: (
                "Thanks: you rated "
                + (saved.module_title or "this week's learning")
                + f" {saved.rating}/5."
            ),
            reset=[name],
        )
    elif later:
        saving.save(
            lambda s: set_aside_question(
                s,
                actor=viewer,
                module_key=question.module_key,
                week=question.week_start,
                now=resources.now(),
            ),
            key=FLASH_KEY,
            message="Set aside: you will not be asked about it again."
            if question.module_key
            else "Set aside: you will be asked again next week.",
            reset=[name],
        )
