"""Evidence to review: quiz or peer evidence above a person's official level, each with a
one-click "confirm" that records it as the viewer's rating (a mentor's or a lead's)."""

from __future__ import annotations

import streamlit as st

from assessments.ratings import EvidenceToReview, confirm_evidence
from assessments.rules import LEVEL_NAMES
from dashboard import resources
from dashboard.components import saving
from storage.people import PersonRef

# Enough to act on in one sitting; the matrix shows every waiting cell with its ↑.
SHOWN = 8


def show(
    waiting: list[EvidenceToReview],
    *,
    viewer: PersonRef,
    mentor_of: dict[int, int | None],
    key: str,
) -> None:
    """A line per waiting cell, newest first, with "Confirm" where the viewer may rate (the
    person's mentor, or a lead); `mentor_of` maps person id to their mentor's id."""
    saving.flash(key=key)
    if not waiting:
        st.caption(
            "No quiz, practical or peer evidence above an official level is waiting for review."
        )
        return
    for item in waiting[:SHOWN]:
        text_col, button_col = st.columns([5, 2], vertical_alignment="center")
        text_col.markdown(
            f"**{item.person_name}** · {item.competency_name}: {item.summary}",
        )
        if viewer.is_lead or mentor_of.get(item.person_id) == viewer.id:
            level = LEVEL_NAMES[item.evidence_level]
            if button_col.button(
                f"Confirm {level}",
                key=f"{key}-{item.person_id}-{item.competency_key}",
                icon=":material/task_alt:",
                help="Record it as your rating; the official level becomes this one.",
            ):
                saving.save(
                    lambda s, item=item: confirm_evidence(
                        s,
                        actor=viewer,
                        person_id=item.person_id,
                        competency_key=item.competency_key,
                        at=resources.now(),
                    ),
                    key=key,
                    message=lambda rated, name=item.person_name: (
                        f"{rated.competency_name}: you rated {name} {LEVEL_NAMES[rated.level]}."
                    ),
                )
    if len(waiting) > SHOWN:
        st.caption(f"And {len(waiting) - SHOWN} more: each is marked ↑ on the competency matrix.")
