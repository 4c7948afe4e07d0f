"""Clicks in the browser: how long from a click to its result drawn, on the served demo.

In headless Chromium, a learner with a backlog reviews cards: **Show answer** (click → the
grade buttons drawn) and a grade (click → the next card, or the summary, drawn); logs an
activity on My learning (click → the confirmation drawn); runs a search (Enter → the results
drawn, the index built first); and a mentee adds a talking point to the next 1:1's shared agenda
on My mentoring (click → the confirmation drawn). The reference is a page switch (a sidebar
click → the other page drawn and finished), measured in the same run on the same server. The
server runs on this machine, so the figures include its share of the two cores; on a busy
machine all of them grow together.

Needs /usr/bin/chromium (skipped without it). The demo folder comes from the benchmarks'
cache (`bench.large_team.generated_data_dir`) and is copied, so reviewing changes nothing
there.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.harness import Figure
from bench.large_team import generated_data_dir
from bench.start import CHROMIUM, CHROMIUM_ARGS, served

LEARNER = "Ben Carter · learner"  # the demo's stalled learner: a backlog of due cards
MENTEE = "Aisha Khan · learner"  # has a 1:1 coming with her mentor
QUICK_CARDS, CARDS = 6, 30
QUICK_SWITCHES, SWITCHES = 3, 12
QUICK_ACTIONS, ACTIONS = 2, 20  # activities logged, searches run, talking points added
SEARCHES = (
    "how do I pick nprobe",
    "when should we rerank",
    "chunk size for support tickets",
    "what does recall at 10 mean",
    "HNSW memory per vector",
)
INDEX_BUILT_S = 900
CLICK_LIMIT_S = 60
# The page's script (or the card's fragment) has finished and nothing is running.
IDLE = (
    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    " && document.querySelector('[data-testid=\"stApp\"]')"
    ".getAttribute('data-test-script-state') === 'notRunning'"
)
GRADES_SHOWN = (
    "() => [...document.querySelectorAll('[data-testid=\"stMain\"] button')]"
    ".some(b => b.innerText.startsWith('Good'))"
)
CARD_OR_SUMMARY = (
    "(before) => { const t = document.querySelector('[data-testid=\"stMain\"]').innerText;"
    " return !t.includes(before) && (t.includes('Show answer') || t.includes('Check for more')); }"
)


# Watches the app's script state from the moment it is armed: `window.__proficioRan` turns
# true once a run starts, so "finished" below cannot be mistaken for the state before a click.
ARM = (
    "() => { window.__proficioRan = false;"
    " const app = document.querySelector('[data-testid=\"stApp\"]');"
    " new MutationObserver(() => { if (app.getAttribute('data-test-script-state') === 'running')"
    " window.__proficioRan = true; }).observe(app, {attributes: true}); }"
)
RAN = "() => window.__proficioRan === true"


def _wait(page: object, condition: str, arg: object = None) -> None:
    page.wait_for_function(condition, arg=arg, timeout=CLICK_LIMIT_S * 1000)  # type: ignore[attr-defined]
    page.wait_for_function(IDLE, timeout=CLICK_LIMIT_S * 1000)  # type: ignore[attr-defined]


def _card_line(page: object) -> str:
    """The "Card 3 of 12 · module · kind" line: it changes when the next card is drawn."""
    text = page.locator("[data-testid='stMain']").inner_text()  # type: ignore[attr-defined]
    return next((line for line in text.splitlines() if line.startswith("Card ")), "")


def _open(page: object, title: str) -> float:
    """Seconds from a sidebar click to `title` drawn and finished."""
    link = page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title, exact=True)  # type: ignore[attr-defined]
    started = time.perf_counter()
    link.click()
    page.locator("[data-testid='stMain'] h1").filter(has_text=title).first.wait_for(  # type: ignore[attr-defined]
        timeout=CLICK_LIMIT_S * 1000
    )
    page.wait_for_function(IDLE, timeout=CLICK_LIMIT_S * 1000)  # type: ignore[attr-defined]
    return time.perf_counter() - started


def _flash(page: object, text: str) -> None:
    """Wait for a confirmation starting with `text` and the page to finish."""
    _wait(
        page,
        "(t) => [...document.querySelectorAll('[data-testid=\"stAlertContentSuccess\"]')]"
        ".some(e => e.innerText.startsWith(t))",
        text,
    )


def _timed(page: object, click: object, condition: str, arg: object = None) -> float:
    started = time.perf_counter()
    click.click()  # type: ignore[attr-defined]
    _wait(page, condition, arg)
    return time.perf_counter() - started


def _view_as(page: object, label: str) -> None:
    picker = page.get_by_role("combobox", name="Viewing as")  # type: ignore[attr-defined]
    picker.click()
    picker.fill(label.split(" · ")[0])  # the option is drawn whatever its place
    page.get_by_role("option", name=label).first.click()  # type: ignore[attr-defined]
    page.wait_for_function(IDLE, timeout=CLICK_LIMIT_S * 1000)  # type: ignore[attr-defined]


def _reviews(page: object, cards: int, samples: dict[str, list[float]]) -> None:
    for _ in range(cards):
        show = page.get_by_role("button", name="Show answer")  # type: ignore[attr-defined]
        if show.count() == 0:
            break  # the sitting is over
        before = _card_line(page)
        samples["show"].append(_timed(page, show.first, GRADES_SHOWN))
        good = page.locator("[data-testid='stMain'] button").filter(has_text="Good")  # type: ignore[attr-defined]
        samples["grade"].append(_timed(page, good.first, CARD_OR_SUMMARY, before))


def _activities(page: object, actions: int, samples: dict[str, list[float]]) -> None:
    _open(page, "My learning")
    for _ in range(actions):
        log = page.get_by_role("button", name="Log activity")  # type: ignore[attr-defined]
        started = time.perf_counter()
        log.first.click()
        _flash(page, "Logged ")
        samples["activity"].append(time.perf_counter() - started)


def _searches(page: object, actions: int, samples: dict[str, list[float]]) -> None:
    _open(page, "Knowledge search")
    waited = time.perf_counter()
    while "still being built" in page.locator("[data-testid='stMain']").inner_text():  # type: ignore[attr-defined]
        if time.perf_counter() - waited > INDEX_BUILT_S:
            raise TimeoutError("the search index was not built in time")
        page.wait_for_timeout(2000)  # type: ignore[attr-defined]
        page.reload()  # type: ignore[attr-defined]
        page.wait_for_function(IDLE, timeout=CLICK_LIMIT_S * 1000)  # type: ignore[attr-defined]
    box = page.locator("[data-testid='stMain']").get_by_role("textbox", name="Search")  # type: ignore[attr-defined]
    drawn = (
        "(q) => document.querySelector('[data-testid=\"stMain\"]').innerText"
        ".includes('results by') && document.querySelector("
        '\'[data-testid="stMain"] input[aria-label="Search"]\').value === q'
    )
    for number in range(actions + 1):  # the first warms the model up
        query = SEARCHES[number % len(SEARCHES)] + ("?" * (number // len(SEARCHES)))
        box.fill(query)
        page.evaluate(ARM)  # type: ignore[attr-defined]
        started = time.perf_counter()
        box.press("Enter")
        page.wait_for_function(RAN, timeout=CLICK_LIMIT_S * 1000)  # type: ignore[attr-defined]
        _wait(page, drawn, query)
        if number:
            samples["search"].append(time.perf_counter() - started)


def _talking_points(page: object, actions: int, samples: dict[str, list[float]]) -> None:
    _view_as(page, MENTEE)
    _open(page, "My mentoring")
    main = page.locator("[data-testid='stMain']")  # type: ignore[attr-defined]
    one_form = (
        "() => document.querySelectorAll("
        '\'[data-testid="stMain"] textarea[aria-label="Add a talking point"]\').length === 1'
    )
    for number in range(actions):
        # The form drawn afresh after a save replaces the old one a moment later (the newest
        # is the last).
        page.wait_for_function(one_form, timeout=CLICK_LIMIT_S * 1000)  # type: ignore[attr-defined]
        main.get_by_role("textbox", name="Add a talking point").last.fill(
            f"Point {number + 1}: how to choose efSearch for the ticket index"
        )
        started = time.perf_counter()
        main.get_by_role("button", name="Add the point").last.click()
        _flash(page, "Talking point added")
        samples["agenda"].append(time.perf_counter() - started)


def measure(cards: int, switches: int, actions: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    source = generated_data_dir(None, today=date.today())
    data_dir = Path(tempfile.mkdtemp(prefix="proficio-bench-clicks-")) / "data"
    shutil.copytree(source, data_dir)
    samples: dict[str, list[float]] = {
        k: [] for k in ("show", "grade", "switch", "activity", "search", "agenda")
    }
    try:
        with served(data_dir) as (url, _), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1400})
            page.goto(url)
            page.wait_for_function(IDLE, timeout=300_000)
            _view_as(page, LEARNER)
            for _ in range(switches):  # the reference: a page switch and back
                samples["switch"].append(_open(page, "My learning"))
                _open(page, "Reviews")
            _reviews(page, cards, samples)
            _activities(page, actions, samples)
            _searches(page, actions, samples)
            _talking_points(page, actions, samples)
            browser.close()
    finally:
        shutil.rmtree(data_dir.parent, ignore_errors=True)
    return samples


CLICKS = (
    ("show", "review: Show answer, click to drawn", "≤ 0.25"),
    ("grade", "review: a grade (next card drawn)", "≤ 0.25"),
    ("activity", "log an activity, click to confirmed", "≤ 0.3"),
    ("search", "run a search, Enter to results drawn", "≤ 0.3"),
    ("agenda", "add a 1:1 talking point, click to confirmed", "≤ 0.3"),
)


def run(quick: bool) -> list[Figure]:
    if not CHROMIUM.exists():
        print("clicks: needs /usr/bin/chromium; skipped", file=sys.stderr)
        return []
    samples = measure(
        QUICK_CARDS if quick else CARDS,
        QUICK_SWITCHES if quick else SWITCHES,
        QUICK_ACTIONS if quick else ACTIONS,
    )
    switch = statistics.median(samples["switch"])
    return [
        Figure(
            "clicks",
            what,
            statistics.median(samples[key]),
            "s",
            reference="page switch",
            reference_value=switch,
            target=target,
            target_on_value=True,
            note=f"median of {len(samples[key])}; page switch: of {len(samples['switch'])}",
        )
        for key, what, target in CLICKS
        if samples[key]
    ]
