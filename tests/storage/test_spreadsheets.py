"""CSV exports are safe to open in a spreadsheet, and read back exactly."""

from __future__ import annotations

import csv
import io
from datetime import date

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from storage.spreadsheets import (
    FORMULA_PREFIXES,
    from_spreadsheet,
    to_spreadsheet,
    write_csv,
)

# Text as people and attackers type it: any characters, often starting like a formula.
cells = st.one_of(
    st.text(),
    st.tuples(st.sampled_from((*FORMULA_PREFIXES, "'")), st.text()).map("".join),
)


@given(cells)
def test_a_cell_never_starts_like_a_formula_and_reads_back_unchanged(value: str) -> None:
    safe = to_spreadsheet(value)
    assert not safe.startswith(FORMULA_PREFIXES)
    assert from_spreadsheet(safe) == value


def test_classic_injections_are_shown_as_text() -> None:
    for attack in ('=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)"):
        assert to_spreadsheet(attack) == "'" + attack
    assert to_spreadsheet("Plain words") == "Plain words"


@given(st.lists(st.tuples(cells, st.integers(-5, 5)), max_size=8))
def test_written_csv_has_no_formula_cell_and_parses_back(rows: list[tuple[str, int]]) -> None:
    text = write_csv(["name", "level"], rows)
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[0] == ["name", "level"]
    for (name, level), (cell, number) in zip(rows, parsed[1:], strict=True):
        assert not cell.startswith(FORMULA_PREFIXES)
        assert from_spreadsheet(cell) == name
        assert int(number) == level  # numbers, negative ones included, are left alone


def test_a_table_exports_with_text_marked_and_numbers_as_they_are() -> None:
    rows = [("=cmd|' /C calc'!A0", -2), ("Aisha Khan", 0)]
    assert write_csv(["Person", "Gap"], rows) == (
        "Person,Gap\r\n'=cmd|' /C calc'!A0,-2\r\nAisha Khan,0\r\n"
    )


def test_a_value_that_already_starts_with_the_mark_reads_back_whole() -> None:
    # Found by hypothesis: "'\t" was written unchanged and read back as "\t".
    for value in ("'\t", "'=1", "''=1"):
        assert from_spreadsheet(to_spreadsheet(value)) == value
    assert to_spreadsheet("'plain") == "'plain"


def test_a_cell_that_is_neither_text_nor_a_number_is_written_as_safe_text() -> None:
    class Label:
        def __str__(self) -> str:
            return "=1+1"

    row = (Label(), date(2026, 11, 21), np.int64(-2), np.float64(-0.5), None)
    assert write_csv(["what", "on", "gap", "change", "note"], [row]) == (
        "what,on,gap,change,note\r\n'=1+1,2026-11-21,-2,-0.5,\r\n"
    )


def test_a_leading_blank_or_a_fullwidth_sign_is_marked_like_an_equals_sign() -> None:
    for attack in (" =1+1", "\n=1+1", "\r=1+1", "\t=1+1", "＝1+1", "＋1", "－1", "＠SUM(A1)"):
        assert to_spreadsheet(attack) == "'" + attack, repr(attack)
        assert from_spreadsheet(to_spreadsheet(attack)) == attack
    assert write_csv(["Note"], [[" =HYPERLINK(1)"], ["＝cmd"]]) == (
        "Note\r\n' =HYPERLINK(1)\r\n'＝cmd\r\n"
    )
