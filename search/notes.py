"""Notes: write, edit, delete and import markdown notes, with who may see and change what.

Rules: everyone in the team sees team notes; a private note is seen by its author only; a
pair note by its author and the other person of their mentoring pair. Only the author edits
or deletes a note. Every note has a category and an owner (who looks after it: its author to
start with, see search/note_review.py). An import is all or nothing: every file is checked
first, and any problem refuses the whole import with one message per file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

import yaml
from sqlalchemy import delete, update
from sqlmodel import Session, col, or_, select

from storage.access import may_read_note
from storage.audit import record
from storage.enums import NoteCategory, Visibility
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import (
    CommunityNote,
    MentoringPlan,
    Module,
    Note,
    NoteReview,
    Person,
    SharingSession,
)
from storage.people import PersonRef
from storage.search_sources import NOTE_SOURCE, hide_from_search
from storage.strict_yaml import load_yaml
from storage.text_rules import (
    as_sentence,
    body_problem,
    normalise_line_breaks,
    one_line_problem,
)
from storage.uploads import check_upload_size

MAX_TITLE_CHARS = 200
MAX_BODY_CHARS = 100_000
MAX_TAGS = 8
CATEGORY_LABELS = {
    NoteCategory.GUIDE: "Guide",
    NoteCategory.DECISION_RECORD: "Decision record",
    NoteCategory.CASE_STUDY: "Case study",
    NoteCategory.LESSONS_LEARNED: "Lessons learned / post-mortem",
    NoteCategory.RESOURCE: "Resource",
}
IMPORT_SUFFIXES = (".md", ".markdown", ".txt", ".pdf")
_TAG = re.compile(r"^[a-z0-9][a-z0-9+#.\-]*$")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class NoteInput:
    title: str
    body: str
    tags: tuple[str, ...] = ()
    module_id: int | None = None
    visibility: Visibility = Visibility.TEAM
    pair_person_id: int | None = None
    category: NoteCategory = NoteCategory.GUIDE
    review_by: date | None = None


@dataclass(frozen=True)
class NoteView:
    id: int
    title: str
    body: str
    tags: tuple[str, ...]
    module_id: int | None
    module_title: str | None
    visibility: Visibility
    author_id: int
    author_name: str
    pair_person_id: int | None
    pair_person_name: str | None
    source_path: str | None
    created_at: datetime
    updated_at: datetime
    can_edit: bool
    category: NoteCategory
    owner_id: int
    owner_name: str
    review_by: date | None
    reviewed_at: datetime | None
    last_opened_at: datetime | None
    can_look_after: bool  # the owner or a lead: change the owner, mark it reviewed


def normalise_tags(raw: Sequence[str] | str) -> tuple[str, ...]:
    """Lower-case, trimmed, de-duplicated tags from a list or a comma-separated string."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    tags: list[str] = []
    for item in items:
        tag = str(item).strip().lower().replace(" ", "-")
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def pair_partners(session: Session, person_id: int) -> set[int]:
    """People who form a mentoring pair with this person (mentor field or a mentoring plan)."""
    partners: set[int] = set()
    me = session.get(Person, person_id)
    if me is not None and me.mentor_id is not None:
        partners.add(me.mentor_id)
    partners.update(
        p.id for p in session.exec(select(Person).where(Person.mentor_id == person_id)) if p.id
    )
    plans = session.exec(
        select(MentoringPlan).where(
            or_(MentoringPlan.mentor_id == person_id, MentoringPlan.mentee_id == person_id)
        )
    )
    for plan in plans:
        partners.add(plan.mentee_id if plan.mentor_id == person_id else plan.mentor_id)
    partners.discard(person_id)
    return partners


def checked_input(session: Session, actor: PersonRef, note_in: NoteInput) -> NoteInput:
    """The input tidied (trimmed, tags normalised); InvalidInput names every problem."""
    title = note_in.title.strip()
    body = normalise_line_breaks(note_in.body).strip()
    problems: list[str] = []
    if not title:
        problems.append("Give the note a title.")
    elif len(title) > MAX_TITLE_CHARS:
        problems.append(f"Keep the title under {MAX_TITLE_CHARS} characters.")
    if not body:
        problems.append("The note has no text.")
    elif len(body) > MAX_BODY_CHARS:
        problems.append(f"Keep the text under {MAX_BODY_CHARS:,} characters.")
    problems += [
        as_sentence(p)
        for p in (one_line_problem(title, "title"), body_problem(body, "text"))
        if p is not None
    ]
    tags = normalise_tags(note_in.tags)
    if len(tags) > MAX_TAGS:
        problems.append(f"Use at most {MAX_TAGS} tags.")
    bad = [t for t in tags if not _TAG.match(t)]
    if bad:
        problems.append(f"Tags may hold letters, digits and - + # . only: {', '.join(bad)}.")
    if note_in.module_id is not None and session.get(Module, note_in.module_id) is None:
        problems.append("That module does not exist.")
    pair = note_in.pair_person_id if note_in.visibility == Visibility.PAIR else None
    if note_in.visibility == Visibility.PAIR:
        if pair is None:
            problems.append("A note for a mentoring pair needs the other person of the pair.")
        elif pair not in pair_partners(session, actor.id):
            problems.append("You can share a pair note only with your mentor or your mentee.")
    if problems:
        raise InvalidInput(" ".join(problems))
    return NoteInput(
        title,
        body,
        tags,
        note_in.module_id,
        note_in.visibility,
        pair,
        NoteCategory(note_in.category),
        note_in.review_by,
    )


def note_view(session: Session, note: Note, viewer: PersonRef) -> NoteView:
    """The note as `viewer` sees it, with names and what they may do with it."""
    assert note.id is not None
    author = session.get(Person, note.author_id)
    owner = author if note.owner_id == note.author_id else session.get(Person, note.owner_id)
    pair = session.get(Person, note.pair_person_id) if note.pair_person_id else None
    module = session.get(Module, note.module_id) if note.module_id else None
    return NoteView(
        id=note.id,
        title=note.title,
        body=note.body,
        tags=tuple(note.tags),
        module_id=note.module_id,
        module_title=module.title if module else None,
        visibility=Visibility(note.visibility),
        author_id=note.author_id,
        author_name=author.name if author else "someone who left",
        pair_person_id=note.pair_person_id,
        pair_person_name=pair.name if pair else None,
        source_path=note.source_path,
        created_at=note.created_at,
        updated_at=note.updated_at,
        can_edit=note.author_id == viewer.id,
        category=NoteCategory(note.category),
        owner_id=note.owner_id,
        owner_name=owner.name if owner else "someone who left",
        review_by=note.review_by,
        reviewed_at=note.reviewed_at,
        last_opened_at=note.last_opened_at,
        can_look_after=note.owner_id == viewer.id
        or (viewer.is_lead and viewer.team_id == note.team_id),
    )


def visible_note(session: Session, viewer: PersonRef, note_id: int) -> Note:
    """The note row if `viewer` may read it, else NotFound."""
    note = session.get(Note, note_id)
    if note is None or not may_read_note(session, viewer, note):
        raise NotFound("That note does not exist or is not shared with you.")
    return note


def get_note(session: Session, *, actor: PersonRef, note_id: int) -> NoteView:
    """A note the actor may see, else NotFound (a hidden note is not admitted to exist)."""
    return note_view(session, visible_note(session, actor, note_id), actor)


def list_notes(session: Session, *, actor: PersonRef) -> list[NoteView]:
    """Every note the actor may see, most recently changed first."""
    notes = session.exec(
        select(Note)
        .where(Note.team_id == actor.team_id)
        .order_by(col(Note.updated_at).desc(), col(Note.id).desc())
    )
    return [note_view(session, n, actor) for n in notes if may_read_note(session, actor, n)]


def create_note(
    session: Session,
    *,
    actor: PersonRef,
    note_in: NoteInput,
    now: datetime,
    source_path: str | None = None,
    owner_id: int | None = None,
) -> NoteView:
    """A new note by `actor`, owned by `owner_id` (default: the author); InvalidInput names
    every problem with the input."""
    data = checked_input(session, actor, note_in)
    owner = actor.id if owner_id is None else owner_id
    if owner != actor.id:
        check_owner(session, owner, team_id=actor.team_id, visibility=data.visibility)
    note = Note(
        team_id=actor.team_id,
        author_id=actor.id,
        owner_id=owner,
        category=data.category,
        review_by=data.review_by,
        title=data.title,
        body=data.body,
        tags=list(data.tags),
        module_id=data.module_id,
        visibility=data.visibility,
        pair_person_id=data.pair_person_id,
        source_path=source_path,
        created_at=now,
        updated_at=now,
    )
    session.add(note)
    session.flush()
    audit_note(session, actor, "note_written", note, now)
    return note_view(session, note, actor)


def update_note(
    session: Session, *, actor: PersonRef, note_id: int, note_in: NoteInput, now: datetime
) -> NoteView:
    """Change a note; only its author may."""
    note = visible_note(session, actor, note_id)
    if note.author_id != actor.id:
        raise PermissionDenied("Only the author can edit this note.")
    data = checked_input(session, actor, note_in)
    if data.visibility != Visibility.TEAM and note.owner_id != note.author_id:
        raise InvalidInput(
            "Someone else looks after this note, and a private or pair note is looked after by "
            "its author only: make yourself its owner first, or keep it shared with the team."
        )
    if (data.title, data.body, data.visibility, data.pair_person_id) != (
        note.title,
        note.body,
        note.visibility,
        note.pair_person_id,
    ):
        # Its old text and readers leave search now; the next index update brings it back.
        hide_from_search(session, NOTE_SOURCE, note_id)
    note.title = data.title
    note.body = data.body
    note.tags = list(data.tags)
    note.module_id = data.module_id
    note.visibility = data.visibility
    note.pair_person_id = data.pair_person_id
    note.category = data.category
    note.review_by = data.review_by
    note.updated_at = now
    session.add(note)
    session.flush()
    audit_note(session, actor, "note_edited", note, now)
    return note_view(session, note, actor)


def check_owner(session: Session, owner_id: int, *, team_id: int, visibility: Visibility) -> None:
    """InvalidInput unless `owner_id` is an active person of the team who may own a note of
    this visibility (a private or pair note is looked after by its author only)."""
    owner = session.get(Person, owner_id)
    if owner is None or owner.team_id != team_id or not owner.active:
        raise InvalidInput("The owner must be an active person of the team.")
    if visibility != Visibility.TEAM:
        raise InvalidInput("Only a team note can be owned by someone other than its author.")


def audit_note(
    session: Session,
    actor: PersonRef,
    action: str,
    note: Note,
    now: datetime,
    **extra: Any,
) -> None:
    # The title of a private or pair note is not the lead's to read, so only team notes
    # carry theirs into the audit log.
    detail: dict[str, Any] = {"visibility": Visibility(note.visibility).value, **extra}
    if note.visibility == Visibility.TEAM:
        detail["title"] = note.title
    record(
        session, actor=actor, action=action, entity="note", entity_id=note.id, detail=detail, at=now
    )


def delete_note(session: Session, *, actor: PersonRef, note_id: int, now: datetime) -> str:
    """Delete a note; only its author may. Returns the deleted note's title."""
    note = visible_note(session, actor, note_id)
    if note.author_id != actor.id:
        raise PermissionDenied("Only the author can delete this note.")
    title = note.title
    audit_note(session, actor, "note_deleted", note, now)
    hide_from_search(session, NOTE_SOURCE, note_id)
    # Communities it was shared with lose it; sessions that used it as material keep their
    # place without it.
    session.execute(delete(CommunityNote).where(col(CommunityNote.note_id) == note_id))
    session.execute(delete(NoteReview).where(col(NoteReview.note_id) == note_id))
    session.execute(
        update(SharingSession).where(col(SharingSession.note_id) == note_id).values(note_id=None)
    )
    session.delete(note)
    session.flush()
    return title


# --- files -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedFile:
    """A note read from a file: front matter (if any) and body."""

    title: str
    body: str
    meta: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)  # front matter key -> line in the file

    def at(self, key: str) -> str:
        """ ", line 4" for a front matter key's line, to name it in a message."""
        return f", line {self.lines[key]}" if key in self.lines else ""


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML front matter between `---` lines at the top, and the rest; ({}, text) if none."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    try:
        meta = load_yaml(match.group(1)) or {}
    except yaml.YAMLError as error:
        # The problem and its line in the file (the front matter starts on line 2), in one
        # sentence: "front matter is not valid YAML: aliases ... are not allowed (line 3)".
        problem = getattr(error, "problem", None) or "cannot be read"
        mark = getattr(error, "problem_mark", None)
        at = f" (line {mark.line + 2})" if mark is not None else ""
        raise InvalidInput(f"front matter is not valid YAML: {problem}{at}") from error
    if not isinstance(meta, dict):
        raise InvalidInput("front matter must be a set of `key: value` lines")
    return meta, text[match.end() :]


def _key_lines(text: str) -> dict[str, int]:
    """Each top-level front matter key and its line in the file (line 1 is the first `---`)."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}
    found: dict[str, int] = {}
    for number, line in enumerate(match.group(1).splitlines(), start=2):
        key = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if key and key.group(1) not in found:
            found[key.group(1)] = number
    return found


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n\n".join((page.extract_text() or "").strip() for page in reader.pages)
    except PdfReadError as error:
        raise InvalidInput(f"cannot read the PDF ({error})") from error
    except Exception as error:  # pypdf fails on broken files in many ways besides its own
        raise InvalidInput(f"cannot read the PDF ({error.__class__.__name__})") from error


def parse_note_file(name: str, data: bytes) -> ParsedFile:
    """Title and body of a .md / .txt / .pdf file; the title is the front matter's `title`,
    else the first `# heading`, else the file name."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise InvalidInput(f"only {', '.join(IMPORT_SUFFIXES)} files can be imported")
    check_upload_size("the file", len(data))
    lines: dict[str, int] = {}
    if suffix == ".pdf":
        meta: dict[str, Any] = {}
        body = _pdf_text(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InvalidInput(
                f"the file is not UTF-8 text (byte {error.start + 1} cannot be read); "
                "save it as UTF-8"
            ) from error
        meta, body = split_front_matter(text)
        lines = _key_lines(text)
    body = body.strip()
    title = str(meta.get("title") or "").strip()
    heading = re.match(r"\A#\s+(.+)\n?", body)
    if not title and heading:
        title = heading.group(1).strip()
    if heading and heading.group(1).strip() == title:
        body = body[heading.end() :].strip()
    if not title:
        title = PurePath(name).stem.replace("-", " ").replace("_", " ").strip().capitalize()
    if not body:
        raise InvalidInput("the file has no text")
    return ParsedFile(title, body, meta, lines)


FRONT_MATTER_KEYS = ("title", "category", "owner", "review_by", "tags", "visibility")
_CATEGORY_WORDS = {
    **{c.value.replace("_", " "): c for c in NoteCategory},
    "post-mortem": NoteCategory.LESSONS_LEARNED,
    "postmortem": NoteCategory.LESSONS_LEARNED,
    "adr": NoteCategory.DECISION_RECORD,
}


@dataclass(frozen=True)
class FileFields:
    """What a file's front matter sets about its note; None: the file does not say."""

    tags: tuple[str, ...]
    category: NoteCategory | None = None
    owner_id: int | None = None
    review_by: date | None = None
    visibility: Visibility | None = None


def file_fields(session: Session, team_id: int, parsed: ParsedFile) -> FileFields:
    """The front matter's category, owner (an email of the team), review_by (a date), tags and
    visibility (team or private); InvalidInput names every bad value with its line."""
    meta, problems = parsed.meta, []

    def bad(key: str, problem: str) -> None:
        problems.append(f"front matter `{key}` {problem}{parsed.at(key)}")

    category = owner_id = review_by = visibility = None
    tags: tuple[str, ...] = ()
    raw_tags = meta.get("tags") or []
    if isinstance(raw_tags, str | list):
        tags = normalise_tags(
            [str(t) for t in raw_tags] if isinstance(raw_tags, list) else raw_tags
        )
    else:
        bad("tags", "must be a list or comma-separated words")
    if meta.get("category") is not None:
        word = str(meta["category"]).strip().lower().replace("_", " ")
        category = _CATEGORY_WORDS.get(word) or _CATEGORY_WORDS.get(word.replace("-", " "))
        if category is None:
            kinds = ", ".join(c.value.replace("_", " ") for c in NoteCategory)
            bad("category", f"{meta['category']!r} is none of {kinds}")
    if meta.get("owner") is not None:
        email = str(meta["owner"]).strip().lower()
        owner = session.exec(
            select(Person).where(Person.email == email, Person.team_id == team_id)
        ).first()
        if owner is None or owner.id is None or not owner.active:
            bad("owner", f"{email!r} is not an active person of the team")
        else:
            owner_id = owner.id
    if meta.get("review_by") is not None:
        value = meta["review_by"]
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            review_by = value
        else:
            try:
                review_by = date.fromisoformat(str(value).strip())
            except ValueError:
                bad("review_by", f"{value!r} is not a date like 2027-03-31")
    if meta.get("visibility") is not None:
        word = str(meta["visibility"]).strip().lower()
        if word in (Visibility.TEAM, Visibility.PRIVATE):
            visibility = Visibility(word)
        else:
            bad(
                "visibility",
                f"{meta['visibility']!r} must be team or private "
                "(a pair note is shared on the Notes page)",
            )
    if problems:
        raise InvalidInput("; ".join(problems))
    return FileFields(tags, category, owner_id, review_by, visibility)


class ImportRefused(InvalidInput):
    """A folder import with problems; `problems` has one line per file."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"Nothing was imported: {len(problems)} file(s) have problems.")
        self.problems = problems


def import_files(
    session: Session,
    *,
    actor: PersonRef,
    files: Sequence[tuple[str, bytes]],
    now: datetime,
    visibility: Visibility = Visibility.TEAM,
    tags: Sequence[str] = (),
    module_id: int | None = None,
) -> list[NoteView]:
    """Notes from files (name, content), all or nothing: ImportRefused lists each bad file.

    Front matter `tags` in a file add to `tags`; its category, owner, review_by and
    visibility apply to that file's note; `visibility` and `module_id` to the others.
    """
    if not files:
        raise InvalidInput("Choose at least one file to import.")
    problems: list[str] = []
    ready: list[tuple[str, NoteInput, int | None]] = []
    for name, data in files:
        try:
            parsed = parse_note_file(name, data)
            fields = file_fields(session, actor.team_id, parsed)
            note_in = NoteInput(
                title=parsed.title,
                body=parsed.body,
                tags=normalise_tags([*tags, *fields.tags]),
                module_id=module_id,
                visibility=fields.visibility or visibility,
                pair_person_id=None,
                category=fields.category or NoteCategory.GUIDE,
                review_by=fields.review_by,
            )
            checked = checked_input(session, actor, note_in)
            if fields.owner_id not in (None, actor.id):
                check_owner(
                    session, fields.owner_id, team_id=actor.team_id, visibility=checked.visibility
                )
            ready.append((name, checked, fields.owner_id))
        except InvalidInput as error:
            problems.append(f"{name}: {error}")
    if problems:
        raise ImportRefused(problems)
    return [
        create_note(session, actor=actor, note_in=n, now=now, source_path=name, owner_id=owner)
        for name, n, owner in ready
    ]


@dataclass(frozen=True)
class NoteActivity:
    """Who wrote and who looked after the team's notes, for knowledge-transfer figures."""

    written: list[tuple[int, datetime]]  # (author id, written at)
    reviewed: list[tuple[int, datetime]]  # (reviewer id, reviewed at), every review


def note_activity(session: Session, team_id: int, since: datetime) -> NoteActivity:
    """The team's shared notes written, and every review of them, from `since` on. Private and
    pair notes are left out: they share nothing with the team, and their activity is their own.
    No permission check: figures for the team's lead, who decides who sees them."""
    shared = (Note.team_id == team_id, Note.visibility == Visibility.TEAM)
    written = session.exec(
        select(Note.author_id, Note.created_at).where(*shared, col(Note.created_at) >= since)
    ).all()
    reviewed = session.exec(
        select(NoteReview.reviewer_id, NoteReview.reviewed_at)
        .join(Note, col(Note.id) == NoteReview.note_id)
        .where(*shared, col(NoteReview.reviewed_at) >= since)
    ).all()
    return NoteActivity(
        written=[(author, at) for author, at in written],
        reviewed=[(reviewer, at) for reviewer, at in reviewed],
    )
