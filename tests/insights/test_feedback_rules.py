"""How feedback adds up: the mean per module and month, modules flagged for low ratings or
for time over plan, and the trend of a mentor's ratings."""

from __future__ import annotations

from datetime import date

from insights.feedback_rules import (
    WEEKLY_LABEL,
    Answer,
    MonthRating,
    Trend,
    module_figures,
    ratings_by_month,
    trend,
)


def test_ratings_are_averaged_per_module_and_month_with_weekly_answers_as_their_own_line() -> None:
    answers = [
        Answer("Chunking", date(2026, 10, 5), 2),
        Answer("Chunking", date(2026, 10, 20), 3),
        Answer("Chunking", date(2026, 11, 2), 4),
        Answer(None, date(2026, 11, 3), 5),
    ]
    assert ratings_by_month(answers) == [
        MonthRating(date(2026, 10, 1), "Chunking", 2.5, 2),
        MonthRating(date(2026, 11, 1), "Chunking", 4.0, 1),
        MonthRating(date(2026, 11, 1), WEEKLY_LABEL, 5.0, 1),
    ]


def test_a_module_is_flagged_for_low_ratings_only_once_two_learners_said_so() -> None:
    planned = {"Chunking": 4.0, "HNSW": 6.0}
    one = [Answer("HNSW", date(2026, 11, 2), 1)]
    two = [*one, Answer("HNSW", date(2026, 11, 9), 2)]
    assert not module_figures(planned, one, {})[1].low_rating
    hnsw = module_figures(planned, two, {})[1]
    assert (hnsw.mean_rating, hnsw.answers, hnsw.low_rating, hnsw.flagged) == (1.5, 2, True, True)


def test_a_module_whose_finishers_logged_half_again_its_plan_is_flagged() -> None:
    planned = {"Chunking": 4.0, "HNSW": 6.0}
    figures = module_figures(planned, [], {"Chunking": [5.0, 6.0, 7.0], "HNSW": [6.0, 8.0]})
    chunking, hnsw = figures
    assert (chunking.median_hours, chunking.over_plan_ratio, chunking.over_plan) == (6.0, 1.5, True)
    assert (hnsw.median_hours, hnsw.over_plan) == (7.0, False)
    assert chunking.mean_rating is None and not chunking.low_rating


def test_a_trend_compares_the_latest_three_ratings_with_the_three_before() -> None:
    assert trend([3, 3, 3, 4, 4, 4]) == Trend.RISING
    assert trend([5, 5, 4, 4, 3, 3]) == Trend.FALLING
    assert trend([4, 4, 4, 4, 4, 5]) == Trend.STEADY
    assert trend([1, 5, 5]) == Trend.TOO_FEW
