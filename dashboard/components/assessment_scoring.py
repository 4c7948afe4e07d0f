"""The Assess tab of the Assessments page: a mentor or lead scores someone on the four
dimensions with the team's weights, and sees what the saved assessment shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from assessments.evaluations import record_assessment
from assessments.framework import CompetencyView, team_weights
from assessments.practical import practical_application_score
from assessments.rules import (
    DIMENSION_LABELS,
    DIMENSIONS,
    LEVEL_NAMES,
    LEVEL_THRESHOLDS,
    level_for_score,
    overall_score,
)
from dashboard import resources
from dashboard.components import assessment_result, saving
from dashboard.components.assessment_result import level_label
from dashboard.components.loading import load
from storage import formats
from storage.enums import PersonRole
from storage.people import PersonRef

NOTE_MAX_CHARS = 2_000
DIMENSION_HELP = {
    "knowledge_recall": "Knows the concepts and terms of the modules without looking them up.",
    "practical_application": "Builds working things with them: exercises, team code, a capstone.",
    "analytical_thinking": "Weighs trade-offs, measures, explains why one approach beats another.",
    "knowledge_transfer": "Explains it to others: notes, reviews, pairing, answering questions.",
}


@dataclass(frozen=True)
class AssessmentInput:
    person_id: int
    competency_key: str | None
    scores: dict[str, float]
    note: str


def show(
    viewer: PersonRef,
    people: list[PersonRef],
    competencies: list[CompetencyView],
    *,
    today: date,
    key: str,
) -> None:
    """A learner reads who assesses them; a mentor scores a mentee, a lead anyone else."""
    if viewer.role is PersonRole.LEARNER:
        st.info(
            "Your mentor or a team lead assesses you on four dimensions (knowledge recall, "
            "practical application, analytical thinking and knowledge transfer). Your "
            "assessments and their next steps are on the History tab.",
            icon=":material/info:",
        )
        return
    assessable = [
        p for p in people if p.id != viewer.id and (viewer.is_lead or p.mentor_id == viewer.id)
    ]
    if not assessable:
        st.info("Nobody is your mentee yet; a team lead can assign mentees.")
        return
    weights = load(lambda s: team_weights(s, viewer.team_id))
    entry = assessment(assessable, competencies, weights, viewer=viewer, key=key)
    if entry is not None:
        # Committed without a rerun: the result below is drawn from what was saved.
        recorded = saving.write(
            lambda s: record_assessment(
                s,
                actor=viewer,
                person_id=entry.person_id,
                scores=entry.scores,
                today=today,
                competency_key=entry.competency_key,
                note=entry.note,
                at=resources.now(),
            )
        )
        if recorded is not None:
            st.session_state[f"{key}-saved"] = recorded
    saved = st.session_state.get(f"{key}-saved")
    if saved is not None and saved.person_id == st.session_state.get(f"{key}-person"):
        names = {p.id: p.name for p in people}
        competency_names = {c.key: c.name for c in competencies}
        st.success(f"Assessment of {names[saved.person_id]} saved.")
        assessment_result.show(
            saved,
            title=f"Assessment of {names[saved.person_id]}",
            competency=competency_names.get(saved.competency_key or ""),
        )


def assessment(
    people: list[PersonRef],
    competencies: list[CompetencyView],
    weights: dict[str, float],
    *,
    viewer: PersonRef,
    key: str,
) -> AssessmentInput | None:
    """Four dimension sliders with the team's weights and a live preview of what they show;
    practical application starts from the person's graded hand-ins when they have any."""
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
    from_hand_ins = (
        None
        if person_id is None
        else load(lambda s: practical_application_score(s, actor=viewer, person_id=int(person_id)))
    )
    start = {d: 5.0 for d in DIMENSIONS}
    if from_hand_ins is not None:
        start["practical_application"] = from_hand_ins[0]
    sliders, preview = st.columns([3, 2], gap="large")
    scores = {
        d: float(
            sliders.slider(
                f"{DIMENSION_LABELS[d]} · weight {formats.percent(weights[d])}",
                0.0,
                10.0,
                start[d],
                step=0.5,
                format="%.1f",
                help=DIMENSION_HELP[d],
                key=f"{key}-{d}-{person_id}",
            )
        )
        for d in DIMENSIONS
    }
    if from_hand_ins is not None:
        graded, count = from_hand_ins
        changed = scores["practical_application"] != graded
        sliders.caption(
            f"Practical application starts at {graded:g} from {count} graded "
            f"hand-in{'s' if count != 1 else ''}"
            + (
                f"; you set {scores['practical_application']:g}, saved as your override."
                if changed
                else "; move it to override (the override is recorded)."
            )
        )
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
