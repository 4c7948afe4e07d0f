"""Reminder e-mails: a daily digest per person and a weekly one for leads.

A digest is composed as the person would see their own Home (the reads run as them, so it
holds nothing they may not see): cards due today, hand-ins waiting for their grade, their
action items due by tomorrow or overdue, their 1:1s today or tomorrow with the agenda and its
talking points, the sharing sessions today or tomorrow they signed up for or present, and the
notes they own that are due for review.
A lead's weekly digest holds the alerts of their Home. Each person can turn each kind off
(`storage.roster.set_reminders_off`); a digest with nothing left to say is not sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import formataddr

from sqlmodel import Session

from assessments.practical import waiting_for
from insights.team_home import team_home
from mentoring.action_items import open_items_owned_by
from mentoring.meetings import meeting_detail
from mentoring.planning import active_plans, plan_view
from mentoring.sharing import sessions_for
from mentoring.talking_points import agenda_with_points, talking_points
from reviews.queue import due_queue
from search.note_review import notes_due_for_review, review_label
from storage import formats
from storage.enums import PersonRole, ReminderKind
from storage.people import PersonRef, get_person, list_people
from storage.roster import reminders_off
from storage.time_zones import local_day, team_zone

DAILY_KINDS = (
    ReminderKind.REVIEWS,
    ReminderKind.HAND_INS,
    ReminderKind.ACTION_ITEMS,
    ReminderKind.ONE_ON_ONES,
    ReminderKind.SHARING_SESSIONS,
    ReminderKind.NOTES,
)


def kinds_for(person: PersonRef) -> tuple[ReminderKind, ...]:
    """The kinds that can concern the person: the weekly team digest only for leads."""
    return (*DAILY_KINDS, ReminderKind.TEAM_WEEK) if person.is_lead else DAILY_KINDS


@dataclass(frozen=True)
class DigestSection:
    kind: ReminderKind
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Digest:
    person_id: int
    name: str
    email: str
    day: date  # the person's team's day it was composed for
    weekly: bool
    sections: tuple[DigestSection, ...]
    turned_off: frozenset[ReminderKind]  # left out by the person's choice

    @property
    def subject(self) -> str:
        if self.weekly:
            return f"Proficio: your team's week, {formats.day(self.day)}"
        return f"Proficio: your day, {formats.day(self.day)}"

    @property
    def empty(self) -> bool:
        return not self.sections

    def text(self) -> str:
        """The e-mail's plain-text body (also what `python -m insights digest` prints)."""
        lines = [f"Hello {self.name},", ""]
        if self.empty:
            lines.append("Nothing needs you today.")
        for section in self.sections:
            lines.append(section.title)
            lines.extend(f"  - {line}" for line in section.lines)
            lines.append("")
        lines.append("Turn any of these e-mails off on the Reminders page of Proficio.")
        return "\n".join(lines).rstrip() + "\n"


def _days_ago(moment: datetime, now: datetime) -> str:
    days = (now - moment).days
    return "today" if days < 1 else f"{days} day{'s' if days != 1 else ''}"


def _reviews(session: Session, person: PersonRef, now: datetime) -> DigestSection | None:
    queue = due_queue(session, actor=person, person_id=person.id, now=now)
    due = sum(1 for c in queue if not c.new)
    new = sum(1 for c in queue if c.new)
    if not due and not new:
        return None
    parts = [f"{due} card{'s' if due != 1 else ''} due"] if due else []
    if new:
        parts.append(f"{new} new card{'s' if new != 1 else ''}")
    return DigestSection(
        ReminderKind.REVIEWS, "Reviews today", (" and ".join(parts) + " (Reviews page).",)
    )


def _hand_ins(session: Session, person: PersonRef, now: datetime) -> DigestSection | None:
    waiting = waiting_for(session, actor=person)
    if not waiting:
        return None
    lines = tuple(
        f"{w.person_name}: {w.assignment_title} (version {w.version_number}"
        f"{', as a peer reviewer' if w.as_peer else ''}), waiting {_days_ago(w.submitted_at, now)}"
        for w in waiting
    )
    return DigestSection(ReminderKind.HAND_INS, "Hand-ins waiting for you, oldest first", lines)


def _action_items(session: Session, person: PersonRef, today: date) -> DigestSection | None:
    items = open_items_owned_by(
        session, owner_id=person.id, due_by=today + timedelta(days=1), today=today
    )
    if not items:
        return None
    lines = tuple(
        f"{i.title} (from 1:1 #{i.session_number}; "
        f"{'was due' if i.overdue else 'due'} {formats.day(i.due_on) if i.due_on else '-'}"
        f"{', overdue' if i.overdue else ''})"
        for i in items
    )
    return DigestSection(ReminderKind.ACTION_ITEMS, "Your action items due or overdue", lines)


def _one_on_ones(
    session: Session, person: PersonRef, today: date, now: datetime
) -> DigestSection | None:
    teammates = [p.id for p in list_people(session, person.team_id)]
    plans = [
        plan
        for plan in active_plans(session, teammates).values()
        if person.id in (plan.mentor_id, plan.mentee_id)
    ]
    lines = []
    for plan in plans:
        view = plan_view(session, plan, today)
        upcoming = view.next_session
        if upcoming is None or upcoming.scheduled_for.date() > today + timedelta(days=1):
            continue
        detail = meeting_detail(session, actor=person, meeting_id=upcoming.id, now=now)
        points = talking_points(session, actor=person, meeting_id=upcoming.id)
        other = view.mentee_name if plan.mentor_id == person.id else view.mentor_name
        when = "today" if upcoming.scheduled_for.date() == today else "tomorrow"
        agenda = agenda_with_points(detail.agenda, points).strip()
        heading = f"1:1 #{upcoming.number} with {other} {when} at {upcoming.scheduled_for:%H:%M}"
        lines.append(heading + (":\n" + _indented(agenda) if agenda else ""))
    if not lines:
        return None
    return DigestSection(ReminderKind.ONE_ON_ONES, "Your 1:1s today and tomorrow", tuple(lines))


def _sharing_sessions(
    session: Session, person: PersonRef, today: date, now: datetime
) -> DigestSection | None:
    zone = team_zone(session, person.team_id)
    until = datetime.combine(today + timedelta(days=2), time.min, tzinfo=zone)
    mine = [
        v
        for v in sessions_for(session, actor=person)
        if now <= v.starts_at < until and (v.is_signed_up(person.id) or v.is_presenter(person.id))
    ]
    if not mine:
        return None
    lines = tuple(
        f"{v.title} ({v.kind.label.lower()}), {v.when}"
        + (": cancelled" if v.cancelled else "")
        + (", you present" if v.is_presenter(person.id) and not v.cancelled else "")
        for v in mine
    )
    return DigestSection(
        ReminderKind.SHARING_SESSIONS, "Sharing sessions today and tomorrow", lines
    )


def _notes(session: Session, person: PersonRef, today: date) -> DigestSection | None:
    notes = notes_due_for_review(session, person.id, today)
    if not notes:
        return None
    lines = tuple(f"{n.title} ({review_label(n, today)})" for n in notes)
    return DigestSection(ReminderKind.NOTES, "Notes of yours due for review", lines)


def _indented(text: str) -> str:
    return "\n".join(f"      {line}" if line.strip() else "" for line in text.splitlines())


def _composed(
    session: Session,
    person: PersonRef,
    now: datetime,
    *,
    weekly: bool,
) -> Digest:
    today = local_day(now, team_zone(session, person.team_id))
    off = reminders_off(session, person.id)
    sections: list[DigestSection | None] = []
    if weekly:
        if person.is_lead and ReminderKind.TEAM_WEEK not in off:
            sections.append(_team_week(session, person, today, now))
    else:
        wanted = set(DAILY_KINDS) - off
        if ReminderKind.REVIEWS in wanted:
            sections.append(_reviews(session, person, now))
        if ReminderKind.HAND_INS in wanted:
            sections.append(_hand_ins(session, person, now))
        if ReminderKind.ACTION_ITEMS in wanted:
            sections.append(_action_items(session, person, today))
        if ReminderKind.ONE_ON_ONES in wanted:
            sections.append(_one_on_ones(session, person, today, now))
        if ReminderKind.SHARING_SESSIONS in wanted:
            sections.append(_sharing_sessions(session, person, today, now))
        if ReminderKind.NOTES in wanted:
            sections.append(_notes(session, person, today))
    return Digest(
        person_id=person.id,
        name=person.name,
        email=person.email,
        day=today,
        weekly=weekly,
        sections=tuple(s for s in sections if s is not None),
        turned_off=off,
    )


def _team_week(
    session: Session, lead: PersonRef, today: date, now: datetime
) -> DigestSection | None:
    home = team_home(session, actor=lead, today=today, now=now)
    if not home.alerts:
        return None
    lines = tuple(_plain(alert.text) for alert in home.alerts)
    return DigestSection(ReminderKind.TEAM_WEEK, "Where your team needs you (Home alerts)", lines)


def _plain(markdown: str) -> str:
    """An alert's markdown as plain text: bold and code marks dropped."""
    return markdown.replace("**", "").replace("`", "")


def digest_of(session: Session, *, person_id: int, now: datetime, weekly: bool = False) -> Digest:
    """One person's digest as of `now` (empty sections left out; kinds they turned off too)."""
    person = get_person(session, person_id)
    return _composed(session, person, now, weekly=weekly)


def digests(
    session: Session, *, now: datetime, weekly: bool = False, email: str | None = None
) -> list[Digest]:
    """The digests to send now: every active person of every active team (or the one with
    `email`), leads only for the weekly one; those with nothing to say are left out unless a
    single person was asked for."""
    people = list_people(session)
    if email is not None:
        wanted = email.strip().lower()
        people = [p for p in people if p.email == wanted]
    if weekly:
        people = [p for p in people if p.role == PersonRole.LEAD]
    found = [_composed(session, p, now, weekly=weekly) for p in people]
    return found if email is not None else [d for d in found if not d.empty]


def as_email(digest: Digest, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = formataddr((digest.name, digest.email))
    message["Subject"] = digest.subject
    message.set_content(digest.text())
    return message
