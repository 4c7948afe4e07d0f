"""Fitting FSRS to the team's history: what is in use, a pending proposal, fit/accept/discard."""

from __future__ import annotations

from enum import StrEnum

import streamlit as st

from reviews.policy import ReviewSettings
from storage import formats


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
