"""Import people from CSV: upload, read the preview (every change, every problem by row and
column), then apply all of it or nothing."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import resources
from dashboard.components import saving
from dashboard.components.loading import load
from storage.people import PersonRef
from storage.people_csv import (
    EXPORT_COLUMNS,
    ChangeKind,
    ImportPlan,
    apply_people_import,
    plan_people_import,
)
from storage.roster import TeamRef
from storage.uploads import MAX_UPLOAD_MB, UPLOAD_LIMIT

EXAMPLE = (
    "name,email,role,job_role,mentor_email\n"
    "Ana Costa,ana.costa@example.com,mentor,Backend engineer,\n"
    "Ben Okafor,ben.okafor@example.com,learner,Data engineer,ana.costa@example.com\n"
)


def show(*, actor: PersonRef, team: TeamRef, key: str) -> None:
    """The upload, its preview and the import button, for rows without a team into `team`."""
    st.markdown(
        f"Columns: `{','.join(EXPORT_COLUMNS[:5])}`, and optionally `team` (else "
        f"**{team.name}**) and `joined_on` (YYYY-MM-DD). UTF-8 (with or without BOM), commas or "
        f"semicolons, {UPLOAD_LIMIT}. A known email updates that "
        "person; people the file leaves out are not changed. Nothing is imported while any row "
        "has a problem."
    )
    with st.expander("An example file"):
        st.code(EXAMPLE, language=None)
    upload = st.file_uploader(
        f"People CSV ({UPLOAD_LIMIT})",
        type=["csv", "txt"],
        max_upload_size=MAX_UPLOAD_MB,
        key=f"{saving.form_key(key)}-file",
    )
    if upload is None:
        return
    data = upload.getvalue()
    plan = load(lambda s: plan_people_import(s, actor=actor, data=data, team=team.name))
    if not plan.ok:
        _problems(plan, key=key)
        return
    st.success(f"Ready: {plan.summary}. Nothing is saved until you import.")
    _changes(plan, key=key)
    todo = plan.count(ChangeKind.ADD) + plan.count(ChangeKind.UPDATE)
    label = f"Import {todo} change{'' if todo == 1 else 's'}"
    if st.button(label, key=f"{key}-apply", type="primary", disabled=not todo):
        saving.save(
            lambda s: apply_people_import(
                s, actor=actor, data=data, team=team.name, now=resources.now()
            ),
            key="members",
            message=lambda applied: f"Imported {upload.name}: {applied.done_summary}.",
            reset=[key],
        )


def _problems(plan: ImportPlan, *, key: str) -> None:
    st.error(
        f"Nothing can be imported yet: {len(plan.problems)} problem(s). Fix them in the file "
        "and upload it again.",
        icon=":material/block:",
    )
    if len(plan.problems) == 1 and plan.problems[0].row == 0:
        st.write(plan.problems[0].why)
        return
    st.dataframe(
        pd.DataFrame(
            [
                {"Row": p.row or None, "Column": p.column, "Value": p.value, "Why": p.why}
                for p in plan.problems
            ]
        ),
        hide_index=True,
        key=f"{key}-problems",
    )


def _changes(plan: ImportPlan, *, key: str) -> None:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Row": c.row,
                    "Change": str(c.kind),
                    "Name": c.name,
                    "Email": c.email,
                    "Team": c.team,
                    "What changes": "; ".join(c.changes),
                }
                for c in plan.changes
            ]
        ),
        hide_index=True,
        key=f"{key}-preview",
    )
