"""Notes service: who sees, edits and deletes what; imports all or nothing; demo seeding."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bootstrap.demo.notes import seed_demo_notes
from search.notes import (
    ImportRefused,
    NoteInput,
    create_note,
    delete_note,
    get_note,
    import_files,
    list_notes,
    update_note,
)
from storage.enums import Visibility
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import Note, Person, SavedQuestionHit, Team
from storage.people import PersonRef
from tests.factories import make_module, make_person, make_ref, make_team

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def people(session: Session) -> dict[str, PersonRef]:
    team = make_team(session=session)
    grace = make_person(session=session, team=team, name="Grace")
    aisha = make_person(session=session, team=team, name="Aisha", mentor=grace)
    ben = make_person(session=session, team=team, name="Ben")
    return {p.name: make_ref(session=session, person=p) for p in (grace, aisha, ben)}


def _note(title: str = "IVF notes", **changes: object) -> NoteInput:
    values: dict[str, object] = {"title": title, "body": "Raise nprobe slowly.", **changes}
    return NoteInput(**values)  # type: ignore[arg-type]


def test_author_creates_and_edits_a_team_note_everyone_sees(
    session: Session, people: dict[str, PersonRef]
) -> None:
    note = create_note(
        session, actor=people["Grace"], note_in=_note(tags=("FAISS", " ivf ", "faiss")), now=NOW
    )
    assert note.tags == ("faiss", "ivf")
    assert get_note(session, actor=people["Ben"], note_id=note.id).title == "IVF notes"
    assert not get_note(session, actor=people["Ben"], note_id=note.id).can_edit
    later = NOW + timedelta(hours=1)
    edited = update_note(
        session, actor=people["Grace"], note_id=note.id, note_in=_note("IVF, revised"), now=later
    )
    assert edited.title == "IVF, revised"
    assert edited.updated_at == later


def test_only_the_author_edits_or_deletes(session: Session, people: dict[str, PersonRef]) -> None:
    note = create_note(session, actor=people["Grace"], note_in=_note(), now=NOW)
    with pytest.raises(PermissionDenied, match="Only the author"):
        update_note(
            session, actor=people["Ben"], note_id=note.id, note_in=_note("Hijacked"), now=NOW
        )
    with pytest.raises(PermissionDenied):
        delete_note(session, actor=people["Ben"], note_id=note.id, now=NOW)
    assert delete_note(session, actor=people["Grace"], note_id=note.id, now=NOW) == "IVF notes"
    assert session.exec(select(Note)).all() == []


def test_private_notes_are_seen_by_their_author_only(
    session: Session, people: dict[str, PersonRef]
) -> None:
    note = create_note(
        session, actor=people["Aisha"], note_in=_note(visibility=Visibility.PRIVATE), now=NOW
    )
    assert [n.id for n in list_notes(session, actor=people["Aisha"])] == [note.id]
    assert list_notes(session, actor=people["Grace"]) == []
    with pytest.raises(NotFound):
        get_note(session, actor=people["Grace"], note_id=note.id)


def test_pair_notes_are_seen_by_the_pair_and_need_a_real_partner(
    session: Session, people: dict[str, PersonRef]
) -> None:
    aisha_id = people["Aisha"].id
    note = create_note(
        session,
        actor=people["Grace"],
        note_in=_note(visibility=Visibility.PAIR, pair_person_id=aisha_id),
        now=NOW,
    )
    assert get_note(session, actor=people["Aisha"], note_id=note.id).pair_person_name == "Aisha"
    with pytest.raises(NotFound):
        get_note(session, actor=people["Ben"], note_id=note.id)
    with pytest.raises(InvalidInput, match="only with your mentor or your mentee"):
        create_note(
            session,
            actor=people["Ben"],
            note_in=_note(visibility=Visibility.PAIR, pair_person_id=aisha_id),
            now=NOW,
        )


def test_bad_input_names_every_problem_and_saves_nothing(
    session: Session, people: dict[str, PersonRef]
) -> None:
    with pytest.raises(InvalidInput) as error:
        create_note(
            session, actor=people["Grace"], note_in=_note(" ", body="", tags=("a b!",)), now=NOW
        )
    assert "title" in str(error.value) and "no text" in str(error.value)
    assert "a-b!" in str(error.value)
    assert session.exec(select(Note)).all() == []


def test_a_note_title_with_a_line_break_is_refused_not_quietly_joined(
    session: Session, people: dict[str, PersonRef]
) -> None:
    with pytest.raises(InvalidInput, match="line break"):
        create_note(session, actor=people["Grace"], note_in=_note("IVF\nnotes"), now=NOW)
    note = create_note(
        session, actor=people["Grace"], note_in=_note(body="One\r\nTwo\tthree"), now=NOW
    )
    assert get_note(session, actor=people["Grace"], note_id=note.id).body == "One\nTwo\tthree"
    with pytest.raises(InvalidInput, match="control character"):
        create_note(session, actor=people["Grace"], note_in=_note(body="bell \x07"), now=NOW)


def test_import_reads_markdown_text_and_front_matter(
    session: Session, people: dict[str, PersonRef]
) -> None:
    files = [
        ("hnsw.md", b"---\ntitle: HNSW knobs\ntags: [hnsw]\n---\nefSearch sets the beam."),
        ("chroma-where.txt", b"# Chroma where\nFilters run inside the query."),
        ("bm25_basics.md", "BM25 weighs rare words — more.".encode()),
    ]
    notes = import_files(session, actor=people["Ben"], files=files, now=NOW, tags=["imported"])
    assert [(n.title, n.tags) for n in notes] == [
        ("HNSW knobs", ("imported", "hnsw")),
        ("Chroma where", ("imported",)),
        ("Bm25 basics", ("imported",)),
    ]
    assert notes[1].body == "Filters run inside the query."
    assert notes[0].source_path == "hnsw.md"


def test_import_is_all_or_nothing_with_a_message_per_file(
    session: Session, people: dict[str, PersonRef]
) -> None:
    files = [
        ("good.md", b"Fine text."),
        ("empty.md", b"---\ntitle: Empty\n---\n"),
        ("slides.pptx", b"..."),
        ("latin1.txt", "caf\xe9".encode("latin-1")),
    ]
    with pytest.raises(ImportRefused) as refused:
        import_files(session, actor=people["Ben"], files=files, now=NOW)
    assert refused.value.problems == [
        "empty.md: the file has no text",
        "slides.pptx: only .md, .markdown, .txt, .pdf files can be imported",
        "latin1.txt: the file is not UTF-8 text (byte 4 cannot be read); save it as UTF-8",
    ]
    assert session.exec(select(Note)).all() == []


def test_import_reads_pdf_text(session: Session, people: dict[str, PersonRef]) -> None:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=200)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 20 100 Td (Quantization shrinks vectors) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    notes = import_files(
        session, actor=people["Ben"], files=[("pq-talk.pdf", buffer.getvalue())], now=NOW
    )
    assert notes[0].title == "Pq talk"
    assert "Quantization shrinks vectors" in notes[0].body


def test_demo_seeder_reads_notes_and_saved_questions(session: Session) -> None:
    team = Team(name="Search Platform")
    session.add(team)
    session.flush()
    assert team.id is not None
    for name in ("Grace", "Aisha"):
        person = make_person(session=session, team=team, name=name)
        person.email = f"{name.lower()}@lumen.example"
    make_module(session=session, key="faiss-in-practice")
    session.flush()
    today = NOW.date()
    report = seed_demo_notes(
        session,
        today=today,
        team_id=team.id,
        notes_dir=FIXTURES / "demo-notes",
        questions_file=FIXTURES / "saved-questions.yaml",
    )
    assert (report.notes, report.questions) == (2, 1)
    notes = {n.title: n for n in session.exec(select(Note))}
    nprobe = notes["Choosing nprobe"]
    assert nprobe.tags == ["faiss", "ivf"]
    assert nprobe.created_at.date() == today - timedelta(days=41)
    assert nprobe.updated_at.date() == today - timedelta(days=12)
    assert nprobe.body.startswith("# Choosing nprobe")
    homework = notes["Homework for our next 1:1"]
    assert homework.visibility == Visibility.PAIR
    aisha = session.exec(select(Person).where(Person.name == "Aisha")).one()
    assert homework.pair_person_id == aisha.id
    hits = session.exec(select(SavedQuestionHit).order_by(SavedQuestionHit.rank)).all()  # type: ignore[arg-type]
    assert [h.source_id for h in hits] == [nprobe.id, homework.id]


def test_demo_seeder_names_the_file_with_a_problem(session: Session, tmp_path: Path) -> None:
    team = make_team(session=session)
    assert team.id is not None
    (tmp_path / "bad.md").write_text("---\ntitle: Bad\nauthor: nobody@x\ncreated: -1\n---\nText")
    with pytest.raises(InvalidInput, match=r"bad\.md: 'author'"):
        seed_demo_notes(session, today=NOW.date(), team_id=team.id, notes_dir=tmp_path)
