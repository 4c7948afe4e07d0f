"""Enrollments, module progress and the activity log: services over a session and an actor."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from curriculum.schedule import (
    Pace,
    PaceReport,
    ScheduledModule,
    assess_pace,
    expected_end,
    module_windows,
    status_for_percent,
)
from storage import formats
from storage.access import ensure_can_see_person, ensure_in_team, visible_person_ids
from storage.audit import record
from storage.enums import ActivityKind, EnrollmentStatus, LearningStage, ModuleStatus, PersonRole
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import (
    ActivityLog,
    CurriculumLevel,
    Enrollment,
    Module,
    ModuleProgress,
    Person,
    Track,
    TrackModule,
)
from storage.people import PersonRef, get_person
from storage.text_rules import body_problem, normalise_line_breaks

MIN_ACTIVITY_HOURS = 0.25
MAX_ACTIVITY_HOURS = 12.0
MAX_NOTE_CHARS = 2_000
MAX_BACKDATE_DAYS = 365
WEEKS_OF_HISTORY = 26
RECENT_ACTIVITY_ROWS = 10  # the newest entries shown, and open to correction, on the page


@dataclass(frozen=True)
class EnrollmentView:
    id: int
    track_key: str
    track_name: str
    weeks: int
    mentoring_weeks: int
    started_on: date
    expected_end: date
    status: EnrollmentStatus
    completed_on: date | None


@dataclass(frozen=True)
class ModuleProgressRow:
    key: str
    title: str
    level_number: int
    hours: float
    hours_logged: float
    percent: int
    status: ModuleStatus
    expected_start: date
    expected_end: date
    overdue: bool


@dataclass(frozen=True)
class ActivityView:
    id: int
    occurred_on: date
    module_title: str
    hours: float
    kind: ActivityKind
    stage: LearningStage
    note: str
    percent_after: int | None  # where the module stood after it, when the entry said so


@dataclass(frozen=True)
class ActivityChange:
    """A corrected or deleted entry, and where its module's progress stands afterwards."""

    activity: ActivityView
    module_percent: int


@dataclass(frozen=True)
class WeeklyHours:
    week_start: date
    stage: LearningStage
    hours: float


@dataclass(frozen=True)
class LearnerOverview:
    person: PersonRef
    enrollment: EnrollmentView | None
    modules: list[ModuleProgressRow]
    pace: PaceReport | None
    weekly_hours: list[WeeklyHours]
    recent_activity: list[ActivityView]
    total_hours: float
    past_enrollments: list[EnrollmentView]

    @property
    def next_module(self) -> ModuleProgressRow | None:
        """The first module of the track not yet completed."""
        return next((m for m in self.modules if m.status != ModuleStatus.COMPLETED), None)


@dataclass(frozen=True)
class CurrentEnrollment:
    """A person's current enrollment (see `current_enrollments`), as plain values."""

    person_id: int
    track_id: int
    track_name: str
    started_on: date
    status: EnrollmentStatus


@dataclass(frozen=True)
class EnrollmentSpan:
    """One enrollment of a team's history, as plain values."""

    track_name: str
    track_weeks: int
    status: EnrollmentStatus
    started_on: date
    completed_on: date | None


@dataclass(frozen=True)
class ActivityEntry:
    """One logged activity, as the team's figures read it."""

    person_id: int
    module_key: str
    level_number: int  # the curriculum level of its module
    level_name: str
    occurred_on: date
    hours: float
    percent_after: int | None


@dataclass(frozen=True)
class PersonProgressRow:
    person_id: int
    name: str
    role: PersonRole
    job_role: str
    mentor_id: int | None
    mentor: str | None
    track: str | None
    started_on: date | None
    actual_percent: int | None
    expected_percent: int | None
    pace: Pace | None
    last_activity: date | None
    hours_last_30_days: float


# --- permissions ------------------------------------------------------------------------


def _ensure_can_change_progress(actor: PersonRef, person: PersonRef) -> None:
    if actor.id == person.id or (actor.is_lead and actor.team_id == person.team_id):
        return
    raise PermissionDenied(
        f"Only {person.name} or a team lead can change {person.name}'s progress."
    )


def _ensure_can_enroll(actor: PersonRef, person: PersonRef) -> None:
    if actor.team_id != person.team_id:
        raise PermissionDenied(f"{person.name} is not in your team.")
    if actor.id == person.id or actor.is_lead or person.mentor_id == actor.id:
        return
    raise PermissionDenied(
        f"Only {person.name}, their mentor or a team lead can choose {person.name}'s track."
    )


# --- enrollments ------------------------------------------------------------------------


def _schedule(session: Session, track_id: int) -> list[tuple[TrackModule, Module]]:
    return list(
        session.exec(
            select(TrackModule, Module)
            .join(Module, col(Module.id) == TrackModule.module_id)
            .where(TrackModule.track_id == track_id)
            .order_by(col(TrackModule.position))
        ).all()
    )


def _enrollment_view(enrollment: Enrollment, track: Track) -> EnrollmentView:
    assert enrollment.id is not None
    return EnrollmentView(
        id=enrollment.id,
        track_key=track.key,
        track_name=track.name,
        weeks=track.weeks,
        mentoring_weeks=track.mentoring_weeks,
        started_on=enrollment.started_on,
        expected_end=expected_end(enrollment.started_on, track.weeks),
        status=EnrollmentStatus(enrollment.status),
        completed_on=enrollment.completed_on,
    )


def enroll(
    session: Session,
    *,
    actor: PersonRef,
    person_id: int,
    track_key: str,
    started_on: date,
    at: datetime,
) -> EnrollmentView:
    """Put a person on a track from `started_on`; an earlier active enrollment is withdrawn.
    `at`: when it was done, for the audit log (now, or a day of the demo's history)."""
    person = get_person(session, person_id)
    _ensure_can_enroll(actor, person)
    track = session.exec(select(Track).where(Track.key == track_key)).first()
    if track is None:
        raise NotFound(f"No track '{track_key}'.")
    withdrawn = []
    for active, left in session.exec(
        select(Enrollment, Track.name)
        .join(Track, col(Track.id) == Enrollment.track_id)
        .where(Enrollment.person_id == person_id, Enrollment.status == EnrollmentStatus.ACTIVE)
    ):
        active.status = EnrollmentStatus.WITHDRAWN
        session.add(active)
        withdrawn.append(left)
    enrollment = Enrollment(
        person_id=person_id, track_id=track.id or 0, started_on=started_on, enrolled_by_id=actor.id
    )
    session.add(enrollment)
    session.flush()
    record(
        session,
        actor=actor,
        action="enrolled",
        entity="enrollment",
        entity_id=enrollment.id,
        summary=f"Enrolled {person.name} on {track.name} from {formats.day(started_on)}"
        + (f", leaving {', '.join(withdrawn)}" if withdrawn else "")
        + ".",
        detail={"person_id": person_id, "track": track.key},
        at=at,
        team_id=person.team_id,
    )
    return _enrollment_view(enrollment, track)


def _active_enrollment(session: Session, person_id: int) -> tuple[Enrollment, Track] | None:
    row = session.exec(
        select(Enrollment, Track)
        .join(Track, col(Track.id) == Enrollment.track_id)
        .where(Enrollment.person_id == person_id, Enrollment.status == EnrollmentStatus.ACTIVE)
        .order_by(col(Enrollment.started_on).desc())
    ).first()
    return (row[0], row[1]) if row else None


def _current_per_person(
    rows: Iterable[tuple[Enrollment, Track]],
) -> dict[int, tuple[Enrollment, Track]]:
    """Each person's current enrollment: their newest active one, else their newest (by start
    day, then as entered). An active enrollment beats a later withdrawn one."""
    current: dict[int, tuple[Enrollment, Track]] = {}
    for enrollment, track in sorted(rows, key=lambda r: (r[0].started_on, r[0].id or 0)):
        kept = current.get(enrollment.person_id)
        if (
            kept is None
            or kept[0].status != EnrollmentStatus.ACTIVE
            or enrollment.status == EnrollmentStatus.ACTIVE
        ):
            current[enrollment.person_id] = (enrollment, track)
    return current


def current_enrollments(
    session: Session, person_ids: Sequence[int]
) -> dict[int, CurrentEnrollment]:
    """The current enrollment (newest active, else newest) of each of `person_ids` who has
    one, in one read. No permission check: callers have decided who may see these people."""
    rows = session.exec(
        select(Enrollment, Track)
        .join(Track, col(Track.id) == Enrollment.track_id)
        .where(col(Enrollment.person_id).in_(list(person_ids)))
    ).all()
    return {
        person_id: CurrentEnrollment(
            person_id=person_id,
            track_id=track.id or 0,
            track_name=track.name,
            started_on=enrollment.started_on,
            status=EnrollmentStatus(enrollment.status),
        )
        for person_id, (enrollment, track) in _current_per_person(rows).items()
    }


def team_enrollments(session: Session, team_id: int) -> list[EnrollmentSpan]:
    """Every enrollment of the team's people, leavers' included, in one read. No permission
    check: callers have decided who may see the team's figures."""
    return [
        EnrollmentSpan(
            track.name,
            track.weeks,
            EnrollmentStatus(enrollment.status),
            enrollment.started_on,
            enrollment.completed_on,
        )
        for enrollment, track in session.exec(
            select(Enrollment, Track)
            .join(Track, col(Track.id) == Enrollment.track_id)
            .join(Person, col(Person.id) == Enrollment.person_id)
            .where(Person.team_id == team_id)
        )
    ]


def track_schedules(session: Session) -> dict[int, list[ScheduledModule]]:
    """Every track's modules in their order, with the weeks each is planned for: by track id."""
    schedules: dict[int, list[ScheduledModule]] = defaultdict(list)
    for tm, module in session.exec(
        select(TrackModule, Module)
        .join(Module, col(Module.id) == TrackModule.module_id)
        .order_by(col(TrackModule.track_id), col(TrackModule.position))
    ):
        schedules[tm.track_id].append(
            ScheduledModule(module.key, module.hours, tm.start_week, tm.end_week)
        )
    return dict(schedules)


def module_percents(session: Session, person_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Each person's modules as they stand now: person id → module key → percent done."""
    percents: dict[int, dict[str, int]] = defaultdict(dict)
    for person_id, key, percent in session.exec(
        select(ModuleProgress.person_id, Module.key, ModuleProgress.percent)
        .join(Module, col(Module.id) == ModuleProgress.module_id)
        .where(col(ModuleProgress.person_id).in_(list(person_ids)))
    ):
        percents[person_id][key] = percent
    return dict(percents)


def activity_entries(session: Session, person_ids: Sequence[int]) -> list[ActivityEntry]:
    """Every activity `person_ids` logged, with its module's key and level, in one read."""
    return [
        ActivityEntry(pid, key, number, name, occurred_on, hours, percent)
        for pid, key, number, name, occurred_on, hours, percent in session.execute(
            sa_select(
                col(ActivityLog.person_id),
                col(Module.key),
                col(CurriculumLevel.number),
                col(CurriculumLevel.name),
                col(ActivityLog.occurred_on),
                col(ActivityLog.hours),
                col(ActivityLog.percent_after),
            )
            .join(Module, col(Module.id) == ActivityLog.module_id)
            .join(CurriculumLevel, col(CurriculumLevel.id) == Module.level_id)
            .where(col(ActivityLog.person_id).in_(list(person_ids)))
        )
    ]


# --- activity ---------------------------------------------------------------------------


def _activity_problems(
    *, occurred_on: date, hours: float, note: str, percent: int | None, today: date
) -> list[str]:
    """What is wrong with an activity entry, in words that state each rule."""
    problems = []
    if not MIN_ACTIVITY_HOURS <= hours <= MAX_ACTIVITY_HOURS:
        problems.append(
            f"hours must be {MIN_ACTIVITY_HOURS:g} to {MAX_ACTIVITY_HOURS:g} "
            f"(you entered {hours:g})"
        )
    if occurred_on > today:
        problems.append(
            f"the date cannot be in the future (you entered {formats.day(occurred_on)}, "
            f"today is {formats.day(today)})"
        )
    if occurred_on < today - timedelta(days=MAX_BACKDATE_DAYS):
        problems.append(f"the date cannot be more than {MAX_BACKDATE_DAYS} days ago")
    if percent is not None and not 0 <= percent <= 100:
        problems.append("progress must be between 0 and 100 %")
    if len(note) > MAX_NOTE_CHARS:
        problems.append(f"the note is longer than {MAX_NOTE_CHARS} characters")
    elif problem := body_problem(normalise_line_breaks(note), "note"):
        problems.append(problem)
    return problems


def _module_progress(session: Session, person_id: int, module_id: int) -> ModuleProgress:
    return session.exec(
        select(ModuleProgress).where(
            ModuleProgress.person_id == person_id, ModuleProgress.module_id == module_id
        )
    ).first() or ModuleProgress(person_id=person_id, module_id=module_id)


def _set_percent(
    progress: ModuleProgress, percent: int | None, occurred_on: date, now: datetime
) -> None:
    """Move the module to `percent` (None: keep it) after time spent on `occurred_on`."""
    if progress.started_on is None or occurred_on < progress.started_on:
        progress.started_on = occurred_on
    if percent is not None:
        progress.percent = percent
    progress.status = status_for_percent(progress.percent)
    if progress.status == ModuleStatus.NOT_STARTED:
        progress.status = ModuleStatus.IN_PROGRESS  # time was spent, so it has started
    if progress.status != ModuleStatus.COMPLETED:
        progress.completed_on = None
    elif progress.completed_on is None:  # later time on a finished module keeps its date
        progress.completed_on = occurred_on
    progress.updated_at = now


def _view(log: ActivityLog, module_title: str) -> ActivityView:
    assert log.id is not None
    return ActivityView(
        id=log.id,
        occurred_on=log.occurred_on,
        module_title=module_title,
        hours=log.hours,
        kind=ActivityKind(log.kind),
        stage=LearningStage(log.stage),
        note=log.note,
        percent_after=log.percent_after,
    )


def log_activity(
    session: Session,
    *,
    actor: PersonRef,
    person_id: int,
    module_key: str,
    occurred_on: date,
    hours: float,
    kind: ActivityKind,
    stage: LearningStage,
    note: str = "",
    percent: int | None = None,
    today: date,
    now: datetime,
) -> ActivityView:
    """Record time spent on a module and, optionally, where the module now stands (0..100).
    `today`: the person's team's day (the date rules); `now`: when it was logged.

    Refused (InvalidInput, every problem named): hours outside MIN..MAX_ACTIVITY_HOURS, a date
    in the future or more than MAX_BACKDATE_DAYS ago, a percentage outside 0..100, a long note.
    """
    person = get_person(session, person_id)
    _ensure_can_change_progress(actor, person)
    module = session.exec(select(Module).where(Module.key == module_key)).first()
    if module is None or module.id is None:
        raise NotFound(f"No module '{module_key}'.")
    problems = _activity_problems(
        occurred_on=occurred_on, hours=hours, note=note, percent=percent, today=today
    )
    if problems:
        raise InvalidInput("Activity not saved: " + "; ".join(problems) + ".")

    progress = _module_progress(session, person_id, module.id)
    _set_percent(progress, percent, occurred_on, now)
    session.add(progress)
    log = ActivityLog(
        person_id=person_id,
        module_id=module.id,
        occurred_on=occurred_on,
        hours=hours,
        kind=kind,
        stage=stage,
        note=normalise_line_breaks(note).strip(),
        percent_after=percent,
        created_at=now,
    )
    session.add(log)
    session.flush()
    _complete_enrollment_if_done(session, person_id)
    return _view(log, module.title)


def _own_activity(
    session: Session, actor: PersonRef, activity_id: int
) -> tuple[ActivityLog, Module]:
    """The entry and its module, when `actor` is its learner (the author of their own log)."""
    row = session.exec(
        select(ActivityLog, Module)
        .join(Module, col(Module.id) == ActivityLog.module_id)
        .where(ActivityLog.id == activity_id)
    ).first()
    if row is None:
        raise NotFound("That activity no longer exists; it may have been deleted.")
    log, module = row
    if log.person_id != actor.id:
        raise PermissionDenied("Only the person whose activity it is can correct or delete it.")
    return log, module


def _entry_words(log: ActivityLog) -> dict[str, str]:
    """An entry's fields as a reader of the audit log reads them."""
    return {
        "date": formats.day(log.occurred_on),
        "hours": f"{log.hours:g}",
        "activity": ActivityKind(log.kind).value,
        "stage": LearningStage(log.stage).value.replace("_", " "),
        "progress after": "not given" if log.percent_after is None else f"{log.percent_after} %",
        "note": repr(log.note) if log.note else "none",
    }


def _sets_module_progress(session: Session, log: ActivityLog) -> bool:
    """Whether `log` is the module's latest entry that said where the module stands: the
    one the module's stored progress came from."""
    later = session.exec(
        select(func.count())
        .select_from(ActivityLog)
        .where(
            ActivityLog.person_id == log.person_id,
            ActivityLog.module_id == log.module_id,
            col(ActivityLog.id) > (log.id or 0),
            col(ActivityLog.percent_after).is_not(None),
        )
    ).one()
    return later == 0


def update_activity(
    session: Session,
    *,
    actor: PersonRef,
    activity_id: int,
    occurred_on: date,
    hours: float,
    kind: ActivityKind,
    stage: LearningStage,
    note: str = "",
    percent: int | None = None,
    today: date,
    now: datetime,
) -> ActivityChange:
    """Correct one's own logged activity, under the rules of `log_activity`; audited with
    before → after.

    The module's progress follows a changed percentage only when this entry is the module's
    latest one that gave a percentage (a later entry's word on where the module stands wins).
    """
    log, module = _own_activity(session, actor, activity_id)
    problems = _activity_problems(
        occurred_on=occurred_on, hours=hours, note=note, percent=percent, today=today
    )
    if problems:
        raise InvalidInput("Changes not saved: " + "; ".join(problems) + ".")
    before = _entry_words(log)
    before_on = log.occurred_on
    log.occurred_on = occurred_on
    log.hours = hours
    log.kind = kind
    log.stage = stage
    log.note = normalise_line_breaks(note).strip()
    log.percent_after = percent
    after = _entry_words(log)
    changes = [
        f"{name} {before[name]} → {after[name]}" for name in before if before[name] != after[name]
    ]
    progress = _module_progress(session, log.person_id, module.id or 0)
    if changes:
        session.add(log)
        if percent is not None and _sets_module_progress(session, log):
            if progress.completed_on == before_on:
                progress.completed_on = None  # this entry completed it: its new date does
            _set_percent(progress, percent, occurred_on, now)
        elif progress.started_on is None or occurred_on < progress.started_on:
            progress.started_on = occurred_on
        session.add(progress)
        record(
            session,
            actor=actor,
            action="activity_corrected",
            entity="activitylog",
            entity_id=log.id,
            summary=f"Corrected the {before['date']} entry in {module.title}: "
            + "; ".join(changes)
            + ".",
            detail={
                "person_id": log.person_id,
                "module": module.title,
                "changes": "; ".join(changes),
            },
            at=now,
        )
        session.flush()
        _complete_enrollment_if_done(session, log.person_id)
    return ActivityChange(_view(log, module.title), progress.percent)


def delete_activity(
    session: Session, *, actor: PersonRef, activity_id: int, now: datetime
) -> ActivityChange:
    """Delete one's own logged activity; its details are kept in the audit event.

    The module's progress is its own stored value and stays as it is: an entry says what was
    done, not where the module stands now.
    """
    log, module = _own_activity(session, actor, activity_id)
    gone = _view(log, module.title)
    record(
        session,
        actor=actor,
        action="activity_deleted",
        entity="activitylog",
        entity_id=log.id,
        summary=f"Deleted the {formats.day(log.occurred_on)} entry in {module.title} ("
        + "; ".join(f"{field}: {words}" for field, words in _entry_words(log).items())
        + ").",
        detail={
            "person_id": log.person_id,
            "module": module.title,
            **_entry_words(log),
        },
        at=now,
    )
    session.delete(log)
    session.flush()
    progress = _module_progress(session, log.person_id, module.id or 0)
    return ActivityChange(gone, progress.percent)


def _complete_enrollment_if_done(session: Session, person_id: int) -> None:
    """Mark the active enrollment completed, dated by its last module, once all are done."""
    active = _active_enrollment(session, person_id)
    if active is None:
        return
    enrollment, track = active
    module_ids = {tm.module_id for tm, _ in _schedule(session, track.id or 0)}
    completed_on = dict(
        session.exec(
            select(col(ModuleProgress.module_id), col(ModuleProgress.completed_on)).where(
                ModuleProgress.person_id == person_id,
                ModuleProgress.status == ModuleStatus.COMPLETED,
            )
        ).all()
    )
    if module_ids and module_ids <= set(completed_on):
        enrollment.status = EnrollmentStatus.COMPLETED
        enrollment.completed_on = max(
            (day for module_id, day in completed_on.items() if module_id in module_ids and day),
            default=None,
        )
        session.add(enrollment)


# --- read models ------------------------------------------------------------------------


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def learner_overview(
    session: Session, *, actor: PersonRef, person_id: int, today: date
) -> LearnerOverview:
    """A learner's current track, progress per module, pace, hours over time and recent log:
    for them, their mentor or a lead of their team."""
    person = get_person(session, person_id)
    ensure_can_see_person(actor, person, "their progress")
    progress = {
        p.module_id: p
        for p in session.exec(select(ModuleProgress).where(ModuleProgress.person_id == person_id))
    }
    activity = session.exec(
        select(ActivityLog, Module.title)
        .join(Module, col(Module.id) == ActivityLog.module_id)
        .where(ActivityLog.person_id == person_id)
        .order_by(col(ActivityLog.occurred_on).desc(), col(ActivityLog.id).desc())
    ).all()
    hours_by_module: dict[int, float] = defaultdict(float)
    for log, _title in activity:
        hours_by_module[log.module_id] += log.hours
    # Each module's hours as shown, and the total as the sum of those, so they add up on screen.
    shown, total_hours = formats.hours_total(hours_by_module.values())
    hours_by_module = defaultdict(float, zip(hours_by_module, shown, strict=True))

    enrollments = session.exec(
        select(Enrollment, Track)
        .join(Track, col(Track.id) == Enrollment.track_id)
        .where(Enrollment.person_id == person_id)
        .order_by(col(Enrollment.started_on).desc(), col(Enrollment.id).desc())
    ).all()
    current = _current_per_person(enrollments).get(person_id)
    rows: list[ModuleProgressRow] = []
    pace: PaceReport | None = None
    view: EnrollmentView | None = None
    if current is not None:
        enrollment, track = current
        view = _enrollment_view(enrollment, track)
        schedule = _schedule(session, track.id or 0)
        level_numbers = {lvl.id: lvl.number for lvl in session.exec(select(CurriculumLevel))}
        scheduled = [
            ScheduledModule(m.key, m.hours, tm.start_week, tm.end_week) for tm, m in schedule
        ]
        windows = module_windows(enrollment.started_on, scheduled)
        percent_done = {}
        for (_tm, module), window in zip(schedule, windows, strict=True):
            state = progress.get(module.id or 0)
            percent = state.percent if state else 0
            status = ModuleStatus(state.status) if state else ModuleStatus.NOT_STARTED
            percent_done[module.key] = percent
            rows.append(
                ModuleProgressRow(
                    key=module.key,
                    title=module.title,
                    level_number=level_numbers.get(module.level_id, 0),
                    hours=module.hours,
                    hours_logged=hours_by_module.get(module.id or 0, 0.0),
                    percent=percent,
                    status=status,
                    expected_start=window.expected_start,
                    expected_end=window.expected_end,
                    overdue=today > window.expected_end and status != ModuleStatus.COMPLETED,
                )
            )
        pace = assess_pace(enrollment.started_on, scheduled, percent_done, today)

    weekly: dict[tuple[date, LearningStage], float] = defaultdict(float)
    since = _week_start(today) - timedelta(weeks=WEEKS_OF_HISTORY - 1)
    for log, _title in activity:
        if log.occurred_on >= since:
            weekly[(_week_start(log.occurred_on), LearningStage(log.stage))] += log.hours
    return LearnerOverview(
        person=person,
        enrollment=view,
        modules=rows,
        pace=pace,
        weekly_hours=[
            WeeklyHours(week, stage, round(hours, 2))
            for (week, stage), hours in sorted(weekly.items())
        ],
        recent_activity=[_view(log, title) for log, title in activity[:RECENT_ACTIVITY_ROWS]],
        total_hours=total_hours,
        past_enrollments=[
            _enrollment_view(e, t)
            for e, t in enrollments
            if current is None or e.id != current[0].id
        ],
    )


def team_progress(
    session: Session, *, actor: PersonRef, team_id: int, today: date
) -> list[PersonProgressRow]:
    """One row per active person in the team: role, mentor, track, pace and recent effort.

    Reads each table once, so the page stays quick as the team grows.
    A lead of the team gets every row; a mentor themself and their mentees (the People page
    and the mentor's home show them their mentees); a learner only themself. Anyone outside
    the team is refused.
    """
    ensure_in_team(actor, team_id)
    visible = visible_person_ids(session, actor, team_id)
    members = session.exec(
        select(Person).where(Person.team_id == team_id, Person.active == True)  # noqa: E712
    ).all()
    names = {p.id: p.name for p in members}  # mentors' names, whoever's rows are shown
    # Only the visible rows' history is read: a mentor's pages need their mentees', not the
    # team's.
    people = [p for p in members if visible is None or p.id in visible]
    ids = [p.id or 0 for p in people]
    enrollments = current_enrollments(session, ids)
    schedules = track_schedules(session)
    percents = module_percents(session, ids)
    month_ago = today - timedelta(days=30)
    recent = case((col(ActivityLog.occurred_on) > month_ago, col(ActivityLog.hours)), else_=0.0)
    last_activity: dict[int, date] = {}
    recent_hours: dict[int, float] = defaultdict(float)
    for person_id, last_on, hours in session.exec(
        select(col(ActivityLog.person_id), func.max(ActivityLog.occurred_on), func.sum(recent))
        .where(col(ActivityLog.person_id).in_(ids))
        .group_by(col(ActivityLog.person_id))
    ):
        last_activity[person_id] = last_on
        recent_hours[person_id] = float(hours or 0.0)

    rows = []
    for person in people:
        assert person.id is not None
        found = enrollments.get(person.id)
        report = None
        if found is not None:
            report = assess_pace(
                found.started_on,
                schedules.get(found.track_id, []),
                percents.get(person.id, {}),
                today,
            )
        rows.append(
            PersonProgressRow(
                person_id=person.id,
                name=person.name,
                role=PersonRole(person.role),
                job_role=person.job_role,
                mentor_id=person.mentor_id,
                mentor=names.get(person.mentor_id) if person.mentor_id else None,
                track=found.track_name if found else None,
                started_on=found.started_on if found else None,
                actual_percent=report.actual_percent if report else None,
                expected_percent=report.expected_percent if report else None,
                pace=report.pace if report else None,
                last_activity=last_activity.get(person.id),
                hours_last_30_days=formats.round_hours(recent_hours[person.id]),
            )
        )
    return rows
