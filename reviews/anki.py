"""Reading an Anki deck (`.apkg`) into card drafts, from Anki's documented SQLite schema.

An `.apkg` is a zip holding the collection (`collection.anki21`, or `collection.anki2` from
older Anki) and the media files. Only the collection is unpacked, into a temporary file that
SQLite opens read-only; media are counted, never unpacked. Before anything is read the zip's
entries, declared sizes and compression ratio are checked, and the collection is read with a
cap on its real size, so a zip bomb is refused unread. The collection's schema is the
uploader's: it is opened with SQLite's `trusted_schema` off, and refused when its `col`,
`notes` or `cards` is a view or carries a trigger.

Basic note types give one card (first field the front, second the back, further non-empty
fields after the back); a cloze note gives one card per cloze number, its deletion shown as
"[...]" (or its hint) on the front and as its answer on the back. HTML becomes plain text;
images and sounds are dropped and counted.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

from storage.enums import CardKind

# A shared deck with its media runs to a few MB; Streamlit's upload limit is 20 MB.
MAX_DECK_MB = 20
MAX_DECK_BYTES = MAX_DECK_MB * 1_000_000
# The collection itself (SQLite, unpacked): ~100,000 notes of text.
MAX_COLLECTION_BYTES = 100_000_000
MAX_DECK_ENTRIES = 20_000  # media files in one package
# SQLite files pack well (empty pages); far beyond this ratio a zip is built to explode.
MAX_COMPRESSION_RATIO = 200
MEDIA_MAP_BYTES = 5_000_000
COLLECTION_NAMES = ("collection.anki21", "collection.anki2")  # newest first
COLLECTION_TABLES = ("col", "notes", "cards")  # what an Anki collection must hold as tables
NEWEST_FORMAT = "collection.anki21b"
FIELD_SEPARATOR = "\x1f"
CLOZE_MODEL = 1  # Anki's model "type": 0 standard, 1 cloze
KIND_TAG, MODULE_TAG = "kind::", "module::"  # how an export keeps a card's kind and module

_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_SOUND = re.compile(r"\[sound:([^\]]*)\]")
_BLOCKS = frozenset({"br", "div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr"})
_HIDDEN = frozenset({"script", "style"})


@dataclass(frozen=True)
class CardDraft:
    """One card read from a file, before it is checked against the database."""

    where: str  # "note 3", "row 4": how a problem names it
    front: str
    back: str
    source_key: str
    module_key: str | None = None
    kind: CardKind | None = None


@dataclass(frozen=True)
class ReadCards:
    """What a file holds: its cards, and what was left out."""

    drafts: list[CardDraft]
    media_dropped: int = 0
    cards_without_text: int = 0  # a side held nothing but images or sounds


class DeckProblems(Exception):
    """The file cannot be imported; one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# --- plain text -------------------------------------------------------------------------


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images: set[str] = set()
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "img":
            self.images.add(dict(attrs).get("src") or "")
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(self._hidden - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def plain_text(field: str) -> tuple[str, set[str]]:
    """A field's HTML as plain text (line breaks kept, tags and scripts gone), and the images
    and sounds it referred to."""
    sounds = set(_SOUND.findall(field))
    parser = _TextParser()
    parser.feed(_SOUND.sub("", field))
    parser.close()
    text = html.unescape("".join(parser.parts)).replace("\xa0", " ").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text, sounds | parser.images


def cloze_numbers(text: str) -> list[int]:
    """The cloze numbers a cloze field holds, in order."""
    return sorted({int(m.group(1)) for m in _CLOZE.finditer(text)})


def cloze_sides(text: str, number: int) -> tuple[str, str]:
    """Front and back of cloze `number`: on the front its deletions read "[...]" (or
    "[hint]"), on the back their answer; every other cloze shows its answer on both."""

    def front(match: re.Match[str]) -> str:
        if int(match.group(1)) != number:
            return match.group(2)
        return f"[{match.group(3)}]" if match.group(3) else "[...]"

    return _CLOZE.sub(front, text), _CLOZE.sub(lambda m: m.group(2), text)


# --- the package ------------------------------------------------------------------------


def _capped_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The entry's bytes, or None once more than `limit` come out (whatever it declared)."""
    chunks, total = [], 0
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 20):
            total += len(chunk)
            if total > limit:
                return None
            chunks.append(chunk)
    return b"".join(chunks)


def _checked_entries(archive: zipfile.ZipFile, name: str) -> dict[str, zipfile.ZipInfo]:
    entries = archive.infolist()
    problems = []
    if len(entries) > MAX_DECK_ENTRIES:
        problems.append(f"{name} holds {len(entries)} files; a deck may hold {MAX_DECK_ENTRIES}.")
    by_name = {e.filename: e for e in entries}
    if NEWEST_FORMAT in by_name:
        problems.append(
            f"{name} is in the newest Anki format, which Proficio cannot read: in Anki's "
            "export dialog tick 'Support older Anki versions' and export again."
        )
    elif not any(n in by_name for n in COLLECTION_NAMES):
        problems.append(f"{name} holds no Anki collection (collection.anki21 or .anki2).")
    for entry in (by_name.get(n) for n in COLLECTION_NAMES):
        if entry is None:
            continue
        if entry.file_size > MAX_COLLECTION_BYTES:
            problems.append(
                f"{entry.filename} unpacks to {entry.file_size / 1e6:.0f} MB; at most "
                f"{MAX_COLLECTION_BYTES / 1e6:.0f} MB can be read."
            )
        elif entry.file_size > max(entry.compress_size, 1) * MAX_COMPRESSION_RATIO:
            problems.append(
                f"{entry.filename} is packed {entry.file_size // max(entry.compress_size, 1)} "
                "times over: not a deck but a zip bomb."
            )
    if problems:
        raise DeckProblems(problems)
    return by_name


def _media_names(archive: zipfile.ZipFile, by_name: dict[str, zipfile.ZipInfo]) -> set[str]:
    """Names of the media files the package carries (its `media` map, else its other files)."""
    info = by_name.get("media")
    data = _capped_read(archive, info, MEDIA_MAP_BYTES) if info else None
    try:
        media = json.loads(data or b"{}")
    except ValueError:
        media = None
    if isinstance(media, dict):
        return {str(v) for v in media.values()}
    return {n for n in by_name if n not in (*COLLECTION_NAMES, "media")}


def read_deck(stream: IO[bytes], name: str) -> ReadCards:
    """The cards of an Anki package, else DeckProblems naming every problem found."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DeckProblems([f"{name} is not an Anki deck: an .apkg file is a zip."]) from None
    with archive:
        try:
            by_name = _checked_entries(archive, name)
            info = next(by_name[n] for n in COLLECTION_NAMES if n in by_name)
            collection = _capped_read(archive, info, MAX_COLLECTION_BYTES)
            media = _media_names(archive, by_name)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as e:
            raise DeckProblems([f"{name} is a damaged zip: {e}."]) from None
    if collection is None:
        raise DeckProblems([f"{info.filename} unpacks to more than its size says: a zip bomb."])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.sqlite"
        path.write_bytes(collection)
        return _read_collection(path, info.filename, media)


@dataclass(frozen=True)
class _Model:
    name: str
    cloze: bool
    fields: int


def _models(raw: str) -> dict[int, _Model]:
    data = json.loads(raw)
    models = {}
    for key, model in data.items():
        fields = model.get("flds")
        models[int(key)] = _Model(
            str(model.get("name", key)), model.get("type") == CLOZE_MODEL, len(fields)
        )
    return models


def _schema_problems(db: sqlite3.Connection, name: str) -> list[str]:
    """What makes a collection's own tables untrustworthy: one of them missing, a view in a
    table's place, or a trigger on it (an uploaded file's schema can hold any SQL)."""
    rows = db.execute(
        "SELECT type, name, tbl_name FROM sqlite_master WHERE name IN (?, ?, ?) "
        "OR (type = 'trigger' AND tbl_name IN (?, ?, ?))",
        (*COLLECTION_TABLES, *COLLECTION_TABLES),
    ).fetchall()
    kinds = {table: kind for kind, table, _ in rows if kind != "trigger"}
    problems = []
    for table in COLLECTION_TABLES:
        kind = kinds.get(table)
        if kind is None:
            problems.append(f"The collection in {name} has no '{table}' table.")
        elif kind != "table":
            problems.append(f"The collection in {name} has a {kind} named '{table}', not a table.")
    problems += [
        f"The collection in {name} has a trigger '{trigger}' on '{table}'."
        for kind, trigger, table in rows
        if kind == "trigger"
    ]
    return problems


def _rows(path: Path, name: str) -> tuple[dict[int, _Model], list[tuple[Any, ...]]]:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            # The schema comes from the upload: no function it names runs from a view,
            # trigger or default while it is read.
            db.execute("PRAGMA trusted_schema = OFF")
            if problems := _schema_problems(db, name):
                raise DeckProblems(problems)
            check = db.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise DeckProblems([f"The collection in {name} is damaged ({check})."])
            col = db.execute("SELECT models FROM col").fetchone()
            notes = db.execute("SELECT id, guid, mid, flds, tags FROM notes ORDER BY id").fetchall()
    except sqlite3.DatabaseError as error:
        raise DeckProblems([f"{name} is not a readable Anki collection ({error})."]) from None
    if col is None or not col[0] or col[0] == "{}":
        raise DeckProblems(
            [
                f"{name} keeps its note types in Anki's newer layout, which Proficio cannot read: "
                "export again with 'Support older Anki versions' ticked."
            ]
        )
    try:
        return _models(col[0]), notes
    except (ValueError, TypeError, AttributeError):
        raise DeckProblems([f"The note types in {name} are damaged."]) from None


def _tagged(tags: str) -> tuple[str | None, CardKind | None]:
    module_key, kind = None, None
    for tag in tags.split():
        if tag.startswith(MODULE_TAG):
            module_key = tag.removeprefix(MODULE_TAG)
        elif tag.startswith(KIND_TAG) and tag.removeprefix(KIND_TAG) in set(CardKind):
            kind = CardKind(tag.removeprefix(KIND_TAG))
    return module_key, kind


def _note_cards(model: _Model, fields: list[str]) -> Iterator[tuple[int, str, str]]:
    """(ordinal, front HTML, back HTML) of each card a note gives."""
    if model.cloze:
        extra = "<br>".join(f for f in fields[1:] if f.strip())
        for cloze in cloze_numbers(fields[0]):
            front, back = cloze_sides(fields[0], cloze)
            yield cloze - 1, front, back + (f"<br>{extra}" if extra else "")
        return
    yield 0, fields[0], "<br>".join(f for f in fields[1:] if f.strip())


def _read_collection(path: Path, name: str, media: set[str]) -> ReadCards:
    models, notes = _rows(path, name)
    problems: list[str] = []
    drafts: list[CardDraft] = []
    references: set[str] = set()
    without_text = 0
    for number, (_id, guid, mid, flds, tags) in enumerate(notes, start=1):
        where = f"note {number}"
        model = models.get(mid)
        fields = str(flds).split(FIELD_SEPARATOR)
        if model is None:
            problems.append(f"{where}: its note type ({mid}) is not in the collection.")
            continue
        if not model.cloze and model.fields < 2:
            problems.append(
                f"{where}: note type '{model.name}' has one field; a card needs a front and a back."
            )
            continue
        if len(fields) != model.fields:
            problems.append(
                f"{where}: {len(fields)} fields where '{model.name}' has {model.fields}."
            )
            continue
        if model.cloze and not cloze_numbers(fields[0]):
            problems.append(f"{where}: a cloze note without any {{{{c1::…}}}} deletion.")
            continue
        module_key, kind = _tagged(str(tags))
        for ordinal, front_html, back_html in _note_cards(model, fields):
            front, front_media = plain_text(front_html)
            back, back_media = plain_text(back_html)
            references |= front_media | back_media
            if not front or not back:
                without_text += 1
                continue
            key = f"anki:{guid}:{ordinal}"
            drafts.append(CardDraft(where, front, back, key, module_key, kind))
    if problems:
        raise DeckProblems(problems)
    return ReadCards(drafts, len(media | references), without_text)
