"""Read-only views of mentoring: a plan's header and sessions, action items, checkpoints."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from dashboard.components import progress_view
from dashboard.components.plain_text import plain
from mentoring.action_items import ActionItemView
from mentoring.capstone_tracking import CapstoneView
from mentoring.meetings import MeetingDetail
from mentoring.planning import MeetingSummary, PlanView
from storage import formats


def when(moment: datetime | None) -> str:
    """A session time as people read it, in the zone it carries (the team's): 'Thu 26 Nov
    2026, 14:00 CET'."""
    return f"{formats.moment(moment, weekday=True)} {moment:%Z}" if moment else "—"


def session_label(s: MeetingSummary) -> str:
    return f"Session {s.number} · {formats.weekday_day(s.scheduled_for)} · {s.phase} · {s.status}"


def plan_header(plan: PlanView) -> None:
    """Who, how long, how often, why, and the 1:1 structure."""
    basis = (
        f"generated from the assessment of {formats.day(plan.assessed_on)} "
        f"(overall {plan.assessment_overall:g}/10)"
        if plan.assessed_on and plan.assessment_overall is not None
        else "set by the mentor"
    )
    st.markdown(
        f"**{plan.mentee_name}** with **{plan.mentor_name}** · {plan.weeks} weeks, "
        f"{plan.sessions_per_week}× a week, {plan.session_minutes} min · "
        f"{formats.day(plan.started_on)} – {formats.day(plan.ends_on)} · {basis}"
    )
    st.caption(
        "Focus: "
        + ", ".join(plan.focus)
        + " · each 1:1: "
        + ", ".join(f"{b.title.lower()} {b.minutes} min" for b in plan.structure)
    )


def sessions_table(plan: PlanView, *, key: str) -> None:
    done = sum(1 for s in plan.sessions if s.done)
    cols = st.columns(3)
    cols[0].metric("Sessions done", f"{done} of {len(plan.sessions)}")
    nxt = plan.next_session
    cols[1].metric(
        "Next session", formats.weekday_day(nxt.scheduled_for) if nxt else "none planned"
    )
    cols[2].metric(
        "Missed 1:1s",
        len(plan.missed_sessions),
        help="Their day passed and they were neither held nor skipped.",
    )
    frame = pd.DataFrame(
        [
            {
                "No.": s.number,
                "When": when(s.scheduled_for),
                "Week": s.week,
                "Phase": s.phase,
                "Status": s.status.capitalize(),
                "Done by": s.done_by_name,
                "Mentee rating": s.mentee_rating,
            }
            for s in plan.sessions
        ]
    )
    st.dataframe(
        frame,
        hide_index=True,
        key=key,
        placeholder="—",
        height=progress_view.table_height(min(len(frame), 14)),
        column_config={"Mentee rating": st.column_config.NumberColumn(format="%d / 5")},
    )


def items_table(items: list[ActionItemView], *, key: str, empty: str) -> None:
    """Action items with owner, due date, where they were raised and an overdue flag."""
    if not items:
        st.caption(empty)
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Item": i.title,
                    "Owner": i.owner_name,
                    "Due": i.due_on,
                    "Raised": f"session {i.session_number}, {formats.day(i.raised_on)}",
                    "Status": "Done" if not i.is_open else ("Overdue" if i.overdue else "Open"),
                    "Competency": i.competency_name,
                }
                for i in items
            ]
        ),
        hide_index=True,
        key=key,
        placeholder="—",
        height=progress_view.table_height(len(items)),
        column_config={
            "Item": st.column_config.TextColumn(width="large"),
            "Due": st.column_config.DateColumn(format=formats.DAY_COLUMN_FORMAT),
        },
    )
    overdue = [i for i in items if i.overdue]
    if overdue:
        st.warning(
            f"{len(overdue)} overdue: "
            + "; ".join(f"{plain(i.title)} ({i.owner_name})" for i in overdue),
            icon=":material/schedule:",
        )


def capstone_progress(capstone: CapstoneView, *, key: str) -> None:
    state = (
        f"completed {formats.day(capstone.completed_on)}"
        if capstone.completed_on
        else "in progress"
    )
    st.markdown(
        f"**{capstone.title}** ({capstone.level.value})"
        f" · started {formats.day(capstone.started_on)}"
        f" · {capstone.ticked} of {len(capstone.checkpoints)} checkpoints · {state}"
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Week": c.week,
                    "Checkpoint": c.title,
                    "Due": c.due_on,
                    "Done": c.done_on,
                    "Ticked by": c.ticked_by,
                }
                for c in capstone.checkpoints
            ]
        ),
        hide_index=True,
        key=key,
        placeholder="—",
        height=progress_view.table_height(len(capstone.checkpoints)),
        column_config={
            "Checkpoint": st.column_config.TextColumn(width="large"),
            "Due": st.column_config.DateColumn(format=formats.DAY_COLUMN_FORMAT),
            "Done": st.column_config.DateColumn(format=formats.DAY_COLUMN_FORMAT),
        },
    )


def session_header(detail: MeetingDetail) -> None:
    """Which session, when, its phase, and whether (and by whom) it was done."""
    current, plan = detail.meeting, detail.plan
    st.markdown(
        f"**Session {current.number}** of {len(plan.sessions)} · {when(current.scheduled_for)}"
        f" · week {current.week}: {current.phase}"
    )
    if current.done:
        rated = current.mentee_rating
        rating = f" · {plan.mentee_name} rated it {rated}/5" if rated else ""
        st.success(f"Done — marked by {current.done_by_name} on {when(current.done_at)}{rating}.")
    elif current.skipped:
        st.info(
            f"Skipped — {plan.mentor_name} decided this 1:1 will not take place. Move it to a "
            "new day to plan it again.",
            icon=":material/event_busy:",
        )
    elif current.missed:
        st.warning(
            f"Missed — planned for {formats.weekday_day(current.scheduled_for)}, not held and not "
            "skipped. Mark it done if it took place, or skip it or move it to a new day.",
            icon=":material/event_busy:",
        )
