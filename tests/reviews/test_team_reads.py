"""The batch reads a team's figures compose: overdue cards and reviews recalled, per day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from reviews.queue import overdue_counts
from reviews.scheduling import ReviewGrade
from reviews.stats import recalls_by_day
from tests.factories import ReviewDeck, review

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def test_overdue_counts_count_each_persons_cards_due_before_the_day_began(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    review(s, s.cards[0], ReviewGrade.GOOD, T0)  # due T0 + 2
    review(s, s.cards[1], ReviewGrade.EASY, T0)  # due T0 + 8
    ids = [s.ada.id, s.bo.id]

    assert overdue_counts(s.session, ids, before=T0 + 3 * DAY) == {s.ada.id: 1}
    assert overdue_counts(s.session, ids, before=T0 + 9 * DAY) == {s.ada.id: 2}
    assert overdue_counts(s.session, ids, before=T0) == {}


def test_recalls_by_day_count_again_as_forgotten_on_the_teams_day(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    late = datetime(2026, 11, 16, 23, 30, tzinfo=UTC)  # the 17th in Tokyo
    review(s, s.cards[0], ReviewGrade.GOOD, late)
    review(s, s.cards[1], ReviewGrade.AGAIN, late)
    review(s, s.cards[2], ReviewGrade.HARD, late)
    review(s, s.cards[0], ReviewGrade.GOOD, T0 - DAY)  # before `since`: left out

    counted = recalls_by_day(
        s.session, [s.ada.id], since=T0, until=T0 + 30 * DAY, zone=ZoneInfo("Asia/Tokyo")
    )

    assert sorted(counted) == [(date(2026, 11, 17), False, 1), (date(2026, 11, 17), True, 2)]
