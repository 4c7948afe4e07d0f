"""Headless jobs for insights: `python -m insights digest`.

digest   Print each person's reminder digest for today (or the leads' weekly one with
         --weekly); with --send, e-mail them through PROFICIO_SMTP_URL. Run it daily (and
         weekly with --weekly) from cron or a systemd timer: see the README.
"""

from __future__ import annotations

import argparse
import smtplib
import sys
from datetime import UTC, datetime

from storage.errors import InvalidInput, NotFound, ProficioError


def _digest(args: argparse.Namespace) -> int:
    # A composition root: the app's settings and engine.
    from insights.digest import as_email, digests
    from insights.mail import send_messages, smtp_server
    from storage.engine import make_engine, session_scope
    from storage.migrate import upgrade
    from storage.settings import get_settings

    settings = get_settings()
    server = None
    if args.send:
        if not settings.smtp_url:
            raise InvalidInput(
                "No mail server is configured: set PROFICIO_SMTP_URL "
                "(e.g. smtp://mail.example.org:587) to send; nothing was sent."
            )
        server = smtp_server(settings.smtp_url)
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    now = datetime.now(UTC)
    with session_scope(engine, writes=False) as session:
        found = digests(session, now=now, weekly=args.weekly, email=args.person)
    if args.person and not found:
        raise NotFound(f"No active person has the email {args.person}.")
    if server is None:
        for digest in found:
            print(f"To: {digest.name} <{digest.email}>\nSubject: {digest.subject}\n")
            print(digest.text())
        if not found:
            print("Nobody has anything to be reminded of.")
        return 0
    to_send = [as_email(d, settings.smtp_sender) for d in found if not d.empty]
    try:
        sent = send_messages(server, to_send)
    except (OSError, smtplib.SMTPException) as error:
        raise InvalidInput(
            f"Could not send through {server.host}:{server.port}: {error}. Nothing more was sent."
        ) from None
    print(f"Sent {sent} digest{'s' if sent != 1 else ''} through {server.host}:{server.port}.")
    return 0


def main(argv: list[str] | None = None, *, prog: str = "python -m insights") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    digest = commands.add_parser("digest", help="print or send the reminder digests")
    digest.add_argument("--send", action="store_true", help="e-mail them (PROFICIO_SMTP_URL)")
    digest.add_argument("--person", help="only this person's digest (email)")
    digest.add_argument("--weekly", action="store_true", help="the leads' weekly team digest")
    digest.set_defaults(run=_digest)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except ProficioError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
