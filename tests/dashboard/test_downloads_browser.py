"""Report downloads clicked in quick succession in Chromium: each one arrives."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.dashboard.browser import (
    START_TIMEOUT_S,
    chromium,
    free_port,
    require_chromium,
    serve_app,
    settle,
    viewing_as,
)

pytestmark = pytest.mark.browser
require_chromium()

LEAD = "Priya Raman · team lead"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("downloads-data")
    log = tmp_path_factory.mktemp("downloads-log") / "streamlit.log"
    with serve_app(data_dir, log, port=free_port()) as url:
        yield url


def test_two_report_downloads_within_a_second_both_arrive(server: str) -> None:
    with chromium() as browser:
        context = browser.new_context(accept_downloads=True)  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(server, timeout=START_TIMEOUT_S * 1000)
        settle(page, timeout_s=START_TIMEOUT_S)
        picker = page.get_by_role("combobox", name="Viewing as")
        if viewing_as(page) != LEAD:
            picker.click()
            page.get_by_role("option", name=LEAD).click()
            settle(page)
        page.get_by_role("link", name="Training impact").click()
        settle(page)
        files: list[str] = []
        page.on("download", lambda download: files.append(download.suggested_filename))
        # A printable report, then at once the team's CSV and a person's: before, the first
        # click's rerun gave every button a new file id and the next click asked for one gone.
        page.get_by_role("button", name="Printable report (HTML)").first.click()
        page.wait_for_timeout(300)
        page.get_by_role("button", name="Every number (CSV)").click()
        page.wait_for_timeout(300)
        page.get_by_role("button", name="Report data (CSV)").click()
        for _ in range(60):
            if len(files) == 3:
                break
            page.wait_for_timeout(500)
        assert len(files) == len(set(files)) == 3, files
        assert any(f.startswith("team-report-") and f.endswith(".csv") for f in files)
        assert any(f.startswith("development-priya-raman-") and f.endswith(".csv") for f in files)


def test_a_table_of_peoples_names_offers_no_unescaped_csv_download(server: str) -> None:
    # Streamlit's own "Download as CSV" writes "=HYPERLINK(…)" in a name as a live formula;
    # the app's CSV downloads mark such cells, so the tables' own export is switched off.
    with chromium() as browser:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(server, timeout=START_TIMEOUT_S * 1000)
        settle(page, timeout_s=START_TIMEOUT_S)
        picker = page.get_by_role("combobox", name="Viewing as")
        if viewing_as(page) != LEAD:
            picker.click()
            page.get_by_role("option", name=LEAD).click()
            settle(page)
        page.get_by_role("link", name="People", exact=True).click()
        settle(page)
        table = page.locator('[data-testid="stDataFrame"]').first
        table.hover()
        search = page.get_by_role("button", name="Search")
        search.first.wait_for(state="visible", timeout=10_000)  # the toolbar is drawn
        assert page.get_by_role("button", name="Download as CSV").count() == 0
