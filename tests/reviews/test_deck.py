"""A person's reviews: the deck, the due queue, kept logs, written cards, counts per module."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import col, func, select

from reviews.deck import browse_cards, write_card
from reviews.policy import DEFAULT_NEW_CARDS_PER_DAY as NEW_CARDS_PER_DAY
from reviews.queue import due_queue, record_review, review_counts_by_module
from reviews.scheduling import Policy, ReviewGrade
from storage.enums import CardKind
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import CardSchedule, ReviewLog, utc_now
from tests.factories import ReviewDeck, make_card, review

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def test_deck_holds_started_modules_cards_mentor_cards_and_own_cards(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    write_card(
        s.session,
        actor=s.mentor,
        front="Mentor's?",
        back="Yes.",
        kind=CardKind.STRATEGIC,
        module_key="search-basics",
        now=utc_now(),
    )
    write_card(
        s.session, actor=s.ada, front="Mine?", back="Mine.", kind=CardKind.PROCEDURAL, now=utc_now()
    )
    write_card(
        s.session,
        actor=s.bo,
        front="Bo's own?",
        back="Bo.",
        kind=CardKind.CONCEPTUAL,
        module_key="search-basics",
        now=utc_now(),
    )
    fronts = {c.front for c in browse_cards(s.session, actor=s.ada, person_id=s.ada.id, now=T0)}
    assert fronts == {"Basics 0?", "Basics 1?", "Basics 2?", "Mentor's?", "Mine?"}


def test_writing_a_card_without_an_answer_is_refused_and_nothing_is_saved(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    with pytest.raises(InvalidInput, match="both the prompt and the answer"):
        write_card(
            s.session,
            actor=s.ada,
            front="Half a card?",
            back="  ",
            kind=CardKind.CONCEPTUAL,
            now=utc_now(),
        )
    with pytest.raises(InvalidInput, match="no module 'nope'"):
        write_card(
            s.session,
            actor=s.ada,
            front="Q",
            back="A",
            kind=CardKind.CONCEPTUAL,
            module_key="nope",
            now=utc_now(),
        )
    fronts = {c.front for c in browse_cards(s.session, actor=s.ada, person_id=s.ada.id, now=T0)}
    assert "Half a card?" not in fronts


def test_new_cards_are_due_with_the_intervals_each_answer_would_give(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0)
    assert [d.card.front for d in queue] == ["Basics 0?", "Basics 1?", "Basics 2?"]
    assert all(d.new for d in queue)
    assert queue[0].intervals == {
        ReviewGrade.AGAIN: timedelta(minutes=1),
        ReviewGrade.HARD: timedelta(minutes=5.5),
        ReviewGrade.GOOD: timedelta(minutes=10),
        ReviewGrade.EASY: 8 * DAY,
    }


def test_a_review_is_kept_and_moves_the_card_out_of_the_queue(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    outcome = record_review(
        s.session,
        actor=s.ada,
        card_id=s.cards[0],
        rating=ReviewGrade.GOOD,
        now=T0,
        duration_ms=5200,
        fuzz=False,
    )
    assert outcome.next_due_at == T0 + timedelta(minutes=10)  # its second learning step
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + timedelta(minutes=5))
    assert [d.card.front for d in queue] == ["Basics 1?", "Basics 2?"]
    # Ten minutes on it is back, first in line (due before the new cards).
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + timedelta(minutes=10))
    assert queue[0].card.front == "Basics 0?" and not queue[0].new and queue[0].learning
    review(s, s.cards[0], ReviewGrade.AGAIN, T0 + 2 * DAY)
    logs = s.session.exec(select(ReviewLog).order_by(col(ReviewLog.id))).all()
    assert [(log.rating, log.duration_ms, log.scheduler) for log in logs] == [
        (3, 5200, "fsrs"),
        (1, None, "fsrs"),
    ]


def test_new_cards_per_day_are_capped(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    module = s.started
    for n in range(NEW_CARDS_PER_DAY):
        make_card(session=s.session, module=module, front=f"Extra {n}?")
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0)
    assert len(queue) == NEW_CARDS_PER_DAY
    review(s, s.cards[0], ReviewGrade.GOOD, T0)
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + timedelta(hours=1))
    # The card started is back from its step; the day's new cards are one fewer.
    assert [d.new for d in queue] == [False] + [True] * (NEW_CARDS_PER_DAY - 1)


def test_reviews_are_refused_for_cards_outside_the_deck_or_with_a_bad_rating(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    with pytest.raises(NotFound):
        record_review(s.session, actor=s.bo, card_id=s.cards[0], rating=3, now=T0)
    with pytest.raises(InvalidInput, match="Again"):
        record_review(s.session, actor=s.ada, card_id=s.cards[0], rating=7, now=T0)
    assert s.session.exec(select(func.count(col(ReviewLog.id)))).one() == 0


def test_only_the_person_their_mentor_or_the_lead_sees_a_deck(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    for viewer in (s.ada, s.mentor, s.lead):
        assert browse_cards(s.session, actor=viewer, person_id=s.ada.id, now=T0)
    with pytest.raises(PermissionDenied):
        browse_cards(s.session, actor=s.bo, person_id=s.ada.id, now=T0)


def test_review_counts_by_module_split_due_and_overdue(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    review(s, s.cards[0], ReviewGrade.AGAIN, T0)  # due T0 + 1 minute
    review(s, s.cards[1], ReviewGrade.GOOD, T0)  # due T0 + 10 minutes
    review(s, s.cards[1], ReviewGrade.GOOD, T0 + timedelta(minutes=10))  # then 2 days on
    review(s, s.cards[2], ReviewGrade.EASY, T0)  # due T0 + 8 days
    [row] = review_counts_by_module(s.session, person_id=s.ada.id, now=T0 + 2 * DAY)
    assert (row.module_title, row.due, row.overdue) == ("Search basics", 2, 1)


def test_the_due_queue_reads_a_handful_of_rows_whatever_the_deck_size(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    statements: list[str] = []
    bind = s.session.get_bind()

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    def queued_after_reviewing(cards: list[int]) -> tuple[int, list[int]]:
        for card in cards:
            review(s, card, ReviewGrade.GOOD, T0)
        # Schedules kept under the other policy are rebuilt from the logs when shown.
        for schedule in s.session.exec(select(CardSchedule)):
            schedule.scheduler = Policy.LADDER.value
            s.session.add(schedule)
        s.session.flush()
        statements.clear()
        event.listen(bind, "before_cursor_execute", count)
        try:
            queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + 2 * DAY)
        finally:
            event.remove(bind, "before_cursor_execute", count)
        return len(statements), [d.intervals[ReviewGrade.GOOD].days for d in queue if not d.new]

    few, few_intervals = queued_after_reviewing(s.cards)
    more = [make_card(session=s.session, module=s.started).id or 0 for _ in range(12)]
    many, many_intervals = queued_after_reviewing(more)
    assert many == few <= 8
    # Rebuilt under FSRS (the team's policy): a second Good two days on gives 11 days.
    assert few_intervals == [11] * 3 and many_intervals == [11] * 15


def test_a_card_first_reviewed_yesterday_does_not_use_up_todays_new_cards(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    for n in range(NEW_CARDS_PER_DAY):
        make_card(session=s.session, module=s.started, front=f"Extra {n}?")
    review(s, s.cards[0], ReviewGrade.AGAIN, T0)  # due again tomorrow
    review(s, s.cards[0], ReviewGrade.GOOD, T0 + DAY)
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + DAY)
    assert sum(1 for d in queue if d.new) == NEW_CARDS_PER_DAY
