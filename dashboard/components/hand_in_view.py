"""Read-only views of practical work (the Practical work page): an assignment's brief and
rubric, the assignments' list, a hand-in's versions with their files, and the rubric readings
of each version side by side."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from assessments.practical import (
    AssignmentView,
    GradeView,
    HandInRow,
    HandInView,
    VersionView,
    WaitingHandIn,
    hand_in_file,
)
from assessments.rubrics import RUBRIC_SCORES, CriterionScore
from assessments.rules import LEVEL_NAMES
from dashboard import resources
from dashboard.components import note_text
from storage import formats
from storage.enums import RaterKind
from storage.people import PersonRef
from storage.time_zones import local_day

_READER = {
    RaterKind.SELF: "Self",
    RaterKind.PEER: "Peer",
    RaterKind.MENTOR: "Mentor",
    RaterKind.LEAD: "Lead",
}


def score_label(score: int) -> str:
    """A rubric score as people read it: "3 · Meets"."""
    return f"{score} · {RUBRIC_SCORES[score]}"


def brief_and_rubric(assignment: AssignmentView, *, expanded: bool) -> None:
    """The brief (markdown) and the rubric: each criterion against the four scores."""
    st.caption(
        f"{assignment.for_label} · a pass is practical evidence at "
        f"**{LEVEL_NAMES[assignment.evidence_level]}** level"
    )
    with st.expander("Brief", expanded=expanded, icon=":material/description:"):
        note_text.show(assignment.brief)
    with st.expander("Rubric", expanded=expanded, icon=":material/table:"):
        rows = {
            c.criterion: {score_label(n): c.levels.get(n, "") for n in RUBRIC_SCORES}
            for c in assignment.criteria
        }
        st.table(pd.DataFrame.from_dict(rows, orient="index"))


def assignments_table(rows: list[HandInRow], zone: ZoneInfo) -> None:
    """Every assignment with where the person's hand-in stands."""
    st.dataframe(
        pd.DataFrame(
            {
                "For": [r.assignment.for_label for r in rows],
                "Assignment": [r.assignment.title for r in rows],
                "Status": [r.status.label for r in rows],
                "Versions": [r.versions for r in rows],
                "Last handed in": [
                    formats.moment(r.last_submitted_at.astimezone(zone))
                    if r.last_submitted_at
                    else "—"
                    for r in rows
                ],
            }
        ),
        hide_index=True,
        width="stretch",
        height="content",  # every assignment at once: a score or so, no inner scrolling
        column_config={  # pixels: every column in view at the usual width, titles cut short
            "For": st.column_config.TextColumn(width=190),
            "Assignment": st.column_config.TextColumn(width=340),
            "Status": st.column_config.TextColumn(width=170),
            "Versions": st.column_config.NumberColumn(width=70),
            "Last handed in": st.column_config.TextColumn(width=130),
        },
    )


def waited(item: WaitingHandIn, today: date, zone: ZoneInfo) -> str:
    """How long a hand-in has waited, in days: "waiting 3 days"."""
    days = (today - local_day(item.submitted_at, zone)).days
    if days <= 0:
        return "handed in today"
    return f"waiting {days} day{'s' if days != 1 else ''}"


def versions(view: HandInView, viewer: PersonRef, zone: ZoneInfo, *, key: str) -> None:
    """Every version, newest first and open, each with its link, files and readings."""
    for version in reversed(view.versions):
        newest = version.number == view.latest.number
        title = f"Version {version.number} · handed in {_when(version.submitted_at, zone)}"
        with st.expander(title, expanded=newest, icon=":material/inventory_2:"):
            _version(version, viewer, key=f"{key}-{version.number}")
            readings(view, version.number, zone)


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return formats.moment(moment.astimezone(zone))


def _version(version: VersionView, viewer: PersonRef, *, key: str) -> None:
    if version.text:
        with st.container(border=True):
            note_text.show(version.text)  # no image loaded; Streamlit shows any HTML as text
    if version.link:
        st.link_button(version.link, version.link, icon=":material/link:")
    for file in version.files:
        st.download_button(
            f"{file.name} ({_size(file.size)})",
            data=lambda file_id=file.id: _file_content(viewer, file_id),
            file_name=file.name,
            mime=file.media_type,
            on_click="ignore",
            icon=":material/download:",
            key=f"{key}-file-{file.id}",
        )


def _size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB"


def _file_content(viewer: PersonRef, file_id: int) -> bytes:
    with resources.session(writes=False) as session:
        return hand_in_file(session, actor=viewer, file_id=file_id)[2]


def _cell(score: CriterionScore | None) -> str:
    if score is None:
        return "—"
    return score_label(score.score) + (f" — {score.comment}" if score.comment else "")


def readings(view: HandInView, version_number: int, zone: ZoneInfo) -> None:
    """The self, peer and mentor or lead readings of one version, per criterion side by side
    (each reader's newest), then the result and the overall comments."""
    newest: dict[str, GradeView] = {}
    for grade in view.grades:
        if grade.version_number == version_number:
            newest[f"{_READER[grade.rater_kind]}: {grade.grader_name}"] = grade
    if not newest:
        st.caption("Not graded or assessed yet.")
        return
    table = {
        column: [_cell(grade.scores.get(c.key)) for c in view.assignment.criteria]
        for column, grade in newest.items()
    }
    index = [c.criterion for c in view.assignment.criteria]
    st.table(pd.DataFrame(table, index=index))
    for column, grade in newest.items():
        result = f" · **{grade.result.label}**" if grade.result else ""
        st.markdown(f"**{column}**{result} · {_when(grade.created_at, zone)}")
        if grade.comment:
            note_text.show(grade.comment)
