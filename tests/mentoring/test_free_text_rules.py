"""Free text a person types is checked by the one rule (storage/text_rules.py) in every write
service that stores it: a control character other than a line break or tab is refused with a
message, and nothing is written.

An intake holds no free text (every answer is a choice or a number), so it has no row here."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import Session, SQLModel, func, select

from assessments.evaluations import record_assessment, record_peer_review
from assessments.ratings import add_rating
from assessments.rules import DIMENSIONS, PEER_CRITERIA
from curriculum.progress import log_activity, update_activity
from mentoring.communities import create_community
from mentoring.goals import GoalInput, add_goal, add_milestone, review_goal
from mentoring.planning import create_plan
from mentoring.plans import PlanSettings
from mentoring.sharing import SessionDraft, propose_session
from storage.enums import ActivityKind, LearningStage, PersonRole, RaterKind, SharingKind
from storage.errors import InvalidInput
from storage.models import (
    ActivityLog,
    Assessment,
    AuditEvent,
    Community,
    Goal,
    GoalMilestone,
    GoalReview,
    MentoringSession,
    Person,
    Rating,
    SharingSession,
    Team,
)
from storage.people import PersonRef
from tests.factories import make_module, make_person, make_ref
from tests.mentoring.test_communities import org  # noqa: F401 (fixture)

NOW = datetime(2026, 11, 21, 9, tzinfo=UTC)
TODAY = NOW.date()
CONTROLS = {"ESC": "\x1b", "NUL": "\x00", "BEL": "\x07"}
MODULE_KEY = "index-families"
People = dict[str, PersonRef]


@pytest.fixture
def people(session: Session, org: People) -> People:  # noqa: F811
    """The communities' two teams, with Ada mentored by Max (a plan of 1:1s dated from
    today), one module, one goal of Ada's and one activity she logged."""
    ada = session.get(Person, org["ada"].id)
    assert ada is not None
    team = session.get(Team, ada.team_id)
    assert team is not None
    max_row = make_person(session=session, team=team, name="Max Mentor", role=PersonRole.MENTOR)
    ada.mentor_id = max_row.id
    session.add(ada)
    session.flush()
    people = org | {
        "ada": make_ref(session=session, person=ada),
        "max": make_ref(session=session, person=max_row),
    }
    make_module(session=session, key=MODULE_KEY)
    create_plan(
        session,
        actor=people["max"],
        mentee_id=ada.id or 0,
        started_on=TODAY + timedelta(days=2),
        settings=PlanSettings(8, 1, 45, ("Search in production",)),
        now=NOW,
    )
    add_goal(session, actor=people["ada"], person_id=ada.id or 0, goal=GOAL, now=NOW)
    _activity("Read the FAISS wiki.")(session, people)
    return people


def _community(name: str = "Retrieval quality", description: str = "") -> Callable[..., object]:
    def write(session: Session, people: People) -> object:
        return create_community(
            session,
            actor=people["ada"],
            name=name,
            description=description,
            competency_keys=["vector-search"],
            module_keys=[],
            now=NOW,
        )

    return write


DRAFT = SessionDraft(
    title="Judging recall without labels",
    kind=SharingKind.TALK,
    on=date(2026, 12, 3),
    at=time(14, 0),
    minutes=45,
    presenter_ids=(),
    competency_keys=("vector-search",),
)


def _session(**change: str) -> Callable[..., object]:
    def write(session: Session, people: People) -> object:
        draft = replace(DRAFT, presenter_ids=(people["ada"].id,), **change)
        return propose_session(session, actor=people["ada"], draft=draft, now=NOW)

    return write


def _rating(note: str) -> Callable[..., object]:
    def write(session: Session, people: People) -> object:
        return add_rating(
            session,
            actor=people["ada"],
            person_id=people["ada"].id,
            competency_key="vector-search",
            level=2,
            rater_kind=RaterKind.SELF,
            note=note,
            created_at=NOW,
        )

    return write


def _assessment(note: str) -> Callable[..., object]:
    def write(session: Session, people: People) -> object:
        return record_assessment(
            session,
            actor=people["max"],
            person_id=people["ada"].id,
            scores=dict.fromkeys(DIMENSIONS, 6.0),
            today=TODAY,
            note=note,
            at=NOW,
        )

    return write


def _peer_review(note: str) -> Callable[..., object]:
    def write(session: Session, people: People) -> object:
        return record_peer_review(
            session,
            actor=people["lee"],
            person_id=people["ada"].id,
            scores=dict.fromkeys(PEER_CRITERIA, 4),
            note=note,
            at=NOW,
        )

    return write


def _activity(note: str) -> Callable[..., object]:
    def write(session: Session, people: People) -> object:
        return log_activity(
            session,
            actor=people["ada"],
            person_id=people["ada"].id,
            module_key=MODULE_KEY,
            occurred_on=TODAY,
            hours=1.5,
            kind=ActivityKind.READING,
            stage=LearningStage.REFLECTIVE_OBSERVATION,
            note=note,
            percent=20,
            today=TODAY,
            now=NOW,
        )

    return write


def _activity_corrected(note: str) -> Callable[..., object]:
    def write(session: Session, people: People) -> object:
        [activity_id] = session.exec(select(ActivityLog.id)).all()
        return update_activity(
            session,
            actor=people["ada"],
            activity_id=activity_id or 0,
            occurred_on=TODAY,
            hours=1.5,
            kind=ActivityKind.READING,
            stage=LearningStage.REFLECTIVE_OBSERVATION,
            note=note,
            percent=20,
            today=TODAY,
            now=NOW,
        )

    return write


GOAL = GoalInput(
    title="Run vector search in production",
    why="The search service moves to HNSW.",
    due_on=TODAY + timedelta(days=60),
    success_measure="Recall 0.95 at p95 under 50 ms.",
)


def _goal(milestones: tuple[str, ...] = (), **change: str) -> Callable[..., object]:
    def write(session: Session, people: People) -> object:
        return add_goal(
            session,
            actor=people["ada"],
            person_id=people["ada"].id,
            goal=replace(GOAL, **change),
            milestones=milestones,
            now=NOW,
        )

    return write


def _milestone(title: str) -> Callable[..., object]:
    def write(session: Session, people: People) -> object:
        [goal_id] = session.exec(select(Goal.id)).all()
        return add_milestone(
            session, actor=people["ada"], goal_id=goal_id or 0, title=title, now=NOW
        )

    return write


def _goal_review(note: str) -> Callable[..., object]:
    def write(session: Session, people: People) -> object:
        [goal_id] = session.exec(select(Goal.id)).all()
        first = session.exec(select(MentoringSession).order_by(MentoringSession.number)).first()
        assert first is not None
        return review_goal(
            session,
            actor=people["max"],
            goal_id=goal_id or 0,
            meeting_id=first.id or 0,
            note=note,
            now=NOW,
        )

    return write


def _rows(table: type[SQLModel]) -> Callable[[Session], Hashable]:
    def count(session: Session) -> Hashable:
        return session.exec(select(func.count()).select_from(table)).one()

    return count


def _activity_as_stored(session: Session) -> Hashable:
    """A correction adds no row: what the entry says, and the audit log's length."""
    notes = tuple(session.exec(select(ActivityLog.note)).all())
    return notes, _rows(AuditEvent)(session)


# what is written: (what to compare before and after, the write with `text` in one field)
WRITES: dict[str, tuple[Callable[[Session], Hashable], Callable[[str], Callable[..., object]]]] = {
    "community name": (_rows(Community), lambda t: _community(name=f"Retrieval {t}quality")),
    "community description": (
        _rows(Community),
        lambda t: _community(description=f"Ours{t}.\r\nYes"),
    ),
    "sharing session title": (_rows(SharingSession), lambda t: _session(title=f"Recall {t}talk")),
    "sharing session description": (
        _rows(SharingSession),
        lambda t: _session(description=f"A{t}b"),
    ),
    "rating note": (_rows(Rating), lambda t: _rating(f"Shown in the demo{t}.")),
    "assessment note": (_rows(Assessment), lambda t: _assessment(f"Strong on recall{t}.")),
    "peer review note": (_rows(Assessment), lambda t: _peer_review(f"Explains well{t}.")),
    "activity note when logged": (_rows(ActivityLog), lambda t: _activity(f"IVF{t} lists")),
    "activity note when corrected": (
        _activity_as_stored,
        lambda t: _activity_corrected(f"HNSW{t} graphs"),
    ),
    "goal title": (_rows(Goal), lambda t: _goal(title=f"Tune {t}HNSW")),
    "goal why": (_rows(Goal), lambda t: _goal(why=f"Latency{t}.")),
    "goal success measure": (_rows(Goal), lambda t: _goal(success_measure=f"p95{t} < 50 ms")),
    "goal milestone when proposed": (
        _rows(GoalMilestone),
        lambda t: _goal(milestones=("Read the paper", f"Bench{t}mark")),
    ),
    "goal milestone when added": (_rows(GoalMilestone), lambda t: _milestone(f"Bench{t}mark")),
    "goal review note": (_rows(GoalReview), lambda t: _goal_review(f"On track{t}.")),
}


@pytest.mark.parametrize("control", CONTROLS.values(), ids=CONTROLS.keys())
@pytest.mark.parametrize("what", WRITES)
def test_a_control_character_in_free_text_is_refused_and_nothing_is_written(
    session: Session, people: People, what: str, control: str
) -> None:
    stored, write = WRITES[what]
    before = stored(session)
    with pytest.raises(InvalidInput, match=r"control character|cannot be stored"):
        write(control)(session, people)
    assert stored(session) == before
    write("")(session, people)  # the same text without it is saved
    assert stored(session) != before


def test_windows_line_ends_in_a_description_are_stored_as_line_breaks(
    session: Session, people: People
) -> None:
    _community(description="First line\r\nsecond line")(session, people)
    assert session.exec(select(Community.description)).one() == "First line\nsecond line"
