"""The reminder digests say what the person's own pages say, and only what they chose."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from assessments.practical import waiting_for
from insights.digest import digest_of, digests, kinds_for
from insights.learner_home import learner_home
from insights.mail import smtp_server
from insights.team_home import team_home
from mentoring.action_items import items_of_mentee
from mentoring.planning import active_plans, plan_view
from mentoring.sharing import sessions_for
from mentoring.talking_points import add_talking_point
from search.note_review import notes_due_for_review
from storage.enums import PersonRole, ReminderKind
from storage.errors import InvalidInput, PermissionDenied
from storage.models import AuditEvent, Person
from storage.people import PersonRef, list_people
from storage.roster import reminders_off, set_reminders_off
from storage.time_zones import local_day, team_zone
from tests.conftest import TODAY

NOW = datetime.combine(TODAY, time(6, 30), tzinfo=UTC)


def _person(session: Session, role: PersonRole) -> PersonRef:
    return next(p for p in list_people(session) if p.role == role)


def _section(digest: object, kind: ReminderKind) -> tuple[str, ...]:
    sections = {s.kind: s for s in digest.sections}  # type: ignore[attr-defined]
    return sections[kind].lines if kind in sections else ()


def test_a_learners_digest_counts_the_cards_their_home_shows(demo_session: Session) -> None:
    for person in list_people(demo_session):
        home = learner_home(demo_session, actor=person, person_id=person.id, today=TODAY, now=NOW)
        lines = _section(
            digest_of(demo_session, person_id=person.id, now=NOW), ReminderKind.REVIEWS
        )
        if home.reviews_today == 0:
            assert lines == ()
            continue
        (line,) = lines
        if home.reviews_due:
            assert f"{home.reviews_due} card" in line
        if home.new_cards:
            assert f"{home.new_cards} new card" in line


def test_a_mentors_digest_lists_the_hand_ins_waiting_for_them_oldest_first(
    demo_session: Session,
) -> None:
    mentor = _person(demo_session, PersonRole.MENTOR)
    waiting = waiting_for(demo_session, actor=mentor)
    assert waiting, "the demo has hand-ins waiting for a mentor"
    lines = _section(digest_of(demo_session, person_id=mentor.id, now=NOW), ReminderKind.HAND_INS)
    assert len(lines) == len(waiting)
    for line, hand_in in zip(lines, waiting, strict=True):
        assert line.startswith(f"{hand_in.person_name}: {hand_in.assignment_title}")


def test_action_items_due_by_tomorrow_or_overdue_are_listed_for_their_owner(
    demo_session: Session,
) -> None:
    today = TODAY
    for person in list_people(demo_session):
        owned = [
            i
            for mentee in list_people(demo_session)
            for i in items_of_mentee(demo_session, mentee_id=mentee.id, today=today)
            if i.owner_id == person.id
            and i.is_open
            and i.due_on is not None
            and i.due_on <= today + timedelta(days=1)
        ]
        lines = _section(
            digest_of(demo_session, person_id=person.id, now=NOW), ReminderKind.ACTION_ITEMS
        )
        assert sorted(line.split(" (from 1:1")[0] for line in lines) == sorted(
            i.title for i in owned
        )
        for line, item in zip(lines, sorted(owned, key=lambda i: i.due_on or today), strict=True):
            assert ("overdue" in line) == item.overdue


def test_the_day_before_a_1_1_both_people_get_it_with_its_agenda(demo_session: Session) -> None:
    people = list_people(demo_session)
    plans = active_plans(demo_session, [p.id for p in people])
    plan = next(p for p in plans.values())
    view = plan_view(demo_session, plan, TODAY)
    upcoming = view.next_session
    assert upcoming is not None
    zone = team_zone(demo_session, people[0].team_id)
    evening_before = datetime.combine(
        upcoming.scheduled_for.date() - timedelta(days=1), time(7, 0), tzinfo=zone
    ).astimezone(UTC)
    assert local_day(evening_before, zone) == upcoming.scheduled_for.date() - timedelta(days=1)
    for person_id, other in (
        (plan.mentor_id, view.mentee_name),
        (plan.mentee_id, view.mentor_name),
    ):
        lines = _section(
            digest_of(demo_session, person_id=person_id, now=evening_before),
            ReminderKind.ONE_ON_ONES,
        )
        (line,) = [line for line in lines if other in line]
        assert line.startswith(f"1:1 #{upcoming.number} with {other} tomorrow at ")
        assert "\n" in line, "the agenda follows the heading"
    a_week_before = evening_before - timedelta(days=6)
    early = digest_of(demo_session, person_id=plan.mentee_id, now=a_week_before)
    assert not [
        line for line in _section(early, ReminderKind.ONE_ON_ONES) if f"#{upcoming.number} " in line
    ]


def test_a_leads_weekly_digest_holds_their_homes_alerts(demo_session: Session) -> None:
    lead = _person(demo_session, PersonRole.LEAD)
    home = team_home(demo_session, actor=lead, today=TODAY, now=NOW)
    weekly = digest_of(demo_session, person_id=lead.id, now=NOW, weekly=True)
    lines = _section(weekly, ReminderKind.TEAM_WEEK)
    assert len(lines) == len(home.alerts) > 0
    assert "**" not in "".join(lines)
    assert weekly.subject.startswith("Proficio: your team's week")
    learners = digests(demo_session, now=NOW, weekly=True)
    assert {d.person_id for d in learners} <= {p.id for p in list_people(demo_session) if p.is_lead}


def test_a_kind_turned_off_is_left_out_and_an_empty_digest_is_not_sent(
    demo_session: Session,
) -> None:
    mentor = _person(demo_session, PersonRole.MENTOR)
    set_reminders_off(
        demo_session, actor=mentor, person_id=mentor.id, off={ReminderKind.HAND_INS}, at=NOW
    )
    digest = digest_of(demo_session, person_id=mentor.id, now=NOW)
    assert _section(digest, ReminderKind.HAND_INS) == ()
    assert digest.turned_off == {ReminderKind.HAND_INS}
    set_reminders_off(
        demo_session, actor=mentor, person_id=mentor.id, off=set(kinds_for(mentor)), at=NOW
    )
    assert digest_of(demo_session, person_id=mentor.id, now=NOW).empty
    assert mentor.id not in {d.person_id for d in digests(demo_session, now=NOW)}
    (asked,) = digests(demo_session, now=NOW, email=mentor.email.upper())
    assert asked.empty and "Nothing needs you today." in asked.text()
    demo_session.rollback()


def test_choosing_reminders_is_ones_own_and_is_audited_once_per_change(
    demo_session: Session,
) -> None:
    lead = _person(demo_session, PersonRole.LEAD)
    learner = _person(demo_session, PersonRole.LEARNER)
    with pytest.raises(PermissionDenied, match="themselves"):
        set_reminders_off(
            demo_session, actor=lead, person_id=learner.id, off={ReminderKind.REVIEWS}, at=NOW
        )
    before = len(demo_session.exec(select(AuditEvent)).all())
    off = {ReminderKind.REVIEWS, ReminderKind.ONE_ON_ONES}
    set_reminders_off(demo_session, actor=learner, person_id=learner.id, off=off, at=NOW)
    set_reminders_off(demo_session, actor=learner, person_id=learner.id, off=off, at=NOW)
    events = demo_session.exec(select(AuditEvent)).all()[before:]
    assert [e.action for e in events] == ["reminders_changed"]
    assert events[0].detail["summary"] == (
        f"{learner.name} turned reminder e-mails off: cards due for review, "
        "1:1s today and tomorrow, with the agenda."
    )
    assert reminders_off(demo_session, learner.id) == off
    row = demo_session.get(Person, learner.id)
    assert row is not None and row.reminders_off == ["one_on_ones", "reviews"]
    demo_session.rollback()


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://mail.example.org", "must start with smtp:// or smtps://"),
        ("smtp://", "names no server"),
        ("smtp://mail.example.org:notaport", "bad port"),
    ],
)
def test_a_bad_smtp_url_is_refused_with_what_is_wrong(url: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem):
        smtp_server(url)


def test_an_smtp_url_gives_its_server_port_and_login() -> None:
    server = smtp_server("smtps://proficio%40example.org:s%3Acret@mail.example.org")
    assert (server.host, server.port, server.tls) == ("mail.example.org", 465, True)
    assert (server.user, server.password) == ("proficio@example.org", "s:cret")
    assert smtp_server("smtp://localhost").port == 25


def _evening_before(session: Session, team_id: int, day: date) -> datetime:
    zone = team_zone(session, team_id)
    return datetime.combine(day - timedelta(days=1), time(7, 0), tzinfo=zone).astimezone(UTC)


def test_the_day_before_a_sharing_session_those_signed_up_and_presenting_are_reminded(
    demo_session: Session,
) -> None:
    lead = _person(demo_session, PersonRole.LEAD)
    upcoming = [
        v
        for v in sessions_for(demo_session, actor=lead)
        if not v.cancelled and v.starts_at.date() > TODAY and v.signed_up and v.presenters
    ]
    assert upcoming, "the demo has a coming session with sign-ups and a presenter"
    view = upcoming[0]
    now = _evening_before(demo_session, lead.team_id, view.starts_at.date())
    signed_up = {pid for pid, _ in view.signed_up}
    presenters = {p.person_id for p in view.presenters}
    for person in list_people(demo_session, lead.team_id):
        lines = _section(
            digest_of(demo_session, person_id=person.id, now=now), ReminderKind.SHARING_SESSIONS
        )
        mine = [line for line in lines if line.startswith(view.title)]
        if person.id in presenters:
            assert mine and mine[0].endswith("you present")
        elif person.id in signed_up:
            assert mine and not mine[0].endswith("you present")
        else:
            assert not mine


def test_a_note_owner_is_reminded_of_the_notes_due_for_their_review(
    demo_session: Session,
) -> None:
    owners = [
        (p, due)
        for p in list_people(demo_session)
        if (due := notes_due_for_review(demo_session, p.id, TODAY))
    ]
    assert owners, "the demo has notes due for review"
    for person, due in owners:
        lines = _section(digest_of(demo_session, person_id=person.id, now=NOW), ReminderKind.NOTES)
        assert len(lines) == len(due)
        for line, note in zip(lines, due, strict=True):
            assert line.startswith(f"{note.title} (")


def test_a_1_1_reminder_carries_the_talking_points_each_may_read(demo_session: Session) -> None:
    people = list_people(demo_session)
    plans = active_plans(demo_session, [p.id for p in people])
    plan = next(iter(plans.values()))
    upcoming = plan_view(demo_session, plan, TODAY).next_session
    assert upcoming is not None
    mentee = next(p for p in people if p.id == plan.mentee_id)
    mentor = next(p for p in people if p.id == plan.mentor_id)
    at = NOW
    add_talking_point(
        demo_session,
        actor=mentee,
        meeting_id=upcoming.id,
        text="Shard sizes for 40M vectors",
        private=False,
        now=at,
    )
    add_talking_point(
        demo_session,
        actor=mentee,
        meeting_id=upcoming.id,
        text="Feeling stuck on IVF",
        private=True,
        now=at,
    )
    now = _evening_before(demo_session, mentee.team_id, upcoming.scheduled_for.date())

    def text_for(person: PersonRef) -> str:
        lines = _section(
            digest_of(demo_session, person_id=person.id, now=now), ReminderKind.ONE_ON_ONES
        )
        return "\n".join(line for line in lines if f"#{upcoming.number} " in line)

    assert "Shard sizes for 40M vectors" in text_for(mentee)
    assert "Feeling stuck on IVF" in text_for(mentee)
    assert "Shard sizes for 40M vectors" in text_for(mentor)
    assert "Feeling stuck on IVF" not in text_for(mentor)
    demo_session.rollback()
