"""The Intake tab of the Assessments page: your own intake and its suggested track; for a lead,
the team's intakes, each with "Accept and enroll"."""

from __future__ import annotations

from datetime import date

import streamlit as st

from assessments.evaluations import IntakeView, accept_suggestion, latest_intake, record_intake
from assessments.rules import GOALS, LEARNING_STYLES, ML_LEVELS, IntakeAnswers
from curriculum.progress import learner_overview
from dashboard import resources
from dashboard.components import saving
from dashboard.components.loading import load
from storage import formats
from storage.people import PersonRef

INTAKE_DEFAULTS = IntakeAnswers(2, "some", False, 8, "hands-on", "build")
ML_LABELS = {"none": "None yet", "some": "Some", "solid": "Solid"}
STYLE_LABELS = {"hands-on": "Hands-on", "reading": "Reading first", "discussion": "Discussion"}
GOAL_LABELS = {
    "build": "Build search features",
    "lead": "Lead adoption in the team",
    "evaluate": "Evaluate it for the business",
}


def show(viewer: PersonRef, people: list[PersonRef], *, today: date, key: str) -> None:
    """A lead comes here for the team, with their own intake secondary; others for their own."""
    saving.flash(key=key)
    if viewer.is_lead:
        _team_intakes(viewer, people, today=today, key=key)
        with st.expander("Your own intake"):
            _my_intake(viewer, key=key)
    else:
        _my_intake(viewer, key=key)


def _my_intake(viewer: PersonRef, *, key: str) -> None:
    mine = load(lambda s: latest_intake(s, actor=viewer, person_id=viewer.id))
    if mine is None:
        st.info("You have not filled in the intake yet. Answer below to get a suggested track.")
    else:
        st.markdown("**Your latest intake**")
        intake_summary(mine)
    answers = intake(mine.answers if mine else None, key=key)
    if answers is not None:
        saving.save(
            lambda s: record_intake(
                s, actor=viewer, person_id=viewer.id, answers=answers, at=resources.now()
            ),
            key=key,
            message=lambda saved: (
                f"Saved. Suggested: {saved.track_name}; the reasons are shown with your "
                "latest intake."
            ),
        )


def _team_intakes(viewer: PersonRef, people: list[PersonRef], *, today: date, key: str) -> None:
    """A lead reads someone's latest intake and can enroll them on the suggested track."""
    names = {p.id: p.name for p in people}
    others = [p for p in people if p.id != viewer.id]
    chosen = st.selectbox(
        "Person",
        [p.id for p in others],
        index=None,
        format_func=names.__getitem__,
        placeholder="Choose someone to see their intake",
        key=f"{key}-person",
    )
    if chosen is None:
        return
    theirs, overview = load(
        lambda s: (
            latest_intake(s, actor=viewer, person_id=chosen),
            learner_overview(s, actor=viewer, person_id=chosen, today=today),
        )
    )
    enrollment = overview.enrollment
    if theirs is None:
        st.info(f"{names[chosen]} has not filled in an intake yet.")
        return
    intake_summary(theirs)
    if enrollment is not None and enrollment.track_key == theirs.track_key:
        st.caption(
            f"Already on the {enrollment.track_name} since {formats.day(enrollment.started_on)}; "
            "accepting starts it again from the date below."
        )
    elif enrollment is not None:
        st.caption(
            f"Now on the {enrollment.track_name} since {formats.day(enrollment.started_on)}; "
            "accepting ends that enrollment."
        )
    when, button = st.columns([1, 3], vertical_alignment="bottom")
    started_on = when.date_input(
        "Start on", value=today, format=formats.DATE_INPUT_FORMAT, key=f"{key}-start"
    )
    if button.button("Accept and enroll", type="primary", key=f"{key}-accept"):
        saving.save(
            lambda s: accept_suggestion(
                s, actor=viewer, intake_id=theirs.id, started_on=started_on, at=resources.now()
            ),
            key=key,
            message=lambda enrolled: (
                f"{names[chosen]} is enrolled on the {enrolled.track_name} from "
                f"{formats.day(started_on)}."
            ),
        )


def intake_summary(intake: IntakeView) -> None:
    """The suggested track, why, and the answers it came from."""
    answers = intake.answers
    st.markdown(
        f":material/route: Suggested: **{intake.track_name}** "
        f"· intake of {formats.day(intake.created_at)}"
    )
    st.markdown("\n".join(f"- {reason}" for reason in intake.reasons))
    st.caption(
        f"Answers: {answers.programming_years} year(s) programming · ML experience "
        f"{ML_LABELS[answers.ml_experience].lower()} · "
        f"{'has' if answers.search_experience else 'has not'} built search · "
        f"{answers.hours_per_week} h a week · learns by "
        f"{STYLE_LABELS[answers.learning_style].lower()} · goal: "
        f"{GOAL_LABELS[answers.goal].lower()}"
    )


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
