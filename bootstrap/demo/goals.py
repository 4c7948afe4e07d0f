"""The demo team's development plans, made through the real services: a few goals for several
learners, proposed and agreed weeks ago, with milestones ticked along the way and review notes
from the 1:1s already held. One goal is off track (Ben Carter's prototype, as his learning
stalled), one is done (Mei Chen's architecture goal), one waits for the mentor to agree, and
Aisha Khan aims above her role in vector databases (a personal target in the matrix)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from mentoring.goals import (
    GoalInput,
    add_goal,
    agree_goal,
    development_plan,
    review_goal,
    tick_milestone,
)
from storage.models import MentoringPlan, MentoringSession, Person
from storage.people import PersonRef, get_person


@dataclass(frozen=True)
class DemoMilestone:
    title: str
    done_days_ago: int | None = None  # None: not reached yet


@dataclass(frozen=True)
class DemoGoal:
    person: str
    title: str
    why: str
    success: str
    set_days_ago: int
    due_in_days: int
    competency: str | None = None
    target: int | None = None
    milestones: tuple[DemoMilestone, ...] = ()
    mentor_agrees: bool = True
    review: str = ""  # the note of the last 1:1 held after the goal was set


DEMO_GOALS: tuple[DemoGoal, ...] = (
    DemoGoal(
        "Aisha Khan",
        "Choose and tune the index for the support-ticket search",
        "Support search moves off keyword matching next quarter, and Aisha wants to own the "
        "index behind it rather than hand it over.",
        "A written recommendation, HNSW or IVF, with recall@10 and p95 latency measured on "
        "our own tickets, that the team accepts.",
        set_days_ago=40,
        due_in_days=10,
        competency="vector-database-expertise",
        target=3,
        milestones=(
            DemoMilestone("Benchmark HNSW and IVF on 100k tickets", 12),
            DemoMilestone("Write the recommendation and present it at stand-up"),
        ),
        review="Benchmarks are solid; efSearch 64 looks like the sweet spot. Next: write it "
        "up in one page, trade-offs first.",
    ),
    DemoGoal(
        "Aisha Khan",
        "Explain semantic search to the support leads",
        "The support leads decide whether the new search goes live; they need to trust it.",
        "The support leads can say in their own words when semantic search beats keywords.",
        set_days_ago=20,
        due_in_days=45,
        competency="stakeholder-communication",
        target=2,
    ),
    DemoGoal(
        "Ben Carter",
        "Build a hybrid search prototype for the docs site",
        "Analysts keep asking why the docs search misses paraphrased questions.",
        "A demo that answers the ten most-asked docs questions, keyword and semantic results "
        "fused, shown to the analysts.",
        set_days_ago=50,
        due_in_days=5,
        milestones=(
            DemoMilestone("Index the docs with BM25 and with embeddings", 30),
            DemoMilestone("Fuse the two lists with reciprocal rank fusion"),
            DemoMilestone("Show the demo to the analysts"),
        ),
        review="Stuck since the fusion step; we agreed to pair on it for an hour this week "
        "instead of moving the date.",
    ),
    DemoGoal(
        "Ben Carter",
        "Get to intermediate in embedding models",
        "The prototype needs a model chosen for our docs, not the first one that works.",
        "Compares two embedding models on our own questions and explains the difference.",
        set_days_ago=30,
        due_in_days=60,
        competency="embedding-model-mastery",
        target=2,
    ),
    DemoGoal(
        "Mei Chen",
        "Reach intermediate in system architecture",
        "Mei takes over the ingestion service's design reviews from Tomás in the new year.",
        "Leads one design review of the ingestion pipeline with Tomás only listening.",
        set_days_ago=70,
        due_in_days=20,
        competency="system-architecture",
        target=2,
        milestones=(
            DemoMilestone("Draw the ingestion pipeline as it runs today", 55),
            DemoMilestone("Lead the design review of the re-embedding job", 15),
        ),
        review="Led the review well: clear on the failure modes. Done ahead of time.",
    ),
    DemoGoal(
        "Mei Chen",
        "Give a lunchtime talk on chunking",
        "Three teams chunk documents three different ways; one shared talk saves each a week.",
        "Twenty minutes, recorded, with the chunking notebook shared afterwards.",
        set_days_ago=12,
        due_in_days=35,
        milestones=(
            DemoMilestone("Pick the three examples", 4),
            DemoMilestone("Dry run with Tomás"),
        ),
    ),
    DemoGoal(
        "Sofia Rossi",
        "Mentor a newcomer through their first FAISS exercise",
        "Sofia wants to grow into mentoring; the next joiner starts in January.",
        "The newcomer finishes the FAISS exercise and says the pairing helped.",
        set_days_ago=6,
        due_in_days=50,
        competency="mentoring",
        target=2,
        mentor_agrees=False,  # proposed by Sofia last week; her mentor has not agreed yet
    ),
)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _held_after(session: Session, mentee_id: int, since: datetime) -> MentoringSession | None:
    """The mentee's last 1:1 held after `since`, if any."""
    return session.exec(
        select(MentoringSession)
        .join(MentoringPlan, col(MentoringPlan.id) == MentoringSession.plan_id)
        .where(
            MentoringPlan.mentee_id == mentee_id,
            col(MentoringSession.done_at).is_not(None),
            col(MentoringSession.done_at) > since,
        )
        .order_by(col(MentoringSession.done_at).desc())
    ).first()


def seed_goals(session: Session, *, today: date) -> None:
    """Each demo goal proposed by its person, agreed by their mentor the next day, its
    milestones ticked and its last 1:1's review note written (after seed_mentoring)."""
    people = {p.name: get_person(session, p.id or 0) for p in session.exec(select(Person))}
    for spec in DEMO_GOALS:
        person = people.get(spec.person)
        if person is None or person.mentor_id is None:
            continue
        mentor: PersonRef = get_person(session, person.mentor_id)
        set_at = _at(today - timedelta(days=spec.set_days_ago), 9)
        goal_id = add_goal(
            session,
            actor=person,
            person_id=person.id,
            goal=GoalInput(
                spec.title,
                spec.why,
                today + timedelta(days=spec.due_in_days),
                spec.success,
                spec.competency,
                spec.target,
            ),
            milestones=[m.title for m in spec.milestones],
            now=set_at,
        )
        if spec.mentor_agrees:
            agree_goal(session, actor=mentor, goal_id=goal_id, now=set_at + timedelta(days=1))
        goal = next(
            g
            for g in development_plan(session, actor=person, person_id=person.id, today=today).goals
            if g.id == goal_id
        )
        for milestone, demo in zip(goal.milestones, spec.milestones, strict=True):
            if demo.done_days_ago is not None:
                reached = today - timedelta(days=demo.done_days_ago)
                tick_milestone(
                    session,
                    actor=person,
                    milestone_id=milestone.id,
                    done_on=reached,
                    now=_at(reached, 17),
                )
        held = _held_after(session, person.id, set_at) if spec.review else None
        if held is not None and held.id is not None and held.done_at is not None:
            review_goal(
                session,
                actor=mentor,
                goal_id=goal_id,
                meeting_id=held.id,
                note=spec.review,
                now=held.done_at,
            )
