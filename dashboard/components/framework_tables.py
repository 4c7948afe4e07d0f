"""Editable grids for the framework page: competencies with descriptors, and role targets."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assessments.framework import CompetencyView
from assessments.rules import LEVEL_NAMES

GROUPS = ["technical", "business", "leadership"]


def competency_editor(competencies: list[CompetencyView], *, key: str) -> pd.DataFrame:
    """The framework as an editable grid (one row per competency; rows can be added)."""
    frame = pd.DataFrame(
        [
            {
                "key": c.key,
                "name": c.name,
                "group": c.group.value,
                "description": c.description,
                **{LEVEL_NAMES[level]: c.descriptors.get(level, "") for level in (1, 2, 3, 4)},
            }
            for c in competencies
        ]
    )
    return st.data_editor(
        frame,
        key=key,
        num_rows="add",
        height=38 + 35 * (len(frame) + 1),  # every row and the empty "add" row, no inner scroll
        hide_index=True,
        column_config={
            "key": st.column_config.TextColumn(
                "Key", help="lower-case-with-dashes; fixed once used"
            ),
            "name": st.column_config.TextColumn("Name"),
            "group": st.column_config.SelectboxColumn("Group", options=GROUPS, required=True),
            "description": st.column_config.TextColumn("Description", width="medium"),
            **{
                LEVEL_NAMES[level]: st.column_config.TextColumn(LEVEL_NAMES[level].capitalize())
                for level in (1, 2, 3, 4)
            },
        },
    )


def target_editor(
    competencies: list[CompetencyView],
    roles: list[str],
    targets: dict[tuple[str, str], int],
    *,
    key: str,
) -> pd.DataFrame:
    """Job roles × competencies, each cell the target level 0-4."""
    frame = pd.DataFrame(
        [
            {"Job role": role, **{c.name: targets.get((role, c.key), 0) for c in competencies}}
            for role in roles
        ]
    )
    return st.data_editor(
        frame,
        key=key,
        hide_index=True,
        disabled=["Job role"],
        column_config={
            c.name: st.column_config.NumberColumn(c.name, min_value=0, max_value=4, step=1)
            for c in competencies
        },
    )


def targets_from_grid(
    grid: pd.DataFrame, competencies: list[CompetencyView]
) -> dict[tuple[str, str], int]:
    """Read the edited grid back into (job role, competency key) → level."""
    by_name = {c.name: c.key for c in competencies}
    targets: dict[tuple[str, str], int] = {}
    for _, row in grid.iterrows():
        for name, key in by_name.items():
            value = row[name]
            targets[(str(row["Job role"]), key)] = int(value) if pd.notna(value) else 0
    return targets
