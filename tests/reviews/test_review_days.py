"""A review day is the learner's team's day: a team far east or far west of UTC sees the
cards due on its own today, and its figures count reviews on its own days."""

from __future__ import annotations

from datetime import UTC, date, datetime

from insights.mentor_home import mentor_home
from reviews.queue import due_queue, record_review, review_counts_by_module
from reviews.scheduling import FsrsScheduler, ReviewGrade
from reviews.stats import forecast, retention_by_week
from tests.factories import ReviewDeck, review, without_steps

TOKYO = "Asia/Tokyo"  # UTC+9
LOS_ANGELES = "America/Los_Angeles"  # UTC-8 in November


def _in_zone(s: ReviewDeck, zone: str) -> ReviewDeck:
    """The team in `zone`, without same-day steps: these tests are about intervals of days."""
    without_steps(s)
    s.team.time_zone = zone
    s.session.add(s.team)
    s.session.flush()
    return s


def test_a_learner_in_tokyo_sees_at_eight_in_the_morning_the_cards_due_that_day(
    deck_setup: ReviewDeck,
) -> None:
    s = _in_zone(deck_setup, TOKYO)
    # 2 Nov, 10:00 in Tokyo: "Again" brings the card back on 3 Nov, 10:00 Tokyo time.
    review(s, s.cards[0], ReviewGrade.AGAIN, datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    # 3 Nov, 08:00 in Tokyo (still 2 Nov in UTC): it is due today for her.
    morning = datetime(2026, 11, 2, 23, 0, tzinfo=UTC)
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=morning)
    assert queue[0].card.front == "Basics 0?" and not queue[0].new
    [row] = review_counts_by_module(s.session, person_id=s.ada.id, now=morning)
    assert (row.due, row.overdue) == (1, 0)


def test_a_learner_in_los_angeles_does_not_see_tomorrows_cards_in_the_evening(
    deck_setup: ReviewDeck,
) -> None:
    s = _in_zone(deck_setup, LOS_ANGELES)
    # 3 Nov, 09:00 in Los Angeles: "Again" brings the card back on 4 Nov, 09:00 there.
    review(s, s.cards[0], ReviewGrade.AGAIN, datetime(2026, 11, 3, 17, 0, tzinfo=UTC))
    # 3 Nov, 17:00 in Los Angeles (already 4 Nov in UTC): the card is tomorrow's.
    evening = datetime(2026, 11, 4, 1, 0, tzinfo=UTC)
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=evening)
    assert "Basics 0?" not in [d.card.front for d in queue if not d.new]
    assert review_counts_by_module(s.session, person_id=s.ada.id, now=evening) == []


def test_a_card_due_this_morning_in_los_angeles_is_not_overdue_for_the_mentor(
    deck_setup: ReviewDeck,
) -> None:
    s = _in_zone(deck_setup, LOS_ANGELES)
    for card in s.cards:  # due 4 Nov, 09:00 in Los Angeles (17:00 UTC)
        review(s, card, ReviewGrade.AGAIN, datetime(2026, 11, 3, 17, 0, tzinfo=UTC))
    # 4 Nov, 17:00 there, 5 Nov in UTC: due today, not overdue.
    evening = datetime(2026, 11, 5, 1, 0, tzinfo=UTC)
    [ada] = mentor_home(s.session, actor=s.mentor, today=date(2026, 11, 4), now=evening)
    assert ada.overdue_cards == 0


def test_the_forecast_and_retention_count_reviews_on_the_teams_days(
    deck_setup: ReviewDeck,
) -> None:
    s = _in_zone(deck_setup, TOKYO)
    # 2 Nov, 08:00 in Tokyo is 1 Nov, 23:00 UTC; "Good" brings the card back two days on.
    review(s, s.cards[0], ReviewGrade.GOOD, datetime(2026, 11, 1, 23, 0, tzinfo=UTC))
    today = date(2026, 11, 2)
    days = forecast(s.session, actor=s.lead, person_ids=[s.ada.id], today=today)
    assert [(d.day, d.due) for d in days if d.due] == [(date(2026, 11, 4), 1)]
    [week] = retention_by_week(s.session, actor=s.lead, person_ids=[s.ada.id], today=today)
    assert (week.week_start, week.reviews) == (date(2026, 11, 2), 1)  # Monday 2 Nov


def test_a_tokyo_morning_answer_counts_as_the_next_day_for_the_scheduler(
    deck_setup: ReviewDeck,
) -> None:
    """10:00 one day and 08:00 the next in Tokyo are a day apart, as 10:00 and 08:00 the next
    day are in London: the card comes back after the same interval, not as a same-day repeat
    (which it would be by UTC's days: both moments fall on the same UTC day)."""
    s = _in_zone(deck_setup, TOKYO)
    review(s, s.cards[0], ReviewGrade.AGAIN, datetime(2026, 11, 2, 1, 0, tzinfo=UTC))  # 10:00 JST
    morning = datetime(2026, 11, 2, 23, 0, tzinfo=UTC)  # 08:00 the next day in Tokyo
    outcome = record_review(
        s.session, actor=s.ada, card_id=s.cards[0], rating=ReviewGrade.GOOD, now=morning, fuzz=False
    )
    # The same answers a day apart by UTC's calendar, on a scheduler counting UTC days.
    utc = FsrsScheduler(fuzz=False, learning_steps_minutes=(), relearning_steps_minutes=())
    again = utc.review(None, ReviewGrade.AGAIN, datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
    good = utc.review(again.state, ReviewGrade.GOOD, datetime(2026, 11, 3, 8, 0, tzinfo=UTC))
    assert outcome.interval == good.due_at - datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
