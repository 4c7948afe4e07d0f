"""The lead's alerts, each with a link to the page where it is acted on; a link about one
person opens that page on them."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.components import mentee_picker
from insights.kpis import Alert, AlertKind

HEADINGS = {
    AlertKind.SINGLE_PERSON: ("Single-person skills", ":material/person_alert:"),
    AlertKind.FADING: ("Fading skills", ":material/trending_down:"),
    AlertKind.EVIDENCE_TO_REVIEW: ("Evidence to review", ":material/task_alt:"),
    AlertKind.INACTIVE: ("No learning logged for 14 days", ":material/hourglass_empty:"),
    AlertKind.OVERDUE_ONE_ON_ONE: ("Overdue 1:1s", ":material/event_busy:"),
    AlertKind.REVIEW_BACKLOG: ("Review backlogs", ":material/style:"),
}
# Where each alert is acted on, the session-state key that opens that page on a person, and
# the link's label ({name}: the person's name).
TARGETS = {
    AlertKind.SINGLE_PERSON: ("pages/matrix_page.py", None, "Open the matrix"),
    AlertKind.FADING: ("pages/matrix_page.py", "matrix-person", "{name} on the matrix"),
    AlertKind.EVIDENCE_TO_REVIEW: ("pages/matrix_page.py", None, "Open the matrix"),
    AlertKind.INACTIVE: ("pages/people_page.py", "people-detail", "{name} in People"),
    AlertKind.OVERDUE_ONE_ON_ONE: ("pages/session_page.py", None, "{name}'s next 1:1"),
    AlertKind.REVIEW_BACKLOG: ("pages/reviews_page.py", "reviews-person", "{name}'s reviews"),
}
HELP = {
    AlertKind.REVIEW_BACKLOG: "Opens Reviews; their forecast and retention are on its second tab."
}


def _open(alert: Alert) -> None:
    page, state_key, _label = TARGETS[alert.kind]
    if alert.kind == AlertKind.OVERDUE_ONE_ON_ONE and alert.person_id is not None:
        mentee_picker.remember(alert.person_id)
    elif state_key is not None:
        st.session_state[state_key] = alert.person_id
    st.switch_page(page)


def show(alerts: Sequence[Alert], *, key: str) -> None:
    """Alerts grouped by kind, in the order of HEADINGS; says so when there are none."""
    if not alerts:
        st.success("Nothing needs your attention today.", icon=":material/check_circle:")
        return
    for kind, (heading, icon) in HEADINGS.items():
        mine = [a for a in alerts if a.kind == kind]
        if not mine:
            continue
        page, _state_key, label = TARGETS[kind]
        with st.container(border=True):
            st.markdown(f"{icon} **{heading}** ({len(mine)})")
            for n, alert in enumerate(mine):
                text_col, link_col = st.columns([3, 1], vertical_alignment="center")
                text_col.markdown(alert.text)
                if alert.person_id is None:
                    link_col.page_link(page, label=label, icon=":material/arrow_forward:")
                elif link_col.button(
                    label.format(name=alert.person_name),
                    key=f"{key}-{kind.value}-{n}",
                    icon=":material/arrow_forward:",
                    help=HELP.get(kind),
                    type="tertiary",
                ):
                    _open(alert)
