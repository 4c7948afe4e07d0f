"""The card browser: a deck's cards with their state, filters, edits, suspending, burying,
resetting, deleting and each card's history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from reviews.deck import (
    BrowsedCard,
    CardFilter,
    CardState,
    browse_cards,
    bury_card,
    card_history,
    delete_card,
    edit_card,
    filter_cards,
    reset_card,
    suspend_card,
    unsuspend_card,
    write_card,
)
from reviews.policy import reschedule_team
from reviews.scheduling import ReviewGrade
from storage.enums import CardKind
from storage.errors import InvalidInput, PermissionDenied
from storage.models import AuditEvent, CardSchedule, ReviewCard, ReviewLog, utc_now
from tests.factories import ReviewDeck, make_review_deck, review, without_steps

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def deck_setup(session: Session) -> ReviewDeck:
    """The deck on a team without same-day steps: these tests count intervals in days."""
    return without_steps(make_review_deck(session=session))


def _cards(s: ReviewDeck, now: datetime = T0) -> dict[str, BrowsedCard]:
    return {c.front: c for c in browse_cards(s.session, actor=s.ada, person_id=s.ada.id, now=now)}


def _own(s: ReviewDeck, front: str = "Mine?") -> int:
    return write_card(
        s.session, actor=s.ada, front=front, back="Mine.", kind=CardKind.CONCEPTUAL, now=utc_now()
    ).id


def test_the_browser_shows_each_cards_state_due_day_lapses_and_recall(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    _own(s)
    review(s, s.cards[0], ReviewGrade.GOOD, T0)
    review(s, s.cards[1], ReviewGrade.GOOD, T0)
    review(s, s.cards[1], ReviewGrade.AGAIN, T0 + 3 * DAY)
    cards = _cards(s, T0 + 3 * DAY)
    assert cards["Mine?"].state == CardState.NEW and cards["Mine?"].own
    assert cards["Mine?"].recall is None and cards["Mine?"].due_in_days is None
    assert cards["Basics 0?"].curriculum and not cards["Basics 0?"].own
    assert cards["Basics 0?"].due_in_days == -1  # Good on day 0 gave two days: overdue by one
    assert cards["Basics 0?"].recall is not None and 0 < cards["Basics 0?"].recall < 1
    assert cards["Basics 2?"].state == CardState.NEW


def test_filters_narrow_the_deck_by_text_module_kind_state_due_lapses_and_recall(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    _own(s, "Own about BM25?")
    review(s, s.cards[0], ReviewGrade.GOOD, T0)
    cards = list(_cards(s, T0 + 5 * DAY).values())

    def fronts(wanted: CardFilter) -> list[str]:
        return sorted(c.front for c in filter_cards(cards, wanted))

    assert fronts(CardFilter(text="bm25")) == ["Own about BM25?"]
    assert fronts(CardFilter(module_key="")) == ["Own about BM25?"]  # "" : no module
    assert fronts(CardFilter(module_key="search-basics")) == ["Basics 0?", "Basics 1?", "Basics 2?"]
    assert fronts(CardFilter(state=CardState.NEW)) == ["Basics 1?", "Basics 2?", "Own about BM25?"]
    assert fronts(CardFilter(due_within_days=-1)) == ["Basics 0?"]
    assert fronts(CardFilter(max_recall=0.99)) == ["Basics 0?"]
    assert fronts(CardFilter(min_lapses=1)) == []
    assert fronts(CardFilter(kind=CardKind.STRATEGIC)) == []


def test_editing_ones_own_card_changes_it_and_is_audited(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    card_id = _own(s)
    edited = edit_card(
        s.session,
        actor=s.ada,
        card_id=card_id,
        front="Mine, better?",
        back="Yes.",
        kind=CardKind.PROCEDURAL,
        module_key="search-basics",
        now=T0,
    )
    assert (edited.front, edited.kind, edited.module_key) == (
        "Mine, better?",
        CardKind.PROCEDURAL,
        "search-basics",
    )
    assert s.session.get(ReviewCard, card_id).updated_at is not None
    event = s.session.exec(select(AuditEvent).where(AuditEvent.action == "card_edited")).one()
    assert event.detail["changed"] == ["front", "back", "kind", "module"]


def test_curriculum_and_other_peoples_cards_cannot_be_edited_or_deleted(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    mentors = write_card(
        s.session,
        actor=s.mentor,
        front="M?",
        back="M.",
        kind=CardKind.CONCEPTUAL,
        module_key="search-basics",
        now=utc_now(),
    ).id
    with pytest.raises(PermissionDenied, match="can suspend one, not delete it"):
        delete_card(s.session, actor=s.ada, card_id=s.cards[0], now=T0)
    with pytest.raises(PermissionDenied, match="Only the card's author can edit it"):
        edit_card(
            s.session,
            actor=s.ada,
            card_id=mentors,
            front="x",
            back="y",
            kind=CardKind.CONCEPTUAL,
            module_key=None,
            now=T0,
        )
    with pytest.raises(InvalidInput, match="Card not changed: both the prompt and the answer"):
        edit_card(
            s.session,
            actor=s.ada,
            card_id=_own(s),
            front=" ",
            back="y",
            kind=CardKind.CONCEPTUAL,
            module_key=None,
            now=T0,
        )


def test_a_suspended_card_says_so_until_unsuspended_and_a_new_one_is_new_again(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    suspend_card(s.session, actor=s.ada, card_id=s.cards[2], now=T0)
    review(s, s.cards[0], ReviewGrade.GOOD, T0)
    suspend_card(s.session, actor=s.ada, card_id=s.cards[0], now=T0)
    assert _cards(s)["Basics 2?"].state == CardState.SUSPENDED
    assert _cards(s)["Basics 0?"].state == CardState.SUSPENDED
    unsuspend_card(s.session, actor=s.ada, card_id=s.cards[2], now=T0)
    unsuspend_card(s.session, actor=s.ada, card_id=s.cards[0], now=T0)
    cards = _cards(s)
    assert cards["Basics 2?"].state == CardState.NEW
    assert cards["Basics 0?"].state == CardState.REVIEW
    assert cards["Basics 0?"].due_in_days == 2  # its schedule as it was
    actions = s.session.exec(select(AuditEvent.action).where(AuditEvent.entity == "reviewcard"))
    assert sorted(actions) == ["card_suspended"] * 2 + ["card_unsuspended"] * 2


def test_burying_hides_a_card_until_the_start_of_the_teams_tomorrow(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    s.team.time_zone = "Asia/Tokyo"
    s.session.add(s.team)
    until = bury_card(s.session, actor=s.ada, card_id=s.cards[1], now=T0)  # 18:00 in Tokyo
    assert until == datetime(2026, 11, 2, 15, 0, tzinfo=UTC)  # midnight in Tokyo
    assert _cards(s)["Basics 1?"].buried_until == until
    assert _cards(s, until)["Basics 1?"].buried_until is None


def test_reset_starts_a_card_again_and_keeps_its_reviews(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    review(s, s.cards[0], ReviewGrade.GOOD, T0)
    review(s, s.cards[0], ReviewGrade.GOOD, T0 + 2 * DAY)
    reset_card(s.session, actor=s.ada, card_id=s.cards[0], now=T0 + 3 * DAY)
    card = _cards(s, T0 + 3 * DAY)["Basics 0?"]
    assert card.state == CardState.NEW and card.recall is None
    logs = s.session.exec(select(ReviewLog).where(ReviewLog.card_id == s.cards[0])).all()
    assert len(logs) == 2
    # A policy change rebuilds every schedule from the reviews: the reset card stays new.
    reschedule_team(s.session, team_id=s.ada.team_id)
    assert _cards(s, T0 + 3 * DAY)["Basics 0?"].state == CardState.NEW
    review(s, s.cards[0], ReviewGrade.GOOD, T0 + 4 * DAY)
    reschedule_team(s.session, team_id=s.ada.team_id)
    assert _cards(s, T0 + 4 * DAY)["Basics 0?"].state != CardState.NEW


def test_deleting_an_own_card_takes_its_reviews_along_but_never_anyone_elses(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    mine = _own(s)
    review(s, mine, ReviewGrade.GOOD, T0)
    delete_card(s.session, actor=s.ada, card_id=mine, now=T0)
    assert s.session.get(ReviewCard, mine) is None
    assert not s.session.exec(select(CardSchedule).where(CardSchedule.card_id == mine)).all()
    shared = write_card(
        s.session,
        actor=s.mentor,
        front="M?",
        back="M.",
        kind=CardKind.CONCEPTUAL,
        module_key="search-basics",
        now=utc_now(),
    ).id
    review(s, shared, ReviewGrade.GOOD, T0)  # Ada reviews the mentor's card
    with pytest.raises(PermissionDenied, match="1 other person reviews this card"):
        delete_card(s.session, actor=s.mentor, card_id=shared, now=T0)
    assert s.session.get(ReviewCard, shared) is not None


def test_a_cards_history_lists_its_reviews_with_intervals_recall_and_undone_ones(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    review(s, s.cards[0], ReviewGrade.GOOD, T0)
    review(s, s.cards[0], ReviewGrade.AGAIN, T0 + 2 * DAY)
    log = s.session.exec(select(ReviewLog).where(ReviewLog.rating == 1)).one()
    log.undone_at = T0 + 2 * DAY
    s.session.add(log)
    review(s, s.cards[0], ReviewGrade.GOOD, T0 + 2 * DAY)
    history = card_history(s.session, actor=s.mentor, person_id=s.ada.id, card_id=s.cards[0])
    assert [(h.rating, h.undone) for h in history] == [
        (ReviewGrade.GOOD, False),
        (ReviewGrade.AGAIN, True),
        (ReviewGrade.GOOD, False),
    ]
    assert history[0].recall_before is None and history[0].interval == 2 * DAY
    assert history[1].recall_before == history[2].recall_before  # the undone one moved nothing
    assert 0.5 < (history[2].recall_before or 0) < 1


def test_only_the_persons_mentor_or_a_lead_sees_their_cards(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    assert browse_cards(s.session, actor=s.lead, person_id=s.ada.id, now=T0)
    with pytest.raises(PermissionDenied, match="Only Ada Byron's mentor or a team lead"):
        browse_cards(s.session, actor=s.bo, person_id=s.ada.id, now=T0)
