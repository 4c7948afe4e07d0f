"""Note folder imports under hostile files: all files become notes, or the import is refused
with a line per bad file and the database is exactly as it was."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from search.notes import IMPORT_SUFFIXES, ImportRefused, import_files, list_notes
from storage.engine import session_scope
from storage.people import PersonRef
from storage.spreadsheets import FORMULA_PREFIXES
from storage.uploads import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB
from tests.factories import make_person, make_ref, make_team, table_rows

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def writer(engine: Engine) -> PersonRef:
    with session_scope(engine) as session:
        team = make_team(session=session, name="Search Platform")
        return make_ref(session=session, person=make_person(session=session, team=team))


words = st.text(min_size=1, max_size=60)
formula_like = st.tuples(st.sampled_from(FORMULA_PREFIXES), words).map("".join)
meta_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    words,
    formula_like,
    st.dates(),
    st.lists(st.one_of(words, st.integers(), st.none()), max_size=4),
    st.dictionaries(words, words, max_size=2),
)
front_matter = st.dictionaries(
    st.sampled_from(["title", "tags", "author", "module"]), meta_values, max_size=3
).map(lambda meta: "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n")


@st.composite
def note_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file as people drop them into a folder, good or broken in one of many ways."""
    stem = draw(st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True))
    suffix = draw(st.sampled_from([*IMPORT_SUFFIXES, ".MD", ".exe", ""]))
    body = draw(st.one_of(words, formula_like))
    head = draw(st.one_of(st.just(""), front_matter, st.just("# " + draw(formula_like) + "\n")))
    text = head + body
    kind = draw(
        st.sampled_from(
            [
                "utf-8",
                "bom",
                "latin-1",
                "nul",
                "huge",
                "binary",
                "duplicate-key",
                "nested",
                "pdf-like",
            ]
        )
    )
    content = {
        "utf-8": text.encode("utf-8", "surrogatepass"),
        "bom": b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass"),
        "latin-1": ("Notizen über Fernández\n" + body).encode("latin-1", "replace"),
        "nul": text.encode("utf-8", "surrogatepass") + b"\x00 tail",
        "huge": b"# Big\n" + b"x" * 1_000_000,
        "binary": draw(st.binary(max_size=300)),
        "duplicate-key": b"---\ntitle: One\ntitle: Two\n---\nBody text\n",
        "nested": b"---\ntags: " + b"[" * 500 + b"]" * 500 + b"\n---\nBody\n",
        "pdf-like": b"%PDF-1.4\n" + draw(st.binary(max_size=300)) + b"\n%%EOF\n",
    }[kind]
    return f"{stem}{suffix}", content


@HYPOTHESIS
@given(files=st.lists(note_files(), min_size=1, max_size=4, unique_by=lambda f: f[0]))
def test_a_folder_of_any_files_is_imported_whole_or_refused_naming_each_bad_file(
    engine: Engine, writer: PersonRef, files: list[tuple[str, bytes]]
) -> None:
    before = table_rows(engine)
    try:
        with session_scope(engine) as session:
            imported = import_files(session, actor=writer, files=files, now=NOW)
    except ImportRefused as refused:
        assert refused.problems
        names = {name for name, _ in files}
        for problem in refused.problems:
            name, _, why = problem.partition(": ")
            assert name in names and why, problem
        assert table_rows(engine) == before
        return
    assert len(imported) == len(files)
    with session_scope(engine, writes=False) as session:
        stored = {note.source_path: note for note in list_notes(session, actor=writer)}
    for note in imported:
        assert stored[note.source_path].body == note.body
        assert "\x00" not in note.title + note.body


def test_a_folder_with_one_bad_file_among_good_ones_saves_none_of_them(
    engine: Engine, writer: PersonRef, tmp_path: Path
) -> None:
    """End to end from a real folder, as the notes page reads it."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "faiss-tuning.md").write_text(
        "---\ntitle: FAISS tuning\ntags: [faiss, ops]\n---\nUse IVF with nprobe 16.\n",
        encoding="utf-8",
    )
    (folder / "chroma.md").write_bytes("\ufeff# Chroma\n\nPersistent client, cosine.\n".encode())
    (folder / "legacy.txt").write_bytes("Notizen über Sicherheit".encode("latin-1"))
    (folder / "twice.md").write_text("---\ntags: [a]\ntags: [b]\n---\nBody\n", encoding="utf-8")
    (folder / "nul.md").write_bytes(b"# Title\n\nBody with a \x00 in it\n")
    files = [(path.name, path.read_bytes()) for path in sorted(folder.iterdir())]
    before = table_rows(engine)
    with pytest.raises(ImportRefused) as refused, session_scope(engine) as session:
        import_files(session, actor=writer, files=files, now=NOW)
    assert str(refused.value) == "Nothing was imported: 3 file(s) have problems."
    problems = "\n".join(refused.value.problems)
    assert "legacy.txt: the file is not UTF-8 text" in problems
    assert "twice.md: front matter is not valid YAML" in problems and "appears twice" in problems
    assert "nul.md: The text holds characters that cannot be stored" in problems
    assert table_rows(engine) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"---\ntags: 5\n---\nBody\n", "front matter `tags` must be a list"),
        (
            b"---\ntitle: [" + b"[" * 5000 + b"]" * 5001 + b"\n---\nBody\n",
            "nested more than 64 levels",
        ),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", "cannot read the PDF"),
    ],
    ids=["tags-a-number", "deeply-nested", "broken-pdf"],
)
def test_a_file_with_odd_front_matter_or_a_broken_pdf_is_refused_with_its_reason(
    engine: Engine, writer: PersonRef, content: bytes, expected: str
) -> None:
    name = "broken.pdf" if content.startswith(b"%PDF") else "broken.md"
    with pytest.raises(ImportRefused) as refused, session_scope(engine) as session:
        import_files(session, actor=writer, files=[(name, content)], now=NOW)
    [problem] = refused.value.problems
    assert problem.startswith(f"{name}: ") and expected in problem


def test_a_note_file_with_a_yaml_alias_in_front_matter_is_refused_and_nothing_saved(
    engine: Engine, writer: PersonRef
) -> None:
    # The 509-byte "billion laughs": nine levels of nine aliases, gigabytes once printed.
    laughs = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]\n"
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    content = f"---\ntitle: Laughs\n{laughs}---\nBody\n".encode()
    before = table_rows(engine)
    with pytest.raises(ImportRefused) as refused, session_scope(engine) as session:
        import_files(session, actor=writer, files=[("laughs.md", content)], now=NOW)
    [problem] = refused.value.problems
    assert problem == (
        "laughs.md: front matter is not valid YAML: aliases and anchors (*name, &name) are "
        "not allowed (line 3)"
    )
    assert table_rows(engine) == before


def test_a_note_file_over_the_upload_limit_is_refused_before_it_is_read(
    engine: Engine, writer: PersonRef
) -> None:
    content = b"---\ntitle: Big\n---\n" + b"x" * MAX_UPLOAD_BYTES
    with pytest.raises(ImportRefused) as refused, session_scope(engine) as session:
        import_files(session, actor=writer, files=[("big.md", content)], now=NOW)
    [problem] = refused.value.problems
    assert (
        problem == f"big.md: the file is 2.0 MB; files of at most {MAX_UPLOAD_MB} MB can be read."
    )
