"""Headless jobs for spaced repetition: `python -m reviews replay …` and `python -m reviews fit …`.

replay  Score FSRS (default and fitted) and the fixed ladder on a review-log CSV.
fit     Fit FSRS to a team's own reviews; keep the result as a proposal, or --accept it.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from reviews.replay import ReplayReport, read_review_log, replay_log
from storage.errors import ProficioError


def _print_report(report: ReplayReport) -> None:
    print(
        f"{report.reviews} reviews of {report.cards} cards, "
        f"{report.first_review:%Y-%m-%d} to {report.last_review:%Y-%m-%d}; "
        f"fitted on the first {report.train_reviews}, scored from {report.split_at:%Y-%m-%d}."
    )
    width = max(len(s.scheduler) for s in report.scores)
    print(f"{'scheduler':<{width}}  log loss  RMSE (20 bins)  predictions")
    for s in report.scores:
        print(
            f"{s.scheduler:<{width}}  {s.log_loss:8.4f}  {s.rmse_bins:14.4f}  {s.predictions:11d}"
        )
    if report.fit_seconds is not None:
        print(f"Fitting took {report.fit_seconds:.1f} s.")


def _replay(args: argparse.Namespace) -> int:
    reviews = read_review_log(Path(args.log))
    report = replay_log(reviews, fit=not args.no_fit)
    if args.json:
        print(json.dumps(asdict(report), default=str, indent=2))
    else:
        _print_report(report)
    return 0


def _fit(args: argparse.Namespace) -> int:
    # The database path is a composition root: it needs the app's settings and engine.
    from reviews.policy import accept_proposal, fit_team, keep_proposal, team_for_cli
    from storage.engine import make_engine, session_scope
    from storage.migrate import upgrade
    from storage.settings import get_settings
    from storage.time_zones import local_day, team_zone

    engine = make_engine(get_settings().resolved_database_url)
    upgrade(engine)  # as the app does on start: a fresh or older database is brought up to date
    with session_scope(engine, writes=False) as session:  # the app's reviews go on meanwhile
        lead, team_name = team_for_cli(session, args.team)
        proposal = fit_team(session, actor=lead, team_id=lead.team_id)
    print(
        f"{team_name}: fitted on {proposal.train_reviews} reviews in "
        f"{proposal.fit_seconds:.1f} s; log loss on the later "
        f"{proposal.scored_reviews} reviews {proposal.loss_before:.4f} (current) → "
        f"{proposal.loss_after:.4f} (fitted)."
    )
    with session_scope(engine) as session:
        keep_proposal(session, actor=lead, team_id=lead.team_id, result=proposal)
        if args.accept:
            today = local_day(datetime.now(UTC), team_zone(session, lead.team_id))
            moved = accept_proposal(session, actor=lead, team_id=lead.team_id, today=today)
            print(f"Accepted; {moved} card schedules recomputed.")
        else:
            print("Kept as a proposal; accept it on the Review settings page or with --accept.")
    return 0


def main(argv: list[str] | None = None, *, prog: str = "python -m reviews") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    replay = commands.add_parser("replay", help="score schedulers on a review-log CSV")
    replay.add_argument("--log", required=True, help="CSV: card_id, review_rating, review_time")
    replay.add_argument("--json", action="store_true", help="print the report as JSON")
    replay.add_argument("--no-fit", action="store_true", help="skip fitting (no torch needed)")
    replay.set_defaults(run=_replay)
    fit = commands.add_parser("fit", help="fit FSRS to a team's own reviews")
    fit.add_argument("--team", help="team name (default: the only team)")
    fit.add_argument("--accept", action="store_true", help="use the fitted parameters now")
    fit.set_defaults(run=_fit)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except ProficioError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
