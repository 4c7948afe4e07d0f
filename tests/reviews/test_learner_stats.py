"""A learner's own statistics: reviews per day over the year, time spent, streaks and true
retention by month; the rules by hand, then the service on the database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from reviews.queue import record_review, undo_last_answer
from reviews.scheduling import ReviewGrade
from reviews.stats import (
    ACTIVITY_DAYS,
    Answer,
    MonthRetention,
    Streaks,
    day_activity,
    review_statistics,
    streaks,
    true_retention_by_month,
    week_activity,
)
from storage.errors import PermissionDenied
from storage.models import ReviewLog
from tests.factories import ReviewDeck, review

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday
DAY = timedelta(days=1)
TOKYO = ZoneInfo("Asia/Tokyo")


def test_a_streak_runs_to_today_and_is_not_broken_before_the_day_is_over() -> None:
    today = date(2026, 11, 10)
    days = {today - timedelta(days=n) for n in (1, 2, 3)} | {date(2026, 10, 1), date(2026, 10, 2)}
    assert streaks(days, today) == Streaks(current=3, longest=3)
    assert streaks(days | {today}, today) == Streaks(current=4, longest=4)
    # Two days without a review break it.
    assert streaks(days - {today - timedelta(days=1)}, today) == Streaks(current=0, longest=2)
    assert streaks(set(), today) == Streaks(0, 0)


def test_days_are_the_teams_and_time_adds_up_the_stored_durations() -> None:
    answers = [
        Answer(1, datetime(2026, 11, 2, 14, 30, tzinfo=UTC), 3, 4_000),  # 23:30 in Tokyo
        Answer(2, datetime(2026, 11, 2, 15, 30, tzinfo=UTC), 3, 6_000),  # 00:30, the 3rd
        Answer(3, datetime(2026, 11, 2, 15, 40, tzinfo=UTC), 1, None),  # no duration kept
    ]
    days = day_activity(answers, zone=TOKYO, first=date(2026, 11, 1), last=date(2026, 11, 9))
    assert [(d.day.day, d.reviews, d.seconds) for d in days if d.reviews] == [
        (2, 1, 4.0),
        (3, 2, 6.0),
    ]
    assert len(days) == 9  # every day, with or without reviews
    weeks = week_activity(days)
    assert [(w.week_start, w.reviews, w.seconds) for w in weeks] == [
        (date(2026, 10, 26), 0, 0.0),  # the 1st is a Sunday
        (date(2026, 11, 2), 3, 10.0),
        (date(2026, 11, 9), 0, 0.0),
    ]


def test_true_retention_counts_answers_to_cards_in_review_state_per_month() -> None:
    review_state, learning, rung = 2, 1, 0
    utc = ZoneInfo("UTC")
    answers = [
        Answer(1, datetime(2026, 9, 30, 9, tzinfo=UTC), 3, None),  # new: not a review
        Answer(1, datetime(2026, 9, 30, 9, 10, tzinfo=UTC), 3, None, learning),  # a step
        Answer(1, datetime(2026, 10, 3, tzinfo=UTC), 1, None, review_state),  # forgotten
        Answer(1, datetime(2026, 10, 3, 0, 10, tzinfo=UTC), 3, None, learning),  # relearning
        Answer(1, datetime(2026, 10, 9, tzinfo=UTC), 3, None, review_state),  # recalled
        Answer(2, datetime(2026, 11, 1, tzinfo=UTC), 2, None, None, rung),  # ladder: Hard
        # A log that kept no state: a review when a day or more after the previous answer.
        Answer(3, datetime(2026, 11, 5, tzinfo=UTC), 3, None),
        Answer(3, datetime(2026, 11, 5, 1, tzinfo=UTC), 1, None),  # the same day: not
    ]
    earlier = {3: datetime(2026, 10, 20, tzinfo=UTC)}  # card 3's answer before the window
    assert true_retention_by_month(answers, zone=utc, earlier=earlier) == [
        MonthRetention(date(2026, 10, 1), 2, 1),
        MonthRetention(date(2026, 11, 1), 2, 2),
    ]


def test_a_learner_sees_a_year_of_reviews_with_undone_answers_left_out(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    for day in (0, 1, 2, 5):
        record_review(
            s.session,
            actor=s.ada,
            card_id=s.cards[0],
            rating=ReviewGrade.GOOD,
            now=T0 + day * DAY,
            duration_ms=8_000,
            fuzz=False,
        )
    review(s, s.cards[1], ReviewGrade.AGAIN, T0 + 5 * DAY)
    undo_last_answer(s.session, actor=s.ada, now=T0 + 5 * DAY)
    # An answer older than a year counts for the longest streak only.
    s.session.add(
        ReviewLog(
            card_id=s.cards[2],
            person_id=s.ada.id,
            rating=3,
            reviewed_at=T0 - 400 * DAY,
            scheduler="fsrs",
        )
    )
    s.session.flush()

    seen = review_statistics(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + 6 * DAY)
    assert len(seen.days) == ACTIVITY_DAYS and seen.days[-1].day == (T0 + 6 * DAY).date()
    assert [(d.day, d.reviews, d.seconds) for d in seen.days if d.reviews] == [
        ((T0 + n * DAY).date(), 1, 8.0) for n in (0, 1, 2, 5)
    ]
    assert seen.reviews == 4 and seen.seconds == 32.0 and seen.untimed == 0
    # Yesterday (day 5) counts while today has no review yet; days 0-2 are the longest run.
    assert seen.streaks == Streaks(current=1, longest=3)
    # Day 0's Good takes the new card to its second learning step, day 1's graduates it (an
    # answer in its steps); days 2 and 5 answer it in review state. The undone Again is out.
    assert seen.months == [MonthRetention(date(2026, 11, 1), 2, 2)]


def test_a_learners_statistics_are_for_them_their_mentor_and_their_lead(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    for viewer in (s.ada, s.mentor, s.lead):
        assert review_statistics(s.session, actor=viewer, person_id=s.ada.id, now=T0).reviews == 0
    with pytest.raises(PermissionDenied):
        review_statistics(s.session, actor=s.bo, person_id=s.ada.id, now=T0)
    assert s.session.exec(select(ReviewLog)).all() == []
