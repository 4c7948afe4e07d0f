"""Serving the app with `streamlit run` and driving it in Debian's Chromium, for browser tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.start import free_port, healthy, stop

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
START_TIMEOUT_S = 300
# Flags this machine's closed network needs (see README, "Browser test").
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip the calling test module without Chromium; in CI its absence is a failure."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail("CI must install Debian's chromium for the browser test", pytrace=False)
    pytest.skip("needs /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)


@contextmanager
def serve_app(
    data_dir: Path,
    log_path: Path,
    *,
    port: int,
    address: str = "127.0.0.1",
    extra: tuple[str, ...] = (),
    demo: bool = True,
    env_extra: dict[str, str] | None = None,
) -> Iterator[str]:
    """`streamlit run dashboard/app.py` on `data_dir`, as `make run` starts it (`demo`: an
    empty folder gets the demo team; else the setup page); yields its URL."""
    env = {**os.environ, "PROFICIO_DATA_DIR": str(data_dir), "PROFICIO_DEMO": "1" if demo else "0"}
    env.update(env_extra or {})
    env.pop("PROFICIO_DATABASE_URL", None)
    command = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py"]
    command += ["--server.port", str(port), "--server.address", address, *extra]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + START_TIMEOUT_S
            while not healthy(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not start; see {log_path}")
                time.sleep(0.5)
            yield url
        finally:
            stop(process)


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def settle(page: object, *, timeout_s: float = 120) -> None:
    """Wait until Streamlit has finished running the page script and drawn its title.

    The first page of a fresh data folder also seeds the demo while the search index starts
    building: give that one `timeout_s=START_TIMEOUT_S`.
    """
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_s * 1000)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMain\"] h1')",
        timeout=timeout_s * 1000,
    )
    page.wait_for_timeout(1500)  # type: ignore[attr-defined]  # charts finish drawing
    # A long first run (a cold start's first page) may still be going with no status widget
    # shown yet: wait for the script itself to have finished.
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        ".getAttribute('data-test-script-state') === 'notRunning'",
        timeout=timeout_s * 1000,
    )


def open_page(page: object, title: str) -> None:
    """Open `title` from the sidebar and wait until that page is drawn (a click's rerun may
    start late on a busy machine, after `settle` has already seen the old page finish)."""
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title, exact=True).click()  # type: ignore[attr-defined]
    wait_for_title(page, title)


def wait_for_title(page: object, title: str) -> None:
    """Wait until the page drawn is `title`, then until it has finished drawing."""
    page.locator("[data-testid='stMain'] h1").filter(has_text=title).first.wait_for(  # type: ignore[attr-defined]
        timeout=START_TIMEOUT_S * 1000
    )
    settle(page, timeout_s=START_TIMEOUT_S)


def assert_no_errors(page: object, what: str) -> None:
    errors = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")  # type: ignore[attr-defined]
    assert errors.count() == 0, f"{what}: {errors.first.inner_text()}"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A local OpenID Connect provider where any email can sign in (oidc-provider-mock)."""
    from oidc_provider_mock import run_server_in_thread

    with run_server_in_thread(port=free_port()) as server:
        yield f"http://localhost:{server.server_port}"


def write_auth_secrets(folder: Path, *, port: int, provider: str) -> Path:
    """A secrets.toml whose `[auth]` section points the app on `port` at `provider`."""
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        'cookie_secret = "a-long-random-test-secret-0123456789"\n'
        'client_id = "proficio"\n'
        'client_secret = "proficio-test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    return secrets


def _vouch_at_provider(provider_page_url: str, email: str, *, verified: bool) -> None:
    """Give the mock provider's user `email` the claims a real provider sends: the email, and
    whether it verified it (the mock sends no `email_verified` unless told)."""
    parts = urllib.parse.urlsplit(provider_page_url)
    request = urllib.request.Request(
        f"{parts.scheme}://{parts.netloc}/users/{urllib.parse.quote(email)}",
        data=json.dumps({"email": email, "email_verified": verified}).encode(),
        headers={"Content-Type": "application/json"},
        method="PUT",
    )
    with urllib.request.urlopen(request, timeout=10):
        pass  # the PUT itself is the point: the mock provider now holds the identity


def sign_in_as(page: object, app: str, email: str, *, verified: bool = True) -> None:
    """Open the app, press Sign in and sign in at the mock provider with `email` (which the
    provider says it verified, unless `verified` is False)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(app, timeout=180_000)  # type: ignore[attr-defined]
    settle(page)
    # On a server that has just started, the first click can land while the session is
    # still connecting and go unanswered; the person would click again, and so does the test.
    for attempt in range(3):
        page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
        try:
            page.wait_for_selector("input[name=sub]", timeout=30_000)  # type: ignore[attr-defined]
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    _vouch_at_provider(page.url, email, verified=verified)  # type: ignore[attr-defined]
    page.fill("input[name=sub]", email)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Authorize").click()  # type: ignore[attr-defined]
    settle(page)


def viewing_as(page: object) -> str:
    """Who the app is viewed as, "Ben Carter · learner" (without the team the picker adds when
    there are several, as in the demo)."""
    value = page.get_by_role("combobox", name="Viewing as").input_value()  # type: ignore[attr-defined]
    return " · ".join(str(value).split(" · ")[:2])


def choose_viewer(page: object, label: str) -> None:
    """Pick `label` ("Ben Carter · learner") in the sidebar's "Viewing as" picker. The name is
    typed first, so the option is drawn whatever its place in a long (virtualised) list, and
    the pick is tried again if a rerun closed the list before the option could be clicked."""
    picker = page.get_by_role("combobox", name="Viewing as")  # type: ignore[attr-defined]
    for _ in range(3):
        if viewing_as(page) == label:
            return
        picker.click()
        picker.fill(label.split(" · ")[0])
        option = page.get_by_role("option", name=label)  # type: ignore[attr-defined]
        try:
            option.click(timeout=20_000)
        except Exception:
            page.keyboard.press("Escape")  # type: ignore[attr-defined]
        settle(page)
    assert viewing_as(page) == label, f"could not view as {label}"
