"""Capstone projects by level, and which ones close a mentee's gaps most (pure rules)."""

from __future__ import annotations

from collections.abc import Mapping
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
    weeks: int
    summary: str
    technologies: tuple[str, ...]
    competencies: tuple[str, ...]  # competency keys the project exercises
    checkpoints: tuple[str, ...]  # one per week, in order

    def __post_init__(self) -> None:
        assert len(self.checkpoints) == self.weeks, self.key


CATALOG: tuple[CapstoneProject, ...] = (
    CapstoneProject(
        key="personal-document-search",
        title="Personal document search",
        level=CapstoneLevel.BEGINNER,
        weeks=3,
        summary="Search your own notes and documents by meaning from a small command line tool.",
        technologies=("Python", "sentence-transformers (all-MiniLM-L6-v2)", "FAISS"),
        competencies=("vector-database-expertise", "embedding-model-mastery"),
        checkpoints=(
            "Gather at least 100 of your own documents, split them into chunks and embed them",
            "Index the normalised vectors in FAISS (IndexFlatIP) and answer queries from a CLI",
            "Write 15 test queries with the documents they should find, measure recall@5, demo",
        ),
    ),
    CapstoneProject(
        key="simple-qa",
        title="Simple Q&A system",
        level=CapstoneLevel.BEGINNER,
        weeks=4,
        summary="Answer questions about one team's FAQ, citing the passages the answer rests on.",
        technologies=("Python", "Chroma", "sentence-transformers"),
        competencies=(
            "vector-database-expertise",
            "embedding-model-mastery",
            "use-case-identification",
        ),
        checkpoints=(
            "Pick a FAQ or wiki space and collect 20 real questions people asked about it",
            "Load it into a Chroma collection with source and section metadata",
            "Retrieve the top passages for a question and show an answer with its sources",
            "Score the 20 questions (found / partly / missed) and present the result to the team",
        ),
    ),
    CapstoneProject(
        key="enterprise-search",
        title="Enterprise search",
        level=CapstoneLevel.INTERMEDIATE,
        weeks=6,
        summary="Search across several internal sources with keyword and vector results fused, "
        "respecting who may see what.",
        technologies=("FAISS or Chroma", "bm25s", "reciprocal rank fusion", "metadata filters"),
        competencies=(
            "vector-database-expertise",
            "system-architecture",
            "performance-optimisation",
            "stakeholder-communication",
            "business-value-assessment",
        ),
        checkpoints=(
            "Interview two teams: which sources, which questions, who may see which documents",
            "Ingest two sources incrementally, with content hashes so unchanged chunks are skipped",
            "Dense and BM25 retrieval side by side, fused with reciprocal rank fusion",
            "Visibility as a filter inside the query, with a test that proves nothing leaks",
            "An evaluation set of 30 queries: recall@10 and nDCG@10 for dense, BM25 and hybrid",
            "Latency at p95 under a realistic load, and a write-up for the teams interviewed",
        ),
    ),
    CapstoneProject(
        key="recommendation-system",
        title="Recommendation system",
        level=CapstoneLevel.INTERMEDIATE,
        weeks=6,
        summary="Recommend related items (articles, tickets, modules) from their embeddings.",
        technologies=("sentence-transformers", "FAISS (HNSW or IVF)", "offline evaluation"),
        competencies=(
            "embedding-model-mastery",
            "performance-optimisation",
            "system-architecture",
            "use-case-identification",
            "business-value-assessment",
        ),
        checkpoints=(
            "Choose the items and the signal that says a recommendation was good",
            "Embed the items and recommend nearest neighbours with an exact index",
            "Switch to HNSW or IVF and measure recall against the exact index",
            "Mix in popularity or recency and compare offline with a held-out set",
            "Handle new items without a rebuild (add with ids, remove stale ones)",
            "Present the measured gain and the cost of running it to a stakeholder",
        ),
    ),
    CapstoneProject(
        key="multi-modal-search",
        title="Multi-modal search",
        level=CapstoneLevel.ADVANCED,
        weeks=8,
        summary="Find images and text with one query, in a shared embedding space.",
        technologies=("CLIP through sentence-transformers", "FAISS", "Chroma", "evaluation"),
        competencies=(
            "embedding-model-mastery",
            "system-architecture",
            "performance-optimisation",
            "innovation-leadership",
            "project-management",
        ),
        checkpoints=(
            "Write the proposal: users, sources, success measure, risks",
            "Embed images and captions with a CLIP model into one space",
            "Text-to-image and image-to-image search over a FAISS index",
            "Combine with text search over the same items; decide how scores are compared",
            "Build an evaluation set with relevance labels from two people",
            "Tune index type and parameters against a latency and memory budget",
            "Run it for a pilot group and collect their feedback",
            "Present results, costs and a go / no-go recommendation",
        ),
    ),
    CapstoneProject(
        key="real-time-recommendations",
        title="Real-time recommendations",
        level=CapstoneLevel.ADVANCED,
        weeks=8,
        summary="Recommendations that follow what a user does within seconds, at production load.",
        technologies=("FAISS IndexIDMap2", "Chroma server", "streaming updates", "load testing"),
        competencies=(
            "performance-optimisation",
            "system-architecture",
            "vector-database-expertise",
            "project-management",
            "stakeholder-communication",
            "innovation-leadership",
        ),
        checkpoints=(
            "Agree the latency budget, freshness target and success metric with the product owner",
            "Design the update path: events in, vectors added and removed by id",
            "A session vector from recent actions, queried against the item index",
            "Load test: p95 latency and throughput at twice today's peak",
            "Failure drills: index rebuild, server restart, stale replica",
            "An A/B test plan and the guardrail metrics",
            "Run the pilot and watch the guardrails",
            "Hand over: runbook, dashboards and a talk to the team",
        ),
    ),
)


def capstone_level(level: int) -> CapstoneLevel:
    """The capstone level for a mentee at competency level `level` (0-4)."""
    return CAPSTONE_LEVEL_BY_COMPETENCY_LEVEL[max(0, min(level, 4))]


def project(key: str) -> CapstoneProject:
    for candidate in CATALOG:
        if candidate.key == key:
            return candidate
    raise NotFound(f"No capstone project '{key}'.")


@dataclass(frozen=True)
class CapstoneFit:
    project: CapstoneProject
    closes: int  # levels of gap the project's competencies add up to
    gaps: tuple[tuple[str, int], ...]  # (competency key, gap) the project works on


def rank_capstones(level: CapstoneLevel, gaps: Mapping[str, int]) -> list[CapstoneFit]:
    """Projects of `level`, those that close most of the mentee's gaps first.

    `gaps` maps competency keys to levels still missing to the role target. A project closes
    the sum of the gaps of the competencies it exercises; ties keep the catalog's order.
    """
    fits = []
    for candidate in CATALOG:
        if candidate.level != level:
            continue
        worked = tuple((key, gaps[key]) for key in candidate.competencies if gaps.get(key, 0) > 0)
        fits.append(CapstoneFit(candidate, sum(g for _, g in worked), worked))
    return sorted(fits, key=lambda f: -f.closes)
