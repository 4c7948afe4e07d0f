"""Both schedulers on hand-checked sequences with a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from reviews.scheduling import (
    REVIEW_INTERVALS_DAYS,
    FsrsScheduler,
    LadderScheduler,
    LoggedReview,
    Policy,
    ReviewGrade,
    due_by_the_minute,
    in_steps,
    interval_label,
    interval_options,
    is_lapse,
    ladder_recall,
    make_scheduler,
    replay,
    validate_retention,
    validate_steps,
)
from storage.errors import InvalidInput

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)
# The hand-checked interval sequences below are about intervals of days: without same-day
# steps a new or forgotten card goes straight to one.
WITHOUT_STEPS = FsrsScheduler(fuzz=False, learning_steps_minutes=(), relearning_steps_minutes=())


def _days(options: dict[ReviewGrade, timedelta]) -> dict[ReviewGrade, int]:
    return {rating: interval.days for rating, interval in options.items()}


def test_fsrs_new_card_intervals_come_from_the_initial_stabilities() -> None:
    # Initial stability is w0..w3 = 0.212, 1.2931, 2.3065, 8.2956 days; at 90 % desired
    # retention the interval equals the stability, rounded, at least a day.
    fsrs = WITHOUT_STEPS
    assert _days(interval_options(fsrs, None, NOW)) == {
        ReviewGrade.AGAIN: 1,
        ReviewGrade.HARD: 1,
        ReviewGrade.GOOD: 2,
        ReviewGrade.EASY: 8,
    }


def test_fsrs_second_good_review_by_hand() -> None:
    fsrs = WITHOUT_STEPS
    first = fsrs.review(None, ReviewGrade.GOOD, NOW)
    assert first.due_at == NOW + 2 * DAY
    # R after 2 days at S = 2.3065: (1 + 0.980372 · 2 / 2.3065) ^ −0.1542 = 0.90949
    assert fsrs.recall(first.state, first.due_at) == pytest.approx(0.90949, abs=1e-4)
    # S' = S · (1 + e^1.8722 · (11 − 2.1181) · S^−0.1666 · (e^(0.0905 · 0.796) − 1)) = 10.96
    second = fsrs.review(first.state, ReviewGrade.GOOD, first.due_at)
    assert second.state["stability"] == pytest.approx(10.964, abs=0.01)
    assert second.due_at == first.due_at + 11 * DAY
    # A lapse cuts the stability to 1.54 days, so the card comes back two days later.
    lapse = fsrs.review(second.state, ReviewGrade.AGAIN, second.due_at)
    assert lapse.state["stability"] == pytest.approx(1.538, abs=0.01)
    assert lapse.due_at == second.due_at + 2 * DAY


def test_fsrs_lower_desired_retention_means_longer_intervals() -> None:
    # Interval = S / 0.980372 · (0.8 ^ (1 / −0.1542) − 1) = 3.316 · 2.3065 = 7.65 → 8 days.
    relaxed = FsrsScheduler(
        desired_retention=0.8, fuzz=False, learning_steps_minutes=(), relearning_steps_minutes=()
    )
    assert relaxed.review(None, ReviewGrade.GOOD, NOW).due_at == NOW + 8 * DAY


def test_fsrs_state_is_json_and_never_reviewed_has_no_recall() -> None:
    fsrs = FsrsScheduler(fuzz=False)
    state = fsrs.review(None, ReviewGrade.HARD, NOW).state
    assert all(isinstance(v, str | int | float | type(None)) for v in state.values())
    assert fsrs.recall(None, NOW) is None


def test_fsrs_counts_calendar_days_so_a_card_answered_early_on_its_due_day_has_waited() -> None:
    # Failed at 18:00, the card is due tomorrow at 18:00 and shown all tomorrow (due all day).
    fsrs = WITHOUT_STEPS
    evening = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
    failed = fsrs.review(None, ReviewGrade.AGAIN, evening)
    assert failed.due_at == evening + DAY
    next_morning = fsrs.review(
        failed.state, ReviewGrade.GOOD, datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    )
    next_evening = fsrs.review(failed.state, ReviewGrade.GOOD, failed.due_at)
    same_night = fsrs.review(
        failed.state, ReviewGrade.GOOD, datetime(2026, 11, 20, 22, 0, tzinfo=UTC)
    )
    # Tomorrow morning is a day later, as tomorrow evening is: the same memory and interval
    # (15 hours counted as 0 days made it a same-day repeat, with a shorter stability).
    assert next_morning.state["stability"] == pytest.approx(next_evening.state["stability"])
    assert next_morning.state["stability"] != pytest.approx(same_night.state["stability"])
    assert fsrs.recall(failed.state, datetime(2026, 11, 21, 9, 0, tzinfo=UTC)) == pytest.approx(
        fsrs.recall(failed.state, failed.due_at)
    )


def test_desired_retention_outside_the_sensible_range_is_refused() -> None:
    with pytest.raises(InvalidInput, match="between 70 % and 97 %"):
        validate_retention(0.99)


def test_ladder_climbs_one_rung_per_success_and_falls_to_the_first_on_a_lapse() -> None:
    ladder = LadderScheduler()
    moment, state, intervals = NOW, None, []
    for rating in (
        ReviewGrade.GOOD,
        ReviewGrade.EASY,
        ReviewGrade.HARD,
        ReviewGrade.AGAIN,
        ReviewGrade.GOOD,
    ):
        result = ladder.review(state, rating, moment)
        intervals.append((result.due_at - moment).days)
        moment, state = result.due_at, result.state
    assert intervals == [1, 3, 7, 1, 3]


def test_ladder_stops_at_its_top_rung() -> None:
    ladder = LadderScheduler()
    state, moment = None, NOW
    for _ in range(len(REVIEW_INTERVALS_DAYS) + 2):
        result = ladder.review(state, ReviewGrade.GOOD, moment)
        state, moment = result.state, result.due_at
    assert _days(interval_options(ladder, state, moment)) == {
        ReviewGrade.AGAIN: 1,
        ReviewGrade.HARD: 90,
        ReviewGrade.GOOD: 90,
        ReviewGrade.EASY: 90,
    }


def test_ladder_recall_is_ninety_percent_at_the_rung_interval() -> None:
    ladder = LadderScheduler()
    state = replay(
        ladder,
        [
            LoggedReview(1, ReviewGrade.GOOD, NOW),
            LoggedReview(1, ReviewGrade.GOOD, NOW + DAY),  # now on the 3-day rung
        ],
    )
    assert state is not None
    assert ladder.recall(state.state, NOW + 4 * DAY) == pytest.approx(0.9)
    assert ladder.recall(state.state, NOW + 7 * DAY) == pytest.approx(0.81)
    assert ladder_recall(0, 30) == 1.0


def test_ladder_recall_counts_calendar_days() -> None:
    ladder = LadderScheduler()
    evening = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
    first = ladder.review(None, ReviewGrade.GOOD, evening)  # 1-day rung
    # Tomorrow morning the card is due (all day): recall is the rung's 0.9, not 1.0.
    assert ladder.recall(first.state, datetime(2026, 11, 21, 9, 0, tzinfo=UTC)) == pytest.approx(
        0.9
    )


def test_replay_sorts_reviews_by_time() -> None:
    ladder = make_scheduler(Policy.LADDER)
    later_first = [
        LoggedReview(1, ReviewGrade.AGAIN, NOW + 5 * DAY),
        LoggedReview(1, ReviewGrade.GOOD, NOW),
    ]
    result = replay(ladder, later_first)
    assert result is not None
    assert result.state["rung"] == 0
    assert replay(ladder, []) is None


@pytest.mark.parametrize(
    ("days", "label"),
    [(1, "1 day"), (3, "3 days"), (21, "3 weeks"), (90, "3 months"), (400, "1.1 years")],
)
def test_interval_labels(days: int, label: str) -> None:
    assert interval_label(timedelta(days=days)) == label


@pytest.mark.parametrize(
    ("minutes", "label"), [(1, "1 min"), (5.5, "6 min"), (10, "10 min"), (180, "3 h")]
)
def test_same_day_steps_are_labelled_in_minutes_and_hours(minutes: float, label: str) -> None:
    assert interval_label(timedelta(minutes=minutes)) == label


def test_a_new_card_goes_through_a_one_and_a_ten_minute_step_before_days() -> None:
    fsrs = FsrsScheduler(fuzz=False)
    assert interval_options(fsrs, None, NOW) == {
        ReviewGrade.AGAIN: MINUTE,
        ReviewGrade.HARD: 5.5 * MINUTE,
        ReviewGrade.GOOD: 10 * MINUTE,
        ReviewGrade.EASY: 8 * DAY,  # Easy skips the steps
    }
    first = fsrs.review(None, ReviewGrade.GOOD, NOW)
    assert in_steps(first.state) and first.due_at == NOW + 10 * MINUTE
    graduated = fsrs.review(first.state, ReviewGrade.GOOD, first.due_at)
    assert not in_steps(graduated.state)
    assert graduated.due_at == first.due_at + 2 * DAY


def test_again_on_a_learned_card_brings_it_back_in_ten_minutes_and_counts_a_lapse() -> None:
    fsrs = FsrsScheduler(fuzz=False)
    learned = fsrs.review(None, ReviewGrade.EASY, NOW)
    assert not is_lapse(None, ReviewGrade.AGAIN)  # a new card cannot be forgotten
    assert is_lapse(learned.state, ReviewGrade.AGAIN)
    forgotten = fsrs.review(learned.state, ReviewGrade.AGAIN, learned.due_at)
    assert forgotten.due_at == learned.due_at + 10 * MINUTE
    assert in_steps(forgotten.state) and not is_lapse(forgotten.state, ReviewGrade.AGAIN)
    relearned = fsrs.review(forgotten.state, ReviewGrade.GOOD, forgotten.due_at)
    assert relearned.due_at - forgotten.due_at >= DAY


def test_steps_are_due_at_their_minute_and_intervals_all_day() -> None:
    fsrs = FsrsScheduler(fuzz=False)
    step = fsrs.review(None, ReviewGrade.GOOD, NOW)
    assert due_by_the_minute(step.state, step.due_at, UTC)
    late_evening = datetime(2026, 11, 21, 23, 55, tzinfo=UTC)
    across_midnight = fsrs.review(None, ReviewGrade.GOOD, late_evening)
    assert not due_by_the_minute(across_midnight.state, across_midnight.due_at, UTC)
    learned = fsrs.review(None, ReviewGrade.EASY, NOW)
    assert not due_by_the_minute(learned.state, learned.due_at, UTC)


def test_a_ladder_card_forgotten_is_a_lapse_and_keeps_whole_days() -> None:
    ladder = LadderScheduler()
    first = ladder.review(None, ReviewGrade.GOOD, NOW)
    assert is_lapse(first.state, ReviewGrade.AGAIN)
    assert ladder.review(first.state, ReviewGrade.AGAIN, NOW + DAY).due_at == NOW + 2 * DAY


@pytest.mark.parametrize(
    ("steps", "problem"),
    [((0,), "from 1 to 1,439"), ((1440,), "under a day"), ((1,) * 11, "at most 10")],
)
def test_steps_outside_a_day_or_too_many_are_refused(
    steps: tuple[float, ...], problem: str
) -> None:
    with pytest.raises(InvalidInput, match=problem):
        validate_steps(steps, what="learning steps")
