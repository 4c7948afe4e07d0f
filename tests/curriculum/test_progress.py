"""Enrollments, the activity log and the progress read models, on a small hand-made team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlmodel import Session, func, select

from curriculum.progress import (
    MAX_NOTE_CHARS,
    ActivityChange,
    ActivityView,
    delete_activity,
    enroll,
    learner_overview,
    log_activity,
    team_progress,
    update_activity,
)
from curriculum.schedule import Pace
from storage.audit import audit_log
from storage.enums import ActivityKind, EnrollmentStatus, LearningStage, ModuleStatus, PersonRole
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import ActivityLog, AuditEvent, Enrollment, ModuleProgress, Person, utc_now
from storage.people import PersonRef
from tests.conftest import TODAY
from tests.factories import make_module, make_person, make_ref, make_team, make_track

READING = (ActivityKind.READING, LearningStage.ABSTRACT_CONCEPTUALISATION)
EXERCISE = (ActivityKind.EXERCISE, LearningStage.ACTIVE_EXPERIMENTATION)

# Checks made before anything is read or written do not depend on the database: SQLite only.
SQLITE_ONLY = pytest.mark.parametrize("engine", ["sqlite"], indirect=True)

# TODAY is Saturday 21 November 2026. Ada starts the two-week "mini" track on Wednesday the 11th:
# intro (4 h) is planned for 11-17 November, deep (6 h) for 18-24 November.
START = date(2026, 11, 11)


@dataclass
class Team:
    session: Session
    lead: PersonRef
    mentor: PersonRef
    ada: PersonRef  # learner, mentored by `mentor`
    bo: PersonRef  # learner without a mentor
    outsider_lead: PersonRef  # lead of another team


@pytest.fixture
def team(session: Session) -> Team:
    intro = make_module(session=session, key="intro", title="Introduction", hours=4)
    deep = make_module(session=session, key="deep", title="Deep dive", hours=6, level_number=2)
    make_track(
        session=session,
        key="mini",
        name="Mini track",
        weeks=2,
        schedule=[(intro, 1, 1), (deep, 2, 2)],
    )
    make_track(session=session, key="solo", name="Solo track", weeks=1, schedule=[(intro, 1, 1)])
    home = make_team(session=session, name="Home")
    lead = make_person(session=session, team=home, name="Lena Lead", role=PersonRole.LEAD)
    mentor = make_person(session=session, team=home, name="Max Mentor", role=PersonRole.MENTOR)
    ada = make_person(session=session, team=home, name="Ada Learner", mentor=mentor)
    bo = make_person(session=session, team=home, name="Bo Learner")
    make_person(session=session, team=home, name="Gone Person", active=False)
    other = make_team(session=session, name="Elsewhere")
    outsider = make_person(session=session, team=other, name="Olga Lead", role=PersonRole.LEAD)
    session.commit()
    return Team(
        session=session,
        lead=make_ref(session=session, person=lead),
        mentor=make_ref(session=session, person=mentor),
        ada=make_ref(session=session, person=ada),
        bo=make_ref(session=session, person=bo),
        outsider_lead=make_ref(session=session, person=outsider),
    )


def _log(
    team: Team,
    module_key: str,
    occurred_on: date,
    hours: float,
    *,
    percent: int | None = None,
    activity: tuple[ActivityKind, LearningStage] = READING,
    note: str = "",
    actor: PersonRef | None = None,
    person: PersonRef | None = None,
) -> ActivityView:
    person = person or team.ada
    return log_activity(
        team.session,
        actor=actor or person,
        person_id=person.id,
        module_key=module_key,
        occurred_on=occurred_on,
        hours=hours,
        kind=activity[0],
        stage=activity[1],
        note=note,
        percent=percent,
        today=TODAY,
        now=utc_now(),
    )


def _progress(team: Team, module_key: str) -> ModuleProgress:
    from storage.models import Module

    return team.session.exec(
        select(ModuleProgress)
        .join(Module, Module.id == ModuleProgress.module_id)  # type: ignore[arg-type]
        .where(ModuleProgress.person_id == team.ada.id, Module.key == module_key)
    ).one()


def _count(team: Team, model: type[ActivityLog] | type[ModuleProgress] | type[AuditEvent]) -> int:
    return team.session.exec(select(func.count()).select_from(model)).one()


def _enrollments(team: Team, person: PersonRef) -> list[tuple[int, EnrollmentStatus]]:
    rows = team.session.exec(
        select(Enrollment).where(Enrollment.person_id == person.id).order_by(Enrollment.id)  # type: ignore[arg-type]
    ).all()
    return [(row.track_id, EnrollmentStatus(row.status)) for row in rows]


# --- enroll -----------------------------------------------------------------------------


def test_enroll_puts_a_learner_on_a_track(team: Team) -> None:
    view = enroll(
        team.session,
        actor=team.ada,
        person_id=team.ada.id,
        track_key="mini",
        started_on=START,
        at=utc_now(),
    )
    assert view.track_key == "mini"
    assert view.track_name == "Mini track"
    assert view.weeks == 2
    assert view.started_on == START
    assert view.expected_end == date(2026, 11, 24)
    assert view.status == EnrollmentStatus.ACTIVE
    assert view.completed_on is None


def test_enrolling_again_withdraws_the_active_enrollment(team: Team) -> None:
    enroll(
        team.session,
        actor=team.ada,
        person_id=team.ada.id,
        track_key="mini",
        started_on=START,
        at=utc_now(),
    )
    enroll(
        team.session,
        actor=team.lead,
        person_id=team.ada.id,
        track_key="solo",
        started_on=TODAY,
        at=utc_now(),
    )
    statuses = [status for _, status in _enrollments(team, team.ada)]
    assert statuses == [EnrollmentStatus.WITHDRAWN, EnrollmentStatus.ACTIVE]
    overview = learner_overview(team.session, actor=team.lead, person_id=team.ada.id, today=TODAY)
    assert overview.enrollment is not None
    assert overview.enrollment.track_key == "solo"
    assert [(e.track_key, e.status) for e in overview.past_enrollments] == [
        ("mini", EnrollmentStatus.WITHDRAWN)
    ]


def test_mentor_and_lead_may_choose_a_track_for_a_learner(team: Team) -> None:
    enroll(
        team.session,
        actor=team.mentor,
        person_id=team.ada.id,
        track_key="mini",
        started_on=START,
        at=utc_now(),
    )
    enroll(
        team.session,
        actor=team.lead,
        person_id=team.bo.id,
        track_key="solo",
        started_on=START,
        at=utc_now(),
    )
    assert len(_enrollments(team, team.ada)) == 1
    assert len(_enrollments(team, team.bo)) == 1


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("actor", "person"),
    [("bo", "ada"), ("mentor", "bo"), ("outsider_lead", "ada")],
    ids=["other-learner", "not-their-mentor", "lead-of-another-team"],
)
def test_others_may_not_choose_a_track(team: Team, actor: str, person: str) -> None:
    target: PersonRef = getattr(team, person)
    with pytest.raises(PermissionDenied, match=target.name):
        enroll(
            team.session,
            actor=getattr(team, actor),
            person_id=target.id,
            track_key="mini",
            started_on=START,
            at=utc_now(),
        )
    assert _enrollments(team, target) == []


@SQLITE_ONLY
def test_enrolling_on_an_unknown_track_is_refused(team: Team) -> None:
    with pytest.raises(NotFound, match="marathon"):
        enroll(
            team.session,
            actor=team.ada,
            person_id=team.ada.id,
            track_key="marathon",
            started_on=START,
            at=utc_now(),
        )


# --- log_activity -----------------------------------------------------------------------


def test_first_activity_starts_the_module_and_is_logged(team: Team) -> None:
    _log(team, "intro", date(2026, 11, 12), 2.0, percent=40, note="  Read chapter one.  ")
    progress = _progress(team, "intro")
    assert progress.status == ModuleStatus.IN_PROGRESS
    assert progress.percent == 40
    assert progress.started_on == date(2026, 11, 12)
    assert progress.completed_on is None
    [log] = team.session.exec(select(ActivityLog)).all()
    assert (log.person_id, log.occurred_on, log.hours) == (team.ada.id, date(2026, 11, 12), 2.0)
    assert (log.kind, log.stage) == READING
    assert log.note == "Read chapter one."
    assert log.percent_after == 40


def test_time_without_a_percentage_still_starts_the_module(team: Team) -> None:
    _log(team, "intro", date(2026, 11, 12), 1.0)
    progress = _progress(team, "intro")
    assert (progress.status, progress.percent) == (ModuleStatus.IN_PROGRESS, 0)


def test_later_activity_updates_progress_and_appends_to_the_log(team: Team) -> None:
    _log(team, "intro", date(2026, 11, 12), 2.0, percent=40)
    _log(team, "intro", date(2026, 11, 10), 1.0)  # backdated, no new percentage
    progress = _progress(team, "intro")
    assert progress.percent == 40  # kept when no percentage is given
    assert progress.started_on == date(2026, 11, 10)  # the earliest day worked
    _log(team, "intro", date(2026, 11, 16), 1.5, percent=100, activity=EXERCISE)
    progress = _progress(team, "intro")
    assert progress.status == ModuleStatus.COMPLETED
    assert progress.completed_on == date(2026, 11, 16)
    assert progress.started_on == date(2026, 11, 10)
    assert _count(team, ActivityLog) == 3
    assert _count(team, ModuleProgress) == 1


def test_lowering_the_percentage_reopens_a_module(team: Team) -> None:
    _log(team, "intro", date(2026, 11, 12), 2.0, percent=100)
    _log(team, "intro", date(2026, 11, 13), 1.0, percent=70, note="Found gaps; redoing part two.")
    progress = _progress(team, "intro")
    assert (progress.status, progress.percent, progress.completed_on) == (
        ModuleStatus.IN_PROGRESS,
        70,
        None,
    )


def test_more_time_on_a_completed_module_keeps_its_completion_date(team: Team) -> None:
    _log(team, "intro", date(2026, 11, 14), 3.0, percent=100)
    _log(team, "intro", date(2026, 11, 20), 0.5, note="Went back over the notes.")
    progress = _progress(team, "intro")
    assert progress.status == ModuleStatus.COMPLETED
    assert progress.completed_on == date(2026, 11, 14)


def test_completing_every_module_completes_the_enrollment(team: Team) -> None:
    enroll(
        team.session,
        actor=team.ada,
        person_id=team.ada.id,
        track_key="mini",
        started_on=START,
        at=utc_now(),
    )
    _log(team, "intro", date(2026, 11, 14), 4.0, percent=100)
    assert _enrollments(team, team.ada)[0][1] == EnrollmentStatus.ACTIVE
    _log(team, "deep", date(2026, 11, 20), 6.0, percent=100)
    overview = learner_overview(team.session, actor=team.lead, person_id=team.ada.id, today=TODAY)
    assert overview.enrollment is not None
    assert overview.enrollment.status == EnrollmentStatus.COMPLETED
    assert overview.enrollment.completed_on == date(2026, 11, 20)
    assert overview.pace is not None and overview.pace.pace == Pace.COMPLETED
    assert overview.next_module is None


def test_modules_outside_the_track_do_not_complete_it(team: Team) -> None:
    enroll(
        team.session,
        actor=team.ada,
        person_id=team.ada.id,
        track_key="solo",
        started_on=START,
        at=utc_now(),
    )
    make_module(session=team.session, key="extra")
    _log(team, "extra", date(2026, 11, 14), 1.0, percent=100)
    assert _enrollments(team, team.ada)[0][1] == EnrollmentStatus.ACTIVE
    _log(team, "intro", date(2026, 11, 15), 1.0, percent=100)
    assert _enrollments(team, team.ada)[0][1] == EnrollmentStatus.COMPLETED


def test_track_is_completed_on_the_day_its_last_module_was_done(team: Team) -> None:
    enroll(
        team.session,
        actor=team.ada,
        person_id=team.ada.id,
        track_key="mini",
        started_on=START,
        at=utc_now(),
    )
    _log(team, "deep", date(2026, 11, 20), 6.0, percent=100)
    _log(team, "intro", date(2026, 11, 14), 4.0, percent=100)  # entered late, backdated
    overview = learner_overview(team.session, actor=team.lead, person_id=team.ada.id, today=TODAY)
    assert overview.enrollment is not None
    assert overview.enrollment.status == EnrollmentStatus.COMPLETED
    assert overview.enrollment.completed_on == date(2026, 11, 20)


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"occurred_on": TODAY + timedelta(days=1)}, "the date cannot be in the future"),
        ({"occurred_on": TODAY - timedelta(days=366)}, "365 days ago"),
        ({"hours": 0}, "hours must be 0.25 to 12"),
        ({"hours": -1.5}, "hours must be 0.25 to 12"),
        ({"hours": 0.2}, "hours must be 0.25 to 12"),
        ({"hours": 12.25}, "hours must be 0.25 to 12"),
        ({"percent": 150}, "between 0 and 100"),
        ({"percent": -5}, "between 0 and 100"),
        ({"note": "x" * (MAX_NOTE_CHARS + 1)}, "note is longer"),
    ],
    ids=[
        "future-date",
        "too-long-ago",
        "zero-hours",
        "negative-hours",
        "too-few-hours",
        "too-many-hours",
        "percent-150",
        "negative-percent",
        "long-note",
    ],
)
def test_invalid_activity_is_refused_and_nothing_saved(
    team: Team, changes: dict[str, object], message: str
) -> None:
    values: dict[str, object] = {
        "occurred_on": date(2026, 11, 12),
        "hours": 2.0,
        "percent": 50,
        "note": "",
    }
    values.update(changes)
    with pytest.raises(InvalidInput, match=message):
        log_activity(
            team.session,
            actor=team.ada,
            person_id=team.ada.id,
            module_key="intro",
            kind=ActivityKind.READING,
            stage=LearningStage.ABSTRACT_CONCEPTUALISATION,
            today=TODAY,
            now=utc_now(),
            **values,  # type: ignore[arg-type]
        )
    assert _count(team, ActivityLog) == 0
    assert _count(team, ModuleProgress) == 0


@SQLITE_ONLY
def test_every_problem_is_named_at_once(team: Team) -> None:
    with pytest.raises(InvalidInput) as error:
        _log(team, "intro", TODAY + timedelta(days=2), 0, percent=150)
    message = str(error.value)
    assert "hours" in message and "future" in message and "between 0 and 100" in message


def test_limits_themselves_are_accepted(team: Team) -> None:
    _log(team, "intro", TODAY, 12.0, percent=0, note="x" * MAX_NOTE_CHARS)
    _log(team, "intro", TODAY - timedelta(days=365), 0.25, percent=100)
    assert _count(team, ActivityLog) == 2


@SQLITE_ONLY
def test_activity_on_an_unknown_module_is_refused(team: Team) -> None:
    with pytest.raises(NotFound, match="no-such-module"):
        _log(team, "no-such-module", date(2026, 11, 12), 1.0)
    assert _count(team, ActivityLog) == 0


@SQLITE_ONLY
def test_learner_may_not_log_for_another_learner(team: Team) -> None:
    with pytest.raises(PermissionDenied, match="Ada Learner"):
        _log(team, "intro", date(2026, 11, 12), 1.0, percent=10, actor=team.bo)
    assert _count(team, ActivityLog) == 0
    assert _count(team, ModuleProgress) == 0


@SQLITE_ONLY
@pytest.mark.parametrize("actor", ["mentor", "outsider_lead"])
def test_mentors_and_other_teams_leads_may_not_log_for_a_learner(team: Team, actor: str) -> None:
    with pytest.raises(PermissionDenied):
        _log(team, "intro", date(2026, 11, 12), 1.0, actor=getattr(team, actor))
    assert _count(team, ActivityLog) == 0


def test_lead_may_log_for_a_learner(team: Team) -> None:
    _log(team, "intro", date(2026, 11, 12), 1.0, percent=30, actor=team.lead)
    assert _progress(team, "intro").percent == 30
    [log] = team.session.exec(select(ActivityLog)).all()
    assert log.person_id == team.ada.id


# --- correcting and deleting an activity ------------------------------------------------


def _correct(
    team: Team, entry: ActivityView, actor: PersonRef | None = None, **changes: object
) -> ActivityChange:
    values: dict[str, object] = {
        "occurred_on": entry.occurred_on,
        "hours": entry.hours,
        "kind": entry.kind,
        "stage": entry.stage,
        "note": entry.note,
        "percent": entry.percent_after,
    }
    values.update(changes)
    return update_activity(
        team.session,
        actor=actor or team.ada,
        activity_id=entry.id,
        today=TODAY,
        now=utc_now(),
        **values,  # type: ignore[arg-type]
    )


def _log_row(team: Team, entry: ActivityView) -> ActivityLog:
    log = team.session.get(ActivityLog, entry.id)
    assert log is not None
    return log


def test_a_learner_corrects_their_activity_and_the_audit_says_before_and_after(
    team: Team,
) -> None:
    entry = _log(team, "intro", date(2026, 11, 12), 2.0, percent=40, note="Read chapter one.")
    change = _correct(
        team, entry, occurred_on=date(2026, 11, 11), hours=1.5, note="Read chapter two."
    )
    assert change.activity.hours == 1.5
    assert change.module_percent == 40
    log = _log_row(team, entry)
    assert (log.occurred_on, log.hours, log.note) == (
        date(2026, 11, 11),
        1.5,
        "Read chapter two.",
    )
    assert _progress(team, "intro").started_on == date(2026, 11, 11)
    [event] = audit_log(team.session, actor=team.lead, action="activity_corrected")
    assert event.detail.startswith("Corrected the 12 Nov 2026 entry in Introduction: ")
    assert "date 12 Nov 2026 → 11 Nov 2026" in event.detail
    assert "hours 2 → 1.5" in event.detail
    assert "note 'Read chapter one.' → 'Read chapter two.'" in event.detail
    assert "stage" not in event.detail  # only what changed


def test_correcting_the_latest_percentage_moves_the_module_progress(team: Team) -> None:
    entry = _log(team, "intro", date(2026, 11, 12), 2.0, percent=80)
    change = _correct(team, entry, percent=60)
    assert change.module_percent == 60
    assert _progress(team, "intro").percent == 60


def test_correcting_an_older_percentage_leaves_the_later_word_on_the_module(team: Team) -> None:
    first = _log(team, "intro", date(2026, 11, 12), 2.0, percent=30)
    _log(team, "intro", date(2026, 11, 14), 1.0, percent=50)
    change = _correct(team, first, percent=20)
    assert _log_row(team, first).percent_after == 20
    assert change.module_percent == 50
    assert _progress(team, "intro").percent == 50


def test_correcting_an_activity_to_complete_the_module_completes_it(team: Team) -> None:
    entry = _log(team, "intro", date(2026, 11, 12), 2.0, percent=90)
    _correct(team, entry, percent=100)
    progress = _progress(team, "intro")
    assert progress.status == ModuleStatus.COMPLETED
    assert progress.completed_on == date(2026, 11, 12)


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"occurred_on": TODAY + timedelta(days=1)}, "the date cannot be in the future"),
        ({"hours": 13.0}, "hours must be 0.25 to 12"),
        ({"hours": 0.0}, "hours must be 0.25 to 12"),
    ],
    ids=["future-date", "too-many-hours", "zero-hours"],
)
def test_a_correction_is_held_to_the_same_rules(
    team: Team, changes: dict[str, object], message: str
) -> None:
    entry = _log(team, "intro", date(2026, 11, 12), 2.0, percent=40)
    team.session.commit()
    with pytest.raises(InvalidInput, match=message):
        _correct(team, entry, **changes)
    log = _log_row(team, entry)
    assert (log.occurred_on, log.hours) == (date(2026, 11, 12), 2.0)
    assert _count(team, AuditEvent) == 0


@SQLITE_ONLY
@pytest.mark.parametrize("actor", ["bo", "lead", "mentor"])
def test_only_the_learner_may_correct_or_delete_their_activity(team: Team, actor: str) -> None:
    entry = _log(team, "intro", date(2026, 11, 12), 2.0, percent=40)
    with pytest.raises(PermissionDenied, match="Only the person whose activity it is"):
        _correct(team, entry, actor=getattr(team, actor), hours=1.0)
    with pytest.raises(PermissionDenied, match="Only the person whose activity it is"):
        delete_activity(
            team.session, actor=getattr(team, actor), activity_id=entry.id, now=utc_now()
        )
    assert _log_row(team, entry).hours == 2.0
    assert _count(team, AuditEvent) == 0


def test_deleting_an_activity_keeps_its_details_in_the_audit_and_the_progress_as_it_was(
    team: Team,
) -> None:
    _log(team, "intro", date(2026, 11, 10), 1.0, percent=30)
    entry = _log(team, "intro", date(2026, 11, 12), 2.0, percent=60, note="Wrong module.")
    change = delete_activity(team.session, actor=team.ada, activity_id=entry.id, now=utc_now())
    assert change.activity.note == "Wrong module."
    assert change.module_percent == 60  # progress is its own stored value
    assert team.session.get(ActivityLog, entry.id) is None
    assert _count(team, ActivityLog) == 1
    assert _progress(team, "intro").percent == 60
    [event] = audit_log(team.session, actor=team.lead, action="activity_deleted")
    assert event.actor_name == "Ada Learner"
    assert event.detail.startswith("Deleted the 12 Nov 2026 entry in Introduction (")
    for words in (
        "date: 12 Nov 2026",
        "hours: 2",
        "progress after: 60 %",
        "note: 'Wrong module.'",
    ):
        assert words in event.detail


@SQLITE_ONLY
def test_deleting_an_activity_twice_says_it_is_gone(team: Team) -> None:
    entry = _log(team, "intro", date(2026, 11, 12), 2.0)
    delete_activity(team.session, actor=team.ada, activity_id=entry.id, now=utc_now())
    with pytest.raises(NotFound, match="no longer exists"):
        delete_activity(team.session, actor=team.ada, activity_id=entry.id, now=utc_now())


# --- read models ------------------------------------------------------------------------


@pytest.fixture
def ada_midway(team: Team) -> Team:
    """Ada on the mini track: intro done, deep at 20 %, plus one old entry from October."""
    _log(team, "intro", date(2026, 10, 1), 1.0, note="Skimmed it before the track.")
    enroll(
        team.session,
        actor=team.lead,
        person_id=team.ada.id,
        track_key="mini",
        started_on=START,
        at=utc_now(),
    )
    _log(team, "intro", date(2026, 11, 12), 2.0, percent=50)
    _log(team, "intro", date(2026, 11, 16), 2.5, percent=100, activity=EXERCISE)
    _log(team, "deep", date(2026, 11, 19), 1.5, percent=20, note="Started the deep dive.")
    # Bo's track starts next week.
    enroll(
        team.session,
        actor=team.bo,
        person_id=team.bo.id,
        track_key="solo",
        started_on=date(2026, 11, 23),
        at=utc_now(),
    )
    team.session.commit()
    return team


def test_learner_overview_shows_track_modules_and_pace(ada_midway: Team) -> None:
    overview = learner_overview(
        ada_midway.session, actor=ada_midway.lead, person_id=ada_midway.ada.id, today=TODAY
    )
    assert overview.person.name == "Ada Learner"
    assert overview.enrollment is not None
    assert (overview.enrollment.track_name, overview.enrollment.expected_end) == (
        "Mini track",
        date(2026, 11, 24),
    )
    intro, deep = overview.modules
    assert (intro.key, intro.title, intro.level_number) == ("intro", "Introduction", 1)
    assert (intro.percent, intro.status, intro.hours_logged) == (100, ModuleStatus.COMPLETED, 5.5)
    assert (intro.expected_start, intro.expected_end) == (date(2026, 11, 11), date(2026, 11, 17))
    assert not intro.overdue
    assert (deep.key, deep.level_number, deep.hours) == ("deep", 2, 6)
    assert (deep.percent, deep.status, deep.hours_logged) == (20, ModuleStatus.IN_PROGRESS, 1.5)
    assert (deep.expected_start, deep.expected_end) == (date(2026, 11, 18), date(2026, 11, 24))
    assert not deep.overdue
    assert overview.next_module == deep
    # Expected: intro (40 % of the hours) done + 4 of deep's 7 days = 74 %; actual 40 + 12 = 52 %.
    assert overview.pace is not None
    assert (overview.pace.expected_percent, overview.pace.actual_percent) == (74, 52)
    assert overview.pace.pace == Pace.BEHIND
    assert overview.total_hours == 7.0
    assert overview.past_enrollments == []


def test_learner_overview_lists_recent_activity_newest_first(ada_midway: Team) -> None:
    overview = learner_overview(
        ada_midway.session, actor=ada_midway.lead, person_id=ada_midway.ada.id, today=TODAY
    )
    assert [(a.occurred_on, a.module_title, a.hours) for a in overview.recent_activity] == [
        (date(2026, 11, 19), "Deep dive", 1.5),
        (date(2026, 11, 16), "Introduction", 2.5),
        (date(2026, 11, 12), "Introduction", 2.0),
        (date(2026, 10, 1), "Introduction", 1.0),
    ]
    assert overview.recent_activity[0].note == "Started the deep dive."


def test_learner_overview_sums_hours_per_week_and_stage(ada_midway: Team) -> None:
    overview = learner_overview(
        ada_midway.session, actor=ada_midway.lead, person_id=ada_midway.ada.id, today=TODAY
    )
    abstract = LearningStage.ABSTRACT_CONCEPTUALISATION
    active = LearningStage.ACTIVE_EXPERIMENTATION
    # Weeks start on Monday: 1 Oct 2026 is a Thursday (week of 28 Sep), 12 Nov a Thursday
    # (week of 9 Nov), 16 and 19 Nov fall in the week of 16 Nov.
    assert [(w.week_start, w.stage, w.hours) for w in overview.weekly_hours] == [
        (date(2026, 9, 28), abstract, 1.0),
        (date(2026, 11, 9), abstract, 2.0),
        (date(2026, 11, 16), abstract, 1.5),
        (date(2026, 11, 16), active, 2.5),
    ]


def test_learner_overview_marks_overdue_modules(ada_midway: Team) -> None:
    later = date(2026, 11, 25)  # the day after deep's window
    overview = learner_overview(
        ada_midway.session, actor=ada_midway.lead, person_id=ada_midway.ada.id, today=later
    )
    assert [m.key for m in overview.modules if m.overdue] == ["deep"]
    assert overview.pace is not None and overview.pace.overdue == ["deep"]


def test_learner_overview_of_someone_without_a_track(team: Team) -> None:
    overview = learner_overview(
        team.session, actor=team.lead, person_id=team.mentor.id, today=TODAY
    )
    assert overview.enrollment is None
    assert overview.modules == []
    assert overview.pace is None
    assert overview.recent_activity == []
    assert overview.total_hours == 0
    assert overview.next_module is None


@SQLITE_ONLY
def test_learner_overview_of_an_unknown_person_is_not_found(team: Team) -> None:
    with pytest.raises(NotFound):
        learner_overview(team.session, actor=team.lead, person_id=9_999, today=TODAY)


def test_team_progress_has_a_row_per_active_person(ada_midway: Team) -> None:
    home_team_id = ada_midway.ada.team_id
    rows = {
        r.name: r
        for r in team_progress(
            ada_midway.session, actor=ada_midway.lead, team_id=home_team_id, today=TODAY
        )
    }
    assert set(rows) == {"Lena Lead", "Max Mentor", "Ada Learner", "Bo Learner"}

    ada = rows["Ada Learner"]
    assert (ada.role, ada.job_role, ada.mentor) == ("learner", "Backend engineer", "Max Mentor")
    assert (ada.track, ada.started_on) == ("Mini track", START)
    assert (ada.expected_percent, ada.actual_percent, ada.pace) == (74, 52, "behind")
    assert ada.last_activity == date(2026, 11, 19)
    assert ada.hours_last_30_days == 6.0  # the October hour is older than 30 days

    bo = rows["Bo Learner"]
    assert (bo.mentor, bo.track, bo.pace) == (None, "Solo track", "not started")
    assert (bo.last_activity, bo.hours_last_30_days) == (None, 0.0)

    lead = rows["Lena Lead"]
    assert (lead.role, lead.track, lead.pace, lead.actual_percent) == ("lead", None, None, None)


def test_team_progress_follows_the_active_enrollment(ada_midway: Team) -> None:
    enroll(
        ada_midway.session,
        actor=ada_midway.ada,
        person_id=ada_midway.ada.id,
        track_key="solo",
        started_on=date(2026, 11, 2),  # earlier than the withdrawn mini enrollment
        at=utc_now(),
    )
    rows = {
        r.name: r
        for r in team_progress(
            ada_midway.session, actor=ada_midway.lead, team_id=ada_midway.ada.team_id, today=TODAY
        )
    }
    assert rows["Ada Learner"].track == "Solo track"
    assert rows["Ada Learner"].pace == "completed"  # intro, solo's only module, is done


def test_team_progress_is_per_team(ada_midway: Team) -> None:
    rows = team_progress(
        ada_midway.session,
        actor=ada_midway.outsider_lead,
        team_id=ada_midway.outsider_lead.team_id,
        today=TODAY,
    )
    assert [r.name for r in rows] == ["Olga Lead"]


def test_inactive_people_are_left_out(team: Team) -> None:
    gone = team.session.exec(select(Person).where(Person.name == "Gone Person")).one()
    assert not gone.active
    names = [
        r.name
        for r in team_progress(team.session, actor=team.lead, team_id=team.ada.team_id, today=TODAY)
    ]
    assert "Gone Person" not in names


# --- who sees what ----------------------------------------------------------------------


def test_a_learners_progress_is_for_them_their_mentor_and_a_lead(ada_midway: Team) -> None:
    for allowed in (ada_midway.ada, ada_midway.mentor, ada_midway.lead):
        overview = learner_overview(
            ada_midway.session, actor=allowed, person_id=ada_midway.ada.id, today=TODAY
        )
        assert overview.enrollment is not None and overview.enrollment.track_name == "Mini track"
    with pytest.raises(
        PermissionDenied, match="Only Ada Learner, their mentor or a team lead can see their"
    ):
        learner_overview(
            ada_midway.session, actor=ada_midway.bo, person_id=ada_midway.ada.id, today=TODAY
        )


def test_team_progress_shows_a_mentor_their_mentees_and_a_learner_themself(
    ada_midway: Team,
) -> None:
    session, team_id = ada_midway.session, ada_midway.ada.team_id

    def names(actor: PersonRef) -> set[str]:
        return {r.name for r in team_progress(session, actor=actor, team_id=team_id, today=TODAY)}

    assert names(ada_midway.lead) == {"Lena Lead", "Max Mentor", "Ada Learner", "Bo Learner"}
    assert names(ada_midway.mentor) == {"Max Mentor", "Ada Learner"}
    assert names(ada_midway.bo) == {"Bo Learner"}
    with pytest.raises(PermissionDenied, match="your own team"):
        names(ada_midway.outsider_lead)
