"""Reviews (everyone): the due queue card by card, progress charts and suggestions, new cards
per day, one's own FSRS parameters, writing a card."""

import streamlit as st

from curriculum.catalog import learning_path
from dashboard import resources
from dashboard.components import (
    card_form,
    review_charts,
    review_fit,
    review_limits,
    review_session,
    saving,
)
from dashboard.components.loading import load
from reviews.deck import write_card
from reviews.policy import new_cards_limit, review_settings, set_person_new_cards_per_day
from reviews.scheduling import POLICY_LABELS, Policy
from reviews.stats import forecast, module_suggestions, retention_by_week
from storage import formats
from storage.enums import PersonRole
from storage.people import list_people

viewer = resources.viewer()
today = resources.today(viewer)
now = resources.now()
SITTING = f"reviews-sitting-{viewer.id}"

st.title("Reviews")
settings = load(lambda s: review_settings(s, actor=viewer, team_id=viewer.team_id))
modules = load(lambda s: {m.key: m.title for lv in learning_path(s) for m in lv.modules})
team = load(lambda s: list_people(s, viewer.team_id))
st.caption(
    f"Your team schedules with **{POLICY_LABELS[settings.policy]}**"
    + (
        f", aiming to remember {formats.percent(settings.desired_retention)} of cards"
        f" when they come up; {review_limits.summary(settings)}"
        if settings.policy == Policy.FSRS
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
    review_session.show(viewer, today=today, key=SITTING)

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
    days = load(lambda s: forecast(s, actor=viewer, person_ids=[person_id], today=today))
    weeks = load(lambda s: retention_by_week(s, actor=viewer, person_ids=[person_id], today=today))
    suggestions = load(lambda s: module_suggestions(s, actor=viewer, person_id=person_id, now=now))
    st.subheader("Per module: what next", divider="gray")
    st.caption(
        "Share of reviews recalled in the last 30 days: above 80 % suggests moving on or "
        "harder cards, below 60 % suggests revisiting the prerequisites."
    )
    review_charts.suggestions(suggestions, name=name, key="reviews-suggestions")
    review_charts.forecast_and_retention(days, weeks, team=False, key="reviews")
    if person_id == viewer.id or viewer.is_lead:
        st.subheader("New cards per day", divider="gray")
        saving.flash(key="reviews-limit")
        limit = load(lambda s: new_cards_limit(s, actor=viewer, person_id=person_id))
        saved, value = review_limits.own_form(limit, name=name, key=f"reviews-limit-{person_id}")
        if saved:
            saving.save(
                lambda s: set_person_new_cards_per_day(
                    s, actor=viewer, person_id=person_id, new_cards_per_day=value, now=now
                ),
                key="reviews-limit",
                message=lambda saved: (
                    f"New cards per day for {name}: {saved.per_day}"
                    + (" (the team's)." if saved.own is None else ".")
                ),
            )
        mine = person_id == viewer.id
        st.subheader(
            "Your own FSRS parameters" if mine else f"{name}'s own FSRS parameters",
            divider="gray",
        )
        review_fit.person_section(viewer, person_id, name=name, key=f"reviews-fit-{person_id}")

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
                now=resources.now(),
            ),
            key="reviews-card",
            reset=["reviews-card"],
            message=lambda card: (
                f"Card added{f' to {card.module_title}' if card.module_title else ''}."
            ),
        )
