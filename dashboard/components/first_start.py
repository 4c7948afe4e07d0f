"""The first start on an empty database: explore the demo team, or set up your own."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from bootstrap.database import set_up_demo, set_up_team
from curriculum.loader import DEFAULT_CURRICULUM_DIR
from dashboard import resources
from dashboard.components.plain_text import plain
from storage.errors import ProficioError

BUILT_IN = "The built-in course: Vector databases for teams"
FOLDER = "A folder of curriculum YAML on this machine"


def show(*, signed_in_email: str | None) -> None:
    """The setup page. `signed_in_email`: the admin who signed in (sign-in configured), who
    can set up a team as its lead but never seed the demo; None in demo mode."""
    st.title("Welcome to Proficio")
    st.write(
        "This Proficio has no team yet. Look around a demo team first, or set up your own: "
        "you become its lead and its organisation admin, then add your people one by one or "
        "from a CSV file."
    )
    if signed_in_email is None:
        demo, own = st.columns(2)
        with demo.container(border=True):
            _demo_choice()
        with own.container(border=True):
            _own_team_form(signed_in_email=None)
    else:
        _own_team_form(signed_in_email=signed_in_email)


def _demo_choice() -> None:
    st.subheader("Explore the demo team", anchor=False)
    st.write(
        "Search Platform: twelve people with six months of history, mentoring plans, "
        "reviews and notes. Pick whose eyes to look through in the sidebar. Your own team "
        "can be set up later on a fresh data folder."
    )
    if st.button("Explore the demo team", key="setup-demo", icon=":material/groups:"):
        with st.spinner("Seeding the demo team (about ten seconds)…"):
            try:
                set_up_demo(resources.engine(), today=resources.server_today())
            except ProficioError as error:
                st.error(str(error))
                return
        resources.forget_team_figures()
        st.rerun()


def _own_team_form(*, signed_in_email: str | None) -> None:
    st.subheader("Set up my team", anchor=False)
    with st.form("setup-team", enter_to_submit=False):
        team_name = st.text_input("Team name", key="setup-team-name", max_chars=120)
        lead_name = st.text_input("Your name", key="setup-lead-name", max_chars=120)
        if signed_in_email is None:
            email = st.text_input(
                "Your email",
                key="setup-lead-email",
                max_chars=254,
                help="The address you will sign in with once sign-in is set up.",
            )
        else:
            email = signed_in_email
            st.text_input("Your email", value=email, disabled=True, key="setup-lead-email-fixed")
        source = st.radio("Curriculum", [BUILT_IN, FOLDER], key="setup-curriculum")
        folder = st.text_input(
            "Curriculum folder",
            key="setup-curriculum-folder",
            placeholder=str(DEFAULT_CURRICULUM_DIR),
            help="Used when you choose a folder: curriculum.yaml, competencies.yaml and "
            "modules/, laid out as the built-in course is.",
        )
        submitted = st.form_submit_button("Set up my team", type="primary", key="setup-team-submit")
    if not submitted:
        return
    if source == FOLDER and not folder.strip():
        st.error("Name the curriculum folder, or choose the built-in course.")
        return
    try:
        with st.spinner("Loading the curriculum and creating your team…"):
            lead = set_up_team(
                resources.engine(),
                team_name=team_name,
                lead_name=lead_name,
                lead_email=email,
                curriculum_dir=Path(folder.strip()).expanduser() if source == FOLDER else None,
                now=resources.now(),
            )
    except ProficioError as error:
        st.error(str(error))  # the form keeps what was typed
        return
    st.session_state[resources.VIEWER_KEY] = lead.id
    st.session_state["setup-done-flash"] = (
        f"Your team {plain(team_name.strip())} is set up with you as its lead. Add your people on "
        "**Team members**."
    )
    resources.forget_team_figures()
    st.rerun()


def flash() -> None:
    """The confirmation the setup left for the first page after it."""
    text = st.session_state.pop("setup-done-flash", None)
    if text:
        st.success(text, icon=":material/check_circle:")


def not_set_up_yet(email: str) -> None:
    """What a signed-in person who is not an admin sees before anyone set Proficio up."""
    st.title("Proficio is not set up yet")
    st.info(
        f"You signed in as **{email}**. An organisation admin (listed in "
        "PROFICIO_ADMIN_EMAILS) sets up the first team; ask them, then sign in again.",
        icon=":material/hourglass_empty:",
    )
    st.button("Sign out", icon=":material/logout:", key="sign-out", on_click=st.logout)
