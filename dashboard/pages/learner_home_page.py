"""Home for a learner: today's reviews, the next module, the next 1:1, practical work, their
development goals and the latest feedback."""

import streamlit as st

from curriculum.feedback import open_questions
from dashboard import resources
from dashboard.components import (
    feedback_question,
    goal_view,
    note_text,
    notes_due,
    practical_view,
    progress_view,
    report_downloads,
    sharing_views,
)
from dashboard.components.loading import load
from insights.learner_home import learner_home
from mentoring.goals import development_plan
from storage import formats

viewer = resources.viewer()
today = resources.today(viewer)
st.title("Home")
home, questions = load(
    lambda s: (
        learner_home(s, actor=viewer, person_id=viewer.id, today=today, now=resources.now()),
        open_questions(s, actor=viewer, today=today),
    )
)
st.caption(f"Hello {viewer.name.split()[0]}: what to do next, on {today:%A %d %B}.")
sharing_views.next_session(viewer)

reviews_col, module_col, session_col = st.columns(3, border=True)
with reviews_col:
    st.markdown("**Today's reviews**")
    st.metric("Cards to review today", home.reviews_today)
    if home.reviews_today:
        st.caption(f"{home.reviews_due} due (overdue included) and {home.new_cards} new.")
        st.page_link("pages/reviews_page.py", label="Start reviewing", icon=":material/style:")
    else:
        st.caption("Nothing due today: come back tomorrow.")
with module_col:
    st.markdown("**Next module**")
    module = home.next_module
    if home.track_name is None:
        st.info("You are not on a track yet.")
    elif module is None:
        st.success(f"You have finished the {home.track_name}.")
    else:
        st.markdown(f"{module.title}")
        st.metric(
            "Done",
            f"{module.percent} %",
            help=f"{formats.hours(module.hours_logged)} of {formats.hours(module.hours)} logged.",
        )
        due = "overdue since" if module.overdue else "planned to finish by"
        st.caption(f"{home.track_name}: {due} {formats.day(module.expected_end)}.")
        if home.pace is not None:
            st.markdown(
                f"{progress_view.PACE_BADGES[home.pace.pace]} {home.pace.actual_percent} % done, "
                f"{home.pace.expected_percent} % expected by today"
            )
    st.page_link("pages/my_learning_page.py", label="Log progress", icon=":material/trending_up:")
with session_col:
    st.markdown("**Next 1:1**")
    nxt = home.next_session
    if nxt is None:
        st.caption(f"No 1:1 planned{' with ' + home.mentor_name if home.mentor_name else ''} yet.")
    else:
        when = f"{formats.moment(nxt.scheduled_for, weekday=True)} {nxt.scheduled_for:%Z}"
        st.markdown(f"{when} with {home.mentor_name} · {nxt.phase}")
    if home.missed_sessions:
        days = ", ".join(formats.day(s.scheduled_for) for s in home.missed_sessions)
        st.warning(f"Missed 1:1: {days} (not held): ask your mentor to hold, move or skip it.")
    if home.open_items:
        st.markdown(f"Open action items ({len(home.open_items)}):")
        st.markdown(
            "\n".join(
                f"- {i.title}"
                + (f" · due {formats.day(i.due_on)}" if i.due_on else "")
                + (" · **overdue**" if i.overdue else "")
                for i in home.open_items[:5]
            )
        )
    else:
        st.caption("No open action items.")
    st.page_link(
        "pages/my_mentoring_page.py",
        label="All 1:1s and action items",
        icon=":material/record_voice_over:",
    )

feedback_question.show(viewer, questions, key="home-question")

practical_view.home_section(home.practical)
goal_view.home_section(
    load(lambda s: development_plan(s, actor=viewer, person_id=viewer.id, today=today)).goals
)
notes_due.home_section(viewer, today)

st.subheader("Latest feedback", divider="gray")
if not home.feedback:
    st.info("No feedback yet: assessments, mentor ratings and 1:1 notes will show here.")
for item in home.feedback:
    with st.container(border=True):
        by = f" by {item.by}" if item.by else ""
        st.markdown(f"**{item.headline}** · {formats.day(item.given_on)}{by}")
        if item.text:
            note_text.show(item.text)

st.subheader("My development report", divider="gray")
report_downloads.development(viewer, viewer.id, name=viewer.name, key="home-report")
