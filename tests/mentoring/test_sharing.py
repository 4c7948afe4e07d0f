"""Knowledge-sharing sessions as a team uses them: propose, sign up, hold, confirm, log, repeat,
cancel and export."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar
from sqlmodel import Session, select

from assessments.ratings import append_ratings, evidence_to_review, people_matrix
from curriculum.progress import delete_activity
from mentoring.sharing import (
    Repeat,
    SessionChange,
    SessionDraft,
    cancel_session,
    confirm_presentation,
    edit_session,
    get_session,
    log_session_hour,
    propose_session,
    record_attendance,
    series_dates,
    series_ics,
    session_ics,
    sessions_for,
    sessions_held,
    sign_up,
    signups_of,
    withdraw,
)
from storage.enums import PersonRole, RaterKind, SharingKind
from storage.errors import InvalidInput, PermissionDenied
from storage.models import ActivityLog, AuditEvent, Competency, Person, Rating, Team
from storage.people import PersonRef
from tests.factories import (
    link_module,
    make_competency,
    make_module,
    make_person,
    make_ref,
    make_team,
)

NOW = datetime(2026, 11, 21, 9, tzinfo=UTC)  # a Saturday
THURSDAY = date(2026, 11, 26)


@pytest.fixture
def team(session: Session) -> dict[str, PersonRef]:
    team = make_team(session=session, name="Search")
    team.time_zone = "Europe/Berlin"
    session.add(team)
    lead = make_person(session=session, team=team, name="Lena Lead", role=PersonRole.LEAD)
    mentor = make_person(session=session, team=team, name="Max Mentor", role=PersonRole.MENTOR)
    presenter = make_person(session=session, team=team, name="Pia Presenter", mentor=mentor)
    one = make_person(session=session, team=team, name="Ola One")
    two = make_person(session=session, team=team, name="Tom Two")
    competency = make_competency(session=session, key="vector-search", team=team)
    module = make_module(session=session, key="fundamentals", title="Fundamentals")
    link_module(session=session, module=module, competencies=[competency])
    session.flush()
    return {
        p.name.split()[0].lower(): make_ref(session=session, person=p)
        for p in (lead, mentor, presenter, one, two)
    }


def _draft(presenter: PersonRef, **changes: object) -> SessionDraft:
    fields: dict[str, object] = {
        "title": "What HNSW really does",
        "kind": SharingKind.BROWN_BAG,
        "on": THURSDAY,
        "at": time(12, 30),
        "minutes": 60,
        "presenter_ids": (presenter.id,),
        "module_key": "fundamentals",
    }
    fields.update(changes)
    return SessionDraft(**fields)  # type: ignore[arg-type]


def test_a_brown_bag_is_proposed_signed_up_for_held_and_the_presenters_cell_shows_new_evidence(
    session: Session, team: dict[str, PersonRef]
) -> None:
    presenter, lead = team["pia"], team["lena"]
    [planned] = propose_session(session, actor=presenter, draft=_draft(presenter), now=NOW)
    assert planned.when == "Thu 26 Nov 2026, 12:30–13:30 (Europe/Berlin)"
    assert planned.starts_at.astimezone(UTC).hour == 11  # CET is UTC+1
    for name in ("ola", "tom"):
        sign_up(session, actor=team[name], session_id=planned.id, now=NOW)
    after = planned.starts_at + timedelta(hours=2)
    held = record_attendance(
        session,
        actor=presenter,
        session_id=planned.id,
        attendee_ids=[team["ola"].id, team["tom"].id],
        now=after,
    )
    assert [name for _, name in held.attended] == ["Ola One", "Tom Two"]
    # A rating by the mentor before the talk: the presentation is then new evidence to review.
    append_ratings(
        session,
        [
            Rating(
                person_id=presenter.id,
                competency_id=_competency_id(session, presenter),
                level=1,
                rater_id=team["max"].id,
                rater_kind=RaterKind.MENTOR,
                created_at=NOW - timedelta(days=30),
            )
        ],
    )
    names = confirm_presentation(
        session, actor=lead, session_id=planned.id, presenter_id=presenter.id, level=2, now=after
    )
    assert names == ["Vector search"]
    view = people_matrix(session, actor=lead, team_id=presenter.team_id, person_ids=[presenter.id])
    [waiting] = evidence_to_review(view)
    assert (waiting.person_name, waiting.evidence_level, waiting.kind) == (
        "Pia Presenter",
        2,
        RaterKind.PRESENTATION,
    )
    assert "by a presentation" in waiting.summary
    shown = get_session(session, actor=presenter, session_id=planned.id)
    assert shown.presenters[0].confirmed_level == 2
    assert shown.presenters[0].confirmed_by_name == "Lena Lead"


def _competency_id(session: Session, person: PersonRef) -> int:
    found = session.exec(
        select(Competency.id).where(
            Competency.team_id == person.team_id, Competency.key == "vector-search"
        )
    ).one()
    assert found is not None
    return found


def test_a_confirmed_presentation_sets_the_level_while_no_mentor_has_rated(
    session: Session, team: dict[str, PersonRef]
) -> None:
    presenter = team["pia"]
    [planned] = propose_session(session, actor=presenter, draft=_draft(presenter), now=NOW)
    after = planned.starts_at + timedelta(hours=1)
    confirm_presentation(
        session,
        actor=team["max"],
        session_id=planned.id,
        presenter_id=presenter.id,
        level=3,
        now=after,
    )
    view = people_matrix(
        session, actor=team["lena"], team_id=presenter.team_id, person_ids=[presenter.id]
    )
    cell = view.cells[(presenter.id, "vector-search")]
    assert (cell.resolved.level, cell.resolved.source) == (3, RaterKind.PRESENTATION)


def test_a_presenter_cannot_confirm_their_own_presentation_nor_can_a_teammate(
    session: Session, team: dict[str, PersonRef]
) -> None:
    presenter = team["pia"]
    [planned] = propose_session(session, actor=presenter, draft=_draft(presenter), now=NOW)
    after = planned.starts_at + timedelta(hours=1)
    for actor in (presenter, team["ola"]):
        with pytest.raises(PermissionDenied):
            confirm_presentation(
                session,
                actor=actor,
                session_id=planned.id,
                presenter_id=presenter.id,
                level=2,
                now=after,
            )


def test_an_attendee_logs_the_hour_in_one_click_and_a_second_click_does_not_log_twice(
    session: Session, team: dict[str, PersonRef]
) -> None:
    presenter, ola = team["pia"], team["ola"]
    [planned] = propose_session(
        session, actor=presenter, draft=_draft(presenter, minutes=90), now=NOW
    )
    after = planned.starts_at + timedelta(hours=2)
    record_attendance(
        session, actor=team["lena"], session_id=planned.id, attendee_ids=[ola.id], now=after
    )
    shown = log_session_hour(session, actor=ola, session_id=planned.id, now=after)
    assert ola.id in shown.logged_by
    with pytest.raises(InvalidInput, match="already in your activity log"):
        log_session_hour(session, actor=ola, session_id=planned.id, now=after)
    [entry] = session.exec(select(ActivityLog).where(ActivityLog.person_id == ola.id)).all()
    assert (entry.hours, entry.occurred_on, entry.note) == (
        1.5,
        THURSDAY,
        "Brown bag: What HNSW really does",
    )


def test_someone_not_recorded_as_there_cannot_log_the_hour(
    session: Session, team: dict[str, PersonRef]
) -> None:
    presenter = team["pia"]
    [planned] = propose_session(session, actor=presenter, draft=_draft(presenter), now=NOW)
    with pytest.raises(InvalidInput, match="not recorded as at"):
        log_session_hour(
            session,
            actor=team["tom"],
            session_id=planned.id,
            now=planned.starts_at + timedelta(hours=2),
        )


def test_signing_up_and_withdrawing_close_when_the_session_starts(
    session: Session, team: dict[str, PersonRef]
) -> None:
    presenter, ola = team["pia"], team["ola"]
    [planned] = propose_session(session, actor=presenter, draft=_draft(presenter), now=NOW)
    sign_up(session, actor=ola, session_id=planned.id, now=NOW)
    assert [s.id for s in signups_of(session, ola.id, NOW)] == [planned.id]
    withdraw(session, actor=ola, session_id=planned.id, now=NOW)
    assert signups_of(session, ola.id, NOW) == []
    with pytest.raises(InvalidInput, match="already started"):
        sign_up(session, actor=ola, session_id=planned.id, now=planned.starts_at)


def test_a_refused_proposal_names_every_problem_and_saves_nothing(
    session: Session, team: dict[str, PersonRef]
) -> None:
    presenter = team["pia"]
    bad = _draft(presenter, title=" ", minutes=5, presenter_ids=(), link="ftp://files")
    with pytest.raises(InvalidInput) as refused:
        propose_session(session, actor=presenter, draft=bad, now=NOW)
    assert "give it a title" in str(refused.value)
    assert "15 to 480 minutes" in str(refused.value)
    assert "at least one presenter" in str(refused.value)
    with pytest.raises(InvalidInput, match="http"):
        propose_session(session, actor=presenter, draft=_draft(presenter, link="ftp://x"), now=NOW)
    assert sessions_for(session, actor=presenter) == []


def test_a_presenter_from_another_team_is_refused(
    session: Session, team: dict[str, PersonRef]
) -> None:
    other = make_team(session=session, name="Other")
    stranger = make_person(session=session, team=other, name="Sam Stranger")
    assert stranger.id is not None
    with pytest.raises(InvalidInput, match="not in your team"):
        propose_session(
            session,
            actor=team["pia"],
            draft=_draft(team["pia"], presenter_ids=(stranger.id,)),
            now=NOW,
        )


def test_every_second_thursday_until_a_date_creates_its_sessions() -> None:
    assert series_dates(THURSDAY, 2, until_on=date(2027, 1, 7), occurrences=None) == [
        date(2026, 11, 26),
        date(2026, 12, 10),
        date(2026, 12, 24),
        date(2027, 1, 7),
    ]
    assert series_dates(THURSDAY, 1, until_on=None, occurrences=3) == [
        date(2026, 11, 26),
        date(2026, 12, 3),
        date(2026, 12, 10),
    ]


def test_a_series_keeps_its_local_time_across_daylight_saving_and_exports_every_session(
    session: Session, team: dict[str, PersonRef]
) -> None:
    presenter = team["max"]
    draft = _draft(
        presenter,
        title="Architecture review",
        kind=SharingKind.ARCHITECTURE_REVIEW,
        on=date(2027, 3, 18),
        at=time(15, 0),
        repeat=Repeat(interval_weeks=2, occurrences=3),
    )
    created = propose_session(session, actor=presenter, draft=draft, now=NOW)
    assert [v.starts_at.strftime("%d %b %H:%M") for v in created] == [
        "18 Mar 15:00",
        "01 Apr 15:00",  # summer time from 28 March: 13:00 UTC instead of 14:00
        "15 Apr 15:00",
    ]
    assert {v.series_id for v in created} != {None}
    cancel_session(session, actor=presenter, session_id=created[1].id, now=NOW)
    ics = series_ics(session, actor=team["ola"], session_id=created[0].id, stamp=NOW)
    calendar = Calendar.from_ical(ics)
    events = calendar.events
    assert len(events) == 3
    assert len({str(e["UID"]) for e in events}) == 3
    assert [str(e.get("STATUS", "")) for e in events] == ["", "CANCELLED", ""]
    assert "DTSTART;TZID=Europe/Berlin:20270318T150000" in ics.decode()
    assert all("DTSTAMP" in e for e in events)


def test_editing_the_rest_of_a_series_leaves_the_earlier_sessions_alone(
    session: Session, team: dict[str, PersonRef]
) -> None:
    presenter = team["max"]
    created = propose_session(
        session,
        actor=presenter,
        draft=_draft(presenter, repeat=Repeat(interval_weeks=1, occurrences=4)),
        now=NOW,
    )
    edit_session(
        session,
        actor=presenter,
        session_id=created[2].id,
        change=SessionChange(at=time(16, 0), title="Index families"),
        rest_of_series=True,
        now=NOW,
    )
    shown = sessions_for(session, actor=team["ola"])
    assert [(v.title, v.starts_at.strftime("%H:%M")) for v in shown] == [
        ("What HNSW really does", "12:30"),
        ("What HNSW really does", "12:30"),
        ("Index families", "16:00"),
        ("Index families", "16:00"),
    ]
    cancel_session(session, actor=presenter, session_id=created[1].id, rest_of_series=True, now=NOW)
    assert [v.cancelled for v in sessions_for(session, actor=team["ola"])] == [
        False,
        True,
        True,
        True,
    ]


def test_people_signed_up_see_a_cancelled_session_as_cancelled(
    session: Session, team: dict[str, PersonRef]
) -> None:
    presenter, ola = team["pia"], team["ola"]
    [planned] = propose_session(session, actor=presenter, draft=_draft(presenter), now=NOW)
    sign_up(session, actor=ola, session_id=planned.id, now=NOW)
    with pytest.raises(PermissionDenied):
        cancel_session(session, actor=team["tom"], session_id=planned.id, now=NOW)
    cancel_session(session, actor=presenter, session_id=planned.id, now=NOW)
    [seen] = signups_of(session, ola.id, NOW)
    assert seen.cancelled
    ics = session_ics(session, actor=ola, session_id=planned.id, stamp=NOW).decode()
    assert "STATUS:CANCELLED" in ics and "UID:sharing-" in ics


def test_another_team_does_not_see_the_teams_sessions(
    session: Session, team: dict[str, PersonRef]
) -> None:
    presenter = team["pia"]
    propose_session(session, actor=presenter, draft=_draft(presenter), now=NOW)
    other: Team = make_team(session=session, name="Elsewhere")
    outsider: Person = make_person(session=session, team=other, name="Out Sider")
    assert sessions_for(session, actor=make_ref(session=session, person=outsider)) == []


def test_sessions_held_counts_attendees_and_presenters_per_team(
    session: Session, team: dict[str, PersonRef]
) -> None:
    presenter = team["pia"]
    [planned] = propose_session(session, actor=presenter, draft=_draft(presenter), now=NOW)
    after = planned.starts_at + timedelta(hours=2)
    record_attendance(
        session,
        actor=presenter,
        session_id=planned.id,
        attendee_ids=[team["ola"].id],
        now=after,
    )
    [held] = sessions_held(session, [presenter.team_id], NOW, after)
    assert (held.held_on, held.presenter_ids, held.attendee_ids) == (
        THURSDAY,
        (presenter.id,),
        (team["ola"].id,),
    )
    assert sessions_held(session, [presenter.team_id], NOW, planned.starts_at) == []


def test_every_sharing_change_is_in_the_audit_log(
    session: Session, team: dict[str, PersonRef]
) -> None:
    presenter, ola = team["pia"], team["ola"]
    [planned] = propose_session(session, actor=presenter, draft=_draft(presenter), now=NOW)
    sign_up(session, actor=ola, session_id=planned.id, now=NOW)
    withdraw(session, actor=ola, session_id=planned.id, now=NOW)
    after = planned.starts_at + timedelta(hours=2)
    record_attendance(
        session, actor=presenter, session_id=planned.id, attendee_ids=[ola.id], now=after
    )
    log_session_hour(session, actor=ola, session_id=planned.id, now=after)
    confirm_presentation(
        session,
        actor=team["max"],
        session_id=planned.id,
        presenter_id=presenter.id,
        level=2,
        now=after,
    )
    actions = [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()]
    assert actions[-6:] == [
        "sharing_session_proposed",
        "sharing_signed_up",
        "sharing_withdrawn",
        "sharing_attendance_recorded",
        "sharing_hour_logged",
        "sharing_presentation_confirmed",
    ]


def test_an_attendee_who_deletes_the_logged_entry_can_delete_it_and_log_it_again(
    session: Session, team: dict[str, PersonRef]
) -> None:
    presenter, ola = team["pia"], team["ola"]
    [planned] = propose_session(session, actor=presenter, draft=_draft(presenter), now=NOW)
    after = planned.starts_at + timedelta(hours=2)
    record_attendance(
        session, actor=presenter, session_id=planned.id, attendee_ids=[ola.id], now=after
    )
    log_session_hour(session, actor=ola, session_id=planned.id, now=after)
    [entry] = session.exec(select(ActivityLog).where(ActivityLog.person_id == ola.id)).all()
    delete_activity(session, actor=ola, activity_id=entry.id or 0, now=after)
    session.flush()
    assert ola.id not in get_session(session, actor=ola, session_id=planned.id).logged_by
    again = log_session_hour(session, actor=ola, session_id=planned.id, now=after)
    assert ola.id in again.logged_by
