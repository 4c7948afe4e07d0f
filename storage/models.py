"""SQLModel tables for the whole domain.

Conventions: timestamps are timezone-aware UTC (`utc_now`; SQLModel's UTCDateTime stores them
as UTC and reads them back aware, on SQLite too), dates are calendar dates; enumerations are
stored as short strings so SQLite and PostgreSQL read the same; ratings, review logs,
activity logs and audit events are append-only.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Index, LargeBinary, String, Text, UniqueConstraint, false, text
from sqlmodel import Field, SQLModel

from storage.enums import (
    ActivityKind,
    AssessmentKind,
    CardKind,
    CompetencyGroup,
    EnrollmentStatus,
    ImprovementStatus,
    LearningStage,
    ModuleStatus,
    NoteCategory,
    PersonRole,
    PlanStatus,
    RaterKind,
    SharingKind,
    Visibility,
)


def utc_now() -> datetime:
    """Current time, timezone-aware UTC, the form every timestamp column takes."""
    return datetime.now(UTC)


def _enum(length: int = 32) -> Any:
    return String(length)


# --- organisation, teams and people -----------------------------------------------------


class Organisation(SQLModel, table=True):
    """The installation's one organisation, written by the first start's setup."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    # The curriculum folder chosen at setup; None means the built-in course. The
    # PROFICIO_CURRICULUM_DIR setting, when set, wins over it.
    curriculum_dir: str | None = Field(default=None, max_length=500)
    demo: bool = Field(default=False, description="Seeded as the demo team.")
    created_at: datetime = Field(default_factory=utc_now)


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=120)
    # An archived team keeps its history but no longer appears in pickers or the overview.
    archived_at: datetime | None = None
    # Multi-dimensional assessment weights by dimension; None means the seed's defaults.
    assessment_weights: dict[str, float] | None = Field(default=None, sa_type=JSON)
    # Spaced repetition; None means the defaults (FSRS, 0.9, FSRS's published parameters).
    review_policy: str | None = Field(default=None, max_length=20)
    desired_retention: float | None = None
    fsrs_parameters: list[float] | None = Field(default=None, sa_type=JSON)
    # Parameters fitted on the team's own reviews, kept apart until a lead accepts them.
    proposed_fsrs_parameters: list[float] | None = Field(default=None, sa_type=JSON)
    proposed_loss_before: float | None = None
    proposed_loss_after: float | None = None
    proposed_at: datetime | None = None
    # IANA name ("Europe/Berlin") deciding the team's "today" and how 1:1 times read;
    # None means the server's zone (storage.time_zones). Stored times stay UTC.
    time_zone: str | None = Field(default=None, max_length=64)
    # Same-day steps (minutes) before a new / lapsed card's first long interval; None means
    # FSRS's defaults (reviews.scheduling). An empty list means no same-day steps.
    learning_steps_minutes: list[float] | None = Field(default=None, sa_type=JSON)
    relearning_steps_minutes: list[float] | None = Field(default=None, sa_type=JSON)
    # New cards a learner is shown per day (None: reviews.queue's default); a person may
    # override it (Person.new_cards_per_day).
    new_cards_per_day: int | None = None
    # Lapses after which a card is tagged a leech and suspended (None: the default, 8).
    leech_lapses: int | None = None
    created_at: datetime = Field(default_factory=utc_now)


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    name: str = Field(max_length=120)
    # Always stored lower-cased (storage.roster), so uniqueness is case-insensitive.
    email: str = Field(unique=True, max_length=254)
    role: PersonRole = Field(sa_type=_enum(), description="What the person does in Proficio.")
    job_role: str = Field(max_length=80, description="Job title that role targets refer to.")
    mentor_id: int | None = Field(default=None, foreign_key="person.id")
    joined_on: date
    active: bool = True
    # The day a leaver was deactivated (None while active); their history stays.
    left_on: date | None = None
    # Organisation admin granted in the app (PROFICIO_ADMIN_EMAILS grants it too).
    is_admin: bool = False
    # Reviews: the person's own new-cards-per-day (None: the team's), and FSRS parameters
    # fitted on their own reviews (None: the team's); `fsrs_fit` keeps the fit's figures.
    new_cards_per_day: int | None = None
    fsrs_parameters: list[float] | None = Field(default=None, sa_type=JSON)
    fsrs_fit: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    # Reminder e-mails the person turned off (`ReminderKind` values); None: all on.
    reminders_off: list[str] | None = Field(default=None, sa_type=JSON)


# --- competency framework ---------------------------------------------------------------


class Competency(SQLModel, table=True):
    """A competency of one team's framework; `team_id` None marks the curriculum's own copy
    (competencies.yaml as last loaded), which modules link to and new teams start from."""

    __table_args__ = (UniqueConstraint("team_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    key: str = Field(max_length=80)
    name: str = Field(max_length=120)
    group: CompetencyGroup = Field(sa_type=_enum())
    description: str = Field(default="", sa_type=Text)
    position: int = 0


class LevelDescriptor(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("competency_id", "level"),)
    id: int | None = Field(default=None, primary_key=True)
    competency_id: int = Field(foreign_key="competency.id", index=True)
    level: int = Field(ge=1, le=4)
    description: str = Field(sa_type=Text)


class RoleTarget(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("team_id", "job_role", "competency_id"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    job_role: str = Field(max_length=80)
    competency_id: int = Field(foreign_key="competency.id")
    level: int = Field(ge=0, le=4)


class Rating(SQLModel, table=True):
    """One piece of evidence for a person's level in a competency; never updated."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    competency_id: int = Field(foreign_key="competency.id", index=True)
    level: int = Field(ge=0, le=4)
    rater_id: int | None = Field(default=None, foreign_key="person.id")
    rater_kind: RaterKind = Field(sa_type=_enum())
    note: str = Field(default="", sa_type=Text)
    link: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utc_now, index=True)
    # Read model, kept by `assessments.ratings.refresh_deciding` whenever ratings are added:
    # whether this rating decides its cell's level now or at an earlier moment.
    decides: bool = Field(default=False, sa_column_kwargs={"server_default": false()})

    __table_args__ = (Index("ix_rating_person_id_decides", "person_id", "decides"),)


class Assessment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    assessor_id: int | None = Field(default=None, foreign_key="person.id")
    kind: AssessmentKind = Field(sa_type=_enum())
    scores: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    overall: float | None = None
    summary: str = Field(default="", sa_type=Text)
    next_due_on: date | None = None
    created_at: datetime = Field(default_factory=utc_now, index=True)


# --- curriculum -------------------------------------------------------------------------


class CurriculumLevel(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(unique=True, ge=1)
    name: str = Field(max_length=120)
    description: str = Field(default="", sa_type=Text)


class Module(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=80)
    level_id: int = Field(foreign_key="curriculumlevel.id")
    position: int
    title: str = Field(max_length=200)
    summary: str = Field(default="", sa_type=Text)
    hours: float
    objectives: list[str] = Field(default_factory=list, sa_type=JSON)
    topics: list[str] = Field(default_factory=list, sa_type=JSON)
    exercises: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)
    assessment_criteria: list[str] = Field(default_factory=list, sa_type=JSON)
    reading: str = Field(default="", sa_type=Text)
    source_file: str = Field(default="", max_length=300)


class ModuleCompetency(SQLModel, table=True):
    module_id: int = Field(foreign_key="module.id", primary_key=True)
    competency_id: int = Field(foreign_key="competency.id", primary_key=True)


class Track(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=40)
    name: str = Field(max_length=120)
    weeks: int
    mentoring_weeks: int = 0
    audience: str = Field(default="", sa_type=Text)


class TrackModule(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("track_id", "module_id"),)
    id: int | None = Field(default=None, primary_key=True)
    track_id: int = Field(foreign_key="track.id", index=True)
    module_id: int = Field(foreign_key="module.id")
    position: int
    start_week: int = Field(ge=1)
    end_week: int = Field(ge=1)


class Enrollment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    track_id: int = Field(foreign_key="track.id")
    started_on: date
    status: EnrollmentStatus = Field(default=EnrollmentStatus.ACTIVE, sa_type=_enum())
    completed_on: date | None = None
    enrolled_by_id: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(default_factory=utc_now)


class ModuleProgress(SQLModel, table=True):
    """A person's current state in one module (the activity log keeps the history)."""

    __table_args__ = (UniqueConstraint("person_id", "module_id"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    module_id: int = Field(foreign_key="module.id")
    status: ModuleStatus = Field(default=ModuleStatus.NOT_STARTED, sa_type=_enum())
    percent: int = Field(default=0, ge=0, le=100)
    started_on: date | None = None
    completed_on: date | None = None
    updated_at: datetime = Field(default_factory=utc_now)


class ActivityLog(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    module_id: int = Field(foreign_key="module.id", index=True)
    occurred_on: date = Field(index=True)
    hours: float
    kind: ActivityKind = Field(sa_type=_enum())
    stage: LearningStage = Field(sa_type=_enum())
    note: str = Field(default="", sa_type=Text)
    percent_after: int | None = None
    created_at: datetime = Field(default_factory=utc_now)


# --- quizzes ----------------------------------------------------------------------------


class QuizQuestion(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("module_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    module_id: int = Field(foreign_key="module.id", index=True)
    key: str = Field(max_length=40)
    question: str = Field(sa_type=Text)
    choices: list[str] = Field(default_factory=list, sa_type=JSON)
    answer: int
    explanation: str = Field(default="", sa_type=Text)


class QuizAttempt(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    module_id: int = Field(foreign_key="module.id", index=True)
    answers: dict[str, int] = Field(default_factory=dict, sa_type=JSON)
    correct: int
    total: int
    passed: bool
    created_at: datetime = Field(default_factory=utc_now)


# --- practical work ----------------------------------------------------------------------


class Assignment(SQLModel, table=True):
    """Practical work from the curriculum YAML, handed in and graded on its rubric: a module's
    assignment, or a staged practical assessment for learners at `level_number` and later."""

    id: int | None = Field(default=None, primary_key=True)
    # "<module key>/<key>" or "level-<n>/<key>": stable, so re-syncing updates in place.
    key: str = Field(max_length=120, unique=True)
    module_id: int | None = Field(default=None, foreign_key="module.id", index=True)
    level_number: int | None = None
    title: str = Field(max_length=200)
    brief: str = Field(default="", sa_type=Text)
    # The competency level a passed hand-in is evidence of (1 basic ... 4 expert).
    evidence_level: int = Field(ge=1, le=4)
    # [{"key", "criterion", "levels": {"1": text, ..., "4": text}}], in order.
    rubric: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    # A staged assessment's competencies (keys); a module's are the module's own.
    competency_keys: list[str] = Field(default_factory=list, sa_type=JSON)
    position: int = 0
    # Left the YAML: kept (hand-ins point at it), no longer offered.
    retired: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class HandIn(SQLModel, table=True):
    """One person's work on one assignment, across its versions and attempts."""

    __table_args__ = (UniqueConstraint("assignment_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_at: datetime = Field(default_factory=utc_now)


class HandInVersion(SQLModel, table=True):
    """What was handed in, each time: never changed once submitted."""

    __table_args__ = (UniqueConstraint("hand_in_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    hand_in_id: int = Field(foreign_key="handin.id", index=True)
    number: int = Field(ge=1)
    text: str = Field(default="", sa_type=Text)  # markdown, shown as text (never as HTML)
    link: str | None = Field(default=None, max_length=500)
    submitted_at: datetime = Field(index=True)


class HandInFile(SQLModel, table=True):
    """A file handed in with a version (size and type checked on upload)."""

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="handinversion.id", index=True)
    name: str = Field(max_length=200)  # the file's own name, without any folder
    media_type: str = Field(max_length=100)
    size: int = Field(ge=0)
    content: bytes = Field(sa_type=LargeBinary)


class RubricGrade(SQLModel, table=True):
    """One reading of a hand-in's version on the rubric: the learner's self-assessment, the
    mentor's or a lead's grade (with the overall result), or a peer's review. Kept side by
    side, never averaged; never changed (a regrade is a new row)."""

    id: int | None = Field(default=None, primary_key=True)
    hand_in_id: int = Field(foreign_key="handin.id", index=True)
    version_id: int = Field(foreign_key="handinversion.id", index=True)
    grader_id: int = Field(foreign_key="person.id", index=True)
    rater_kind: RaterKind = Field(sa_type=_enum())  # self, mentor, lead or peer
    # {criterion key: {"score": 1..4, "comment": text}}
    scores: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    # "pass" or "again" (needs another attempt); None for a self-assessment or a peer review.
    result: str | None = Field(default=None, max_length=10)
    comment: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(index=True)


class HandInReviewer(SQLModel, table=True):
    """A peer asked to review a hand-in on its rubric (they may then read it)."""

    __table_args__ = (UniqueConstraint("hand_in_id", "reviewer_id"),)
    id: int | None = Field(default=None, primary_key=True)
    hand_in_id: int = Field(foreign_key="handin.id", index=True)
    reviewer_id: int = Field(foreign_key="person.id", index=True)
    requested_by_id: int = Field(foreign_key="person.id")
    requested_at: datetime


# --- mentoring --------------------------------------------------------------------------


class MentoringPlan(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    mentor_id: int = Field(foreign_key="person.id", index=True)
    mentee_id: int = Field(foreign_key="person.id", index=True)
    assessment_id: int | None = Field(default=None, foreign_key="assessment.id")
    started_on: date
    weeks: int
    sessions_per_week: int
    session_minutes: int
    focus: list[str] = Field(default_factory=list, sa_type=JSON)
    status: PlanStatus = Field(default=PlanStatus.ACTIVE, sa_type=_enum())
    created_at: datetime = Field(default_factory=utc_now)


class MentoringSession(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="mentoringplan.id", index=True)
    number: int
    scheduled_for: datetime
    phase: str = Field(default="", max_length=120)
    agenda: str = Field(default="", sa_type=Text)
    notes: str = Field(default="", sa_type=Text)
    notes_visibility: Visibility = Field(default=Visibility.PAIR, sa_type=_enum())
    mentee_rating: int | None = Field(default=None, ge=1, le=5)
    done_at: datetime | None = None
    done_by_id: int | None = Field(default=None, foreign_key="person.id")
    # The mentor decided this one will not take place (its slot stays, shown as skipped).
    skipped_at: datetime | None = None
    # Each save of the agenda or notes counts up, so a save made from an older copy is caught.
    version: int = 0
    updated_by_id: int | None = Field(default=None, foreign_key="person.id")


class ActionItem(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="mentoringsession.id", index=True)
    owner_id: int = Field(foreign_key="person.id", index=True)
    title: str = Field(max_length=300)
    due_on: date | None = None
    competency_id: int | None = Field(default=None, foreign_key="competency.id")
    done_at: datetime | None = None
    created_at: datetime = Field(default_factory=utc_now)


class Capstone(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    project_key: str = Field(max_length=80)
    title: str = Field(max_length=200)
    level: str = Field(max_length=20)
    started_on: date
    checkpoints: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    completed_on: date | None = None


# --- spaced repetition ------------------------------------------------------------------


class ReviewCard(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    module_id: int | None = Field(default=None, foreign_key="module.id", index=True)
    key: str | None = Field(default=None, max_length=120, unique=True)
    kind: CardKind = Field(sa_type=_enum())
    front: str = Field(sa_type=Text)
    back: str = Field(sa_type=Text)
    author_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    # Where an imported card came from ("anki:<note guid>:<ordinal>", "csv:<sha>"), so
    # importing the same deck again adds nothing twice.
    source_key: str | None = Field(default=None, max_length=200, index=True)
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime | None = None


class CardSchedule(SQLModel, table=True):
    """A person's scheduling state for one card; rebuilt from review logs when policy changes."""

    __table_args__ = (UniqueConstraint("person_id", "card_id"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    card_id: int = Field(foreign_key="reviewcard.id")
    due_at: datetime = Field(index=True)
    state: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    scheduler: str = Field(max_length=20)
    # Times the card was forgotten after it had been learned ("Again" on a review).
    lapses: int = Field(default=0, sa_column_kwargs={"server_default": text("0")})
    # A leech (forgotten `Team.leech_lapses` times) is tagged and suspended.
    leech: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # A suspended card is never due until unsuspended; a buried one not before this time.
    suspended_at: datetime | None = None
    buried_until: datetime | None = None
    # Reset to new: reviews before this are kept but no longer shape the schedule.
    reset_at: datetime | None = None


class ReviewLog(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="reviewcard.id", index=True)
    person_id: int = Field(foreign_key="person.id")  # indexed with reviewed_at below
    rating: int = Field(ge=1, le=4)
    reviewed_at: datetime = Field(index=True)
    duration_ms: int | None = None
    scheduler: str = Field(max_length=20)
    # Undo: the answer is marked undone (never deleted) and the card gets back the state
    # and due time it had before it.
    undone_at: datetime | None = None
    previous_state: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    previous_due_at: datetime | None = None

    # A team's figures read its people's reviews of the last weeks: each person's in one range.
    __table_args__ = (Index("ix_reviewlog_person_id_reviewed_at", "person_id", "reviewed_at"),)


# --- knowledge --------------------------------------------------------------------------


class Note(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    author_id: int = Field(foreign_key="person.id", index=True)
    title: str = Field(max_length=200)
    body: str = Field(sa_type=Text)
    tags: list[str] = Field(default_factory=list, sa_type=JSON)
    module_id: int | None = Field(default=None, foreign_key="module.id")
    visibility: Visibility = Field(default=Visibility.TEAM, sa_type=_enum())
    pair_person_id: int | None = Field(default=None, foreign_key="person.id")
    source_path: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    # The knowledge base keeping itself current (issue 19): what kind of note, who looks
    # after it, when it is due for a look, and when someone last opened it.
    category: NoteCategory = Field(
        default=NoteCategory.GUIDE, sa_type=_enum(), sa_column_kwargs={"server_default": "guide"}
    )
    owner_id: int = Field(foreign_key="person.id", index=True)
    review_by: date | None = None
    reviewed_at: datetime | None = None
    last_opened_at: datetime | None = None


class NoteReview(SQLModel, table=True):
    """One time someone (the note's owner or a lead) confirmed a note is still right: the
    history knowledge-transfer figures count. The note keeps the latest in `reviewed_at`."""

    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="note.id", index=True)
    reviewer_id: int = Field(foreign_key="person.id", index=True)
    reviewed_at: datetime = Field(default_factory=utc_now, index=True)
    next_review_by: date


class SearchChunk(SQLModel, table=True):
    """One indexed piece of a note, session note or module text (the chunk registry).

    Its id is the vector id in FAISS and Chroma and the row key of the BM25 index, so the
    three stores and this table can be compared id by id. Ids are never reused (SQLite's
    AUTOINCREMENT; PostgreSQL's sequence never goes back): a store left behind by an
    interrupted update can only point at a dead id, never at another text.
    """

    __table_args__ = (
        UniqueConstraint("source_type", "source_id", "content_hash"),
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(default=None, primary_key=True)
    source_type: str = Field(max_length=20, description="note, session or module.")
    source_id: int = Field(index=True)
    position: int = Field(description="Order of the chunk within its source.")
    title: str = Field(max_length=300)
    heading_path: str = Field(default="", max_length=500)
    text: str = Field(sa_type=Text)
    author_id: int | None = Field(default=None, foreign_key="person.id")
    pair_person_id: int | None = Field(default=None, foreign_key="person.id")
    visibility: Visibility = Field(sa_type=_enum())
    team_id: int | None = Field(
        default=None, foreign_key="team.id", description="None: every team (module texts)."
    )
    tags: list[str] = Field(default_factory=list, sa_type=JSON)
    module_id: int | None = Field(default=None, foreign_key="module.id")
    source_date: date = Field(description="When the source was last changed (date filters).")
    content_hash: str = Field(max_length=64, description="SHA-256 of what is embedded.")
    model_id: str = Field(max_length=300)
    indexed_at: datetime = Field(default_factory=utc_now)


class SearchIndexState(SQLModel, table=True):
    """The search index's generation (one row): raised in the same transaction as every
    registry change an update makes, then written into FAISS, BM25, the chunk facts, Chroma
    and the manifest (last). Stores whose generation differs from this one are behind an
    interrupted update and are repaired before they serve."""

    id: int | None = Field(default=None, primary_key=True)
    generation: int = Field(default=0)


class SavedQuestion(SQLModel, table=True):
    """A question the team asks often; its relevant hits measure search quality."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    question: str = Field(max_length=300)
    asked_by_id: int = Field(foreign_key="person.id")
    created_at: datetime = Field(default_factory=utc_now)


class SavedQuestionHit(SQLModel, table=True):
    """A source someone marked relevant for a saved question; `rank` 1 is the best answer."""

    __table_args__ = (UniqueConstraint("question_id", "source_type", "source_id"),)
    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="savedquestion.id", index=True)
    source_type: str = Field(max_length=20)
    source_id: int
    rank: int
    marked_by_id: int = Field(foreign_key="person.id")
    created_at: datetime = Field(default_factory=utc_now)


class AuditEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    actor_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    # The team the change belongs to, whose lead reads it (None: the actor's team, as events
    # written before teams could be managed were read).
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    action: str = Field(max_length=60)
    entity: str = Field(max_length=60)
    entity_id: int | None = None
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=utc_now, index=True)


# --- development plans: personal targets and goals ---------------------------------------


class PersonalTarget(SQLModel, table=True):
    """A person's own target in one competency, which replaces their job role's target for
    them wherever a target decides anything (kept in step with their development goals)."""

    __table_args__ = (UniqueConstraint("person_id", "competency_id"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    competency_id: int = Field(foreign_key="competency.id")
    level: int = Field(ge=0, le=4)
    set_by_id: int | None = Field(default=None, foreign_key="person.id")
    set_at: datetime


class Goal(SQLModel, table=True):
    """One goal of a person's development plan. Agreed when both the person and their mentor
    (or a lead) have agreed to it as it stands; changing what it says asks for both again."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    title: str = Field(max_length=200)
    why: str = Field(default="", sa_type=Text)
    # A goal naming a competency and a level is measured by the evidence in that competency.
    competency_id: int | None = Field(default=None, foreign_key="competency.id")
    target_level: int | None = Field(default=None, ge=1, le=4)
    due_on: date
    success_measure: str = Field(default="", sa_type=Text)
    # Ticked done by hand (a goal without a competency and without milestones).
    done_at: datetime | None = None
    learner_agreed_at: datetime | None = None
    mentor_agreed_at: datetime | None = None
    mentor_agreed_by_id: int | None = Field(default=None, foreign_key="person.id")
    created_by_id: int = Field(foreign_key="person.id")
    created_at: datetime
    updated_at: datetime


class GoalMilestone(SQLModel, table=True):
    """A step towards a goal, ticked with the day it was reached."""

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", index=True)
    title: str = Field(max_length=200)
    position: int = 0
    done_on: date | None = None
    done_by_id: int | None = Field(default=None, foreign_key="person.id")


class GoalReview(SQLModel, table=True):
    """A short note on a goal, written in a 1:1 that reviewed it; never changed."""

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", index=True)
    meeting_id: int = Field(foreign_key="mentoringsession.id", index=True)
    author_id: int = Field(foreign_key="person.id")
    note: str = Field(sa_type=Text)
    created_at: datetime


# --- knowledge-sharing sessions and communities of practice ---------------------------------


class Community(SQLModel, table=True):
    """A community of practice: people of any of the organisation's teams around a topic."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=120)
    description: str = Field(default="", sa_type=Text)
    competency_keys: list[str] = Field(default_factory=list, sa_type=JSON)
    module_keys: list[str] = Field(default_factory=list, sa_type=JSON)
    created_by_id: int = Field(foreign_key="person.id")
    created_at: datetime = Field(default_factory=utc_now)


class CommunityMember(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("community_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    joined_at: datetime = Field(default_factory=utc_now)


class CommunityNote(SQLModel, table=True):
    """A note shared with a community; who may read it stays the note's own rule."""

    __table_args__ = (UniqueConstraint("community_id", "note_id"),)
    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    note_id: int = Field(foreign_key="note.id", index=True)
    added_by_id: int = Field(foreign_key="person.id")
    added_at: datetime = Field(default_factory=utc_now)


class SharingSeries(SQLModel, table=True):
    """A recurring sharing session ("architecture review, every second Thursday at 15:00");
    its occurrences are `SharingSession` rows, each editable or cancellable on its own."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    interval_weeks: int = Field(ge=1)
    first_on: date
    until_on: date | None = None
    occurrences: int | None = None
    created_by_id: int = Field(foreign_key="person.id")
    created_at: datetime = Field(default_factory=utc_now)


class SharingSession(SQLModel, table=True):
    """A knowledge-sharing session of a team, or of a community (then `team_id` is None)."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    community_id: int | None = Field(default=None, foreign_key="community.id", index=True)
    series_id: int | None = Field(default=None, foreign_key="sharingseries.id", index=True)
    title: str = Field(max_length=200)
    kind: SharingKind = Field(sa_type=_enum())
    description: str = Field(default="", sa_type=Text)
    starts_at: datetime = Field(index=True)
    # The IANA zone the session was planned in (its team's); times are shown and exported in it.
    time_zone: str = Field(max_length=64)
    minutes: int
    module_id: int | None = Field(default=None, foreign_key="module.id")
    competency_keys: list[str] = Field(default_factory=list, sa_type=JSON)
    note_id: int | None = Field(default=None, foreign_key="note.id")
    link: str | None = Field(default=None, max_length=500)
    proposed_by_id: int = Field(foreign_key="person.id")
    created_at: datetime = Field(default_factory=utc_now)
    cancelled_at: datetime | None = None
    cancelled_by_id: int | None = Field(default=None, foreign_key="person.id")
    attendance_recorded_at: datetime | None = None


class SharingPresenter(SQLModel, table=True):
    """A presenter of a session, and the mentor's or lead's confirmation of it as evidence."""

    __table_args__ = (UniqueConstraint("session_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="sharingsession.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    confirmed_level: int | None = None
    confirmed_by_id: int | None = Field(default=None, foreign_key="person.id")
    confirmed_at: datetime | None = None


class SharingParticipant(SQLModel, table=True):
    """Someone signed up for a session (`signed_up_at`) and/or recorded as there."""

    __table_args__ = (UniqueConstraint("session_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="sharingsession.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    signed_up_at: datetime | None = None
    attended: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # The activity-log entry they made from the session (one click, once). No foreign key: the
    # person may delete the entry from their log, and the session then offers it again.
    activity_id: int | None = None


# --- shared 1:1 agenda and the feedback loop ---------------------------------------------


class TalkingPoint(SQLModel, table=True):
    """A point the mentee or the mentor adds to a 1:1's agenda before it is held; kept with the
    1:1 once held. A private one is its author's alone until then, the pair's afterwards."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="mentoringsession.id", index=True)
    author_id: int = Field(foreign_key="person.id", index=True)
    text: str = Field(sa_type=Text)
    private: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime | None = None


class LearningFeedback(SQLModel, table=True):
    """A learner's answer to "how useful was this week's learning" (`module_id` None) or to
    the same question about a module they finished. A question set aside is kept too, with
    `rating` None, so it is not asked again."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    # The learner's team when they answered: whose lead reads it.
    team_id: int = Field(foreign_key="team.id", index=True)
    module_id: int | None = Field(default=None, foreign_key="module.id", index=True)
    week_start: date = Field(index=True)  # the Monday of the week asked about
    rating: int | None = Field(default=None, ge=1, le=5)
    comment: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utc_now)


class ImprovementItem(SQLModel, table=True):
    """Something to improve in a module, opened by a lead from the feedback and shown to
    whoever keeps the curriculum until it is done."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    module_id: int = Field(foreign_key="module.id", index=True)
    title: str = Field(max_length=300)
    status: ImprovementStatus = Field(default=ImprovementStatus.OPEN, sa_type=_enum())
    owner_id: int | None = Field(default=None, foreign_key="person.id")
    opened_by_id: int = Field(foreign_key="person.id")
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime | None = None
