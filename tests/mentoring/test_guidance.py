"""Guidance by level: steps for beginners, questions for intermediates, trade-offs for advanced."""

from __future__ import annotations

import pytest

from curriculum.loader import DEFAULT_CURRICULUM_DIR
from mentoring.capstones import CapstoneLevel
from mentoring.course_material import read_guidance
from mentoring.guidance import guidance_for

BOOK = read_guidance(DEFAULT_CURRICULUM_DIR)  # the built-in course's
PROBLEMS = list(BOOK.labels)


@pytest.mark.parametrize("problem", PROBLEMS)
def test_every_problem_has_guidance_at_every_level(problem: str) -> None:
    for level in CapstoneLevel:
        guidance = guidance_for(BOOK, problem, level)
        assert len(guidance.points) >= 4
        assert guidance.problem_label


def test_intermediate_guidance_is_questions_and_advanced_is_trade_offs() -> None:
    questions = guidance_for(BOOK, "embedding_quality", CapstoneLevel.INTERMEDIATE)
    assert all(point.rstrip().endswith("?") for point in questions.points)
    trade_offs = guidance_for(BOOK, "performance", CapstoneLevel.ADVANCED)
    assert any("HNSW" in p and "IVF" in p for p in trade_offs.points)
    assert trade_offs.style.startswith("Trade-offs")


def test_beginner_connection_steps_name_the_chroma_clients() -> None:
    steps = guidance_for(BOOK, "connection", CapstoneLevel.BEGINNER)
    assert steps.style.startswith("Step by step")
    text = " ".join(steps.points)
    assert "PersistentClient" in text and "HttpClient" in text


@pytest.mark.parametrize("problem", PROBLEMS)
def test_guidance_is_about_the_subject_not_about_configuring_proficio(problem: str) -> None:
    for level in CapstoneLevel:
        text = " ".join(guidance_for(BOOK, problem, level).points).lower()
        assert "proficio" not in text and "the app reads" not in text
