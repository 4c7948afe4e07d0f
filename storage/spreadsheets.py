"""CSV that is safe to open in a spreadsheet, and read back exactly.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is taken for a formula
by Excel, LibreOffice and Google Sheets ("CSV injection"); so is one that starts with a space
or a line break before such a sign (spreadsheets skip the blank), or with its fullwidth form
(`＝`, `＋`, `－`, `＠`, which some spreadsheets read as the ASCII one). Exports prefix
all such cells with an apostrophe, which spreadsheets read as "this is text" and do not
show; imports remove that apostrophe again. A cell whose own apostrophes come before
something formula-like gets one more, so every text reads back exactly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from numbers import Number

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", " ", "＝", "＋", "－", "＠")
TEXT_MARK = "'"


def _needs_mark(value: str) -> bool:
    """Formula-like, or apostrophes before something formula-like: a value that already
    starts with the mark is marked once more, so reading back never drops one of its own."""
    return value.lstrip(TEXT_MARK).startswith(FORMULA_PREFIXES)


def to_spreadsheet(value: str) -> str:
    """`value` as a cell a spreadsheet shows as text, never runs as a formula."""
    return TEXT_MARK + value if _needs_mark(value) else value


def from_spreadsheet(value: str) -> str:
    """The inverse of `to_spreadsheet`: drop the apostrophe an export put before a formula."""
    if value.startswith(TEXT_MARK) and _needs_mark(value[1:]):
        return value[1:]
    return value


def _cell(value: object) -> object:
    """Numbers (numpy's too) and empty cells as they are; anything else is written as text,
    so it is made safe whatever its type (an enum, a date, an object with its own str)."""
    if value is None or isinstance(value, Number):
        return value
    return to_spreadsheet(str(value))


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with every text cell made safe; numbers and empty cells are left as they are."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: cells with \r get quoted too
    writer.writerow([to_spreadsheet(h) for h in header])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()
