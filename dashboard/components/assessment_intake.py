"""The Intake tab: your own intake and its suggested track; for a lead, the team's intakes."""

from __future__ import annotations

from datetime import date

import streamlit as st

from assessments.evaluations import accept_suggestion, latest_intake, record_intake
from curriculum.progress import learner_overview
from dashboard import resources
from dashboard.components import assessment_forms, assessment_views, saving
from storage import formats
from storage.errors import ProficioError
from storage.people import PersonRef


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
    with resources.session() as session:
        mine = latest_intake(session, actor=viewer, person_id=viewer.id)
    if mine is None:
        st.info("You have not filled in the intake yet. Answer below to get a suggested track.")
    else:
        st.markdown("**Your latest intake**")
        assessment_views.intake_summary(mine)
    answers = assessment_forms.intake(mine.answers if mine else None, key=key)
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
    try:
        with resources.session() as session:
            theirs = latest_intake(session, actor=viewer, person_id=chosen)
            overview = learner_overview(session, actor=viewer, person_id=chosen, today=today)
    except ProficioError as error:
        st.error(str(error))
        return
    enrollment = overview.enrollment
    if theirs is None:
        st.info(f"{names[chosen]} has not filled in an intake yet.")
        return
    assessment_views.intake_summary(theirs)
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
