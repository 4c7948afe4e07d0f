"""Curriculum YAML under hostile input: a folder is either stored whole or refused with every
problem named by file and field, and a refused folder leaves the database exactly as it was."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from bootstrap.__main__ import main
from curriculum.catalog import sync_curriculum
from curriculum.loader import DEFAULT_CURRICULUM_DIR, CurriculumError, load_curriculum
from storage.engine import make_engine, session_scope
from storage.settings import get_settings
from tests.factories import table_rows
from tests.hostile import hostile_scalars

# Track schedules and module competencies are replaced on every sync, under new ids.
REWRITTEN_TABLES = ("trackmodule", "modulecompetency")
KEPT_MODULES = ("01-vector-search-fundamentals.yaml", "02-embeddings-and-similarity.yaml")
HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
Files = dict[str, Any]


def _small_curriculum() -> Files:
    """The default curriculum cut to two short modules, the tracks that teach them and the
    competencies they build: quick to read and store."""
    base = DEFAULT_CURRICULUM_DIR
    files: Files = {
        name: yaml.safe_load((base / name).read_text(encoding="utf-8"))
        for name in ("curriculum.yaml", "competencies.yaml")
    }
    keys, used = [], set()
    for name in KEPT_MODULES:
        module = yaml.safe_load((base / "modules" / name).read_text(encoding="utf-8"))
        for field in ("objectives", "topics", "exercises", "assessment_criteria", "quiz", "cards"):
            module[field] = module[field][:2]
        files[f"modules/{name}"] = module
        keys.append(module["key"])
        used.update(module["competencies"])
    framework = files["competencies.yaml"]
    framework["competencies"] = [c for c in framework["competencies"] if c["key"] in used]
    staged = files["curriculum.yaml"].get("practical_assessments", [])
    for assessment in staged:
        assessment["competencies"] = [key for key in assessment["competencies"] if key in used]
    files["curriculum.yaml"]["practical_assessments"] = [a for a in staged if a["competencies"]]
    tracks = files["curriculum.yaml"]["tracks"]
    for track in tracks:
        track["modules"] = [item for item in track["modules"] if item["module"] in keys]
    files["curriculum.yaml"]["tracks"] = [track for track in tracks if track["modules"]]
    return files


def _write(folder: Path, files: Files, raw: dict[str, bytes] | None = None) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "modules").mkdir(parents=True)
    for name, data in files.items():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (folder / name).write_text(text, encoding="utf-8")
    for name, content in (raw or {}).items():
        (folder / name).write_bytes(content)


@pytest.fixture(scope="module")
def small_files() -> Files:
    return _small_curriculum()


@pytest.fixture
def stored(engine: Engine, small_files: Files, tmp_path: Path) -> Engine:
    """A database that already holds the small curriculum, as after the app's first start."""
    _write(tmp_path / "good", small_files)
    with session_scope(engine) as session:
        sync_curriculum(session, load_curriculum(tmp_path / "good"))
    return engine


def _import(engine: Engine, folder: Path) -> None:
    """What the app and `python -m bootstrap seed` do: read, validate, store in one unit."""
    with session_scope(engine) as session:
        sync_curriculum(session, load_curriculum(folder))


def _assert_stored_or_refused_cleanly(engine: Engine, folder: Path) -> None:
    before = table_rows(engine)
    try:
        _import(engine, folder)
    except CurriculumError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file and problem.field and problem.message
            assert str(problem).startswith(problem.file)
        assert table_rows(engine) == before
        return
    # Accepted: storing it again changes nothing.
    after = _rows_by_content(engine)
    _import(engine, folder)
    assert _rows_by_content(engine) == after


def _rows_by_content(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row; for the tables a sync rewrites as written, without their fresh ids."""
    rows = table_rows(engine)
    for name in REWRITTEN_TABLES:
        rows[name] = [{k: v for k, v in row.items() if k != "id"} for row in rows[name]]
    return rows


def _draw_path(data: st.DataObject, value: Any) -> list[Any]:
    """A path from the top of a file down to some field, list item or nested value."""
    path: list[Any] = []
    while isinstance(value, dict | list) and value and data.draw(st.integers(0, 3)):
        step = data.draw(
            st.sampled_from(list(value) if isinstance(value, dict) else range(len(value)))
        )
        path.append(step)
        value = value[step]
    return path


def _set(container: Any, path: list[Any], value: Any) -> Any:
    if not path:
        return value
    container[path[0]] = _set(container[path[0]], path[1:], value)
    return container


hostile_values = st.one_of(
    hostile_scalars,
    st.just("x" * 100_000),  # PyYAML reads under a megabyte a second: big, yet quick
    st.from_regex(r"[a-z][a-z0-9-]{40,90}", fullmatch=True),  # keys longer than columns
    st.dates(),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
)


@HYPOTHESIS
@given(data=st.data(), value=hostile_values)
def test_any_field_set_to_anything_is_stored_or_refused_naming_file_and_field(
    stored: Engine, small_files: Files, tmp_path: Path, data: st.DataObject, value: Any
) -> None:
    files = yaml.safe_load(yaml.safe_dump(small_files))  # a deep copy
    name = data.draw(st.sampled_from(sorted(files)))
    path = _draw_path(data, files[name])
    files[name] = _set(files[name], path, value)
    _write(tmp_path / "try", files)
    _assert_stored_or_refused_cleanly(stored, tmp_path / "try")


def _nested(depth: int) -> bytes:
    return b"title: " + b"[" * depth + b"]" * depth + b"\n"


@HYPOTHESIS
@given(
    data=st.data(),
    damage=st.sampled_from(
        ["bom", "latin-1", "nul", "truncated", "duplicate-key", "binary", "nested", "alias"]
    ),
)
def test_a_file_in_any_odd_encoding_or_shape_is_stored_or_refused_naming_it(
    stored: Engine, small_files: Files, tmp_path: Path, data: st.DataObject, damage: str
) -> None:
    name = data.draw(st.sampled_from(sorted(small_files)))
    text = yaml.safe_dump(small_files[name], allow_unicode=True, sort_keys=False)
    content = text.encode("utf-8")
    cut = data.draw(st.integers(0, len(content)))
    raw = {
        "bom": b"\xef\xbb\xbf" + content,
        "latin-1": "# Tomás, Fernández\n".encode("latin-1") + content,
        "nul": content[:cut] + b"\x00" + content[cut:],
        "truncated": content[:cut],
        "duplicate-key": content + content.splitlines(keepends=True)[0],
        "binary": data.draw(st.binary(max_size=200)),
        "nested": _nested(data.draw(st.integers(10, 5_000))),
        "alias": b"a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\ntitle: [*c, *c]\n",
    }[damage]
    _write(tmp_path / "try", {n: d for n, d in small_files.items() if n != name}, {name: raw})
    _assert_stored_or_refused_cleanly(stored, tmp_path / "try")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"title: One\ntitle: Two\n", ("curriculum.yaml", "appears twice", "line 2")),
        (_nested(100_000), ("curriculum.yaml", "nested more than 64 levels")),
        ("title: Caf\xe9\n".encode("latin-1"), ("curriculum.yaml", "not UTF-8")),
    ],
    ids=["duplicate-key", "deeply-nested", "latin-1"],
)
def test_file_level_problems_say_which_file_and_why(
    small_files: Files, tmp_path: Path, content: bytes, words: tuple[str, ...]
) -> None:
    _write(tmp_path / "course", small_files, {"curriculum.yaml": content})
    with pytest.raises(CurriculumError) as error:
        load_curriculum(tmp_path / "course")
    for word in words:
        assert word in str(error.value)


def test_text_a_database_cannot_hold_is_refused_naming_the_field(
    small_files: Files, tmp_path: Path
) -> None:
    files = yaml.safe_load(yaml.safe_dump(small_files))
    module = files[f"modules/{KEPT_MODULES[0]}"]
    module["topics"][1] = "Nearest\x00neighbours"
    module["cards"][0]["key"] = "k" * 60
    files["curriculum.yaml"]["tracks"][0]["key"] = "a-track-key-that-does-not-fit-its-column-at-all"
    _write(tmp_path / "course", files)
    with pytest.raises(CurriculumError) as error:
        load_curriculum(tmp_path / "course")
    found = {(p.file, p.field) for p in error.value.problems}
    assert "field 'topics': Value error, item 1 contains a NUL character" in str(error.value)
    assert (f"modules/{KEPT_MODULES[0]}", "cards.0.key") in found
    assert ("curriculum.yaml", "tracks.0.key") in found


def test_cli_seed_with_one_bad_module_among_good_ones_changes_nothing(
    small_files: Files,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """End to end: `python -m bootstrap seed` reads a folder with one broken field."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    _write(tmp_path / "course", small_files)
    monkeypatch.setenv("PROFICIO_CURRICULUM_DIR", str(tmp_path / "course"))
    get_settings.cache_clear()
    try:
        assert main(["seed"]) == 0
        engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'proficio.db'}")
        before = table_rows(engine)
        assert before["module"]
        files = yaml.safe_load(yaml.safe_dump(small_files))
        files[f"modules/{KEPT_MODULES[1]}"]["title"] = "=cmd|' /C calc'!A0 " + "x" * 300
        files[f"modules/{KEPT_MODULES[0]}"]["summary"] = "A new summary that must not be saved."
        _write(tmp_path / "course", files)
        capsys.readouterr()
        assert main(["seed"]) == 2
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert err.startswith("error: The curriculum has 1 problem(s)")
    assert f"modules/{KEPT_MODULES[1]}" in err and "field 'title'" in err
    assert "Traceback" not in err
    assert table_rows(engine) == before
    engine.dispose()
