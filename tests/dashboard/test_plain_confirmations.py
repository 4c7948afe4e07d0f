"""A confirmation names what was saved as the person typed it: a community or sharing-session
name holding Markdown (`**bold**`, an image) is shown as written, and no image is loaded.

The tests write, so they run on this module's own copy of the demo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dashboard.components.plain_text import plain
from storage.engine import make_engine
from storage.models import Community, SharingSession
from storage.settings import get_settings
from tests.dashboard.apptest import TIMEOUT_S, copy_of_demo, person_id, point_app_at

PAGES = Path(__file__).resolve().parents[2] / "dashboard" / "pages"
TYPED = "Recall ![x](https://example.com/a.png) and **bold** talk"
# What Streamlit's Markdown is given: every special character escaped.
SHOWN = r"Recall \!\[x\](https://example.com/a.png) and \*\*bold\*\* talk"


@pytest.fixture(scope="module")
def data_dir(demo_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_of_demo(demo_data_dir, tmp_path_factory.mktemp("plain-demo"))


@pytest.fixture
def demo(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    point_app_at(monkeypatch, data_dir)
    yield data_dir
    get_settings.cache_clear()


def _page_as(page: str, data_dir: Path, name: str) -> AppTest:
    at = AppTest.from_file(str(PAGES / page), default_timeout=TIMEOUT_S)
    at.session_state["viewer_id"] = person_id(data_dir, name)
    return at.run()


def _stored(data_dir: Path, column: object) -> list[str]:
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    with Session(engine) as session:
        found = list(session.exec(select(column)).all())  # type: ignore[call-overload]
    engine.dispose()
    return found


def _confirmation(at: AppTest) -> str:
    assert not at.exception and not at.error, [e.value for e in at.error]
    [saved] = [s.value for s in at.success]
    return str(saved)


def test_plain_escapes_what_markdown_would_draw() -> None:
    assert plain(TYPED) == SHOWN
    assert plain("1. first") == r"1\. first" and plain("# big") == r"\# big"


def test_a_community_named_with_markdown_is_confirmed_as_typed_with_no_image(demo: Path) -> None:
    at = _page_as("communities_page.py", demo, "Aisha Khan")
    assert not at.exception
    at.text_input(key="communities-new-0-name").input(TYPED)
    at.multiselect(key="communities-new-0-modules").set_value(["chunking-and-ingestion"])
    at = next(b for b in at.button if b.label == "Start the community").click().run()
    saved = _confirmation(at)
    assert saved == f"Started “{SHOWN}”; you are its first member."
    assert "![" not in saved and "**" not in saved  # nothing Markdown would draw
    assert TYPED in _stored(demo, Community.name)  # kept as typed


def test_a_sharing_session_titled_with_markdown_is_confirmed_as_typed_with_no_image(
    demo: Path,
) -> None:
    at = _page_as("sessions_page.py", demo, "Aisha Khan")
    assert not at.exception
    at.text_input(key="sharing-propose-0-title").input(TYPED)
    at.selectbox(key="sharing-propose-0-module").set_value("chunking-and-ingestion")
    at = next(b for b in at.button if b.label == "Propose").click().run()
    saved = _confirmation(at)
    assert saved.startswith(f"Proposed “{SHOWN}” for ")
    assert "![" not in saved and "**" not in saved
    assert TYPED in _stored(demo, SharingSession.title)
