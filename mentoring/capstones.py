"""Capstone projects by level, and which ones close a mentee's gaps most (pure rules).

The projects themselves are the course's (`capstones.yaml` in its curriculum folder, read by
`mentoring.course_material`); these rules take the catalog as an argument.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from storage.errors import NotFound


class CapstoneLevel(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


# Competency level (0 none … 4 expert, from the latest assessment) → the capstone level.
CAPSTONE_LEVEL_BY_COMPETENCY_LEVEL = {
    0: CapstoneLevel.BEGINNER,
    1: CapstoneLevel.BEGINNER,
    2: CapstoneLevel.INTERMEDIATE,
    3: CapstoneLevel.ADVANCED,
    4: CapstoneLevel.ADVANCED,
}


@dataclass(frozen=True)
class CapstoneProject:
    key: str
    title: str
    level: CapstoneLevel
    summary: str
    technologies: tuple[str, ...]
    competencies: tuple[str, ...]  # competency keys the project exercises
    checkpoints: tuple[str, ...]  # one per week, in order

    @property
    def weeks(self) -> int:
        return len(self.checkpoints)


def capstone_level(level: int) -> CapstoneLevel:
    """The capstone level for a mentee at competency level `level` (0-4)."""
    return CAPSTONE_LEVEL_BY_COMPETENCY_LEVEL[max(0, min(level, 4))]


def project(catalog: Sequence[CapstoneProject], key: str) -> CapstoneProject:
    """The catalog's project `key`, or NotFound."""
    for candidate in catalog:
        if candidate.key == key:
            return candidate
    raise NotFound(f"No capstone project '{key}'.")


@dataclass(frozen=True)
class CapstoneFit:
    project: CapstoneProject
    closes: int  # levels of gap the project's competencies add up to
    gaps: tuple[tuple[str, int], ...]  # (competency key, gap) the project works on


def rank_capstones(
    catalog: Sequence[CapstoneProject], level: CapstoneLevel, gaps: Mapping[str, int]
) -> list[CapstoneFit]:
    """The catalog's projects of `level`, those that close most of the mentee's gaps first.

    `gaps` maps competency keys to levels still missing to the role target. A project closes
    the sum of the gaps of the competencies it exercises; ties keep the catalog's order.
    """
    fits = []
    for candidate in catalog:
        if candidate.level != level:
            continue
        worked = tuple((key, gaps[key]) for key in candidate.competencies if gaps.get(key, 0) > 0)
        fits.append(CapstoneFit(candidate, sum(g for _, g in worked), worked))
    return sorted(fits, key=lambda f: -f.closes)
