"""The demo team's mentoring: plans, past 1:1s with notes and action items, a capstone.

Built on the competency history from `bootstrap.demo.assessments`, through the real services. Each
mentee's plan comes from the assessment that was their latest when it started: the first
check-in for those who have one, else the quarterly check-in nine days ago. Ben Carter's
sessions stop when his learning stalled, so his cadence alert and late 1:1s show; Aisha Khan
is three weeks into a capstone. Deterministic for a given `today`.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from assessments.evaluations import AssessmentView, assessments_of
from assessments.ratings import team_matrix
from mentoring.action_items import add_action_item, close_action_item
from mentoring.agenda import GapItem, largest_gaps
from mentoring.capstone_tracking import capstones_of, start_capstone, tick_checkpoint
from mentoring.meetings import complete_meeting, gaps_in, meeting_detail, rate_meeting, save_meeting
from mentoring.planning import create_plan
from mentoring.plans import propose_plan
from storage.enums import PersonRole, Visibility
from storage.models import Competency, MentoringPlan, MentoringSession, Person, utc_now
from storage.people import PersonRef, get_person

MENTORING_RANDOM_SEED = 4_2026
# Days after the assessment a plan starts.
PLAN_STARTS_AFTER_DAYS = 1
# Mentees whose 1:1s stopped: sessions after this many days ago were not held.
STOPPED_DAYS_AGO = {"Ben Carter": 18}
SESSION_TIME_BY_MENTOR = {
    "Grace Okafor": time(14, 0),
    "Tomás Alvarez": time(10, 0),
    "Lars Henriksen": time(15, 30),
}
CAPSTONE = ("Aisha Khan", "personal-document-search", 20)  # mentee, project, started days ago
# Items a mentee takes on, by the competency the gap is in.
MENTEE_ITEMS: dict[str, tuple[str, ...]] = {
    "vector-database-expertise": (
        "Rebuild the ticket index with IndexIVFFlat and compare recall@10 with the flat index",
        "Write down when to pick HNSW over IVF, with numbers from our data",
    ),
    "embedding-model-mastery": (
        "Compare all-MiniLM-L6-v2 with a multilingual model on 20 German tickets",
        "Plot similarity scores of relevant and irrelevant pairs from the eval set",
        "Check how many chunks run past the model's 256 word-piece limit",
    ),
    "system-architecture": (
        "Sketch the docs-search ingestion pipeline, marking where content hashes are checked",
        "List what breaks if the Chroma server restarts mid-ingest",
    ),
    "performance-optimisation": (
        "Measure p95 query latency at 10k, 100k and 1M vectors",
        "Batch the nightly embedding job and time it against the current one",
    ),
    "use-case-identification": (
        "List three support workflows that could use semantic search, with an owner each",
    ),
    "stakeholder-communication": (
        "Prepare a five-minute demo of the prototype for the support leads",
    ),
    "business-value-assessment": (
        "Estimate the hours a week saved if duplicate tickets were found automatically",
    ),
    "project-management": ("Break the next milestone into tickets with estimates",),
    "knowledge-transfer": (
        "Write an internal note on our chunking choices",
        "Present the hybrid search results at the Friday demo",
    ),
    "mentoring": ("Pair with a newer teammate on their first FAISS exercise",),
    "team-collaboration": ("Review a teammate's chunking pull request",),
    "innovation-leadership": ("Draft a one-page proposal for re-ranking in the docs search",),
}
MENTOR_ITEMS = (
    "Send {first} the write-up on HNSW parameters",
    "Introduce {first} to the support team leads",
    "Find a labelled query set {first} can evaluate against",
    "Book {first} a slot at the Friday demo",
)
NOTES = (
    "Went through {gap}. {first} follows the ideas but still needs them pointed out in "
    "real code; agreed to practise on the ticket corpus.",
    "{first} showed the benchmark: recall numbers were solid, latency not measured yet. "
    "Talked about why the flat index stops scaling.",
    "Mostly problem solving today: the Chroma filter that returned nothing turned out to be "
    "a metadata type mismatch. Good debugging by {first}.",
    "Reviewed progress against the plan. {first} is more confident with {gap}; next step is "
    "explaining it to someone else.",
    "Career chat: {first} wants to own a search feature end to end this quarter. "
    "Mapped what that needs in {gap}.",
    "Short session. Walked through the quiz mistakes together; the IVF nprobe question "
    "caused most of them.",
)
SHARED_NOTE_EVERY = 3  # every third session's notes go to the team


def _at(day: date, at: time) -> datetime:
    """A moment on `day`, never later than now (the demo is seeded during the day)."""
    return min(datetime.combine(day, at, tzinfo=UTC), utc_now())


def _assessment_at_start(views: list[AssessmentView], today: date) -> AssessmentView:
    """The first check-in when there is one more than three weeks old, else the latest."""
    older = [v for v in views if v.created_at.date() <= today - timedelta(days=21)]
    return older[0] if older else views[0]


def seed_mentoring(session: Session, *, today: date) -> None:
    """Plans, past sessions with notes and action items, ratings, and a capstone in progress."""
    rng = random.Random(MENTORING_RANDOM_SEED)
    people = {p.name: get_person(session, p.id or 0) for p in session.exec(select(Person))}
    by_id = {p.id: p for p in people.values()}
    competency_keys = {c.name: c.key for c in session.exec(select(Competency))}
    if not competency_keys:
        return
    # Seeding reads the team as its lead would: every row of the matrix, every assessment.
    lead = next(p for p in people.values() if p.is_lead)
    matrix = team_matrix(session, actor=lead, team_id=lead.team_id)
    capstone_mentee, project_key, started_days_ago = CAPSTONE
    for mentee in sorted(people.values(), key=lambda p: p.name):
        if mentee.role != PersonRole.LEARNER or mentee.mentor_id is None:
            continue
        views = assessments_of(session, actor=lead, person_id=mentee.id)
        if not views:
            continue
        mentor = by_id[mentee.mentor_id]
        if mentee.name == capstone_mentee:
            start_capstone(
                session,
                actor=mentor,
                mentee_id=mentee.id,
                project_key=project_key,
                started_on=today - timedelta(days=started_days_ago),
                now=_at(today - timedelta(days=started_days_ago), time(12, 0)),
            )
        basis = _assessment_at_start(views, today)
        started_on = basis.created_at.date() + timedelta(days=PLAN_STARTS_AFTER_DAYS)
        created_at = _at(started_on, time(9, 0))
        plan = create_plan(
            session,
            actor=mentor,
            mentee_id=mentee.id,
            started_on=started_on,
            settings=propose_plan(basis.overall).settings,
            session_time=SESSION_TIME_BY_MENTOR.get(mentor.name, time(10, 0)),
            now=created_at,
        )
        row = session.get(MentoringPlan, plan.id)
        assert row is not None
        row.assessment_id, row.created_at = basis.id, created_at  # as it was made back then
        session.add(row)
        gaps = largest_gaps(gaps_in(matrix, mentee.id), 4)
        stopped = STOPPED_DAYS_AGO.get(mentee.name)
        for summary in plan.sessions:
            day = summary.scheduled_for.date()
            if day >= today or (stopped is not None and day > today - timedelta(days=stopped)):
                continue
            _hold_session(session, mentor, mentee, summary.id, gaps, competency_keys, today, rng)


def _hold_session(
    session: Session,
    mentor: PersonRef,
    mentee: PersonRef,
    session_id: int,
    gaps: list[GapItem],
    competency_keys: dict[str, str],
    today: date,
    rng: random.Random,
) -> None:
    """One past 1:1 as it happened: agenda drafted then, notes, items, closed items, rating."""
    row = session.get(MentoringSession, session_id)
    assert row is not None
    started = row.scheduled_for
    first = mentee.name.split()[0]
    detail = meeting_detail(session, actor=mentor, meeting_id=session_id, now=started)
    held_until = started + timedelta(minutes=detail.plan.session_minutes)
    # Items carried into this session that were done by now are closed as it ends.
    for item in detail.carried_over:
        if item.due_on is not None and item.due_on <= started.date() and rng.random() < 0.7:
            close_action_item(
                session, actor=mentor, item_id=item.id, now=started + timedelta(minutes=20)
            )
    gap = rng.choice(gaps) if gaps else None
    save_meeting(
        session,
        actor=mentor,
        meeting_id=session_id,
        agenda=detail.agenda,
        notes=rng.choice(NOTES).format(
            first=first, gap=gap.competency_name.lower() if gap else "the module exercises"
        ),
        visibility=Visibility.TEAM if row.number % SHARED_NOTE_EVERY == 0 else Visibility.PAIR,
        expected_version=detail.version,
        now=held_until,
    )
    complete_meeting(session, actor=mentor, meeting_id=session_id, now=held_until)
    if gap is not None:
        key = competency_keys[gap.competency_name]
        # A fresh item each time: the gap's own ideas first, then a stretch into teaching it.
        taken = {i.title for i in detail.carried_over} | {i.title for i in detail.raised}
        ideas = [*MENTEE_ITEMS.get(key, ()), *MENTEE_ITEMS["knowledge-transfer"]]
        fresh = [t for t in ideas if t not in taken] or [
            f"Practise {gap.competency_name.lower()} on this week's module exercise"
        ]
        add_action_item(
            session,
            actor=mentor,
            session_id=session_id,
            title=rng.choice(fresh),
            owner_id=mentee.id,
            due_on=started.date() + timedelta(days=rng.choice((4, 6, 7))),
            competency_key=key,
            now=held_until,
        )
    if rng.random() < 0.4:
        add_action_item(
            session,
            actor=mentor,
            session_id=session_id,
            title=rng.choice(MENTOR_ITEMS).format(first=first),
            owner_id=mentor.id,
            due_on=started.date() + timedelta(days=2),
            now=held_until,
        )
    if rng.random() < 0.8:
        rate_meeting(
            session,
            actor=mentee,
            meeting_id=session_id,
            rating=rng.choice((3, 4, 4, 5, 5)) if mentee.name != "Ben Carter" else 3,
            now=held_until,
        )
    if mentee.name == CAPSTONE[0]:
        _tick_capstone(session, mentor, mentee, started.date(), today)


def _tick_capstone(
    session: Session, mentor: PersonRef, mentee: PersonRef, day: date, today: date
) -> None:
    """In a session, tick the capstone checkpoints whose week has ended by then."""
    for capstone in capstones_of(session, actor=mentor, mentee_id=mentee.id):
        if capstone.completed_on is not None:
            continue
        for checkpoint in capstone.checkpoints:
            if checkpoint.done_on is None and checkpoint.due_on < day < today:
                tick_checkpoint(
                    session,
                    actor=mentor,
                    capstone_id=capstone.id,
                    week=checkpoint.week,
                    on=day,
                    now=utc_now(),  # the audit log's time, as the demo's other changes
                )
