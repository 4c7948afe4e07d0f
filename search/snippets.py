"""Snippets (pure): the passage of a chunk that best matches a query, and the words to mark."""

from __future__ import annotations

import re
from dataclasses import dataclass

SNIPPET_CHARS = 320
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "our",
        "the",
        "this",
        "to",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "with",
        "you",
        "your",
    ]
)
_WORD = re.compile(r"\w+")


def query_terms(query: str) -> list[str]:
    """The words of a query worth highlighting: no stopwords, no one-letter words."""
    terms: list[str] = []
    for word in _WORD.findall(query.lower()):
        if len(word) > 1 and word not in _STOPWORDS and word not in terms:
            terms.append(word)
    return terms


@dataclass(frozen=True)
class Snippet:
    text: str
    spans: tuple[tuple[int, int], ...]  # (start, end) of each query word found in `text`


def _matches(text: str, terms: list[str]) -> list[tuple[int, int]]:
    if not terms:
        return []
    # A term matches at the start of a word, so "index" marks "indexes" but not "reindex".
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def terms_found(text: str, terms: list[str]) -> int:
    """How many different `terms` occur in `text` (at the start of a word, any case)."""
    return sum(1 for t in terms if re.search(r"\b" + re.escape(t), text, re.IGNORECASE))


_MARKUP = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images: keep the text
    (re.compile(r"(\*\*|__|`+)"), ""),  # bold and code markers
    (re.compile(r"(?m)^\s{0,3}(#{1,6}\s+|[-*+]\s+|>\s?|\d+[.)]\s+)"), ""),  # line prefixes
]


def plain_text(markdown: str) -> str:
    """Markdown reduced to its words, for snippets (emphasis, code marks, list bullets gone)."""
    for pattern, replacement in _MARKUP:
        markdown = pattern.sub(replacement, markdown)
    return markdown


def make_snippet(text: str, query: str, *, width: int = SNIPPET_CHARS) -> Snippet:
    """The `width`-character window of `text` holding the most query words, cut at words."""
    flat = " ".join(plain_text(text).split())
    spans = _matches(flat, query_terms(query))
    start = 0
    if len(flat) > width and spans:
        best = max(
            range(len(spans)),
            key=lambda i: sum(1 for s in spans if spans[i][0] <= s[0] < spans[i][0] + width),
        )
        start = max(0, spans[best][0] - width // 5)
        start = flat.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(flat), start + width)
    if end < len(flat):
        cut = flat.rfind(" ", start, end)
        end = cut if cut > start else end
    window = flat[start:end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(flat) else ""
    shift = len(prefix) - start
    inside = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return Snippet(prefix + window + suffix, inside)
