"""`python -m storage`: migrate, list teams, people, export, import, back up and restore.

Setting a database up (`seed`, `team create`) needs the curriculum and the domain
packages above storage: that is `python -m bootstrap`."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from storage import formats
from storage.engine import make_engine, session_scope
from storage.errors import InvalidInput, ProficioError
from storage.migrate import current_revision, upgrade
from storage.people import find_person_by_email
from storage.people_csv import ChangeKind, apply_people_import, plan_people_import
from storage.progress import TerminalProgress
from storage.roster import (
    find_team,
    list_teams,
    set_person_active,
    team_members,
)
from storage.settings import get_settings
from storage.time_zones import local_day, team_zone
from storage.transfer import (
    backup_sqlite,
    import_database,
    read_export,
    restore_sqlite,
    write_export,
)

EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl+C (128 + SIGINT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storage", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="upgrade the database to the newest schema")
    team = commands.add_parser("team", help="list teams").add_subparsers(
        dest="team_command", required=True
    )
    team_list = team.add_parser("list", help="every team with its members and leads")
    team_list.add_argument("--json", action="store_true")
    team_list.add_argument("--all", action="store_true", help="archived teams too")
    people = commands.add_parser("people", help="import, list and deactivate people")
    people_commands = people.add_subparsers(dest="people_command", required=True)
    people_import = people_commands.add_parser(
        "import", help="add and update people from CSV (all or nothing)"
    )
    people_import.add_argument("file", type=Path)
    people_import.add_argument("--team", help="the team for rows without a team column")
    people_import.add_argument(
        "--dry-run", action="store_true", help="show what would change, change nothing"
    )
    people_import.add_argument("--quiet", action="store_true", help="no progress on stderr")
    people_list = people_commands.add_parser("list", help="people, of one team or of all")
    people_list.add_argument("--team")
    people_list.add_argument("--json", action="store_true")
    people_list.add_argument("--all", action="store_true", help="leavers too")
    deactivate = people_commands.add_parser(
        "deactivate", help="a leaver: no sign-in, out of KPIs and pickers, history kept"
    )
    deactivate.add_argument("email")
    export = commands.add_parser("export", help="write the whole database as JSON")
    export.add_argument("file", type=Path)
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.add_argument("--quiet", action="store_true", help="no progress on stderr")
    load = commands.add_parser("import", help="load a JSON export into an empty database")
    load.add_argument("file", type=Path)
    load.add_argument("--quiet", action="store_true", help="no progress on stderr")
    backup = commands.add_parser(
        "backup", help="copy the SQLite database with the online backup API"
    )
    backup.add_argument(
        "file", type=Path, nargs="?", help="target file (default: data/backups/proficio-<time>.db)"
    )
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    restore = commands.add_parser(
        "restore",
        help="replace the SQLite database with a backup (the current one is kept as a copy)",
    )
    restore.add_argument("file", type=Path, help="a file written by `backup`")
    args = parser.parse_args(argv)
    settings = get_settings()
    try:
        return _run(args, settings.resolved_database_url, settings.data_dir)
    except ProficioError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, url: str, data_dir: Path) -> int:
    engine = make_engine(url)
    if args.command == "team":
        upgrade(engine)
        return _team(args, engine)
    if args.command == "people":
        upgrade(engine)
        return _people(args, engine)
    if args.command == "migrate":
        upgrade(engine)
        print(f"Database at revision {current_revision(engine)}.")
    elif args.command == "export":
        try:
            with TerminalProgress(quiet=args.quiet) as progress:
                rows = write_export(engine, args.file, force=args.force, on_progress=progress)
        except KeyboardInterrupt:
            # The file is written beside its name and renamed once whole.
            print(f"\ninterrupted; nothing was written to {args.file}.", file=sys.stderr)
            return EXIT_INTERRUPTED
        print(f"Wrote {rows} rows to {args.file}.")
    elif args.command == "import":
        data = read_export(args.file)
        upgrade(engine)
        try:
            with TerminalProgress(quiet=args.quiet) as progress:
                rows = import_database(engine, data, on_progress=progress)
        except KeyboardInterrupt:
            # Rows are checked before one transaction writes them all: stopping rolls back.
            print("\ninterrupted; nothing was imported (the import is all or nothing).",
                  file=sys.stderr)  # fmt: skip
            return EXIT_INTERRUPTED
        print(f"Imported {rows} rows from {args.file}.")
    elif args.command == "backup":
        target = args.file or data_dir / "backups" / f"proficio-{datetime.now():%Y%m%d-%H%M%S}.db"
        backup_sqlite(url, target, force=args.force)
        print(f"Backed up to {target}.")
    elif args.command == "restore":
        engine.dispose()  # nothing of ours holds the file open while it is replaced
        stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
        safety = data_dir / "backups" / f"proficio-before-restore-{stamp}.db"
        saved = restore_sqlite(url, args.file, safety_copy=safety)  # restored at the newest schema
        print(f"Restored {args.file} (schema at revision {current_revision(engine)}).")
        if saved is not None:
            print(f"The database it replaced is kept at {saved}.")
        print("Rebuild the search index from it: python -m search index --full")
    return 0


def _team(args: argparse.Namespace, engine: Engine) -> int:
    with session_scope(engine, writes=False) as session:
        teams = list_teams(session, include_archived=args.all)
    if args.json:
        print(json.dumps([asdict(t) for t in teams], indent=2))
    elif not teams:
        print("No teams yet: python -m bootstrap team create NAME --lead-email E --lead-name N")
    else:
        for t in teams:
            archived = " (archived)" if t.archived else ""
            leads = ", ".join(t.leads) or "no lead"
            print(f"{t.name}{archived}: {t.members} people; lead {leads}")
    return 0


def _people(args: argparse.Namespace, engine: Engine) -> int:
    now = datetime.now(UTC)
    if args.people_command == "import":
        try:
            data = args.file.read_bytes()
        except OSError as error:
            raise InvalidInput(f"Cannot read {args.file}: {error.strerror}.") from None
        progress = TerminalProgress(quiet=args.quiet)
        try:
            with progress, session_scope(engine) as session:
                plan = plan_people_import(session, actor=None, data=data, team=args.team)
                if not plan.ok:
                    for problem in plan.problems:
                        print(f"{args.file}: {problem}", file=sys.stderr)
                    print(f"Nothing imported: {len(plan.problems)} problem(s).", file=sys.stderr)
                    return 2
                for change in plan.changes:
                    if change.kind != ChangeKind.UNCHANGED:
                        detail = f" ({'; '.join(change.changes)})" if change.changes else ""
                        print(
                            f"{change.kind}: {change.name} <{change.email}>, {change.team}{detail}"
                        )
                if not args.dry_run:
                    apply_people_import(
                        session,
                        actor=None,
                        data=data,
                        team=args.team,
                        now=now,
                        on_progress=progress,
                    )
        except KeyboardInterrupt:
            # The whole file is one transaction: stopping it anywhere rolls every row back.
            print("\ninterrupted; nothing was imported (the import is all or nothing).",
                  file=sys.stderr)  # fmt: skip
            return EXIT_INTERRUPTED
        if args.dry_run:
            print(f"Would import {args.file}: {plan.summary}.")
        else:
            print(f"Imported {args.file}: {plan.done_summary}.")
        return 0
    if args.people_command == "deactivate":
        with session_scope(engine) as session:
            person = find_person_by_email(session, args.email)
            if person is None:
                raise InvalidInput(f"No active person has the email {args.email.strip()}.")
            today = local_day(now, team_zone(session, person.team_id))  # the leaver's team's
            set_person_active(
                session, actor=None, person_id=person.id, active=False, today=today, now=now
            )
        print(f"Deactivated {person.name} <{person.email}> from {formats.day(today)}.")
        return 0
    with session_scope(engine, writes=False) as session:
        teams = list_teams(session, include_archived=True)
        if args.team:
            found = find_team(session, args.team)
            if found is None:
                raise InvalidInput(f"There is no team called '{args.team.strip()}'.")
            teams = [found]
        members = [
            m
            for t in teams
            for m in team_members(session, actor=None, team_id=t.id, include_leavers=args.all)
        ]
    if args.json:
        print(json.dumps([asdict(m) for m in members], indent=2, default=str))
        return 0
    for m in members:
        state = "" if m.active else f" (left {m.left_on})"
        mentor = f", mentor {m.mentor_name}" if m.mentor_name else ""
        print(f"{m.team_name}: {m.name} <{m.email}>, {m.role}, {m.job_role}{mentor}{state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
