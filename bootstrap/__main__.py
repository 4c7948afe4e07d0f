"""`python -m bootstrap`: set a database up, from the curriculum and the domain packages:
load the curriculum (and the demo team), create a team with its lead and framework."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine

from bootstrap.database import new_team, prepare_database, set_up_team
from curriculum.catalog import sync_curriculum
from curriculum.loader import DEFAULT_CURRICULUM_DIR, load_curriculum
from storage.engine import make_engine, session_scope
from storage.enums import PersonRole
from storage.errors import ProficioError
from storage.migrate import upgrade
from storage.people import has_any_team
from storage.roster import PersonIn
from storage.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bootstrap", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    seed = commands.add_parser("seed", help="load the curriculum, and the demo team with --demo")
    seed.add_argument(
        "--demo", action="store_true", help="also seed the demo team (empty database)"
    )
    team = commands.add_parser("team", help="create a team").add_subparsers(
        dest="team_command", required=True
    )
    team_create = team.add_parser(
        "create", help="a new team with its lead (the first one also loads the curriculum)"
    )
    team_create.add_argument("name")
    team_create.add_argument("--lead-email", required=True)
    team_create.add_argument("--lead-name", required=True)
    team_create.add_argument("--lead-job-role", default="Team lead")
    args = parser.parse_args(argv)
    try:
        engine = make_engine(get_settings().resolved_database_url)
        upgrade(engine)
        if args.command == "seed":
            return _seed(engine, demo=args.demo)
        return _create_team(args, engine)
    except ProficioError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _seed(engine: Engine, *, demo: bool) -> int:
    if demo:
        with session_scope(engine) as session:
            if has_any_team(session):
                print("The database already has a team; the demo goes only into an empty one.")
                return 1
        prepare_database(engine, today=date.today(), demo=True)
        print("Seeded the demo team and the default curriculum.")
        return 0
    with session_scope(engine) as session:
        folder = get_settings().curriculum_dir or DEFAULT_CURRICULUM_DIR
        report = sync_curriculum(session, load_curriculum(folder))
    print(
        f"Curriculum loaded: {report.modules} modules, {report.tracks} tracks, "
        f"{report.quiz_questions} quiz questions, {report.cards} cards, "
        f"{report.assignments} practical assignments."
    )
    return 0


def _create_team(args: argparse.Namespace, engine: Engine) -> int:
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        first = not has_any_team(session)
    if first:
        # The installation's first team: the organisation and its curriculum come with it.
        set_up_team(
            engine,
            team_name=args.name,
            lead_name=args.lead_name,
            lead_email=args.lead_email,
            curriculum_dir=get_settings().curriculum_dir,
            now=now,
        )
    else:
        with session_scope(engine) as session:
            new_team(
                session,
                actor=None,
                name=args.name,
                lead=PersonIn(
                    name=args.lead_name,
                    email=args.lead_email,
                    role=PersonRole.LEAD,
                    job_role=args.lead_job_role,
                ),
                now=now,
            )
    print(
        f"Created team {args.name.strip()} with lead {args.lead_name.strip()} "
        f"<{args.lead_email.strip().lower()}>."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
