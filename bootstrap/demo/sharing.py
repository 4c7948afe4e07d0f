"""The demo's knowledge sharing, through the real services: a small second team (Platform
Reliability) in the same organisation, a fortnightly architecture review, brown bags and
walkthroughs already held (who came, the hours logged, presenters confirmed), sessions to come
with sign-ups, and a community of practice with members of both teams."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from assessments.framework import start_team_framework
from assessments.ratings import people_matrix
from bootstrap.demo.curriculum import DEMO_EMAIL_DOMAIN
from mentoring.communities import create_community, join_community, share_note
from mentoring.sharing import (
    Repeat,
    SessionDraft,
    confirm_presentation,
    log_session_hour,
    propose_session,
    record_attendance,
    session_competencies,
    sign_up,
)
from search.notes import NoteInput, create_note
from storage.enums import NoteCategory, PersonRole, SharingKind
from storage.models import Note, Person, Team
from storage.people import PersonRef, get_person

SECOND_TEAM_NAME = "Platform Reliability"
# (name, role, job title, mentor, days since joining)
SECOND_TEAM = (
    ("Rosa Lindqvist", PersonRole.LEAD, "Engineering lead", None, 1100),
    ("Owen Brooks", PersonRole.MENTOR, "Staff SRE", None, 1500),
    ("Yuki Tanaka", PersonRole.LEARNER, "Site reliability engineer", "Owen Brooks", 200),
)
COMMUNITY_NAME = "Retrieval quality"
# (author, title): each author shares their own team note with the community.
COMMUNITY_NOTES = (
    ("Kwame Mensah", "Brown bag: how do we know search got better?"),
    ("Grace Okafor", "Benchmark: dense vs BM25 vs hybrid on our questions"),
)
COMMUNITY_MEMBERS = ("Kwame Mensah", "Aisha Khan", "Grace Okafor", "Owen Brooks", "Yuki Tanaka")
# Platform Reliability's note for the community (their team's own, shared by its author).
RUNBOOK_TITLE = "Runbook: the recall@10 alert fired"
RUNBOOK = """When the nightly quality job pages, recall@10 on the saved questions fell below the
threshold (0.80 today). Latency dashboards will usually look fine: this alert exists because a
search can be fast and wrong.

## First ten minutes

1. Open the job's report and note which questions lost their relevant hit. One question is
   noise; five on one topic is a regression.
2. Check whether the index was rebuilt since the last green run. A rebuild with a different
   embedding model or chunk size changes every vector, and old thresholds no longer hold.
3. Compare the dense and the BM25 rankings for a failing question. If BM25 still finds the
   hit, the fault is on the embedding side; if both lost it, the document probably left the
   index (deleted, or its visibility changed).

## Usual causes

- A model or chunking change shipped without re-running the evaluation first.
- An ingestion job skipped a folder, so documents are simply missing.
- HNSW `ef_search` was lowered to save latency: queries get faster and recall drops, so the
  latency graphs look better while the results get worse.

## Closing the alert

Write what happened in the team's post-mortem template, add the failing questions to the saved
set if they were not in it, and only then raise or lower the threshold.
"""


@dataclass(frozen=True)
class HeldSession:
    title: str
    kind: SharingKind
    days_ago: int
    at: time
    minutes: int
    presenters: tuple[str, ...]
    module: str
    description: str
    came: tuple[str, ...]
    logged: tuple[str, ...]  # who logged the hour from it
    confirmed_by: str | None  # the presenter's mentor or the lead, None: still to confirm


HELD = (
    HeldSession(
        "Why our recall dropped after the re-chunk",
        SharingKind.BROWN_BAG,
        40,
        time(12, 30),
        45,
        ("Aisha Khan",),
        "chunking-and-ingestion",
        "What changed when we moved from fixed 512-token chunks to heading-aware ones, and the "
        "two queries that got worse.",
        ("Ben Carter", "Mei Chen", "Diego Fernández", "Grace Okafor"),
        ("Ben Carter", "Mei Chen"),
        "Grace Okafor",
    ),
    HeldSession(
        "Walking through the FAISS index loader",
        SharingKind.CODE_WALKTHROUGH,
        26,
        time(14, 0),
        60,
        ("Mei Chen",),
        "faiss-in-practice",
        "IndexIDMap2, how the id map is written next to the index, and what happens on restart.",
        ("Diego Fernández", "Hannah Schmidt", "Jonas Weber"),
        ("Diego Fernández",),
        "Tomás Alvarez",
    ),
    HeldSession(
        "Support search: from pilot to business case",
        SharingKind.USE_CASE_PRESENTATION,
        12,
        time(11, 0),
        60,
        ("Kwame Mensah", "Ben Carter"),
        "business-value-and-use-cases",
        "Ticket deflection figures from the pilot and the questions finance asked.",
        ("Priya Raman", "Sofia Rossi", "Aisha Khan", "Lars Henriksen"),
        ("Aisha Khan",),
        None,  # waits for Lars, their mentor, or Priya
    ),
)
# Sign-ups for what is coming.
BROWN_BAG_SIGN_UPS = ("Ben Carter", "Sofia Rossi", "Diego Fernández")
COMMUNITY_SIGN_UPS = ("Yuki Tanaka", "Hannah Schmidt")


def _at(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=UTC)


def _second_team(session: Session, today: date) -> dict[str, PersonRef]:
    team = Team(name=SECOND_TEAM_NAME)
    session.add(team)
    session.flush()
    assert team.id is not None
    start_team_framework(session, team.id)
    ids: dict[str, int] = {}
    for name, role, job, mentor, joined in SECOND_TEAM:
        person = Person(
            team_id=team.id,
            name=name,
            email=f"{name.lower().replace(' ', '.')}@{DEMO_EMAIL_DOMAIN}",
            role=role,
            job_role=job,
            mentor_id=ids[mentor] if mentor else None,
            joined_on=today - timedelta(days=joined),
        )
        session.add(person)
        session.flush()
        assert person.id is not None
        ids[name] = person.id
    return {name: get_person(session, pid) for name, pid in ids.items()}


def _people(session: Session) -> dict[str, PersonRef]:
    return {
        p.name: get_person(session, p.id or 0)
        for p in session.exec(select(Person).where(Person.active == True))  # noqa: E712
    }


def seed_sharing(session: Session, *, today: date) -> None:
    """Call after the demo team, its mentoring and its notes are seeded."""
    _second_team(session, today)
    people = _people(session)
    for held in HELD:
        day = today - timedelta(days=held.days_ago)
        proposer = people[held.presenters[0]]
        [view] = propose_session(
            session,
            actor=proposer,
            draft=SessionDraft(
                title=held.title,
                kind=held.kind,
                on=day,
                at=held.at,
                minutes=held.minutes,
                presenter_ids=tuple(people[n].id for n in held.presenters),
                module_key=held.module,
                description=held.description,
            ),
            now=_at(day - timedelta(days=9), time(9)),
        )
        for name in held.came:
            sign_up(
                session,
                actor=people[name],
                session_id=view.id,
                now=_at(day - timedelta(days=5), time(10)),
            )
        after = view.ends_at.astimezone(UTC) + timedelta(minutes=30)
        record_attendance(
            session,
            actor=proposer,
            session_id=view.id,
            attendee_ids=[people[n].id for n in held.came],
            now=after,
        )
        for name in held.logged:
            log_session_hour(
                session, actor=people[name], session_id=view.id, now=after + timedelta(hours=2)
            )
        if held.confirmed_by:
            for presenter in held.presenters:
                level = _shown_level(session, people[presenter], view.id)
                if level is not None:
                    confirm_presentation(
                        session,
                        actor=people[held.confirmed_by],
                        session_id=view.id,
                        presenter_id=people[presenter].id,
                        level=level,
                        now=after + timedelta(days=1),
                    )
    _architecture_reviews(session, people, today)
    _coming(session, people, today)
    _community(session, people, today)


def _shown_level(session: Session, presenter: PersonRef, session_id: int) -> int | None:
    """The level the demo's mentor confirms: what the presenter's matrix already shows in the
    session's competencies (the lowest of them), so the demo's levels and the stories told
    about them stay as they are; None when one of them has no level yet."""
    matrix = people_matrix(
        session,
        actor=get_person(session, presenter.mentor_id or presenter.id),
        team_id=presenter.team_id,
        person_ids=[presenter.id],
    )
    levels = [
        matrix.cells[(presenter.id, c.key)].resolved.level
        for c in session_competencies(session, session_id, presenter.team_id)
    ]
    if not levels or any(level is None for level in levels):
        return None
    return max(1, min(level for level in levels if level is not None))


def _architecture_reviews(session: Session, people: dict[str, PersonRef], today: date) -> None:
    """Every second Thursday at 15:00, started six weeks ago, planned three months ahead."""
    first = today - timedelta(days=42)
    first += timedelta(days=(3 - first.weekday()) % 7)  # the next Thursday
    created = propose_session(
        session,
        actor=people["Lars Henriksen"],
        draft=SessionDraft(
            title="Architecture review",
            kind=SharingKind.ARCHITECTURE_REVIEW,
            on=first,
            at=time(15, 0),
            minutes=60,
            presenter_ids=(people["Lars Henriksen"].id, people["Tomás Alvarez"].id),
            module_key="performance-and-scaling",
            description="One design on the table each time: the index layout, the ingestion "
            "queue, the re-ranking service. Bring the diagram, not slides.",
            repeat=Repeat(interval_weeks=2, until_on=today + timedelta(days=90)),
        ),
        now=_at(first - timedelta(days=7), time(9)),
    )
    regulars = ("Hannah Schmidt", "Sofia Rossi", "Kwame Mensah", "Mei Chen")
    for view in created:
        end = view.ends_at.astimezone(UTC)
        if end.date() >= today:
            break
        came = regulars[: 2 + view.id % 3]
        record_attendance(
            session,
            actor=people["Lars Henriksen"],
            session_id=view.id,
            attendee_ids=[people[n].id for n in came],
            now=end + timedelta(minutes=20),
        )


def _coming(session: Session, people: dict[str, PersonRef], today: date) -> None:
    day = today + timedelta(days=4)
    [brown_bag] = propose_session(
        session,
        actor=people["Jonas Weber"],
        draft=SessionDraft(
            title="Hybrid search: when BM25 saves the day",
            kind=SharingKind.BROWN_BAG,
            on=day,
            at=time(12, 30),
            minutes=45,
            presenter_ids=(people["Jonas Weber"].id,),
            module_key="hybrid-search",
            link="https://en.wikipedia.org/wiki/Okapi_BM25",
            description="Three queries from our logs where exact product codes beat embeddings, "
            "and how reciprocal rank fusion keeps both.",
        ),
        now=_at(today - timedelta(days=2), time(9)),
    )
    for name in BROWN_BAG_SIGN_UPS:
        sign_up(
            session,
            actor=people[name],
            session_id=brown_bag.id,
            now=_at(today - timedelta(days=1), time(11)),
        )


def _community(session: Session, people: dict[str, PersonRef], today: date) -> None:
    started = _at(today - timedelta(days=30), time(10))
    community = create_community(
        session,
        actor=people["Hannah Schmidt"],
        name=COMMUNITY_NAME,
        description="How each team measures whether search got better: test questions, "
        "recall@k, and reading the results with the people who asked.",
        competency_keys=["vector-database-expertise", "performance-optimisation"],
        module_keys=["retrieval-evaluation"],
        now=started,
    )
    for name in (*COMMUNITY_MEMBERS, "Rosa Lindqvist"):
        join_community(
            session, actor=people[name], community_id=community.id, now=started + timedelta(days=1)
        )
    shared_on = started + timedelta(days=2)
    runbook = create_note(
        session,
        actor=people["Owen Brooks"],
        note_in=NoteInput(
            title=RUNBOOK_TITLE,
            body=RUNBOOK,
            tags=("alerting", "evaluation", "runbook"),
            category=NoteCategory.GUIDE,
            review_by=today + timedelta(days=60),
        ),
        now=shared_on - timedelta(hours=2),
    )
    shared = [(people[author], title) for author, title in COMMUNITY_NOTES]
    for author, title in [*shared, (people["Owen Brooks"], runbook.title)]:
        note_id = session.exec(
            select(Note.id).where(Note.title == title, Note.author_id == author.id)
        ).first()
        if note_id is not None:
            share_note(
                session, actor=author, community_id=community.id, note_id=note_id, now=shared_on
            )
    day = today + timedelta(days=9)
    [talk] = propose_session(
        session,
        actor=people["Owen Brooks"],
        draft=SessionDraft(
            title="Alerting on retrieval quality, not only latency",
            kind=SharingKind.TALK,
            on=day,
            at=time(16, 0),
            minutes=45,
            presenter_ids=(people["Owen Brooks"].id, people["Kwame Mensah"].id),
            module_key="retrieval-evaluation",
            description="A nightly job runs the saved questions and pages when recall@10 drops.",
            community_id=community.id,
        ),
        now=_at(today - timedelta(days=3), time(9)),
    )
    for name in COMMUNITY_SIGN_UPS:
        sign_up(
            session,
            actor=people[name],
            session_id=talk.id,
            now=_at(today - timedelta(days=1), time(15)),
        )
