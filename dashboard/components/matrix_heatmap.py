"""The team's competency heatmap: people × competencies, coloured by level or by gap to target."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from assessments.freshness import FADING_MEAN_RECALL_BELOW, Freshness
from assessments.ratings import MatrixView, evidence_to_review
from assessments.rules import LEVEL_NAMES
from storage import formats
from storage.enums import CompetencyGroup, RaterKind
from storage.spreadsheets import write_csv

LEVEL_VIEW = "Level"
GAP_VIEW = "Gap to target"
VIEWS = [LEVEL_VIEW, GAP_VIEW]
GROUP_ORDER = list(CompetencyGroup)
GROUP_LABELS = {g: g.value.capitalize() for g in CompetencyGroup}
NO_EVIDENCE = "no evidence"
SOURCE_LABELS = {
    RaterKind.MENTOR: "mentor rating",
    RaterKind.LEAD: "lead rating",
    RaterKind.QUIZ: "passed quiz",
    RaterKind.PRACTICAL: "passed practical",
    RaterKind.PRESENTATION: "confirmed presentation",
    RaterKind.SELF: "self-rating",
    RaterKind.PEER: "peer rating",
}
NO_TARGET = "no target"
MEETS_TARGET = "meets target"
GAP_LABELS = [
    NO_TARGET,
    MEETS_TARGET,
    *(f"{n} level{'s' if n > 1 else ''} short" for n in range(1, 5)),
]
# Grey for "no evidence" stands apart from the blues of levels 0-4 (light to dark).
LEVEL_COLOURS = ["#d4d4d4", "#eef4f8", "#b9d3e2", "#7fa9c4", "#3f7899", "#1c4560"]
GAP_COLOURS = ["#f7f7f7", "#9fd4a6", "#fde3b0", "#f6ac64", "#e0642f", "#a8321c"]
CELL_PX = 54
ROW_PX = 30
LABEL_OVERHANG_PX = 110
FADING_MARK = "↓"
# Newer quiz or peer evidence above the official level, waiting for a mentor's review.
NEW_EVIDENCE_MARK = "↑"


def _level_mark(level: float | None) -> str:
    """A cell's level as drawn: "–" for no evidence. (A column holding None next to levels is
    read as floats with NaN, so 1 arrives as 1.0 and None as NaN.)"""
    return "–" if level is None or pd.isna(level) else str(int(level))


def level_label(level: int | None) -> str:
    return NO_EVIDENCE if level is None else LEVEL_NAMES[level]


def target_label(target: int, personal: bool) -> str:
    """ "advanced", or "advanced (personal)" where the person's development plan sets it."""
    return LEVEL_NAMES[target] + (" (personal)" if personal else "")


def personal_targets_note(
    matrix: MatrixView, *, people: Mapping[int, str], competencies: Mapping[str, str]
) -> None:
    """The cells whose target is the person's own, set by a goal of their development plan."""
    own = [
        f"{people[c.person_id]} · {competencies[c.competency_key]}: {LEVEL_NAMES[c.target]}"
        for c in matrix.cells.values()
        if c.personal_target and c.person_id in people
    ]
    if own:
        st.caption(
            "Personal targets (from development goals; they replace the role's target for "
            "that person in gaps, KPIs and the 1:1 agenda): " + "; ".join(own) + "."
        )


def gap_label(gap: int, target: int) -> str:
    return NO_TARGET if target == 0 else GAP_LABELS[gap + 1]


def freshness_label(fresh: Freshness | None) -> str:
    if fresh is None or fresh.mean_recall is None:
        return "no reviewed cards"
    label = f"{formats.percent(fresh.mean_recall)} predicted recall of {fresh.cards} cards"
    return label + (" — fading" if fresh.fading else "")


def cells_frame(
    matrix: MatrixView,
    *,
    job_roles: list[str],
    groups: list[CompetencyGroup],
    freshness: Mapping[tuple[int, str], Freshness] | None = None,
) -> pd.DataFrame:
    """One row per shown cell, people by name and competencies by group (empty filters: all).

    With `freshness`, each cell also says how well its review cards are remembered."""
    freshness = freshness or {}
    waiting = {(e.person_id, e.competency_key): e.summary for e in evidence_to_review(matrix)}
    people = [p for p in matrix.people if not job_roles or p.job_role in job_roles]
    competencies = sorted(
        (c for c in matrix.competencies if not groups or c.group in groups),
        key=lambda c: GROUP_ORDER.index(c.group),  # stable: keeps the framework's order
    )
    rows = []
    for person in people:
        for competency in competencies:
            cell = matrix.cells[(person.id, competency.key)]
            resolved = cell.resolved
            rows.append(
                {
                    "Person": person.name,
                    "Job role": person.job_role,
                    "Competency": competency.name,
                    "Group": GROUP_LABELS[competency.group],
                    "Level number": resolved.level,
                    "Level": level_label(resolved.level),
                    "Target": target_label(cell.target, cell.personal_target),
                    "Gap number": cell.gap,
                    "Gap": gap_label(cell.gap, cell.target),
                    "Source": SOURCE_LABELS[resolved.source] if resolved.source else "—",
                    "Self-rating": "not rated"
                    if resolved.self_level is None
                    else LEVEL_NAMES[resolved.self_level],
                    "As of": formats.day(resolved.as_of) if resolved.as_of else "—",
                    "Cards": freshness_label(freshness.get((person.id, competency.key))),
                    "Fading": bool(
                        (fresh := freshness.get((person.id, competency.key))) and fresh.fading
                    ),
                    "New evidence": waiting.get((person.id, competency.key), "—"),
                }
            )
    return pd.DataFrame(rows)


def fading_notes(
    freshness: Mapping[tuple[int, str], Freshness],
    *,
    people: Mapping[int, str],
    competencies: Mapping[str, str],
) -> None:
    """A warning per fading cell, and what the ↓ on the heatmap means."""
    for fresh in (f for f in freshness.values() if f.fading and f.person_id in people):
        st.warning(
            f"**{people[fresh.person_id]}** · {competencies[fresh.competency_key]}: rated "
            f"{LEVEL_NAMES[fresh.official_level or 0]}, but the {fresh.cards} review cards "
            f"behind it are down to {formats.percent(fresh.mean_recall or 0)} predicted recall"
            " — fading.",
            icon=":material/trending_down:",
        )
    st.caption(
        f"{FADING_MARK} fading: rated advanced or above, but the review cards of the modules "
        f"behind it have mostly lapsed (mean predicted recall below "
        f"{formats.percent(FADING_MEAN_RECALL_BELOW)})."
    )


def export_frame(cells: pd.DataFrame, view: str) -> pd.DataFrame:
    """The grid as the heatmap shows it: a row per person, a column per competency."""
    if cells.empty:
        return pd.DataFrame()
    value = "Level" if view == LEVEL_VIEW else "Gap"
    grid = cells.pivot(index=["Person", "Job role"], columns="Competency", values=value)
    grid = grid[list(dict.fromkeys(cells["Competency"]))]  # heatmap order, not alphabetical
    return grid.reset_index().rename_axis(columns=None)


def show(
    matrix: MatrixView,
    *,
    view: str,
    job_roles: list[str],
    groups: list[CompetencyGroup],
    today: date,
    key: str,
    freshness: Mapping[tuple[int, str], Freshness] | None = None,
) -> pd.DataFrame:
    """Draw the heatmap for these filters and offer its grid as CSV; return that grid.

    In the level view, cells whose knowledge is fading (see `assessments.freshness`) carry a ↓
    after the level; every view's tooltip says how well the cells' review cards are recalled."""
    cells = cells_frame(matrix, job_roles=job_roles, groups=groups, freshness=freshness)
    if cells.empty:
        st.info("Nobody matches these filters; clear one to see the matrix again.")
        return pd.DataFrame()
    st.altair_chart(_chart(cells, view), key=key)
    grid = export_frame(cells, view)
    kind = "levels" if view == LEVEL_VIEW else "gaps"
    st.download_button(
        f"Download these {kind} as CSV",
        write_csv([str(c) for c in grid.columns], grid.itertuples(index=False, name=None)),
        file_name=f"competency-{kind}-{today:%Y-%m-%d}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"{key}-download",
        on_click="ignore",  # downloading changes nothing the page shows
    )
    return grid


def _chart(cells: pd.DataFrame, view: str) -> alt.FacetChart:
    by_level = view == LEVEL_VIEW
    field, labels, colours = (
        ("Level", [NO_EVIDENCE, *LEVEL_NAMES.values()], LEVEL_COLOURS)
        if by_level
        else ("Gap", GAP_LABELS, GAP_COLOURS)
    )
    cells = cells.assign(
        Mark=[
            (
                ("–" if pd.isna(level) else str(int(level)))
                if by_level
                else (str(gap) if gap else "")
            )
            + (FADING_MARK if fading and by_level else "")
            + (NEW_EVIDENCE_MARK if new != "—" else "")
            for level, gap, fading, new in zip(
                cells["Level number"],
                cells["Gap number"],
                cells["Fading"],
                cells["New evidence"],
                strict=True,
            )
        ],
        Dark=cells["Level number"].fillna(0) >= 3 if by_level else cells["Gap number"] >= 3,
    )
    order = list(dict.fromkeys(cells["Competency"]))
    people = sorted(set(cells["Person"]))
    base = alt.Chart().encode(
        x=alt.X(
            "Competency:N",
            sort=order,
            title=None,
            # Angled labels never touch, so Vega's overlap culling must not hide any of them.
            axis=alt.Axis(
                orient="top", labelAngle=-40, labelLimit=220, labelFontSize=12, labelOverlap=False
            ),
        ),
        y=alt.Y(
            "Person:N", sort=people, title=None, axis=alt.Axis(labelFontSize=12, labelLimit=200)
        ),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=2, cornerRadius=3).encode(
        color=alt.Color(
            f"{field}:N",
            scale=alt.Scale(domain=labels, range=colours),
            title="Level" if by_level else "Gap to target",
            legend=alt.Legend(
                orient="bottom",
                direction="horizontal",
                labelFontSize=12,
                symbolType="square",
                symbolSize=220,
                symbolStrokeColor="#bbbbbb",
                symbolStrokeWidth=0.5,
            ),
        ),
        tooltip=[
            "Person:N",
            "Job role:N",
            "Competency:N",
            alt.Tooltip("Level:N", title="Level"),
            alt.Tooltip("Target:N", title="Target"),
            alt.Tooltip("Gap:N", title="Gap"),
            alt.Tooltip("Source:N", title="Level from"),
            alt.Tooltip("As of:N", title="Rated on"),
            alt.Tooltip("Self-rating:N", title="Self-rating"),
            alt.Tooltip("Cards:N", title="Review cards"),
            alt.Tooltip("New evidence:N", title="To review"),
        ],
    )
    text = base.mark_text(fontSize=12).encode(
        text="Mark:N",
        color=alt.condition("datum.Dark", alt.value("white"), alt.value("#31333f")),
    )
    return (
        alt.layer(rect, text, data=cells)
        .properties(width=alt.Step(CELL_PX), height=alt.Step(ROW_PX))
        .facet(
            column=alt.Column(
                "Group:N",
                sort=[GROUP_LABELS[g] for g in GROUP_ORDER],
                title=None,
                header=alt.Header(labelFontSize=14, labelFontWeight="bold", labelOrient="bottom"),
            ),
            spacing=12,
        )
        .resolve_scale(x="independent")
        # Room on the right for the last angled competency name.
        .properties(padding={"left": 5, "top": 5, "bottom": 5, "right": LABEL_OVERHANG_PX})
    )
