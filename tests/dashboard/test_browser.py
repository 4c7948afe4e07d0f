"""The app served on 127.0.0.1 and driven in Debian's Chromium; a screenshot per page."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
START_TIMEOUT_S = 180
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

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail("CI must install Debian's chromium for the browser test", pytrace=False)
    pytest.skip("needs /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run` on an empty data folder, as a newcomer starts it: it seeds on start."""
    port = _free_port()
    data_dir = tmp_path_factory.mktemp("browser-data")
    env = {**os.environ, "PROFICIO_DATA_DIR": str(data_dir)}
    env.pop("PROFICIO_DATABASE_URL", None)
    log = (tmp_path_factory.mktemp("browser-log") / "streamlit.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard/app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"streamlit did not start; see {log.name}")
        time.sleep(0.5)
    yield url
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _settle(page: object) -> None:
    """Wait until Streamlit has finished running the page script."""
    page.wait_for_selector("[data-testid='stApp']", timeout=120_000)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMain\"] h1')",
        timeout=120_000,
    )
    page.wait_for_timeout(1500)  # type: ignore[attr-defined]  # charts finish drawing


def _choose_viewer(page: object, name: str) -> None:
    page.get_by_role("combobox", name="Viewing as").click()  # type: ignore[attr-defined]
    page.get_by_role("option", name=name).click()  # type: ignore[attr-defined]
    _settle(page)


def _assert_no_errors(page: object, what: str) -> None:
    errors = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")  # type: ignore[attr-defined]
    assert errors.count() == 0, f"{what}: {errors.first.inner_text()}"


# (viewer, page title in the sidebar or None for the landing page, screenshot name)
VISITS = [
    ("Priya Raman · team lead", None, "lead-matrix"),
    # Opening a search page starts the first index build in the background (see below).
    ("Priya Raman · team lead", "Search index", "lead-search-index"),
    ("Priya Raman · team lead", "People", "lead-people"),
    ("Priya Raman · team lead", "Competency framework", "lead-framework"),
    ("Priya Raman · team lead", "Curriculum", "lead-curriculum"),
    ("Priya Raman · team lead", "My learning", "lead-my-learning-empty"),
    ("Grace Okafor · mentor", None, "mentor-matrix"),
    ("Grace Okafor · mentor", "Assessments", "mentor-assessments"),
    ("Aisha Khan · learner", None, "learner-my-learning"),
    ("Aisha Khan · learner", "Assessments", "learner-assessments"),
    ("Ben Carter · learner", None, "learner-behind-my-learning"),
    ("Ben Carter · learner", "Notes", "learner-notes"),
    ("Aisha Khan · learner", "Knowledge search", "learner-search-empty"),
]
# The first index build embeds every demo note with the real model: minutes on a busy CI box.
INDEX_BUILD_TIMEOUT_S = 600


def test_every_page_opens_without_an_error(server: str, browser: object) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 2600})  # type: ignore[attr-defined]
    page.goto(server, timeout=180_000)
    _settle(page)
    for viewer, nav, shot in VISITS:
        if page.get_by_role("combobox", name="Viewing as").input_value() != viewer:
            _choose_viewer(page, viewer)
        if nav is not None:
            page.get_by_role("link", name=nav).click()
            _settle(page)
        _assert_no_errors(page, shot)
        page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"), full_page=True)
        if nav is not None:  # back to the landing page for the next viewer
            page.goto(server)
            _settle(page)
    page.get_by_role("link", name="Curriculum").click()
    _settle(page)
    page.get_by_role("tab", name="Module detail").click()
    page.wait_for_timeout(800)
    _assert_no_errors(page, "module detail")
    page.screenshot(path=str(SCREENSHOTS / "curriculum-module-detail.png"), full_page=True)
    _search_and_compare(page)
    page.close()


def _search_and_compare(page: object) -> None:
    """Ask the demo's question once the index is built, then compare the backends."""
    page.get_by_role("link", name="Knowledge search").click()  # type: ignore[attr-defined]
    _settle(page)
    box = page.get_by_role("textbox", name="Search")  # type: ignore[attr-defined]
    deadline = time.monotonic() + INDEX_BUILD_TIMEOUT_S
    while True:
        box.fill("how do I pick nprobe")
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        _settle(page)
        if page.get_by_text("results by Hybrid").count():  # type: ignore[attr-defined]
            break
        assert time.monotonic() < deadline, "the search index was not built in time"
        page.wait_for_timeout(5000)  # type: ignore[attr-defined]
        box.fill("")  # an emptied box makes the next Enter search again
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        _settle(page)
    _assert_no_errors(page, "search")
    first = page.locator("strong", has_text=re.compile(r"^1\. ")).first.inner_text()  # type: ignore[attr-defined]
    assert "nprobe" in first.lower(), f"first hit: {first}"
    page.screenshot(path=str(SCREENSHOTS / "search-results.png"), full_page=True)  # type: ignore[attr-defined]
    page.get_by_text("Compare FAISS, Chroma and hybrid").click()  # type: ignore[attr-defined]
    _settle(page)
    page.get_by_text("Overlap of the top 10").wait_for(timeout=120_000)  # type: ignore[attr-defined]
    _assert_no_errors(page, "search compare")
    page.screenshot(path=str(SCREENSHOTS / "search-compare.png"), full_page=True)  # type: ignore[attr-defined]
