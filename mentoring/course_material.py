"""The mentoring material of the course being taught: its capstone projects and guidance texts,
read from `capstones.yaml` and `guidance.yaml` in its curriculum folder, so a team that teaches
another course brings its own (a folder without them has none)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlmodel import Session

from curriculum.catalog import curriculum_folder
from curriculum.loader import CAPSTONES_FILE, GUIDANCE_FILE, load_mentoring_material
from mentoring.capstones import CapstoneLevel, CapstoneProject
from mentoring.guidance import GuidanceBook, GuidanceTopic


@lru_cache(maxsize=8)
def _read(
    folder: Path, stamps: tuple[int, int]
) -> tuple[tuple[CapstoneProject, ...], GuidanceBook]:
    """The folder's material as `stamps` (the files' modification times) saw it."""
    material = load_mentoring_material(folder)  # CurriculumError names each problem
    catalog = tuple(
        CapstoneProject(
            key=p.key,
            title=p.title,
            level=CapstoneLevel(p.level),
            summary=p.summary,
            technologies=tuple(p.technologies),
            competencies=tuple(p.competencies),
            checkpoints=tuple(p.checkpoints),
        )
        for p in material.capstones
    )
    guidance = material.guidance
    book = GuidanceBook(
        styles={CapstoneLevel(level): style for level, style in guidance.styles.items()}
        if guidance
        else {},
        topics=tuple(
            GuidanceTopic(
                key=t.key,
                label=t.label,
                points={
                    CapstoneLevel.BEGINNER: tuple(t.beginner),
                    CapstoneLevel.INTERMEDIATE: tuple(t.intermediate),
                    CapstoneLevel.ADVANCED: tuple(t.advanced),
                },
            )
            for t in (guidance.problems if guidance else [])
        ),
    )
    return catalog, book


def _material(folder: Path) -> tuple[tuple[CapstoneProject, ...], GuidanceBook]:
    """Read again only when a file changed (or appeared, or went)."""
    stamps = tuple(
        (folder / name).stat().st_mtime_ns if (folder / name).exists() else -1
        for name in (CAPSTONES_FILE, GUIDANCE_FILE)
    )
    return _read(folder.resolve(), (stamps[0], stamps[1]))


def read_capstones(folder: Path) -> tuple[CapstoneProject, ...]:
    """The capstone catalog of the course in `folder`, in the file's order."""
    return _material(folder)[0]


def read_guidance(folder: Path) -> GuidanceBook:
    """The guidance of the course in `folder`."""
    return _material(folder)[1]


def capstone_catalog(session: Session) -> tuple[CapstoneProject, ...]:
    """The capstone catalog of the course this installation teaches."""
    return read_capstones(curriculum_folder(session))


def guidance_book(session: Session) -> GuidanceBook:
    """The guidance of the course this installation teaches."""
    return read_guidance(curriculum_folder(session))
