"""Heading-aware chunking of markdown (pure: text in, chunks out).

A document is split at its headings first; each section keeps the path of headings above it.
Sections longer than the limit are cut at paragraphs, then sentences, then words, and packed
into pieces of at most `max_pieces` word pieces, each starting with the tail (~15 %) of the
one before so a sentence cut at a border is still found whole in one of them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

# all-MiniLM-L6-v2 reads 256 word pieces and cuts the rest; 200 leaves room for the title and
# heading path that are embedded with each chunk.
MAX_CHUNK_PIECES = 200
OVERLAP_RATIO = 0.15
# Without the model's tokenizer (the hash embedder in tests), pieces are estimated from words.
# Measured with all-MiniLM-L6-v2's tokenizer: 1.65 pieces per word on the demo notes (technical
# terms and markdown split finely), 1.55 on SciFact abstracts. The real embedder always counts
# with its own tokenizer.
PIECES_PER_WORD = 1.6

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9`\"'(\[])")
_WORD = re.compile(r"\S+")

PieceCounter = Callable[[str], int]


def approximate_pieces(text: str) -> int:
    """Word pieces a BERT tokenizer would make of `text`, estimated from its word count."""
    return math.ceil(len(_WORD.findall(text)) * PIECES_PER_WORD)


@dataclass(frozen=True)
class Chunk:
    """One piece of a document: where it sits (heading path) and its text."""

    position: int
    heading_path: tuple[str, ...]
    text: str

    @property
    def heading_label(self) -> str:
        return " › ".join(self.heading_path)


@dataclass(frozen=True)
class _Section:
    heading_path: tuple[str, ...]
    body: str


def split_sections(markdown: str) -> list[_Section]:
    """Sections of a markdown text with the headings above each; code fences are not headings."""
    sections: list[_Section] = []
    stack: list[tuple[int, str]] = []
    lines: list[str] = []
    in_fence = False

    def close() -> None:
        body = "\n".join(lines).strip()
        if body:
            sections.append(_Section(tuple(title for _, title in stack), body))
        lines.clear()

    for line in markdown.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match is None:
            lines.append(line)
            continue
        close()
        level = len(match.group(1))
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, match.group(2).strip()))
    close()
    return sections


def _units(body: str, max_pieces: int, count: PieceCounter) -> list[str]:
    """Paragraphs, or their sentences, or runs of words: each within `max_pieces`."""
    units: list[str] = []
    for paragraph in re.split(r"\n\s*\n", body):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if count(paragraph) <= max_pieces:
            units.append(paragraph)
            continue
        for sentence in _SENTENCE_END.split(paragraph):
            if count(sentence) <= max_pieces:
                units.append(sentence)
                continue
            words = sentence.split()
            run: list[str] = []
            for word in words:
                if run and count(" ".join([*run, word])) > max_pieces:
                    units.append(" ".join(run))
                    run = []
                run.append(word)
            if run:
                units.append(" ".join(run))
    return units


def _tail(text: str, pieces: int, count: PieceCounter) -> str:
    """The last words of `text` that make up at most `pieces` word pieces."""
    words = text.split()
    taken: list[str] = []
    for word in reversed(words):
        if count(" ".join([word, *taken])) > pieces:
            break
        taken.insert(0, word)
    return " ".join(taken)


def chunk_markdown(
    markdown: str,
    *,
    max_pieces: int = MAX_CHUNK_PIECES,
    overlap_ratio: float = OVERLAP_RATIO,
    count_pieces: PieceCounter = approximate_pieces,
) -> list[Chunk]:
    """Chunks of `markdown`, each at most `max_pieces` long (as `count_pieces` measures).

    A section that fits is one chunk; a longer one becomes several, each beginning with the
    last `overlap_ratio` of the previous one. Empty sections are skipped.
    """
    if max_pieces < 10:
        raise ValueError("max_pieces must be at least 10")
    overlap_pieces = int(max_pieces * overlap_ratio)
    chunks: list[Chunk] = []
    for section in split_sections(markdown):
        if count_pieces(section.body) <= max_pieces:
            chunks.append(Chunk(len(chunks), section.heading_path, section.body))
            continue
        # Units leave room for the overlap that may open the chunk they land in.
        units = _units(section.body, max_pieces - overlap_pieces, count_pieces)
        current: list[str] = []
        carried = ""
        for unit in units:
            candidate = "\n\n".join([*current, unit])
            if current and count_pieces(candidate) > max_pieces:
                text = "\n\n".join(current)
                chunks.append(Chunk(len(chunks), section.heading_path, text))
                carried = _tail(text, overlap_pieces, count_pieces) if overlap_pieces else ""
                current = [carried] if carried else []
                candidate = "\n\n".join([*current, unit])
            current.append(unit)
        if current and (len(current) > 1 or current[0] != carried):
            chunks.append(Chunk(len(chunks), section.heading_path, "\n\n".join(current)))
    return chunks
