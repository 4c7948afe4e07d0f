"""Practical work at a glance on a Home: what is due, waiting for a grade, returned, passed."""

from __future__ import annotations

import streamlit as st

from insights.learner_home import PracticalGlance
from storage import formats

PRACTICAL_PAGE = "pages/practical_page.py"


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
