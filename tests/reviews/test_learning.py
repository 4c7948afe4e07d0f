"""Reviewing as an Anki user expects: same-day steps, undo, leeches, new cards per day, and
cards held back (suspended or buried)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from reviews.policy import (
    new_cards_limit,
    parse_steps,
    review_settings,
    set_person_new_cards_per_day,
    set_steps,
    set_team_limits,
)
from reviews.queue import due_queue, leeches, next_due_at, record_review, undo_last_answer
from reviews.scheduling import ReviewGrade
from reviews.stats import retention_by_week
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import AuditEvent, CardSchedule, ReviewLog
from tests.factories import ReviewDeck, make_card, review

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)


def _fronts(s: ReviewDeck, now: datetime) -> list[str]:
    return [d.card.front for d in due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=now)]


def _schedule(s: ReviewDeck, card: int) -> CardSchedule | None:
    return s.session.exec(select(CardSchedule).where(CardSchedule.card_id == card)).first()


def test_again_on_a_new_card_brings_it_back_in_a_minute_the_same_day(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    review(s, s.cards[0], ReviewGrade.AGAIN, T0)
    # Not yet: the other cards first; a minute on it is back, before the new cards.
    assert _fronts(s, T0 + 30 * timedelta(seconds=1)) == ["Basics 1?", "Basics 2?"]
    assert _fronts(s, T0 + MINUTE) == ["Basics 0?", "Basics 1?", "Basics 2?"]
    [back, *_] = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + MINUTE)
    assert back.learning and back.intervals[ReviewGrade.GOOD] == 10 * MINUTE


def test_nothing_else_due_says_when_the_card_in_its_step_comes_back(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    for card in s.cards:
        review(s, card, ReviewGrade.GOOD, T0)
    assert _fronts(s, T0 + 2 * MINUTE) == []
    assert next_due_at(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + 2 * MINUTE) == (
        T0 + 10 * MINUTE
    )


def test_again_on_a_learned_card_brings_it_back_in_ten_minutes(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    review(s, s.cards[0], ReviewGrade.EASY, T0)  # learned: due in 8 days
    review(s, s.cards[0], ReviewGrade.AGAIN, T0 + 8 * DAY)
    schedule = _schedule(s, s.cards[0])
    assert schedule is not None and schedule.due_at == T0 + 8 * DAY + 10 * MINUTE
    assert schedule.lapses == 1


def test_the_lead_changes_the_steps_and_schedules_follow(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    team_id = s.team.id or 0
    review(s, s.cards[0], ReviewGrade.GOOD, T0)
    with pytest.raises(PermissionDenied):
        set_steps(
            s.session,
            actor=s.ada,
            team_id=team_id,
            learning_steps_minutes=[],
            relearning_steps_minutes=[],
            now=T0,
        )
    with pytest.raises(InvalidInput, match="minutes separated by spaces"):
        parse_steps("1, ten", what="learning steps")
    assert parse_steps("5, 30m 120", what="learning steps") == (5.0, 30.0, 120.0)
    moved = set_steps(
        s.session,
        actor=s.lead,
        team_id=team_id,
        learning_steps_minutes=(),
        relearning_steps_minutes=(20,),
        now=T0,
    )
    assert moved == 1
    settings = review_settings(s.session, actor=s.ada, team_id=team_id)
    assert settings.learning_steps_minutes == () and settings.relearning_steps_minutes == (20,)
    schedule = _schedule(s, s.cards[0])
    assert schedule is not None and schedule.due_at == T0 + 2 * DAY  # no step: days at once
    event = s.session.exec(select(AuditEvent).where(AuditEvent.action == "review_steps_set")).one()
    assert "learning steps to none and relearning steps to 20 min" in str(event.detail)


def test_undo_gives_the_card_back_its_state_and_keeps_the_answer_marked_undone(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    review(s, s.cards[0], ReviewGrade.EASY, T0)
    before = _schedule(s, s.cards[0])
    assert before is not None
    state, due = dict(before.state), before.due_at
    review(s, s.cards[0], ReviewGrade.GOOD, T0 + 8 * DAY)
    undone = undo_last_answer(s.session, actor=s.ada, now=T0 + 8 * DAY + MINUTE)
    assert (undone.front, undone.rating, undone.due_at) == ("Basics 0?", ReviewGrade.GOOD, due)
    after = _schedule(s, s.cards[0])
    assert after is not None and (after.state, after.due_at) == (state, due)
    logs = s.session.exec(select(ReviewLog).order_by(col(ReviewLog.id))).all()
    assert [log.undone_at for log in logs] == [None, T0 + 8 * DAY + MINUTE]
    # The undone answer counts nowhere: one review this week, not two.
    [week] = retention_by_week(s.session, actor=s.ada, person_ids=[s.ada.id], today=T0.date())
    assert week.reviews == 1
    assert s.session.exec(select(AuditEvent).where(AuditEvent.action == "review_undone")).one()


def test_undoing_a_first_answer_makes_the_card_new_again(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    review(s, s.cards[0], ReviewGrade.AGAIN, T0)
    undone = undo_last_answer(s.session, actor=s.ada, now=T0 + MINUTE)
    assert undone.due_at is None and _schedule(s, s.cards[0]) is None
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + MINUTE)
    assert all(d.new for d in queue) and len(queue) == 3
    with pytest.raises(NotFound, match="no answer to undo"):
        undo_last_answer(s.session, actor=s.ada, now=T0 + MINUTE)


def test_a_card_forgotten_eight_times_is_a_leech_suspended_and_on_the_agenda(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    card = s.cards[0]
    moment = T0
    review(s, card, ReviewGrade.EASY, moment)
    outcomes = []
    for _ in range(8):
        schedule = _schedule(s, card)
        assert schedule is not None
        moment = schedule.due_at

        outcomes.append(
            record_review(
                s.session,
                actor=s.ada,
                card_id=card,
                rating=ReviewGrade.AGAIN,
                now=moment,
                fuzz=False,
            )
        )
        # Relearn it (Good after its step), so the next "Again" is a lapse again.
        review(s, card, ReviewGrade.GOOD, moment + 10 * MINUTE)
    assert [o.leech for o in outcomes] == [False] * 7 + [True]
    schedule = _schedule(s, card)
    assert schedule is not None and schedule.leech and schedule.suspended_at is not None
    assert "Basics 0?" not in _fronts(s, moment + 30 * DAY)
    [leech] = leeches(s.session, person_id=s.ada.id)
    assert (leech.front, leech.module_title, leech.lapses) == ("Basics 0?", "Search basics", 8)


def test_undoing_the_lapse_that_made_a_leech_takes_the_leech_back(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    set_team_limits(
        s.session,
        actor=s.lead,
        team_id=s.team.id or 0,
        new_cards_per_day=10,
        leech_lapses=1,
        now=T0,
    )
    review(s, s.cards[0], ReviewGrade.EASY, T0)
    review(s, s.cards[0], ReviewGrade.AGAIN, T0 + 8 * DAY)
    assert leeches(s.session, person_id=s.ada.id)
    undo_last_answer(s.session, actor=s.ada, now=T0 + 8 * DAY + MINUTE)
    schedule = _schedule(s, s.cards[0])
    assert schedule is not None
    assert (schedule.lapses, schedule.leech, schedule.suspended_at) == (0, False, None)
    assert _fronts(s, T0 + 8 * DAY + MINUTE)[0] == "Basics 0?"


def test_new_cards_per_day_follow_the_team_then_the_persons_own(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    team_id = s.team.id or 0
    for n in range(5):
        make_card(session=s.session, module=s.started, front=f"Extra {n}?")
    assert len(_fronts(s, T0)) == 8
    set_team_limits(
        s.session, actor=s.lead, team_id=team_id, new_cards_per_day=4, leech_lapses=8, now=T0
    )
    assert len(_fronts(s, T0)) == 4
    with pytest.raises(InvalidInput, match="from 0 to 200"):
        set_person_new_cards_per_day(
            s.session, actor=s.ada, person_id=s.ada.id, new_cards_per_day=201, now=T0
        )
    with pytest.raises(PermissionDenied):
        set_person_new_cards_per_day(
            s.session, actor=s.bo, person_id=s.ada.id, new_cards_per_day=2, now=T0
        )
    limit = set_person_new_cards_per_day(
        s.session, actor=s.ada, person_id=s.ada.id, new_cards_per_day=2, now=T0
    )
    assert (limit.own, limit.team, limit.per_day) == (2, 4, 2)
    assert len(_fronts(s, T0)) == 2
    set_person_new_cards_per_day(
        s.session, actor=s.lead, person_id=s.ada.id, new_cards_per_day=None, now=T0
    )
    assert new_cards_limit(s.session, actor=s.ada, person_id=s.ada.id).per_day == 4


def test_suspended_and_buried_cards_are_not_due(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    for card in s.cards:
        review(s, card, ReviewGrade.EASY, T0)
    due_day = T0 + 8 * DAY
    first, second, _ = (_schedule(s, c) for c in s.cards)
    assert first is not None and second is not None
    first.suspended_at = T0
    second.buried_until = due_day + 3 * 3600 * timedelta(seconds=1)
    s.session.add_all([first, second])
    s.session.flush()
    assert _fronts(s, due_day) == ["Basics 2?"]
    assert _fronts(s, due_day + 4 * timedelta(hours=1)) == ["Basics 1?", "Basics 2?"]
