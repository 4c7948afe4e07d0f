"""Download buttons for the reports; each file is built only when its button is clicked.

A click downloads and nothing else (`on_click="ignore"`): a rerun after each click would give
every button of the page a new file id, and a second click before the browser had them
(another report within a second) asked for an id already gone, so that download was dropped.
"""

from __future__ import annotations

import re

import streamlit as st

from dashboard import resources
from insights.reports import (
    TeamReport,
    development_report,
    development_report_csv,
    development_report_html,
    team_report_csv,
    team_report_html,
)
from storage.people import PersonRef


def file_stem(name: str) -> str:
    """A file name part from a person's or team's name (letters, digits, dashes)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "report"


def team(report: TeamReport, *, key: str) -> None:
    stem = f"team-report-{file_stem(report.team)}-{report.today:%Y-%m-%d}"
    html_col, csv_col, _ = st.columns([2, 2, 3])
    html_col.download_button(
        "Printable report (HTML)",
        data=lambda: team_report_html(report),
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/print:",
        key=f"{key}-html",
        help="Open it in a browser and print it, or save it as PDF from the print dialog.",
    )
    csv_col.download_button(
        "Every number (CSV)",
        data=lambda: team_report_csv(report),
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key=f"{key}-csv",
    )


def development(viewer: PersonRef, person_id: int, *, name: str, key: str) -> None:
    """Current levels against target, history, plan and reviews for one person (`name` names
    the files)."""

    def build() -> tuple[str, str]:
        # Built when the person clicks, outside the page's run, so a read-only unit of its own
        # rather than `load` (whose refusal is drawn on the page being run).
        with resources.session(writes=False) as session:
            report = development_report(
                session,
                actor=viewer,
                person_id=person_id,
                today=resources.today(viewer),
                now=resources.now(),
            )
        return development_report_html(report), development_report_csv(report)

    stem = f"development-{file_stem(name)}-{resources.today(viewer):%Y-%m-%d}"
    html_col, csv_col, _ = st.columns([2, 2, 3])
    html_col.download_button(
        "Printable report (HTML)",
        data=lambda: build()[0],
        file_name=f"{stem}.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/print:",
        key=f"{key}-html",
    )
    csv_col.download_button(
        "Report data (CSV)",
        data=lambda: build()[1],
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key=f"{key}-csv",
    )
