"""The Self-rating tab of the Assessments page: rate yourself against each competency's level
descriptors, beside your official level, and your levels against your role's targets."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from assessments.framework import CompetencyView
from assessments.ratings import add_rating, people_matrix
from assessments.rules import LEVEL_NAMES, ResolvedLevel
from dashboard import resources
from dashboard.components import progress_view, saving
from dashboard.components.assessment_result import level_label
from dashboard.components.loading import load
from storage.enums import CompetencyGroup, RaterKind
from storage.people import PersonRef

NOTE_MAX_CHARS = 2_000
GROUP_LABELS = {
    CompetencyGroup.TECHNICAL: "Technical",
    CompetencyGroup.BUSINESS: "Business",
    CompetencyGroup.LEADERSHIP: "Leadership",
}
SOURCE_LABELS = {
    RaterKind.MENTOR: "Mentor rating",
    RaterKind.LEAD: "Lead rating",
    RaterKind.QUIZ: "Quiz evidence",
    RaterKind.PRACTICAL: "Practical evidence",
    RaterKind.PRESENTATION: "Presentation evidence",
    RaterKind.SELF: "Self-rating",
    RaterKind.PEER: "Peer rating",
}


@dataclass(frozen=True)
class SelfRatingInput:
    competency_key: str
    level: int
    note: str


def show(viewer: PersonRef, competencies: list[CompetencyView], *, key: str) -> None:
    """The self-rating form (saved beside, never into, the official level), then your levels."""
    saving.flash(key=key)
    matrix = load(
        lambda s: people_matrix(s, actor=viewer, team_id=viewer.team_id, person_ids=[viewer.id])
    )
    mine = {k: c.resolved for (pid, k), c in matrix.cells.items() if pid == viewer.id}
    targets = {k: c.target for (pid, k), c in matrix.cells.items() if pid == viewer.id}
    personal = {k for (pid, k), c in matrix.cells.items() if pid == viewer.id and c.personal_target}
    st.info(
        "Your self-rating is shown beside your official level (the latest mentor or lead "
        "rating, or quiz evidence where there is none). It is never averaged into it.",
        icon=":material/balance:",
    )
    entry = None
    if not competencies:
        st.info("The competency framework is empty; a team lead adds competencies first.")
    else:
        entry = self_rating(competencies, mine, key=key)
    if entry is not None:
        official = mine[entry.competency_key].level if entry.competency_key in mine else None

        saving.save(
            lambda s: add_rating(
                s,
                actor=viewer,
                person_id=viewer.id,
                competency_key=entry.competency_key,
                level=entry.level,
                rater_kind=RaterKind.SELF,
                note=entry.note,
                created_at=resources.now(),
            ),
            key=key,
            reset=[f"{key}-form"],
            message=lambda rated: (
                f"Saved: you rate yourself {level_label(rated.level).lower()} in "
                f"{rated.competency_name}. Your official level stays "
                f"{level_label(official).lower()}."
            ),
        )
    st.subheader("Your levels", divider="gray")
    levels_table(competencies, mine, targets, personal, key=f"{key}-levels")


def self_rating(
    competencies: list[CompetencyView], resolved: dict[str, ResolvedLevel], *, key: str
) -> SelfRatingInput | None:
    """Pick a competency, read its level descriptors beside your official level, rate 0-4."""
    by_key = {c.key: c for c in competencies}
    chosen = str(
        st.selectbox(
            "Competency",
            list(by_key),
            format_func=lambda k: f"{by_key[k].name} · {GROUP_LABELS[by_key[k].group]}",
            key=f"{key}-competency",
        )
    )
    competency = by_key[chosen]
    level = resolved.get(chosen)
    official = level.level if level else None
    mine = level.self_level if level else None
    if competency.description:
        st.caption(competency.description)
    cols = st.columns(4)
    for col, number in zip(cols, (1, 2, 3, 4), strict=True):
        with col.container(border=True, height="stretch"):
            badges = []
            if official == number:
                badges.append(":blue-badge[Official level]")
            if mine == number:
                badges.append(":violet-badge[Your self-rating]")
            st.markdown(f"**{LEVEL_NAMES[number].capitalize()}** {' '.join(badges)}")
            st.caption(competency.descriptors.get(number, "No descriptor yet."))
    st.markdown(
        f"Official level: **{level_label(official)}** · your last self-rating: "
        f"**{level_label(mine) if mine is not None else 'none yet'}**"
    )
    # A refused rating keeps what was typed; a saved one (`saving.save(..., reset=
    # [f"{key}-form"])`) starts the form afresh from the latest self-rating.
    form = saving.form_key(f"{key}-form")
    with st.form(form):
        picked = st.radio(
            "Where do you stand?",
            list(LEVEL_NAMES),
            index=mine if mine is not None else 0,
            format_func=level_label,
            horizontal=True,
            key=f"{form}-level-{chosen}",
        )
        note = st.text_area(
            "Note (optional)",
            max_chars=NOTE_MAX_CHARS,
            placeholder="What makes you say so: a project, a review, an exercise…",
            height=80,
            key=f"{form}-note",
        )
        if not st.form_submit_button("Save my self-rating", type="primary"):
            return None
    return SelfRatingInput(chosen, int(picked), note or "")


def levels_table(
    competencies: list[CompetencyView],
    resolved: dict[str, ResolvedLevel],
    targets: dict[str, int],
    personal: set[str],
    *,
    key: str,
) -> None:
    """Official level, where it comes from, the self-rating beside it, and the role target."""
    rows = []
    for c in competencies:
        level = resolved.get(c.key)
        rows.append(
            {
                "Competency": c.name,
                "Group": GROUP_LABELS[c.group],
                "Official level": level_label(level.level if level else None),
                "From": SOURCE_LABELS[level.source] if level and level.source else "—",
                "Your self-rating": level_label(level.self_level)
                if level and level.self_level is not None
                else "Not rated",
                # Your development plan's target, where it sets one, else your role's.
                "Target": (
                    level_label(targets[c.key]) + (" (personal)" if c.key in personal else "")
                    if targets.get(c.key)
                    else "—"
                ),
            }
        )
    table = pd.DataFrame(rows)
    st.dataframe(table, hide_index=True, key=key, height=progress_view.table_height(len(table)))
