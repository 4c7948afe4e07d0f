"""Clicks in the browser: how long from a click to its result drawn, on the served demo.

A learner with a backlog reviews cards in headless Chromium: **Show answer** (click → the
grade buttons drawn) and a grade (click → the next card, or the summary, drawn). The reference
is a page switch (a sidebar click → the other page drawn and finished), measured in the same
run on the same server. The server runs on this machine, so the figures include its share of
the two cores; on a busy machine all three grow together.

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
QUICK_CARDS, CARDS = 8, 30
QUICK_SWITCHES, SWITCHES = 5, 12
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


def measure(cards: int, switches: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    source = generated_data_dir(None, today=date.today())
    data_dir = Path(tempfile.mkdtemp(prefix="proficio-bench-clicks-")) / "data"
    shutil.copytree(source, data_dir)
    samples: dict[str, list[float]] = {"show": [], "grade": [], "switch": []}
    try:
        with served(data_dir) as (url, _), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1400})
            page.goto(url)
            page.wait_for_function(IDLE, timeout=300_000)
            picker = page.get_by_role("combobox", name="Viewing as")
            picker.click()
            picker.fill(LEARNER.split(" · ")[0])  # the option is drawn whatever its place
            page.get_by_role("option", name=LEARNER).click()
            page.wait_for_function(IDLE, timeout=CLICK_LIMIT_S * 1000)
            for _ in range(switches):  # the reference: a page switch and back
                samples["switch"].append(_open(page, "My learning"))
                _open(page, "Reviews")
            for _ in range(cards):
                show = page.get_by_role("button", name="Show answer")
                if show.count() == 0:
                    break  # the sitting is over
                before = _card_line(page)
                started = time.perf_counter()
                show.first.click()
                _wait(page, GRADES_SHOWN)
                samples["show"].append(time.perf_counter() - started)
                good = page.locator("[data-testid='stMain'] button").filter(has_text="Good")
                started = time.perf_counter()
                good.first.click()
                _wait(page, CARD_OR_SUMMARY, before)
                samples["grade"].append(time.perf_counter() - started)
            browser.close()
    finally:
        shutil.rmtree(data_dir.parent, ignore_errors=True)
    return samples


def run(quick: bool) -> list[Figure]:
    if not CHROMIUM.exists():
        print("clicks: needs /usr/bin/chromium; skipped", file=sys.stderr)
        return []
    samples = measure(QUICK_CARDS if quick else CARDS, QUICK_SWITCHES if quick else SWITCHES)
    switch = statistics.median(samples["switch"])
    note = f"medians of {len(samples['show'])} cards and {len(samples['switch'])} page switches"
    return [
        Figure(
            "clicks",
            f"review: {what}, click to drawn",
            statistics.median(samples[key]),
            "s",
            reference="page switch",
            reference_value=switch,
            target="≤ 0.25",
            target_on_value=True,
            note=note,
        )
        for key, what in (("show", "Show answer"), ("grade", "a grade (next card drawn)"))
    ]
