"""How well a scheduler predicts recall, measured by replaying real review history.

Reviews are replayed in time order. Before each review made at least a day after the card's
previous one, each scheduler predicts the probability of recall from what it has seen so far;
the answer (any rating but "Again" = recalled) scores it. History is split in time: FSRS may be
fitted on the first 70 %, and every scheduler is scored on the last 30 %, the way the open
srs-benchmark does it. Metrics: log loss, and RMSE over 20 equal-width probability bins (each
bin's mean prediction against its share recalled, weighted by how many predictions it holds).
"""

from __future__ import annotations

import csv
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from functools import partial
from pathlib import Path
from typing import Any

from reviews.scheduling import (
    DEFAULT_FSRS_PARAMETERS,
    FsrsScheduler,
    LadderScheduler,
    LoggedReview,
    ReviewGrade,
    Scheduler,
    elapsed_calendar_days,
    elapsed_whole_days,
    start_of_day,
)
from storage.errors import InvalidInput
from storage.progress import OnProgress, no_progress

TRAIN_SHARE = 0.7
PROBABILITY_BINS = 20
# Predictions are clipped here before log loss, as srs-benchmark does, so one confident miss
# costs a lot but not infinity.
PROBABILITY_CLIP = 1e-4
# A review this many whole days after the previous one is a test of memory worth scoring.
MIN_ELAPSED_DAYS = 1
# Below this many reviews made a day or more after the card's previous one, the `fsrs`
# optimizer keeps its defaults instead of fitting (its `mini_batch_size`, which
# `Optimizer.compute_optimal_parameters` compares with its count of non-same-day reviews).
MIN_REVIEWS_TO_FIT = 512
# And the history must span a month: a fit on a fortnight of cramming says little about
# intervals of weeks.
MIN_HISTORY_DAYS_TO_FIT = 30
CSV_COLUMNS = ("card_id", "review_rating", "review_time", "review_duration")

# The steps a replay or a fit reports (storage/progress.py): the optimizer's passes over the
# history (nearly all of the time: about 20 s on 12,000 reviews), then each scheduler scored.
PHASE_FITTING = "fitting FSRS (passes over the history)"
PHASE_SCORING = "scoring schedulers"

FSRS_DEFAULT = "FSRS, default parameters"
FSRS_FITTED = "FSRS, fitted on the first 70 %"
LADDER = "Fixed ladder 1-3-7-14-30-90 days"


@dataclass(frozen=True)
class Prediction:
    probability: float
    recalled: bool


@dataclass(frozen=True)
class Score:
    scheduler: str
    log_loss: float
    rmse_bins: float
    predictions: int


@dataclass(frozen=True)
class ReplayReport:
    reviews: int
    cards: int
    first_review: datetime
    split_at: datetime
    last_review: datetime
    scores: list[Score]
    fitted_parameters: list[float] | None
    fit_seconds: float | None

    @property
    def train_reviews(self) -> int:
        return split_index(self.reviews)

    def own_fit_verdict(self) -> str | None:
        """What the fit would come to as a person's own (fitted against the defaults, by the
        rule a person's own fit is kept by), or None when nothing was fitted."""
        by_name = {s.scheduler: s for s in self.scores}
        default, fitted = by_name.get(FSRS_DEFAULT), by_name.get(FSRS_FITTED)
        if default is None or fitted is None:
            return None
        return fit_verdict(
            rmse_before=default.rmse_bins,
            rmse_after=fitted.rmse_bins,
            loss_before=default.log_loss,
            loss_after=fitted.log_loss,
        )


@dataclass(frozen=True)
class FitResult:
    """Parameters fitted on the earlier part of a history, scored on the later part."""

    parameters: list[float]
    loss_before: float
    loss_after: float
    train_reviews: int
    scored_reviews: int
    fit_seconds: float
    rmse_before: float = 0.0
    rmse_after: float = 0.0

    @property
    def better(self) -> bool:
        """Whether the fitted parameters predict the later part better than the current ones:
        a lower RMSE over the bins, the figure Anki compares to keep a fit (log loss also
        moves with how often one forgets, RMSE only with how well recall is predicted)."""
        return fit_kept(self.rmse_before, self.rmse_after)


# A move smaller than this share of the figure before it reads "slightly" better or worse.
SLIGHT_CHANGE_RATIO = 0.01
FIT_RULE = "RMSE decides: a fit is kept only when its RMSE is lower, whatever log loss does."


def fit_kept(rmse_before: float, rmse_after: float) -> bool:
    """The one rule for keeping a fit of one's own: its RMSE (20 bins) on the later part is
    lower than that of the parameters in use. Log loss is reported beside it, never weighed."""
    return rmse_after < rmse_before


def _moved(before: float, after: float, places: int) -> str:
    """Which way a lower-is-better figure moved: 'better', 'slightly worse', 'unchanged'."""
    if round(after, places) == round(before, places):
        return "unchanged"
    word = "better" if after < before else "worse"
    return f"slightly {word}" if abs(after - before) < SLIGHT_CHANGE_RATIO * before else word


def fit_verdict(
    *,
    rmse_before: float,
    rmse_after: float,
    loss_before: float,
    loss_after: float,
    places: int = 4,
) -> str:
    """Whether a fit is kept, each measure with which way it moved, and which one decided:
    'Kept: RMSE 0.0469 → 0.0403 better; log loss 0.4246 → 0.4258 slightly worse.'"""
    return (
        f"{'Kept' if fit_kept(rmse_before, rmse_after) else 'Not kept'}: "
        f"RMSE {rmse_before:.{places}f} → {rmse_after:.{places}f} "
        f"{_moved(rmse_before, rmse_after, places)}; "
        f"log loss {loss_before:.{places}f} → {loss_after:.{places}f} "
        f"{_moved(loss_before, loss_after, places)}."
    )


@dataclass(frozen=True)
class FitReadiness:
    """Whether a history is enough to fit FSRS on, and what it lacks."""

    memory_tests: int  # in the earlier 70 %: reviews a calendar day or more after the last
    history_days: int  # from the first review to the last

    @property
    def ready(self) -> bool:
        return (
            self.memory_tests >= MIN_REVIEWS_TO_FIT and self.history_days >= MIN_HISTORY_DAYS_TO_FIT
        )

    @property
    def shortfall(self) -> str:
        """What is missing, in words ("" when ready)."""
        missing = []
        if self.memory_tests < MIN_REVIEWS_TO_FIT:
            missing.append(
                f"the earlier part has {self.memory_tests:,} reviews made a day or more after "
                f"the previous one, and the optimizer needs {MIN_REVIEWS_TO_FIT}"
            )
        if self.history_days < MIN_HISTORY_DAYS_TO_FIT:
            missing.append(
                f"the reviews span {self.history_days} days, and a fit needs "
                f"{MIN_HISTORY_DAYS_TO_FIT}"
            )
        return "; ".join(missing)


def fit_readiness(reviews: Sequence[LoggedReview], *, zone: tzinfo = UTC) -> FitReadiness:
    """How much of `reviews` the optimizer can learn from: reviews in the earlier 70 % made a
    calendar day (in `zone`, as the fit counts days) or more after the card's previous one,
    and the days the history spans."""
    ordered = in_time_order(reviews)
    last: dict[int, datetime] = {}
    tests = 0
    for r in ordered[: split_index(len(ordered))]:
        if r.card_id in last and elapsed_calendar_days(last[r.card_id], r.reviewed_at, zone) >= 1:
            tests += 1
        last[r.card_id] = r.reviewed_at
    days = (ordered[-1].reviewed_at - ordered[0].reviewed_at).days if ordered else 0
    return FitReadiness(tests, days)


# --- reading ----------------------------------------------------------------------------


def read_review_log(path: Path) -> list[LoggedReview]:
    """Reviews from a CSV with columns card_id, review_rating, review_time[, review_duration].

    Card ids may be any text; they are numbered in order of appearance. Problems are reported
    with their line numbers (at most five) as InvalidInput.
    """
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as error:
        raise InvalidInput(f"Cannot read {path}: {error.strerror or error}.") from error
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in CSV_COLUMNS[:3] if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInput(f"{path.name} lacks the column(s) {', '.join(missing)}.")
        ids: dict[str, int] = {}
        reviews: list[LoggedReview] = []
        problems: list[str] = []
        for line, row in enumerate(reader, start=2):
            try:
                rating = ReviewGrade(int(row["review_rating"]))
                moment = datetime.fromisoformat(row["review_time"])
                if moment.tzinfo is None:
                    raise ValueError("time without a time zone")
            except (ValueError, TypeError) as error:
                problems.append(f"line {line}: {error}")
                continue
            card = ids.setdefault(row["card_id"], len(ids) + 1)
            reviews.append(LoggedReview(card, rating, moment))
    if problems:
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise InvalidInput(f"{path.name} has rows that cannot be read: {shown}{more}.")
    if not reviews:
        raise InvalidInput(f"{path.name} holds no reviews.")
    return reviews


# --- metrics ----------------------------------------------------------------------------


def log_loss(predictions: Sequence[Prediction]) -> float:
    """Mean negative log-likelihood of what happened (lower is better)."""
    if not predictions:
        raise InvalidInput("No predictions to score.")
    total = 0.0
    for p in predictions:
        prob = min(max(p.probability, PROBABILITY_CLIP), 1 - PROBABILITY_CLIP)
        total -= math.log(prob) if p.recalled else math.log(1 - prob)
    return total / len(predictions)


def rmse_bins(predictions: Sequence[Prediction], bins: int = PROBABILITY_BINS) -> float:
    """RMSE between mean prediction and share recalled over equal-width probability bins."""
    if not predictions:
        raise InvalidInput("No predictions to score.")
    sums: dict[int, list[float]] = {}
    for p in predictions:
        index = min(int(p.probability * bins), bins - 1)
        acc = sums.setdefault(index, [0.0, 0.0, 0.0])
        acc[0] += p.probability
        acc[1] += 1.0 if p.recalled else 0.0
        acc[2] += 1
    squared = sum(n * (pred / n - real / n) ** 2 for pred, real, n in sums.values())
    return math.sqrt(squared / len(predictions))


def score(name: str, predictions: Sequence[Prediction]) -> Score:
    return Score(name, log_loss(predictions), rmse_bins(predictions), len(predictions))


# --- replay -----------------------------------------------------------------------------


def split_index(count: int, train_share: float = TRAIN_SHARE) -> int:
    """How many of `count` time-ordered reviews form the earlier (training) part."""
    return int(count * train_share)


def in_time_order(reviews: Sequence[LoggedReview]) -> list[LoggedReview]:
    return sorted(reviews, key=lambda r: r.reviewed_at)


def predict(
    scheduler: Scheduler, reviews: Sequence[LoggedReview], *, score_from: int = 0
) -> list[Prediction]:
    """Replay `reviews` (already in time order); predict before each scored review.

    A review is scored when it is at position `score_from` or later and comes at least a whole
    day after the same card's previous review.
    """
    states: dict[int, dict[str, Any]] = {}
    last_seen: dict[int, datetime] = {}
    out: list[Prediction] = []
    for position, review in enumerate(reviews):
        state = states.get(review.card_id)
        previous = last_seen.get(review.card_id)
        if (
            position >= score_from
            and previous is not None
            and elapsed_whole_days(previous, review.reviewed_at) >= MIN_ELAPSED_DAYS
        ):
            probability = scheduler.recall(state, review.reviewed_at)
            if probability is not None:
                out.append(Prediction(probability, review.rating.recalled))
        states[review.card_id] = scheduler.review(state, review.rating, review.reviewed_at).state
        last_seen[review.card_id] = review.reviewed_at
    return out


# Which job's `on_progress` hears the optimizer's epochs: per thread, as the app may fit two
# teams at once.
_epoch_listener = threading.local()


def _epochs(iterable: Any, *_: Any, **__: Any) -> Any:
    """Stands in for `tqdm` in `fsrs.optimizer`, whose epoch loop is the only place it tells how
    far a fit is (and only to a tqdm bar of its own): each epoch begun and finished is reported
    to the calling thread's listener as PHASE_FITTING, done of total."""
    epochs = list(iterable)
    on_progress: OnProgress = getattr(_epoch_listener, "on_progress", no_progress)
    for done, epoch in enumerate(epochs):
        on_progress(PHASE_FITTING, done, len(epochs))
        yield epoch
    on_progress(PHASE_FITTING, len(epochs), len(epochs))


def fit_parameters(
    reviews: Sequence[LoggedReview],
    *,
    zone: tzinfo = UTC,
    on_progress: OnProgress = no_progress,
) -> list[float]:
    """FSRS parameters fitted by the `fsrs` optimizer (needs torch); defaults when too few.
    Days are counted in `zone` (the team's), as its scheduler counts them; each of the
    optimizer's passes over the history is reported to `on_progress` (PHASE_FITTING)."""
    import fsrs  # the optimizer pulls in torch; only fitting pays for that import
    import fsrs.optimizer

    fsrs.optimizer.tqdm = _epochs  # type: ignore[attr-defined]  # see _epochs

    # The optimizer counts elapsed days as 24-hour periods; our scheduler counts calendar
    # days (see `scheduling`). Each review is given to it at the start of its day, a
    # microsecond per review later to keep their order, so both count the same days.
    logs = [
        fsrs.ReviewLog(
            card_id=r.card_id,
            rating=fsrs.Rating(int(r.rating)),
            review_datetime=start_of_day(r.reviewed_at, zone) + timedelta(microseconds=position),
            review_duration=None,
        )
        for position, r in enumerate(in_time_order(reviews))
    ]
    _epoch_listener.on_progress = on_progress
    try:
        return [float(p) for p in fsrs.Optimizer(logs).compute_optimal_parameters()]
    finally:
        _epoch_listener.on_progress = no_progress


def fit_and_compare(
    reviews: Sequence[LoggedReview],
    *,
    current_parameters: Sequence[float] = DEFAULT_FSRS_PARAMETERS,
    train_share: float = TRAIN_SHARE,
    fitter: Callable[[Sequence[LoggedReview]], list[float]] | None = None,
    zone: tzinfo = UTC,
    on_progress: OnProgress = no_progress,
) -> FitResult:
    """Fit on the first part of the history; log loss and RMSE of current vs fitted on the
    rest (days counted in the team's `zone`), reporting to `on_progress` as it goes."""
    ordered = in_time_order(reviews)
    cut = split_index(len(ordered), train_share)
    started = time.perf_counter()
    fit = fitter or partial(fit_parameters, zone=zone, on_progress=on_progress)
    fitted = fit(ordered[:cut])
    seconds = time.perf_counter() - started
    on_progress(PHASE_SCORING, 0, 2)
    before = predict(
        FsrsScheduler(parameters=current_parameters, fuzz=False, zone=zone), ordered, score_from=cut
    )
    on_progress(PHASE_SCORING, 1, 2)
    if not before:
        raise InvalidInput(
            "The later part of the history has no review a day or more after the previous one "
            "of the same card, so there is nothing to compare on yet."
        )
    after = predict(
        FsrsScheduler(parameters=fitted, fuzz=False, zone=zone), ordered, score_from=cut
    )
    on_progress(PHASE_SCORING, 2, 2)
    return FitResult(
        parameters=fitted,
        loss_before=log_loss(before),
        loss_after=log_loss(after),
        train_reviews=cut,
        scored_reviews=len(before),
        fit_seconds=seconds,
        rmse_before=rmse_bins(before),
        rmse_after=rmse_bins(after),
    )


def replay_log(
    reviews: Sequence[LoggedReview],
    *,
    train_share: float = TRAIN_SHARE,
    fit: bool = True,
    fitter: Callable[[Sequence[LoggedReview]], list[float]] | None = None,
    on_progress: OnProgress = no_progress,
) -> ReplayReport:
    """Score FSRS (default and, with `fit`, fitted on the earlier part) and the ladder,
    reporting the fit's passes and each scheduler scored to `on_progress`."""
    ordered = in_time_order(reviews)
    if len(ordered) < 2:
        raise InvalidInput("A replay needs at least two reviews.")
    cut = split_index(len(ordered), train_share)
    schedulers: list[tuple[str, Scheduler]] = [(FSRS_DEFAULT, FsrsScheduler(fuzz=False))]
    fitted: list[float] | None = None
    seconds: float | None = None
    if fit:
        started = time.perf_counter()
        fitted = (fitter or partial(fit_parameters, on_progress=on_progress))(ordered[:cut])
        seconds = time.perf_counter() - started
        schedulers.append((FSRS_FITTED, FsrsScheduler(parameters=fitted, fuzz=False)))
    schedulers.append((LADDER, LadderScheduler()))
    scores = []
    for done, (name, scheduler) in enumerate(schedulers):
        on_progress(PHASE_SCORING, done, len(schedulers))
        predictions = predict(scheduler, ordered, score_from=cut)
        if not predictions:
            raise InvalidInput(
                "The last 30 % of the log has no review a day or more after the previous one "
                "of the same card: nothing to score."
            )
        scores.append(score(name, predictions))
    on_progress(PHASE_SCORING, len(schedulers), len(schedulers))
    return ReplayReport(
        reviews=len(ordered),
        cards=len({r.card_id for r in ordered}),
        first_review=ordered[0].reviewed_at,
        split_at=ordered[cut].reviewed_at,
        last_review=ordered[-1].reviewed_at,
        scores=scores,
        fitted_parameters=fitted,
        fit_seconds=seconds,
    )
