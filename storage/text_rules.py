"""What free text may hold, checked on the way in: one rule for every name, title and body.

Names and titles are one line: no line break, tab or other control character (they reach
calendar files, CSV cells, report headings and file names, where a line break splits a
record). Bodies (notes, agendas, 1:1 notes) keep their line breaks and tabs; Windows line
ends are stored as plain line breaks. Neither may hold a NUL (PostgreSQL refuses it) or
broken Unicode (a lone surrogate cannot be written as UTF-8).
"""

from __future__ import annotations

import unicodedata

BODY_CONTROLS = frozenset("\n\t")


def _unstorable(text: str) -> bool:
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _controls(text: str, allowed: frozenset[str] = frozenset()) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text)


def one_line_problem(text: str, field: str) -> str | None:
    """Why `text` cannot be stored as a one-line `field` (a name, a title), as a clause
    ("the title holds …") to join with others, or None."""
    if _unstorable(text):
        return f"the {field} holds characters that cannot be stored (a NUL or broken Unicode)"
    if _controls(text):
        return f"the {field} holds a line break, tab or other control character"
    return None


def normalise_line_breaks(text: str) -> str:
    """Windows and old Mac line ends as plain line breaks."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def body_problem(text: str, field: str) -> str | None:
    """Why `text` (line breaks already normalised) cannot be stored as a multi-line `field`,
    as a clause, or None."""
    if _unstorable(text):
        return f"the {field} holds characters that cannot be stored (a NUL or broken Unicode)"
    if _controls(text, BODY_CONTROLS):
        return f"the {field} holds a control character other than a line break or tab"
    return None


def as_sentence(clause: str) -> str:
    """A clause from this module as a sentence of its own."""
    return clause[:1].upper() + clause[1:] + "."
