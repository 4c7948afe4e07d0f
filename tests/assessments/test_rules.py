"""The pure competency rules, each checked against hand-computed values (no database)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from assessments.rules import (
    DEFAULT_WEIGHTS,
    DIMENSION_NEXT_STEPS,
    DIMENSIONS,
    QUIZ_PASS_RATIO,
    CoverageRow,
    Evidence,
    IntakeAnswers,
    QuizQuestionView,
    coverage,
    development_priorities,
    gap,
    grade_quiz,
    helpfulness,
    level_for_score,
    level_on,
    next_assessment_on,
    overall_score,
    resolve_level,
    shuffled_choices,
    suggest_track,
    validate_peer_scores,
    validate_scores,
    validate_weights,
)
from storage.enums import RaterKind
from storage.errors import InvalidInput
from tests.conftest import TODAY

SELF, MENTOR, LEAD, PEER, QUIZ = (
    RaterKind.SELF,
    RaterKind.MENTOR,
    RaterKind.LEAD,
    RaterKind.PEER,
    RaterKind.QUIZ,
)


def day(n: int) -> datetime:
    """Noon UTC on the n-th day of September 2026."""
    return datetime(2026, 9, n, 12, tzinfo=UTC)


def scores(recall: float, application: float, analysis: float, transfer: float) -> dict:
    return dict(zip(DIMENSIONS, (recall, application, analysis, transfer), strict=True))


def weights(recall: float, application: float, analysis: float, transfer: float) -> dict:
    return scores(recall, application, analysis, transfer)


# --- current level ----------------------------------------------------------------------


def test_no_evidence_means_no_level() -> None:
    resolved = resolve_level([])
    assert resolved.level is None
    assert resolved.source is None
    assert resolved.self_level is None
    assert resolved.mentor_level is None
    assert resolved.as_of is None
    assert not resolved.self_disagrees


def test_latest_mentor_or_lead_rating_wins_whatever_its_level() -> None:
    resolved = resolve_level(
        [Evidence(3, MENTOR, day(1)), Evidence(1, LEAD, day(2)), Evidence(2, MENTOR, day(3))]
    )
    assert (resolved.level, resolved.source, resolved.as_of) == (2, MENTOR, day(3))
    resolved = resolve_level([Evidence(3, MENTOR, day(1)), Evidence(1, LEAD, day(2))])
    assert (resolved.level, resolved.source, resolved.as_of) == (1, LEAD, day(2))
    # The latest mentor rating is kept beside it, even when a lead rated later.
    assert resolved.mentor_level == 3


def test_order_of_the_evidence_given_does_not_matter() -> None:
    evidence = [
        Evidence(1, MENTOR, day(1)),
        Evidence(4, SELF, day(2)),
        Evidence(2, QUIZ, day(3)),
        Evidence(3, MENTOR, day(4)),
        Evidence(2, SELF, day(5)),
    ]
    expected = resolve_level(evidence)
    assert (expected.level, expected.self_level) == (3, 2)
    rng = random.Random(1)
    for _ in range(10):
        shuffled = evidence[:]
        rng.shuffle(shuffled)
        assert resolve_level(shuffled) == expected


def test_official_rating_beats_later_and_higher_quiz_evidence() -> None:
    resolved = resolve_level([Evidence(1, MENTOR, day(1)), Evidence(3, QUIZ, day(5))])
    assert (resolved.level, resolved.source) == (1, MENTOR)


def test_without_an_official_rating_the_highest_quiz_level_counts() -> None:
    # Highest, not latest: a later, easier quiz does not lower the level.
    resolved = resolve_level([Evidence(2, QUIZ, day(1)), Evidence(1, QUIZ, day(4))])
    assert (resolved.level, resolved.source, resolved.as_of) == (2, QUIZ, day(1))


def test_self_ratings_are_shown_beside_and_never_averaged_in() -> None:
    only_self = resolve_level([Evidence(4, SELF, day(1))])
    assert only_self.level is None
    assert only_self.self_level == 4
    resolved = resolve_level(
        [Evidence(4, SELF, day(1)), Evidence(1, MENTOR, day(2)), Evidence(3, SELF, day(3))]
    )
    assert resolved.level == 1  # not (4 + 1) / 2, nor (3 + 1) / 2
    assert resolved.self_level == 3  # the latest self-rating


def test_peer_ratings_do_not_change_the_level() -> None:
    assert resolve_level([Evidence(4, PEER, day(1))]).level is None
    resolved = resolve_level([Evidence(2, MENTOR, day(1)), Evidence(4, PEER, day(2))])
    assert (resolved.level, resolved.source) == (2, MENTOR)
    assert resolve_level([Evidence(1, QUIZ, day(1)), Evidence(4, PEER, day(2))]).level == 1


@pytest.mark.parametrize(
    ("self_level", "mentor_level", "flagged"),
    [
        (3, 1, True),  # two above
        (4, 1, True),  # three above
        (0, 2, True),  # two below
        (2, 1, False),  # one apart
        (1, 2, False),
        (2, 2, False),
    ],
)
def test_self_and_mentor_two_levels_apart_is_flagged(
    self_level: int, mentor_level: int, flagged: bool
) -> None:
    resolved = resolve_level(
        [Evidence(self_level, SELF, day(1)), Evidence(mentor_level, MENTOR, day(2))]
    )
    assert resolved.self_disagrees is flagged


def test_no_flag_without_a_self_rating_or_without_an_official_one() -> None:
    assert not resolve_level([Evidence(4, MENTOR, day(1))]).self_disagrees
    assert not resolve_level([Evidence(4, SELF, day(1))]).self_disagrees
    assert not resolve_level([Evidence(4, SELF, day(1)), Evidence(0, PEER, day(2))]).self_disagrees


def test_the_flag_follows_the_latest_self_rating() -> None:
    evidence = [Evidence(4, SELF, day(1)), Evidence(1, MENTOR, day(2))]
    assert resolve_level(evidence).self_disagrees
    assert not resolve_level([*evidence, Evidence(2, SELF, day(3))]).self_disagrees


def test_level_on_ignores_evidence_after_the_moment() -> None:
    evidence = [Evidence(1, MENTOR, day(1)), Evidence(3, MENTOR, day(10))]
    assert level_on(evidence, day(1) - timedelta(seconds=1)) is None
    assert level_on(evidence, day(1)) == 1
    assert level_on(evidence, day(9)) == 1
    assert level_on(evidence, day(10)) == 3


# --- weights and scores -----------------------------------------------------------------


def test_default_weights_are_the_seeds() -> None:
    assert DEFAULT_WEIGHTS == {
        "knowledge_recall": 0.2,
        "practical_application": 0.4,
        "analytical_thinking": 0.2,
        "knowledge_transfer": 0.2,
    }
    assert validate_weights(DEFAULT_WEIGHTS) == DEFAULT_WEIGHTS


@pytest.mark.parametrize(
    "good",
    [
        weights(0.25, 0.25, 0.25, 0.25),
        weights(0.1, 0.5, 0.3, 0.1),  # adds up to 1.0000000000000002 in floating point
        weights(0.0, 1.0, 0.0, 0.0),
        weights(0.7, 0.1, 0.1, 0.1),
    ],
)
def test_weights_that_add_up_to_one_are_accepted(good: dict) -> None:
    assert validate_weights(good) == good


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (weights(0.2, 0.4, 0.2, 0.1), "add up to 0.9, not 1"),
        (weights(0.3, 0.4, 0.2, 0.2), "add up to 1.1, not 1"),
        (weights(0.5, 0.6, -0.1, 0.0), "Analytical thinking must be between 0 and 1"),
        (weights(1.5, -0.5, 0.0, 0.0), "Knowledge recall must be between 0 and 1"),
        (
            {"knowledge_recall": 0.5, "practical_application": 0.5},
            "missing Analytical thinking, Knowledge transfer",
        ),
        ({**DEFAULT_WEIGHTS, "charisma": 0.0}, "unknown charisma"),
    ],
)
def test_a_bad_set_of_weights_is_refused_with_a_message(bad: dict, message: str) -> None:
    with pytest.raises(InvalidInput, match="Weights not saved") as refused:
        validate_weights(bad)
    assert message in str(refused.value)


def test_scores_from_0_to_10_are_accepted() -> None:
    assert validate_scores(scores(0, 10, 5.5, 7)) == scores(0.0, 10.0, 5.5, 7.0)


@pytest.mark.parametrize(
    ("bad", "label"),
    [
        (scores(10.5, 5, 5, 5), "Knowledge recall needs a score from 0 to 10"),
        (scores(5, -0.5, 5, 5), "Practical application needs a score from 0 to 10"),
        (
            {"knowledge_recall": 5, "practical_application": 5, "analytical_thinking": 5},
            "Knowledge transfer needs a score from 0 to 10",
        ),
    ],
)
def test_scores_outside_0_to_10_are_refused(bad: dict, label: str) -> None:
    with pytest.raises(InvalidInput, match="Assessment not saved") as refused:
        validate_scores(bad)
    assert label in str(refused.value)


@pytest.mark.parametrize(
    ("given", "used_weights", "expected"),
    [
        # 6.5×0.2 + 5.0×0.4 + 5.5×0.2 + 5.0×0.2 = 1.3 + 2.0 + 1.1 + 1.0
        (scores(6.5, 5.0, 5.5, 5.0), DEFAULT_WEIGHTS, 5.4),
        # 1.1 + 1.6 + 1.0 + 0.9
        (scores(5.5, 4.0, 5.0, 4.5), DEFAULT_WEIGHTS, 4.6),
        # 1.6 + 3.0 + 1.7 + 1.6
        (scores(8.0, 7.5, 8.5, 8.0), DEFAULT_WEIGHTS, 7.9),
        # Practical application counts double: 2.0 + 0.0 + 2.0 + 2.0
        (scores(10, 0, 10, 10), DEFAULT_WEIGHTS, 6.0),
        (scores(0, 10, 0, 0), DEFAULT_WEIGHTS, 4.0),
        (scores(10, 10, 10, 10), DEFAULT_WEIGHTS, 10.0),
        (scores(0, 0, 0, 0), DEFAULT_WEIGHTS, 0.0),
        # (7 + 8 + 9 + 6) / 4
        (scores(7, 8, 9, 6), weights(0.25, 0.25, 0.25, 0.25), 7.5),
        # 0.9 + 2.4 + 0.7 + 1.6
        (scores(9, 4, 7, 8), weights(0.1, 0.6, 0.1, 0.2), 5.6),
        # 6.3 + 0.2 + 0.3 + 0.0
        (scores(9, 2, 3, 0), weights(0.7, 0.1, 0.1, 0.1), 6.8),
    ],
)
def test_overall_score_is_the_weighted_sum(
    given: dict, used_weights: dict, expected: float
) -> None:
    assert overall_score(given, used_weights) == expected


@pytest.mark.parametrize(
    ("overall", "level"),
    [
        (10.0, 4),
        (8.5, 4),
        (8.49, 3),
        (7.0, 3),
        (6.99, 2),
        (5.0, 2),
        (4.99, 1),
        (3.0, 1),
        (2.99, 0),
        (0.0, 0),
    ],
)
def test_level_for_score_at_the_boundaries(overall: float, level: int) -> None:
    assert level_for_score(overall) == level


@pytest.mark.parametrize(
    ("given", "overall", "level"),
    [
        # Sums that land exactly on a threshold in spite of floating point.
        (scores(8.5, 8, 9, 9), 8.5, 4),  # 1.7 + 3.2 + 1.8 + 1.8
        (scores(8.5, 8.5, 8.5, 8.5), 8.5, 4),
        (scores(6, 7.5, 7, 7), 7.0, 3),  # 1.2 + 3.0 + 1.4 + 1.4
        (scores(7, 7, 7, 7), 7.0, 3),
        (scores(4.5, 5, 5.5, 5), 5.0, 2),  # 0.9 + 2.0 + 1.1 + 1.0
        (scores(3, 3, 3, 3), 3.0, 1),
        (scores(3, 2.9, 3, 3), 2.96, 0),  # 0.6 + 1.16 + 0.6 + 0.6
    ],
)
def test_level_from_weighted_scores_on_the_thresholds(
    given: dict, overall: float, level: int
) -> None:
    computed = overall_score(given, DEFAULT_WEIGHTS)
    assert computed == overall
    assert level_for_score(computed) == level


@pytest.mark.parametrize(
    ("level", "due"),
    [
        (0, date(2026, 12, 21)),  # 30 days
        (1, date(2026, 12, 21)),  # 30 days
        (2, date(2027, 1, 20)),  # 60 days
        (3, date(2027, 2, 19)),  # 90 days
        (4, date(2027, 3, 21)),  # 120 days
    ],
)
def test_next_assessment_comes_sooner_for_weaker_levels(level: int, due: date) -> None:
    assert date(2026, 11, 21) == TODAY
    assert next_assessment_on(TODAY, level) == due


# --- development priorities -------------------------------------------------------------


def test_priorities_are_the_dimensions_losing_most_weighted_points() -> None:
    # Points lost: recall 0.2×4.5 = 0.9, application 0.4×6 = 2.4, analysis 0.2×5 = 1.0,
    # transfer 0.2×5.5 = 1.1.
    priorities = development_priorities(scores(5.5, 4.0, 5.0, 4.5), DEFAULT_WEIGHTS)
    assert [(p.dimension, p.points_lost, p.score) for p in priorities] == [
        ("practical_application", 2.4, 4.0),
        ("knowledge_transfer", 1.1, 4.5),
    ]
    assert [p.label for p in priorities] == ["Practical application", "Knowledge transfer"]
    assert [p.next_step for p in priorities] == [
        DIMENSION_NEXT_STEPS["practical_application"],
        DIMENSION_NEXT_STEPS["knowledge_transfer"],
    ]
    assert all(p.next_step for p in priorities)


def test_weight_not_the_lowest_score_decides_the_priority() -> None:
    # Recall is lowest (6) but loses 0.2×4 = 0.8; application (7) loses 0.4×3 = 1.2.
    priorities = development_priorities(scores(6, 7, 9, 9.5), DEFAULT_WEIGHTS)
    assert [(p.dimension, p.points_lost) for p in priorities] == [
        ("practical_application", 1.2),
        ("knowledge_recall", 0.8),
    ]


def test_priorities_follow_the_team_weights() -> None:
    # Same scores, weights 0.7/0.1/0.1/0.1: recall loses 2.8, analysis 0.3, transfer 0.1.
    priorities = development_priorities(scores(6, 7, 7, 9), weights(0.7, 0.1, 0.1, 0.1))
    assert [(p.dimension, p.points_lost) for p in priorities] == [
        ("knowledge_recall", 2.8),
        ("practical_application", 0.3),
    ]


def test_priorities_on_a_tie_keep_the_dimension_order() -> None:
    # Each loses 0.4 (0.2×2 three times, 0.4×1 once).
    priorities = development_priorities(scores(8, 9, 8, 8), DEFAULT_WEIGHTS, count=4)
    assert [p.dimension for p in priorities] == list(DIMENSIONS)
    assert {p.points_lost for p in priorities} == {0.4}


def test_nothing_to_improve_on_full_marks() -> None:
    assert development_priorities(scores(10, 10, 10, 10), DEFAULT_WEIGHTS) == []
    # Only one dimension short of full marks: only it is listed.
    [only] = development_priorities(scores(10, 10, 9, 10), DEFAULT_WEIGHTS)
    assert (only.dimension, only.points_lost) == ("analytical_thinking", 0.2)


# --- intake -----------------------------------------------------------------------------


def intake(
    years: int = 5,
    ml: str = "some",
    search: bool = False,
    hours: int = 8,
    style: str = "hands-on",
    goal: str = "build",
) -> IntakeAnswers:
    return IntakeAnswers(years, ml, search, hours, style, goal)


def test_solid_ml_and_a_wish_to_lead_suggests_the_leadership_track() -> None:
    suggestion = suggest_track(intake(years=9, ml="solid", goal="lead", style="discussion"))
    assert suggestion.track_key == "leadership"
    assert suggestion.reasons == [
        "Wants to lead adoption and already has solid ML experience.",
        "The leadership track adds business value, operations and mentoring.",
        "Learns by talking it through: pair with the mentor early and often.",
    ]


def test_wanting_to_lead_without_solid_ml_is_not_the_leadership_track() -> None:
    assert suggest_track(intake(years=9, ml="some", goal="lead")).track_key == "standard"
    assert suggest_track(intake(years=9, ml="none", goal="lead")).track_key == "foundation"


def test_little_programming_suggests_the_foundation_track() -> None:
    suggestion = suggest_track(intake(years=1, ml="some", style="reading"))
    assert suggestion.track_key == "foundation"
    assert suggestion.reasons == [
        "1 year(s) of programming: build the basics.",
        "The foundation track takes one module a week over eight weeks.",
        "Prefers reading first: start each module with its text, then exercises.",
    ]


def test_no_ml_experience_suggests_the_foundation_track() -> None:
    suggestion = suggest_track(intake(years=6, ml="none", search=True, hours=20))
    assert suggestion.track_key == "foundation"
    assert "No machine-learning experience yet: embeddings need time." in suggestion.reasons
    assert not any("year(s) of programming" in r for r in suggestion.reasons)


def test_both_foundation_reasons_are_given_together() -> None:
    suggestion = suggest_track(intake(years=0, ml="none"))
    assert suggestion.track_key == "foundation"
    assert suggestion.reasons[:2] == [
        "0 year(s) of programming: build the basics.",
        "No machine-learning experience yet: embeddings need time.",
    ]


def test_solid_ml_search_experience_and_time_suggests_the_fast_track() -> None:
    suggestion = suggest_track(intake(years=4, ml="solid", search=True, hours=12))
    assert suggestion.track_key == "fast"
    assert suggestion.reasons == [
        "Solid ML experience and has built search before.",
        "12 hours a week fits the fast track's four weeks.",
        "Prefers learning by doing: weight the exercises and a capstone.",
    ]


def test_one_hour_short_of_the_fast_track_is_the_standard_track() -> None:
    suggestion = suggest_track(intake(years=4, ml="solid", search=True, hours=11))
    assert suggestion.track_key == "standard"
    assert "11 hours a week suits six weeks better than four." in suggestion.reasons


def test_solid_ml_without_search_experience_suggests_the_standard_track() -> None:
    suggestion = suggest_track(intake(years=10, ml="solid", search=False, hours=20))
    assert suggestion.track_key == "standard"
    assert suggestion.reasons == [
        "Has programmed for a while and knows some machine learning.",
        "No search experience yet: the standard track covers indexes fully.",
        "Prefers learning by doing: weight the exercises and a capstone.",
    ]


def test_some_ml_suggests_the_standard_track() -> None:
    suggestion = suggest_track(intake(years=2, ml="some", search=True, hours=30))
    assert suggestion.track_key == "standard"
    assert suggestion.reasons[0] == "Has programmed for a while and knows some machine learning."


@pytest.mark.parametrize(
    "answers",
    [
        intake(ml="expert"),
        intake(goal="manage"),
        intake(style="osmosis"),
        intake(years=-1),
        intake(hours=0),
        intake(hours=61),
    ],
)
def test_intake_answers_outside_the_choices_are_refused(answers: IntakeAnswers) -> None:
    with pytest.raises(InvalidInput):
        suggest_track(answers)


def test_sixty_hours_a_week_is_still_accepted() -> None:
    assert suggest_track(intake(hours=60, ml="solid", search=True)).track_key == "fast"


# --- quizzes ----------------------------------------------------------------------------


def questions(count: int) -> list[QuizQuestionView]:
    """`count` questions of four choices; the right choice of question n is n mod 4."""
    return [
        QuizQuestionView(f"q{n}", f"Question {n}?", [f"c{n}.{i}" for i in range(4)], n % 4, "Why.")
        for n in range(1, count + 1)
    ]


def answers_with(qs: list[QuizQuestionView], correct: int) -> dict[str, int]:
    """The first `correct` questions answered right, the rest wrong."""
    return {
        q.key: q.answer if index < correct else (q.answer + 1) % 4 for index, q in enumerate(qs)
    }


@pytest.mark.parametrize(
    ("count", "correct", "passed"),
    [
        (5, 4, True),  # 0.8 exactly passes
        (5, 3, False),
        (4, 3, False),  # 0.75
        (4, 4, True),
        (10, 8, True),
        (10, 7, False),
        (7, 6, True),  # the curriculum's seven-question quizzes: 6/7 = 0.857
        (7, 5, False),  # 5/7 = 0.714
        (8, 7, True),  # eight questions: 7/8 = 0.875
        (8, 6, False),  # 6/8 = 0.75
        (6, 5, True),  # six questions: 5/6 = 0.833
        (6, 4, False),
        (15, 12, True),
        (1, 0, False),
    ],
)
def test_eighty_percent_passes(count: int, correct: int, passed: bool) -> None:
    assert QUIZ_PASS_RATIO == 0.8
    qs = questions(count)
    result = grade_quiz(qs, answers_with(qs, correct))
    assert (result.correct, result.total, result.passed) == (correct, count, passed)
    assert result.ratio == correct / count


def test_a_quiz_without_questions_is_never_passed() -> None:
    result = grade_quiz([], {})
    assert (result.correct, result.total, result.passed, result.ratio) == (0, 0, False, 0.0)


def test_feedback_names_the_chosen_and_the_right_choice() -> None:
    qs = questions(3)  # right choices: 1, 2, 3
    result = grade_quiz(qs, {"q1": 1, "q2": 0, "q3": 9})
    assert [(f.key, f.chosen, f.correct_choice, f.is_correct) for f in result.feedback] == [
        ("q1", "c1.1", "c1.1", True),
        ("q2", "c2.0", "c2.2", False),
        ("q3", None, "c3.3", False),  # out of range: nothing chosen
    ]
    assert [f.explanation for f in result.feedback] == ["Why."] * 3
    assert grade_quiz(qs, {}).feedback[0].chosen is None


def test_shuffled_choices_is_a_permutation_stable_per_seed() -> None:
    question = QuizQuestionView("q1", "Which?", ["a", "b", "c", "d", "e"], 2, "")
    orders = {seed: shuffled_choices(question, seed) for seed in range(20)}
    for seed, order in orders.items():
        assert sorted(order) == [0, 1, 2, 3, 4]
        assert shuffled_choices(question, seed) == order  # same seed, same order
    assert len({tuple(order) for order in orders.values()}) > 1  # seeds do shuffle
    assert question.choices == ["a", "b", "c", "d", "e"]  # the question is left alone


def test_shuffled_choices_differ_between_questions_of_one_attempt() -> None:
    qs = [QuizQuestionView(f"q{n}", "?", list("abcdef"), 0, "") for n in range(10)]
    assert len({tuple(shuffled_choices(q, 42)) for q in qs}) > 1


# --- peer review ------------------------------------------------------------------------


def peer(tech: int = 3, collab: int = 3, sharing: int = 3, feedback: int = 3, support: int = 3):
    return {
        "technical_explanation": tech,
        "collaborative_problem_solving": collab,
        "knowledge_sharing": sharing,
        "constructive_feedback": feedback,
        "learning_support": support,
    }


def test_peer_scores_1_to_5_are_accepted() -> None:
    assert validate_peer_scores(peer(1, 5, 2, 4, 3)) == peer(1, 5, 2, 4, 3)


@pytest.mark.parametrize(
    ("bad", "label"),
    [
        (peer(tech=0), "Technical explanation needs a score from 1 to 5"),
        (peer(support=6), "Learning support needs a score from 1 to 5"),
        (
            {k: v for k, v in peer().items() if k != "constructive_feedback"},
            "Constructive feedback needs a score from 1 to 5",
        ),
    ],
)
def test_peer_scores_outside_1_to_5_are_refused(bad: dict, label: str) -> None:
    with pytest.raises(InvalidInput, match="Peer review not saved") as refused:
        validate_peer_scores(bad)
    assert label in str(refused.value)


def test_a_peer_score_between_two_points_is_refused() -> None:
    with pytest.raises(InvalidInput):
        validate_peer_scores(peer(sharing=4.5))  # type: ignore[arg-type]


def test_helpfulness_is_the_mean_of_knowledge_sharing_and_learning_support() -> None:
    assert helpfulness(peer(tech=1, collab=1, feedback=1, sharing=4, support=5)) == 4.5
    assert helpfulness(peer(tech=5, collab=5, feedback=5, sharing=1, support=2)) == 1.5


# --- gaps and coverage ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "target", "expected"),
    [
        (1, 3, 2),
        (0, 4, 4),
        (None, 2, 2),  # no evidence counts as level 0
        (3, 3, 0),
        (4, 2, 0),  # above target: never negative
        (None, 0, 0),
        (2, None, 0),
    ],
)
def test_gap(level: int | None, target: int | None, expected: int) -> None:
    assert gap(level, target) == expected


def test_coverage_on_a_small_hand_made_team() -> None:
    # Three people; person 3 has no target in "coach" and nobody needs "spare".
    people = [1, 2, 3]
    levels = {
        (1, "search"): 3,
        (2, "search"): 4,
        (3, "search"): 1,
        (1, "coach"): 3,
        (2, "coach"): 2,
        (3, "coach"): 4,  # advanced, though nobody asks it of them
        (1, "pitch"): None,
        (2, "pitch"): 2,
    }
    targets = {
        (1, "search"): 3,
        (2, "search"): 3,
        (3, "search"): 2,
        (1, "coach"): 4,
        (2, "coach"): 2,
        (1, "pitch"): 1,
        (2, "pitch"): 3,
        (3, "pitch"): 1,
    }
    rows = coverage(["search", "coach", "pitch", "spare"], levels, targets, people)
    assert rows == [
        CoverageRow("search", needed_by=3, meeting_target=2, advanced_or_better=2, max_target=3),
        CoverageRow("coach", needed_by=2, meeting_target=1, advanced_or_better=2, max_target=4),
        CoverageRow("pitch", needed_by=3, meeting_target=0, advanced_or_better=0, max_target=3),
        CoverageRow("spare", needed_by=0, meeting_target=0, advanced_or_better=0, max_target=0),
    ]
    assert [r.single_person for r in rows] == [False, False, True, False]
    assert [r.advanced_people for r in rows] == [(1, 2), (1, 3), (), ()]


def test_a_needed_skill_with_exactly_one_advanced_person_rests_on_one_person() -> None:
    [row] = coverage(["search"], {(1, "search"): 4, (2, "search"): 2}, {(2, "search"): 2}, [1, 2])
    assert (row.needed_by, row.advanced_or_better, row.single_person) == (1, 1, True)
