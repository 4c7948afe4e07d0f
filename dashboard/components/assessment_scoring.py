"""Forms of the Assessments page: intake, self-rating, multi-dimensional assessment, peer review.

Each `show`-style function renders its widgets and returns what was entered once submitted.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assessments.framework import CompetencyView
from assessments.rules import (
    DIMENSION_LABELS,
    DIMENSIONS,
    GOALS,
    LEARNING_STYLES,
    LEVEL_NAMES,
    LEVEL_THRESHOLDS,
    ML_LEVELS,
    PEER_CRITERIA,
    PEER_CRITERIA_LABELS,
    PEER_SCALE,
    IntakeAnswers,
    ResolvedLevel,
    level_for_score,
    overall_score,
)
from dashboard.components import saving
from dashboard.components.assessment_views import (
    GOAL_LABELS,
    GROUP_LABELS,
    ML_LABELS,
    STYLE_LABELS,
    level_label,
)
from storage import formats
from storage.people import PersonRef

NOTE_MAX_CHARS = 2_000
INTAKE_DEFAULTS = IntakeAnswers(2, "some", False, 8, "hands-on", "build")
DIMENSION_HELP = {
    "knowledge_recall": "Knows the concepts and terms of the modules without looking them up.",
    "practical_application": "Builds working things with them: exercises, team code, a capstone.",
    "analytical_thinking": "Weighs trade-offs, measures, explains why one approach beats another.",
    "knowledge_transfer": "Explains it to others: notes, reviews, pairing, answering questions.",
}
PEER_SCALE_LABELS = {1: "rarely", 2: "sometimes", 3: "often", 4: "usually", 5: "always"}
PEER_HELP = {
    "technical_explanation": "Explains technical ideas so that you understand them.",
    "collaborative_problem_solving": "Works a problem out together with you.",
    "knowledge_sharing": "Shares what they know: notes, links, demos, answers.",
    "constructive_feedback": "Gives feedback that is specific, kind and useful.",
    "learning_support": "Makes time to help you learn.",
}


@dataclass(frozen=True)
class SelfRatingInput:
    competency_key: str
    level: int
    note: str


@dataclass(frozen=True)
class AssessmentInput:
    person_id: int
    competency_key: str | None
    scores: dict[str, float]
    note: str


@dataclass(frozen=True)
class PeerReviewInput:
    person_id: int
    scores: dict[str, int]
    note: str


def intake(previous: IntakeAnswers | None, *, key: str) -> IntakeAnswers | None:
    """The intake questionnaire, starting from the last answers when there are some."""
    start = previous or INTAKE_DEFAULTS
    with st.form(key):
        left, right = st.columns(2)
        years = left.number_input(
            "Years of programming", 0, 50, start.programming_years, step=1, key=f"{key}-years"
        )
        hours = right.number_input(
            "Hours a week you can give to learning",
            1,
            60,
            start.hours_per_week,
            step=1,
            key=f"{key}-hours",
        )
        ml = st.radio(
            "Machine-learning experience",
            ML_LEVELS,
            index=ML_LEVELS.index(start.ml_experience),
            format_func=ML_LABELS.__getitem__,
            horizontal=True,
            key=f"{key}-ml",
            help="Some: courses or a side project. Solid: trained or shipped models at work.",
        )
        search = st.radio(
            "Have you built search, or worked with vector or search indexes?",
            (True, False),
            index=0 if start.search_experience else 1,
            format_func=lambda yes: "Yes" if yes else "No",
            horizontal=True,
            key=f"{key}-search",
        )
        style = st.radio(
            "How do you learn best?",
            LEARNING_STYLES,
            index=LEARNING_STYLES.index(start.learning_style),
            format_func=STYLE_LABELS.__getitem__,
            horizontal=True,
            key=f"{key}-style",
        )
        goal = st.radio(
            "What do you want to do with vector search?",
            GOALS,
            index=GOALS.index(start.goal),
            format_func=GOAL_LABELS.__getitem__,
            horizontal=True,
            key=f"{key}-goal",
        )
        if not st.form_submit_button("Suggest my track", type="primary"):
            return None
    return IntakeAnswers(int(years), str(ml), bool(search), int(hours), str(style), str(goal))


def self_rating(
    competencies: list[CompetencyView], resolved: dict[str, ResolvedLevel], *, key: str
) -> SelfRatingInput | None:
    """Pick a competency, read its level descriptors beside your official level, rate 0-4."""
    by_key = {c.key: c for c in competencies}
    chosen = str(
        st.selectbox(
            "Competency",
            list(by_key),
            format_func=lambda k: f"{by_key[k].name} · {GROUP_LABELS[by_key[k].group]}",
            key=f"{key}-competency",
        )
    )
    competency = by_key[chosen]
    level = resolved.get(chosen)
    official = level.level if level else None
    mine = level.self_level if level else None
    if competency.description:
        st.caption(competency.description)
    cols = st.columns(4)
    for col, number in zip(cols, (1, 2, 3, 4), strict=True):
        with col.container(border=True, height="stretch"):
            badges = []
            if official == number:
                badges.append(":blue-badge[Official level]")
            if mine == number:
                badges.append(":violet-badge[Your self-rating]")
            st.markdown(f"**{LEVEL_NAMES[number].capitalize()}** {' '.join(badges)}")
            st.caption(competency.descriptors.get(number, "No descriptor yet."))
    st.markdown(
        f"Official level: **{level_label(official)}** · your last self-rating: "
        f"**{level_label(mine) if mine is not None else 'none yet'}**"
    )
    # A refused rating keeps what was typed; a saved one (`saving.save(..., reset=
    # [f"{key}-form"])`) starts the form afresh from the latest self-rating.
    form = saving.form_key(f"{key}-form")
    with st.form(form):
        picked = st.radio(
            "Where do you stand?",
            list(LEVEL_NAMES),
            index=mine if mine is not None else 0,
            format_func=level_label,
            horizontal=True,
            key=f"{form}-level-{chosen}",
        )
        note = st.text_area(
            "Note (optional)",
            max_chars=NOTE_MAX_CHARS,
            placeholder="What makes you say so: a project, a review, an exercise…",
            height=80,
            key=f"{form}-note",
        )
        if not st.form_submit_button("Save my self-rating", type="primary"):
            return None
    return SelfRatingInput(chosen, int(picked), note or "")


def assessment(
    people: list[PersonRef],
    competencies: list[CompetencyView],
    weights: dict[str, float],
    *,
    key: str,
) -> AssessmentInput | None:
    """Four dimension sliders with the team's weights and a live preview of what they show."""
    by_id = {p.id: p for p in people}
    left, right = st.columns(2)
    person_id = left.selectbox(
        "Person",
        list(by_id),
        format_func=lambda pid: f"{by_id[pid].name} · {by_id[pid].job_role}",
        key=f"{key}-person",
    )
    names = {c.key: c.name for c in competencies}
    competency_key = right.selectbox(
        "Competency (optional)",
        list(names),
        index=None,
        format_func=names.__getitem__,
        placeholder="None: a general assessment",
        key=f"{key}-competency",
        help="When you choose one, the level this assessment shows is also recorded as your "
        "rating of that competency.",
    )
    sliders, preview = st.columns([3, 2], gap="large")
    scores = {
        d: float(
            sliders.slider(
                f"{DIMENSION_LABELS[d]} · weight {formats.percent(weights[d])}",
                0.0,
                10.0,
                5.0,
                step=0.5,
                format="%.1f",
                help=DIMENSION_HELP[d],
                key=f"{key}-{d}-{person_id}",
            )
        )
        for d in DIMENSIONS
    }
    overall = overall_score(scores, weights)
    with preview.container(border=True):
        st.caption("Preview with the team's weights")
        st.metric("Weighted overall", f"{overall:.1f} / 10")
        shows = level_label(level_for_score(overall))
        st.metric("Level it shows", shows)
        st.caption(
            " · ".join(f"{LEVEL_NAMES[level]} from {score:g}" for score, level in LEVEL_THRESHOLDS)
        )
        if competency_key is not None:
            st.caption(
                f"Saving also records {shows.lower()} as your rating of {names[competency_key]}."
            )
    note = st.text_area(
        "Note (optional)",
        max_chars=NOTE_MAX_CHARS,
        placeholder="What you saw: the session, the exercise, the review this is based on",
        height=80,
        key=f"{key}-note",
    )
    if person_id is None or not st.button("Save assessment", type="primary", key=f"{key}-save"):
        return None
    return AssessmentInput(int(person_id), competency_key, scores, note or "")


def peer_review(people: list[PersonRef], viewer_id: int, *, key: str) -> PeerReviewInput | None:
    """Review one teammate on the five criteria, 1 (rarely) to 5 (always)."""
    teammates = {p.id: p for p in people if p.id != viewer_id}
    if not teammates:
        st.info("There is nobody else in your team to review yet.")
        return None
    low, high = PEER_SCALE
    # Outside the form, so the button can wait for a choice and a refusal keeps the scores.
    person_id = st.selectbox(
        "Teammate",
        list(teammates),
        index=None,
        format_func=lambda pid: teammates[pid].name,
        placeholder="Choose whom you are reviewing",
        key=f"{key}-person",
    )
    # A refused review keeps its scores and note; a saved one (`saving.save(..., reset=
    # [f"{key}-form"])`) starts the next afresh.
    form = saving.form_key(f"{key}-form")
    with st.form(form):
        scores = {
            c: int(
                st.select_slider(
                    PEER_CRITERIA_LABELS[c],
                    options=list(range(low, high + 1)),
                    value=3,
                    format_func=lambda n: f"{n} · {PEER_SCALE_LABELS[n]}",
                    help=PEER_HELP[c],
                    key=f"{form}-{c}",
                )
            )
            for c in PEER_CRITERIA
        }
        note = st.text_area(
            "Note (optional)",
            max_chars=NOTE_MAX_CHARS,
            placeholder="One example makes the review useful: what they did, when.",
            height=80,
            key=f"{form}-note",
        )
        submitted = st.form_submit_button(
            "Save peer review", type="primary", disabled=person_id is None
        )
    if not submitted or person_id is None:
        return None
    return PeerReviewInput(int(person_id), scores, note or "")
