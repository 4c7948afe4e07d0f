"""Pure rules for competency levels, assessments, quizzes and the team matrix.

Everything takes plain values (and `today` where time matters); nothing here touches a
database or Streamlit, so each rule is tested with hand-computed cases.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from storage.enums import RaterKind
from storage.errors import InvalidInput

LEVEL_NAMES = {0: "none", 1: "basic", 2: "intermediate", 3: "advanced", 4: "expert"}
ADVANCED_LEVEL = 3
# Self and mentor views this far apart (in levels) are worth a conversation.
SELF_GAP_ALERT_LEVELS = 2
QUIZ_PASS_RATIO = 0.8
# A quiz proves what a module of that curriculum level teaches, never more than advanced.
QUIZ_EVIDENCE_LEVEL_BY_MODULE_LEVEL = {1: 1, 2: 2, 3: 3, 4: 3}

# --- current level ----------------------------------------------------------------------

# Evidence that never sets the level once a mentor or lead rated, but that a mentor reviews
# when it shows more than their rating (Moodle's evidence review).
REVIEWABLE_KINDS = (RaterKind.QUIZ, RaterKind.PEER, RaterKind.PRACTICAL, RaterKind.PRESENTATION)
# Evidence that sets the level while no mentor or lead has rated: the best quiz pass, passed
# practical hand-in or confirmed presentation (a mentor or lead saw the person teach the topic
# at that level, as they see a hand-in pass its rubric).
PROVEN_KINDS = (RaterKind.QUIZ, RaterKind.PRACTICAL, RaterKind.PRESENTATION)
# The ratings that decide a level: the latest of a mentor's or a lead's.
OFFICIAL_KINDS = (RaterKind.MENTOR, RaterKind.LEAD)


@dataclass(frozen=True)
class Evidence:
    level: int
    rater_kind: RaterKind
    created_at: datetime


@dataclass(frozen=True)
class ResolvedLevel:
    """A person's level in one competency, and where it comes from."""

    level: int | None  # None: no mentor, lead or quiz evidence yet
    source: RaterKind | None
    self_level: int | None
    mentor_level: int | None
    as_of: datetime | None
    # Quiz or peer evidence newer than the official rating and above it: the level stays the
    # mentor's or lead's, and a mentor reviews this (see `new_evidence` in `resolve_level`).
    new_evidence: Evidence | None = None

    @property
    def official_source(self) -> RaterKind | None:
        """Whose view the self-rating is compared with: the mentor's, else the level's source."""
        return RaterKind.MENTOR if self.mentor_level is not None else self.source

    @property
    def official_level(self) -> int | None:
        return self.mentor_level if self.mentor_level is not None else self.level

    @property
    def self_disagrees(self) -> bool:
        """Self-rating and the official level differ by two levels or more."""
        official = self.official_level
        return (
            self.self_level is not None
            and official is not None
            and abs(self.self_level - official) >= SELF_GAP_ALERT_LEVELS
        )


def resolve_level(evidence: Iterable[Evidence]) -> ResolvedLevel:
    """The latest mentor or lead rating, else the highest quiz evidence; self shown beside.

    Self and peer ratings never change the level: they are kept side by side, not averaged.
    Quiz or peer evidence newer than the official rating and above its level is kept as
    `new_evidence` (the highest, latest first), for a mentor to review.
    """
    ordered = sorted(evidence, key=lambda e: e.created_at)
    official = [e for e in ordered if e.rater_kind in OFFICIAL_KINDS]
    mentor = [e for e in ordered if e.rater_kind == RaterKind.MENTOR]
    quizzes = [e for e in ordered if e.rater_kind in PROVEN_KINDS]
    selfs = [e for e in ordered if e.rater_kind == RaterKind.SELF]
    chosen: Evidence | None = None
    if official:
        chosen = official[-1]
    elif quizzes:
        chosen = max(quizzes, key=lambda e: (e.level, e.created_at))
    newer = [
        e
        for e in ordered
        if official
        and chosen is not None
        and e.rater_kind in REVIEWABLE_KINDS
        and e.created_at > chosen.created_at
        and e.level > chosen.level
    ]
    return ResolvedLevel(
        level=chosen.level if chosen else None,
        source=chosen.rater_kind if chosen else None,
        self_level=selfs[-1].level if selfs else None,
        mentor_level=mentor[-1].level if mentor else None,
        as_of=chosen.created_at if chosen else None,
        new_evidence=max(newer, key=lambda e: (e.level, e.created_at)) if newer else None,
    )


def level_on(evidence: Iterable[Evidence], moment: datetime) -> int | None:
    """The resolved level as it stood at `moment` (evidence after it is ignored)."""
    return levels_at(list(evidence), [moment])[0]


class RunningLevel:
    """A cell's resolved level as its evidence is taken in time order, one piece at a time:
    the rule of `resolve_level` (the latest mentor or lead rating, else the highest proven
    level), without what the level does not need (self-ratings, evidence to review)."""

    def __init__(self) -> None:
        self._official: int | None = None
        self._proven: int | None = None

    def take(self, evidence: Evidence) -> None:
        if evidence.rater_kind in OFFICIAL_KINDS:
            self._official = evidence.level
        elif evidence.rater_kind in PROVEN_KINDS:
            self._proven = max(self._proven or 0, evidence.level)

    @property
    def level(self) -> int | None:
        return self._official if self._official is not None else self._proven


def levels_at(evidence: Sequence[Evidence], moments: Sequence[datetime]) -> list[int | None]:
    """The resolved level at each of `moments` (ascending), in one pass over the evidence
    (`RunningLevel`), not sorting and resolving it again for every moment."""
    ordered = sorted(evidence, key=lambda e: e.created_at)
    running = RunningLevel()
    levels: list[int | None] = []
    seen = 0
    for moment in moments:
        while seen < len(ordered) and ordered[seen].created_at <= moment:
            running.take(ordered[seen])
            seen += 1
        levels.append(running.level)
    return levels


# --- multi-dimensional assessment -------------------------------------------------------

DIMENSIONS = (
    "knowledge_recall",
    "practical_application",
    "analytical_thinking",
    "knowledge_transfer",
)
DIMENSION_LABELS = {
    "knowledge_recall": "Knowledge recall",
    "practical_application": "Practical application",
    "analytical_thinking": "Analytical thinking",
    "knowledge_transfer": "Knowledge transfer",
}
DEFAULT_WEIGHTS = {
    "knowledge_recall": 0.2,
    "practical_application": 0.4,
    "analytical_thinking": 0.2,
    "knowledge_transfer": 0.2,
}
DIMENSION_NEXT_STEPS = {
    "knowledge_recall": "Review the module cards daily and retake the quizzes of recent modules.",
    "practical_application": "Do the module exercises end to end on the team's own data.",
    "analytical_thinking": "Compare two approaches on a measured benchmark and write up why.",
    "knowledge_transfer": "Explain a topic to a colleague or write an internal note on it.",
}
MAX_SCORE = 10.0
WEIGHT_SUM_TOLERANCE = 1e-6
# Overall score (0-10) at or above which each level is reached.
LEVEL_THRESHOLDS = ((8.5, 4), (7.0, 3), (5.0, 2), (3.0, 1))
# Weaker people are reassessed sooner.
REASSESS_AFTER_DAYS_BY_LEVEL = {0: 30, 1: 30, 2: 60, 3: 90, 4: 120}


def validate_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights for exactly the four dimensions, each 0..1, summing to 1; else InvalidInput."""
    problems = []
    missing = [d for d in DIMENSIONS if d not in weights]
    extra = [k for k in weights if k not in DIMENSIONS]
    if missing:
        problems.append("missing " + ", ".join(DIMENSION_LABELS[d] for d in missing))
    if extra:
        problems.append("unknown " + ", ".join(extra))
    for key, value in weights.items():
        if key in DIMENSIONS and not 0 <= value <= 1:
            problems.append(f"{DIMENSION_LABELS[key]} must be between 0 and 1")
    total = sum(weights.values())
    if abs(total - 1) > WEIGHT_SUM_TOLERANCE:
        problems.append(f"the weights add up to {total:g}, not 1")
    if problems:
        raise InvalidInput("Weights not saved: " + "; ".join(problems) + ".")
    return {d: float(weights[d]) for d in DIMENSIONS}


def validate_scores(scores: Mapping[str, float]) -> dict[str, float]:
    """A score 0..10 for each dimension; else InvalidInput."""
    problems = [
        f"{DIMENSION_LABELS[d]} needs a score from 0 to 10"
        for d in DIMENSIONS
        if d not in scores or not 0 <= scores[d] <= MAX_SCORE
    ]
    if problems:
        raise InvalidInput("Assessment not saved: " + "; ".join(problems) + ".")
    return {d: float(scores[d]) for d in DIMENSIONS}


def overall_score(scores: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Weighted overall score, 0..10."""
    return round(sum(scores[d] * weights[d] for d in DIMENSIONS), 2)


def level_for_score(overall: float) -> int:
    """Level an overall score shows: 8.5+ expert, 7+ advanced, 5+ intermediate, 3+ basic."""
    for threshold, level in LEVEL_THRESHOLDS:
        if overall >= threshold:
            return level
    return 0


def next_assessment_on(assessed_on: date, level: int) -> date:
    return assessed_on + timedelta(days=REASSESS_AFTER_DAYS_BY_LEVEL[level])


@dataclass(frozen=True)
class Priority:
    dimension: str
    label: str
    score: float
    points_lost: float  # weight × (10 − score): what this dimension costs the overall
    next_step: str


def development_priorities(
    scores: Mapping[str, float], weights: Mapping[str, float], count: int = 2
) -> list[Priority]:
    """The dimensions that cost the overall score most, heaviest first."""
    ranked = sorted(
        DIMENSIONS, key=lambda d: (-(weights[d] * (MAX_SCORE - scores[d])), DIMENSIONS.index(d))
    )
    return [
        Priority(
            dimension=d,
            label=DIMENSION_LABELS[d],
            score=scores[d],
            points_lost=round(weights[d] * (MAX_SCORE - scores[d]), 2),
            next_step=DIMENSION_NEXT_STEPS[d],
        )
        for d in ranked[:count]
        if scores[d] < MAX_SCORE
    ]


# --- intake -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeAnswers:
    programming_years: int
    ml_experience: str  # "none" | "some" | "solid"
    search_experience: bool  # has built search or worked with vector or search indexes
    hours_per_week: int
    learning_style: str  # "hands-on" | "reading" | "discussion"
    goal: str  # "build" | "lead" | "evaluate"


ML_LEVELS = ("none", "some", "solid")
LEARNING_STYLES = ("hands-on", "reading", "discussion")
GOALS = ("build", "lead", "evaluate")
FAST_TRACK_MIN_HOURS_PER_WEEK = 12


@dataclass(frozen=True)
class TrackSuggestion:
    track_key: str
    reasons: list[str]


def suggest_track(answers: IntakeAnswers) -> TrackSuggestion:
    """The seed's intake evaluation: background, style and business context → a track."""
    if answers.ml_experience not in ML_LEVELS:
        raise InvalidInput(f"ML experience must be one of {', '.join(ML_LEVELS)}.")
    if answers.goal not in GOALS:
        raise InvalidInput(f"Goal must be one of {', '.join(GOALS)}.")
    if answers.learning_style not in LEARNING_STYLES:
        raise InvalidInput(f"Learning style must be one of {', '.join(LEARNING_STYLES)}.")
    if answers.programming_years < 0 or not 0 < answers.hours_per_week <= 60:
        raise InvalidInput("Years must be 0 or more and hours per week between 1 and 60.")
    style_note = {
        "hands-on": "Prefers learning by doing: weight the exercises and a capstone.",
        "reading": "Prefers reading first: start each module with its text, then exercises.",
        "discussion": "Learns by talking it through: pair with the mentor early and often.",
    }[answers.learning_style]
    if answers.goal == "lead" and answers.ml_experience == "solid":
        return TrackSuggestion(
            "leadership",
            [
                "Wants to lead adoption and already has solid ML experience.",
                "The leadership track adds business value, operations and mentoring.",
                style_note,
            ],
        )
    if answers.programming_years < 2 or answers.ml_experience == "none":
        reasons = []
        if answers.programming_years < 2:
            reasons.append(f"{answers.programming_years} year(s) of programming: build the basics.")
        if answers.ml_experience == "none":
            reasons.append("No machine-learning experience yet: embeddings need time.")
        reasons.append("The foundation track takes one module a week over eight weeks.")
        return TrackSuggestion("foundation", [*reasons, style_note])
    if (
        answers.ml_experience == "solid"
        and answers.search_experience
        and answers.hours_per_week >= FAST_TRACK_MIN_HOURS_PER_WEEK
    ):
        return TrackSuggestion(
            "fast",
            [
                "Solid ML experience and has built search before.",
                f"{answers.hours_per_week} hours a week fits the fast track's four weeks.",
                style_note,
            ],
        )
    reasons = ["Has programmed for a while and knows some machine learning."]
    if answers.ml_experience == "solid" and not answers.search_experience:
        reasons.append("No search experience yet: the standard track covers indexes fully.")
    if answers.hours_per_week < FAST_TRACK_MIN_HOURS_PER_WEEK:
        reasons.append(f"{answers.hours_per_week} hours a week suits six weeks better than four.")
    return TrackSuggestion("standard", [*reasons, style_note])


# --- quizzes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizQuestionView:
    key: str
    question: str
    choices: list[str]
    answer: int
    explanation: str


@dataclass(frozen=True)
class QuestionFeedback:
    key: str
    question: str
    chosen: str | None
    correct_choice: str
    is_correct: bool
    explanation: str


@dataclass(frozen=True)
class QuizResult:
    correct: int
    total: int
    passed: bool
    feedback: list[QuestionFeedback]

    @property
    def ratio(self) -> float:
        return self.correct / self.total if self.total else 0.0


def shuffled_choices(question: QuizQuestionView, seed: int) -> list[int]:
    """A choice order for one attempt: indices into `question.choices`, stable per seed."""
    order = list(range(len(question.choices)))
    random.Random(f"{seed}:{question.key}").shuffle(order)
    return order


def grade_quiz(questions: Sequence[QuizQuestionView], answers: Mapping[str, int]) -> QuizResult:
    """Score an attempt; `answers` maps question key to the index of the chosen choice."""
    feedback = []
    for q in questions:
        chosen = answers.get(q.key)
        feedback.append(
            QuestionFeedback(
                key=q.key,
                question=q.question,
                chosen=q.choices[chosen]
                if chosen is not None and 0 <= chosen < len(q.choices)
                else None,
                correct_choice=q.choices[q.answer],
                is_correct=chosen == q.answer,
                explanation=q.explanation,
            )
        )
    correct = sum(f.is_correct for f in feedback)
    total = len(questions)
    return QuizResult(
        correct=correct,
        total=total,
        passed=total > 0 and correct / total >= QUIZ_PASS_RATIO,
        feedback=feedback,
    )


# --- peer assessment --------------------------------------------------------------------

PEER_CRITERIA = (
    "technical_explanation",
    "collaborative_problem_solving",
    "knowledge_sharing",
    "constructive_feedback",
    "learning_support",
)
PEER_CRITERIA_LABELS = {
    "technical_explanation": "Technical explanation",
    "collaborative_problem_solving": "Collaborative problem solving",
    "knowledge_sharing": "Knowledge sharing",
    "constructive_feedback": "Constructive feedback",
    "learning_support": "Learning support",
}
PEER_SCALE = (1, 5)


def validate_peer_scores(scores: Mapping[str, int]) -> dict[str, int]:
    low, high = PEER_SCALE
    problems = [
        f"{PEER_CRITERIA_LABELS[c]} needs a score from {low} to {high}"
        for c in PEER_CRITERIA
        if c not in scores
        or isinstance(scores[c], bool)
        or not isinstance(scores[c], int)
        or not low <= scores[c] <= high
    ]
    if problems:
        raise InvalidInput("Peer review not saved: " + "; ".join(problems) + ".")
    return {c: int(scores[c]) for c in PEER_CRITERIA}


def helpfulness(scores: Mapping[str, int]) -> float:
    """How much the assessed person helps the assessor: knowledge sharing and learning support."""
    return (scores["knowledge_sharing"] + scores["learning_support"]) / 2


# --- the team matrix --------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    competency_key: str
    needed_by: int  # people whose role target asks for it (target > 0)
    meeting_target: int  # of those, people at or above their target
    advanced_or_better: int  # anyone in the team at advanced or expert
    max_target: int
    # Ids of those at advanced or expert; the counts above are what rows compare on.
    advanced_people: tuple[int, ...] = field(default=(), compare=False)

    @property
    def single_person(self) -> bool:
        """A skill some role needs that rests on at most one person at advanced or better."""
        return self.needed_by > 0 and self.advanced_or_better <= 1


def gap(level: int | None, target: int | None) -> int:
    """Levels still missing to reach the target (never negative; no evidence counts as 0)."""
    if not target:
        return 0
    return max(target - (level or 0), 0)


def coverage(
    competency_keys: Sequence[str],
    levels: Mapping[tuple[int, str], int | None],
    targets: Mapping[tuple[int, str], int],
    people: Sequence[int],
) -> list[CoverageRow]:
    """Per competency: who needs it, who meets their target, who is advanced or better.

    `levels` and `targets` are keyed by (person id, competency key).
    """
    rows = []
    for key in competency_keys:
        needing = [p for p in people if targets.get((p, key), 0) > 0]
        advanced = tuple(p for p in people if (levels.get((p, key)) or 0) >= ADVANCED_LEVEL)
        rows.append(
            CoverageRow(
                competency_key=key,
                needed_by=len(needing),
                meeting_target=sum(
                    1 for p in needing if (levels.get((p, key)) or 0) >= targets[(p, key)]
                ),
                advanced_or_better=len(advanced),
                max_target=max((targets.get((p, key), 0) for p in people), default=0),
                advanced_people=advanced,
            )
        )
    return rows
