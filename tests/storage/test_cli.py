"""`python -m storage`: migrate, export, import and backup, as a person runs them (and
`python -m bootstrap seed`, which fills the data folders they work on)."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bootstrap.__main__ import main as bootstrap_main
from storage.__main__ import EXIT_INTERRUPTED, main
from storage.engine import make_engine
from storage.migrate import current_revision, head_revision
from storage.progress import TerminalProgress
from storage.settings import get_settings
from storage.transfer import PHASE_CHECKING, PHASE_EXPORTING, PHASE_WRITING
from tests.factories import table_rows


def _point_at(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(data_dir))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    get_settings.cache_clear()


def _rows(data_dir: Path) -> dict[str, list[dict[str, object]]]:
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    rows = table_rows(engine)
    engine.dispose()
    return rows


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data folder seeded once through `seed --demo`, then only read."""
    data_dir = tmp_path_factory.mktemp("cli-demo")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.chdir(data_dir)  # no secrets file from the working folder
        _point_at(monkeypatch, data_dir)
        assert bootstrap_main(["seed", "--demo"]) == 0
    get_settings.cache_clear()
    yield data_dir


@pytest.fixture
def use_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Settings follow PROFICIO_DATA_DIR; a fresh, empty data folder to start with."""
    monkeypatch.chdir(tmp_path)
    _point_at(monkeypatch, tmp_path / "data")
    yield monkeypatch
    get_settings.cache_clear()


def test_migrate_creates_the_database_at_the_newest_revision(
    use_data_dir: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"]) == 0
    database = tmp_path / "data" / "proficio.db"
    assert database.is_file()
    assert f"Database at revision {head_revision()}." in capsys.readouterr().out
    engine = make_engine(f"sqlite:///{database}")
    assert current_revision(engine) == head_revision()
    engine.dispose()
    assert main(["migrate"]) == 0  # again: nothing to do, no error


def test_seed_loads_the_curriculum_only(
    use_data_dir: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bootstrap_main(["seed"]) == 0
    out = capsys.readouterr().out
    assert "Curriculum loaded:" in out and "4 tracks" in out
    rows = _rows(tmp_path / "data")
    assert len(rows["track"]) == 4
    assert rows["module"]
    assert rows["team"] == [] and rows["person"] == []
    assert bootstrap_main(["seed"]) == 0  # re-reading the curriculum is harmless
    assert len(_rows(tmp_path / "data")["module"]) == len(rows["module"])


def test_seed_demo_fills_an_empty_database(demo_dir: Path) -> None:
    rows = _rows(demo_dir)
    # Search Platform (12 people) and Platform Reliability (3), who share a community.
    assert sorted(t["name"] for t in rows["team"]) == ["Platform Reliability", "Search Platform"]
    assert len(rows["person"]) == 15
    assert rows["activitylog"]


def test_second_seed_demo_is_refused_and_changes_nothing(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _rows(demo_dir)
    _point_at(monkeypatch, demo_dir)
    try:
        assert bootstrap_main(["seed", "--demo"]) == 1
    finally:
        get_settings.cache_clear()
    assert "already has a team" in capsys.readouterr().out
    assert _rows(demo_dir) == before


def test_export_then_import_into_another_empty_data_folder(
    demo_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    export_file = tmp_path / "exports" / "team.json"
    _point_at(monkeypatch, demo_dir)
    assert main(["export", str(export_file)]) == 0
    data = json.loads(export_file.read_text(encoding="utf-8"))
    total = sum(len(rows) for rows in data["tables"].values())
    assert f"Wrote {total} rows to {export_file}." in capsys.readouterr().out

    other = tmp_path / "other-data"
    _point_at(monkeypatch, other)
    try:
        assert main(["import", str(export_file)]) == 0
    finally:
        get_settings.cache_clear()
    assert f"Imported {total} rows" in capsys.readouterr().out
    assert _rows(other) == _rows(demo_dir)


def test_import_into_a_non_empty_data_folder_fails_with_a_message(
    demo_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    export_file = tmp_path / "team.json"
    _point_at(monkeypatch, demo_dir)
    try:
        assert main(["export", str(export_file)]) == 0
        capsys.readouterr()
        assert main(["import", str(export_file)]) == 2
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert "not empty" in err
    assert "Traceback" not in err


def test_backup_to_a_named_file(
    demo_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "copies" / "before-upgrade.db"
    _point_at(monkeypatch, demo_dir)
    try:
        assert main(["backup", str(target)]) == 0
    finally:
        get_settings.cache_clear()
    assert f"Backed up to {target}." in capsys.readouterr().out
    copy_engine = make_engine(f"sqlite:///{target}")
    assert table_rows(copy_engine) == _rows(demo_dir)
    copy_engine.dispose()


def test_backup_without_a_name_goes_to_the_backups_folder(
    use_data_dir: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"]) == 0
    assert main(["backup"]) == 0
    [backup] = (tmp_path / "data" / "backups").glob("proficio-*.db")
    assert f"Backed up to {backup}." in capsys.readouterr().out
    engine = make_engine(f"sqlite:///{backup}")
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_backup_of_a_postgresql_database_explains_what_to_use(
    use_data_dir: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Never connected to: backup refuses before touching the server, so none is needed.
    use_data_dir.setenv("PROFICIO_DATABASE_URL", "postgresql+psycopg://app@db.invalid/proficio")
    get_settings.cache_clear()
    assert main(["backup", "copy.db"]) == 2
    err = capsys.readouterr().err
    assert "pg_dump" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("this is not json {", "cannot read"),
        ('{"format": "spreadsheet"}', "Not a Proficio export"),
    ],
    ids=["not-json", "not-an-export"],
)
def test_bad_import_file_gives_exit_code_2_and_a_message(
    use_data_dir: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    expected: str,
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["import", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("error: ")
    assert expected in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_import_with_a_broken_mentor_reference_gives_exit_code_2(
    demo_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    export_file = tmp_path / "team.json"
    _point_at(monkeypatch, demo_dir)
    assert main(["export", str(export_file)]) == 0
    data = json.loads(export_file.read_text(encoding="utf-8"))
    next(row for row in data["tables"]["person"] if row["mentor_id"])["mentor_id"] = 99_999
    export_file.write_text(json.dumps(data), encoding="utf-8")
    _point_at(monkeypatch, tmp_path / "other-data")
    try:
        assert main(["import", str(export_file)]) == 2
    finally:
        get_settings.cache_clear()
    assert "person" in capsys.readouterr().err


def test_import_of_a_missing_file_gives_exit_code_2(
    use_data_dir: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(tmp_path / "nowhere.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_unknown_command_is_a_usage_error(
    use_data_dir: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["vacuum"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_backup_then_restore_brings_back_exactly_what_was_backed_up(
    use_data_dir: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    assert bootstrap_main(["seed", "--demo"]) == 0
    before = _rows(data_dir)
    backup = tmp_path / "monday.db"
    assert main(["backup", str(backup)]) == 0

    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    with engine.begin() as connection:  # a day of changes that the restore must undo
        connection.exec_driver_sql("DELETE FROM activitylog")
        connection.exec_driver_sql("UPDATE person SET name = 'Renamed' WHERE id = 1")
    engine.dispose()
    changed = _rows(data_dir)
    capsys.readouterr()

    assert main(["restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert f"Restored {backup}" in out
    assert _rows(data_dir) == before
    [safety] = (data_dir / "backups").glob("proficio-before-restore-*.db")
    assert f"The database it replaced is kept at {safety}." in out
    safety_engine = make_engine(f"sqlite:///{safety}")
    assert table_rows(safety_engine) == changed  # nothing is lost by restoring either
    safety_engine.dispose()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "not a Proficio backup"),  # an empty file opens as an empty SQLite database
        (b"name,level\nAisha,3\n", "not a SQLite database"),
    ],
    ids=["empty-file", "csv-file"],
)
def test_restore_refuses_what_is_not_a_proficio_backup_and_keeps_the_database(
    use_data_dir: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    expected: str,
) -> None:
    assert main(["migrate"]) == 0
    before = _rows(tmp_path / "data")
    wrong = tmp_path / "wrong.db"
    wrong.write_bytes(content)
    assert main(["restore", str(wrong)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and expected in err
    assert "Traceback" not in err
    assert _rows(tmp_path / "data") == before
    assert not (tmp_path / "data" / "backups").exists()


def test_restore_of_a_missing_file_says_so(
    use_data_dir: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["restore", str(tmp_path / "nowhere.db")]) == 2
    assert "There is no backup at" in capsys.readouterr().err


# --- refusals that keep every file as it was ----------------------------------------------


def _one_line_refusal(capsys: pytest.CaptureFixture[str], expected: str) -> None:
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert expected in err


def test_export_never_overwrites_the_live_database(
    use_data_dir: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    assert bootstrap_main(["seed", "--demo"]) == 0
    before = _rows(data_dir)
    live = data_dir / "proficio.db"
    capsys.readouterr()
    for argv in (["export", str(live)], ["export", "--force", str(live)]):
        assert main(argv) == 2
        _one_line_refusal(capsys, f"{live} is the live database")
    assert _rows(data_dir) == before


def test_export_onto_an_existing_file_needs_force(
    demo_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "notes-to-self.txt"
    target.write_text("my own notes\n", encoding="utf-8")
    _point_at(monkeypatch, demo_dir)
    try:
        assert main(["export", str(target)]) == 2
        _one_line_refusal(capsys, f"{target} already exists; give another name, or --force")
        assert target.read_text(encoding="utf-8") == "my own notes\n"
        assert main(["export", "--force", str(target)]) == 0
    finally:
        get_settings.cache_clear()
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "proficio-export"


def test_backup_onto_an_existing_text_file_is_refused_in_one_line_unless_forced(
    demo_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "readme.txt"
    target.write_text("not a database\n", encoding="utf-8")
    _point_at(monkeypatch, demo_dir)
    try:
        assert main(["backup", str(target)]) == 2
        _one_line_refusal(capsys, f"{target} already exists")
        assert target.read_text(encoding="utf-8") == "not a database\n"
        assert main(["backup", "--force", str(target)]) == 0
    finally:
        get_settings.cache_clear()
    copy_engine = make_engine(f"sqlite:///{target}")
    assert table_rows(copy_engine) == _rows(demo_dir)
    copy_engine.dispose()


def _sqlite_file(path: Path, *statements: str) -> Path:
    connection = sqlite3.connect(path)
    with connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()
    return path


@pytest.mark.parametrize(
    ("revision", "expected"),
    [
        (None, "is not a complete Proficio backup: it has no table "),
        ("ffff", "is at schema revision 'ffff', which this version of Proficio does not know"),
    ],
    ids=["three-tables-at-head", "unknown-revision"],
)
def test_restore_refuses_an_incomplete_or_unknown_backup_before_replacing_anything(
    use_data_dir: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    revision: str | None,
    expected: str,
) -> None:
    data_dir = tmp_path / "data"
    assert bootstrap_main(["seed", "--demo"]) == 0
    before = _rows(data_dir)
    backup = _sqlite_file(
        tmp_path / "odd.db",
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
        f"INSERT INTO alembic_version VALUES ('{revision or head_revision()}')",
        "CREATE TABLE team (id INTEGER PRIMARY KEY, name VARCHAR)",
        "CREATE TABLE person (id INTEGER PRIMARY KEY, name VARCHAR)",
    )
    capsys.readouterr()
    assert main(["restore", str(backup)]) == 2
    _one_line_refusal(capsys, f"{backup} {expected}")
    assert _rows(data_dir) == before
    assert not (data_dir / "backups").exists()  # not even the safety copy was needed


def _unwritable_data_dir(tmp_path: Path, how: str) -> Path:
    """A data folder Proficio cannot write in: read-only (where chmod binds this user), or
    a path under a regular file (which holds even for root)."""
    if how == "read-only":
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
        if os.access(folder, os.W_OK):
            folder.chmod(0o755)
            pytest.skip("this user writes in read-only folders (root): see the under-a-file case")
        return folder
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    return blocker / "data"


@pytest.mark.parametrize("how", ["read-only", "under-a-file"])
def test_a_data_folder_proficio_cannot_write_in_is_named_in_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    how: str,
) -> None:
    data_dir = _unwritable_data_dir(tmp_path, how)
    monkeypatch.chdir(tmp_path)
    _point_at(monkeypatch, data_dir)
    try:
        assert main(["migrate"]) == 2
    finally:
        get_settings.cache_clear()
        if data_dir.is_dir():
            data_dir.chmod(0o755)  # so pytest can clean up
    _one_line_refusal(capsys, f"error: Proficio cannot write in its data folder {data_dir} (")


# --- progress of a long export or import ---------------------------------------------------


def test_export_and_import_show_their_progress_in_rows_on_stderr_unless_quiet(
    demo_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    export_file = tmp_path / "team.json"
    _point_at(monkeypatch, demo_dir)
    assert main(["export", str(export_file)]) == 0
    total = sum(len(rows) for rows in json.loads(export_file.read_text())["tables"].values())
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    # Not a terminal: a line per tenth (reported per table), and the last says every row.
    assert lines[0] == f"{PHASE_EXPORTING}: 0/{total} (0 %)"
    assert lines[-1] == f"{PHASE_EXPORTING}: {total}/{total} (100 %)"
    assert 3 <= len(lines) <= 12 and "exporting" not in captured.out
    assert main(["export", "--force", "--quiet", str(export_file)]) == 0
    assert capsys.readouterr().err == ""

    _point_at(monkeypatch, tmp_path / "other-data")
    try:
        assert main(["import", str(export_file)]) == 0
        lines = capsys.readouterr().err.splitlines()
        phases = list(dict.fromkeys(line.split(":")[0] for line in lines))
        assert phases == [PHASE_CHECKING, PHASE_WRITING]
        assert f"{PHASE_CHECKING}: {total}/{total} (100 %)" in lines
        assert lines[-1] == f"{PHASE_WRITING}: {total}/{total} (100 %)"
        _point_at(monkeypatch, tmp_path / "quiet-data")
        assert main(["import", "--quiet", str(export_file)]) == 0
        assert capsys.readouterr().err == ""
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize("phase", [PHASE_CHECKING, PHASE_WRITING])
def test_ctrl_c_during_an_import_imports_nothing_and_says_so(
    demo_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    phase: str,
) -> None:
    export_file = tmp_path / "team.json"
    _point_at(monkeypatch, demo_dir)
    assert main(["export", "--quiet", str(export_file)]) == 0
    capsys.readouterr()
    shown = TerminalProgress.__call__

    def interrupt_halfway(self: TerminalProgress, at: str, done: int, total: int) -> None:
        shown(self, at, done, total)
        if at == phase and done >= total // 2:  # some tables done, the rest not
            raise KeyboardInterrupt

    monkeypatch.setattr(TerminalProgress, "__call__", interrupt_halfway)
    other = tmp_path / "other-data"
    _point_at(monkeypatch, other)
    try:
        assert main(["import", str(export_file)]) == EXIT_INTERRUPTED
    finally:
        get_settings.cache_clear()
    captured = capsys.readouterr()
    assert captured.err.endswith(
        "\ninterrupted; nothing was imported (the import is all or nothing).\n"
    )
    assert captured.out == "" and "Traceback" not in captured.err
    assert not any(_rows(other).values()), "no row of the export was written"


def test_ctrl_c_during_an_export_writes_no_file_and_says_so(
    demo_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    export_file = tmp_path / "exports" / "team.json"
    shown = TerminalProgress.__call__

    def interrupt_halfway(self: TerminalProgress, at: str, done: int, total: int) -> None:
        shown(self, at, done, total)
        if done >= total // 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(TerminalProgress, "__call__", interrupt_halfway)
    _point_at(monkeypatch, demo_dir)
    assert main(["export", str(export_file)]) == EXIT_INTERRUPTED
    err = capsys.readouterr().err
    assert err.endswith(f"\ninterrupted; nothing was written to {export_file}.\n")
    assert not export_file.exists()
