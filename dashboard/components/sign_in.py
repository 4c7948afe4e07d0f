"""Who is using the app: the person the team's identity provider signed in, or, in demo mode
without sign-in, whoever the "viewing as" picker names — but only on this machine."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import NoReturn
from urllib.parse import urlsplit

import streamlit as st
from streamlit import runtime
from streamlit.runtime.agent.interaction import AgentSessionClient
from streamlit.runtime.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

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


# Headers a proxy adds (a browser never sends them): with any of them, someone else's request
# may be arriving through this machine.
PROXY_HEADERS = frozenset(
    {"forwarded", "via", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip"}
)


@dataclass(frozen=True)
class Request:
    """Where the request behind a run came from, as the server saw it."""

    peer: str | None  # the TCP peer's address; None when the server has none
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names
    agent_api: bool = False  # a call to Streamlit's agent API, not a browser
    # Streamlit's in-process test harness (AppTest) runs the script itself: no server, no
    # network, so no one else can be behind it.
    in_process: bool = False


def _names_this_machine(host: str | None) -> bool:
    """Whether a host name (from a Host or Origin header) is `localhost` or a loopback address."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_local(request: Request) -> bool:
    """Whether the request provably comes from a browser on this machine.

    Anything that cannot be proven is not local: no peer address, a call through the agent
    API, any header a proxy adds, or a page opened under another name than `localhost` or a
    loopback address (a proxy on this machine that forwards without saying so).
    """
    if request.in_process:
        return True
    if request.agent_api or request.peer is None:
        return False
    if PROXY_HEADERS & set(request.headers):
        return False
    try:
        if not ipaddress.ip_address(request.peer).is_loopback:
            return False
    except ValueError:
        return False
    host = urlsplit("//" + request.headers.get("host", "")).hostname
    origin = request.headers.get("origin")
    return _names_this_machine(host) and (
        origin is None or _names_this_machine(urlsplit(origin).hostname)
    )


def this_request() -> Request:
    """The request of the current run, read from Streamlit's own record of the connection.

    `st.context.ip_address` is not enough: it says None both for loopback and for a caller
    with no address at all (the agent API).
    """
    context = get_script_run_ctx()
    if context is None or not runtime.exists():
        return Request(peer=None)
    server = runtime.get_instance()
    if type(server) is not Runtime:  # AppTest's stand-in runtime: the harness, in process
        return Request(peer=None, in_process=True)
    client = server.get_client(context.session_id)
    connection = client.client_context if client is not None else None
    if connection is None:
        return Request(peer=None)
    return Request(
        peer=connection.remote_ip,
        headers={name.lower(): value for name, value in connection.headers},
        agent_api=isinstance(client, AgentSessionClient),
    )


def settings_that_break_locality() -> list[str]:
    """Server settings under which a request from elsewhere can look like one from here."""
    problems = []
    if st.get_option("server.enableAgentApi"):
        problems.append(
            "`server.enableAgentApi` is on: Streamlit's agent API lets programs drive the app "
            "over HTTP, with no browser and no address to check."
        )
    if os.environ.get("FORWARDED_ALLOW_IPS"):
        problems.append(
            "`FORWARDED_ALLOW_IPS` is set: the server then believes the address a proxy (or "
            "anyone posing as one) writes in `X-Forwarded-For`."
        )
    return problems


def refuse_unless_on_this_machine() -> None:
    """Without sign-in anyone could pick anyone, so only a browser on this machine may use the
    app, and only under settings where that can be checked."""
    problems = settings_that_break_locality()
    if problems:
        show_alone(
            partial(_demo_mode_cannot_start, problems),
            title="Demo mode cannot start",
            url_path="demo-mode-refused",
        )
    if not is_local(this_request()):
        show_alone(_demo_mode_refused, title="Sign-in is not set up", url_path="no-sign-in")


def _demo_mode_cannot_start(problems: list[str]) -> None:
    st.title("Demo mode cannot start with these settings")
    st.error(
        "This Proficio runs in demo mode, where anyone can view the app as anyone, so it "
        "answers only a browser on the machine it runs on. These settings make that "
        "impossible to check:\n\n" + "\n".join(f"- {p}" for p in problems),
        icon=":material/lock:",
    )
    st.markdown(
        "Turn them off and restart, and open the app at `http://localhost:8501` on this "
        "machine. Never put demo mode behind a proxy. To open Proficio to your team, set up "
        "sign-in instead (the README's *Sign-in* section):"
    )
    st.code(SECRETS_EXAMPLE, language="toml")


def _demo_mode_refused() -> None:
    st.title("Sign-in is not set up")
    st.error(
        "This Proficio runs in demo mode, where anyone can view the app as anyone. It only "
        "answers a browser on the machine it runs on, opened at `localhost`, with no proxy "
        "in between.",
        icon=":material/lock:",
    )
    st.markdown(
        "To open it to your team, the person who runs it adds your identity provider "
        "(OpenID Connect: Google, Microsoft Entra, Okta, Keycloak …) to "
        "`.streamlit/secrets.toml` and restarts it; everyone then signs in with their work "
        "account. The README's *Sign-in* section has the details."
    )
    st.code(SECRETS_EXAMPLE, language="toml")


def email_is_vouched_for(claims: Mapping[str, object], auth_secrets: Mapping[str, object]) -> bool:
    """Whether the identity provider vouches for the signed-in email: its `email_verified`
    claim is true, or the claim is missing and the provider's section of secrets.toml (`[auth]`
    for the one provider, `[auth.<name>]` for a named one) says `trust_unverified_email = true`
    (for a provider that verifies addresses but sends no such claim). A claim that is false,
    or anything but `true`, is never trusted."""
    verified = claims.get("email_verified")
    if verified is True:
        return True
    if verified is not None:
        return False
    provider = str(claims.get("provider") or "default")
    section = auth_secrets if provider == "default" else auth_secrets.get(provider)
    return isinstance(section, Mapping) and section.get("trust_unverified_email") is True


def signed_in_email() -> str:
    """The email the identity provider vouches for ("" if none or not vouched for); shows the
    sign-in page and stops the run while nobody is signed in."""
    if not st.user.is_logged_in:
        show_alone(_sign_in_page, title="Sign in", url_path="sign-in")
    if not email_is_vouched_for(st.user.to_dict(), st.secrets.get("auth", {})):
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
    claimed = str(st.user.get("email") or "")
    if not email and claimed:
        st.warning(
            f"You signed in as **{claimed}**, but your identity provider did not confirm "
            "that this address is yours (no `email_verified`), so Proficio cannot let it pick "
            "a person. Sign in with an account whose address your provider has verified; the "
            "person who runs Proficio can find the details in the README's *Sign-in* section.",
            icon=":material/person_off:",
        )
    else:
        st.warning(
            f"You signed in as **{email or 'an account without an email address'}**, but no "
            "active member of a team in Proficio has that email. Ask your team lead to add "
            "you on **Team members** with this address, then sign in again.",
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
