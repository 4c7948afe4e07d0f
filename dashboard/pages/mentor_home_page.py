"""Home for a mentor: each mentee at a glance, who needs attention first."""

import streamlit as st
from sqlmodel import Session

from assessments.practical import WaitingHandIn, waiting_for
from assessments.ratings import EvidenceToReview, evidence_to_review, people_matrix
from dashboard import resources
from dashboard.components import (
    evidence_review,
    mentee_picker,
    notes_due,
    practical_view,
    report_downloads,
    sharing_views,
)
from dashboard.components.loading import load
from insights.mentor_home import MenteeGlance, mentor_home
from storage import formats
from storage.people import list_people

viewer = resources.viewer()
today = resources.today(viewer)
st.title("Home")


def read(
    session: Session,
) -> tuple[list[MenteeGlance], dict[int, int | None], list[EvidenceToReview], list[WaitingHandIn]]:
    mentees = mentor_home(session, actor=viewer, today=today, now=resources.now())
    mentor_of = {p.id: p.mentor_id for p in list_people(session, viewer.team_id)}
    matrix = people_matrix(
        session, actor=viewer, team_id=viewer.team_id, person_ids=[m.mentee_id for m in mentees]
    )
    return mentees, mentor_of, evidence_to_review(matrix), waiting_for(session, actor=viewer)


mentees, mentor_of, waiting, to_grade = load(read)
sharing_views.next_session(viewer)

st.caption(
    "Your mentees, who needs attention first: one reason each for an overdue 1:1, overdue "
    "action items, being behind their track and 15 or more reviews overdue; more reasons "
    "first, then more overdue items, then more overdue reviews."
)
if not mentees:
    st.info("No mentees yet. A team lead pairs mentors and mentees under Pairing.")
    st.stop()

for row in mentees:
    with st.container(border=True):
        name_col, button_col = st.columns([4, 1], vertical_alignment="center")
        badges = " ".join(f":orange-badge[{r}]" for r in row.reasons)
        if not row.has_plan:
            badges = ":blue-badge[no mentoring plan yet] " + badges
        name_col.markdown(f"**{row.name}** &nbsp; {badges or ':green-badge[all well]'}")
        if not row.has_plan:
            if button_col.button(
                "Plan their 1:1s", key=f"home-plan-{row.mentee_id}", icon=":material/event_note:"
            ):
                mentee_picker.remember(row.mentee_id)
                st.switch_page("pages/plan_page.py")
        elif button_col.button(
            "Open next 1:1", key=f"home-mentee-{row.mentee_id}", icon=":material/forum:"
        ):
            mentee_picker.remember(row.mentee_id)
            st.switch_page("pages/session_page.py")
        gaps_col, sessions_col, items_col, reviews_col = st.columns([3, 2, 1, 1])
        gaps_col.caption("Largest gaps (level → target)")
        if row.has_targets:
            gaps_col.markdown("; ".join(row.gaps) or "none")
        else:  # "none" would read as "meets every target" where none is set
            gaps_col.markdown(
                "no role targets set yet (**Competency framework → Role targets**)"
                if viewer.is_lead
                else "no role targets set yet (the team lead sets them)"
            )
        sessions_col.caption("Last / next 1:1")
        last = formats.day(row.last_session) if row.last_session else "never"
        nxt = formats.day(row.next_session) if row.next_session else "none planned"
        sessions_col.markdown(f"{last} / {nxt}")
        if row.overdue_reason:
            reason = row.overdue_reason
            sessions_col.caption(reason[:1].upper() + reason[1:])  # names and months kept
        items_col.caption("Open items")
        items_col.markdown(f"{row.open_items} ({row.overdue_items} overdue)")
        reviews_col.caption("Reviews overdue")
        reviews_col.markdown(str(row.overdue_cards))

practical_view.to_grade_section(to_grade, today, resources.zone(viewer.team_id))
notes_due.home_section(viewer, today)

st.subheader("Evidence to review", divider="gray")
st.caption(
    "A quiz passed, practical work passed or a peer's rating shows more than the official "
    "level: confirm it as your "
    "rating, or talk it over at the next 1:1 (the agenda lists it too)."
)
evidence_review.show(waiting, viewer=viewer, mentor_of=mentor_of, key="home-evidence")

st.subheader("A mentee's development report", divider="gray")
names = {r.mentee_id: r.name for r in mentees}
chosen = st.columns([1, 2])[0].selectbox(
    "Mentee", list(names), format_func=names.get, key="home-report-mentee"
)
report_downloads.development(viewer, chosen, name=names[chosen], key="home-report")
