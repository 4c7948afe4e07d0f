"""A large organisation for the page benchmarks: the demo plus one team of hundreds of people.

    generated_data_dir(LargeTeamSize(people=500, competencies=40, years=3), today=...)

The demo is seeded first (curriculum, cards, the demo team), then the framework grows to
`competencies` skills and a second team, "Platform Engineering", gets `people` members (one
lead, a mentor per eight learners) with `years` of history: ratings of every kind (mentor or
lead each quarter, self twice a year, peers, quizzes), enrollments with module progress and
activity logs, quiz attempts, intake and quarterly assessments, mentoring plans with weekly
1:1s and action items, capstones, spaced-repetition reviews simulated through FSRS with their
card schedules, and the audit events all of that leaves. One team of that size is what
stresses the pages: the lead's Home, the matrix, People and Training impact all read the
whole team.

Deterministic for a given size and `today` (fixed seed); rows go in with bulk inserts. The
SQLite file is cached in the benchmarks' cache folder (`harness.cache_dir`), keyed by
GENERATOR_VERSION, the size and `today`, so repeated runs reuse it (bump the version when the
generator changes); another day's folders are removed when a new one is generated.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func, insert
from sqlmodel import Session, col, select

from assessments.framework import module_competencies, start_team_framework
from assessments.ratings import refresh_deciding
from bench.harness import cache_dir, data_progress, schema_key
from bench.search_data import CachedEmbedder
from bootstrap.database import prepare_database
from reviews.scheduling import FsrsScheduler, ReviewGrade
from search.indexing import INDEX_FOLDER, IndexBuilder, SearchIndex
from storage.engine import make_engine
from storage.enums import (
    ActivityKind,
    AssessmentKind,
    CompetencyGroup,
    EnrollmentStatus,
    LearningStage,
    ModuleStatus,
    PersonRole,
    PlanStatus,
    RaterKind,
    Visibility,
)
from storage.models import (
    ActionItem,
    ActivityLog,
    Assessment,
    AuditEvent,
    Capstone,
    CardSchedule,
    Competency,
    Enrollment,
    LevelDescriptor,
    MentoringPlan,
    MentoringSession,
    Module,
    ModuleProgress,
    Person,
    QuizAttempt,
    Rating,
    ReviewCard,
    ReviewLog,
    RoleTarget,
    Team,
    Track,
    TrackModule,
)
from storage.progress import OnProgress
from storage.transfer import backup_sqlite

GENERATOR_VERSION = 3
RANDOM_SEED = 9_2026
TEAM_NAME = "Platform Engineering"
EMAIL_DOMAIN = "platform.example"
LEARNERS_PER_MENTOR = 8
RATING_EVERY_DAYS = 91  # mentors (the lead for mentors) re-rate each skill quarterly
SELF_RATING_EVERY_DAYS = 182
PLAN_WEEKS = 12
SESSIONS_WITH_NOTES_SHARE = 0.1
REVIEW_DAYS_LATE = (0, 4)  # a card is reviewed this many days after it falls due

FIRST_NAMES = (
    "Amara",
    "Anders",
    "Bea",
    "Bruno",
    "Chiara",
    "Dario",
    "Elif",
    "Emil",
    "Farah",
    "Felix",
    "Greta",
    "Hugo",
    "Ines",
    "Ivan",
    "Jana",
    "Jorge",
    "Kai",
    "Kenji",
    "Lena",
    "Luca",
    "Maya",
    "Marco",
    "Nadia",
    "Nils",
    "Olga",
    "Omar",
    "Paula",
    "Pedro",
    "Rania",
    "Rui",
    "Sara",
    "Stefan",
    "Tara",
    "Theo",
    "Uma",
    "Viktor",
    "Wen",
    "Yusuf",
    "Zoe",
    "Zoran",
)
LAST_NAMES = (
    "Abbott",
    "Becker",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okoye",
    "Petrov",
    "Quinn",
    "Romero",
    "Sato",
    "Tanaka",
    "Ueda",
    "Varga",
    "Walsh",
    "Xu",
    "Yilmaz",
    "Zimmermann",
    "Andersen",
    "Bianchi",
    "Claes",
    "Dalton",
    "Evans",
    "Ferreira",
    "Gruber",
    "Horvat",
    "Iqbal",
    "Jovanovic",
    "Keller",
    "Larsen",
    "Mendes",
    "Nowak",
)
LEARNER_ROLES = (
    "Junior engineer",
    "Data analyst",
    "Backend engineer",
    "Senior data engineer",
    "ML engineer",
    "Senior backend engineer",
    "Senior data scientist",
)
MENTOR_ROLES = ("Staff engineer", "Senior ML engineer", "Solutions architect")
EXTRA_SKILLS = (
    "Query planning",
    "Index maintenance",
    "Capacity planning",
    "Observability",
    "Incident response",
    "Data modelling",
    "Evaluation design",
    "Prompt engineering",
    "Privacy review",
    "Cost management",
    "Code review",
    "Testing strategy",
    "Release engineering",
    "API design",
    "Security basics",
    "Documentation",
    "Roadmapping",
    "Vendor evaluation",
    "Hiring",
    "Facilitation",
    "Coaching",
    "Conflict resolution",
    "Negotiation",
    "Product sense",
    "Experimentation",
    "Analytics",
    "Accessibility",
    "Cloud networking",
    "Storage engines",
    "Stream processing",
    "Caching",
    "Search relevance",
)
RATING_NOTES = (
    "Seen in this quarter's work.",
    "Steady; keep practising on real tickets.",
    "Clear progress since the last check-in.",
    "Needs more hands-on time before the next level.",
    "",
)
SESSION_NOTES = (
    "Went through {skill}; agreed on a small exercise for next week.",
    "Reviewed last week's items. {skill} is getting easier.",
    "Career chat, then pairing on {skill}.",
    "Walked through a design review with a focus on {skill}.",
)
ACTION_TITLES = (
    "Write a one-page summary of {skill} for the team wiki",
    "Pair with a colleague on a {skill} ticket",
    "Read the module text again and bring two questions on {skill}",
)
ACTIVITY_NOTES = {
    ActivityKind.READING: "Read the module text on {topic}.",
    ActivityKind.EXERCISE: "Worked on the exercise for {topic}.",
    ActivityKind.DISCUSSION: "Talked through {topic} with my mentor.",
    ActivityKind.PROJECT: "Applied {topic} to our staging data.",
    ActivityKind.TEACHING: "Explained {topic} at the team's brown-bag.",
}
STAGE_OF = {
    ActivityKind.READING: LearningStage.ABSTRACT_CONCEPTUALISATION,
    ActivityKind.EXERCISE: LearningStage.ACTIVE_EXPERIMENTATION,
    ActivityKind.DISCUSSION: LearningStage.REFLECTIVE_OBSERVATION,
    ActivityKind.PROJECT: LearningStage.CONCRETE_EXPERIENCE,
    ActivityKind.TEACHING: LearningStage.REFLECTIVE_OBSERVATION,
}
DIMENSIONS = (
    "knowledge_recall",
    "practical_application",
    "analytical_thinking",
    "knowledge_transfer",
)
WEIGHTS = {"knowledge_recall": 0.2, "practical_application": 0.4}
WEIGHTS |= {"analytical_thinking": 0.2, "knowledge_transfer": 0.2}
PHASES = (
    "Assessment and goal setting",
    "Technical implementation",
    "Business application",
    "Advanced topics and leadership",
)


@dataclass(frozen=True)
class LargeTeamSize:
    people: int
    competencies: int
    years: int

    @property
    def label(self) -> str:
        return f"{self.people} people, {self.competencies} skills, {self.years} y"


T = TypeVar("T")
# Progress phases of generating a data folder (in people done, but the demo's one step).
PHASE_DEMO = "seeding the demo team"
PHASE_LEARNING = "generating learning (people)"
PHASE_RATINGS = "generating ratings (people)"
PHASE_MENTORING = "generating assessments and 1:1s (people)"
PHASE_REVIEWS = "generating reviews (people)"
FULL_SIZE = LargeTeamSize(people=500, competencies=40, years=3)
QUICK_SIZE = LargeTeamSize(people=30, competencies=20, years=1)  # a smoke run: seconds to make


def generated_data_dir(
    size: LargeTeamSize | None,
    *,
    today: date,
    with_index: bool = True,
    on_progress: OnProgress = data_progress,
) -> Path:
    """A data folder holding the demo and the large team (`size` None: the demo alone) at
    `today`, with its search index built (unless `with_index` is false); generated once, then
    reused from the cache. Built in a temporary folder renamed into place when complete, so
    an interrupted run (Ctrl+C) leaves no half-written folder behind."""
    key = (
        f"demo-v{GENERATOR_VERSION}-{schema_key()}-{today}"
        if size is None
        else f"large-v{GENERATOR_VERSION}-{schema_key()}-{size.people}p-{size.competencies}c-"
        f"{size.years}y-{today}"
    )
    teams = cache_dir() / "teams"
    folder = teams / key
    if (folder / "proficio.db").exists():
        return folder
    teams.mkdir(exist_ok=True)
    for stale in teams.glob("*-v*-*"):  # another day's or schema's data: never used again
        if stale.is_dir() and (str(today) not in stale.name or schema_key() not in stale.name):
            shutil.rmtree(stale, ignore_errors=True)
    # The large team joins a copy of the day's demo (seeded once, for both).
    demo = (
        None
        if size is None
        else generated_data_dir(None, today=today, with_index=with_index, on_progress=on_progress)
    )
    building = Path(tempfile.mkdtemp(prefix=f"{key}-", dir=teams))
    if demo is not None:
        backup_sqlite(f"sqlite:///{demo / 'proficio.db'}", building / "proficio.db")
    engine = make_engine(f"sqlite:///{building / 'proficio.db'}")
    try:
        on_progress(PHASE_DEMO, 0, 1)
        prepare_database(engine, today=today, demo=True)  # on the copy: finds it done
        on_progress(PHASE_DEMO, 1, 1)
        if size is not None:
            generate(engine, size, today=today, on_progress=on_progress)
        if with_index:  # so the app's background build finds nothing to embed
            # The app's model through the benchmarks' embedding cache: every generated folder
            # holds the demo's chunks, embedded once.
            index = SearchIndex(building / INDEX_FOLDER, CachedEmbedder())
            IndexBuilder(index, engine).update(on_progress=on_progress)
    except BaseException:
        engine.dispose()
        shutil.rmtree(building, ignore_errors=True)
        raise
    engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    building.rename(folder)
    return folder


def _each(items: Sequence[T], phase: str, on_progress: OnProgress) -> Iterator[T]:
    """The items in order, reporting `phase` as done / total after each."""
    for done, item in enumerate(items, start=1):
        yield item
        on_progress(phase, done, len(items))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), UTC)


@dataclass
class _Member:
    id: int
    name: str
    role: PersonRole
    job_role: str
    mentor_id: int | None
    joined_on: date
    ability: float  # how fast they grow, 0.5 … 1.5


def generate(
    engine: Any, size: LargeTeamSize, *, today: date, on_progress: OnProgress = data_progress
) -> int:
    """Add the large team to a database that already holds the demo; returns its team id.
    Reports each phase (learning, ratings, 1:1s, reviews) in people done to `on_progress`."""
    rng = random.Random(RANDOM_SEED)
    start = today - timedelta(days=365 * size.years)
    with Session(engine) as session:
        team = Team(name=TEAM_NAME)
        session.add(team)
        session.flush()
        assert team.id is not None
        start_team_framework(session, team.id)
        competencies = _grow_framework(session, team.id, size.competencies, rng)
        members = _people(session, team.id, size.people, start, today, rng)
        _role_targets(session, team.id, competencies, rng)
        audit: list[dict[str, Any]] = []
        modules_started = _learning(
            session, team.id, members, start, today, rng, audit, on_progress
        )
        _ratings(session, members, competencies, start, today, rng, audit, on_progress)
        _assessments_and_mentoring(
            session, members, competencies, start, today, rng, audit, on_progress
        )
        _reviews(session, members, modules_started, today, rng, on_progress)
        for event in audit:
            event["team_id"] = team.id  # every event here is the large team's
        for chunk in range(0, len(audit), 50_000):
            session.execute(insert(AuditEvent), audit[chunk : chunk + 50_000])
        session.commit()
        return team.id


def _grow_framework(
    session: Session, team_id: int, count: int, rng: random.Random
) -> list[tuple[int, str]]:
    """The team framework's skills, adding generated ones up to `count`; (id, key) in order."""
    existing = session.exec(
        select(Competency).where(Competency.team_id == team_id).order_by(col(Competency.position))
    ).all()
    groups = list(CompetencyGroup)
    for n in range(len(existing), count):
        name = EXTRA_SKILLS[(n - len(existing)) % len(EXTRA_SKILLS)].strip()
        skill = Competency(
            team_id=team_id,
            key=f"{name.lower().replace(' ', '-')}-{n}",
            name=name if n - len(existing) < len(EXTRA_SKILLS) else f"{name} {n}",
            group=groups[n % len(groups)],
            description=f"How well someone practises {name.lower()} in day-to-day work.",
            position=n,
        )
        session.add(skill)
        session.flush()
        session.execute(
            insert(LevelDescriptor),
            [
                {
                    "competency_id": skill.id,
                    "level": level,
                    "description": f"{('Aware', 'Practising', 'Fluent', 'Expert')[level - 1]} "
                    f"in {name.lower()}.",
                }
                for level in range(1, 5)
            ],
        )
    rows = session.exec(
        select(Competency.id, Competency.key)
        .where(Competency.team_id == team_id)
        .order_by(col(Competency.position))
    ).all()
    return [(cid or 0, key) for cid, key in rows[:count]]


def _people(
    session: Session, team_id: int, count: int, start: date, today: date, rng: random.Random
) -> list[_Member]:
    next_id = (session.exec(select(func.max(Person.id))).one() or 0) + 1
    mentors = max(1, (count - 1) // (LEARNERS_PER_MENTOR + 1))
    names = [f"{f} {last}" for last in LAST_NAMES for f in FIRST_NAMES]
    rng.shuffle(names)
    members: list[_Member] = []
    for n in range(count):
        role = (
            PersonRole.LEAD if n == 0 else PersonRole.MENTOR if n <= mentors else PersonRole.LEARNER
        )
        if role == PersonRole.LEARNER:
            job_role, mentor_id = rng.choice(LEARNER_ROLES), members[1 + n % mentors].id
            joined = (
                start
                - timedelta(days=400)
                + timedelta(days=rng.randrange(400 + (today - start).days - 30))
            )
        else:
            job_role = "Engineering lead" if role == PersonRole.LEAD else rng.choice(MENTOR_ROLES)
            mentor_id, joined = None, start - timedelta(days=300 + rng.randrange(1500))
        members.append(
            _Member(
                next_id + n,
                names[n % len(names)],
                role,
                job_role,
                mentor_id,
                joined,
                rng.uniform(0.5, 1.5),
            )
        )
    session.execute(
        insert(Person),
        [
            {
                "id": m.id,
                "team_id": team_id,
                "name": m.name,
                "email": f"{m.name.lower().replace(' ', '.')}.{m.id}@{EMAIL_DOMAIN}",
                "role": m.role.value,
                "job_role": m.job_role,
                "mentor_id": m.mentor_id,
                "joined_on": m.joined_on,
                "active": True,
            }
            for m in members
        ],
    )
    return members


def _role_targets(
    session: Session, team_id: int, competencies: list[tuple[int, str]], rng: random.Random
) -> None:
    roles = ("Engineering lead", *MENTOR_ROLES, *LEARNER_ROLES)
    session.execute(
        insert(RoleTarget),
        [
            {"team_id": team_id, "job_role": role, "competency_id": cid, "level": rng.randint(1, 4)}
            for role in roles
            for cid, _ in competencies
        ],
    )


def _learning(
    session: Session,
    team_id: int,
    members: list[_Member],
    start: date,
    today: date,
    rng: random.Random,
    audit: list[dict[str, Any]],
    on_progress: OnProgress,
) -> dict[int, list[tuple[int, date]]]:
    """Enrollments, module progress, activity logs and quiz attempts (with their quiz
    ratings); returns the modules each person started, with the day they started."""
    tracks = {t.key: t.id for t in session.exec(select(Track))}
    schedule: dict[int, list[tuple[Module, int, int]]] = {}
    for tm, module in session.exec(
        select(TrackModule, Module)
        .join(Module, col(Module.id) == TrackModule.module_id)
        .order_by(col(TrackModule.track_id), col(TrackModule.position))
    ):
        schedule.setdefault(tm.track_id, []).append((module, tm.start_week, tm.end_week))
    skills_of: dict[int, list[int]] = {}
    for module in session.exec(select(Module)):
        skills_of[module.id or 0] = [
            c.id or 0 for c in module_competencies(session, module.id or 0, team_id)
        ]
    lead = members[0]
    enrollments, progress, activity, attempts, quiz_ratings = [], [], [], [], []
    started: dict[int, list[tuple[int, date]]] = {}
    for member in _each(members[1:], PHASE_LEARNING, on_progress):
        path = (
            ["leadership"]
            if member.role == PersonRole.MENTOR
            else [rng.choice(("foundation", "fast")), "standard", "leadership"]
        )
        begin = max(member.joined_on, start) + timedelta(days=rng.randrange(10, 60))
        speed = rng.uniform(0.8, 1.6) / member.ability
        done_modules: set[int] = set()
        for track_key in path:
            if begin >= today:
                break
            track_id = tracks[track_key]
            end = begin
            for module, first_week, last_week in schedule[track_id]:
                first = begin + timedelta(days=(first_week - 1) * 7 * speed)
                last = begin + timedelta(days=last_week * 7 * speed)
                end = max(end, last)
                if module.id in done_modules or first >= today:
                    continue
                done_modules.add(module.id or 0)
                started.setdefault(member.id, []).append((module.id or 0, first))
                finished = last < today
                span = max((min(last, today) - first).days, 1)
                entries = max(
                    1, round(module.hours / 1.5 * min(1.0, span / ((last - first).days or 1)))
                )
                percent = 0
                for k in range(entries):
                    day = first + timedelta(days=span * k // entries)
                    kind = rng.choice(list(ActivityKind)[:4])
                    percent = (
                        min(100, round(100 * (k + 1) / entries))
                        if finished
                        else min(95, 100 * (k + 1) // (entries + 2))
                    )
                    activity.append(
                        {
                            "person_id": member.id,
                            "module_id": module.id,
                            "occurred_on": day,
                            "hours": 1.5,
                            "kind": kind.value,
                            "stage": STAGE_OF[kind].value,
                            "note": ACTIVITY_NOTES[kind].format(
                                topic=module.topics[0] if module.topics else module.title
                            ),
                            "percent_after": percent,
                            "created_at": _at(day, 18),
                        }
                    )
                progress.append(
                    {
                        "person_id": member.id,
                        "module_id": module.id,
                        "status": (
                            ModuleStatus.COMPLETED if finished else ModuleStatus.IN_PROGRESS
                        ).value,
                        "percent": 100 if finished else percent,
                        "started_on": first,
                        "completed_on": last if finished else None,
                        "updated_at": _at(min(last, today), 18),
                    }
                )
                if finished:
                    passed = rng.random() < 0.85
                    attempts.append(
                        {
                            "person_id": member.id,
                            "module_id": module.id,
                            "answers": {},
                            "correct": 6 if passed else 3,
                            "total": 7,
                            "passed": passed,
                            "created_at": _at(last, 15),
                        }
                    )
                    if passed:
                        quiz_ratings += [
                            {
                                "person_id": member.id,
                                "competency_id": cid,
                                "level": 2,
                                "rater_kind": RaterKind.QUIZ.value,
                                "note": f"Passed the quiz of '{module.title}' (6/7).",
                                "created_at": _at(last, 15),
                            }
                            for cid in skills_of.get(module.id or 0, [])
                        ]
                    if rng.random() < 0.5:  # the module's practical, handed in and passed
                        quiz_ratings += [
                            {
                                "person_id": member.id,
                                "competency_id": cid,
                                "level": 2,
                                "rater_kind": RaterKind.PRACTICAL.value,
                                "rater_id": member.mentor_id,
                                "note": f"Passed the practical of '{module.title}'.",
                                "created_at": _at(min(last + timedelta(days=4), today), 11),
                            }
                            for cid in skills_of.get(module.id or 0, [])
                        ]
                    if rng.random() < 0.1:  # a knowledge-sharing talk on it, confirmed
                        quiz_ratings += [
                            {
                                "person_id": member.id,
                                "competency_id": cid,
                                "level": 2,
                                "rater_kind": RaterKind.PRESENTATION.value,
                                "rater_id": member.mentor_id,
                                "note": f"Presented a sharing session on '{module.title}'.",
                                "created_at": _at(min(last + timedelta(days=9), today), 16),
                            }
                            for cid in skills_of.get(module.id or 0, [])
                        ]
            finished_track = end < today
            enrollments.append(
                {
                    "person_id": member.id,
                    "track_id": track_id,
                    "started_on": begin,
                    "status": (
                        EnrollmentStatus.COMPLETED if finished_track else EnrollmentStatus.ACTIVE
                    ).value,
                    "completed_on": end if finished_track else None,
                    "enrolled_by_id": lead.id,
                    "created_at": _at(begin, 9),
                }
            )
            audit.append(
                _event(
                    lead.id,
                    "enrolled",
                    "enrollment",
                    member.id,
                    {"track": track_key},
                    _at(begin, 9),
                )
            )
            begin = end + timedelta(days=rng.randrange(7, 90))
    for model, rows in (
        (Enrollment, enrollments),
        (ModuleProgress, progress),
        (ActivityLog, activity),
        (QuizAttempt, attempts),
        (Rating, quiz_ratings),
    ):
        if rows:
            session.execute(insert(model), rows)
    return started


def _event(
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    detail: dict[str, Any],
    at: datetime,
) -> dict[str, Any]:
    return {
        "actor_id": actor_id,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "detail": detail,
        "created_at": at,
    }


def _ratings(
    session: Session,
    members: list[_Member],
    competencies: list[tuple[int, str]],
    start: date,
    today: date,
    rng: random.Random,
    audit: list[dict[str, Any]],
    on_progress: OnProgress,
) -> None:
    """Quarterly mentor (or lead) ratings, self-ratings twice a year and the odd peer rating
    per skill, along a growth curve from where the person stood when they joined."""
    lead = members[0]
    rows: list[dict[str, Any]] = []
    for member in _each(members, PHASE_RATINGS, on_progress):
        rater_id, kind = (
            (member.mentor_id, RaterKind.MENTOR) if member.mentor_id else (lead.id, RaterKind.LEAD)
        )
        first = max(member.joined_on, start) + timedelta(days=14)
        for cid, key in competencies:
            base = rng.randint(0, 2) + (1 if member.role != PersonRole.LEARNER else 0)
            gain = rng.choice((0, 1, 1, 2)) * member.ability
            span = max((today - first).days, 1)

            for every, rater_kind, who in (
                (RATING_EVERY_DAYS, kind, rater_id),
                (SELF_RATING_EVERY_DAYS, RaterKind.SELF, member.id),
            ):
                day = first + timedelta(days=rng.randrange(every))
                while day < today:
                    level = _level(base, gain, first, span, day)
                    if rater_kind == RaterKind.SELF:
                        level = min(4, max(0, level + rng.choice((-1, 0, 0, 0, 1))))
                    rows.append(
                        {
                            "person_id": member.id,
                            "competency_id": cid,
                            "level": level,
                            "rater_id": who,
                            "rater_kind": rater_kind.value,
                            "note": rng.choice(RATING_NOTES),
                            "created_at": _at(day, 9 + rng.randrange(8)),
                        }
                    )
                    if rater_kind != RaterKind.SELF:
                        audit.append(
                            _event(
                                who,
                                "rating_added",
                                "rating",
                                None,
                                {
                                    "person_id": member.id,
                                    "competency": key,
                                    "level": level,
                                    "kind": rater_kind.value,
                                },
                                rows[-1]["created_at"],
                            )
                        )
                    day += timedelta(days=every)
            if rng.random() < 0.3:
                peer = members[rng.randrange(len(members))]
                day = first + timedelta(days=rng.randrange(span))
                rows.append(
                    {
                        "person_id": member.id,
                        "competency_id": cid,
                        "level": _level(base, gain, first, span, day),
                        "rater_id": peer.id,
                        "rater_kind": RaterKind.PEER.value,
                        "note": "Helped me with this on a shared ticket.",
                        "created_at": _at(day, 16),
                    }
                )
    for chunk in range(0, len(rows), 50_000):
        session.execute(insert(Rating), rows[chunk : chunk + 50_000])
    refresh_deciding(session, None)  # written in bulk: the matrix's marks all at once


def _level(base: int, gain: float, first: date, span: int, day: date) -> int:
    """The true level on `day` of a skill that grows by `gain` levels over `span` days."""
    return min(4, base + int(gain * (day - first).days / span + 1e-9))


def _assessments_and_mentoring(
    session: Session,
    members: list[_Member],
    competencies: list[tuple[int, str]],
    start: date,
    today: date,
    rng: random.Random,
    audit: list[dict[str, Any]],
    on_progress: OnProgress,
) -> None:
    """Quarterly multi-dimensional check-ins, and for each, a twelve-week plan with weekly
    1:1s (held ones with notes, a rating and an action item) for every mentee."""
    next_plan = (session.exec(select(func.max(MentoringPlan.id))).one() or 0) + 1
    next_session = (session.exec(select(func.max(MentoringSession.id))).one() or 0) + 1
    skill_names = dict(session.exec(select(Competency.id, Competency.name)).all())
    assessments, plans, sessions, items, capstones = [], [], [], [], []
    for member in _each(members, PHASE_MENTORING, on_progress):
        if member.mentor_id is None:
            continue
        first = max(member.joined_on, start) + timedelta(days=20)
        score = rng.uniform(2.0, 4.0)
        day = first
        while day < today:
            dims = {d: round(min(10.0, score + rng.uniform(-1, 1)) * 2) / 2 for d in DIMENSIONS}
            overall = round(sum(dims[d] * WEIGHTS[d] for d in DIMENSIONS), 1)
            assessments.append(
                {
                    "person_id": member.id,
                    "assessor_id": member.mentor_id,
                    "kind": AssessmentKind.MULTI_DIMENSIONAL.value,
                    "scores": {"dimensions": dims, "weights": WEIGHTS, "competency": None},
                    "overall": overall,
                    "summary": "Quarterly check-in.",
                    "next_due_on": day + timedelta(days=91),
                    "created_at": _at(day, 14),
                }
            )
            plan_start = day + timedelta(days=1)
            active = plan_start + timedelta(weeks=PLAN_WEEKS) > today
            plans.append(
                {
                    "id": next_plan,
                    "mentor_id": member.mentor_id,
                    "mentee_id": member.id,
                    "started_on": plan_start,
                    "weeks": PLAN_WEEKS,
                    "sessions_per_week": 1,
                    "session_minutes": 45,
                    "focus": ["Foundations", "Hands-on practice", "Guided projects"],
                    "status": (PlanStatus.ACTIVE if active else PlanStatus.COMPLETED).value,
                    "created_at": _at(plan_start, 9),
                }
            )
            audit.append(
                _event(
                    member.mentor_id,
                    "mentoring_plan_created",
                    "mentoringplan",
                    next_plan,
                    {"mentee_id": member.id, "weeks": PLAN_WEEKS},
                    _at(plan_start, 9),
                )
            )
            for number in range(1, PLAN_WEEKS + 1):
                when = _at(plan_start + timedelta(weeks=number - 1), 10 + member.id % 6)
                held = when.date() < today and rng.random() < 0.9
                # Most 1:1s leave only the agenda; some get written notes (which search indexes).
                noted = held and rng.random() < SESSIONS_WITH_NOTES_SHARE
                cid = competencies[rng.randrange(len(competencies))][0]
                skill = skill_names[cid].lower()
                sessions.append(
                    {
                        "id": next_session,
                        "plan_id": next_plan,
                        "number": number,
                        "scheduled_for": when,
                        "phase": PHASES[min(3, (number - 1) * 4 // PLAN_WEEKS)],
                        "agenda": f"Check in on {skill}.",
                        "notes": rng.choice(SESSION_NOTES).format(skill=skill) if noted else "",
                        "notes_visibility": (
                            Visibility.PAIR if rng.random() < 0.7 else Visibility.TEAM
                        ).value,
                        "mentee_rating": rng.randint(3, 5) if held else None,
                        "done_at": when + timedelta(minutes=45) if held else None,
                        "done_by_id": member.mentor_id if held else None,
                    }
                )
                if held:
                    audit.append(
                        _event(
                            member.mentor_id,
                            "mentoring_session_done",
                            "mentoringsession",
                            next_session,
                            {"mentee_id": member.id},
                            when + timedelta(minutes=45),
                        )
                    )
                    due = when.date() + timedelta(days=14)
                    items.append(
                        {
                            "session_id": next_session,
                            "owner_id": member.id,
                            "title": rng.choice(ACTION_TITLES).format(skill=skill),
                            "due_on": due,
                            "competency_id": cid,
                            "done_at": _at(due, 17) if due < today and rng.random() < 0.8 else None,
                            "created_at": when,
                        }
                    )
                next_session += 1
            next_plan += 1
            score = min(9.5, score + rng.uniform(0, 0.8) * member.ability)
            day += timedelta(days=91)
        if rng.random() < 0.1:
            begun = today - timedelta(days=rng.randrange(10, 120))
            capstones.append(
                {
                    "person_id": member.id,
                    "project_key": "personal-document-search",
                    "title": "Personal document search",
                    "level": "beginner",
                    "started_on": begun,
                    "checkpoints": [
                        {
                            "week": w,
                            "title": f"Checkpoint {w}",
                            "done_on": str(begun + timedelta(weeks=w))
                            if begun + timedelta(weeks=w) < today
                            else None,
                            "ticked_by": None,
                        }
                        for w in range(1, 5)
                    ],
                    "completed_on": None,
                }
            )
    for model, rows in (
        (Assessment, assessments),
        (MentoringPlan, plans),
        (MentoringSession, sessions),
        (ActionItem, items),
        (Capstone, capstones),
    ):
        if rows:
            session.execute(insert(model), rows)


def _reviews(
    session: Session,
    members: list[_Member],
    started: dict[int, list[tuple[int, date]]],
    today: date,
    rng: random.Random,
    on_progress: OnProgress,
) -> None:
    """Each card of each started module, reviewed through FSRS a few days after it falls due,
    with recall drawn from the person's memory; the last state becomes its schedule."""
    scheduler = FsrsScheduler(fuzz=False)
    cards: dict[int, list[int]] = {}
    for card_id, module_id in session.exec(
        select(ReviewCard.id, ReviewCard.module_id).where(col(ReviewCard.author_id).is_(None))
    ):
        if module_id is not None:
            cards.setdefault(module_id, []).append(card_id or 0)
    logs: list[dict[str, Any]] = []
    schedules: list[dict[str, Any]] = []
    now = _at(today, 0)
    for member in _each(members, PHASE_REVIEWS, on_progress):
        memory = member.ability
        for module_id, first in started.get(member.id, []):
            for card_id in cards.get(module_id, []):
                state: dict[str, Any] | None = None
                moment = _at(first + timedelta(days=rng.randrange(4)), 8 + rng.randrange(11))
                while moment < now:
                    recall = 0.6 if state is None else (scheduler.recall(state, moment) or 0.0)
                    recall = 1 - (1 - recall) / memory
                    rating = ReviewGrade.AGAIN if rng.random() > recall else ReviewGrade.GOOD
                    result = scheduler.review(state, rating, moment)
                    state = result.state
                    logs.append(
                        {
                            "card_id": card_id,
                            "person_id": member.id,
                            "rating": int(rating),
                            "reviewed_at": moment,
                            "duration_ms": rng.randint(4, 40) * 1000,
                            "scheduler": "fsrs",
                        }
                    )
                    late = timedelta(
                        days=rng.randint(*REVIEW_DAYS_LATE), minutes=rng.randrange(600)
                    )
                    moment = max(result.due_at + late, moment + timedelta(hours=1))
                    due_at = result.due_at
                if state is not None:
                    schedules.append(
                        {
                            "person_id": member.id,
                            "card_id": card_id,
                            "due_at": due_at,
                            "state": state,
                            "scheduler": "fsrs",
                        }
                    )
        if len(logs) > 50_000:
            session.execute(insert(ReviewLog), logs)
            logs = []
    for rows, model in ((logs, ReviewLog), (schedules, CardSchedule)):
        for chunk in range(0, len(rows), 50_000):
            session.execute(insert(model), rows[chunk : chunk + 50_000])


def team_counts(engine: Any, team_name: str = TEAM_NAME) -> dict[str, int]:
    """How many rows the named team has in the big tables (for the benchmark's notes)."""
    with Session(engine) as session:
        team_id = session.exec(select(Team.id).where(Team.name == team_name)).one()
        ids = select(Person.id).where(Person.team_id == team_id)
        counted: Sequence[tuple[str, Any]] = (
            ("people", Person),
            ("ratings", Rating),
            ("activity", ActivityLog),
            ("reviews", ReviewLog),
        )
        out = {}
        for label, model in counted:
            column = model.id if model is Person else model.person_id
            out[label] = session.exec(select(func.count()).where(col(column).in_(ids))).one()
        out["skills"] = session.exec(
            select(func.count(col(Competency.id))).where(Competency.team_id == team_id)
        ).one()
        return out
