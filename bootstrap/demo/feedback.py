"""The demo's feedback loop and shared 1:1 agendas, through the real services: learners rated
the modules they finished and, most weeks, their week's learning; Index families is rated low
(its IVF part names nprobe before explaining nlist), so the lead opened an improvement item for
it; an older item on chunking is done. The next 1:1s carry talking points from both sides, one
of them private. This week's question is left open, so the learners' Homes ask it.
Deterministic for a given `today`."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from curriculum.feedback import (
    answer_question,
    open_improvement,
    set_aside_question,
    set_improvement_status,
    week_start,
)
from mentoring.planning import active_plan
from mentoring.talking_points import add_talking_point
from storage.enums import EnrollmentStatus, ImprovementStatus, ModuleStatus
from storage.models import Enrollment, Module, ModuleProgress, Person
from storage.people import PersonRef, get_person

FEEDBACK_RANDOM_SEED = 19
WEEKS_OF_WEEKLY_ANSWERS = 8
ANSWER_SHARE = 0.8  # of questions answered; most of the rest are set aside, a few ignored
SET_ASIDE_SHARE = 0.1
LOW_MODULE = "index-families"
LOW_MODULE_COMMENTS = (
    "The IVF section uses nprobe before it explains nlist; I only got it after reading the "
    "FAISS wiki.",
    "HNSW's M and efSearch are listed but the exercise never asks us to change them, so I "
    "still can't say what they trade.",
    "Too much theory for one week and the benchmark exercise needs a dataset we don't have.",
    "",
)
MODULE_COMMENTS = {
    "vector-search-fundamentals": (
        "Comparing keyword and semantic search on our own tickets made it click.",
        "",
    ),
    "embeddings-and-similarity": (
        "Good to see that cosine and dot product rank the same once vectors are normalised.",
        "The 256 word-piece limit of MiniLM deserves a bigger warning.",
        "",
    ),
    "chunking-and-ingestion": (
        "Content hashes for re-indexing only changed chunks: straight into our pipeline.",
        "",
    ),
    "faiss-in-practice": (
        "IndexIDMap2 and remove_ids were exactly what our deletes needed.",
        "",
    ),
    "hybrid-search": (
        "The RRF worked example was the clearest part of the course so far.",
        "",
    ),
}
GENERAL_COMMENTS = (
    "Useful, and the exercise fit the time planned.",
    "Took longer than planned, but worth it.",
    "",
    "",
)
WEEKLY_COMMENTS = (
    "Pairing on the exercise helped more than the reading.",
    "Little time this week: on-call ate most of it.",
    "The review cards keep the terms fresh.",
    "Finally ran a benchmark on our own data.",
    "",
    "",
)
IMPROVEMENTS = (
    # module, title, owner, opened days ago, status
    (
        LOW_MODULE,
        "Explain nlist before nprobe and add an IVF exercise on our ticket corpus",
        "Tomás Alvarez",
        5,
        ImprovementStatus.OPEN,
    ),
    (
        "chunking-and-ingestion",
        "Ship a sample set of wiki pages with the overlap exercise",
        "Grace Okafor",
        40,
        ImprovementStatus.DONE,
    ),
)
# (mentee, author is the mentee, text, private)
TALKING_POINTS = (
    (
        "Aisha Khan",
        True,
        "My IndexIVFFlat on 5k vectors recalls less than the flat index even at nprobe 16: "
        "is the training set too small for 100 lists?",
        False,
    ),
    ("Aisha Khan", False, "Agree what the next capstone checkpoint should show.", False),
    (
        "Jonas Weber",
        True,
        "I'm struggling to fit the hybrid search module around on-call; can we talk about my pace?",
        True,
    ),
    (
        "Sofia Rossi",
        True,
        "How did the team pick k = 60 for reciprocal rank fusion, and should we tune it?",
        False,
    ),
    ("Mei Chen", False, "Your Chroma notes: ready to share with the team?", False),
)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def seed_feedback(session: Session, *, today: date) -> None:
    """Feedback answers over the past weeks, improvement items, talking points."""
    rng = random.Random(FEEDBACK_RANDOM_SEED)
    people = {p.name: get_person(session, p.id or 0) for p in session.exec(select(Person))}
    lead = next((p for p in people.values() if p.is_lead), None)
    if lead is None:
        return
    answered_weeks = _module_answers(session, people, today, rng)
    _weekly_answers(session, people, today, answered_weeks, rng)
    _improvements(session, people, lead, today)
    _talking_points(session, people, lead, today)


def _answer(
    session: Session,
    person: PersonRef,
    module_key: str | None,
    week: date,
    rating: int,
    comment: str,
    at: datetime,
    rng: random.Random,
) -> bool:
    """Answer, set aside or leave the question; True when something was stored."""
    roll = rng.random()
    if roll < ANSWER_SHARE:
        answer_question(
            session,
            actor=person,
            module_key=module_key,
            week=week,
            rating=rating,
            comment=comment,
            now=at,
        )
        return True
    if roll < ANSWER_SHARE + SET_ASIDE_SHARE:
        set_aside_question(session, actor=person, module_key=module_key, week=week, now=at)
        return True
    return False


def _module_answers(
    session: Session, people: dict[str, PersonRef], today: date, rng: random.Random
) -> set[tuple[int, date]]:
    """Each finished module (older than two days) rated the day after; returns the weeks
    (per person) in which something was asked."""
    by_id = {p.id: p for p in people.values()}
    finished = session.exec(
        select(col(ModuleProgress.person_id), col(Module.key), col(ModuleProgress.completed_on))
        .join(Module, col(Module.id) == ModuleProgress.module_id)
        .where(ModuleProgress.status == ModuleStatus.COMPLETED)
        .order_by(col(ModuleProgress.completed_on), col(ModuleProgress.id))
    ).all()
    weeks: set[tuple[int, date]] = set()
    for person_id, key, completed_on in finished:
        if completed_on is None or completed_on > today - timedelta(days=3):
            continue  # a fresh one is still asked on the learner's Home
        day = completed_on + timedelta(days=1)
        if key == LOW_MODULE:
            rating, comment = rng.choice((1, 2, 2, 3)), rng.choice(LOW_MODULE_COMMENTS)
        else:
            rating = rng.choice((3, 4, 4, 5, 5))
            comment = rng.choice(MODULE_COMMENTS.get(key, GENERAL_COMMENTS))
        person = by_id[person_id]
        if _answer(session, person, key, week_start(day), rating, comment, _at(day, 16), rng):
            weeks.add((person.id, week_start(day)))
    return weeks


def _weekly_answers(
    session: Session,
    people: dict[str, PersonRef],
    today: date,
    asked: set[tuple[int, date]],
    rng: random.Random,
) -> None:
    """Learners on a track answered most past weeks (not this one) on Friday afternoon."""
    on_track = set(
        session.exec(
            select(Enrollment.person_id).where(Enrollment.status == EnrollmentStatus.ACTIVE)
        ).all()
    )
    this_week = week_start(today)
    for person in sorted(people.values(), key=lambda p: p.name):
        if person.id not in on_track:
            continue
        for back in range(WEEKS_OF_WEEKLY_ANSWERS, 0, -1):
            week = this_week - timedelta(weeks=back)
            if (person.id, week) in asked:
                continue
            rating = rng.choice((3, 4, 4, 4, 5))
            friday = week + timedelta(days=4)
            _answer(
                session,
                person,
                None,
                week,
                rating,
                rng.choice(WEEKLY_COMMENTS),
                _at(friday, 16),
                rng,
            )


def _improvements(
    session: Session, people: dict[str, PersonRef], lead: PersonRef, today: date
) -> None:
    for module_key, title, owner, days_ago, status in IMPROVEMENTS:
        opened = _at(today - timedelta(days=days_ago), 11)
        item = open_improvement(
            session,
            actor=lead,
            module_key=module_key,
            title=title,
            owner_id=people[owner].id if owner in people else None,
            now=opened,
        )
        if status != ImprovementStatus.OPEN:
            set_improvement_status(
                session,
                actor=lead,
                item_id=item.id,
                status=status,
                now=opened + timedelta(days=days_ago // 2),
            )


def _talking_points(
    session: Session, people: dict[str, PersonRef], lead: PersonRef, today: date
) -> None:
    """Points on each named mentee's next 1:1, added the day before today."""
    for hour, (mentee_name, by_mentee, text, private) in enumerate(TALKING_POINTS, start=9):
        mentee = people.get(mentee_name)
        if mentee is None or mentee.mentor_id is None:
            continue
        plan = active_plan(session, actor=lead, mentee_id=mentee.id, today=today)
        if plan is None or plan.next_session is None:
            continue
        add_talking_point(
            session,
            actor=mentee if by_mentee else get_person(session, plan.mentor_id),
            meeting_id=plan.next_session.id,
            text=text,
            private=private,
            now=_at(today - timedelta(days=1), hour),
        )
