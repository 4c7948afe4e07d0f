"""Importing cards into one's own deck (an Anki `.apkg` or a CSV) and exporting a deck.

An import is all or nothing: every problem in the file is named, one line each, and nothing
is added until the whole file is good. Imported cards are the importer's own; each keeps
where it came from (`ReviewCard.source_key`), so importing the same file again adds nothing
twice. An export holds the cards of a person's deck, as Anki reads it (`.apkg`, through
genanki) or as a spreadsheet reads it (CSV: front, back, module, kind).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import itertools
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, col, select

from reviews.anki import (
    KIND_TAG,
    MAX_DECK_BYTES,
    MAX_DECK_MB,
    MODULE_TAG,
    CardDraft,
    DeckProblems,
    ReadCards,
    read_deck,
)
from reviews.deck import MAX_CARD_CHARS, deck_cards
from storage.access import ensure_can_see_person
from storage.audit import record
from storage.enums import CardKind
from storage.errors import InvalidInput
from storage.models import Module, ReviewCard
from storage.people import PersonRef, get_person
from storage.spreadsheets import from_spreadsheet, write_csv
from storage.text_rules import body_problem, normalise_line_breaks
from storage.uploads import check_upload_size

CSV_COLUMNS = ("front", "back", "module", "kind")
MAX_CSV_ROWS = 10_000
MAX_PROBLEM_LINES = 20  # more would hide the first ones; the count of the rest is said
DEFAULT_KIND = CardKind.CONCEPTUAL
# genanki needs fixed ids for the note type and deck, so Anki sees the same ones each time.
EXPORT_MODEL_ID = 1_607_392_319
EXPORT_DECK_ID = 2_059_400_110
EXPORT_MODEL_NAME = "Proficio card"


@dataclass(frozen=True)
class ImportResult:
    """What an import added, and what it left out."""

    file_name: str
    added: int
    already_there: int
    media_dropped: int = 0
    cards_without_text: int = 0

    @property
    def message(self) -> str:
        """The result in one line, as the page and the command line say it."""
        text = f"{self.file_name}: {self.added} new, {self.already_there} already there."
        if self.media_dropped:
            text += f" {self.media_dropped} images and sounds were not imported."
        if self.cards_without_text:
            text += (
                f" {self.cards_without_text} cards were left out: one side held nothing but "
                "images or sounds."
            )
        return text


def _refusal(name: str, problems: Sequence[str]) -> InvalidInput:
    shown = list(problems[:MAX_PROBLEM_LINES])
    if len(problems) > MAX_PROBLEM_LINES:
        shown.append(f"… and {len(problems) - MAX_PROBLEM_LINES} more problems.")
    return InvalidInput(f"{name} was not imported:\n" + "\n".join(shown))


# --- reading a CSV ----------------------------------------------------------------------


def csv_source_key(front: str, back: str) -> str:
    """Where a CSV card came from: its text, so the same row imported again is recognised."""
    return "csv:" + hashlib.sha256(f"{front}\x1f{back}".encode()).hexdigest()[:32]


def read_csv(data: bytes, name: str) -> ReadCards:
    """The cards of a CSV with the columns front, back, module and kind (module and kind may
    be empty), else DeckProblems."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DeckProblems([f"{name} is not UTF-8 text; save it as CSV UTF-8."]) from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise DeckProblems([f"{name} is not a readable CSV ({error})."]) from None
    if not rows:
        raise DeckProblems(
            [f"{name} is empty; its first line names the columns front, back, module, kind."]
        )
    header = [h.strip().lower() for h in rows[0]]
    if sorted(header) != sorted(CSV_COLUMNS):
        raise DeckProblems(
            [
                f"{name}'s first line must name the columns {', '.join(CSV_COLUMNS)}, "
                f"not {', '.join(header) or 'nothing'}."
            ]
        )
    if len(rows) - 1 > MAX_CSV_ROWS:
        raise DeckProblems([f"{name} has {len(rows) - 1} rows; at most {MAX_CSV_ROWS} at once."])
    problems, drafts = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line, as spreadsheets leave at the end
        if len(row) != len(header):
            problems.append(f"row {number}: {len(row)} cells where the header names {len(header)}.")
            continue
        cells = {
            h: normalise_line_breaks(from_spreadsheet(c)).strip()
            for h, c in zip(header, row, strict=True)
        }
        kind = None
        if cells["kind"]:
            if cells["kind"].lower() not in set(CardKind):
                problems.append(
                    f"row {number}: kind '{cells['kind']}' is none of "
                    f"{', '.join(k.value for k in CardKind)}."
                )
                continue
            kind = CardKind(cells["kind"].lower())
        front, back = cells["front"], cells["back"]
        drafts.append(
            CardDraft(
                f"row {number}",
                front,
                back,
                csv_source_key(front, back),
                cells["module"] or None,
                kind,
            )
        )
    if problems:
        raise DeckProblems(problems)
    return ReadCards(drafts)


# --- importing --------------------------------------------------------------------------


def _draft_problems(draft: CardDraft) -> list[str]:
    problems = []
    for side, text in (("front", draft.front), ("back", draft.back)):
        if not text:
            problems.append(f"{draft.where}: the {side} is empty.")
        elif len(text) > MAX_CARD_CHARS:
            problems.append(
                f"{draft.where}: the {side} has {len(text)} characters; at most {MAX_CARD_CHARS}."
            )
        elif problem := body_problem(text, side):
            problems.append(f"{draft.where}: {problem}.")
    return problems


def _read_file(name: str, data: bytes) -> ReadCards:
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        check_upload_size(name, len(data))
        return read_csv(data, name)
    if suffix == ".apkg":
        if len(data) > MAX_DECK_BYTES:
            raise InvalidInput(
                f"{name} is {len(data) / 1e6:.1f} MB; decks of at most {MAX_DECK_MB} MB "
                "can be read."
            )
        return read_deck(io.BytesIO(data), name)
    raise InvalidInput(f"{name}: only Anki decks (.apkg) and CSV files (.csv) can be imported.")


def export_guid(card: ReviewCard) -> str:
    """The Anki note id an export gives this card: the same each time, so Anki (and an
    import back here) knows the note again."""
    import genanki

    created = card.created_at.replace(tzinfo=None).isoformat(timespec="seconds")
    return str(genanki.guid_for("proficio-card", card.id, created))


def _known_keys(session: Session, person: PersonRef) -> set[str]:
    """The sources of the cards already in the person's deck: what they imported, what an
    export of it would be named, and its text as a CSV row."""
    keys = set()
    for card, _module, _author in deck_cards(session, person):
        if card.source_key:
            keys.add(card.source_key)
        keys.add(f"anki:{export_guid(card)}:0")
        keys.add(csv_source_key(card.front, card.back))
    return keys


def import_cards(
    session: Session,
    *,
    actor: PersonRef,
    file_name: str,
    data: bytes,
    now: datetime,
    module_key: str | None = None,
) -> ImportResult:
    """Add the cards of an Anki deck or a CSV to the actor's own deck, each once; all of
    them or, on any problem, none (InvalidInput names every problem, one line each)."""
    name = Path(file_name).name
    try:
        read = _read_file(name, data)
    except DeckProblems as refused:
        raise _refusal(name, refused.problems) from None
    problems = [p for draft in read.drafts for p in _draft_problems(draft)]
    wanted = {k for d in read.drafts if (k := module_key or d.module_key)}
    modules = {m.key: m for m in session.exec(select(Module).where(col(Module.key).in_(wanted)))}
    for key in sorted(k for k in wanted if k not in modules):
        used = [d.where for d in read.drafts if (module_key or d.module_key) == key]
        problems.append(f"{used[0]}: there is no module '{key}'.")
    if problems:
        raise _refusal(name, problems)
    known = _known_keys(session, get_person(session, actor.id))
    added = 0
    for draft in read.drafts:
        if draft.source_key in known:
            continue
        known.add(draft.source_key)
        module = modules.get(module_key or draft.module_key or "")
        session.add(
            ReviewCard(
                module_id=module.id if module else None,
                kind=draft.kind or DEFAULT_KIND,
                front=draft.front,
                back=draft.back,
                author_id=actor.id,
                source_key=draft.source_key,
                created_at=now,
            )
        )
        added += 1
    result = ImportResult(
        name, added, len(read.drafts) - added, read.media_dropped, read.cards_without_text
    )
    session.flush()
    record(
        session,
        actor=actor,
        action="cards_imported",
        entity="reviewcard",
        summary=f"Imported cards from {name}: {added} new, {result.already_there} already there.",
        detail={"file": name, "added": added, "already_there": result.already_there},
        at=now,
    )
    return result


# --- exporting --------------------------------------------------------------------------


def _exported(
    session: Session, actor: PersonRef, person_id: int
) -> list[tuple[ReviewCard, str | None]]:
    person = get_person(session, person_id)
    ensure_can_see_person(actor, person, "their cards")
    return [
        (card, module.key if module else None) for card, module, _ in deck_cards(session, person)
    ]


def export_cards_csv(session: Session, *, actor: PersonRef, person_id: int) -> str:
    """The person's deck as CSV (front, back, module, kind), safe to open in a spreadsheet."""
    rows = [
        (card.front, card.back, key or "", CardKind(card.kind).value)
        for card, key in _exported(session, actor, person_id)
    ]
    return write_csv(CSV_COLUMNS, rows)


def _field(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def export_cards_apkg(
    session: Session, *, actor: PersonRef, person_id: int, now: datetime
) -> bytes:
    """The person's deck as an Anki package: one basic note per card, its module and kind
    kept as tags (module::KEY, kind::KIND)."""
    import genanki

    model = genanki.Model(
        EXPORT_MODEL_ID,
        EXPORT_MODEL_NAME,
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
    )
    person = get_person(session, person_id)
    anki_deck = genanki.Deck(EXPORT_DECK_ID, f"Proficio — {person.name}")
    for card, key in _exported(session, actor, person_id):
        tags = [f"{KIND_TAG}{CardKind(card.kind).value}"]
        if key and not any(ch.isspace() for ch in key):
            tags.append(f"{MODULE_TAG}{key}")
        anki_deck.add_note(
            genanki.Note(
                model=model,
                fields=[_field(card.front), _field(card.back)],
                guid=export_guid(card),
                tags=tags,
            )
        )
    package = genanki.Package(anki_deck)
    # genanki's own write_to_file leaves its temporary database behind; this one is removed.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(path)
        package.write_to_db(
            connection.cursor(), now.timestamp(), itertools.count(int(now.timestamp() * 1000))
        )
        connection.commit()
        connection.close()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(path, "collection.anki2")
            archive.writestr("media", "{}")
    return out.getvalue()
