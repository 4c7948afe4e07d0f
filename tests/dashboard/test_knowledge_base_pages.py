"""A knowledge base that stays current, on the pages: notes due for review and stale notes, the
owner's reminder on Home, marking reviewed, templates, opening stamps, and the folder sync on
the Search index page. Over the demo with its index (the fixtures of test_search_pages)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from storage.engine import make_engine
from storage.enums import NoteCategory
from storage.models import Note
from tests.dashboard.apptest import app_as, texts
from tests.dashboard.test_search_pages import ADMIN, NOTES, search_env  # noqa: F401
from tests.factories import demo_index  # noqa: F401 (fixture)


def _page_as(data_dir: Path, name: str, page: str) -> AppTest:
    at = app_as(data_dir, name).switch_page(page).run()
    assert not at.exception
    return at


def _note(data_dir: Path, title: str) -> Note:
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    with Session(engine) as session:
        note = session.exec(select(Note).where(Note.title == title)).one()
    engine.dispose()
    return note


def _table(at: AppTest, column: str) -> pd.DataFrame:
    """The table with this column: "Review" (due notes), "Last opened or changed" (stale)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _button(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception


def test_the_notes_page_lists_notes_due_for_review_and_the_stale_one_by_category(
    search_env: Path,  # noqa: F811
) -> None:
    at = _page_as(search_env, "Ben Carter", NOTES)
    due = _table(at, "Review")
    assert "Runbook: rebuilding the search index" in set(due["Title"])
    assert set(due["Owner"]) >= {"Sofia Rossi", "Priya Raman"}
    stale = _table(at, "Last opened or changed")
    assert list(stale["Title"]) == ["Pilot proposal: semantic search over the engineering wiki"]

    at.selectbox(key="notes-review-category").set_value(NoteCategory.DECISION_RECORD).run()
    due = _table(at, "Review")
    assert set(due["Category"]) == {"Decision record"}
    assert "Every note was opened or changed in the last six months." in texts(at)


def test_the_owner_sees_notes_due_for_their_review_on_home(search_env: Path) -> None:  # noqa: F811
    at = app_as(search_env, "Sofia Rossi")
    assert not at.exception
    shown = texts(at)
    assert "**Notes due for your review** (1)" in shown
    assert "Runbook: rebuilding the search index · overdue since" in shown


def test_a_lead_marks_a_note_reviewed_and_its_next_review_date_is_saved(
    search_env: Path,  # noqa: F811
) -> None:
    glossary = _note(search_env, "Glossary for non-engineers")
    at = _page_as(search_env, "Priya Raman", NOTES)
    at.selectbox(key="notes-open").set_value(glossary.id).run()
    suggested = at.date_input(key=f"notes-care-{glossary.id}-next").value
    _button(at, "Mark reviewed")
    assert any("Marked “Glossary for non-engineers” reviewed" in s.value for s in at.success), [
        s.value for s in at.success
    ]
    after = _note(search_env, "Glossary for non-engineers")
    assert after.review_by == suggested and after.reviewed_at is not None
    assert "Glossary for non-engineers" not in set(_table(at, "Review")["Title"])


def test_a_template_fills_a_new_decision_record_without_replacing_typed_text(
    search_env: Path,  # noqa: F811
) -> None:
    at = _page_as(search_env, "Aisha Khan", NOTES)
    at.selectbox(key="notes-template-choice").set_value("Decision record").run()
    _button(at, "Use template")
    assert at.text_area(key="notes-new-0-body").value.startswith("## Status")
    assert at.selectbox(key="notes-new-0-category").value == NoteCategory.DECISION_RECORD

    # A refused save keeps what was typed; a template then does not replace it.
    at.text_input(key="notes-new-0-title").input("")
    at.text_area(key="notes-new-0-body").input("My own words.")
    _button(at, "Save note")
    assert any("Give the note a title" in e.value for e in at.error)
    at.selectbox(key="notes-template-choice").set_value("Blameless post-mortem").run()
    _button(at, "Use template")
    assert at.text_area(key="notes-new-0-body").value == "My own words."
    assert any("clear it first" in w.value for w in at.warning)


def test_opening_a_note_is_remembered_once_not_on_every_rerun(
    search_env: Path,  # noqa: F811
) -> None:
    title = "Notes from the demo to the support team leads"
    note = _note(search_env, title)
    at = _page_as(search_env, "Ben Carter", NOTES)
    at.selectbox(key="notes-open").set_value(note.id).run()
    opened = _note(search_env, title)
    assert opened.last_opened_at is not None
    assert opened.updated_at == note.updated_at  # opening is not a change
    at.run()
    assert _note(search_env, title).last_opened_at == opened.last_opened_at


def test_a_lead_synchronises_a_folder_and_removes_a_gone_file_only_when_ticked(
    search_env: Path,  # noqa: F811
) -> None:
    folder = search_env / "note-folders" / "ops-handbook"
    folder.mkdir(parents=True)
    (folder / "on-call.md").write_text(
        "---\ncategory: guide\nreview_by: 2027-06-30\n---\n# On-call handover\n\n"
        "Write down the open incidents and who was paged before you hand over.",
        encoding="utf-8",
    )
    (folder / "kettle.md").write_text("# The office kettle\n\nDescale it on Fridays.")
    at = _page_as(search_env, "Priya Raman", ADMIN)
    at.text_input(key="index-sync-folder").input("ops-handbook").run()
    _button(at, "Check the folder")
    assert "**2 new, 0 changed, 0 unchanged, 0 whose file is gone.**" in texts(at)
    _button(at, "Synchronise")
    said = " ".join(s.value for s in at.success)
    assert "2 added, 0 updated, 0 unchanged, 0 removed." in said
    assert "Search index updated: 2 chunk(s) embedded" in said
    assert _note(search_env, "On-call handover").category == NoteCategory.GUIDE

    _button(at, "Check the folder")
    assert any("Nothing to change" in i.value for i in at.info)

    (folder / "kettle.md").unlink()
    _button(at, "Check the folder")
    assert any("The office kettle" in w.value for w in at.warning)
    assert not any(b.label == "Synchronise" for b in at.button)  # nothing to do unless ticked
    at.checkbox(key="index-sync-delete-missing").check().run()
    _button(at, "Synchronise")
    assert "1 removed." in " ".join(s.value for s in at.success)


def test_a_folder_with_a_bad_file_or_outside_the_folders_place_is_refused(
    search_env: Path,  # noqa: F811
) -> None:
    folder = search_env / "note-folders" / "decisions"
    folder.mkdir(parents=True)
    (folder / "adr.md").write_text("---\ncategory: verdict\n---\nWe chose HNSW.")
    at = _page_as(search_env, "Priya Raman", ADMIN)
    at.text_input(key="index-sync-folder").input("decisions").run()
    _button(at, "Check the folder")
    error = " ".join(e.value for e in at.error)
    assert "Nothing was imported" in error
    assert "adr.md: front matter `category` 'verdict' is none of" in error and "line 2" in error

    at.text_input(key="index-sync-folder").input("../index").run()
    _button(at, "Check the folder")
    assert any("Name a folder inside" in e.value for e in at.error)
    assert not any(b.label == "Synchronise" for b in at.button)


def test_opening_a_search_result_counts_as_opening_the_note(
    search_env: Path,  # noqa: F811
) -> None:
    at = _page_as(search_env, "Mei Chen", "pages/search_page.py")
    at.text_input(key="search-query").input("how do I pick nprobe").run()
    _button_key(at, "search-results-open-1")
    title = at.subheader[0].value
    engine = make_engine(f"sqlite:///{search_env / 'proficio.db'}")
    with Session(engine) as session:
        note = session.exec(select(Note).where(Note.title == title)).one()
    engine.dispose()
    assert note.last_opened_at is not None
    at.run()
    assert _note(search_env, title).last_opened_at == note.last_opened_at  # once per opening


def _button_key(at: AppTest, key: str) -> None:
    next(b for b in at.button if b.key == key).click().run()
    assert not at.exception
