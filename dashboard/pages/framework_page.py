"""Competency framework (leads): competencies and descriptors, CSV, role targets, weights."""

import streamlit as st

from assessments.framework import (
    CSV_COLUMNS,
    TargetChange,
    export_framework_csv,
    job_roles,
    list_competencies,
    parse_framework_csv,
    role_targets,
    save_framework,
    set_role_targets,
    set_team_weights,
    team_weights,
)
from assessments.rules import DIMENSION_LABELS, DIMENSIONS, LEVEL_NAMES
from dashboard import resources
from dashboard.components import framework_tables, saving
from dashboard.components.loading import load
from storage import formats
from storage.spreadsheets import write_csv
from storage.uploads import MAX_UPLOAD_MB, UPLOAD_LIMIT

viewer = resources.viewer()
st.title("Competency framework")
if not viewer.is_lead:
    st.info("Only a team lead can change the framework. The matrix shows what it holds.")
    st.stop()


def _targets_message(changes: list[TargetChange]) -> str:
    if not changes:
        return "No target changed, so nothing was saved."
    listed = "\n".join(f"- {change}" for change in changes)
    return f"{len(changes)} target(s) saved:\n{listed}"


competencies, targets, weights, roles, csv_text = load(
    lambda s: (
        list_competencies(s, viewer.team_id),
        role_targets(s, viewer.team_id),
        team_weights(s, viewer.team_id),
        job_roles(s, viewer.team_id),
        export_framework_csv(s, viewer.team_id),
    )
)

# Keyed and tracked, so a save's rerun comes back to the tab the person was on.
edit_tab, csv_tab, targets_tab, weights_tab = st.tabs(
    ["Competencies", "Import / export CSV", "Role targets", "Assessment weights"],
    key="framework-tabs",
    on_change="rerun",
)

with edit_tab:
    saving.flash(key="framework-competencies")
    st.caption(
        "Edit names, groups and what each level looks like; add a row for a new competency. "
        "Competencies are never deleted, because ratings point at them."
    )
    edited = framework_tables.competency_editor(competencies, key="framework-editor")
    if st.button("Save competencies", type="primary", key="framework-save"):
        # The same CSV a download gives, cells marked as text, so what was typed is what is saved.
        text = write_csv(CSV_COLUMNS, edited[list(CSV_COLUMNS)].fillna("").astype(str).values)
        saving.save(
            lambda s: save_framework(
                s, actor=viewer, rows=parse_framework_csv(text), now=resources.now()
            ),
            key="framework-competencies",
            message=str,
        )

with csv_tab:
    saving.flash(key="framework-import")
    st.download_button(
        "Download the framework as CSV",
        csv_text,
        file_name="competency-framework.csv",
        mime="text/csv",
        key="framework-download",
        on_click="ignore",  # downloading changes nothing the page shows
    )
    upload = st.file_uploader(
        f"Import a framework CSV ({UPLOAD_LIMIT})",
        type=["csv"],
        max_upload_size=MAX_UPLOAD_MB,
        key="framework-upload",
    )
    rows = framework_tables.import_preview(upload) if upload is not None else None
    if rows is not None and st.button(f"Import {len(rows)} competencies", key="framework-import"):
        saving.save(
            lambda s: save_framework(s, actor=viewer, rows=rows, now=resources.now()),
            key="framework-import",
            message=lambda saved: f"Import of {len(rows)} competencies: {saved}",
        )

with targets_tab:
    saving.flash(key="framework-targets")
    st.caption(
        "For each job role, the level each competency should reach: "
        + ", ".join(f"{n} {name}" for n, name in LEVEL_NAMES.items())
        + "."
    )
    grid = framework_tables.target_editor(competencies, roles, targets, key="targets-editor")
    if st.button("Save targets", type="primary", key="targets-save"):
        new_targets = framework_tables.targets_from_grid(grid, competencies)
        saving.save(
            lambda s: set_role_targets(s, actor=viewer, targets=new_targets, at=resources.now()),
            key="framework-targets",
            message=_targets_message,
        )

with weights_tab:
    saving.flash(key="framework-weights")
    st.caption("How much each dimension counts in a multi-dimensional assessment (sum to 1).")
    new_weights = {
        d: st.number_input(
            DIMENSION_LABELS[d], 0.0, 1.0, float(weights[d]), step=0.05, key=f"weight-{d}"
        )
        for d in DIMENSIONS
    }
    st.caption(f"Sum: {sum(new_weights.values()):.2f}")
    if st.button("Save weights", type="primary", key="weights-save"):
        saving.save(
            lambda s: set_team_weights(s, actor=viewer, weights=new_weights, now=resources.now()),
            key="framework-weights",
            message="Weights saved: "
            + ", ".join(
                f"{DIMENSION_LABELS[d].lower()} {formats.percent(new_weights[d])}"
                for d in DIMENSIONS
            )
            + ".",
        )
