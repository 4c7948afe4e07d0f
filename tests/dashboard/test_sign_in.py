"""Sign-in through an OpenID Connect provider, and demo mode answering this machine only."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.components.sign_in import is_local
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
from tests.search.factories import demo_index  # noqa: F401 (fixture)

LEARNER_EMAIL = "aisha.khan@lumen.example"
# Demo notes (search/content/demo-notes): Aisha's own private note, Diego's private note and
# the 1:1 notes of a pair she is not in.
AISHA_PRIVATE = "Study notes — cosine, dot product, L2"
DIEGO_PRIVATE = "My study notes on index families"
PAIR_OF_OTHERS = "Ben ↔ Lars: questions on chunking and where I'm stuck"


@pytest.mark.parametrize(
    ("address", "local"),
    [
        (None, True),  # Streamlit reports loopback connections as None
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("192.168.1.20", False),
        ("10.0.0.7", False),
        ("2001:db8::1", False),
        ("not an address", False),
    ],
)
def test_only_loopback_counts_as_this_machine(address: str | None, local: bool) -> None:
    assert is_local(address) is local


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
