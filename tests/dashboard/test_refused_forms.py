"""A refused save keeps every field as the person typed it (a refused private note must never
come back as a team note), and a saved one starts the next entry afresh."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from search.notes import MAX_TITLE_CHARS
from storage.enums import Visibility
from tests.dashboard.apptest import app_as

NOTES = "pages/notes_page.py"


def _notes_as(data_dir: Path, name: str) -> AppTest:
    at = app_as(data_dir, name).switch_page(NOTES).run()
    assert not at.exception
    return at


def test_a_refused_private_note_keeps_its_text_and_stays_private(app_env: Path) -> None:
    at = _notes_as(app_env, "Ben Carter")
    title = "T" * (MAX_TITLE_CHARS + 1)  # too long: refused
    at.text_input(key="notes-new-0-title").input(title)
    at.text_area(key="notes-new-0-body").input("What I still don't get about HNSW's ef.")
    at.text_input(key="notes-new-0-tags").input("hnsw, questions")
    at.radio(key="notes-new-0-visibility").set_value(Visibility.PRIVATE)
    next(b for b in at.button if b.label == "Save note").click().run()

    assert not at.exception
    assert "Keep the title under" in at.error[0].value
    assert at.text_input(key="notes-new-0-title").value == title
    assert at.text_area(key="notes-new-0-body").value == "What I still don't get about HNSW's ef."
    assert at.text_input(key="notes-new-0-tags").value == "hnsw, questions"
    assert at.radio(key="notes-new-0-visibility").value == Visibility.PRIVATE
