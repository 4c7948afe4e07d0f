"""Practical work at a glance on a Home: a learner's due, waiting, returned and passed work,
and the hand-ins waiting for a mentor's or lead's grade, each opening on Practical work."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import streamlit as st

from assessments.practical import WaitingHandIn
from dashboard.components.hand_in_view import waited
from insights.learner_home import PracticalGlance
from storage import formats

PRACTICAL_PAGE = "pages/practical_page.py"
# Not a widget key (widget state is dropped on a page without the widget): the hand-in
# (person id, assignment id) the Practical work page opens on next.
OPEN_NEXT = "practical-open-next"


def open_on_practical_page(person_id: int, assignment_id: int) -> None:
    """Go to Practical work, opened on this person's assignment."""
    st.session_state[OPEN_NEXT] = (person_id, assignment_id)
    st.switch_page(PRACTICAL_PAGE)


def to_grade_section(waiting: list[WaitingHandIn], today: date, zone: ZoneInfo) -> None:
    """A mentor's or lead's hand-ins waiting for their grade (and peer reviews asked of
    them), oldest first, with how long each has waited."""
    st.subheader("Hand-ins to grade", divider="gray")
    if not waiting:
        st.caption("No hand-in is waiting for your grade.")
        return
    for item in waiting:
        said, button = st.columns([5, 1], vertical_alignment="center")
        said.markdown(
            f"**{item.person_name}** · {item.assignment_title} · version {item.version_number}"
            f" · {waited(item, today, zone)}"
            + (" · *asked you for a peer review*" if item.as_peer else "")
        )
        if not item.as_peer and button.button(
            "Grade", key=f"home-grade-{item.hand_in_id}", icon=":material/grading:"
        ):
            open_on_practical_page(item.person_id, item.assignment_id)
    st.page_link(PRACTICAL_PAGE, label="All practical work", icon=":material/assignment:")


def home_section(glance: PracticalGlance) -> None:
    """The learner's practical work, with a link to hand in or read the grades."""
    st.subheader("Practical work", divider="gray")
    lines = [
        f"- **{d.assignment_title}** ({d.module_title}) · "
        + (
            f"**late**, due {formats.day(d.due_on)}"
            if d.overdue
            else f"due {formats.day(d.due_on)}"
        )
        for d in glance.due
    ]
    lines += [
        f"- **{e.assignment_title}** · returned for another attempt on "
        f"{formats.day(e.graded_at.date())}"
        for e in glance.returned
        if e.graded_at is not None
    ]
    lines += [
        f"- {e.assignment_title} · handed in {formats.day(e.submitted_at.date())}, waiting for "
        "a grade"
        for e in glance.waiting
    ]
    lines += [
        f"- {e.assignment_title} · passed on {formats.day(e.graded_at.date())}"
        for e in glance.passed
        if e.graded_at is not None
    ]
    if lines:
        st.markdown("\n".join(lines))
    else:
        st.caption("Nothing due, waiting or returned: each module's practical shows here.")
    st.page_link(PRACTICAL_PAGE, label="Practical work", icon=":material/assignment:")
