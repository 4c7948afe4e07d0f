"""A person's own FSRS parameters: fitting them on their reviews, keeping them only when they
predict better, and every schedule and recall of that person's cards using them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from reviews.deck import browse_cards
from reviews.policy import (
    fit_person,
    keep_person_fit,
    person_fit,
    person_review_settings,
    use_team_parameters,
    workload_by_retention,
)
from reviews.queue import due_queue
from reviews.replay import (
    FSRS_DEFAULT,
    FSRS_FITTED,
    LADDER,
    MIN_REVIEWS_TO_FIT,
    FitResult,
    ReplayReport,
    Score,
    fit_verdict,
    read_review_log,
)
from reviews.scheduling import (
    DEFAULT_FSRS_PARAMETERS,
    FsrsScheduler,
    ReviewGrade,
    interval_options,
)
from storage.errors import InvalidInput, PermissionDenied
from storage.models import AuditEvent, CardSchedule, Person, ReviewCard, ReviewLog
from tests.factories import ReviewDeck, review, without_steps

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
REAL_LOG = Path(__file__).resolve().parents[3] / "shared/datasets/fsrs-review-logs/review_logs.csv"
# Other parameters FSRS accepts: a first "Good" is remembered for one day, not FSRS's 2.3.
OWN_PARAMETERS = [1.0 if i == 2 else p for i, p in enumerate(DEFAULT_FSRS_PARAMETERS)]


def fit(parameters: list[float], *, rmse_before: float, rmse_after: float) -> FitResult:
    return FitResult(
        parameters=parameters,
        loss_before=0.42,
        loss_after=0.41,
        train_reviews=700,
        scored_reviews=300,
        fit_seconds=5.0,
        rmse_before=rmse_before,
        rmse_after=rmse_after,
    )


def audit(s: ReviewDeck) -> list[tuple[str, str]]:
    return [
        (e.action, str(e.detail.get("summary")))
        for e in s.session.exec(select(AuditEvent).order_by(col(AuditEvent.id)))
        if "fsrs" in e.action
    ]


@pytest.mark.skipif(not REAL_LOG.exists(), reason="the shared real review log is not here")
def test_a_learner_fits_their_own_parameters_on_the_real_log_as_the_replay_scores_them(
    deck_setup: ReviewDeck,
) -> None:
    s = deck_setup
    reviews = read_review_log(REAL_LOG)
    cards = [ReviewCard(front=f"Card {n}?", back="Yes.", author_id=s.ada.id, kind="conceptual")
             for n in range(len({r.card_id for r in reviews}))]  # fmt: skip
    s.session.add_all(cards)
    s.session.flush()
    ids = {n: card.id or 0 for n, card in enumerate(cards, start=1)}
    s.session.add_all(
        ReviewLog(
            card_id=ids[r.card_id],
            person_id=s.ada.id,
            rating=int(r.rating),
            reviewed_at=r.reviewed_at,
            scheduler="fsrs",
        )
        for r in reviews
    )
    s.session.flush()
    before = person_fit(s.session, actor=s.ada, person_id=s.ada.id)
    assert before.readiness.ready and before.own_parameters is None

    result = fit_person(s.session, actor=s.ada, person_id=s.ada.id)
    # The figures `python -m reviews replay` prints for this log (README, BENCHMARKS.md):
    # the team's parameters (FSRS's defaults) before, the fitted ones after.
    assert round(result.loss_before, 4) == 0.4246 and round(result.loss_after, 4) == 0.4258
    assert round(result.rmse_before, 4) == 0.0469 and round(result.rmse_after, 4) == 0.0403
    kept = keep_person_fit(s.session, actor=s.ada, person_id=s.ada.id, result=result, now=T0)

    assert kept.own_parameters == result.parameters and kept.in_use is not None
    assert kept.latest is not None and kept.latest.kept
    # RMSE decided, though log loss got slightly worse: the verdict says both, and which.
    assert kept.latest.verdict == (
        "Kept: RMSE 0.0469 → 0.0403 better; log loss 0.4246 → 0.4258 slightly worse, on the "
        f"later {result.scored_reviews:,} predictions. RMSE decides: a fit is kept only when "
        "its RMSE is lower, whatever log loss does."
    )
    settings = person_review_settings(s.session, s.ada.id)
    assert settings.own_parameters and settings.parameters == result.parameters
    # Bo, a teammate, still schedules with the team's parameters.
    assert person_review_settings(s.session, s.bo.id).parameters == list(DEFAULT_FSRS_PARAMETERS)
    [(action, summary)] = audit(s)
    assert action == "own_fsrs_fit_kept" and "Fitted their own FSRS parameters" in summary


def test_a_fit_that_predicts_no_better_is_not_kept_and_says_why(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    review(s, s.cards[0], ReviewGrade.GOOD, T0)
    worse = fit(OWN_PARAMETERS, rmse_before=0.04, rmse_after=0.05)
    shown = keep_person_fit(s.session, actor=s.lead, person_id=s.ada.id, result=worse, now=T0)
    assert shown.own_parameters is None and shown.in_use is None
    assert shown.latest is not None and not shown.latest.kept
    assert shown.latest.verdict == (
        "Not kept: RMSE 0.0400 → 0.0500 worse; log loss 0.4200 → 0.4100 better, on the later "
        "300 predictions. RMSE decides: a fit is kept only when its RMSE is lower, whatever log "
        "loss does."
    )
    assert s.session.get(Person, s.ada.id).fsrs_parameters is None  # type: ignore[union-attr]
    [(action, summary)] = audit(s)
    assert action == "own_fsrs_fit_not_kept"
    assert summary.startswith("Fitted Ada Byron's own FSRS parameters; the ones in use stay.")


def test_own_parameters_schedule_and_predict_every_card_of_that_person(
    deck_setup: ReviewDeck,
) -> None:
    s = without_steps(deck_setup)
    review(s, s.cards[0], ReviewGrade.GOOD, T0)
    with_team = browse_cards(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + 3 * DAY)
    team_due = s.session.exec(select(CardSchedule.due_at)).one()

    better = fit(OWN_PARAMETERS, rmse_before=0.05, rmse_after=0.04)
    keep_person_fit(s.session, actor=s.ada, person_id=s.ada.id, result=better, now=T0)

    # Rescheduled at once: a first Good now lasts a day, not FSRS's default two.
    own_due = s.session.exec(select(CardSchedule.due_at)).one()
    assert (own_due - T0).days == 1 and (team_due.replace(tzinfo=UTC) - T0).days == 2
    with_own = browse_cards(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + 3 * DAY)
    recall = {c.id: c.recall for c in with_own}
    assert recall[s.cards[0]] is not None
    assert recall[s.cards[0]] < {c.id: c.recall for c in with_team}[s.cards[0]]  # type: ignore[operator]
    # The buttons show the intervals the person's own parameters give.
    [due] = [d for d in due_queue(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + DAY)
             if d.card.id == s.cards[0]]  # fmt: skip
    own = FsrsScheduler(
        parameters=OWN_PARAMETERS,
        fuzz=False,
        learning_steps_minutes=(),
        relearning_steps_minutes=(),
    )
    state = own.review(None, ReviewGrade.GOOD, T0).state
    assert due.intervals == interval_options(own, state, T0 + DAY)

    moved = use_team_parameters(s.session, actor=s.ada, person_id=s.ada.id, now=T0 + DAY)
    assert moved == 1
    back = s.session.exec(select(CardSchedule.due_at)).one()
    assert back.replace(tzinfo=UTC) == team_due.replace(tzinfo=UTC)
    assert person_fit(s.session, actor=s.ada, person_id=s.ada.id).own_parameters is None
    assert [a for a, _ in audit(s)] == ["own_fsrs_fit_kept", "own_fsrs_parameters_dropped"]


def test_fitting_needs_a_month_and_the_optimizers_reviews(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    for day in range(3):
        review(s, s.cards[0], ReviewGrade.GOOD, T0 + day * 5 * DAY)
    shown = person_fit(s.session, actor=s.ada, person_id=s.ada.id)
    assert not shown.readiness.ready and shown.reviews == 3
    with pytest.raises(InvalidInput) as refused:
        fit_person(s.session, actor=s.ada, person_id=s.ada.id)
    assert str(refused.value) == (
        "Not enough history to fit Ada Byron's own parameters yet: the earlier part has 1 "
        f"reviews made a day or more after the previous one, and the optimizer needs "
        f"{MIN_REVIEWS_TO_FIT}; the reviews span 10 days, and a fit needs 30."
    )


def test_only_the_person_and_their_lead_fit_their_parameters(deck_setup: ReviewDeck) -> None:
    s = deck_setup
    better = fit(OWN_PARAMETERS, rmse_before=0.05, rmse_after=0.04)
    for outsider in (s.mentor, s.bo):
        with pytest.raises(PermissionDenied):
            person_fit(s.session, actor=outsider, person_id=s.ada.id)
        with pytest.raises(PermissionDenied):
            keep_person_fit(s.session, actor=outsider, person_id=s.ada.id, result=better, now=T0)
    assert person_fit(s.session, actor=s.lead, person_id=s.ada.id).person_name == "Ada Byron"


def test_the_teams_workload_estimate_uses_a_persons_own_parameters(
    deck_setup: ReviewDeck,
) -> None:
    s = without_steps(deck_setup)
    team_id = s.team.id or 0
    review(s, s.cards[0], ReviewGrade.GOOD, T0)
    review(s, s.cards[1], ReviewGrade.GOOD, T0)
    with_team = workload_by_retention(s.session, actor=s.lead, team_id=team_id, now=T0 + DAY)
    better = fit(OWN_PARAMETERS, rmse_before=0.05, rmse_after=0.04)
    keep_person_fit(s.session, actor=s.ada, person_id=s.ada.id, result=better, now=T0)
    with_own = workload_by_retention(s.session, actor=s.lead, team_id=team_id, now=T0 + DAY)
    # Ada forgets faster than FSRS's defaults say: over the 90 days her cards are predicted
    # to be recalled less well (and come back at least as often).
    assert with_own[3].mean_recall < with_team[3].mean_recall
    assert with_own[3].reviews_per_day >= with_team[3].reviews_per_day


@pytest.mark.parametrize(
    ("figures", "said"),
    [
        (
            (0.0469, 0.0403, 0.4246, 0.4258),
            "Kept: RMSE 0.0469 → 0.0403 better; log loss 0.4246 → 0.4258 slightly worse.",
        ),
        (
            (0.05, 0.04, 0.42, 0.38),
            "Kept: RMSE 0.0500 → 0.0400 better; log loss 0.4200 → 0.3800 better.",
        ),
        (
            (0.04, 0.0401, 0.42, 0.30),
            "Not kept: RMSE 0.0400 → 0.0401 slightly worse; log loss 0.4200 → 0.3000 better.",
        ),
        (
            (0.04, 0.04, 0.42, 0.42),
            "Not kept: RMSE 0.0400 → 0.0400 unchanged; log loss 0.4200 → 0.4200 unchanged.",
        ),
    ],
)
def test_the_verdict_names_each_measures_move_and_only_rmse_keeps_a_fit(
    figures: tuple[float, float, float, float], said: str
) -> None:
    rmse_before, rmse_after, loss_before, loss_after = figures
    assert (
        fit_verdict(
            rmse_before=rmse_before,
            rmse_after=rmse_after,
            loss_before=loss_before,
            loss_after=loss_after,
        )
        == said
    )


def test_python_m_reviews_replay_says_what_a_fit_of_ones_own_would_come_to(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from reviews.__main__ import _print_report

    day = datetime(2024, 1, 1, tzinfo=UTC)
    report = ReplayReport(
        reviews=12_580,
        cards=1_205,
        first_review=day,
        split_at=day + 200 * DAY,
        last_review=day + 300 * DAY,
        scores=[
            Score(FSRS_DEFAULT, 0.4246, 0.0469, 2_097),
            Score(FSRS_FITTED, 0.4258, 0.0403, 2_097),
            Score(LADDER, 0.6213, 0.1383, 2_097),
        ],
        fitted_parameters=list(OWN_PARAMETERS),
        fit_seconds=17.0,
    )
    _print_report(report)
    assert (
        "As a person's own fit against the defaults: Kept: RMSE 0.0469 → 0.0403 better; "
        "log loss 0.4246 → 0.4258 slightly worse. RMSE decides: a fit is kept only when its "
        "RMSE is lower, whatever log loss does.\n"
    ) in capsys.readouterr().out
    unfitted = ReplayReport(**{**report.__dict__, "scores": report.scores[::2]})
    _print_report(unfitted)
    assert "own fit" not in capsys.readouterr().out
