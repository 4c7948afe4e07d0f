"""Guidance (mentors, leads): how to help with a common problem, by the mentee's level."""

import streamlit as st

from dashboard import resources
from dashboard.components.loading import load
from mentoring.capstones import CapstoneLevel
from mentoring.course_material import guidance_book
from mentoring.guidance import guidance_for

resources.viewer()
st.title("Guidance")
st.caption(
    "When a mentee brings one of these problems: steps to follow for a beginner, questions "
    "that lead an intermediate to the cause, trade-offs to weigh with an advanced mentee."
)
book = load(guidance_book)
if not book.topics:
    st.info("This course has no guidance (guidance.yaml in its curriculum folder).")
    st.stop()
problem_col, level_col = st.columns([3, 2])
problem = problem_col.radio(
    "Problem",
    list(book.labels),
    format_func=book.labels.__getitem__,
    key="guidance-problem",
)
level = level_col.radio(
    "Mentee's level",
    list(CapstoneLevel),
    format_func=lambda v: v.value.capitalize(),
    key="guidance-level",
)
guidance = guidance_for(book, problem, CapstoneLevel(level))
st.subheader(guidance.problem_label, divider="gray")
st.markdown(f"*{guidance.style}*")
if guidance.level is CapstoneLevel.BEGINNER:
    st.markdown("\n".join(f"{n}. {p}" for n, p in enumerate(guidance.points, start=1)))
else:
    st.markdown("\n".join(f"- {p}" for p in guidance.points))
