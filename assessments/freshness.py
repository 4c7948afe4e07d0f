"""Knowledge freshness: does a person still remember what their competency level rests on?

Per person and competency: the mean predicted recall of that person's reviewed cards of the
modules that build the competency. A competency whose official level is advanced or above
and whose cards have mostly lapsed is "fading".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from assessments.ratings import MatrixView, people_matrix
from assessments.rules import ADVANCED_LEVEL
from reviews.policy import people_review_settings
from reviews.scheduling import Policy, Scheduler
from storage.access import ensure_can_see_person, ensure_in_team
from storage.models import CardSchedule, Competency, ModuleCompetency, ReviewCard
from storage.people import PersonRef, get_person

# Below a mean predicted recall of 0.7 the cards have mostly lapsed. Both schedulers plan a
# review when recall falls to 0.9, so an up-to-date deck averages well above 0.9; at 0.7 the
# typical card is many intervals overdue (on FSRS's curve about nine stabilities) and about
# one answer in three would be wrong — no longer a card or two left for tomorrow.
FADING_MEAN_RECALL_BELOW = 0.7
# Fewer reviewed cards than this say too little about a whole competency.
MIN_CARDS_FOR_FRESHNESS = 3


@dataclass(frozen=True)
class Freshness:
    person_id: int
    competency_key: str
    mean_recall: float | None  # None: too few reviewed cards behind this competency
    cards: int
    official_level: int | None
    fading: bool


def mean_recall(recalls: Sequence[float]) -> float | None:
    """The mean predicted recall, or None below MIN_CARDS_FOR_FRESHNESS cards."""
    if len(recalls) < MIN_CARDS_FOR_FRESHNESS:
        return None
    return sum(recalls) / len(recalls)


def is_fading(official_level: int | None, recall: float | None) -> bool:
    """Rated advanced or above, yet the cards behind the level have mostly lapsed."""
    return (
        official_level is not None
        and official_level >= ADVANCED_LEVEL
        and recall is not None
        and recall < FADING_MEAN_RECALL_BELOW
    )


def freshness(
    person_id: int, competency_key: str, recalls: Sequence[float], official_level: int | None
) -> Freshness:
    recall = mean_recall(recalls)
    return Freshness(
        person_id,
        competency_key,
        recall,
        len(recalls),
        official_level,
        is_fading(official_level, recall),
    )


# --- services ---------------------------------------------------------------------------


def team_freshness(
    session: Session, *, actor: PersonRef, matrix: MatrixView, now: datetime
) -> dict[tuple[int, str], Freshness]:
    """Freshness of every cell of a matrix the actor has read: the matrix already holds only
    the rows they may see (see `team_matrix`), so this covers those. Anyone outside the
    matrix's team is refused."""
    ensure_in_team(actor, matrix.team_id)
    people = [p.id for p in matrix.people]
    # Each person's cards are read with their own parameters when fitted (most share the
    # team's: one set of readers per set of parameters).
    readers_of: dict[tuple[float, ...], dict[str, Scheduler]] = {}
    readers = {
        pid: readers_of.setdefault(tuple(s.parameters), s.readers())
        for pid, s in people_review_settings(session, matrix.team_id, people).items()
    }
    competencies_of_module: dict[int, list[str]] = defaultdict(list)
    for module_id, key in session.exec(
        select(ModuleCompetency.module_id, Competency.key).join(
            Competency, col(Competency.id) == ModuleCompetency.competency_id
        )
    ):
        competencies_of_module[module_id].append(key)
    recalls: dict[tuple[int, str], list[float]] = defaultdict(list)
    # Only the state fields recall reads, taken out of the JSON in SQL: a large team has tens
    # of thousands of schedules, and decoding each whole state took most of this read.
    state = col(CardSchedule.state)
    for person_id, policy, card_module_id, stability, last_review, rung in session.execute(
        sa_select(
            col(CardSchedule.person_id),
            col(CardSchedule.scheduler),
            col(ReviewCard.module_id),
            state["stability"].as_float(),
            state["last_review"].as_string(),
            state["rung"].as_integer(),
        )
        .join(ReviewCard, col(ReviewCard.id) == CardSchedule.card_id)
        .where(col(CardSchedule.person_id).in_(people), col(ReviewCard.module_id).is_not(None))
    ):
        schedulers = readers[person_id]
        scheduler = schedulers.get(policy, schedulers[Policy.FSRS])
        fields = {"stability": stability, "last_review": last_review, "rung": rung}
        recall = scheduler.recall({k: v for k, v in fields.items() if v is not None}, now)
        if recall is None or card_module_id is None:
            continue
        for key in competencies_of_module[card_module_id]:
            recalls[(person_id, key)].append(recall)
    return {
        (pid, c.key): freshness(
            pid,
            c.key,
            recalls.get((pid, c.key), []),
            matrix.cells[(pid, c.key)].resolved.official_level,
        )
        for pid in people
        for c in matrix.competencies
    }


@dataclass(frozen=True)
class FadingCompetency:
    competency_key: str
    competency_name: str
    official_level: int
    mean_recall: float
    cards: int


def fading_competencies(
    session: Session, *, actor: PersonRef, person_id: int, now: datetime
) -> list[FadingCompetency]:
    """For the mentoring agenda: the person's competencies rated advanced or above whose
    review cards have mostly lapsed, most faded first. For the person, their mentor or a
    lead of their team."""
    person = get_person(session, person_id)
    ensure_can_see_person(actor, person, "their fading competencies")
    matrix = people_matrix(session, actor=actor, team_id=person.team_id, person_ids=[person_id])
    names = {c.key: c.name for c in matrix.competencies}
    cells = team_freshness(session, actor=actor, matrix=matrix, now=now)
    fading = [
        FadingCompetency(
            f.competency_key,
            names[f.competency_key],
            f.official_level or 0,
            f.mean_recall or 0.0,
            f.cards,
        )
        for (pid, _key), f in cells.items()
        if pid == person_id and f.fading
    ]
    return sorted(fading, key=lambda f: f.mean_recall)
