"""The day's review limits: a team's same-day steps, new cards per day and leech threshold
(the lead's form), and a person's own new cards per day."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from reviews.policy import MAX_LEECH_LAPSES, MAX_NEW_CARDS_PER_DAY, NewCardsLimit, steps_text
from reviews.policy import ReviewSettings as Settings


@dataclass(frozen=True)
class TeamLimits:
    learning_steps: str  # as typed: minutes separated by spaces or commas
    relearning_steps: str
    new_cards_per_day: int
    leech_lapses: int  # the field names are `set_review_limits`' arguments


def _typed(steps: tuple[float, ...]) -> str:
    return " ".join(f"{m:g}" for m in steps)


def team_form(settings: Settings, *, key: str) -> TeamLimits | None:
    """The lead's form; returns what was typed once saved (the steps still as text)."""
    with st.form(key):
        st.caption(
            "Same-day steps, in minutes: a new card comes back after each learning step before "
            "its first interval of days, a forgotten card after each relearning step (FSRS's "
            "defaults: 1 10 and 10; leave empty for none). The fixed ladder keeps whole days. "
            "Changing them recomputes every card's next review from the kept reviews."
        )
        learning_col, relearning_col = st.columns(2)
        learning = learning_col.text_input(
            "Learning steps (minutes)", _typed(settings.learning_steps_minutes)
        )
        relearning = relearning_col.text_input(
            "Relearning steps (minutes)", _typed(settings.relearning_steps_minutes)
        )
        new_col, leech_col = st.columns(2)
        new = new_col.number_input(
            "New cards per day",
            0,
            MAX_NEW_CARDS_PER_DAY,
            settings.new_cards_per_day,
            help="For members who have not set their own on the Reviews page.",
        )
        leech = leech_col.number_input(
            "A card is a leech after this many lapses",
            1,
            MAX_LEECH_LAPSES,
            settings.leech_lapses,
            help="A leech is suspended, its learner told, and it shows in their 1:1 agenda.",
        )
        if st.form_submit_button("Save steps and limits"):
            return TeamLimits(learning, relearning, int(new), int(leech))
    return None


def summary(settings: Settings) -> str:
    return (
        f"learning steps {steps_text(settings.learning_steps_minutes)}; relearning steps "
        f"{steps_text(settings.relearning_steps_minutes)}; {settings.new_cards_per_day} new "
        f"cards per day; leeches after {settings.leech_lapses} lapses."
    )


def own_form(limit: NewCardsLimit, *, name: str, key: str) -> tuple[bool, int | None]:
    """A person's own new cards per day (`name`: "you" or theirs); returns (saved, value),
    the value None when they follow the team's."""
    with st.form(key):
        follow = st.checkbox(
            f"Follow the team's {limit.team} new cards a day",
            value=limit.own is None,
            help="Untick to set a number of one's own.",
        )
        value = st.number_input(
            f"New cards per day for {name}",
            0,
            MAX_NEW_CARDS_PER_DAY,
            limit.per_day,
            help="Used when not following the team's.",
        )
        if st.form_submit_button("Save new cards per day"):
            return True, None if follow else int(value)
    return False, None
