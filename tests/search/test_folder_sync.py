"""Synchronising a folder of markdown notes: twice changes nothing, an edit updates its note and
re-embeds only its changed chunks, a gone file is removed only when confirmed, bad files and
hostile folders are refused with their path and nothing is written."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from search.embedding import HashEmbedder
from search.folder_sync import folder_inside, sync_folder
from search.notes import ImportRefused
from storage.enums import NoteCategory, PersonRole, Visibility
from storage.errors import InvalidInput
from storage.models import AuditEvent, Note
from storage.people import PersonRef
from storage.uploads import MAX_UPLOAD_BYTES
from tests.factories import make_index, make_person, make_ref, make_team

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=1)

RUNBOOK = """---
title: Rebuilding the search index
category: guide
owner: ben@example.org
review_by: 2027-03-31
tags: [runbook, faiss]
---
## When to rebuild

After the embedding model changes, vectors of two models cannot be mixed.

## How

Run `python -m search index --full` and watch the chunk count come back.

## Afterwards

Ask three saved questions and check the expected notes still come first.
"""

DECISION = """# Hybrid search by default

We combine BM25 and dense retrieval with reciprocal rank fusion.
"""


@pytest.fixture
def people(session: Session) -> dict[str, PersonRef]:
    team = make_team(session=session)
    grace = make_person(session=session, team=team, name="Grace", role=PersonRole.LEAD)
    ben = make_person(session=session, team=team, name="Ben")
    ben.email = "ben@example.org"
    session.add(ben)
    session.flush()
    return {p.name: make_ref(session=session, person=p) for p in (grace, ben)}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "team-docs"
    (root / "runbooks").mkdir(parents=True)
    (root / "runbooks" / "rebuild-index.md").write_text(RUNBOOK, encoding="utf-8")
    (root / "hybrid-by-default.md").write_text(DECISION, encoding="utf-8")
    (root / "diagram.png").write_bytes(b"\x89PNG")
    return root


def _notes(session: Session) -> dict[str, Note]:
    return {n.source_path or "": n for n in session.exec(select(Note))}


def test_a_folder_becomes_notes_with_their_front_matter(
    session: Session, people: dict[str, PersonRef], folder: Path
) -> None:
    report = sync_folder(session, actor=people["Grace"], root=folder, now=NOW)
    assert [n.source_path for n in report.added] == [
        "team-docs/hybrid-by-default.md",
        "team-docs/runbooks/rebuild-index.md",
    ]
    assert report.skipped == ["diagram.png"]
    runbook = _notes(session)["team-docs/runbooks/rebuild-index.md"]
    assert runbook.title == "Rebuilding the search index"
    assert runbook.category == NoteCategory.GUIDE
    assert runbook.owner_id == people["Ben"].id  # front matter `owner`, an email of the team
    assert runbook.author_id == people["Grace"].id
    assert runbook.review_by == date(2027, 3, 31)
    assert runbook.tags == ["runbook", "faiss"]
    decision = _notes(session)["team-docs/hybrid-by-default.md"]
    assert decision.title == "Hybrid search by default"  # from the first heading
    assert decision.owner_id == people["Grace"].id  # the importer, when the file does not say


def test_a_folder_import_run_twice_changes_nothing_the_second_time(
    session: Session, people: dict[str, PersonRef], folder: Path, tmp_path: Path
) -> None:
    embedder = HashEmbedder()
    index = make_index(tmp_path, embedder)
    sync_folder(session, actor=people["Grace"], root=folder, now=NOW)
    index.update(session)
    before = {n.id: (n.updated_at, n.title, n.body) for n in session.exec(select(Note))}
    audit_before = len(session.exec(select(AuditEvent)).all())
    embedder.calls.clear()

    again = sync_folder(session, actor=people["Grace"], root=folder, now=LATER)
    update = index.update(session)

    assert (again.added, again.changed, again.removed, again.missing) == ([], [], [], [])
    assert again.unchanged == 2 and not again.writes
    after = {n.id: (n.updated_at, n.title, n.body) for n in session.exec(select(Note))}
    assert after == before  # not even updated_at moved
    assert len(session.exec(select(AuditEvent)).all()) == audit_before
    assert update.embedded == 0 and embedder.calls == []


def test_an_edited_file_updates_its_note_and_re_embeds_only_the_changed_chunk(
    session: Session, people: dict[str, PersonRef], folder: Path, tmp_path: Path
) -> None:
    embedder = HashEmbedder()
    index = make_index(tmp_path, embedder)
    sync_folder(session, actor=people["Grace"], root=folder, now=NOW)
    first = index.update(session)
    assert first.embedded == 4  # three sections of the runbook, one of the decision
    note_ids = {n.source_path: n.id for n in session.exec(select(Note))}
    embedder.calls.clear()

    path = folder / "runbooks" / "rebuild-index.md"
    path.write_text(path.read_text().replace("watch the chunk", "compare the chunk"))
    report = sync_folder(session, actor=people["Grace"], root=folder, now=LATER)
    update = index.update(session)

    assert [n.source_path for n in report.changed] == ["team-docs/runbooks/rebuild-index.md"]
    assert report.unchanged == 1 and report.added == []
    assert {n.source_path: n.id for n in session.exec(select(Note))} == note_ids  # no duplicate
    runbook = _notes(session)["team-docs/runbooks/rebuild-index.md"]
    assert "compare the chunk" in runbook.body
    assert runbook.updated_at == LATER
    embedded = [text for batch in embedder.calls for text in batch]
    assert update.embedded == 1 and len(embedded) == 1
    assert "compare the chunk" in embedded[0]
    assert update.kept == 3
    assert index.check(session).ok


def test_a_gone_file_keeps_its_note_until_the_removal_is_confirmed(
    session: Session, people: dict[str, PersonRef], folder: Path
) -> None:
    sync_folder(session, actor=people["Grace"], root=folder, now=NOW)
    (folder / "hybrid-by-default.md").unlink()

    unconfirmed = sync_folder(session, actor=people["Grace"], root=folder, now=LATER)
    assert [n.title for n in unconfirmed.missing] == ["Hybrid search by default"]
    assert "team-docs/hybrid-by-default.md" in _notes(session)

    gone = unconfirmed.missing[0].note_id
    assert gone is not None
    confirmed = sync_folder(session, actor=people["Grace"], root=folder, now=LATER, remove=[gone])
    assert [n.title for n in confirmed.removed] == ["Hybrid search by default"]
    assert "team-docs/hybrid-by-default.md" not in _notes(session)
    deleted = session.exec(select(AuditEvent).where(AuditEvent.action == "note_deleted")).all()
    assert [e.entity_id for e in deleted] == [gone]


def test_a_preview_writes_nothing(
    session: Session, people: dict[str, PersonRef], folder: Path
) -> None:
    preview = sync_folder(session, actor=people["Grace"], root=folder, now=NOW, apply=False)
    assert len(preview.added) == 2
    assert session.exec(select(Note)).all() == []


def test_notes_from_other_folders_and_other_people_are_never_missing(
    session: Session, people: dict[str, PersonRef], folder: Path, tmp_path: Path
) -> None:
    sync_folder(session, actor=people["Grace"], root=folder, now=NOW)
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "one.md").write_text("# One\n\nText.", encoding="utf-8")
    report = sync_folder(session, actor=people["Grace"], root=other, now=NOW)
    assert report.missing == []
    assert sync_folder(session, actor=people["Ben"], root=folder, now=NOW).missing == []


def test_bad_front_matter_refuses_the_whole_folder_naming_file_and_line(
    session: Session, people: dict[str, PersonRef], folder: Path
) -> None:
    (folder / "bad.md").write_text(
        "---\ntitle: Bad\ncategory: gossip\nreview_by: next spring\nvisibility: pair\n"
        "owner: nobody@example.org\n---\nText.",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as refused:
        sync_folder(session, actor=people["Grace"], root=folder, now=NOW)
    [problem] = refused.value.problems
    assert problem.startswith("bad.md: ")
    assert "`category` 'gossip'" in problem and "line 3" in problem
    assert "`review_by` 'next spring'" in problem and "line 4" in problem
    assert "`visibility` 'pair'" in problem and "line 5" in problem
    assert "`owner` 'nobody@example.org'" in problem and "line 6" in problem
    assert session.exec(select(Note)).all() == []  # the good files were not imported either


def test_hostile_folders_are_refused_with_a_clear_message(
    session: Session, people: dict[str, PersonRef], folder: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("# Secret\n\nNot for the team.", encoding="utf-8")
    os.symlink(outside, folder / "leak.md")
    os.symlink(folder, folder / "runbooks" / "loop")
    os.symlink(folder / "a", folder / "b")
    os.symlink(folder / "b", folder / "a")
    (folder / "latin1.md").write_bytes("# Café\n\nCrème brûlée".encode("latin-1"))
    (folder / "huge.md").write_bytes(b"x" * (MAX_UPLOAD_BYTES + 1))

    with pytest.raises(ImportRefused) as refused:
        sync_folder(session, actor=people["Grace"], root=folder, now=NOW)
    problems = "\n".join(refused.value.problems)
    assert "leak.md: a symbolic link to" in problems and "outside the folder" in problems
    assert "runbooks/loop: a symbolic link loop" in problems
    assert "a: a symbolic link that loops or leads nowhere" in problems
    assert "latin1.md: the file is not UTF-8 text" in problems
    assert "huge.md is 2.0 MB" in problems
    assert session.exec(select(Note)).all() == []


def test_a_missing_folder_is_named(session: Session, people: dict[str, PersonRef]) -> None:
    with pytest.raises(Exception, match="There is no folder at /nowhere"):
        sync_folder(session, actor=people["Grace"], root=Path("/nowhere"), now=NOW)


def test_new_notes_take_the_chosen_visibility_unless_the_file_says(
    session: Session, people: dict[str, PersonRef], folder: Path
) -> None:
    sync_folder(session, actor=people["Ben"], root=folder, now=NOW, visibility=Visibility.PRIVATE)
    notes = _notes(session)
    assert notes["team-docs/hybrid-by-default.md"].visibility == Visibility.PRIVATE


def test_a_page_reads_only_folders_inside_its_place(tmp_path: Path) -> None:
    base = tmp_path / "note-folders"
    (base / "team-docs").mkdir(parents=True)
    assert folder_inside(base, "team-docs") == (base / "team-docs").resolve()
    for outside in ("../", "/etc", "team-docs/../..", ""):
        with pytest.raises(InvalidInput):
            folder_inside(base, outside)
