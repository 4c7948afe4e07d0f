"""Synchronising a folder of markdown files with the notes of the person who imports it.

A file's note is found by its source path, `<folder name>/<path inside the folder>`: a file
whose note is missing becomes a new note, one whose title, text or front matter changed
updates its note, an unchanged one is left alone (nothing written, not even `updated_at`), and
the importer's notes from that folder whose file is gone are listed as missing and removed
only when the caller passes their ids (after the person confirmed). The whole folder is
checked before anything is written: any bad file refuses the sync, one line per file.
Symbolic links are followed only inside the folder; a loop, a link out of the folder, a file
over the upload limit or a file that is not UTF-8 is named with its path.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, col, select

from search.notes import (
    IMPORT_SUFFIXES,
    ImportRefused,
    NoteInput,
    check_owner,
    checked_input,
    create_note,
    delete_note,
    file_fields,
    normalise_tags,
    parse_note_file,
    update_note,
)
from storage.enums import NoteCategory, Visibility
from storage.errors import InvalidInput
from storage.models import Note
from storage.people import PersonRef
from storage.uploads import check_upload_size

MAX_FOLDER_FILES = 5_000  # far more notes than a team writes; a wrong folder stops here


def folder_inside(base: Path, typed: str) -> Path:
    """The folder a person named on a page (a name or a path inside `base`); InvalidInput for
    a path that leads out of `base` (the app reads no other folder of the server)."""
    if not typed.strip():
        raise InvalidInput("Type the name of the folder first.")
    folder = (base / typed.strip()).resolve()
    if not folder.is_relative_to(base.resolve()) or folder == base.resolve():
        raise InvalidInput(
            f"Name a folder inside {base} (the app reads no other folder of the server); "
            f"{typed.strip()!r} is not one."
        )
    return folder


@dataclass(frozen=True)
class FolderFile:
    """A file to import: its path inside the folder (with `/`) and its bytes."""

    path: str
    data: bytes


@dataclass(frozen=True)
class SyncedNote:
    """One note the sync adds, changes or finds missing: where its file is, and its title."""

    source_path: str
    title: str
    note_id: int | None = None


@dataclass
class SyncReport:
    """What a sync did (or, with `apply=False`, would do)."""

    folder: str
    added: list[SyncedNote] = field(default_factory=list)
    changed: list[SyncedNote] = field(default_factory=list)
    unchanged: int = 0
    missing: list[SyncedNote] = field(default_factory=list)  # file gone, note kept
    removed: list[SyncedNote] = field(default_factory=list)  # file gone, note deleted
    skipped: list[str] = field(default_factory=list)  # files of other kinds

    @property
    def writes(self) -> bool:
        """Whether the sync changed any note (the index needs an update)."""
        return bool(self.added or self.changed or self.removed)


@dataclass(frozen=True)
class FolderScan:
    """The importable files under a folder (sorted), other files skipped, and problems: each
    link loop, link out of the folder, or file too large or unreadable, with its path."""

    files: list[FolderFile]
    skipped: list[str]
    problems: list[str]


def read_folder(root: Path) -> FolderScan:
    """Every file under `root` to import, following links only inside it (see FolderScan)."""
    if not root.is_dir():
        raise InvalidInput(f"There is no folder at {root}.")
    top = root.resolve()
    files: list[FolderFile] = []
    skipped: list[str] = []
    problems: list[str] = []
    seen_dirs = {top}

    def visit(folder: Path, real: Path) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            problems.append(f"{_inside(folder, root)}: cannot be read ({error.strerror})")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue  # .git, .obsidian, editor files
            path = Path(entry.path)
            where = _inside(path, root)
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                problems.append(f"{where}: a symbolic link that loops or leads nowhere")
                continue
            if not target.is_relative_to(top):
                problems.append(f"{where}: a symbolic link to {target}, outside the folder")
                continue
            if target.is_dir():
                if target in seen_dirs:
                    problems.append(f"{where}: a symbolic link loop (it leads back into a folder)")
                    continue
                seen_dirs.add(target)
                visit(path, target)
            elif path.suffix.lower() in IMPORT_SUFFIXES:
                if len(files) >= MAX_FOLDER_FILES:
                    raise InvalidInput(
                        f"{root} holds more than {MAX_FOLDER_FILES:,} files to import; "
                        "pick the folder of the notes themselves."
                    )
                try:
                    check_upload_size(where, target.stat().st_size)
                    files.append(FolderFile(where, target.read_bytes()))
                except InvalidInput as error:
                    problems.append(str(error))
                except OSError as error:
                    problems.append(f"{where}: cannot be read ({error.strerror})")
            else:
                skipped.append(where)

    visit(root, top)
    return FolderScan(files, skipped, problems)


def _inside(path: Path, root: Path) -> str:
    """`path` relative to the folder, with `/`."""
    return path.relative_to(root).as_posix() if path != root else "."


@dataclass(frozen=True)
class _Wanted:
    source_path: str
    note_in: NoteInput
    owner_id: int | None


def _wanted(
    session: Session,
    actor: PersonRef,
    prefix: str,
    files: list[FolderFile],
    existing: dict[str, Note],
    visibility: Visibility,
    problems: list[str],
) -> list[_Wanted]:
    """Each file's note as it should be; ImportRefused lists every bad file with its line.
    What the front matter does not set stays as the note has it (new notes: the defaults)."""
    wanted: list[_Wanted] = []
    for file in files:
        source_path = f"{prefix}{file.path}"
        note = existing.get(source_path)
        try:
            parsed = parse_note_file(file.path, file.data)
            fields = file_fields(session, actor.team_id, parsed)
            kept_visibility = Visibility(note.visibility) if note else visibility
            note_in = NoteInput(
                title=parsed.title,
                body=parsed.body,
                tags=normalise_tags(fields.tags),
                module_id=note.module_id if note else None,
                visibility=fields.visibility or kept_visibility,
                pair_person_id=note.pair_person_id if note else None,
                category=fields.category
                or (NoteCategory(note.category) if note else NoteCategory.GUIDE),
                review_by=fields.review_by or (note.review_by if note else None),
            )
            note_in = checked_input(session, actor, note_in)
            owner = fields.owner_id or (note.owner_id if note else actor.id)
            if owner != actor.id:
                check_owner(session, owner, team_id=actor.team_id, visibility=note_in.visibility)
            wanted.append(_Wanted(source_path, note_in, owner))
        except InvalidInput as error:
            problems.append(f"{file.path}: {error}")
    if problems:
        raise ImportRefused(problems)
    return wanted


def _same(note: Note, want: _Wanted) -> bool:
    """Whether the note already says what its file says (then nothing is written)."""
    n = want.note_in
    return (
        note.title == n.title
        and note.body == n.body
        and tuple(note.tags) == tuple(n.tags)
        and note.category == n.category
        and note.review_by == n.review_by
        and note.visibility == n.visibility
        and note.owner_id == want.owner_id
    )


def sync_folder(
    session: Session,
    *,
    actor: PersonRef,
    root: Path,
    now: datetime,
    visibility: Visibility = Visibility.TEAM,
    apply: bool = True,
    remove: Collection[int] = (),
) -> SyncReport:
    """Bring the actor's notes from folder `root` in line with its files (see the module doc).

    `visibility` is for new notes whose file does not say; `remove` holds the ids of notes
    whose file is gone that the person confirmed to delete; `apply=False` writes nothing and
    reports what a sync would do."""
    scan = read_folder(root)
    prefix = f"{root.resolve().name}/"
    existing = {
        n.source_path: n
        for n in session.exec(
            select(Note)
            .where(Note.author_id == actor.id, Note.team_id == actor.team_id)
            .where(col(Note.source_path).startswith(prefix))
        )
        if n.source_path is not None
    }
    report = SyncReport(folder=str(root), skipped=scan.skipped)
    wanted = _wanted(session, actor, prefix, scan.files, existing, visibility, list(scan.problems))
    for want in wanted:
        note = existing.pop(want.source_path, None)
        if note is not None and _same(note, want):
            report.unchanged += 1
            continue
        if note is None:
            note_id = None
            if apply:
                created = create_note(
                    session,
                    actor=actor,
                    note_in=want.note_in,
                    now=now,
                    source_path=want.source_path,
                    owner_id=want.owner_id,
                )
                note_id = created.id
            report.added.append(SyncedNote(want.source_path, want.note_in.title, note_id))
            continue
        assert note.id is not None
        if apply:
            note.owner_id = want.owner_id or actor.id
            update_note(session, actor=actor, note_id=note.id, note_in=want.note_in, now=now)
        report.changed.append(SyncedNote(want.source_path, want.note_in.title, note.id))
    for source_path, note in sorted(existing.items()):
        assert note.id is not None
        gone = SyncedNote(source_path, note.title, note.id)
        if apply and note.id in remove:
            delete_note(session, actor=actor, note_id=note.id, now=now)
            report.removed.append(gone)
        else:
            report.missing.append(gone)
    return report
