"""What a lead reads on Curriculum feedback: learners' ratings per module over time, their
comments, modules to look at (low ratings, time over plan), the open improvement items, and
mentor effectiveness (mentees' 1:1 ratings with their trend, and their level gains)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from statistics import mean

from sqlmodel import Session

from assessments.ratings import team_matrix
from assessments.rules import level_on
from curriculum.catalog import learning_path
from curriculum.feedback import (
    FeedbackAnswer,
    ImprovementView,
    improvement_items,
    team_feedback,
)
from curriculum.progress import activity_entries, module_percents
from insights.feedback_rules import (
    Answer,
    ModuleFigures,
    MonthRating,
    Trend,
    module_figures,
    ratings_by_month,
    trend,
)
from mentoring.mentor_ratings import held_meetings
from storage.access import ensure_team_lead
from storage.enums import PersonRole
from storage.people import PersonRef, list_people

DONE_PERCENT = 100


@dataclass(frozen=True)
class CurriculumFeedbackView:
    answers: list[FeedbackAnswer]  # newest first
    by_month: list[MonthRating]
    modules: list[ModuleFigures]  # in the curriculum's order
    improvements: list[ImprovementView]  # open first

    @property
    def flagged(self) -> list[ModuleFigures]:
        return [m for m in self.modules if m.flagged]


def curriculum_feedback(
    session: Session, *, actor: PersonRef, team_id: int
) -> CurriculumFeedbackView:
    """The team's feedback on the curriculum, for its lead."""
    answers = team_feedback(session, actor=actor, team_id=team_id)
    planned = {m.key: m for level in learning_path(session) for m in level.modules}
    people = [p.id for p in list_people(session, team_id)]
    percents = module_percents(session, people)
    logged: dict[tuple[int, str], float] = defaultdict(float)
    for entry in activity_entries(session, people):
        logged[(entry.person_id, entry.module_key)] += entry.hours
    finishers: dict[str, list[float]] = defaultdict(list)
    for person_id, modules in percents.items():
        for key, percent in modules.items():
            if percent >= DONE_PERCENT and key in planned:
                finishers[planned[key].title].append(logged.get((person_id, key), 0.0))
    plain = [Answer(a.module_title, a.answered_at.date(), a.rating) for a in answers]
    return CurriculumFeedbackView(
        answers=answers,
        by_month=ratings_by_month(plain),
        modules=module_figures({m.title: m.hours for m in planned.values()}, plain, finishers),
        improvements=improvement_items(session, actor=actor, team_id=team_id),
    )


@dataclass(frozen=True)
class MentorEffectiveness:
    mentor_id: int
    mentor_name: str
    mentees: list[str]
    sessions_held: int
    ratings: list[int] = field(default_factory=list)  # oldest first
    levels_gained: int = 0  # over their mentees, since each began with them

    @property
    def mean_rating(self) -> float | None:
        return round(mean(self.ratings), 1) if self.ratings else None

    @property
    def trend(self) -> Trend:
        return trend(self.ratings)


def mentor_effectiveness(
    session: Session, *, actor: PersonRef, team_id: int
) -> list[MentorEffectiveness]:
    """Per mentor of the team: 1:1s held, the mentees' ratings of them with their trend, and
    the competency levels their mentees gained since their first plan with them."""
    ensure_team_lead(actor, team_id, "see mentor effectiveness")
    people = {p.id: p for p in list_people(session, team_id)}
    held = held_meetings(session, list(people))
    matrix = team_matrix(session, actor=actor, team_id=team_id)
    keys = [c.key for c in matrix.competencies]
    began: dict[tuple[int, int], datetime] = {}
    for meeting in held:
        start = datetime.combine(meeting.plan_started_on, time.min, tzinfo=UTC)
        pair = (meeting.mentor_id, meeting.mentee_id)
        began[pair] = min(began.get(pair, start), start)
    rows = []
    mentors = [p for p in people.values() if p.role is not PersonRole.LEARNER]
    for mentor in sorted(mentors, key=lambda p: p.name):
        mine = [m for m in held if m.mentor_id == mentor.id]
        if not mine:
            continue
        mentee_ids = sorted({m.mentee_id for m in mine}, key=lambda i: people[i].name)
        gained = 0
        for mentee_id in mentee_ids:
            since = began[(mentor.id, mentee_id)]
            for key in keys:
                cell = matrix.cells.get((mentee_id, key))
                if cell is None:
                    continue
                before = level_on(matrix.evidence.get((mentee_id, key), []), since)
                gained += (cell.resolved.level or 0) - (before or 0)
        rows.append(
            MentorEffectiveness(
                mentor_id=mentor.id,
                mentor_name=mentor.name,
                mentees=[people[i].name for i in mentee_ids],
                sessions_held=len(mine),
                ratings=[m.mentee_rating for m in mine if m.mentee_rating is not None],
                levels_gained=gained,
            )
        )
    return rows
