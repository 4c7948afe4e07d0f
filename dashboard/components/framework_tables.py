"""Grids for the framework page: competencies with descriptors, role targets, and the preview
of an imported CSV."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from assessments.framework import CompetencyView, FrameworkRow, parse_framework_csv
from assessments.rules import LEVEL_NAMES
from storage.enums import CompetencyGroup
from storage.errors import InvalidInput
from storage.uploads import check_upload_size

GROUPS = [group.value for group in CompetencyGroup]  # as the CSV writes them


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


def import_preview(upload: UploadedFile) -> list[FrameworkRow] | None:
    """The competencies an uploaded CSV holds, shown as a table; or why it cannot be imported
    (every bad row and field, one per line) and None."""
    try:
        check_upload_size("The file", upload.size)
        rows = parse_framework_csv(upload.getvalue().decode("utf-8-sig"))
    except UnicodeDecodeError:
        st.error("The file is not UTF-8 text; save it as CSV UTF-8 and try again.")
        return None
    except InvalidInput as error:  # the file's problems, one " | " between each
        st.error(str(error).replace(" | ", "\n\n"))
        return None
    st.dataframe(
        pd.DataFrame([{"Key": r.key, "Name": r.name, "Group": r.group.value} for r in rows]),
        hide_index=True,
    )
    return rows
