"""Review services: decks, the due queue, kept logs, policy switches, charts' read models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, col, func, select

from assessments.reviews import (
    NEW_CARDS_PER_DAY,
    accept_proposal,
    deck,
    difficulty_suggestion,
    due_queue,
    fit_team,
    forecast,
    module_suggestions,
    record_review,
    retention_by_week,
    review_counts_by_module,
    review_settings,
    set_desired_retention,
    set_policy,
    write_card,
)
from assessments.scheduling import DEFAULT_FSRS_PARAMETERS, Policy, Rating
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import CardKind, CardSchedule, Module, PersonRole, ReviewLog, Team
from storage.people import PersonRef
from tests.assessments.factories import make_card, start_module
from tests.factories import make_module, make_person, make_ref, make_team

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@dataclass
class Deck:
    session: Session
    team: Team
    lead: PersonRef
    mentor: PersonRef
    ada: PersonRef
    bo: PersonRef
    started: Module
    other: Module
    cards: list[int]  # the started module's curriculum cards


@pytest.fixture
def setup(session: Session) -> Deck:
    team = make_team(session=session)
    lead = make_person(session=session, team=team, name="Lee Lead", role=PersonRole.LEAD)
    mentor = make_person(session=session, team=team, name="Mo Mentor", role=PersonRole.MENTOR)
    ada = make_person(session=session, team=team, name="Ada Byron", mentor=mentor)
    bo = make_person(session=session, team=team, name="Bo Diddley")
    started = make_module(session=session, key="search-basics", title="Search basics")
    other = make_module(session=session, key="index-families", title="Index families")
    cards = [
        make_card(session=session, module=started, front=f"Basics {n}?").id or 0 for n in range(3)
    ]
    make_card(session=session, module=other, front="Not started yet?")
    start_module(session=session, person=ada, module=started, on=date(2026, 11, 1))
    return Deck(
        session,
        team,
        make_ref(session=session, person=lead),
        make_ref(session=session, person=mentor),
        make_ref(session=session, person=ada),
        make_ref(session=session, person=bo),
        started,
        other,
        cards,
    )


def _review(s: Deck, card: int, rating: Rating, when: datetime) -> None:
    record_review(s.session, actor=s.ada, card_id=card, rating=rating, now=when, fuzz=False)


def test_deck_holds_started_modules_cards_mentor_cards_and_own_cards(setup: Deck) -> None:
    s = setup
    write_card(
        s.session,
        actor=s.mentor,
        front="Mentor's?",
        back="Yes.",
        kind=CardKind.STRATEGIC,
        module_key="search-basics",
    )
    write_card(s.session, actor=s.ada, front="Mine?", back="Mine.", kind=CardKind.PROCEDURAL)
    write_card(
        s.session,
        actor=s.bo,
        front="Bo's own?",
        back="Bo.",
        kind=CardKind.CONCEPTUAL,
        module_key="search-basics",
    )
    fronts = {c.front for c in deck(s.session, actor=s.ada, person_id=s.ada.id, now=T0)}
    assert fronts == {"Basics 0?", "Basics 1?", "Basics 2?", "Mentor's?", "Mine?"}


def test_writing_a_card_without_an_answer_is_refused_and_nothing_is_saved(setup: Deck) -> None:
    s = setup
    with pytest.raises(InvalidInput, match="both the prompt and the answer"):
        write_card(
            s.session, actor=s.ada, front="Half a card?", back="  ", kind=CardKind.CONCEPTUAL
        )
    with pytest.raises(InvalidInput, match="no module 'nope'"):
        write_card(
            s.session, actor=s.ada, front="Q", back="A", kind=CardKind.CONCEPTUAL, module_key="nope"
        )
    fronts = {c.front for c in deck(s.session, actor=s.ada, person_id=s.ada.id, now=T0)}
    assert "Half a card?" not in fronts


def test_new_cards_are_due_with_the_intervals_each_answer_would_give(setup: Deck) -> None:
    s = setup
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0)
    assert [d.card.front for d in queue] == ["Basics 0?", "Basics 1?", "Basics 2?"]
    assert all(d.new for d in queue)
    assert {r: i.days for r, i in queue[0].intervals.items()} == {
        Rating.AGAIN: 1,
        Rating.HARD: 1,
        Rating.GOOD: 2,
        Rating.EASY: 8,
    }


def test_a_review_is_kept_and_moves_the_card_out_of_the_queue(setup: Deck) -> None:
    s = setup
    outcome = record_review(
        s.session,
        actor=s.ada,
        card_id=s.cards[0],
        rating=Rating.GOOD,
        now=T0,
        duration_ms=5200,
        fuzz=False,
    )
    assert outcome.next_due_at == T0 + 2 * DAY
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + DAY)
    assert [d.card.front for d in queue] == ["Basics 1?", "Basics 2?"]
    # Two days later it is back, first in line (due before the new cards).
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + 2 * DAY)
    assert queue[0].card.front == "Basics 0?" and not queue[0].new
    _review(s, s.cards[0], Rating.AGAIN, T0 + 2 * DAY)
    logs = s.session.exec(select(ReviewLog).order_by(col(ReviewLog.id))).all()
    assert [(log.rating, log.duration_ms, log.scheduler) for log in logs] == [
        (3, 5200, "fsrs"),
        (1, None, "fsrs"),
    ]


def test_new_cards_per_day_are_capped(setup: Deck) -> None:
    s = setup
    module = s.started
    for n in range(NEW_CARDS_PER_DAY):
        make_card(session=s.session, module=module, front=f"Extra {n}?")
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0)
    assert len(queue) == NEW_CARDS_PER_DAY
    _review(s, s.cards[0], Rating.GOOD, T0)
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + timedelta(hours=1))
    assert len(queue) == NEW_CARDS_PER_DAY - 1


def test_reviews_are_refused_for_cards_outside_the_deck_or_with_a_bad_rating(setup: Deck) -> None:
    s = setup
    with pytest.raises(NotFound):
        record_review(s.session, actor=s.bo, card_id=s.cards[0], rating=3, now=T0)
    with pytest.raises(InvalidInput, match="Again"):
        record_review(s.session, actor=s.ada, card_id=s.cards[0], rating=7, now=T0)
    assert s.session.exec(select(func.count(col(ReviewLog.id)))).one() == 0


def test_only_the_person_their_mentor_or_the_lead_sees_a_deck(setup: Deck) -> None:
    s = setup
    for viewer in (s.ada, s.mentor, s.lead):
        assert deck(s.session, actor=viewer, person_id=s.ada.id, now=T0)
    with pytest.raises(PermissionDenied):
        deck(s.session, actor=s.bo, person_id=s.ada.id, now=T0)


def test_policy_switch_reschedules_every_card_from_the_kept_reviews(setup: Deck) -> None:
    s = setup
    _review(s, s.cards[0], Rating.GOOD, T0)
    _review(s, s.cards[0], Rating.GOOD, T0 + 2 * DAY)  # FSRS: next in 11 days
    schedule = s.session.exec(select(CardSchedule)).one()
    assert schedule.due_at == T0 + 13 * DAY

    with pytest.raises(PermissionDenied):
        set_policy(s.session, actor=s.mentor, team_id=s.team.id or 0, policy=Policy.LADDER)
    assert set_policy(s.session, actor=s.lead, team_id=s.team.id or 0, policy=Policy.LADDER) == 1
    s.session.refresh(schedule)
    # Ladder: two successes → second rung, 3 days after the last review.
    assert (schedule.scheduler, schedule.due_at) == ("ladder", T0 + 5 * DAY)
    assert schedule.state["rung"] == 1
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + 5 * DAY)
    assert {r: i.days for r, i in queue[0].intervals.items()} == {
        Rating.AGAIN: 1,
        Rating.HARD: 7,
        Rating.GOOD: 7,
        Rating.EASY: 7,
    }

    set_policy(s.session, actor=s.lead, team_id=s.team.id or 0, policy=Policy.FSRS)
    s.session.refresh(schedule)
    assert (schedule.scheduler, schedule.due_at) == ("fsrs", T0 + 13 * DAY)
    assert s.session.exec(select(func.count(col(ReviewLog.id)))).one() == 2


def test_desired_retention_reschedules_and_bad_values_are_refused(setup: Deck) -> None:
    s = setup
    _review(s, s.cards[0], Rating.GOOD, T0)
    with pytest.raises(InvalidInput, match="between"):
        set_desired_retention(
            s.session, actor=s.lead, team_id=s.team.id or 0, desired_retention=0.5
        )
    set_desired_retention(s.session, actor=s.lead, team_id=s.team.id or 0, desired_retention=0.8)
    schedule = s.session.exec(select(CardSchedule)).one()
    assert schedule.due_at == T0 + 8 * DAY  # S = 2.3065 at 80 %: 7.65 days
    assert review_settings(s.session, s.team.id or 0).desired_retention == 0.8


def test_forecast_puts_overdue_reviews_on_today(setup: Deck) -> None:
    s = setup
    _review(s, s.cards[0], Rating.GOOD, T0)  # due T0 + 2
    _review(s, s.cards[1], Rating.EASY, T0)  # due T0 + 8
    today = (T0 + 3 * DAY).date()
    days = forecast(s.session, actor=s.ada, person_ids=[s.ada.id], today=today)
    assert len(days) == 30
    due = {d.day: d.due for d in days if d.due}
    assert due == {today: 1, (T0 + 8 * DAY).date(): 1}


def test_retention_by_week_counts_recalled_reviews(setup: Deck) -> None:
    s = setup
    monday = datetime(2026, 11, 16, 9, tzinfo=UTC)
    _review(s, s.cards[0], Rating.GOOD, monday)
    _review(s, s.cards[1], Rating.AGAIN, monday)
    _review(s, s.cards[2], Rating.HARD, monday + DAY)
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


def test_module_suggestions_need_five_reviews_and_follow_the_success_ratio(setup: Deck) -> None:
    s = setup
    for n, rating in enumerate([Rating.AGAIN, Rating.AGAIN, Rating.GOOD, Rating.AGAIN]):
        _review(s, s.cards[n % 3], rating, T0 + n * DAY)
    now = T0 + 10 * DAY
    assert module_suggestions(s.session, actor=s.mentor, person_id=s.ada.id, now=now) == []
    _review(s, s.cards[1], Rating.GOOD, T0 + 5 * DAY)
    [row] = module_suggestions(s.session, actor=s.mentor, person_id=s.ada.id, now=now)
    assert (row.module_title, row.reviews, row.success_ratio, row.suggestion) == (
        "Search basics",
        5,
        0.4,
        "revisit",
    )
    assert "prerequisites" in row.advice


def test_review_counts_by_module_split_due_and_overdue(setup: Deck) -> None:
    s = setup
    _review(s, s.cards[0], Rating.AGAIN, T0)  # due T0 + 1 day
    _review(s, s.cards[1], Rating.GOOD, T0)  # due T0 + 2 days
    _review(s, s.cards[2], Rating.EASY, T0)  # due T0 + 8 days
    [row] = review_counts_by_module(s.session, person_id=s.ada.id, now=T0 + 2 * DAY)
    assert (row.module_title, row.due, row.overdue) == ("Search basics", 2, 1)


def test_fitting_needs_enough_history(setup: Deck) -> None:
    s = setup
    _review(s, s.cards[0], Rating.GOOD, T0)
    with pytest.raises(InvalidInput, match="Not enough history"):
        fit_team(s.session, actor=s.lead, team_id=s.team.id or 0)
    with pytest.raises(PermissionDenied):
        fit_team(s.session, actor=s.ada, team_id=s.team.id or 0)


def test_accepting_a_proposal_puts_its_parameters_in_use_and_reschedules(setup: Deck) -> None:
    s = setup
    _review(s, s.cards[0], Rating.GOOD, T0)
    with pytest.raises(InvalidInput, match="no fitted proposal"):
        accept_proposal(s.session, actor=s.lead, team_id=s.team.id or 0, today=T0.date())
    proposed = list(DEFAULT_FSRS_PARAMETERS)
    proposed[2] = 6.0  # first "Good" now gives a 6-day stability
    s.team.proposed_fsrs_parameters = proposed
    s.team.proposed_loss_before, s.team.proposed_loss_after = 0.40, 0.35
    s.team.proposed_at = T0
    s.session.add(s.team)
    s.session.flush()
    assert review_settings(s.session, s.team.id or 0).proposal is not None
    assert accept_proposal(s.session, actor=s.lead, team_id=s.team.id or 0, today=T0.date()) == 1
    settings = review_settings(s.session, s.team.id or 0)
    assert settings.fitted and settings.parameters[2] == 6.0 and settings.proposal is None
    assert s.session.exec(select(CardSchedule)).one().due_at == T0 + 6 * DAY
