"""The batch reads other packages compose a team's figures from: one read for many people."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from curriculum.progress import (
    activity_entries,
    current_enrollments,
    module_percents,
    team_enrollments,
    track_schedules,
)
from curriculum.schedule import ScheduledModule
from storage.enums import ActivityKind, EnrollmentStatus, LearningStage, ModuleStatus
from storage.models import ActivityLog, Enrollment, ModuleProgress, Person, Track
from tests.factories import make_module, make_person, make_team, make_track


def _enroll(
    session: Session,
    person: Person,
    track: Track,
    started_on: date,
    status: EnrollmentStatus = EnrollmentStatus.ACTIVE,
    completed_on: date | None = None,
) -> None:
    session.add(
        Enrollment(
            person_id=person.id or 0,
            track_id=track.id or 0,
            started_on=started_on,
            status=status,
            completed_on=completed_on,
        )
    )
    session.flush()


def test_the_current_track_is_the_active_one_even_after_a_later_completed_one(
    session: Session,
) -> None:
    intro = make_module(session=session, key="intro", hours=4)
    first = make_track(session=session, name="First", weeks=1, schedule=[(intro, 1, 1)])
    second = make_track(session=session, name="Second", weeks=1, schedule=[(intro, 1, 1)])
    team = make_team(session=session)
    ada = make_person(session=session, team=team, name="Ada")
    bo = make_person(session=session, team=team, name="Bo")
    cy = make_person(session=session, team=team, name="Cy")
    # Ada: active on First, then a later Second she completed: First is still her track.
    _enroll(session, ada, first, date(2026, 9, 1))
    _enroll(session, ada, second, date(2026, 10, 1), EnrollmentStatus.COMPLETED, date(2026, 10, 7))
    # Bo: no active track; of a withdrawn and a completed one, the newest counts.
    _enroll(session, bo, first, date(2026, 8, 1), EnrollmentStatus.WITHDRAWN)
    _enroll(session, bo, second, date(2026, 9, 1), EnrollmentStatus.COMPLETED, date(2026, 9, 7))

    current = current_enrollments(session, [ada.id or 0, bo.id or 0, cy.id or 0])

    assert (current[ada.id or 0].track_name, current[ada.id or 0].status) == (
        "First",
        EnrollmentStatus.ACTIVE,
    )
    assert (current[bo.id or 0].track_name, current[bo.id or 0].status) == (
        "Second",
        EnrollmentStatus.COMPLETED,
    )
    assert cy.id not in current  # never enrolled


def test_track_schedules_list_each_tracks_modules_in_their_order(session: Session) -> None:
    intro = make_module(session=session, key="intro", hours=4)
    deep = make_module(session=session, key="deep", hours=6)
    track = make_track(session=session, weeks=3, schedule=[(intro, 1, 1), (deep, 2, 3)])

    assert track_schedules(session)[track.id or 0] == [
        ScheduledModule("intro", 4, 1, 1),
        ScheduledModule("deep", 6, 2, 3),
    ]


def test_team_reads_give_each_persons_modules_activity_and_enrollments(session: Session) -> None:
    intro = make_module(session=session, key="intro", hours=4, level_number=1)
    track = make_track(session=session, name="Mini", weeks=1, schedule=[(intro, 1, 1)])
    team = make_team(session=session)
    ada = make_person(session=session, team=team, name="Ada")
    gone = make_person(session=session, team=team, name="Gone", active=False)
    other = make_person(session=session, team=make_team(session=session), name="Elsewhere")
    _enroll(session, ada, track, date(2026, 9, 1))
    _enroll(session, gone, track, date(2026, 8, 1), EnrollmentStatus.COMPLETED, date(2026, 8, 20))
    _enroll(session, other, track, date(2026, 8, 1))
    session.add(
        ModuleProgress(
            person_id=ada.id or 0,
            module_id=intro.id or 0,
            percent=40,
            status=ModuleStatus.IN_PROGRESS,
        )
    )
    session.add(
        ActivityLog(
            person_id=ada.id or 0,
            module_id=intro.id or 0,
            occurred_on=date(2026, 9, 2),
            hours=1.5,
            kind=ActivityKind.READING,
            stage=LearningStage.ABSTRACT_CONCEPTUALISATION,
            percent_after=40,
        )
    )
    session.flush()

    assert module_percents(session, [ada.id or 0, other.id or 0]) == {ada.id: {"intro": 40}}
    [entry] = activity_entries(session, [ada.id or 0])
    assert (entry.module_key, entry.level_number, entry.occurred_on, entry.hours) == (
        "intro",
        1,
        date(2026, 9, 2),
        1.5,
    )
    assert entry.percent_after == 40
    # The team's history keeps its leavers' enrollments, and nobody else's.
    spans = team_enrollments(session, team.id or 0)
    assert sorted((s.status, s.started_on) for s in spans) == [
        (EnrollmentStatus.ACTIVE, date(2026, 9, 1)),
        (EnrollmentStatus.COMPLETED, date(2026, 8, 1)),
    ]
