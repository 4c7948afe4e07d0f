"""The demo's practical work, handed in and graded through the real services: learners hand in
the practical of each module they finished, mentors grade most within the week, one waits
too long, one comes back for another attempt, and a mentor's staged teaching assessment waits
for the lead. Self-assessments and one peer review sit beside the grades."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from assessments.practical import (
    AssignmentView,
    grade_hand_in,
    list_assignments,
    peer_review,
    request_peer_review,
    self_assess,
    submit_hand_in,
)
from assessments.rubrics import CriterionScore, HandInResult
from storage.enums import ModuleStatus, PersonRole
from storage.models import Module, ModuleProgress, Person, utc_now
from storage.people import PersonRef, get_person

PRACTICAL_RANDOM_SEED = 18
# Who hands in what beyond their finished modules' practicals.
RETURNED = ("Ben Carter", "vector-search-fundamentals")  # graded "another attempt"
STAGED = ("Grace Okafor", "teaching")  # a mentor's level-4 assessment, waiting for the lead
PEER_REVIEW = ("Aisha Khan", "Mei Chen")  # Aisha asks Mei to review her newest hand-in

# What each module's hand-in says, in the learner's words; {n} is a figure that varies.
HAND_IN_TEXT = {
    "vector-search-fundamentals": (
        "I ran ten queries over {n} support tickets, five of them paraphrases. Keyword search "
        "won on error codes and product names; semantic search found the paraphrased ones. "
        "The table and my notes on each query are attached."
    ),
    "embeddings-and-similarity": (
        "Embedded {n} passages of our wiki with all-MiniLM-L6-v2 (384 dimensions, normalised). "
        "Cosine and dot product gave the same ranking, as expected for unit vectors; Euclidean "
        "differed only in ties. Five nearest-neighbour lists with my reading are attached."
    ),
    "chunking-and-ingestion": (
        "The chunker splits at headings, then paragraphs, with about 15 % overlap. Re-running "
        "after editing one page re-embedded {n} chunks instead of the whole space, because "
        "unchanged chunks keep their content hash."
    ),
    "index-families": (
        "On {n}k passages HNSW (M=32) reached recall@10 of 0.95 at efSearch 64 in 1.9 ms; IVF "
        "needed nprobe 24 for the same recall. I recommend HNSW for our size and update rate; "
        "plot and memory arithmetic attached."
    ),
    "faiss-in-practice": (
        "IndexIDMap2 over IndexFlatIP keeps our document ids, so deletes use remove_ids. The "
        "index is written next to an id map and reloaded on start; {n} queries gave the same "
        "results before and after a restart."
    ),
    "chroma-in-practice": (
        "A persistent Chroma collection in cosine space with our own embeddings. A team filter "
        "uses `where`, and an edited source replaces its {n} chunks by id, so stale text no "
        "longer comes back. Sync script attached."
    ),
    "hybrid-search": (
        "BM25 and dense lists fused with reciprocal rank fusion (k = 60). On our {n} labelled "
        "queries, hybrid lifted recall@10 from 0.71 (dense) and 0.64 (BM25) to 0.79; exact "
        "error codes were the biggest win."
    ),
    "retrieval-evaluation": (
        "A test set of {n} questions written from our runbooks, each with its expected "
        "passages. Reporting recall@10, MRR@10 and nDCG@10 for dense and hybrid, with the "
        "questions hybrid still misses."
    ),
    "rag-systems": (
        "The pipeline retrieves five chunks, answers with citations and declines when the best "
        "score is under the threshold. Of {n} test questions it declined the 6 we had no "
        "documents for."
    ),
    "performance-and-scaling": (
        "Budget for {n}k vectors: HNSW needs about 1.9 GB with M=32 at 384 dimensions; p95 "
        "latency stays under 20 ms at 50 queries a second on two cores. Load test attached."
    ),
    "operations-and-security": (
        "Runbook for the notes index: backup, restore into a scratch folder, a rebuild from "
        "the registry, and the check that a private note never shows for a teammate. Restore "
        "tested on {n} notes."
    ),
    "business-value-and-use-cases": (
        "Pilot proposal for support search: {n} tickets a week, about 4 minutes saved per "
        "ticket found faster, a two-week demo on the sponsor's data and the measure we would "
        "track."
    ),
    "teaching-and-mentoring": (
        "Two 1:1s with my mentee on shared agendas, one piece of situation-behaviour-impact "
        "feedback, and a learning plan for the next {n} weeks; agendas attached."
    ),
}
STAGED_TEXT = (
    "Ran a 30-minute brown-bag on choosing efSearch from measured recall for eight "
    "teammates, wrote the team note that goes with it, and mentored Aisha through her first "
    "index comparison. Slides outline, note and the audience's questions attached."
)
GRADE_COMMENTS = (
    "Clear and measured on our own data.",
    "Good work; next time show the queries that still fail.",
    "Solid. The recommendation follows from the numbers.",
)


def _at(day: date, hour: int) -> datetime:
    return min(datetime.combine(day, time(hour, 0), tzinfo=UTC), utc_now())


def _scores(
    assignment: AssignmentView, rng: random.Random, low: int, high: int
) -> dict[str, CriterionScore]:
    return {c.key: CriterionScore(rng.randint(low, high), "") for c in assignment.criteria}


def _attachment(module_key: str, text: str) -> list[tuple[str, bytes]]:
    return [(f"{module_key}-notes.md", f"# {module_key}\n\n{text}\n".encode())]


def seed_practical_work(session: Session, *, today: date) -> None:
    rng = random.Random(PRACTICAL_RANDOM_SEED)
    by_module = {a.module_key: a for a in list_assignments(session) if a.module_key}
    staged = {a.key.split("/")[-1]: a for a in list_assignments(session) if not a.module_key}
    people = {p.name: get_person(session, p.id or 0) for p in session.exec(select(Person))}
    lead = next(p for p in people.values() if p.is_lead)
    newest: dict[str, tuple[int, AssignmentView]] = {}
    by_id = {p.id: p for p in people.values()}
    for person in sorted(people.values(), key=lambda p: p.name):
        if person.role != PersonRole.LEARNER or not person.active:
            continue
        done = session.exec(
            select(Module.key, col(ModuleProgress.completed_on))
            .join(Module, col(Module.id) == ModuleProgress.module_id)
            .where(
                ModuleProgress.person_id == person.id,
                ModuleProgress.status == ModuleStatus.COMPLETED,
            )
            .order_by(col(ModuleProgress.completed_on))
        ).all()
        mentor = by_id.get(person.mentor_id or 0, lead)
        for module_key, completed_on in done:
            assignment = by_module.get(module_key)
            if assignment is None or completed_on is None:
                continue
            handed_on = min(completed_on + timedelta(days=rng.randint(1, 3)), today)
            hand_in_id = _hand_in(session, person, assignment, module_key, handed_on, rng)
            newest[person.name] = (hand_in_id, assignment)
            if rng.random() < 0.4:
                self_assess(
                    session,
                    actor=person,
                    hand_in_id=hand_in_id,
                    scores=_scores(assignment, rng, 2, 4),
                    comment="",
                    at=_at(handed_on, 18),
                )
            graded_on = handed_on + timedelta(days=rng.randint(1, 4))
            if graded_on >= today - timedelta(days=1):
                continue  # still waiting for the mentor
            returned = (person.name, module_key) == RETURNED
            grade_hand_in(
                session,
                actor=mentor,
                hand_in_id=hand_in_id,
                scores=_scores(assignment, rng, 1, 2)
                if returned
                else _scores(assignment, rng, 2, 4),
                result=HandInResult.AGAIN if returned else HandInResult.PASS,
                comment=(
                    "Measure on our own tickets rather than the sample set, and say why each "
                    "query went the way it did."
                    if returned
                    else rng.choice(GRADE_COMMENTS)
                ),
                at=_at(graded_on, 15),
            )
    _staged_assessment(session, people, staged, today)
    asker, reviewer = (people[name] for name in PEER_REVIEW)
    if asker.name in newest:
        hand_in_id, assignment = newest[asker.name]
        request_peer_review(
            session,
            actor=asker,
            hand_in_id=hand_in_id,
            reviewer_id=reviewer.id,
            at=_at(today - timedelta(days=3), 11),
        )
        peer_review(
            session,
            actor=reviewer,
            hand_in_id=hand_in_id,
            scores=_scores(assignment, rng, 2, 3),
            comment="Easy to follow; I would add the two queries that still fail.",
            at=_at(today - timedelta(days=2), 16),
        )


def _hand_in(
    session: Session,
    person: PersonRef,
    assignment: AssignmentView,
    module_key: str,
    on: date,
    rng: random.Random,
) -> int:
    text = HAND_IN_TEXT.get(module_key, "My work on this practical is attached.").format(
        n=rng.choice((40, 60, 120, 250, 500))
    )
    return submit_hand_in(
        session,
        actor=person,
        assignment_id=assignment.id,
        text=text,
        link=None,
        files=_attachment(module_key, text) if rng.random() < 0.7 else [],
        at=_at(on, 16),
    ).hand_in_id


def _staged_assessment(
    session: Session,
    people: dict[str, PersonRef],
    staged: dict[str, AssignmentView],
    today: date,
) -> None:
    name, key = STAGED
    assignment = staged.get(key)
    if assignment is None or name not in people:
        return
    submit_hand_in(
        session,
        actor=people[name],
        assignment_id=assignment.id,
        text=STAGED_TEXT,
        link=None,
        files=[("brown-bag-note.md", f"# Choosing efSearch\n\n{STAGED_TEXT}\n".encode())],
        at=_at(today - timedelta(days=9), 17),  # waiting more than a week: the agenda says so
    )
