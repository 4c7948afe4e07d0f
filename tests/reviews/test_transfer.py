"""Importing an Anki deck or a CSV into one's own deck, and exporting a deck again."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import genanki
import pytest
from sqlmodel import col, select

from reviews.deck import browse_cards
from reviews.transfer import export_cards_apkg, export_cards_csv, import_cards
from storage.enums import CardKind
from storage.errors import InvalidInput
from storage.models import AuditEvent, ReviewCard
from tests.factories import ReviewDeck

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def anki_package(*notes: genanki.Note, media: list[str] | None = None) -> bytes:
    """An .apkg as Anki writes it, built with genanki."""
    anki_deck = genanki.Deck(2_059_400_111, "Imported")
    for note in notes:
        anki_deck.add_note(note)
    out = io.BytesIO()
    genanki.Package(anki_deck, media_files=media or []).write_to_file(out, timestamp=1.7e9)
    return out.getvalue()


def basic(front: str, back: str, guid: str, tags: list[str] | None = None) -> genanki.Note:
    return genanki.Note(genanki.BASIC_MODEL, [front, back], guid=guid, tags=tags or [])


def cloze(text: str, guid: str, extra: str = "") -> genanki.Note:
    return genanki.Note(genanki.CLOZE_MODEL, [text, extra], guid=guid)


def own_cards(s: ReviewDeck) -> list[tuple[str, str, str | None, CardKind]]:
    views = browse_cards(s.session, actor=s.bo, person_id=s.bo.id, now=T0)
    return sorted((v.front, v.back, v.module_key, v.kind) for v in views)


def test_an_anki_deck_with_basic_and_cloze_notes_becomes_own_cards(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    data = anki_package(
        basic("What is <b>BM25</b>?", "A ranking&nbsp;function<br>by term frequency", "g1"),
        cloze("{{c1::FAISS}} searches {{c2::vectors::what}}", "g2", extra="<i>Meta</i>"),
    )
    result = import_cards(s.session, actor=s.bo, file_name="search.apkg", data=data, now=T0)
    assert result.message == "search.apkg: 3 new, 0 already there."
    assert own_cards(s) == [
        ("FAISS searches [what]", "FAISS searches vectors\nMeta", None, CardKind.CONCEPTUAL),
        ("What is BM25?", "A ranking function\nby term frequency", None, CardKind.CONCEPTUAL),
        ("[...] searches vectors", "FAISS searches vectors\nMeta", None, CardKind.CONCEPTUAL),
    ]
    keys = s.session.exec(select(ReviewCard.source_key).where(ReviewCard.author_id == s.bo.id))
    assert sorted(k or "" for k in keys) == ["anki:g1:0", "anki:g2:0", "anki:g2:1"]


def test_importing_the_same_deck_again_adds_nothing_twice(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    data = anki_package(basic("Q1", "A1", "g1"), basic("Q2", "A2", "g2"))
    import_cards(s.session, actor=s.bo, file_name="d.apkg", data=data, now=T0)
    more = anki_package(basic("Q1", "A1", "g1"), basic("Q2", "A2", "g2"), basic("Q3", "A3", "g3"))
    again = import_cards(s.session, actor=s.bo, file_name="d.apkg", data=more, now=T0)
    assert again.message == "d.apkg: 1 new, 2 already there."
    assert [c[0] for c in own_cards(s)] == ["Q1", "Q2", "Q3"]


def test_a_deck_with_media_says_how_many_images_and_sounds_were_left_out(
    deck_setup: ReviewDeck, tmp_path: Path
) -> None:
    s = deck_setup
    picture = tmp_path / "cat.jpg"
    picture.write_bytes(b"\xff\xd8 not really a jpeg")
    data = anki_package(
        basic('Which animal? <img src="cat.jpg">', "A cat [sound:meow.mp3]", "g1"),
        basic('<img src="dog.jpg">', "A dog", "g2"),
        media=[str(picture)],
    )
    result = import_cards(s.session, actor=s.bo, file_name="pets.apkg", data=data, now=T0)
    assert result.message == (
        "pets.apkg: 1 new, 0 already there. 3 images and sounds were not imported. "
        "1 cards were left out: one side held nothing but images or sounds."
    )
    assert own_cards(s) == [("Which animal?", "A cat", None, CardKind.CONCEPTUAL)]


def test_module_and_kind_come_from_the_option_or_the_notes_tags(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    data = anki_package(basic("Q", "A", "g1", tags=["module::index-families", "kind::strategic"]))
    import_cards(s.session, actor=s.bo, file_name="a.apkg", data=data, now=T0)
    csv = b"front,back,module,kind\nQ2,A2,,\n"
    import_cards(
        s.session, actor=s.bo, file_name="b.csv", data=csv, now=T0, module_key="search-basics"
    )
    assert own_cards(s) == [
        ("Q", "A", "index-families", CardKind.STRATEGIC),
        ("Q2", "A2", "search-basics", CardKind.CONCEPTUAL),
    ]


def test_an_export_imported_into_another_deck_gives_the_same_cards(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    csv = (
        b"front,back,module,kind\n"
        b'"Two\nlines?",=SUM(A1),search-basics,procedural\n'
        b"Plain?,<b>not html</b> & more,,\n"
    )
    import_cards(s.session, actor=s.bo, file_name="mine.csv", data=csv, now=T0)
    before = own_cards(s)
    apkg = export_cards_apkg(s.session, actor=s.bo, person_id=s.bo.id, now=T0)
    exported_csv = export_cards_csv(s.session, actor=s.bo, person_id=s.bo.id)
    again = import_cards(s.session, actor=s.bo, file_name="mine.apkg", data=apkg, now=T0)
    assert again.message == "mine.apkg: 0 new, 2 already there."  # one's own export: no twins
    for person, name, data in ((s.mentor, "bo.apkg", apkg), (s.lead, "bo.csv", exported_csv)):
        raw = data.encode() if isinstance(data, str) else data
        import_cards(s.session, actor=person, file_name=name, data=raw, now=T0)
        theirs = browse_cards(s.session, actor=person, person_id=person.id, now=T0)
        assert sorted((v.front, v.back, v.module_key, v.kind) for v in theirs) == before


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"not a zip at all", "not an Anki deck: an .apkg file is a zip"),
        (b"PK\x03\x04broken", "not an Anki deck"),
    ],
)
def test_a_file_that_is_not_a_deck_is_refused(
    deck_setup: ReviewDeck, data: bytes, line: str
) -> None:
    with pytest.raises(InvalidInput, match=line):
        import_cards(deck_setup.session, actor=deck_setup.bo, file_name="x.apkg", data=data, now=T0)


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_unread(deck_setup: ReviewDeck) -> None:
    bomb = _zip({"collection.anki2": b"\0" * 30_000_000})
    assert len(bomb) < 100_000
    with pytest.raises(InvalidInput, match="zip bomb"):
        import_cards(deck_setup.session, actor=deck_setup.bo, file_name="b.apkg", data=bomb, now=T0)


def test_a_deck_in_ankis_newest_format_is_refused_with_what_to_do(deck_setup: ReviewDeck) -> None:
    data = _zip({"collection.anki2": b"old", "collection.anki21b": b"(zstd)"})
    with pytest.raises(InvalidInput, match="Support older Anki versions"):
        import_cards(deck_setup.session, actor=deck_setup.bo, file_name="n.apkg", data=data, now=T0)


def test_a_broken_collection_is_refused(deck_setup: ReviewDeck) -> None:
    data = _zip({"collection.anki2": b"SQLite format 3\x00" + b"\x07" * 4000})
    with pytest.raises(InvalidInput, match="not a readable Anki collection"):
        import_cards(deck_setup.session, actor=deck_setup.bo, file_name="c.apkg", data=data, now=T0)


def _with_unknown_note_type(data: bytes, tmp_path: Path) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "c.anki2") as db:
        db.execute("UPDATE notes SET mid = 42 WHERE guid = 'g2'")
    db.close()
    return _zip({"collection.anki2": (tmp_path / "c.anki2").read_bytes(), "media": b"{}"})


def test_an_unknown_note_type_refuses_the_whole_deck_naming_the_note(
    deck_setup: ReviewDeck, tmp_path: Path
) -> None:
    s = deck_setup
    data = _with_unknown_note_type(
        anki_package(basic("Q1", "A1", "g1"), basic("Q2", "A2", "g2")), tmp_path
    )
    with pytest.raises(InvalidInput) as refused:
        import_cards(s.session, actor=s.bo, file_name="u.apkg", data=data, now=T0)
    assert str(refused.value) == (
        "u.apkg was not imported:\nnote 2: its note type (42) is not in the collection."
    )
    assert own_cards(s) == []


def test_a_csv_with_problems_names_each_and_imports_nothing(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    csv = (
        "front,back,module,kind\n"
        "Fine?,Fine.,,\n"
        ",No front,,\n"
        f"Long?,{'x' * 1001},,\n"
        "Kind?,Bad kind,,poetic\n"
        "Module?,Gone,no-such-module,\n"
    ).encode()
    with pytest.raises(InvalidInput) as refused:
        import_cards(s.session, actor=s.bo, file_name="bad.csv", data=csv, now=T0)
    assert str(refused.value).splitlines() == [
        "bad.csv was not imported:",
        "row 5: kind 'poetic' is none of conceptual, procedural, strategic.",
    ]
    csv = csv.replace(b",poetic", b",")
    with pytest.raises(InvalidInput) as refused:
        import_cards(s.session, actor=s.bo, file_name="bad.csv", data=csv, now=T0)
    assert str(refused.value).splitlines() == [
        "bad.csv was not imported:",
        "row 3: the front is empty.",
        "row 4: the back has 1001 characters; at most 1000.",
        "row 6: there is no module 'no-such-module'.",
    ]
    assert own_cards(s) == []


def test_a_csv_with_the_wrong_header_is_refused(deck_setup: ReviewDeck) -> None:
    with pytest.raises(InvalidInput, match="must name the columns front, back, module, kind"):
        import_cards(
            deck_setup.session,
            actor=deck_setup.bo,
            file_name="q.csv",
            data=b"question,answer\nQ,A\n",
            now=T0,
        )


def test_an_import_is_in_the_audit_log(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    import_cards(
        s.session, actor=s.bo, file_name="a.csv", data=b"front,back,module,kind\nQ,A,,\n", now=T0
    )
    event = s.session.exec(
        select(AuditEvent).where(AuditEvent.action == "cards_imported").order_by(col(AuditEvent.id))
    ).one()
    assert event.actor_id == s.bo.id
    assert event.detail["added"] == 1


def _rewritten(data: bytes, tmp_path: Path, *statements: str) -> bytes:
    """The package with its collection changed by SQL, as a hostile uploader could."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (tmp_path / "h.anki2").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "h.anki2") as db:
        for statement in statements:
            db.execute(statement)
    db.close()
    return _zip({"collection.anki2": (tmp_path / "h.anki2").read_bytes(), "media": b"{}"})


@pytest.mark.parametrize(
    ("statements", "lines"),
    [
        (
            (
                "ALTER TABLE notes RENAME TO kept_notes",
                "CREATE VIEW notes AS SELECT * FROM kept_notes",
            ),
            ["The collection in collection.anki2 has a view named 'notes', not a table."],
        ),
        (
            ("ALTER TABLE col RENAME TO kept_col", "CREATE VIEW col AS SELECT * FROM kept_col"),
            ["The collection in collection.anki2 has a view named 'col', not a table."],
        ),
        (
            ("CREATE TRIGGER spy AFTER UPDATE ON cards BEGIN DELETE FROM notes; END",),
            ["The collection in collection.anki2 has a trigger 'spy' on 'cards'."],
        ),
        (
            (
                "DROP TABLE cards",
                "CREATE TRIGGER stamp AFTER INSERT ON notes BEGIN UPDATE col SET mod = 0; END",
            ),
            [
                "The collection in collection.anki2 has no 'cards' table.",
                "The collection in collection.anki2 has a trigger 'stamp' on 'notes'.",
            ],
        ),
    ],
    ids=["notes-a-view", "col-a-view", "trigger-on-cards", "no-cards-and-a-trigger"],
)
def test_a_deck_whose_collection_hides_views_or_triggers_is_refused_one_line_each(
    deck_setup: ReviewDeck, tmp_path: Path, statements: tuple[str, ...], lines: list[str]
) -> None:
    s = deck_setup
    data = _rewritten(anki_package(basic("Q1", "A1", "g1")), tmp_path, *statements)
    with pytest.raises(InvalidInput) as refused:
        import_cards(s.session, actor=s.bo, file_name="h.apkg", data=data, now=T0)
    assert str(refused.value) == "\n".join(["h.apkg was not imported:", *lines])
    assert own_cards(s) == []
