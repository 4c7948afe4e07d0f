"""Troubleshooting guidance by the mentee's level, for the problems mentees bring most.

A beginner gets steps to follow, an intermediate mentee questions that lead them to the cause,
an advanced mentee the trade-offs to weigh. The texts are the course's (`guidance.yaml` in its
curriculum folder, read by `mentoring.course_material`); this picks from them (pure).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mentoring.capstones import CapstoneLevel
from storage.errors import NotFound


@dataclass(frozen=True)
class GuidanceTopic:
    key: str  # e.g. "connection"
    label: str  # the problem as a mentee says it
    points: Mapping[CapstoneLevel, tuple[str, ...]]  # steps, questions or trade-offs


@dataclass(frozen=True)
class GuidanceBook:
    styles: Mapping[CapstoneLevel, str]  # how to use each level's points
    topics: tuple[GuidanceTopic, ...]

    @property
    def labels(self) -> dict[str, str]:
        """Each problem's label by its key, in the book's order."""
        return {topic.key: topic.label for topic in self.topics}


@dataclass(frozen=True)
class Guidance:
    problem: str
    problem_label: str
    level: CapstoneLevel
    style: str
    points: tuple[str, ...]


def guidance_for(book: GuidanceBook, problem: str, level: CapstoneLevel) -> Guidance:
    """What to give a mentee of `level` who brings `problem` (a topic's key)."""
    topic = next((t for t in book.topics if t.key == problem), None)
    if topic is None:
        raise NotFound(f"No guidance for '{problem}'.")
    return Guidance(topic.key, topic.label, level, book.styles[level], topic.points[level])
