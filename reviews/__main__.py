"""Headless jobs for spaced repetition: `python -m reviews replay|fit|cards …`.

replay        Score FSRS (default and fitted) and the fixed ladder on a review-log CSV.
fit           Fit FSRS to a team's own reviews; keep the result as a proposal, or --accept it.
              Both show their progress on stderr (--quiet: none); Ctrl+C keeps nothing.
cards import  Add an Anki deck (.apkg) or a CSV (front, back, module, kind) to a person's cards.
cards export  Write a person's deck as an Anki deck (.apkg) or a CSV, by the file's extension.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from reviews.replay import FIT_RULE, PHASE_FITTING, ReplayReport, read_review_log, replay_log
from storage.errors import ProficioError
from storage.progress import TerminalProgress

EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl+C (128 + SIGINT)


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
    own_fit = report.own_fit_verdict()
    if own_fit is not None:
        print(f"As a person's own fit against the defaults: {own_fit} {FIT_RULE}")
    if report.fit_seconds is not None:
        print(f"Fitting took {report.fit_seconds:.1f} s.")


def _replay(args: argparse.Namespace, progress: TerminalProgress) -> int:
    reviews = read_review_log(Path(args.log))
    report = replay_log(reviews, fit=not args.no_fit, on_progress=progress)
    progress.close()
    if args.json:
        print(json.dumps(asdict(report), default=str, indent=2))
    else:
        _print_report(report)
    return 0


def _fit(args: argparse.Namespace, progress: TerminalProgress) -> int:
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
        proposal = fit_team(session, actor=lead, team_id=lead.team_id, on_progress=progress)
    progress.close()
    print(
        f"{team_name}: fitted on {proposal.train_reviews} reviews in "
        f"{proposal.fit_seconds:.1f} s; log loss on the later "
        f"{proposal.scored_reviews} reviews {proposal.loss_before:.4f} (current) → "
        f"{proposal.loss_after:.4f} (fitted)."
    )
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        keep_proposal(session, actor=lead, team_id=lead.team_id, result=proposal, now=now)
        if args.accept:
            today = local_day(now, team_zone(session, lead.team_id))
            moved = accept_proposal(session, actor=lead, team_id=lead.team_id, today=today, now=now)
            print(f"Accepted; {moved} card schedules recomputed.")
        else:
            print("Kept as a proposal; accept it on the Review settings page or with --accept.")
    return 0


def _cards(args: argparse.Namespace, progress: TerminalProgress) -> int:
    # Like `fit`, a composition root: the app's settings and engine.
    from reviews.transfer import export_cards_apkg, export_cards_csv, import_cards
    from storage.engine import make_engine, session_scope
    from storage.errors import InvalidInput, NotFound
    from storage.migrate import upgrade
    from storage.people import find_person_by_email
    from storage.settings import get_settings

    path = Path(args.file)
    suffix = path.suffix.lower()
    if suffix not in (".apkg", ".csv"):
        raise InvalidInput(f"{path.name}: an .apkg (Anki) or .csv file, by its extension.")
    engine = make_engine(get_settings().resolved_database_url)
    upgrade(engine)
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        person = find_person_by_email(session, args.person)
        if person is None:
            raise NotFound(f"Nobody has the email {args.person}.")
        if args.action == "import":
            try:
                data = path.read_bytes()
            except OSError as error:
                raise InvalidInput(f"Cannot read {path}: {error.strerror}.") from None
            result = import_cards(
                session,
                actor=person,
                file_name=path.name,
                data=data,
                now=now,
                module_key=args.module,
            )
            print(result.message)
            return 0
        if path.exists() and not args.force:
            raise InvalidInput(f"{path} exists; add --force to replace it.")
        if suffix == ".csv":
            exported = export_cards_csv(session, actor=person, person_id=person.id).encode()
        else:
            exported = export_cards_apkg(session, actor=person, person_id=person.id, now=now)
    partial = path.with_name(path.name + ".part")  # a failed write leaves an old file as it was
    try:
        partial.write_bytes(exported)
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InvalidInput(f"Cannot write {path}: {error.strerror}.") from None
    print(f"Wrote {person.name}'s cards to {path}.")
    return 0


def main(argv: list[str] | None = None, *, prog: str = "python -m reviews") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    replay = commands.add_parser("replay", help="score schedulers on a review-log CSV")
    replay.add_argument("--log", required=True, help="CSV: card_id, review_rating, review_time")
    replay.add_argument("--json", action="store_true", help="print the report as JSON")
    replay.add_argument("--no-fit", action="store_true", help="skip fitting (no torch needed)")
    replay.add_argument("--quiet", action="store_true", help="no progress on stderr")
    replay.set_defaults(run=_replay)
    fit = commands.add_parser("fit", help="fit FSRS to a team's own reviews")
    fit.add_argument("--team", help="team name (default: the only team)")
    fit.add_argument("--accept", action="store_true", help="use the fitted parameters now")
    fit.add_argument("--quiet", action="store_true", help="no progress on stderr")
    fit.set_defaults(run=_fit)
    cards = commands.add_parser("cards", help="import or export a person's cards")
    card_commands = cards.add_subparsers(dest="action", required=True)
    card_import = card_commands.add_parser("import", help="add an Anki deck or a CSV")
    card_import.add_argument("file", help=".apkg (Anki) or .csv (front, back, module, kind)")
    card_import.add_argument("--person", required=True, help="whose cards they become (email)")
    card_import.add_argument("--module", help="the module every imported card belongs to")
    card_import.set_defaults(run=_cards)
    card_export = card_commands.add_parser("export", help="write a person's deck to a file")
    card_export.add_argument("--person", required=True, help="whose deck (email)")
    card_export.add_argument("file", help=".apkg (Anki) or .csv, by the extension")
    card_export.add_argument("--force", action="store_true", help="replace an existing file")
    card_export.set_defaults(run=_cards)
    args = parser.parse_args(argv)
    progress = TerminalProgress(quiet=getattr(args, "quiet", False))
    try:
        with progress:
            return int(args.run(args, progress))
    except ProficioError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\n{_interrupted(args, progress.last_phase)}", file=sys.stderr)
        return EXIT_INTERRUPTED


def _interrupted(args: argparse.Namespace, phase: str) -> str:
    """What a person needs to know after Ctrl+C: what was kept (nothing, for these jobs)."""
    if args.command == "fit":
        # The proposal is kept only after the fit, in one unit of work: nothing half-kept.
        stopped = " while fitting" if phase == PHASE_FITTING else ""
        return f"interrupted{stopped}; nothing was kept (the team's parameters are unchanged)."
    if args.command == "replay":
        return "interrupted; nothing was changed (a replay only reads the log)."
    return "interrupted; nothing was changed."


if __name__ == "__main__":
    sys.exit(main())
