"""Start: from `streamlit run` to the first page drawn in a browser, on an empty data folder
(cold: migrations, demo seeding, then the first index build in the background) and on the same
folder again (warm).

    python -m bench start [--quick]

Each run starts `streamlit run dashboard/app.py` in a new process, loads the app in Debian's
Chromium and stops the clock when the landing page has finished running and drawn its title.
Cold runs also report when the first search index build has saved its files (the app starts it
in the background on first start, so the first page does not wait for it). `--quick` makes one
cold and one warm run and does not wait for the index; the full run three of each.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.harness import Figure
from search.indexing import INDEX_FOLDER, MANIFEST_FILE

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
START_LIMIT_S = 300
COLD_TARGET_S = 60
WARM_TARGET_S = 10
# The landing page is drawn: Streamlit's "running" widget is gone and the page has its title.
DRAWN = (
    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    " && document.querySelector('[data-testid=\"stMain\"] h1')"
)


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(url: str) -> bool:
    """Whether the Streamlit server at `url` answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask a server to stop; kill it if it has not stopped after 20 s."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def served(data_dir: Path) -> Iterator[tuple[str, float]]:
    """Start the app on `data_dir`; yields its URL and the moment the process was started."""
    port = free_port()
    env = {**os.environ, "PROFICIO_DATA_DIR": str(data_dir), "PROFICIO_DEMO": "1"}  # make run
    env.pop("PROFICIO_DATABASE_URL", None)
    command = [sys.executable, "-m", "streamlit", "run", "dashboard/app.py"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--server.headless", "true"]
    log = (data_dir.parent / f"{data_dir.name}-streamlit.log").open("w")
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        while not healthy(url):
            if process.poll() is not None or time.perf_counter() - started > START_LIMIT_S:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.1)
        yield url, started
    finally:
        stop(process)
        log.close()


def _one_start(
    browser: object, data_dir: Path, *, wait_for_index: bool
) -> tuple[float, float | None]:
    """Seconds to the first page drawn, and (cold) to the first index build saved."""
    with served(data_dir) as (url, started):
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(url)
        page.wait_for_function(DRAWN, timeout=START_LIMIT_S * 1000)
        first_page = time.perf_counter() - started
        page.close()
        index_ready = None
        if wait_for_index:
            manifest = data_dir / INDEX_FOLDER / MANIFEST_FILE
            while not manifest.exists():
                if time.perf_counter() - started > START_LIMIT_S:
                    raise RuntimeError("the first index build did not finish")
                time.sleep(0.2)
            index_ready = time.perf_counter() - started
    return first_page, index_ready


def run(quick: bool) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        print("start: needs /usr/bin/chromium; skipped", file=sys.stderr)
        return []
    repeats = 1 if quick else 3
    cold, index_ready, warm = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(repeats):
                data_dir = Path(tempfile.mkdtemp(prefix="proficio-bench-start-")) / "data"
                first, ready = _one_start(browser, data_dir, wait_for_index=not quick)
                cold.append(first)
                if ready is not None:
                    index_ready.append(ready)
                for _ in range(repeats):
                    warm.append(_one_start(browser, data_dir, wait_for_index=False)[0])
        finally:
            browser.close()
    runs = f"median of {len(cold)} cold and {len(warm)} warm starts"
    figures = [
        Figure(
            "start",
            "cold start to first page (empty data folder)",
            statistics.median(cold),
            "s",
            target=f"≤ {COLD_TARGET_S}",
            note=runs,
        ),
        Figure(
            "start",
            "warm start to first page",
            statistics.median(warm),
            "s",
            target=f"≤ {WARM_TARGET_S}",
            note=runs,
        ),
    ]
    if index_ready:
        figures.insert(
            1,
            Figure(
                "start",
                "cold start to first index build saved",
                statistics.median(index_ready),
                "s",
                note="built in the background while the first page is already usable",
            ),
        )
    return figures
