"""Read-only views of the feedback loop: ratings per module over time, the modules to look at,
comments, improvement items and mentor effectiveness."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from curriculum.feedback import STATUS_WORDS, FeedbackAnswer, ImprovementView
from dashboard.components import note_text
from insights.curriculum_feedback import MentorEffectiveness
from insights.feedback_rules import (
    LOW_RATING_MEAN,
    TIME_OVER_PLAN_RATIO,
    ModuleFigures,
    MonthRating,
)
from storage import formats

RATING_TICKS = [1, 2, 3, 4, 5]


def ratings_chart(by_month: list[MonthRating], *, key: str) -> None:
    """The mean rating per module and month, one line per module."""
    if not by_month:
        st.info("No ratings yet: learners are asked after each module and once a week.")
        return
    frame = pd.DataFrame(
        [
            {
                "Month": r.month.isoformat(),
                "Module": r.module,
                "Mean rating": r.mean_rating,
                "Answers": r.answers,
            }
            for r in by_month
        ]
    )
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("yearmonth(Month):T", title=None),
            y=alt.Y(
                "Mean rating:Q",
                scale=alt.Scale(domain=[1, 5]),
                axis=alt.Axis(values=RATING_TICKS),
            ),
            color=alt.Color(
                "Module:N",
                scale=alt.Scale(scheme="category20"),
                # Module titles are long: room for them in full beside the lines.
                legend=alt.Legend(labelLimit=320, title=None),
            ),
            tooltip=["Module", "yearmonth(Month):T", "Mean rating", "Answers"],
        )
        # Tall enough for one legend row per module of the built-in course.
        .properties(height=360)
    )
    st.altair_chart(chart, key=key)


def _why(m: ModuleFigures) -> str:
    reasons = []
    if m.low_rating:
        reasons.append(f"rated {m.mean_rating:g} on average by {m.answers}")
    if m.over_plan:
        reasons.append(f"{m.over_plan_ratio:g}× its planned hours")
    return "; ".join(reasons)


def modules_table(modules: list[ModuleFigures], *, key: str) -> None:
    """The modules flagged first with why, then (folded) every module's figures."""
    flagged = [m for m in modules if m.flagged]
    st.caption(
        f"Flagged: rated {LOW_RATING_MEAN:g} or lower on average, or its finishers logged "
        f"{TIME_OVER_PLAN_RATIO:g}× its planned hours or more (median)."
    )
    rows = [
        {
            "Module": m.module,
            "Answers": m.answers,
            "Mean rating": m.mean_rating,
            "Finished by": m.finished_by,
            "Hours logged (median)": m.median_hours,
            "Hours planned": m.planned_hours,
            "Why": _why(m),
        }
        for m in modules
    ]
    if flagged:
        st.dataframe(
            pd.DataFrame([r for r, m in zip(rows, modules, strict=True) if m.flagged]),
            hide_index=True,
            key=f"{key}-flagged",
            placeholder="—",
        )
    else:
        st.success("No module has low ratings or runs well over its planned hours.")
    with st.expander("Every module", expanded=False):
        st.dataframe(
            pd.DataFrame(rows).drop(columns=["Why"]),
            hide_index=True,
            key=f"{key}-all",
            placeholder="—",
        )


def comments(answers: list[FeedbackAnswer], *, shown: int) -> None:
    """Answers with a comment, newest first, each with who, about what and the rating."""
    said = [a for a in answers if a.comment]
    if not said:
        st.info("No comments yet.")
        return
    for answer in said[:shown]:
        about = answer.module_title or f"week of {formats.day(answer.week_start)}"
        with st.container(border=True):
            st.markdown(
                f"**{answer.person_name}** · {about} · {answer.rating}/5 · "
                f"{formats.day(answer.answered_at)}"
            )
            note_text.show(answer.comment)
    if len(said) > shown:
        st.caption(f"The newest {shown} of {len(said)} comments.")


def improvements_table(items: list[ImprovementView], *, key: str, empty: str) -> None:
    if not items:
        st.caption(empty)
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Module": i.module_title,
                    "Improvement": i.title,
                    "Status": STATUS_WORDS[i.status].capitalize(),
                    "Owner": i.owner_name,
                    "Opened by": i.opened_by_name,
                    "Opened": formats.day(i.opened_at),
                }
                for i in items
            ]
        ),
        hide_index=True,
        key=key,
        placeholder="—",
    )


def mentors_table(rows: list[MentorEffectiveness], *, key: str) -> None:
    """Per mentor: 1:1s held, the mentees' ratings (mean and trend), levels gained."""
    if not rows:
        st.info("No 1:1 has been held yet.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Mentor": r.mentor_name,
                    "Mentees": ", ".join(r.mentees),
                    "1:1s held": r.sessions_held,
                    "Ratings": len(r.ratings),
                    "Mean rating": r.mean_rating,
                    "Trend": r.trend.value.capitalize(),
                    "Levels gained": r.levels_gained,
                }
                for r in rows
            ]
        ),
        hide_index=True,
        key=key,
        placeholder="—",
    )
    st.caption(
        "Ratings: what mentees gave their 1:1s (1–5); the trend compares the latest three "
        "with the three before. Levels gained: official competency levels of their mentees "
        "since their first plan together."
    )
