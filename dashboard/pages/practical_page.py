"""Practical work: each module's practical and the staged assessments, handed in, assessed on
their rubric and graded by the mentor or a lead; what waits for the viewer comes first."""

import streamlit as st

from assessments.practical import get_hand_in, hand_ins_of, waiting_for
from dashboard import resources
from dashboard.components import hand_in_panel, hand_in_view, practical_view, saving
from dashboard.components.loading import load
from storage.enums import PersonRole
from storage.people import list_people

PERSON, ASSIGNMENT, REVIEWING = "practical-person", "practical-assignment", "practical-review"

viewer = resources.viewer()
today, zone = resources.today(viewer), resources.zone(viewer.team_id)
st.title("Practical work")
st.caption(
    "Each module has a practical, and the later levels staged assessments: work handed in "
    "(text, a link, files) and graded on its rubric by the mentor or a team lead. Self and peer "
    "readings sit beside the grade, never averaged in; a pass is practical evidence in the "
    "competency matrix."
)
saving.flash(key=hand_in_panel.SAVED)
opening = st.session_state.pop(practical_view.OPEN_NEXT, None)  # "Grade" on a Home
if opening is not None:
    st.session_state.pop(REVIEWING, None)
    st.session_state[PERSON], st.session_state[ASSIGNMENT] = opening

teammates = load(lambda s: list_people(s, viewer.team_id))
whose = {viewer.id: f"{viewer.name} (you)"} | {
    p.id: p.name for p in teammates if viewer.is_lead or p.mentor_id == viewer.id
}
waiting = load(lambda s: waiting_for(s, actor=viewer))
if waiting or viewer.role != PersonRole.LEARNER:
    st.subheader("Waiting for you", divider="gray")
    if not waiting:
        st.caption("Nothing is waiting for your grade or review.")
    for item in waiting:  # oldest first
        said, button = st.columns([5, 1], vertical_alignment="center")
        said.markdown(
            f"**{item.person_name}** · {item.assignment_title} · version {item.version_number}"
            f" · {hand_in_view.waited(item, today, zone)}"
            + (" · *asked you for a peer review*" if item.as_peer else "")
        )
        if button.button("Open", key=f"practical-open-{item.hand_in_id}"):
            if item.as_peer:
                st.session_state[REVIEWING] = item.hand_in_id
            else:  # drawn below in this same run, on the one opened
                st.session_state.pop(REVIEWING, None)
                st.session_state[PERSON] = item.person_id
                st.session_state[ASSIGNMENT] = item.assignment_id

reviewing = st.session_state.get(REVIEWING)
if reviewing is not None:
    view = load(lambda s: get_hand_in(s, actor=viewer, hand_in_id=reviewing))
    st.subheader(f"{view.person_name}'s '{view.assignment.title}'", divider="gray")
    st.button("Close", key="practical-close", on_click=st.session_state.pop, args=(REVIEWING,))
    hand_in_view.brief_and_rubric(view.assignment, expanded=False)
    hand_in_panel.review(viewer, view, zone)
    st.stop()

st.subheader("Assignments", divider="gray")
person_id = viewer.id
if len(whose) > 1:
    person_id = st.selectbox("Whose work", list(whose), format_func=whose.__getitem__, key=PERSON)
rows = load(lambda s: hand_ins_of(s, actor=viewer, person_id=person_id))
if not rows:
    st.info("No practical work is on offer yet: the curriculum has no assignments.")
    st.stop()
hand_in_view.assignments_table(rows, zone)
by_id = {r.assignment.id: r for r in rows}
if st.session_state.get(ASSIGNMENT) not in by_id:
    st.session_state.pop(ASSIGNMENT, None)
assignment_id = st.selectbox(
    "Open",
    list(by_id),
    format_func=lambda i: by_id[i].assignment.title,
    key=ASSIGNMENT,
)
row = by_id[assignment_id]
own = person_id == viewer.id
st.subheader(row.assignment.title, divider="gray")
st.markdown(
    f"**{row.status.label}**"
    + ("" if own else f" · {whose[person_id]}")
    + (f" · {row.versions} version{'s' if row.versions != 1 else ''}" if row.versions else "")
)
hand_in_view.brief_and_rubric(row.assignment, expanded=own and row.hand_in_id is None)
hand_in_id = row.hand_in_id
view = load(lambda s: get_hand_in(s, actor=viewer, hand_in_id=hand_in_id)) if hand_in_id else None
if own:
    hand_in_panel.own(viewer, row.assignment, view, teammates, zone)
elif view is None:
    st.info(f"{whose[person_id]} has not handed anything in for this yet.")
else:
    hand_in_panel.grade(viewer, view, teammates, zone)
