"""Mentoring plan (mentors, leads): generate from the latest assessment, adjust, export .ics."""

import streamlit as st
from sqlmodel import Session

from dashboard import resources
from dashboard.components import mentee_picker, mentoring_views, plan_form, saving
from dashboard.components.loading import load
from mentoring.pairing import mentees_overview
from mentoring.planning import ProposalView, adjust_plan, create_plan, plan_ics, propose_for
from mentoring.plans import FOUNDATION_PLAN
from storage import formats
from storage.errors import PermissionDenied

viewer = resources.viewer()
today = resources.today(viewer)
st.title("Mentoring plan")
rows = load(lambda s: mentees_overview(s, actor=viewer, today=today))
if not rows:
    st.info("No mentees yet. A team lead pairs mentors and mentees under Pairing.")
    st.stop()

by_id = {r.mentee_id: r for r in rows}
with st.columns([2, 3])[0]:
    mentee_id = mentee_picker.show({k: r.name for k, r in by_id.items()}, key="plan-mentee")
row = by_id[mentee_id or next(iter(by_id))]
plan = row.plan
saving.flash(key="plan")


def read(session: Session) -> tuple[ProposalView | None, bytes | None]:
    try:
        proposal = propose_for(session, actor=viewer, mentee_id=row.mentee_id)
    except PermissionDenied:
        proposal = None  # someone whose plan the viewer may not change
    stamp = resources.now()
    return proposal, plan_ics(session, actor=viewer, plan_id=plan.id, stamp=stamp) if plan else None


proposal, ics = load(read)

if plan is None:
    st.info(f"{row.name} has no mentoring plan yet.")
else:
    mentoring_views.plan_header(plan)
    mentoring_views.sessions_table(plan, key="plan-sessions")
    st.download_button(
        "Download the sessions as a calendar (.ics)",
        ics or b"",
        file_name=f"mentoring-{row.name.lower().replace(' ', '-')}.ics",
        mime="text/calendar",
        icon=":material/calendar_month:",
        key="plan-ics",
        on_click="ignore",  # downloading changes nothing the page shows
    )
    with st.expander("Adjust the plan"):
        st.caption(
            "Done sessions stay as they were; the sessions still to come are re-dated on the "
            "new cadence after the last done one and keep their agendas and notes."
        )
        change = plan_form.show(
            plan.settings, today=today, with_start=False, submit_label="Save changes", key="adjust"
        )
        if change is not None:
            saving.save(
                lambda s: adjust_plan(
                    s, actor=viewer, plan_id=plan.id, settings=change.settings, now=resources.now()
                ),
                key="plan",
                message="Plan adjusted.",
            )

st.subheader("Generate a plan" if plan is None else "Start a new plan", divider="gray")
if proposal is None:
    st.info(
        f"{row.name} has no multi-dimensional assessment yet: assess them under Assessments, "
        "or set the plan yourself below."
    )
    defaults = None
else:
    st.markdown(
        f"From the assessment of {formats.day(proposal.assessed_on)}: {proposal.proposal.reason}"
    )
    defaults = proposal.proposal.settings
if plan is not None:
    st.caption("A new plan replaces the current one; its done sessions and items stay on record.")
entered = plan_form.show(
    defaults or FOUNDATION_PLAN,
    today=today,
    zone=resources.zone(viewer.team_id).key,
    with_start=True,
    submit_label="Create plan",
    key="create",
)
if entered is not None:
    saving.save(
        lambda s: create_plan(
            s,
            actor=viewer,
            mentee_id=row.mentee_id,
            started_on=entered.started_on,
            settings=entered.settings,
            session_time=entered.session_time,
            now=resources.now(),
        ),
        key="plan",
        message=lambda created: (
            f"Plan created: {len(created.sessions)} sessions from "
            f"{formats.weekday_day(created.sessions[0].scheduled_for)}."
        ),
    )
