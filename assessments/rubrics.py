"""Rubric rules for practical work: a reading's scores checked, the result a grade suggests,
the practical-application score hand-ins give an assessment, and what a handed-in file is.

Pure: plain values in, plain values out; nothing here touches a database or Streamlit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath

from curriculum.loader import RUBRIC_SCORES
from storage.errors import InvalidInput
from storage.text_rules import as_sentence, body_problem, normalise_line_breaks

MAX_COMMENT_CHARS = 2_000
MAX_TEXT_CHARS = 50_000  # a hand-in's written part: a long write-up, not a book
MAX_FILES_PER_VERSION = 5
MAX_FILE_NAME_CHARS = 120
MAX_LINK_CHARS = 500
# A score at or below this in any criterion suggests another attempt.
NOT_YET = 1


class HandInResult(StrEnum):
    """The overall result a mentor or lead gives a hand-in's version."""

    PASS = "pass"
    AGAIN = "again"

    @property
    def label(self) -> str:
        return "Pass" if self is HandInResult.PASS else "Needs another attempt"


class HandInStatus(StrEnum):
    """Where a person's hand-in for an assignment stands."""

    NOT_STARTED = "not_started"  # nothing handed in yet
    SUBMITTED = "submitted"  # the newest version waits for its grade
    RETURNED = "returned"  # graded "needs another attempt": a new version is expected
    PASSED = "passed"  # graded a pass: closed

    @property
    def label(self) -> str:
        return {
            HandInStatus.NOT_STARTED: "Not handed in",
            HandInStatus.SUBMITTED: "Waiting for a grade",
            HandInStatus.RETURNED: "Returned for another attempt",
            HandInStatus.PASSED: "Passed",
        }[self]


@dataclass(frozen=True)
class CriterionScore:
    score: int
    comment: str = ""


def check_scores(
    criteria: Sequence[str], scores: Mapping[str, CriterionScore], *, complete: bool
) -> dict[str, CriterionScore]:
    """The scores as stored, or InvalidInput naming every problem. `criteria`: the rubric's
    criterion keys in order; `complete`: every criterion must be scored (a grade or a peer
    review; a self-assessment may leave some out)."""
    problems = [
        f"'{key}' is not a criterion of this rubric" for key in scores if key not in criteria
    ]
    checked: dict[str, CriterionScore] = {}
    for key in criteria:
        given = scores.get(key)
        if given is None:
            if complete:
                problems.append(f"'{key}' has no score")
            continue
        if given.score not in RUBRIC_SCORES:
            problems.append(f"'{key}' needs a score from 1 to 4")
        comment = normalise_line_breaks(given.comment).strip()
        problem = body_problem(comment, f"comment on '{key}'")
        if problem:
            problems.append(problem)
        elif len(comment) > MAX_COMMENT_CHARS:
            problems.append(f"the comment on '{key}' is over {MAX_COMMENT_CHARS:,} characters")
        checked[key] = CriterionScore(given.score, comment)
    if not checked and not problems:
        problems.append("score at least one criterion")
    if problems:
        raise InvalidInput(" ".join(as_sentence(p) for p in problems))
    return checked


def suggested_result(scores: Mapping[str, CriterionScore]) -> HandInResult:
    """Pass unless some criterion is "Not yet": the grader decides, this is the default."""
    return (
        HandInResult.AGAIN
        if any(s.score <= NOT_YET for s in scores.values())
        else HandInResult.PASS
    )


def practical_score(graded: Sequence[Mapping[str, CriterionScore]]) -> float | None:
    """The practical-application score (0-10, in the assessment's half steps) graded hand-ins
    give an assessment: the mean criterion score of each hand-in's latest grade, "Not yet" 0
    to "Exceeds" 10. None without any graded hand-in."""
    values = [s.score for scores in graded for s in scores.values()]
    if not values:
        return None
    mean = sum(values) / len(values)
    return round((mean - 1) / (len(RUBRIC_SCORES) - 1) * 10 * 2) / 2


# --- handed-in files ------------------------------------------------------------------------

# What a hand-in may hold, decided from the file's first bytes (never from its name or the
# browser's claim): documents and images are kept and offered for download as they are,
# never opened or rendered by the app; code and text must read as UTF-8 text.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
# fmt: off
TEXT_SUFFIXES = frozenset({
    ".py", ".ipynb", ".md", ".txt", ".sql", ".yaml", ".yml", ".json", ".csv", ".toml", ".sh",
    ".js", ".ts", ".java", ".go", ".rs", ".rb", ".kt", ".scala", ".c", ".h", ".cpp", ".cs", ".r",
})
# fmt: on
_BINARY_SUFFIXES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
}
ACCEPTED_SUFFIXES = TEXT_SUFFIXES | set(_BINARY_SUFFIXES)
ACCEPTED_FILES = "PDF, PNG, JPEG or GIF images, and code or text files (.py, .ipynb, .md, …)"
_SAFE_NAME = re.compile(r"^[^/\\:*?\"<>|]+$")


@dataclass(frozen=True)
class CheckedFile:
    name: str
    media_type: str
    content: bytes


def file_problem(name: str, content: bytes, max_bytes: int) -> str | None:
    """Why a file cannot be handed in, as a clause naming it, or None."""
    shown = name if len(name) <= 60 else name[:57] + "…"
    if not name.strip() or any(unicodedata.category(ch) == "Cc" for ch in name):
        return f"a file name is empty or holds control characters ('{shown}')"
    if not _SAFE_NAME.match(name) or name.startswith(".") or ".." in PurePosixPath(name).parts:
        return f"'{shown}' is not a plain file name (no folders, no leading dot)"
    if len(name) > MAX_FILE_NAME_CHARS:
        return f"the file name '{shown}' is over {MAX_FILE_NAME_CHARS} characters"
    if len(content) > max_bytes:
        return (
            f"'{shown}' is {len(content) / 1_000_000:.1f} MB; at most {max_bytes // 1_000_000} MB"
        )
    if not content:
        return f"'{shown}' is empty"
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        return f"'{shown}' is not a kind of file a hand-in takes ({ACCEPTED_FILES})"
    if media_type(name, content) is None:
        return f"'{shown}' is not what its name says (its content is not a {suffix} file)"
    return None


def media_type(name: str, content: bytes) -> str | None:
    """The file's type from its content, if it matches what its name says; else None."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in _BINARY_SUFFIXES:
        expected = _BINARY_SUFFIXES[suffix]
        matches = any(content.startswith(magic) and kind == expected for magic, kind in _SIGNATURES)
        return expected if matches else None
    if suffix in TEXT_SUFFIXES:
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text/plain; charset=utf-8" if "\x00" not in text else None
    return None


def check_files(
    files: Sequence[tuple[str, bytes]], max_bytes: int
) -> tuple[list[CheckedFile], list[str]]:
    """The files a version may keep, and one clause per refused file."""
    problems = []
    if len(files) > MAX_FILES_PER_VERSION:
        problems.append(f"at most {MAX_FILES_PER_VERSION} files can be handed in at once")
    names = [name for name, _ in files]
    twice = sorted({n for n in names if names.count(n) > 1})
    problems += [f"'{n}' is attached twice" for n in twice]
    kept = []
    for name, content in files:
        problem = file_problem(name, content, max_bytes)
        if problem:
            problems.append(problem)
        else:
            kept.append(CheckedFile(name, media_type(name, content) or "", content))
    return kept, problems
