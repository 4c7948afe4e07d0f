"""The capstone catalog and its ranking by how much of a mentee's gaps a project closes."""

from __future__ import annotations

import pytest

from curriculum.loader import DEFAULT_CURRICULUM_DIR
from mentoring.capstones import CapstoneLevel, capstone_level, project, rank_capstones
from mentoring.course_material import read_capstones
from storage.errors import NotFound

CATALOG = read_capstones(DEFAULT_CURRICULUM_DIR)  # the built-in course's


def test_catalog_has_the_seeds_projects_by_level() -> None:
    by_level = {level: [p.title for p in CATALOG if p.level == level] for level in CapstoneLevel}
    assert by_level == {
        CapstoneLevel.BEGINNER: ["Personal document search", "Simple Q&A system"],
        CapstoneLevel.INTERMEDIATE: ["Enterprise search", "Recommendation system"],
        CapstoneLevel.ADVANCED: ["Multi-modal search", "Real-time recommendations"],
    }
    for p in CATALOG:
        assert p.technologies and p.weeks == len(p.checkpoints)


@pytest.mark.parametrize(
    ("level", "expected"),
    [(0, "beginner"), (1, "beginner"), (2, "intermediate"), (3, "advanced"), (4, "advanced")],
)
def test_capstone_level_follows_the_competency_level(level: int, expected: str) -> None:
    assert capstone_level(level).value == expected


def test_projects_that_close_more_gaps_rank_first() -> None:
    gaps = {"use-case-identification": 2, "embedding-model-mastery": 1, "mentoring": 2}
    fits = rank_capstones(CATALOG, CapstoneLevel.BEGINNER, gaps)
    assert [f.project.key for f in fits] == ["simple-qa", "personal-document-search"]
    assert fits[0].closes == 3  # embedding 1 + use cases 2
    assert dict(fits[0].gaps) == {"embedding-model-mastery": 1, "use-case-identification": 2}
    assert fits[1].closes == 1


def test_ranking_keeps_the_catalogs_order_on_a_tie() -> None:
    fits = rank_capstones(CATALOG, CapstoneLevel.INTERMEDIATE, {})
    assert [f.project.key for f in fits] == ["enterprise-search", "recommendation-system"]
    assert all(f.closes == 0 for f in fits)
    gaps = {"stakeholder-communication": 2}  # only enterprise search works on it
    assert (
        rank_capstones(CATALOG, CapstoneLevel.INTERMEDIATE, gaps)[0].project.key
        == "enterprise-search"
    )
    gaps = {"embedding-model-mastery": 2, "use-case-identification": 1}
    assert (
        rank_capstones(CATALOG, CapstoneLevel.INTERMEDIATE, gaps)[0].project.key
        == "recommendation-system"
    )


def test_unknown_project_is_not_found() -> None:
    with pytest.raises(NotFound):
        project(CATALOG, "time-machine")
