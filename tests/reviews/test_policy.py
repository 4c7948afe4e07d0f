"""A team's review policy: switching scheduler or retention reschedules; fitting and accepting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, func, select

from reviews.policy import (
    accept_proposal,
    fit_team,
    keep_proposal,
    review_settings,
    set_desired_retention,
    set_policy,
    workload_by_retention,
)
from reviews.queue import due_queue
from reviews.replay import FitResult
from reviews.scheduling import DEFAULT_FSRS_PARAMETERS, Policy, ReviewGrade
from storage.enums import PersonRole
from storage.errors import InvalidInput, PermissionDenied
from storage.models import CardSchedule, ReviewLog, utc_now
from tests.factories import ReviewDeck, make_person, make_ref, make_team, review, without_steps

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def test_policy_switch_reschedules_every_card_from_the_kept_reviews(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    review(s, s.cards[0], ReviewGrade.GOOD, T0)
    review(s, s.cards[0], ReviewGrade.GOOD, T0 + 2 * DAY)  # FSRS: next in 11 days
    schedule = s.session.exec(select(CardSchedule)).one()
    assert schedule.due_at == T0 + 13 * DAY

    with pytest.raises(PermissionDenied):
        set_policy(
            s.session, actor=s.mentor, team_id=s.team.id or 0, policy=Policy.LADDER, now=utc_now()
        )
    assert (
        set_policy(
            s.session, actor=s.lead, team_id=s.team.id or 0, policy=Policy.LADDER, now=utc_now()
        )
        == 1
    )
    s.session.refresh(schedule)
    # Ladder: two successes → second rung, 3 days after the last review.
    assert (schedule.scheduler, schedule.due_at) == ("ladder", T0 + 5 * DAY)
    assert schedule.state["rung"] == 1
    queue = due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + 5 * DAY)
    assert {r: i.days for r, i in queue[0].intervals.items()} == {
        ReviewGrade.AGAIN: 1,
        ReviewGrade.HARD: 7,
        ReviewGrade.GOOD: 7,
        ReviewGrade.EASY: 7,
    }

    set_policy(s.session, actor=s.lead, team_id=s.team.id or 0, policy=Policy.FSRS, now=utc_now())
    s.session.refresh(schedule)
    assert (schedule.scheduler, schedule.due_at) == ("fsrs", T0 + 13 * DAY)
    assert s.session.exec(select(func.count(col(ReviewLog.id)))).one() == 2


def test_desired_retention_reschedules_and_bad_values_are_refused(deck_setup: ReviewDeck) -> None:
    s = without_steps(deck_setup)
    review(s, s.cards[0], ReviewGrade.GOOD, T0)
    with pytest.raises(InvalidInput, match="between"):
        set_desired_retention(
            s.session, actor=s.lead, team_id=s.team.id or 0, desired_retention=0.5, now=utc_now()
        )
    set_desired_retention(
        s.session, actor=s.lead, team_id=s.team.id or 0, desired_retention=0.8, now=utc_now()
    )
    schedule = s.session.exec(select(CardSchedule)).one()
    assert schedule.due_at == T0 + 8 * DAY  # S = 2.3065 at 80 %: 7.65 days
    assert review_settings(s.session, actor=s.lead, team_id=s.team.id or 0).desired_retention == 0.8


def test_fitting_needs_enough_history(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    review(s, s.cards[0], ReviewGrade.GOOD, T0)
    with pytest.raises(InvalidInput, match="Not enough history"):
        fit_team(s.session, actor=s.lead, team_id=s.team.id or 0)
    with pytest.raises(PermissionDenied):
        fit_team(s.session, actor=s.ada, team_id=s.team.id or 0)


def test_accepting_a_proposal_puts_its_parameters_in_use_and_reschedules(
    deck_setup: ReviewDeck,
) -> None:
    s = without_steps(deck_setup)
    review(s, s.cards[0], ReviewGrade.GOOD, T0)
    with pytest.raises(InvalidInput, match="no fitted proposal"):
        accept_proposal(
            s.session, actor=s.lead, team_id=s.team.id or 0, today=T0.date(), now=utc_now()
        )
    proposed = list(DEFAULT_FSRS_PARAMETERS)
    proposed[2] = 6.0  # first "Good" now gives a 6-day stability
    s.team.proposed_fsrs_parameters = proposed
    s.team.proposed_loss_before, s.team.proposed_loss_after = 0.40, 0.35
    s.team.proposed_at = T0
    s.session.add(s.team)
    s.session.flush()
    assert review_settings(s.session, actor=s.lead, team_id=s.team.id or 0).proposal is not None
    assert (
        accept_proposal(
            s.session, actor=s.lead, team_id=s.team.id or 0, today=T0.date(), now=utc_now()
        )
        == 1
    )
    settings = review_settings(s.session, actor=s.lead, team_id=s.team.id or 0)
    assert settings.fitted and settings.parameters[2] == 6.0 and settings.proposal is None
    assert s.session.exec(select(CardSchedule)).one().due_at == T0 + 6 * DAY


def test_workload_is_for_the_lead_the_same_all_day_and_follows_new_reviews(
    deck_setup: ReviewDeck,
) -> None:
    s = without_steps(deck_setup)
    team_id = s.team.id or 0
    review(s, s.cards[0], ReviewGrade.GOOD, T0)
    with pytest.raises(PermissionDenied):
        workload_by_retention(s.session, actor=s.mentor, team_id=team_id, now=T0 + DAY)
    morning = workload_by_retention(s.session, actor=s.lead, team_id=team_id, now=T0 + DAY)
    evening = workload_by_retention(
        s.session, actor=s.lead, team_id=team_id, now=T0 + DAY + timedelta(hours=10)
    )
    assert [p.desired_retention for p in morning] == [0.75, 0.8, 0.85, 0.9, 0.95]
    assert evening == morning  # simulated from the start of the day, whatever the hour
    # 95 % asks for more reviews than 75 %: one card, reviewed every few weeks over 90 days.
    per_day = [p.reviews_per_day for p in morning]
    assert 0 < per_day[0] < per_day[-1] < 1
    # A second card reviewed: the next estimate counts it (a kept result is never stale).
    review(s, s.cards[1], ReviewGrade.GOOD, T0)
    after = workload_by_retention(s.session, actor=s.lead, team_id=team_id, now=T0 + DAY)
    assert after[3].reviews_per_day > morning[3].reviews_per_day


def test_only_the_teams_members_see_its_review_settings(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    team_id = s.team.id or 0
    for member in (s.ada, s.mentor, s.lead):
        assert review_settings(s.session, actor=member, team_id=team_id).policy == Policy.FSRS
    other_team = make_team(session=s.session, name="Elsewhere")
    outsider = make_person(
        session=s.session, team=other_team, name="Olu Outsider", role=PersonRole.LEAD
    )
    with pytest.raises(PermissionDenied, match="members"):
        review_settings(
            s.session, actor=make_ref(session=s.session, person=outsider), team_id=team_id
        )


def test_a_fit_is_kept_as_the_leads_proposal_until_accepted(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    team_id = s.team.id or 0
    proposed = list(DEFAULT_FSRS_PARAMETERS)
    proposed[2] = 6.0
    result = FitResult(proposed, 0.40, 0.35, train_reviews=700, scored_reviews=300, fit_seconds=5)
    with pytest.raises(PermissionDenied):
        keep_proposal(s.session, actor=s.mentor, team_id=team_id, result=result, now=utc_now())
    keep_proposal(s.session, actor=s.lead, team_id=team_id, result=result, now=utc_now())
    settings = review_settings(s.session, actor=s.lead, team_id=team_id)
    assert settings.proposal is not None and not settings.fitted
    assert (settings.proposal.parameters[2], settings.proposal.loss_after) == (6.0, 0.35)
