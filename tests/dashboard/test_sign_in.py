"""Sign-in through an OpenID Connect provider, and demo mode answering this machine only."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlmodel import Session, select
from streamlit import config
from streamlit.testing.v1 import AppTest

from dashboard.components.sign_in import Request, email_is_vouched_for, is_local
from storage.engine import make_engine
from storage.models import Person, Team
from storage.settings import get_settings
from tests.dashboard.apptest import APP, TIMEOUT_S
from tests.dashboard.browser import (
    CHROMIUM,
    SCREENSHOTS,
    assert_no_errors,
    chromium,
    free_port,
    open_page,
    provider,  # noqa: F401 (fixture)
    serve_app,
    settle,
    sign_in_as,
    write_auth_secrets,
)
from tests.factories import demo_index  # noqa: F401 (fixture)

LEARNER_EMAIL = "aisha.khan@lumen.example"
# Demo notes (bootstrap/demo/content/demo-notes): Aisha's own private note, Diego's private note and
# the 1:1 notes of a pair she is not in.
AISHA_PRIVATE = "Study notes — cosine, dot product, L2"
DIEGO_PRIVATE = "My study notes on index families"
PAIR_OF_OTHERS = "Ben ↔ Lars: questions on chunking and where I'm stuck"


LOCAL_BROWSER = {"host": "localhost:8501", "origin": "http://localhost:8501"}


def _request(peer: str | None = "127.0.0.1", **headers: str) -> Request:
    return Request(peer=peer, headers={**LOCAL_BROWSER, **headers})


@pytest.mark.parametrize(
    ("request_", "local"),
    [
        # A browser on this machine, opened at localhost or a loopback address.
        (_request("127.0.0.1"), True),
        (_request("127.0.0.2"), True),
        (_request("::1", host="[::1]:8501", origin="http://[::1]:8501"), True),
        (_request(host="127.0.0.1:8501", origin="http://127.0.0.1:8501"), True),
        (_request(host="LOCALHOST:8501"), True),
        # Streamlit's in-process harness: no server, no network.
        (Request(peer=None, in_process=True), True),
        # Another machine, or an address that is not one.
        (_request("192.168.1.20"), False),
        (_request("10.0.0.7"), False),
        (_request("2001:db8::1"), False),
        (_request("not an address"), False),
        # No peer address: nothing proves where the request came from.
        (_request(None), False),
        (Request(peer=None), False),
        # The agent API: a program, not a browser, with no address (even if one were given).
        (Request(peer=None, headers=LOCAL_BROWSER, agent_api=True), False),
        (Request(peer="127.0.0.1", headers=LOCAL_BROWSER, agent_api=True), False),
        # Any proxy header: someone else's request may be passing through this machine, and
        # with FORWARDED_ALLOW_IPS=* a spoofed X-Forwarded-For: 127.0.0.1 looks like loopback.
        (_request(**{"x-forwarded-for": "127.0.0.1"}), False),
        (_request(**{"x-forwarded-for": "203.0.113.9"}), False),
        (_request(forwarded="for=127.0.0.1"), False),
        (_request(**{"x-real-ip": "127.0.0.1"}), False),
        (_request(via="1.1 nginx"), False),
        (_request(**{"x-forwarded-host": "proficio.example.com"}), False),
        # A proxy on this machine that adds no header still shows the name the page was
        # opened under.
        (_request(host="proficio.example.com"), False),
        (_request(origin="https://proficio.example.com"), False),
        (_request(host="192.168.1.20:8501", origin="http://192.168.1.20:8501"), False),
        (Request(peer="127.0.0.1", headers={}), False),  # no Host header at all
    ],
)
def test_demo_mode_answers_only_a_browser_it_can_prove_is_on_this_machine(
    request_: Request, local: bool
) -> None:
    assert is_local(request_) is local


def _demo_app(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(data_dir))
    monkeypatch.setenv("PROFICIO_DEMO", "1")
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    return AppTest.from_file(APP, default_timeout=TIMEOUT_S)


def _refused_for(at: AppTest, setting: str) -> None:
    assert not at.exception
    assert at.title[0].value == "Demo mode cannot start with these settings"
    assert setting in at.error[0].value
    assert "Never put demo mode behind a proxy" in at.markdown[0].value
    assert not at.selectbox  # no "Viewing as" picker: nobody lands as anyone


def test_demo_mode_refuses_to_start_with_streamlits_agent_api_on(
    demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _demo_app(demo_data_dir, monkeypatch)
    config.set_option("server.enableAgentApi", True)
    try:
        at.run()
    finally:
        config.set_option("server.enableAgentApi", False)
    _refused_for(at, "server.enableAgentApi")


def test_demo_mode_refuses_to_start_when_the_server_trusts_forwarded_addresses(
    demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _demo_app(demo_data_dir, monkeypatch)
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")
    at.run()
    _refused_for(at, "FORWARDED_ALLOW_IPS")


def test_demo_mode_opens_on_this_machine_with_safe_settings(
    demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    at = _demo_app(demo_data_dir, monkeypatch).run()
    assert not at.exception
    assert at.title[0].value == "Home"
    assert at.selectbox(key="viewer_id-picker").value is not None


def _needs_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium")


@pytest.fixture(scope="module")
def signed_in_app(
    provider: str,  # noqa: F811 (the fixture imported above)
    demo_index: Path,  # noqa: F811 (the demo team with its search index built)
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The demo team's app with an `[auth]` section pointing at the local provider."""
    port = free_port()
    folder = tmp_path_factory.mktemp("sign-in")
    secrets = write_auth_secrets(folder, port=port, provider=provider)
    with serve_app(
        demo_index, folder / "streamlit.log", port=port, extra=("--secrets.files", str(secrets))
    ):
        yield f"http://localhost:{port}"


@pytest.mark.browser
def test_a_known_email_signs_in_as_that_person_and_signs_out(signed_in_app: str) -> None:
    _needs_chromium()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1400})  # type: ignore[attr-defined]
        page.goto(signed_in_app, timeout=180_000)
        settle(page)
        assert page.get_by_role("heading", name="Welcome to Proficio").is_visible()
        page.screenshot(path=str(SCREENSHOTS / "sign-in.png"))

        sign_in_as(page, signed_in_app, LEARNER_EMAIL)
        assert_no_errors(page, "signed in")
        sidebar = page.locator("[data-testid='stSidebar']")
        assert "Signed in as Aisha Khan" in sidebar.inner_text()
        assert page.get_by_role("combobox", name="Viewing as").count() == 0
        assert page.get_by_role("heading", name="Home").is_visible()  # the learner's home
        assert page.get_by_text("Hello Aisha").is_visible()
        page.screenshot(path=str(SCREENSHOTS / "signed-in-learner.png"))

        sidebar.get_by_role("button", name="Sign out").click()
        # Streamlit ends the session at the provider too; the mock asks to confirm that.
        page.get_by_role("button", name="End session").click(timeout=60_000)
        page.goto(signed_in_app)  # the app's cookie is gone: it asks to sign in again
        settle(page)
        assert page.get_by_role("button", name="Sign in").is_visible()


@pytest.mark.browser
def test_a_signed_in_learner_sees_her_own_private_notes_but_no_one_elses(
    signed_in_app: str,
) -> None:
    _needs_chromium()
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1400})  # type: ignore[attr-defined]
        sign_in_as(page, signed_in_app, LEARNER_EMAIL)

        open_page(page, "Notes")
        picker = page.get_by_role("combobox", name="Open a note")
        found = {}
        for typed in ("study notes", "questions on chunking"):  # the list is long: filter it
            picker.click()
            page.keyboard.type(typed)
            found[typed] = page.get_by_role("option").all_inner_texts()
            page.keyboard.press("Escape")
        assert AISHA_PRIVATE in found["study notes"]
        assert DIEGO_PRIVATE not in found["study notes"]
        assert PAIR_OF_OTHERS not in found["questions on chunking"]

        open_page(page, "Knowledge search")
        search = page.get_by_role("textbox", name="Search")
        queries = (
            "my study notes on index families",
            "questions on chunking and where I'm stuck",
            "cosine dot product L2 study notes",
        )
        shown = ""
        for query in queries:
            search.fill(query)
            search.press("Enter")
            # A new answer has a new caption ("N results by Hybrid in M ms").
            page.wait_for_function(
                "previous => [...document.querySelectorAll('[data-testid=\"stCaptionContainer\"]')]"
                ".some(e => e.innerText.includes('results by') && e.innerText !== previous)",
                arg=shown,
                timeout=120_000,
            )
            settle(page)
            shown = page.get_by_text(re.compile("results by")).first.inner_text()
            assert_no_errors(page, f"search for {query!r}")
            results = page.locator("[data-testid='stMain']").inner_text()
            assert "results by" in results
            assert DIEGO_PRIVATE not in results
            assert PAIR_OF_OTHERS not in results
        assert AISHA_PRIVATE in results
        page.screenshot(path=str(SCREENSHOTS / "signed-in-learner-search.png"))


@pytest.mark.browser
def test_an_unknown_email_is_told_to_ask_the_lead(signed_in_app: str) -> None:
    _needs_chromium()
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        sign_in_as(page, signed_in_app, "stranger@elsewhere.example")
        main = page.locator("[data-testid='stMain']").inner_text()
        assert "You are not on a team in Proficio yet" in main
        assert "stranger@elsewhere.example" in main
        assert "Ask your team lead" in main
        assert page.locator("[data-testid='stSidebarNav']").count() == 0  # no pages to open
        page.screenshot(path=str(SCREENSHOTS / "sign-in-unknown-email.png"))


def _this_machines_lan_address() -> str | None:
    """A non-loopback IPv4 address of this machine, if it has one (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 9))
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") or address == "0.0.0.0" else address


@pytest.mark.browser
def test_demo_mode_refuses_requests_from_other_machines(
    demo_data_dir: Path, tmp_path: Path
) -> None:
    _needs_chromium()
    lan = _this_machines_lan_address()
    if lan is None:
        pytest.skip("this machine has no non-loopback address to reach the app from")
    port = free_port()
    log = tmp_path / "streamlit.log"
    with serve_app(demo_data_dir, log, port=port, address="0.0.0.0"), chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        page.goto(f"http://{lan}:{port}", timeout=180_000)
        settle(page)
        main = page.locator("[data-testid='stMain']").inner_text()
        assert "Sign-in is not set up" in main
        assert page.get_by_role("combobox", name="Viewing as").count() == 0
        page.screenshot(path=str(SCREENSHOTS / "demo-mode-remote-refused.png"))

        page.goto(f"http://127.0.0.1:{port}", timeout=180_000)
        settle(page)
        assert page.get_by_role("combobox", name="Viewing as").count() == 1


# --- what sign-in trusts ------------------------------------------------------------------

AUTH_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-test-secret-0123456789",
    "client_id": "proficio",
    "client_secret": "proficio-test-secret",
    "server_metadata_url": "http://localhost:1/.well-known/openid-configuration",
}


@pytest.mark.parametrize(
    ("claims", "auth", "vouched"),
    [
        ({"email_verified": True}, AUTH_SECRETS, True),
        ({"email_verified": True, "provider": "okta"}, AUTH_SECRETS, True),
        # No claim at all: not vouched for, unless the provider's section says to trust it.
        ({}, AUTH_SECRETS, False),
        ({}, {**AUTH_SECRETS, "trust_unverified_email": True}, True),
        ({"provider": "default"}, {**AUTH_SECRETS, "trust_unverified_email": True}, True),
        ({"provider": "entra"}, {**AUTH_SECRETS, "entra": {"trust_unverified_email": True}}, True),
        ({"provider": "entra"}, {**AUTH_SECRETS, "trust_unverified_email": True}, False),
        ({"provider": "okta"}, {**AUTH_SECRETS, "entra": {"trust_unverified_email": True}}, False),
        ({}, {**AUTH_SECRETS, "trust_unverified_email": "yes"}, False),  # only a real true
        # A claim that is false, or anything but true, is never trusted.
        ({"email_verified": False}, AUTH_SECRETS, False),
        ({"email_verified": False}, {**AUTH_SECRETS, "trust_unverified_email": True}, False),
        ({"email_verified": "true"}, AUTH_SECRETS, False),
        ({"email_verified": 1}, AUTH_SECRETS, False),
    ],
)
def test_sign_in_trusts_an_email_only_when_the_provider_vouches_for_it(
    claims: dict[str, object], auth: dict[str, object], vouched: bool
) -> None:
    assert email_is_vouched_for(claims, auth) is vouched


def _signed_in_app(data_dir: Path, monkeypatch: pytest.MonkeyPatch, **user: object) -> AppTest:
    at = _demo_app(data_dir, monkeypatch)
    at.secrets["auth"] = AUTH_SECRETS
    at.user = {"is_logged_in": bool(user), **user}
    return at


def test_an_email_the_provider_does_not_vouch_for_picks_no_one(
    demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Aisha is on the demo team; an identity that claims her email without email_verified
    # must not become her.
    at = _signed_in_app(
        demo_data_dir, monkeypatch, email=LEARNER_EMAIL, name="Not Aisha", provider="default"
    ).run()
    assert not at.exception
    assert at.title[0].value == "You are not on a team in Proficio yet"
    assert "did not confirm that this address is yours" in at.warning[0].value
    assert "Hello Aisha" not in "\n".join(m.value for m in at.markdown)


def test_an_email_the_provider_vouches_for_signs_in_as_that_person(
    demo_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _signed_in_app(
        demo_data_dir, monkeypatch, email=LEARNER_EMAIL, email_verified=True, provider="default"
    ).run()
    assert not at.exception
    assert at.title[0].value == "Home"
    assert any("Signed in as **Aisha Khan**" in c.value for c in at.sidebar.caption)


def test_with_sign_in_configured_the_first_anonymous_visit_seeds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROFICIO_ADMIN_EMAILS", "")
    st.cache_resource.clear()  # the engine of another test's folder
    at = _signed_in_app(tmp_path, monkeypatch).run()  # PROFICIO_DEMO=1, nobody signed in
    assert not at.exception
    assert at.title[0].value == "Welcome to Proficio"
    assert at.button(key="sign-in").label == "Sign in"
    engine = make_engine(f"sqlite:///{tmp_path / 'proficio.db'}")
    try:
        with Session(engine) as session:
            assert session.exec(select(Team)).all() == []
            assert session.exec(select(Person)).all() == []
    finally:
        engine.dispose()
    st.cache_resource.clear()
