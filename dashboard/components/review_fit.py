"""Fitting FSRS: to the team's history (what is in use, a pending proposal, fit/accept/discard)
and to one person's own reviews (kept only when it predicts better)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import streamlit as st

from dashboard import resources
from dashboard.components import saving
from dashboard.components.loading import load_if_allowed
from reviews.policy import (
    ReviewSettings,
    accept_proposal,
    discard_proposal,
    fit_person,
    fit_team,
    keep_person_fit,
    keep_proposal,
    person_fit,
    use_team_parameters,
)
from storage import formats
from storage.people import PersonRef


class FitAction(StrEnum):
    FIT = "fit"
    ACCEPT = "accept"
    DISCARD = "discard"


def show(settings: ReviewSettings, *, key: str) -> FitAction | None:
    """The section; returns what the lead clicked (buttons `{key}-fit`, `-accept`, `-discard`)."""
    st.subheader("Fit FSRS to the team's own history", divider="gray")
    st.caption(
        "Fits on the earlier 70 % of the team's reviews and compares log loss (lower is better) "
        "of the parameters in use and the fitted ones on the later 30 %. Nothing changes until "
        "you accept. "
        + (
            "In use: parameters fitted to this team."
            if settings.fitted
            else "In use: FSRS's published default parameters."
        )
    )
    action = None
    if settings.proposal is not None:
        p = settings.proposal
        before, after = st.columns(2)
        before.metric("Log loss, parameters in use", f"{p.loss_before:.4f}")
        after.metric(
            "Log loss, fitted",
            f"{p.loss_after:.4f}",
            delta=f"{p.loss_after - p.loss_before:+.4f}",
            delta_color="inverse",
        )
        st.caption(f"Fitted on {formats.moment(p.proposed_at)} UTC.")
        accept_col, discard_col, _ = st.columns([1, 1, 3])
        if accept_col.button("Accept fitted parameters", type="primary", key=f"{key}-accept"):
            action = FitAction.ACCEPT
        if discard_col.button("Discard", key=f"{key}-discard"):
            action = FitAction.DISCARD
    if st.button("Fit now", key=f"{key}-fit", icon=":material/model_training:"):
        action = FitAction.FIT
    return action


def act(action: FitAction | None, viewer: PersonRef, *, today: date, saved: str) -> None:
    """Do what the lead clicked: fit (in a read-only unit: it takes seconds, reviews are saved
    meanwhile), then keep the proposal; accept it; or discard it. `saved`: the page's flash."""
    team_id = viewer.team_id
    if action == FitAction.ACCEPT:
        saving.save(
            lambda s: accept_proposal(
                s, actor=viewer, team_id=team_id, today=today, now=resources.now()
            ),
            key=saved,
            message=lambda moved: f"Fitted parameters in use; {moved} card schedules recomputed.",
        )
    elif action == FitAction.DISCARD:
        saving.save(
            lambda s: discard_proposal(s, actor=viewer, team_id=team_id, now=resources.now()),
            key=saved,
            message="Proposal discarded; the parameters in use stay.",
        )
    elif action == FitAction.FIT:
        with st.spinner("Fitting FSRS to the team's reviews…"):
            result = load_if_allowed(lambda s: fit_team(s, actor=viewer, team_id=team_id))
        if result is None:
            return
        saving.save(
            lambda s: keep_proposal(
                s, actor=viewer, team_id=team_id, result=result, now=resources.now()
            ),
            key=saved,
            message=f"Fitted in {result.fit_seconds:.0f} s; compare the log losses before "
            "accepting.",
        )


def person_section(viewer: PersonRef, person_id: int, *, name: str, key: str) -> None:
    """A person's own FSRS parameters: what is in use, the latest fit's figures, and buttons
    to fit (once they have the history) or go back to the team's (`{key}-fit`, `{key}-team`).
    `name`: "you" for oneself, else their name. Confirmations flash under `key`."""
    saving.flash(key=key)
    mine = person_id == viewer.id
    fit = load_if_allowed(lambda s: person_fit(s, actor=viewer, person_id=person_id))
    if fit is None:
        return
    whose = "your" if mine else f"{fit.person_name}'s"
    if fit.own_parameters and fit.in_use is not None:
        st.markdown(
            f"In use: **{whose} own parameters**, fitted on {formats.moment(fit.in_use.fitted_at)}"
            " UTC."
        )
        st.caption(fit.in_use.verdict)  # which measure decided, and how the other moved
    else:
        st.markdown(f"In use: **the team's parameters** for {name}.")
    if fit.latest is not None and fit.latest != fit.in_use:
        st.caption(f"Latest fit, {formats.moment(fit.latest.fitted_at)} UTC. {fit.latest.verdict}")
    st.caption(
        "Fits FSRS on the earlier 70 % of "
        + ("your" if mine else "their")
        + " reviews and scores it against the parameters in use on the later 30 % (log loss "
        "and RMSE, lower is better); the fit is kept only when its RMSE is lower."
    )
    if not fit.readiness.ready:
        st.info(
            f"{fit.reviews:,} reviews so far; not enough to fit yet: {fit.readiness.shortfall}."
        )
    fit_col, team_col, _ = st.columns([1, 1, 2])
    fit_clicked = fit_col.button(
        "Fit my own parameters" if mine else f"Fit {fit.person_name}'s own parameters",
        key=f"{key}-fit",
        icon=":material/model_training:",
        disabled=not fit.readiness.ready,
    )
    team_clicked = bool(fit.own_parameters) and team_col.button(
        "Use the team's parameters", key=f"{key}-team"
    )
    if team_clicked:
        saving.save(
            lambda s: use_team_parameters(
                s, actor=viewer, person_id=person_id, now=resources.now()
            ),
            key=key,
            message=lambda moved: (
                f"{'You schedule' if mine else fit.person_name + ' schedules'} with the team's "
                f"parameters again; {moved} card schedules recomputed."
            ),
        )
    if fit_clicked:
        with st.spinner(f"Fitting FSRS to {whose} reviews…"):
            result = load_if_allowed(lambda s: fit_person(s, actor=viewer, person_id=person_id))
        if result is None:
            return
        saving.save(
            lambda s: keep_person_fit(
                s, actor=viewer, person_id=person_id, result=result, now=resources.now()
            ),
            key=key,
            message=lambda shown: shown.latest.verdict if shown.latest else "",
        )
