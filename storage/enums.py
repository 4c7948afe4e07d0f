"""The domain's enumerations: plain values that rules, read models and tables share.

Kept apart from `storage.models` so pure rule modules can name a role or a status without
importing SQLModel (the import-linter contract "Pure rules touch no database").
Stored as short strings, so SQLite and PostgreSQL read the same.
"""

from __future__ import annotations

from enum import StrEnum


class PersonRole(StrEnum):
    LEAD = "lead"
    MENTOR = "mentor"
    LEARNER = "learner"


class CompetencyGroup(StrEnum):
    TECHNICAL = "technical"
    BUSINESS = "business"
    LEADERSHIP = "leadership"


class RaterKind(StrEnum):
    SELF = "self"
    MENTOR = "mentor"
    PEER = "peer"
    LEAD = "lead"
    QUIZ = "quiz"
    PRACTICAL = "practical"  # a hand-in graded "pass" on its rubric
    PRESENTATION = "presentation"  # a sharing session presented, confirmed by a mentor or lead


class AssessmentKind(StrEnum):
    INTAKE = "intake"
    MULTI_DIMENSIONAL = "multi_dimensional"
    PEER = "peer"


class EnrollmentStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


class ModuleStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class LearningStage(StrEnum):
    """Kolb's experiential learning cycle, used to tag activity log entries."""

    CONCRETE_EXPERIENCE = "concrete_experience"
    REFLECTIVE_OBSERVATION = "reflective_observation"
    ABSTRACT_CONCEPTUALISATION = "abstract_conceptualisation"
    ACTIVE_EXPERIMENTATION = "active_experimentation"


class ActivityKind(StrEnum):
    READING = "reading"
    EXERCISE = "exercise"
    PROJECT = "project"
    DISCUSSION = "discussion"
    TEACHING = "teaching"


class CardKind(StrEnum):
    CONCEPTUAL = "conceptual"
    PROCEDURAL = "procedural"
    STRATEGIC = "strategic"


class Visibility(StrEnum):
    TEAM = "team"
    PRIVATE = "private"
    PAIR = "pair"


class PlanStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class SharingKind(StrEnum):
    """What kind of knowledge-sharing session it is."""

    TALK = "talk"
    WORKSHOP = "workshop"
    ARCHITECTURE_REVIEW = "architecture_review"
    CODE_WALKTHROUGH = "code_walkthrough"
    PAIR_SESSION = "pair_session"
    USE_CASE_PRESENTATION = "use_case_presentation"
    BROWN_BAG = "brown_bag"

    @property
    def label(self) -> str:
        """'Architecture review', as a person reads it."""
        return self.value.replace("_", " ").capitalize()


class NoteCategory(StrEnum):
    """What kind of knowledge a note holds (the knowledge base's sections)."""

    GUIDE = "guide"
    DECISION_RECORD = "decision_record"
    CASE_STUDY = "case_study"
    LESSONS_LEARNED = "lessons_learned"
    RESOURCE = "resource"


class ImprovementStatus(StrEnum):
    """Where a curriculum improvement item opened from learners' feedback stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class ReminderKind(StrEnum):
    """What a reminder e-mail may hold; each person can turn each kind off."""

    REVIEWS = "reviews"
    HAND_INS = "hand_ins"
    ACTION_ITEMS = "action_items"
    ONE_ON_ONES = "one_on_ones"
    SHARING_SESSIONS = "sharing_sessions"
    NOTES = "notes"
    TEAM_WEEK = "team_week"
