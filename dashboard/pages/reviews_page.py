"""Reviews (everyone): the due queue card by card, progress charts and suggestions, new cards."""

import streamlit as st

from curriculum.catalog import learning_path
from dashboard import resources
from dashboard.components import card_form, review_charts, review_session, saving
from reviews.deck import write_card
from reviews.policy import review_settings
from reviews.queue import due_queue, next_due_at, record_review
from reviews.scheduling import POLICY_LABELS
from reviews.stats import forecast, module_suggestions, retention_by_week
from storage import formats
from storage.enums import PersonRole
from storage.errors import ProficioError
from storage.people import list_people

viewer = resources.viewer()
today = resources.today(viewer)
now = resources.now()
SITTING = f"reviews-sitting-{viewer.id}"

st.title("Reviews")
with resources.session(writes=False) as session:
    settings = review_settings(session, actor=viewer, team_id=viewer.team_id)
    queue = due_queue(session, actor=viewer, person_id=viewer.id, now=now)
    modules = {m.key: m.title for level in learning_path(session) for m in level.modules}
    team = list_people(session, viewer.team_id)
st.caption(
    f"Your team schedules with **{POLICY_LABELS[settings.policy]}**"
    + (
        f", aiming to remember {formats.percent(settings.desired_retention)} of cards"
        " when they come up."
        if settings.policy == "fsrs"
        else ": 1, 3, 7, 14, 30 then 90 days; a forgotten card starts again at 1 day."
    )
)

progress_label = {
    PersonRole.LEARNER: "Progress",
    PersonRole.MENTOR: "Progress and mentees",
    PersonRole.LEAD: "Progress and team",
}[viewer.role]
# Keyed and tracked, so a save's rerun comes back to the tab the person was on.
due_tab, progress_tab, write_tab = st.tabs(
    ["Due now", progress_label, "Write a card"],
    key=f"reviews-tabs-{viewer.role}",
    on_change="rerun",
)

with due_tab:
    if review_session.remaining(queue, key=SITTING):
        answer = review_session.show(queue, today=today, key=SITTING)
        if answer is not None:
            try:
                with resources.session() as session:
                    outcome = record_review(
                        session,
                        actor=viewer,
                        card_id=answer.card_id,
                        rating=answer.rating,
                        now=resources.now(),
                        duration_ms=answer.duration_ms,
                    )
            except ProficioError as error:
                st.error(str(error))
            else:
                review_session.record(outcome, key=SITTING)
                st.rerun()
    else:
        outcomes = review_session.results(key=SITTING)
        with resources.session(writes=False) as session:
            next_due = next_due_at(session, actor=viewer, person_id=viewer.id, now=now)
        if outcomes:
            st.success("Done for now: every card that was due has been reviewed.")
        elif next_due is None:
            st.info(
                "Your deck is empty: cards come from the modules you have started (see My "
                "learning) and from cards you write yourself."
            )
        else:
            st.info("Nothing is due right now.")
        if review_session.summary(outcomes, next_due, key=SITTING):
            review_session.restart(key=SITTING)
            st.rerun()

with progress_tab:
    if viewer.role == PersonRole.LEARNER:
        visible = [viewer]
    elif viewer.role == PersonRole.MENTOR:
        visible = [viewer, *(p for p in team if p.mentor_id == viewer.id)]
    else:
        visible = team
    names = {p.id: p.name for p in visible}
    person_id = viewer.id
    if len(visible) > 1:
        person_id = st.columns([2, 3])[0].selectbox(
            "Whose progress",
            list(names),
            format_func=lambda pid: "You" if pid == viewer.id else names[pid],
            key="reviews-person",
            help="Mentors see their mentees; the lead sees the whole team.",
        )
    name = "you" if person_id == viewer.id else names[person_id]
    try:
        with resources.session(writes=False) as session:
            days = forecast(session, actor=viewer, person_ids=[person_id], today=today)
            weeks = retention_by_week(session, actor=viewer, person_ids=[person_id], today=today)
            suggestions = module_suggestions(session, actor=viewer, person_id=person_id, now=now)
    except ProficioError as error:
        st.error(str(error))
    else:
        st.subheader("Per module: what next", divider="gray")
        st.caption(
            "Share of reviews recalled in the last 30 days: above 80 % suggests moving on or "
            "harder cards, below 60 % suggests revisiting the prerequisites."
        )
        review_charts.suggestions(suggestions, name=name, key="reviews-suggestions")
        review_charts.forecast_and_retention(days, weeks, team=False, key="reviews")

with write_tab:
    saving.flash(key="reviews-card")
    draft = card_form.show(
        modules, shared=viewer.role != PersonRole.LEARNER, key=saving.form_key("reviews-card")
    )
    if draft is not None:
        saving.save(
            lambda session: write_card(
                session,
                actor=viewer,
                front=draft.front,
                back=draft.back,
                kind=draft.kind,
                module_key=draft.module_key,
            ),
            key="reviews-card",
            reset=["reviews-card"],
            message=lambda card: (
                f"Card added{f' to {card.module_title}' if card.module_title else ''}."
            ),
        )
