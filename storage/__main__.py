"""`python -m storage`: migrate, seed, export, import, back up and restore the database."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from storage.engine import make_engine
from storage.errors import ProficioError
from storage.migrate import current_revision, upgrade
from storage.settings import get_settings
from storage.transfer import (
    backup_sqlite,
    import_database,
    read_export,
    restore_sqlite,
    write_export,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storage", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="upgrade the database to the newest schema")
    seed = commands.add_parser("seed", help="load the curriculum, and the demo team with --demo")
    seed.add_argument(
        "--demo", action="store_true", help="also seed the demo team (empty database)"
    )
    export = commands.add_parser("export", help="write the whole database as JSON")
    export.add_argument("file", type=Path)
    load = commands.add_parser("import", help="load a JSON export into an empty database")
    load.add_argument("file", type=Path)
    backup = commands.add_parser(
        "backup", help="copy the SQLite database with the online backup API"
    )
    backup.add_argument(
        "file", type=Path, nargs="?", help="target file (default: data/backups/proficio-<time>.db)"
    )
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
    if args.command == "migrate":
        upgrade(engine)
        print(f"Database at revision {current_revision(engine)}.")
    elif args.command == "seed":
        # The CLI is a composition root: seeding needs the curriculum and domain rules above
        # storage, so they are imported here only (see the import-linter contract).
        from bootstrap.database import prepare_database
        from curriculum.catalog import sync_curriculum
        from curriculum.loader import DEFAULT_CURRICULUM_DIR, load_curriculum
        from storage.engine import session_scope
        from storage.people import has_any_team

        if args.demo:
            upgrade(engine)
            with session_scope(engine) as session:
                if has_any_team(session):
                    print("The database already has a team; the demo goes only into an empty one.")
                    return 1
            prepare_database(engine, today=date.today())
            print("Seeded the demo team and the default curriculum.")
        else:
            upgrade(engine)
            with session_scope(engine) as session:
                folder = get_settings().curriculum_dir or DEFAULT_CURRICULUM_DIR
                report = sync_curriculum(session, load_curriculum(folder))
            print(
                f"Curriculum loaded: {report.modules} modules, {report.tracks} tracks, "
                f"{report.quiz_questions} quiz questions, {report.cards} cards."
            )
    elif args.command == "export":
        rows = write_export(engine, args.file)
        print(f"Wrote {rows} rows to {args.file}.")
    elif args.command == "import":
        data = read_export(args.file)
        upgrade(engine)
        rows = import_database(engine, data)
        print(f"Imported {rows} rows from {args.file}.")
    elif args.command == "backup":
        target = args.file or data_dir / "backups" / f"proficio-{datetime.now():%Y%m%d-%H%M%S}.db"
        backup_sqlite(url, target)
        print(f"Backed up to {target}.")
    elif args.command == "restore":
        engine.dispose()  # nothing of ours holds the file open while it is replaced
        stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
        safety = data_dir / "backups" / f"proficio-before-restore-{stamp}.db"
        saved = restore_sqlite(url, args.file, safety_copy=safety)
        upgrade(engine)
        print(f"Restored {args.file} (schema at revision {current_revision(engine)}).")
        if saved is not None:
            print(f"The database it replaced is kept at {saved}.")
        print("Rebuild the search index from it: python -m search index --full")
    return 0


if __name__ == "__main__":
    sys.exit(main())
