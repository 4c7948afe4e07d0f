"""The demo team: twelve people with six months of believable learning history.

Deterministic for a given `today`: the same people, tracks and activity every time, dated
relative to `today` so the dashboards always show a living team. Later parts of the app
(ratings, mentoring, reviews, notes) add their own history on top of this.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from curriculum.catalog import sync_curriculum
from curriculum.loader import Curriculum
from curriculum.progress import enroll, log_activity
from curriculum.schedule import ScheduledModule, module_windows
from storage.enums import ActivityKind, LearningStage, ModuleStatus, PersonRole
from storage.models import Module, ModuleProgress, Person, Team, Track, TrackModule, utc_now
from storage.people import get_person

DEMO_TEAM_NAME = "Search Platform"
DEMO_EMAIL_DOMAIN = "lumen.example"
DEMO_RANDOM_SEED = 20_26


@dataclass(frozen=True)
class DemoEnrollment:
    track: str
    started_days_ago: int
    # 1.0 keeps to the schedule; 0.8 finishes in 80 % of the time; 1.5 takes half again as long.
    speed: float
    stalled_days_ago: int = 0  # stopped logging anything this many days ago


@dataclass(frozen=True)
class DemoPerson:
    name: str
    role: PersonRole
    job_role: str
    mentor: str | None
    joined_days_ago: int
    enrollments: tuple[DemoEnrollment, ...] = ()

    @property
    def email(self) -> str:
        local = self.name.lower().replace(" ", ".")
        return f"{local.replace('á', 'a').replace('é', 'e')}@{DEMO_EMAIL_DOMAIN}"


DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("Priya Raman", PersonRole.LEAD, "Engineering lead", None, 900),
    DemoPerson(
        "Tomás Alvarez",
        PersonRole.MENTOR,
        "Staff engineer",
        None,
        1400,
        (DemoEnrollment("leadership", 170, 1.0),),
    ),
    DemoPerson(
        "Grace Okafor",
        PersonRole.MENTOR,
        "Senior ML engineer",
        None,
        700,
        (DemoEnrollment("fast", 178, 0.9), DemoEnrollment("leadership", 118, 1.0)),
    ),
    DemoPerson(
        "Lars Henriksen",
        PersonRole.MENTOR,
        "Solutions architect",
        None,
        1100,
        (DemoEnrollment("leadership", 150, 1.2),),
    ),
    DemoPerson(
        "Aisha Khan",
        PersonRole.LEARNER,
        "Junior engineer",
        "Grace Okafor",
        62,
        (DemoEnrollment("foundation", 40, 1.0),),
    ),
    DemoPerson(
        "Ben Carter",
        PersonRole.LEARNER,
        "Data analyst",
        "Lars Henriksen",
        120,
        (DemoEnrollment("foundation", 50, 1.5, stalled_days_ago=18),),
    ),
    DemoPerson(
        "Mei Chen",
        PersonRole.LEARNER,
        "Backend engineer",
        "Tomás Alvarez",
        400,
        (DemoEnrollment("standard", 30, 0.8),),
    ),
    DemoPerson(
        "Diego Fernández",
        PersonRole.LEARNER,
        "Backend engineer",
        "Tomás Alvarez",
        200,
        (DemoEnrollment("standard", 25, 1.05),),
    ),
    DemoPerson(
        "Sofia Rossi",
        PersonRole.LEARNER,
        "Senior data engineer",
        "Grace Okafor",
        500,
        (DemoEnrollment("fast", 20, 1.0),),
    ),
    DemoPerson(
        "Jonas Weber",
        PersonRole.LEARNER,
        "ML engineer",
        "Grace Okafor",
        300,
        (DemoEnrollment("fast", 24, 1.7),),
    ),
    DemoPerson(
        "Hannah Schmidt",
        PersonRole.LEARNER,
        "Senior backend engineer",
        "Tomás Alvarez",
        800,
        (DemoEnrollment("standard", 150, 0.95), DemoEnrollment("leadership", 21, 1.0)),
    ),
    DemoPerson(
        "Kwame Mensah",
        PersonRole.LEARNER,
        "Senior data scientist",
        "Lars Henriksen",
        650,
        (DemoEnrollment("leadership", 45, 0.9),),
    ),
)

# What a learner writes in the log, by kind of activity; filled with the module's own topics
# and exercises so each entry reads like the work it records.
_NOTES: dict[ActivityKind, tuple[str, ...]] = {
    ActivityKind.READING: (
        "Read the module text on {topic}.",
        "Went back over {topic}; the trade-offs make more sense now.",
        "Notes on {topic} for my own reference.",
    ),
    ActivityKind.EXERCISE: (
        "Worked on the exercise '{exercise}'.",
        "Finished part of '{exercise}', results in my notes.",
        "Second pass at '{exercise}' after feedback.",
    ),
    ActivityKind.DISCUSSION: (
        "Talked through {topic} with {mentor}.",
        "Pairing with {mentor} on {topic}.",
        "Reflected on what went wrong with {topic} last week.",
    ),
    ActivityKind.PROJECT: (
        "Tried {topic} on the support-ticket corpus.",
        "Applied {topic} to the internal docs search prototype.",
        "Benchmarked {topic} on our staging data.",
    ),
    ActivityKind.TEACHING: (
        "Ran a brown-bag session on {topic}.",
        "Wrote an internal note explaining {topic}.",
    ),
}
# Kolb's cycle: each kind of activity mostly sits at one stage of it.
_STAGE_OF: dict[ActivityKind, LearningStage] = {
    ActivityKind.READING: LearningStage.ABSTRACT_CONCEPTUALISATION,
    ActivityKind.EXERCISE: LearningStage.ACTIVE_EXPERIMENTATION,
    ActivityKind.DISCUSSION: LearningStage.REFLECTIVE_OBSERVATION,
    ActivityKind.PROJECT: LearningStage.CONCRETE_EXPERIENCE,
    ActivityKind.TEACHING: LearningStage.REFLECTIVE_OBSERVATION,
}


def seed_demo(session: Session, curriculum: Curriculum, today: date) -> Team:
    """Create the demo team with its curriculum and history; call on an empty database."""
    sync_curriculum(session, curriculum)
    team = Team(name=DEMO_TEAM_NAME)
    session.add(team)
    session.flush()
    assert team.id is not None
    ids: dict[str, int] = {}
    for spec in DEMO_PEOPLE:  # mentors come before their mentees in DEMO_PEOPLE
        person = Person(
            team_id=team.id,
            name=spec.name,
            email=spec.email,
            role=spec.role,
            job_role=spec.job_role,
            mentor_id=ids[spec.mentor] if spec.mentor else None,
            joined_on=today - timedelta(days=spec.joined_days_ago),
        )
        session.add(person)
        session.flush()
        assert person.id is not None
        ids[spec.name] = person.id
    lead = get_person(session, ids["Priya Raman"])
    rng = random.Random(DEMO_RANDOM_SEED)
    for spec in DEMO_PEOPLE:
        for plan in spec.enrollments:
            started_on = today - timedelta(days=plan.started_days_ago)
            enroll(
                session,
                actor=lead,
                person_id=ids[spec.name],
                track_key=plan.track,
                started_on=started_on,
                at=datetime.combine(started_on, time(9), tzinfo=UTC),
            )
            _simulate(session, spec, ids[spec.name], plan, started_on, today, rng)
    return team


def _simulate(
    session: Session,
    spec: DemoPerson,
    person_id: int,
    plan: DemoEnrollment,
    started_on: date,
    today: date,
    rng: random.Random,
) -> None:
    """Log activity through the real service, module by module, at the person's own speed."""
    actor = get_person(session, person_id)
    mentor = spec.mentor.split()[0] if spec.mentor else "the team"
    stop_on = today - timedelta(days=plan.stalled_days_ago + 1)
    schedule = session.exec(
        select(TrackModule, Module)
        .join(Module, Module.id == TrackModule.module_id)  # type: ignore[arg-type]
        .join(Track, Track.id == TrackModule.track_id)  # type: ignore[arg-type]
        .where(Track.key == plan.track)
        .order_by(TrackModule.position)  # type: ignore[arg-type]
    ).all()
    scheduled = [ScheduledModule(m.key, m.hours, tm.start_week, tm.end_week) for tm, m in schedule]
    completed = set(
        session.exec(
            select(ModuleProgress.module_id).where(
                ModuleProgress.person_id == person_id,
                ModuleProgress.status == ModuleStatus.COMPLETED,
            )
        ).all()
    )
    for window, (_tm, module) in zip(module_windows(started_on, scheduled), schedule, strict=True):
        if module.id in completed:
            continue  # done on an earlier track: no need to study it again
        first = started_on + (window.expected_start - started_on) * plan.speed
        last = started_on + (window.expected_end - started_on) * plan.speed
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        # Weekdays mostly; the odd weekend session.
        study_days = [d for d in days if rng.random() < (0.6 if d.weekday() < 5 else 0.12)]
        if not study_days:
            study_days = [last]
        budget = module.hours * rng.uniform(0.85, 1.25)
        per_day = budget / len(study_days)
        spent = 0.0
        for index, day in enumerate(study_days):
            if day > stop_on:
                return
            hours = max(0.5, round(per_day * rng.uniform(0.7, 1.3) * 4) / 4)
            spent += hours
            final = index == len(study_days) - 1
            percent = 100 if final else min(95, round(100 * spent / budget))
            kind = _pick_kind(index / len(study_days), plan.track, rng)
            note = rng.choice(_NOTES[kind]).format(
                topic=rng.choice(module.topics) if module.topics else module.title,
                exercise=rng.choice(module.exercises)["title"]
                if module.exercises
                else module.title,
                mentor=mentor,
            )
            stage = _STAGE_OF[kind] if rng.random() < 0.85 else rng.choice(list(LearningStage))
            log_activity(
                session,
                actor=actor,
                person_id=person_id,
                module_key=module.key,
                occurred_on=day,
                hours=hours,
                kind=kind,
                stage=stage,
                note=note,
                percent=percent,
                today=today,
                # Logged that evening (never later than the demo's own moment of seeding).
                now=min(datetime.combine(day, time(18), tzinfo=UTC), utc_now()),
            )


def _pick_kind(share_done: float, track: str, rng: random.Random) -> ActivityKind:
    """Reading early in a module, exercises in the middle, projects and talks towards the end."""
    if track == "leadership" and rng.random() < 0.2:
        return ActivityKind.TEACHING
    if share_done < 0.3:
        weights = (6, 2, 1, 0)
    elif share_done < 0.7:
        weights = (2, 6, 2, 1)
    else:
        weights = (1, 3, 3, 3)
    kinds = (
        ActivityKind.READING,
        ActivityKind.EXERCISE,
        ActivityKind.DISCUSSION,
        ActivityKind.PROJECT,
    )
    return rng.choices(kinds, weights=weights)[0]
