"""One development goal as its person, mentor and leads read it: where it stands, who agreed,
its milestones, the 1:1 review notes and its history."""

from __future__ import annotations

import streamlit as st

from assessments.rules import LEVEL_NAMES
from dashboard.components.plain_text import plain
from mentoring.goal_rules import GoalStatus
from mentoring.goals import GoalView
from storage import formats

STATUS_BADGES = {
    GoalStatus.ON_TRACK: ":blue-badge[on track]",
    GoalStatus.OFF_TRACK: ":orange-badge[off track]",
    GoalStatus.DONE: ":green-badge[done]",
}


def agreement(goal: GoalView, person_name: str) -> str:
    """'Agreed by Ada Byte (3 Dec 2026) and Max Mentor (4 Dec 2026)', or who is still to."""
    sides = []
    if goal.learner_agreed_at:
        sides.append(f"{person_name} agreed {formats.day(goal.learner_agreed_at)}")
    else:
        sides.append(f"waiting for {person_name} to agree")
    if goal.mentor_agreed_at:
        sides.append(
            f"{goal.mentor_agreed_by_name or 'the mentor'} agreed "
            f"{formats.day(goal.mentor_agreed_at)}"
        )
    else:
        sides.append("waiting for the mentor to agree")
    return ("Agreed: " if goal.agreed else "Not agreed yet: ") + "; ".join(sides) + "."


def summary(goal: GoalView, person_name: str) -> None:
    """Status, progress, due date, why, success measure and agreement."""
    st.markdown(
        f"{STATUS_BADGES[goal.status]} **{plain(goal.title)}** · due {formats.day(goal.due_on)}"
    )
    st.progress(goal.progress, text=f"{round(goal.progress * 100)} % · {goal.measure}")
    lines = []
    if goal.competency_name and goal.target_level:
        lines.append(
            f"Personal target: {LEVEL_NAMES[goal.target_level]} in {goal.competency_name} "
            "(in place of the role's target, in the matrix too)."
        )
    if goal.why:
        lines.append(f"Why: {goal.why}")
    if goal.success_measure:
        lines.append(f"Success measure: {goal.success_measure}")
    for line in lines:
        st.text(line)  # typed text, shown as typed (never as markdown)
    st.caption(agreement(goal, person_name))


def milestones(goal: GoalView) -> None:
    for m in goal.milestones:
        if m.done_on:
            st.markdown(
                f"- :material/check_circle: {plain(m.title)} — reached "
                f"{formats.day(m.done_on)}"
                + (f" (ticked by {m.done_by_name})" if m.done_by_name else "")
            )
        else:
            st.markdown(f"- :material/radio_button_unchecked: {plain(m.title)}")


def reviews_and_history(goal: GoalView) -> None:
    """The 1:1 review notes, then every change (who, what, when)."""
    for r in goal.reviews:
        st.markdown(
            f"**Reviewed in 1:1 no. {r.meeting_number}**, {formats.day(r.created_at)} · "
            f"{r.author_name}"
        )
        st.text(r.note)
    if not goal.reviews:
        st.caption("Not reviewed in a 1:1 yet.")
    with st.expander("History: who changed what, when"):
        for h in goal.history:
            st.markdown(f"- {formats.moment(h.at)} · **{h.actor_name}**: {plain(h.detail)}")


def home_section(goals: list[GoalView]) -> None:
    """'My goals' on a Home: each open goal's status, progress and due date, done ones
    counted; a link to the plan."""
    st.subheader("My goals", divider="gray")
    open_goals = [g for g in goals if g.status != GoalStatus.DONE]
    if not goals:
        st.info("No development goals yet: propose one with your mentor.")
    for g in open_goals:
        st.markdown(
            f"{STATUS_BADGES[g.status]} {plain(g.title)} · {round(g.progress * 100)} % "
            f"({plain(g.measure)}) · due {formats.day(g.due_on)}"
            + ("" if g.agreed else " · *not agreed yet*")
        )
    done = len(goals) - len(open_goals)
    if done:
        st.caption(f"{done} goal{'s' if done != 1 else ''} done.")
    st.page_link("pages/development_page.py", label="All my goals", icon=":material/flag_circle:")
