"""Sending e-mail through the SMTP server named in settings (`PROFICIO_SMTP_URL`).

smtp://host:port uses STARTTLS when the server offers it (port 587 usually), smtps://host:port
is TLS from the first byte (port 465); user and password, when given, log in. Nothing here
reaches any other server.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from storage.errors import InvalidInput

SMTP_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    tls: bool  # TLS from the first byte (smtps)
    user: str | None
    password: str | None


def smtp_server(url: str) -> SmtpServer:
    """The server an SMTP URL names; a clear message for anything else."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("smtp", "smtps"):
        raise InvalidInput(
            "PROFICIO_SMTP_URL must start with smtp:// or smtps://, "
            f"not {parts.scheme or 'nothing'}."
        )
    if not parts.hostname:
        raise InvalidInput("PROFICIO_SMTP_URL names no server, e.g. smtp://mail.example.org:587.")
    tls = parts.scheme == "smtps"
    try:
        port = parts.port or (465 if tls else 25)
    except ValueError as error:
        raise InvalidInput(f"PROFICIO_SMTP_URL has a bad port: {error}.") from error
    return SmtpServer(
        host=parts.hostname,
        port=port,
        tls=tls,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def send_messages(server: SmtpServer, messages: Sequence[EmailMessage]) -> int:
    """Send each message over one connection; the number sent. A refused recipient stops
    nothing else: the error names who, after the rest are sent."""
    if not messages:
        return 0
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if server.tls:
        client = smtplib.SMTP_SSL(
            server.host, server.port, timeout=SMTP_TIMEOUT_SECONDS, context=context
        )
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT_SECONDS)
    refused: list[str] = []
    sent = 0
    with client:
        client.ehlo()
        if not server.tls and client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
        if server.user:
            client.login(server.user, server.password or "")
        for message in messages:
            try:
                client.send_message(message)
                sent += 1
            except smtplib.SMTPRecipientsRefused:
                refused.append(str(message["To"]))
    if refused:
        raise InvalidInput(
            f"Sent {sent}; the mail server refused {len(refused)}: {', '.join(refused)}."
        )
    return sent
