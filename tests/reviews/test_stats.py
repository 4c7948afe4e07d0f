"""Review statistics: the forecast, measured retention by week, adaptive difficulty."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from reviews.scheduling import ReviewGrade
from reviews.stats import (
    difficulty_suggestion,
    forecast,
    module_suggestions,
    retention_by_week,
)
from tests.factories import ReviewDeck, review

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def test_forecast_puts_overdue_reviews_on_today(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    review(s, s.cards[0], ReviewGrade.GOOD, T0)  # due T0 + 2
    review(s, s.cards[1], ReviewGrade.EASY, T0)  # due T0 + 8
    today = (T0 + 3 * DAY).date()
    days = forecast(s.session, actor=s.ada, person_ids=[s.ada.id], today=today)
    assert len(days) == 30
    due = {d.day: d.due for d in days if d.due}
    assert due == {today: 1, (T0 + 8 * DAY).date(): 1}


def test_retention_by_week_counts_recalled_reviews(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    monday = datetime(2026, 11, 16, 9, tzinfo=UTC)
    review(s, s.cards[0], ReviewGrade.GOOD, monday)
    review(s, s.cards[1], ReviewGrade.AGAIN, monday)
    review(s, s.cards[2], ReviewGrade.HARD, monday + DAY)
    weeks = retention_by_week(
        s.session, actor=s.lead, person_ids=[s.ada.id], today=date(2026, 11, 21)
    )
    assert [(w.week_start, w.reviews, w.recalled) for w in weeks] == [(date(2026, 11, 16), 3, 2)]
    assert weeks[0].share == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("ratio", "suggestion"), [(0.81, "harder"), (0.8, "keep"), (0.6, "keep"), (0.59, "revisit")]
)
def test_adaptive_difficulty_thresholds(ratio: float, suggestion: str) -> None:
    assert difficulty_suggestion(ratio) == suggestion


def test_module_suggestions_need_five_reviews_and_follow_the_success_ratio(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    for n, rating in enumerate(
        [ReviewGrade.AGAIN, ReviewGrade.AGAIN, ReviewGrade.GOOD, ReviewGrade.AGAIN]
    ):
        review(s, s.cards[n % 3], rating, T0 + n * DAY)
    now = T0 + 10 * DAY
    assert module_suggestions(s.session, actor=s.mentor, person_id=s.ada.id, now=now) == []
    review(s, s.cards[1], ReviewGrade.GOOD, T0 + 5 * DAY)
    [row] = module_suggestions(s.session, actor=s.mentor, person_id=s.ada.id, now=now)
    assert (row.module_title, row.reviews, row.success_ratio, row.suggestion) == (
        "Search basics",
        5,
        0.4,
        "revisit",
    )
    assert "prerequisites" in row.advice
