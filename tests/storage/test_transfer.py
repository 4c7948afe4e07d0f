"""Whole-database export/import (all or nothing) and SQLite backup."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from curriculum.loader import Curriculum
from storage.engine import make_engine, session_scope
from storage.enums import PersonRole
from storage.errors import InvalidInput
from storage.migrate import head_revision
from storage.models import Assignment, HandIn, HandInFile, HandInVersion, Team, utc_now
from storage.transfer import (
    EXPORT_FORMAT,
    backup_sqlite,
    export_database,
    import_database,
    write_export,
)
from tests.conftest import TODAY
from tests.factories import (
    make_demo_engine,
    make_migrated_engine,
    make_person,
    make_team,
    table_rows,
)


@pytest.fixture(scope="module")
def seeded_url(curriculum: Curriculum, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SQLite file holding the demo team, seeded once for this module and only read."""
    url = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'proficio.db'}"
    engine = make_demo_engine(curriculum=curriculum, today=TODAY, url=url)
    engine.dispose()
    yield url


@pytest.fixture(scope="module")
def seeded_export(seeded_url: str) -> dict[str, Any]:
    engine = make_engine(seeded_url)
    data = export_database(engine)
    engine.dispose()
    return data


@pytest.fixture
def export(seeded_export: dict[str, Any]) -> dict[str, Any]:
    """A copy of the seeded export that a test may break."""
    return copy.deepcopy(seeded_export)


def _is_empty(engine: Engine) -> bool:
    return all(rows == [] for rows in table_rows(engine).values())


# --- export -----------------------------------------------------------------------------


def test_export_holds_every_table_and_the_schema_revision(seeded_export: dict[str, Any]) -> None:
    assert seeded_export["format"] == EXPORT_FORMAT
    assert seeded_export["schema_revision"] == head_revision()
    tables = seeded_export["tables"]
    assert len(tables["person"]) == 12
    assert len(tables["team"]) == 1
    assert tables["activitylog"], "the demo has activity to export"
    # Plain JSON: dates as ISO strings.
    assert isinstance(tables["activitylog"][0]["occurred_on"], str)
    json.dumps(seeded_export)


def test_write_export_writes_readable_json_and_counts_rows(seeded_url: str, tmp_path: Path) -> None:
    engine = make_engine(seeded_url)
    target = tmp_path / "exports" / "team.json"
    written = write_export(engine, target)
    engine.dispose()
    data = json.loads(target.read_text(encoding="utf-8"))
    assert written == sum(len(rows) for rows in data["tables"].values())
    assert written > 100
    # Accented names survive as text (ensure_ascii=False).
    assert "Tomás Alvarez" in target.read_text(encoding="utf-8")


# --- import -----------------------------------------------------------------------------


def test_export_then_import_gives_identical_rows(
    engine: Engine, seeded_export: dict[str, Any]
) -> None:
    loaded = import_database(engine, seeded_export)
    assert loaded == sum(len(rows) for rows in seeded_export["tables"].values())
    assert table_rows(engine) == seeded_export["tables"]


def test_imported_database_keeps_working(engine: Engine, seeded_export: dict[str, Any]) -> None:
    """New rows after an import get fresh ids (sequences moved past the imported ones)."""
    import_database(engine, seeded_export)
    with Session(engine) as session:
        team = make_team(session=session, name="Second team")
        person = make_person(session=session, team=team, role=PersonRole.LEAD)
        session.commit()
        imported_ids = {row["id"] for row in seeded_export["tables"]["person"]}
        assert person.id not in imported_ids


def test_import_keeps_mentors_even_when_listed_before_the_mentor(
    engine: Engine, export: dict[str, Any]
) -> None:
    people = export["tables"]["person"]
    assert any(row["mentor_id"] for row in people)
    export["tables"]["person"] = list(reversed(people))  # mentees before their mentors
    import_database(engine, export)
    mentors = {row["id"]: row["mentor_id"] for row in table_rows(engine)["person"]}
    assert mentors == {row["id"]: row["mentor_id"] for row in people}


def test_import_into_non_empty_database_is_refused_and_changes_nothing(
    engine: Engine, seeded_export: dict[str, Any]
) -> None:
    with Session(engine) as session:
        team = make_team(session=session, name="Already here")
        make_person(session=session, team=team, name="Existing Person")
        session.commit()
    before = table_rows(engine)
    with pytest.raises(InvalidInput, match="not empty") as error:
        import_database(engine, seeded_export)
    assert "team" in str(error.value)
    assert table_rows(engine) == before


def _first_with_mentor(export: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = next(r for r in export["tables"]["person"] if r["mentor_id"])
    return row


# Checks of the export's header run before any row is written: SQLite is enough for them.
SQLITE_ONLY = pytest.mark.parametrize("engine", ["sqlite"], indirect=True)

# Each breakage, and the words the refusal must contain to tell the person where to look.
HEADER_BREAKAGES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "wrong-format": (lambda d: d.update(format="spreadsheet"), ("format",)),
    "not-an-object": (lambda d: d.clear(), ("Not a Proficio export",)),
    "wrong-version": (lambda d: d.update(version=99), ("version 99",)),
    "other-revision": (lambda d: d.update(schema_revision="0000_older"), ("0000_older",)),
    "no-tables": (lambda d: d.update(tables=["team"]), ("'tables'",)),
    "unknown-table": (lambda d: d["tables"].update(grades=[{"id": 1}]), ("grades",)),
}
# These break a table loaded after others, so a half-done import would leave rows behind.
ROW_BREAKAGES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "unknown-column-early": (
        lambda d: d["tables"]["curriculumlevel"][0].update(colour="blue"),
        ("curriculumlevel", "colour", "row 1"),
    ),
    "bad-date": (
        lambda d: d["tables"]["activitylog"][0].update(occurred_on="2026-13-45"),
        ("activitylog", "occurred_on", "row 1"),
    ),
    "bad-timestamp": (
        lambda d: d["tables"]["enrollment"][2].update(created_at="yesterday"),
        ("enrollment", "created_at", "row 3"),
    ),
    "unknown-column": (
        lambda d: d["tables"]["activitylog"][0].update(mood="happy"),
        ("activitylog", "mood"),
    ),
    "broken-foreign-key": (
        lambda d: d["tables"]["activitylog"][0].update(module_id=99_999),
        ("activitylog",),
    ),
    "row-not-an-object": (
        lambda d: d["tables"]["moduleprogress"].__setitem__(1, ["not", "a", "row"]),
        ("moduleprogress", "row 2"),
    ),
    "table-not-a-list": (lambda d: d["tables"].update(track={"id": 1}), ("track",)),
    "broken-mentor": (lambda d: _first_with_mentor(d).update(mentor_id=99_999), ("person",)),
    "line-break-in-a-name": (
        lambda d: d["tables"]["person"][0].update(name="Priya\r\nBEGIN:VEVENT"),
        ("person", "name", "row 1", "line break"),
    ),
    "escape-in-a-body": (
        lambda d: d["tables"]["activitylog"][0].update(note="done \x1b[31m"),
        ("activitylog", "note", "control character"),
    ),
}


def _refused_saying(engine: Engine, export: dict[str, Any], words: tuple[str, ...]) -> None:
    with pytest.raises(InvalidInput) as error:
        import_database(engine, export)
    for word in words:
        assert word in str(error.value)
    assert _is_empty(engine)


@SQLITE_ONLY
@pytest.mark.parametrize("case", list(HEADER_BREAKAGES))
def test_export_with_a_bad_header_is_refused_saying_why(
    engine: Engine, export: dict[str, Any], case: str
) -> None:
    breakage, words = HEADER_BREAKAGES[case]
    breakage(export)
    _refused_saying(engine, export, words)


@pytest.mark.parametrize("case", list(ROW_BREAKAGES))
def test_bad_row_is_refused_saying_where_and_nothing_is_saved(
    engine: Engine, export: dict[str, Any], case: str
) -> None:
    """All or nothing: the refusal names the place, and none of the export's rows stay behind."""
    breakage, words = ROW_BREAKAGES[case]
    breakage(export)
    _refused_saying(engine, export, words)


@SQLITE_ONLY
def test_export_from_another_schema_revision_names_both_revisions(
    engine: Engine, export: dict[str, Any]
) -> None:
    export["schema_revision"] = "0000_older"
    with pytest.raises(InvalidInput) as error:
        import_database(engine, export)
    assert "0000_older" in str(error.value)
    assert str(head_revision()) in str(error.value)


# --- backup -----------------------------------------------------------------------------


def test_backup_is_a_readable_copy_with_the_same_rows(
    seeded_url: str, seeded_export: dict[str, Any], tmp_path: Path
) -> None:
    target = tmp_path / "backups" / "copy.db"
    assert backup_sqlite(seeded_url, target) == target
    copy_engine = make_engine(f"sqlite:///{target}")
    assert table_rows(copy_engine) == seeded_export["tables"]
    copy_engine.dispose()


def test_backup_includes_rows_still_in_the_write_ahead_log(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    live = make_migrated_engine(url=url)
    # An open read transaction keeps the write-ahead log from being folded into the file.
    with session_scope(live, writes=False) as reader:
        reader.exec(select(Team.id)).all()
        with session_scope(live) as session:
            make_team(session=session, name="Just committed")
        backup_sqlite(url, tmp_path / "copy.db")
    live.dispose()
    copy_engine = make_engine(f"sqlite:///{tmp_path / 'copy.db'}")
    assert [row["name"] for row in table_rows(copy_engine)["team"]] == ["Just committed"]
    copy_engine.dispose()


@pytest.mark.parametrize(
    "url",
    ["postgresql+psycopg://proficio@db.internal/proficio", "sqlite://", "sqlite:///:memory:"],
    ids=["postgresql", "sqlite-memory", "sqlite-memory-named"],
)
def test_backup_of_a_database_that_is_not_a_sqlite_file_is_refused(
    url: str, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput, match="pg_dump") as error:
        backup_sqlite(url, tmp_path / "copy.db")
    assert "export" in str(error.value)
    assert not (tmp_path / "copy.db").exists()


def test_backup_of_a_missing_file_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here.db"
    with pytest.raises(InvalidInput, match="no database"):
        backup_sqlite(f"sqlite:///{missing}", tmp_path / "copy.db")
    assert not missing.exists()  # the backup did not create an empty database either


def test_a_handed_in_file_survives_export_and_import_byte_for_byte(
    engine: Engine, tmp_path: Path
) -> None:
    content = b"%PDF-1.7\n\x00\xff binary bytes \x89\n%%EOF\n"
    source = make_migrated_engine(url=f"sqlite:///{tmp_path / 'source.db'}")
    with session_scope(source) as session:
        team = make_team(session=session)
        person = make_person(session=session, team=team)
        assignment = Assignment(key="m/a", title="A practical", evidence_level=1)
        session.add(assignment)
        session.flush()
        hand_in = HandIn(assignment_id=assignment.id or 0, person_id=person.id or 0)
        session.add(hand_in)
        session.flush()
        version = HandInVersion(hand_in_id=hand_in.id or 0, number=1, submitted_at=utc_now())
        session.add(version)
        session.flush()
        session.add(
            HandInFile(
                version_id=version.id or 0,
                name="report.pdf",
                media_type="application/pdf",
                size=len(content),
                content=content,
            )
        )
    data = json.loads(json.dumps(export_database(source)))  # through JSON text, as written
    source.dispose()
    import_database(engine, data)
    with Session(engine) as session:
        assert session.exec(select(HandInFile.content)).one() == content
    data["tables"]["handinfile"][0]["content"] = "not base64!"
    with pytest.raises(InvalidInput, match="base64"):
        import_database(make_migrated_engine(), data)
