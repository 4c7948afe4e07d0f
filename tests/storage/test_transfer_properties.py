"""JSON import under hostile input: a refusal names the row and column and leaves the database
exactly as it was; what is accepted reads back as it was given."""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from storage.__main__ import main
from storage.engine import make_engine
from storage.errors import InvalidInput
from storage.settings import get_settings
from storage.transfer import export_database, import_database, read_export
from tests.factories import table_rows
from tests.hostile import hostile_scalars

ROWS_PER_TABLE = 12
ROW_NAMED = r"Table '\w+', row \d+"
HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _nested(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = [value]
    return value


def _consistent_subset(tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The first rows of every table, keeping only rows whose references stay inside."""
    kept: dict[str, list[dict[str, Any]]] = {}
    for table in SQLModel.metadata.sorted_tables:
        rows = tables[table.name]
        for own in (False, True):  # other tables first, then a table's references to itself
            if own:
                rows = rows[:ROWS_PER_TABLE]
            for fk in table.foreign_keys:
                target = fk.column.table.name
                if (target == table.name) != own:
                    continue
                present = {r[fk.column.name] for r in (rows if own else kept[target])}
                rows = [r for r in rows if r[fk.parent.name] in present | {None}]
        kept[table.name] = rows
    return kept


@pytest.fixture(scope="module")
def small_export(demo_template: Path) -> dict[str, Any]:
    """A few rows of every table of the demo (with its notes, ratings, plans and reviews)."""
    engine = make_engine(f"sqlite:///{demo_template}")
    data = export_database(engine)
    engine.dispose()
    data["tables"] = _consistent_subset(data["tables"])
    assert sum(1 for rows in data["tables"].values() if rows) >= 25, "most tables have rows"
    return data


_MODELS = {mapper.local_table.name: mapper.class_ for mapper in SQLModel._sa_registry.mappers}


def _storable_everywhere(table: str, row: dict[str, Any]) -> None:
    """What an import accepted is what the model allows, and text PostgreSQL can hold."""
    _MODELS[table].model_validate(row)
    assert "\\u0000" not in json.dumps(row)


def _empty(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(delete(table))


# What arrives in a cell of a hand-edited or hostile export.
hostile_values = st.one_of(
    hostile_scalars,
    st.just("x" * 1_000_000),
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat()),  # no time zone
    st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat()),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
    st.just(_nested(5000)),
)


def _draw_cell(data: st.DataObject, export: dict[str, Any]) -> tuple[str, int, str]:
    """A table (each as likely as the next), one of its rows, one of its columns."""
    tables = export["tables"]
    table = data.draw(st.sampled_from(sorted(name for name, rows in tables.items() if rows)))
    index = data.draw(st.integers(0, len(tables[table]) - 1))
    column = data.draw(st.sampled_from(sorted(tables[table][index])))
    return table, index, column


@HYPOTHESIS
@given(data=st.data(), value=hostile_values)
def test_any_value_in_any_cell_is_refused_naming_the_row_or_loaded_exactly(
    engine: Engine, small_export: dict[str, Any], data: st.DataObject, value: Any
) -> None:
    export = copy.deepcopy(small_export)
    table, index, column = _draw_cell(data, export)
    export["tables"][table][index][column] = value
    before = table_rows(engine)
    try:
        import_database(engine, export)
    except InvalidInput as error:
        assert re.search(ROW_NAMED, str(error)), str(error)[:300]
        assert len(str(error)) < 500, "a message a person can read, not the whole value"
        assert table_rows(engine) == before
        return
    try:
        after = table_rows(engine)
        for name, rows in small_export["tables"].items():
            if name != table:
                assert after[name] == rows, name
        for i, row in enumerate(small_export["tables"][table]):
            if i != index:
                assert row in after[table]
        for row in after[table]:
            _storable_everywhere(table, row)
        if isinstance(value, str) and not value[:4].isdigit():  # text, not a date or time
            assert any(row[column] == value for row in after[table])
    finally:
        _empty(engine)


# Damage to the shape of an export: each returns the damaged copy.
def _drop_column(export: dict[str, Any], table: str, index: int, column: str) -> None:
    del export["tables"][table][index][column]


def _extra_column(export: dict[str, Any], table: str, index: int, column: str) -> None:
    export["tables"][table][index][column + "_extra"] = "=1+1"


def _row_twice(export: dict[str, Any], table: str, index: int, column: str) -> None:
    rows = export["tables"][table]
    rows.append(copy.deepcopy(rows[index]))


def _row_not_an_object(export: dict[str, Any], table: str, index: int, column: str) -> None:
    export["tables"][table][index] = [column]


def _row_deleted(export: dict[str, Any], table: str, index: int, column: str) -> None:
    del export["tables"][table][index]


SHAPE_DAMAGE = [_drop_column, _extra_column, _row_twice, _row_not_an_object, _row_deleted]


@HYPOTHESIS
@given(data=st.data(), damage=st.sampled_from(SHAPE_DAMAGE))
def test_a_missing_extra_or_repeated_row_or_field_is_refused_or_loaded_whole(
    engine: Engine, small_export: dict[str, Any], data: st.DataObject, damage: Any
) -> None:
    export = copy.deepcopy(small_export)
    damage(export, *_draw_cell(data, export))
    before = table_rows(engine)
    try:
        loaded = import_database(engine, export)
    except InvalidInput as error:
        assert re.search(ROW_NAMED, str(error)), str(error)[:300]
        assert table_rows(engine) == before
        return
    try:
        assert loaded == sum(len(rows) for rows in export["tables"].values())
        for table, rows in table_rows(engine).items():
            for row in rows:
                _storable_everywhere(table, row)
    finally:
        _empty(engine)


@settings(max_examples=60, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=12,
    )
)
def test_any_json_document_is_refused_with_a_message_before_the_database_is_touched(
    document: Any,
) -> None:
    engine = make_engine("sqlite://")  # not migrated: a refusal must not need a database
    with pytest.raises(InvalidInput) as error:
        import_database(engine, document)
    assert str(error.value)
    engine.dispose()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"format": "proficio-export", "format": "other"}', "appears twice"),
        (b"[" * 100_000 + b"]" * 100_000, "cannot read"),
        ('{"format": "caf\u00e9"}'.encode("latin-1"), "cannot read"),
        (b"\x00\x01binary", "cannot read"),
        (b'{"version": 1' + b"0" * 5000 + b"}", "cannot read"),
    ],
    ids=["duplicate-key", "deeply-nested", "latin-1", "binary", "huge-number"],
)
def test_a_file_that_is_not_clean_json_is_refused_with_its_reason(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=expected):
        read_export(path)


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"format": "proficio-export"}).encode())
    assert read_export(path) == {"format": "proficio-export"}


def test_cli_import_of_a_file_with_one_bad_row_among_good_ones_changes_nothing(
    small_export: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """End to end: `python -m storage import` on a real file, then the database is unchanged."""
    export = copy.deepcopy(small_export)
    bad = export["tables"]["note"][-1]  # a late table: earlier ones would be written first
    bad["title"] = '=HYPERLINK("http://evil.example")' + "x" * 300
    path = tmp_path / "team.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        assert main(["migrate"]) == 0
        engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'proficio.db'}")
        before = table_rows(engine)
        capsys.readouterr()
        assert main(["import", str(path)]) == 2
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    row = len(export["tables"]["note"])
    # The rows checked before it are shown as progress; the refusal is the last line.
    assert err.splitlines()[-1].startswith(f"error: Table 'note', row {row}, column 'title': ")
    assert "at most 200" in err and "Traceback" not in err
    assert table_rows(engine) == before
    engine.dispose()
