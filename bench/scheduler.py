"""Scheduler quality: replay the shared real review log through FSRS (default and fitted) and
the fixed ladder, and score each on the later 30 % (log loss, RMSE over 20 probability bins).

    python -m bench scheduler [--quick]

`--quick` skips fitting (the optimizer takes about half a minute on this machine). Lower is
better for both scores; ratios are against FSRS with its default parameters.
"""

from __future__ import annotations

from pathlib import Path

from bench.harness import Figure
from reviews.replay import FSRS_DEFAULT, read_review_log, replay_log

REVIEW_LOG = (
    Path(__file__).resolve().parents[2] / "shared/datasets/fsrs-review-logs/review_logs.csv"
)


def run(quick: bool) -> list[Figure]:
    if not REVIEW_LOG.exists():
        print(f"scheduler: {REVIEW_LOG} is missing; skipped")
        return []
    report = replay_log(read_review_log(REVIEW_LOG), fit=not quick)
    default = next(s for s in report.scores if s.scheduler == FSRS_DEFAULT)
    figures = []
    for score in report.scores:
        is_reference = score.scheduler == FSRS_DEFAULT
        note = f"{score.predictions:,} predictions on {report.reviews:,} reviews"
        for label, value, reference in (
            ("log loss", score.log_loss, default.log_loss),
            ("RMSE (20 bins)", score.rmse_bins, default.rmse_bins),
        ):
            figures.append(
                Figure(
                    benchmark="scheduler",
                    name=f"{score.scheduler}: {label}",
                    value=value,
                    unit="",
                    reference="" if is_reference else "FSRS default",
                    reference_value=None if is_reference else reference,
                    note=note,
                )
            )
    return figures
