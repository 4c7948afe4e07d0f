"""`python -m bootstrap team create`, `python -m storage team list` and `people …`, as a person
runs them on a SQLite data folder: exit 0 when done, exit 2 with one line per problem when the
input is wrong, nothing half-written."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bootstrap.__main__ import main as bootstrap_main
from storage import formats
from storage.__main__ import main
from storage.engine import make_engine
from storage.progress import TerminalProgress
from storage.settings import get_settings
from storage.transfer import backup_sqlite
from tests.factories import table_rows

LEAD = ["--lead-email", "Lena@Example.com", "--lead-name", "Lena Lindqvist"]
PEOPLE = (
    "name,email,role,job_role,mentor_email\n"
    "Mei Chen,mei@example.com,learner,Backend engineer,tomas@example.com\n"
    "Jonas Berg,Jonas@Example.com,learner,Backend engineer,lena@example.com\n"
    "Tomás Ortega,tomas@example.com,mentor,Staff engineer,\n"
)


def _point_at(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(data_dir))
    for name in ("DATABASE_URL", "ADMIN_EMAILS", "CURRICULUM_DIR"):
        monkeypatch.delenv(f"PROFICIO_{name}", raising=False)
    get_settings.cache_clear()


def _rows(data_dir: Path) -> dict[str, list[dict[str, Any]]]:
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    rows = table_rows(engine)
    engine.dispose()
    return rows


@pytest.fixture(scope="module")
def first_team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int, str]]:
    """A data folder set up once by `team create` (which also loads the curriculum), with the
    exit code and what it printed; tests work on copies of it."""
    data_dir = tmp_path_factory.mktemp("cli-team")
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.chdir(data_dir)  # no secrets file from the working folder
        _point_at(monkeypatch, data_dir)
        with contextlib.redirect_stdout(out):
            code = bootstrap_main(["team", "create", "Search", *LEAD])
    get_settings.cache_clear()
    yield data_dir, code, out.getvalue()


@pytest.fixture
def data_dir(
    first_team: tuple[Path, int, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """This test's own copy of the one-team data folder, which the settings point at."""
    template, code, _ = first_team
    assert code == 0
    copy = tmp_path / "data"
    backup_sqlite(f"sqlite:///{template / 'proficio.db'}", copy / "proficio.db")
    monkeypatch.chdir(tmp_path)
    _point_at(monkeypatch, copy)
    yield copy
    get_settings.cache_clear()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one `python -m storage` command."""
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def set_up(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one `python -m bootstrap` command."""
    capsys.readouterr()
    code = bootstrap_main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def people_file(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    return path


def today() -> str:
    return formats.day(datetime.now(UTC).date())


# --- team -------------------------------------------------------------------------------


def test_the_first_team_sets_up_the_organisation_with_its_lead_as_admin(
    first_team: tuple[Path, int, str],
) -> None:
    data_dir, code, out = first_team
    assert code == 0
    assert out == "Created team Search with lead Lena Lindqvist <lena@example.com>.\n"
    rows = _rows(data_dir)
    assert [o["name"] for o in rows["organisation"]] == ["Search"]
    assert len(rows["track"]) == 4 and rows["module"], "the curriculum came with it"
    [lena] = rows["person"]
    assert (lena["email"], lena["role"], lena["is_admin"]) == ("lena@example.com", "lead", True)


def test_a_second_team_and_the_team_list(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = set_up(
        capsys,
        "team",
        "create",
        " Ranking ",
        "--lead-email",
        "omar@example.com",
        "--lead-name",
        "Omar Haddad",
    )
    assert (code, out, err) == (
        0,
        "Created team Ranking with lead Omar Haddad <omar@example.com>.\n",
        "",
    )
    omar = next(p for p in _rows(data_dir)["person"] if p["email"] == "omar@example.com")
    assert omar["is_admin"] is False, "only the first team's lead is an admin"

    assert run(capsys, "team", "list") == (
        0,
        "Ranking: 1 people; lead Omar Haddad\nSearch: 1 people; lead Lena Lindqvist\n",
        "",
    )
    code, out, _ = run(capsys, "team", "list", "--json")
    assert code == 0
    assert [(t["name"], t["members"], t["leads"], t["archived"]) for t in json.loads(out)] == [
        ("Ranking", 1, ["Omar Haddad"], False),
        ("Search", 1, ["Lena Lindqvist"], False),
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["search", "--lead-email", "omar@example.com", "--lead-name", "Omar Haddad"],
            "There is already a team called 'search'.",
        ),
        (
            ["Ranking", "--lead-email", "omar.example.com", "--lead-name", "Omar Haddad"],
            "'omar.example.com' is not an email address (name@example.com).",
        ),
        (
            ["Ranking", "--lead-email", "LENA@example.com", "--lead-name", "Omar Haddad"],
            "lena@example.com is already Lena Lindqvist's email.",
        ),
        (
            ["Ranking", "--lead-email", "omar@example.com", "--lead-name", "  "],
            "The name is empty.",
        ),
    ],
    ids=["name-taken", "bad-email", "email-taken", "no-lead-name"],
)
def test_a_refused_team_exits_2_with_one_line_and_writes_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    before = _rows(data_dir)
    assert set_up(capsys, "team", "create", *argv) == (2, "", f"error: {message}\n")
    assert _rows(data_dir) == before


def test_a_refused_first_team_leaves_the_data_folder_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _point_at(monkeypatch, tmp_path / "data")
    try:
        code, out, err = set_up(
            capsys, "team", "create", "Search", "--lead-email", "lena", "--lead-name", "Lena"
        )
    finally:
        get_settings.cache_clear()
    assert (code, out, err) == (
        2,
        "",
        "error: 'lena' is not an email address (name@example.com).\n",
    )
    rows = _rows(tmp_path / "data")
    assert rows["organisation"] == [] and rows["team"] == [] and rows["person"] == []
    assert rows["module"] == [], "the curriculum loaded with it was rolled back too"


# --- people import ----------------------------------------------------------------------


def test_a_dry_run_shows_the_changes_and_writes_nothing(
    data_dir: Path, people_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _rows(data_dir)
    assert run(capsys, "people", "import", str(people_file), "--team", "search", "--dry-run") == (
        0,
        "add: Mei Chen <mei@example.com>, Search\n"
        "add: Jonas Berg <jonas@example.com>, Search\n"
        "add: Tomás Ortega <tomas@example.com>, Search\n"
        f"Would import {people_file}: 3 to add, 0 to update, 0 unchanged.\n",
        "",
    )
    assert _rows(data_dir) == before


def test_an_import_adds_people_and_the_same_file_again_changes_nothing(
    data_dir: Path, people_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "people", "import", str(people_file), "--team", "Search")
    assert code == 0
    assert out.splitlines()[-1] == f"Imported {people_file}: 3 added, 0 updated, 0 unchanged."
    assert err.splitlines()[-1] == "writing people: 3/3 (100 %)"  # progress, on stderr only
    assert run(capsys, "people", "list") == (
        0,
        "Search: Jonas Berg <jonas@example.com>, learner, Backend engineer, mentor Lena Lindqvist\n"
        "Search: Lena Lindqvist <lena@example.com>, lead, Team lead\n"
        "Search: Mei Chen <mei@example.com>, learner, Backend engineer, mentor Tomás Ortega\n"
        "Search: Tomás Ortega <tomas@example.com>, mentor, Staff engineer\n",
        "",
    )
    before = _rows(data_dir)
    assert run(capsys, "people", "import", str(people_file), "--team", "Search") == (
        0,
        f"Imported {people_file}: 0 added, 0 updated, 3 unchanged.\n",
        "",
    )
    assert _rows(data_dir) == before, "nothing written, not even an audit event"


def test_an_import_shows_its_progress_in_rows_on_stderr_unless_quiet(
    data_dir: Path, people_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "people", "import", str(people_file), "--team", "Search")
    assert code == 0 and "adding people" not in out
    lines = err.splitlines()
    assert lines[0].startswith("adding people: 1/3 (33 %)")
    assert "adding people: 3/3 (100 %)" in lines
    assert lines[-1] == "writing people: 3/3 (100 %)"
    moved = people_file.with_name("renamed.csv")
    moved.write_text(PEOPLE.replace("Backend engineer", "Search engineer"))
    code, _, err = run(capsys, "people", "import", str(moved), "--team", "Search", "--quiet")
    assert (code, err) == (0, "")


def test_ctrl_c_during_an_import_imports_nothing_and_says_so(
    data_dir: Path,
    people_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = _rows(data_dir)
    shown = TerminalProgress.__call__

    def interrupt_halfway(self: TerminalProgress, phase: str, done: int, total: int) -> None:
        shown(self, phase, done, total)
        if phase == "writing people" and done == 2:  # two people written, the third not
            raise KeyboardInterrupt

    monkeypatch.setattr(TerminalProgress, "__call__", interrupt_halfway)
    code, out, err = run(capsys, "people", "import", str(people_file), "--team", "Search")
    assert code == 130
    assert "Imported" not in out
    assert err.splitlines()[-1] == (
        "interrupted; nothing was imported (the import is all or nothing)."
    )
    assert _rows(data_dir) == before, "not one person, not one audit event"


def test_an_import_from_the_command_line_may_move_people_between_teams(
    data_dir: Path, people_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "people", "import", str(people_file), "--team", "Search")[0] == 0
    assert (
        set_up(
            capsys,
            "team",
            "create",
            "Ranking",
            "--lead-email",
            "omar@example.com",
            "--lead-name",
            "Omar Haddad",
        )[0]
        == 0
    )
    moving = tmp_path / "move.csv"
    moving.write_text(
        "name,email,role,job_role,mentor_email,team\n"
        "Mei Chen,mei@example.com,learner,Backend engineer,omar@example.com,Ranking\n",
        encoding="utf-8",
    )
    assert run(capsys, "people", "import", str(moving), "--quiet") == (
        0,
        "update: Mei Chen <mei@example.com>, Ranking "
        "(team: Search → Ranking; mentor: tomas@example.com → omar@example.com)\n"
        f"Imported {moving}: 0 added, 1 updated, 0 unchanged.\n",
        "",
    )
    code, out, _ = run(capsys, "people", "list", "--team", "RANKING")
    assert (code, out) == (
        0,
        "Ranking: Mei Chen <mei@example.com>, learner, Backend engineer, mentor Omar Haddad\n"
        "Ranking: Omar Haddad <omar@example.com>, lead, Team lead\n",
    )


def test_a_file_with_problems_exits_2_with_one_line_each_and_imports_nothing(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name,email,role,job_role,mentor_email,team\n"
        "Mei Chen,mei@example.com,lerner,Backend engineer,,Search\n"
        "\n"
        "Jonas Berg,jonas@example,learner,Backend engineer,,Serch\n",
        encoding="utf-8",
    )
    before = _rows(data_dir)
    code, out, err = run(capsys, "people", "import", str(bad))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{bad}: row 2, role 'lerner': 'lerner' is not a role: use lead, mentor or learner.",
        f"{bad}: row 4, email 'jonas@example': "
        "'jonas@example' is not an email address (name@example.com).",
        f"{bad}: row 4, team 'Serch': there is no team called 'Serch'",
        "Nothing imported: 3 problem(s).",
    ]
    assert _rows(data_dir) == before


@pytest.mark.parametrize(
    ("argv", "err"),
    [
        (
            ["--team", "Nowhere"],
            "{file}: There is no team called 'Nowhere'.\nNothing imported: 1 problem(s).\n",
        ),
        (
            [],
            "{file}: row 2, team '': no team: fill the team column or choose the team to "
            "import into\n{file}: row 3, team '': no team: fill the team column or choose the team "
            "to import into\n{file}: row 4, team '': no team: fill the team column or choose the "
            "team to import into\nNothing imported: 3 problem(s).\n",
        ),
    ],
    ids=["unknown-team", "no-team"],
)
def test_an_import_without_a_known_team_exits_2(
    data_dir: Path,
    people_file: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    err: str,
) -> None:
    before = _rows(data_dir)
    assert run(capsys, "people", "import", str(people_file), *argv) == (
        2,
        "",
        err.format(file=people_file),
    )
    assert _rows(data_dir) == before


def test_a_missing_file_exits_2(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.csv"
    assert run(capsys, "people", "import", str(missing)) == (
        2,
        "",
        f"error: Cannot read {missing}: No such file or directory.\n",
    )


def test_a_problem_with_a_line_break_in_its_value_is_still_one_line(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "two-lines.csv"
    bad.write_text(
        'name,email,role,job_role,mentor_email,team\n"Mei\nChen",mei@example.com,learner,Eng,,Search\n',
        encoding="utf-8",
    )
    code, _, err = run(capsys, "people", "import", str(bad))
    assert code == 2
    assert len(err.splitlines()) == 2, err  # the problem, then "Nothing imported: 1 problem(s)."


# --- people list and deactivate ---------------------------------------------------------


def test_people_list_as_json_and_for_an_unknown_team(
    data_dir: Path, people_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "people", "import", str(people_file), "--team", "Search")
    code, out, _ = run(capsys, "people", "list", "--team", "search", "--json")
    assert code == 0
    people = json.loads(out)
    assert [(p["name"], p["email"], p["role"], p["mentor_name"], p["active"]) for p in people] == [
        ("Jonas Berg", "jonas@example.com", "learner", "Lena Lindqvist", True),
        ("Lena Lindqvist", "lena@example.com", "lead", None, True),
        ("Mei Chen", "mei@example.com", "learner", "Tomás Ortega", True),
        ("Tomás Ortega", "tomas@example.com", "mentor", None, True),
    ]
    assert {p["team_name"] for p in people} == {"Search"}
    assert people[1]["is_admin"] is True
    assert run(capsys, "people", "list", "--team", "Nowhere") == (
        2,
        "",
        "error: There is no team called 'Nowhere'.\n",
    )


def test_a_deactivated_person_leaves_the_list_and_shows_with_all(
    data_dir: Path, people_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "people", "import", str(people_file), "--team", "Search")
    assert run(capsys, "people", "deactivate", " MEI@example.com ") == (
        0,
        f"Deactivated Mei Chen <mei@example.com> from {today()}.\n",
        "",
    )
    code, out, _ = run(capsys, "people", "list")
    assert code == 0 and "Mei Chen" not in out
    code, out, _ = run(capsys, "people", "list", "--all")
    left = datetime.now(UTC).date().isoformat()
    assert out.splitlines()[-1] == (
        f"Search: Mei Chen <mei@example.com>, learner, Backend engineer (left {left})"
    )
    code, out, _ = run(capsys, "people", "list", "--all", "--json")
    [mei] = [p for p in json.loads(out) if p["email"] == "mei@example.com"]
    assert (mei["active"], mei["left_on"], mei["mentor_name"]) == (False, left, None)

    before = _rows(data_dir)
    assert run(capsys, "people", "deactivate", "MEI@example.com") == (
        2,
        "",
        "error: No active person has the email MEI@example.com.\n",
    )
    assert _rows(data_dir) == before


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("nobody@example.com", "No active person has the email nobody@example.com."),
        (
            "lena@example.com",
            "Lena Lindqvist is the team's only lead; make someone else a lead before you "
            "deactivate them.",
        ),
    ],
    ids=["unknown", "only-lead"],
)
def test_a_refused_deactivation_exits_2_and_writes_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str], email: str, message: str
) -> None:
    before = _rows(data_dir)
    assert run(capsys, "people", "deactivate", email) == (2, "", f"error: {message}\n")
    assert _rows(data_dir) == before
