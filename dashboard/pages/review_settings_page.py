"""Review settings (lead): policy, desired retention and its workload, same-day steps and
daily limits, team charts, fitting to the team and to one person."""

from collections.abc import Callable

import streamlit as st
from sqlmodel import Session

from dashboard import resources
from dashboard.components import review_charts, review_fit, review_limits, saving
from dashboard.components.loading import load
from reviews.policy import (
    review_settings,
    set_desired_retention,
    set_policy,
    set_review_limits,
    workload_by_retention,
)
from reviews.scheduling import (
    MAX_DESIRED_RETENTION,
    MIN_DESIRED_RETENTION,
    POLICY_LABELS,
    Policy,
)
from reviews.stats import forecast, retention_by_week, team_member_ids
from storage import formats
from storage.people import list_people

viewer = resources.viewer()
today = resources.today(viewer)
now = resources.now()
st.title("Review settings")
if not viewer.is_lead:
    st.info("Review settings are for the team lead.")
    st.stop()

SAVED = "review-settings"  # key of the confirmation kept across the rerun after a change
saving.flash(key=SAVED)


def _apply(run: Callable[[Session], str]) -> None:
    """Run one change in a unit of work (`run` returns its confirmation)."""
    saving.save(run, key=SAVED, message=str)


def _save_policy(session: Session) -> str:
    moved = set_policy(
        session, actor=viewer, team_id=viewer.team_id, policy=policy, now=resources.now()
    )
    return f"Policy set to {POLICY_LABELS[policy]}; {moved} card schedules recomputed."


def _save_retention(session: Session) -> str:
    moved = set_desired_retention(
        session,
        actor=viewer,
        team_id=viewer.team_id,
        desired_retention=retention,
        now=resources.now(),
    )
    return (
        f"Desired retention set to {formats.percent(retention)}; {moved} card schedules recomputed."
    )


def _save_limits(session: Session) -> str:
    assert limits is not None
    moved = set_review_limits(
        session, actor=viewer, team_id=viewer.team_id, **vars(limits), now=resources.now()
    )
    saved = review_settings(session, actor=viewer, team_id=viewer.team_id)
    return f"Saved: {review_limits.summary(saved)} {moved} card schedules recomputed."


settings = load(lambda s: review_settings(s, actor=viewer, team_id=viewer.team_id))
members = load(lambda s: team_member_ids(s, actor=viewer))
workload = load(lambda s: workload_by_retention(s, actor=viewer, team_id=viewer.team_id, now=now))
days = load(lambda s: forecast(s, actor=viewer, person_ids=members, today=today))
weeks = load(lambda s: retention_by_week(s, actor=viewer, person_ids=members, today=today))

st.subheader("Policy", divider="gray")
policy_col, retention_col = st.columns(2, gap="large")
with policy_col:
    policy = st.radio(
        "Schedule reviews with",
        list(Policy),
        index=list(Policy).index(settings.policy),
        format_func=POLICY_LABELS.get,
        key="review-policy",
        help="Switching recomputes every card's next review from the kept review history.",
    )
    if st.button("Save policy", key="review-policy-save", disabled=policy == settings.policy):
        _apply(_save_policy)
with retention_col:
    retention = st.slider(
        "Desired retention (FSRS)",
        MIN_DESIRED_RETENTION,
        MAX_DESIRED_RETENTION,
        settings.desired_retention,
        step=0.01,
        format="%.2f",
        key="review-retention",
        help="The chance of recalling a card when it comes up. Higher means more reviews.",
    )
    if st.button(
        "Save desired retention",
        key="review-retention-save",
        disabled=abs(retention - settings.desired_retention) < 1e-9,
    ):
        _apply(_save_retention)

st.subheader("Same-day steps and daily limits", divider="gray")
limits = review_limits.team_form(settings, key="review-limits")
if limits is not None:
    _apply(_save_limits)

st.subheader("Workload at other desired retentions", divider="gray")
st.caption(
    "Estimated by simulation: from each reviewed card's current FSRS memory state, the card "
    "is reviewed whenever it falls due at that retention and is recalled with the probability "
    "FSRS predicts (fixed random seed), over the next 90 days; past 1,000 cards, a fixed "
    "random sample of them stands for the rest. Dark bar: the retention in use."
)
review_charts.workload(workload, current=settings.desired_retention, key="review-workload")

review_charts.forecast_and_retention(days, weeks, team=True, key="review-team")

review_fit.act(review_fit.show(settings, key="review"), viewer, today=today, saved=SAVED)

st.subheader("A person's own parameters", divider="gray")
team = {p.id: p.name for p in load(lambda s: list_people(s, viewer.team_id))}
whose = st.columns([2, 3])[0].selectbox(
    "Whose parameters",
    list(team),
    format_func=lambda pid: "You" if pid == viewer.id else team[pid],
    key="review-own-person",
    help="Someone with a long history may be better served by parameters fitted to them "
    "alone; the team's stay everyone else's.",
)
review_fit.person_section(viewer, whose, name=team[whose], key=f"review-own-{whose}")
