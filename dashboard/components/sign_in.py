"""Who is using the app: the person the team's identity provider signed in, or, in demo mode
without sign-in, whoever the "viewing as" picker names — but only on this machine."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import partial
from typing import NoReturn

import streamlit as st

from storage.people import PersonRef

SECRETS_EXAMPLE = """\
[auth]
redirect_uri = "https://proficio.example.com/oauth2callback"
cookie_secret = "a long random string"
client_id = "…"
client_secret = "…"
server_metadata_url = "https://your-idp.example.com/.well-known/openid-configuration"
"""


def configured() -> bool:
    """Whether `.streamlit/secrets.toml` has an `[auth]` section, which turns sign-in on."""
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


def is_local(ip_address: object) -> bool:
    """Whether a request comes from this machine.

    Streamlit gives the TCP peer's address as a string, or None for loopback; its in-process
    test harness (AppTest) has no peer at all and gives a stand-in object.
    """
    if not isinstance(ip_address, str):
        return True
    try:
        return ipaddress.ip_address(ip_address).is_loopback
    except ValueError:
        return False


def refuse_remote_in_demo_mode() -> None:
    """Without sign-in anyone could pick anyone, so only this machine may use the app."""
    if not is_local(st.context.ip_address):
        show_alone(_demo_mode_refused, title="Sign-in is not set up", url_path="no-sign-in")


def _demo_mode_refused() -> None:
    st.title("Sign-in is not set up")
    st.error(
        "This Proficio runs in demo mode, where anyone can view the app as anyone. It only "
        "answers requests from the machine it runs on.",
        icon=":material/lock:",
    )
    st.markdown(
        "To open it to your team, the person who runs it adds your identity provider "
        "(OpenID Connect: Google, Microsoft Entra, Okta, Keycloak …) to "
        "`.streamlit/secrets.toml` and restarts it; everyone then signs in with their work "
        "account. The README's *Sign-in* section has the details."
    )
    st.code(SECRETS_EXAMPLE, language="toml")


def signed_in_email() -> str:
    """The email the identity provider vouches for ("" if none or unverified); shows the
    sign-in page and stops the run while nobody is signed in."""
    if not st.user.is_logged_in:
        show_alone(_sign_in_page, title="Sign in", url_path="sign-in")
    if st.user.get("email_verified") is False:
        return ""
    return str(st.user.get("email") or "")


def _sign_in_page() -> None:
    st.title("Welcome to Proficio")
    st.write("Sign in with your work account to see your team's training.")
    if st.button("Sign in", type="primary", icon=":material/login:", key="sign-in"):
        st.login()


def signed_in_person(find_by_email: Callable[[str], PersonRef | None]) -> PersonRef:
    """The person behind the signed-in email, with a sign-out button in the sidebar.

    Shows the sign-in page, or the "ask your lead" page for an email Proficio does not know
    (or whose person has left), and stops the run there.
    """
    email = signed_in_email()
    person = find_by_email(email) if email else None
    if person is None:
        show_alone(
            partial(_not_on_a_team, email), title="Not on a team yet", url_path="not-on-a-team"
        )
    assert person is not None  # show_alone stops the run
    st.sidebar.caption(f"Signed in as **{person.name}** ({person.email})")
    sign_out_button(in_sidebar=True)
    return person


def _not_on_a_team(email: str) -> None:
    st.title("You are not on a team in Proficio yet")
    st.warning(
        f"You signed in as **{email or 'an account without an email address'}**, but no "
        "active member of a team in Proficio has that email. Ask your team lead to add you "
        "on **Team members** with this address, then sign in again.",
        icon=":material/person_off:",
    )
    sign_out_button(in_sidebar=False)


def sign_out_button(*, in_sidebar: bool) -> None:
    where = st.sidebar if in_sidebar else st.container()
    where.button("Sign out", icon=":material/logout:", key="sign-out", on_click=st.logout)


def show_alone(page: Callable[[], None], *, title: str, url_path: str) -> NoReturn:
    """Run `page` as the app's only page, with no page list to open, and end the run.

    Its widgets are drawn inside the navigation's own page, never before it: drawn before,
    they would belong to the page the browser asked for in this run and to the navigation's
    page in the next, so the first click on them (a form's submit) would be lost. Without a
    navigation of its own, Streamlit would list the files of dashboard/pages/.
    """
    st.navigation(
        [st.Page(page, title=title, url_path=url_path, default=True)], position="hidden"
    ).run()
    st.stop()
    raise AssertionError("st.stop() ends the run")  # for type checkers
