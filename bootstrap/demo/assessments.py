"""The demo team's competency history: targets, six months of ratings, quizzes, assessments.

Built on top of the learning history from `bootstrap.demo.curriculum`, through the real services, so
the matrix shows believable progress, real gaps and a few skills that rest on one person.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from assessments.evaluations import record_assessment, record_intake, record_peer_review
from assessments.framework import set_role_targets
from assessments.quizzes import quiz_for_module, submit_quiz
from assessments.ratings import add_rating, confirm_evidence, evidence_to_review, team_matrix
from assessments.rules import LEVEL_NAMES, PEER_CRITERIA, SELF_GAP_ALERT_LEVELS, IntakeAnswers
from bootstrap.demo.reviews import HISTORY_DAYS
from storage import formats
from storage.enums import ModuleStatus, RaterKind
from storage.models import Enrollment, Module, ModuleProgress, Person, utc_now
from storage.people import PersonRef, get_person

ASSESSMENT_RANDOM_SEED = 7_1_2026
# A real team's mentors review new evidence within days: the demo's has been reviewed one to
# four days after it came in, except the last two days' (a handful of cells), still waiting.
EVIDENCE_WAITING_DAYS = 2
CONFIRMATION_DELAY_DAYS = (1, 4)
REVIEWED_EVIDENCE_WORDS = {
    RaterKind.QUIZ: "quiz",
    RaterKind.PEER: "peer rating",
    RaterKind.PRACTICAL: "practical work",
    RaterKind.PRESENTATION: "a presentation",
}
# Column order of the level tables below.
COMPETENCY_ORDER = (
    "vector-database-expertise",
    "embedding-model-mastery",
    "system-architecture",
    "performance-optimisation",
    "use-case-identification",
    "stakeholder-communication",
    "business-value-assessment",
    "project-management",
    "knowledge-transfer",
    "mentoring",
    "team-collaboration",
    "innovation-leadership",
)
# What each job role should reach (0 none … 4 expert).
ROLE_TARGETS: dict[str, tuple[int, ...]] = {
    "Engineering lead": (2, 2, 3, 2, 3, 4, 3, 3, 3, 3, 3, 3),
    "Staff engineer": (4, 3, 4, 3, 2, 2, 2, 2, 3, 3, 3, 3),
    "Senior ML engineer": (3, 4, 3, 3, 2, 2, 2, 1, 3, 3, 3, 2),
    "Solutions architect": (3, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3, 2),
    "Junior engineer": (2, 2, 1, 1, 1, 1, 0, 0, 1, 0, 2, 0),
    "Data analyst": (2, 2, 1, 1, 2, 2, 1, 1, 1, 0, 2, 0),
    "Backend engineer": (3, 2, 2, 2, 1, 1, 1, 1, 2, 1, 2, 1),
    "Senior data engineer": (3, 2, 3, 3, 2, 2, 2, 2, 2, 2, 3, 1),
    "ML engineer": (3, 3, 2, 2, 1, 1, 1, 1, 2, 1, 2, 1),
    "Senior backend engineer": (3, 3, 3, 3, 2, 2, 2, 2, 3, 3, 3, 2),
    "Senior data scientist": (3, 3, 2, 2, 3, 3, 3, 2, 3, 3, 3, 2),
}
# Where each person stands today, and how far they have come in six months.
LEVELS_NOW: dict[str, tuple[int, ...]] = {
    "Priya Raman": (2, 2, 3, 2, 3, 4, 3, 3, 3, 3, 3, 2),
    "Tomás Alvarez": (4, 3, 4, 2, 2, 2, 2, 2, 3, 4, 3, 3),
    "Grace Okafor": (3, 4, 3, 4, 2, 2, 2, 1, 3, 3, 3, 2),
    "Lars Henriksen": (3, 2, 3, 2, 3, 3, 3, 2, 3, 3, 3, 2),
    "Aisha Khan": (2, 1, 1, 2, 1, 1, 0, 0, 1, 0, 2, 0),
    "Ben Carter": (1, 1, 0, 0, 2, 2, 1, 1, 1, 0, 2, 0),
    "Mei Chen": (2, 2, 2, 1, 1, 1, 1, 1, 2, 0, 2, 1),
    "Diego Fernández": (2, 1, 2, 1, 1, 1, 0, 1, 1, 0, 2, 0),
    "Sofia Rossi": (2, 2, 3, 2, 2, 2, 1, 2, 2, 1, 3, 1),
    "Jonas Weber": (2, 2, 1, 1, 1, 1, 1, 0, 1, 0, 2, 1),
    "Hannah Schmidt": (3, 2, 3, 2, 2, 2, 2, 2, 2, 2, 3, 1),
    "Kwame Mensah": (2, 3, 2, 2, 3, 3, 3, 1, 3, 2, 3, 2),
}
# Learners grow in the technical skills the curriculum teaches; others grow a little.
GROWTH_SIX_MONTHS: dict[str, tuple[int, ...]] = {
    "learner": (1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0),
    "mentor": (0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0),
    "lead": (0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0),
}
# A new learner whose technical levels her mentor has not rated yet: quizzes are the
# evidence (LEVELS_NOW matches them), so passing a module quiz moves her row of the matrix.
QUIZ_LED_LEARNERS = ("Aisha Khan",)
TECHNICAL_KEYS = COMPETENCY_ORDER[:4]
# Self-ratings that are off: (person, competency) → levels above (+) or below (−) the truth.
SELF_BIAS: dict[tuple[str, str], int] = {
    ("Jonas Weber", "performance-optimisation"): 3,
    ("Jonas Weber", "system-architecture"): 2,
    ("Ben Carter", "use-case-identification"): -2,
    ("Mei Chen", "vector-database-expertise"): 1,
}
# Multi-dimensional assessment scores now (recall, application, analysis, transfer).
ASSESSMENT_NOW: dict[str, tuple[float, float, float, float]] = {
    "Aisha Khan": (6.5, 5.0, 5.5, 5.0),
    "Ben Carter": (5.5, 4.0, 5.0, 4.5),
    "Mei Chen": (8.0, 7.5, 7.0, 6.0),
    "Diego Fernández": (7.0, 6.0, 6.5, 5.0),
    "Sofia Rossi": (7.5, 8.0, 7.5, 6.5),
    "Jonas Weber": (6.0, 5.5, 6.5, 4.5),
    "Hannah Schmidt": (7.5, 7.5, 7.0, 7.5),
    "Kwame Mensah": (8.0, 7.5, 8.5, 8.0),
}
# Intake answers that led each learner to the track they are on.
INTAKES: dict[str, IntakeAnswers] = {
    "Aisha Khan": IntakeAnswers(1, "none", False, 8, "hands-on", "build"),
    "Ben Carter": IntakeAnswers(3, "none", False, 6, "reading", "evaluate"),
    "Mei Chen": IntakeAnswers(5, "some", False, 10, "hands-on", "build"),
    "Diego Fernández": IntakeAnswers(4, "some", True, 8, "discussion", "build"),
    "Sofia Rossi": IntakeAnswers(8, "solid", True, 14, "hands-on", "build"),
    "Jonas Weber": IntakeAnswers(4, "solid", True, 12, "reading", "build"),
    "Hannah Schmidt": IntakeAnswers(9, "solid", True, 8, "discussion", "lead"),
    "Kwame Mensah": IntakeAnswers(10, "solid", False, 6, "discussion", "lead"),
}
# Who tends to help whom (helper, helped), so the network has real structure.
HELPERS: tuple[tuple[str, str], ...] = (
    ("Grace Okafor", "Aisha Khan"),
    ("Grace Okafor", "Jonas Weber"),
    ("Grace Okafor", "Sofia Rossi"),
    ("Tomás Alvarez", "Mei Chen"),
    ("Tomás Alvarez", "Diego Fernández"),
    ("Tomás Alvarez", "Hannah Schmidt"),
    ("Lars Henriksen", "Ben Carter"),
    ("Lars Henriksen", "Kwame Mensah"),
    ("Mei Chen", "Diego Fernández"),
    ("Sofia Rossi", "Jonas Weber"),
    ("Hannah Schmidt", "Aisha Khan"),
    ("Kwame Mensah", "Ben Carter"),
    ("Kwame Mensah", "Hannah Schmidt"),
    ("Sofia Rossi", "Aisha Khan"),
)
RATING_NOTES = (
    "Seen in the last 1:1 and the code review of the ingestion job.",
    "Explained the trade-offs clearly in the design review.",
    "Shipped the change with a measured before/after.",
    "Still needs prompting on this; agreed next steps.",
    "Clear progress since the last check-in.",
    "Based on the pairing session and the written exercise.",
)
PEER_NOTES = (
    "Walked me through the index settings until it clicked.",
    "Always has time for a question, and answers with an example.",
    "Good review comments on my chunking PR.",
    "Helped me debug the Chroma filter that returned nothing.",
    "Shared a great note on evaluation metrics.",
)


def _at(day: date, hour: int = 10) -> datetime:
    """A moment on `day`, never later than now (the demo's today is seeded during the day)."""
    return min(datetime.combine(day, time(hour, 0), tzinfo=UTC), utc_now())


def seed_competency_history(session: Session, *, today: date) -> None:
    """Add targets, ratings, quiz attempts, assessments, intakes and peer reviews to the demo."""
    rng = random.Random(ASSESSMENT_RANDOM_SEED)
    people = {p.name: get_person(session, p.id or 0) for p in session.exec(select(Person))}
    lead = next(p for p in people.values() if p.is_lead)
    set_role_targets(
        session,
        actor=lead,
        targets={
            (role, key): level
            for role, levels in ROLE_TARGETS.items()
            for key, level in zip(COMPETENCY_ORDER, levels, strict=True)
        },
        at=_at(today - timedelta(days=HISTORY_DAYS)),  # the lead set them as the demo began
    )
    joined = {p.name: p.joined_on for p in session.exec(select(Person))}
    for name, person in people.items():
        _rate_over_time(session, person, people, joined[name], today, rng)
    _take_quizzes(session, people, today, rng)
    _assess(session, people, today)
    _peer_reviews(session, people, today, rng)
    _review_older_evidence(session, people, today, rng)


def _rater(person: PersonRef, people: dict[str, PersonRef]) -> tuple[PersonRef, RaterKind]:
    if person.mentor_id is not None:
        mentor = next(p for p in people.values() if p.id == person.mentor_id)
        return mentor, RaterKind.MENTOR
    lead = next(p for p in people.values() if p.is_lead)
    return lead, RaterKind.LEAD


def _rate_over_time(
    session: Session,
    person: PersonRef,
    people: dict[str, PersonRef],
    joined_on: date,
    today: date,
    rng: random.Random,
) -> None:
    """Mentor (or lead) ratings every ~2 months, rising from six months ago to now; two
    rounds of self-ratings."""
    rater, kind = _rater(person, people)
    now_levels = LEVELS_NOW[person.name]
    growth = GROWTH_SIX_MONTHS[person.role.value]
    first_day = max(joined_on + timedelta(days=10), today - timedelta(days=170))
    days = [first_day + (today - timedelta(days=12) - first_day) * f for f in (0, 0.35, 0.7, 1)]
    span = (days[-1] - days[0]).days or 1
    for index, key in enumerate(COMPETENCY_ORDER):
        start = max(now_levels[index] - growth[index], 0)
        previous: int | None = None
        for day in days:
            share = (day - days[0]).days / span
            level = start + int((now_levels[index] - start) * share + 1e-9)
            if person.name in QUIZ_LED_LEARNERS and key in TECHNICAL_KEYS:
                break
            if level != previous:
                add_rating(
                    session,
                    actor=rater,
                    person_id=person.id,
                    competency_key=key,
                    level=level,
                    rater_kind=kind,
                    note=rng.choice(RATING_NOTES),
                    created_at=_at(day, 9 + rng.randrange(8)),
                )
                previous = level
        for day in (days[0] + timedelta(days=3), today - timedelta(days=30)):
            truth = start + int((now_levels[index] - start) * ((day - days[0]).days / span))
            bias = SELF_BIAS.get((person.name, key), 0)
            add_rating(
                session,
                actor=person,
                person_id=person.id,
                competency_key=key,
                level=min(max(truth + bias, 0), 4),
                rater_kind=RaterKind.SELF,
                created_at=_at(day, 17),
            )


def _take_quizzes(
    session: Session, people: dict[str, PersonRef], today: date, rng: random.Random
) -> None:
    """Each finished module's quiz, taken soon after; about one in five failed at first."""
    rows = session.exec(
        select(ModuleProgress, Module.key)
        .join(Module, col(Module.id) == ModuleProgress.module_id)
        .where(ModuleProgress.status == ModuleStatus.COMPLETED)
        .order_by(col(ModuleProgress.completed_on), col(ModuleProgress.id))
    ).all()
    by_id = {p.id: p for p in people.values()}
    for progress, module_key in rows:
        person = by_id[progress.person_id]
        quiz = quiz_for_module(session, module_key)
        day = min((progress.completed_on or today) + timedelta(days=rng.randrange(3)), today)
        if rng.random() < 0.2:
            wrong = rng.sample(quiz.questions, k=max(2, len(quiz.questions) // 3))
            answers = {
                q.key: (q.answer + 1) % len(q.choices) if q in wrong else q.answer
                for q in quiz.questions
            }
            submit_quiz(
                session, actor=person, module_key=module_key, answers=answers, at=_at(day, 11)
            )
            day = min(day + timedelta(days=1 + rng.randrange(3)), today)
        slip = rng.choice(quiz.questions) if rng.random() < 0.5 else None
        answers = {
            q.key: (q.answer + 1) % len(q.choices) if q is slip else q.answer
            for q in quiz.questions
        }
        submit_quiz(session, actor=person, module_key=module_key, answers=answers, at=_at(day, 15))


def _assess(session: Session, people: dict[str, PersonRef], today: date) -> None:
    """An intake at each learner's current track start, and two assessments since."""
    starts = {
        person_id: started_on
        for person_id, started_on in session.exec(
            select(col(Enrollment.person_id), col(Enrollment.started_on)).order_by(
                col(Enrollment.started_on)
            )
        )
    }
    for name, scores_now in ASSESSMENT_NOW.items():
        person = people[name]
        mentor, _ = _rater(person, people)
        started_on = starts.get(person.id, today - timedelta(days=60))
        record_intake(
            session,
            actor=person,
            person_id=person.id,
            answers=INTAKES[name],
            at=_at(started_on - timedelta(days=4)),
        )
        late = today - timedelta(days=9)
        checkpoints = [(late, 0.0)]
        early = started_on + timedelta(days=10)
        if early < late - timedelta(days=14):  # a first check-in, lower, on longer enrollments
            checkpoints.insert(0, (early, 1.5))
        for day, lift in checkpoints:
            scores = dict(
                zip(
                    (
                        "knowledge_recall",
                        "practical_application",
                        "analytical_thinking",
                        "knowledge_transfer",
                    ),
                    (max(s - lift, 0.0) for s in scores_now),
                    strict=True,
                )
            )
            record_assessment(
                session,
                actor=mentor,
                person_id=person.id,
                scores=scores,
                today=day,
                note="Quarterly check-in." if lift == 0 else "First check-in on the track.",
                at=_at(day, 14),
            )


def _peer_reviews(
    session: Session, people: dict[str, PersonRef], today: date, rng: random.Random
) -> None:
    """Reviews by the helped of their helpers, spread over six months."""
    for helper, helped in HELPERS:
        for _ in range(1 + rng.randrange(2)):
            day = today - timedelta(days=rng.randrange(5, 170))
            strong = helper in ("Grace Okafor", "Tomás Alvarez", "Lars Henriksen")
            scores = {c: min(5, rng.randint(3, 4) + (1 if strong else 0)) for c in PEER_CRITERIA}
            record_peer_review(
                session,
                actor=people[helped],
                person_id=people[helper].id,
                scores=scores,
                note=rng.choice(PEER_NOTES),
                at=_at(day, 16),
            )


def _review_older_evidence(
    session: Session, people: dict[str, PersonRef], today: date, rng: random.Random
) -> None:
    """Mentors (or the lead) review every piece of evidence but the last
    EVIDENCE_WAITING_DAYS', one to four days after it came in: they confirm it with the
    matrix's one click, unless it is two or more levels above the person's own rating; then
    they keep the level they rated and talk it through at the next 1:1."""
    lead = next(p for p in people.values() if p.is_lead)
    by_id = {p.id: p for p in people.values()}
    cutoff = today - timedelta(days=EVIDENCE_WAITING_DAYS - 1)
    matrix = team_matrix(session, actor=lead, team_id=lead.team_id)
    for evidence in sorted(
        evidence_to_review(matrix), key=lambda e: (e.on, e.person_id, e.competency_key)
    ):
        if evidence.on >= cutoff:
            continue
        person = by_id[evidence.person_id]
        rater, kind = _rater(person, people)
        day = min(evidence.on + timedelta(days=rng.randint(*CONFIRMATION_DELAY_DAYS)), today)
        at = _at(day, 9 + rng.randrange(8))
        own = matrix.cells[(person.id, evidence.competency_key)].resolved.self_level
        if own is None or evidence.evidence_level - own < SELF_GAP_ALERT_LEVELS:
            confirm_evidence(
                session,
                actor=rater,
                person_id=person.id,
                competency_key=evidence.competency_key,
                at=at,
            )
            continue
        add_rating(
            session,
            actor=rater,
            person_id=person.id,
            competency_key=evidence.competency_key,
            level=evidence.official_level,
            rater_kind=kind,
            note=f"The {REVIEWED_EVIDENCE_WORDS[evidence.kind]} of {formats.day(evidence.on)} "
            f"says {LEVEL_NAMES[evidence.evidence_level]}, your own rating "
            f"{LEVEL_NAMES[own]}: {LEVEL_NAMES[evidence.official_level]} until we talk it "
            "through at the next 1:1.",
            created_at=at,
        )
