"""The demo team's review history: six months of reviews with believable forgetting.

Each person meets a module's cards a few days after starting it and then reviews on the days
their habits allow. Whether they recall a card is drawn from a forgetting curve: FSRS's own,
with the card's stability scaled by how well that person remembers (`memory`), so strong
learners lapse less than the scheduler expects and weak ones more. Deterministic for a given
`today` (fixed random seed); every review is before `today`, so today's queue is what the
habits left due.

Stories the dashboards should find:
- most learners review most days and have a few cards due today;
- Ben Carter stopped with his track 18 days ago: a large backlog;
- Hannah Schmidt reviewed each standard-track module's cards only while studying it and
  stopped when it was done, months ago; her mentor still rates her advanced in vector
  databases and architecture, so the matrix shows those as fading.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from reviews.policy import reschedule_team
from reviews.scheduling import FsrsScheduler, ReviewGrade
from storage.enums import ModuleStatus
from storage.models import ModuleProgress, Person, ReviewCard, ReviewLog

REVIEW_DEMO_RANDOM_SEED = 5_11_2026
HISTORY_DAYS = 182
# Days after starting a module before its cards are first reviewed.
FIRST_REVIEW_DELAY_DAYS = (0, 3)
# Of recalled answers: how often Hard and Easy are chosen (the rest are Good).
HARD_SHARE = 0.15
EASY_SHARE_WHEN_SURE = 0.3  # when the true recall probability is above 0.95
REVIEW_SECONDS = (4, 40)


@dataclass(frozen=True)
class Habit:
    diligence: float  # share of days the person sits down for their reviews
    memory: float  # scales the true stability: above 1 remembers better than FSRS expects
    stopped_days_ago: int = 0  # no reviews at all in the last this many days
    only_while_studying: bool = False  # a module's cards are dropped once it is completed


HABITS: dict[str, Habit] = {
    "Tomás Alvarez": Habit(0.55, 1.4),
    "Grace Okafor": Habit(0.6, 1.3),
    "Lars Henriksen": Habit(0.45, 1.1),
    "Aisha Khan": Habit(0.85, 1.0),
    "Ben Carter": Habit(0.7, 0.8, stopped_days_ago=18),
    "Mei Chen": Habit(0.9, 1.2),
    "Diego Fernández": Habit(0.75, 1.0),
    "Sofia Rossi": Habit(0.9, 1.3),
    "Jonas Weber": Habit(0.55, 0.75),
    "Hannah Schmidt": Habit(0.8, 0.6, only_while_studying=True),
    "Kwame Mensah": Habit(0.8, 1.1),
}


@dataclass
class _Card:
    card_id: int
    first_day: date
    last_day: date  # the last day the person still reviews it
    state: dict[str, Any] | None = None
    due: datetime | None = None


def seed_review_history(session: Session, *, today: date) -> int:
    """Add review logs and card schedules for the demo team; returns how many reviews."""
    rng = random.Random(REVIEW_DEMO_RANDOM_SEED)
    scheduler = FsrsScheduler(fuzz=False)
    people = session.exec(select(Person).order_by(col(Person.id))).all()
    cards_by_module: dict[int, list[int]] = {}
    for card in session.exec(
        select(ReviewCard)
        .where(col(ReviewCard.module_id).is_not(None), col(ReviewCard.author_id).is_(None))
        .order_by(col(ReviewCard.id))
    ):
        cards_by_module.setdefault(card.module_id or 0, []).append(card.id or 0)
    total = 0
    team_ids = set()
    for person in people:
        habit = HABITS.get(person.name)
        if habit is None or person.id is None:
            continue
        team_ids.add(person.team_id)
        cards = _cards_for(session, person.id, habit, cards_by_module, today, rng)
        logs = _simulate(person.id, cards, habit, scheduler, today, rng)
        session.add_all(logs)
        total += len(logs)
    session.flush()
    for team_id in sorted(team_ids):
        reschedule_team(session, team_id=team_id)
    return total


def _cards_for(
    session: Session,
    person_id: int,
    habit: Habit,
    cards_by_module: dict[int, list[int]],
    today: date,
    rng: random.Random,
) -> list[_Card]:
    last_review_day = today - timedelta(days=habit.stopped_days_ago + 1)
    cards = []
    for progress in session.exec(
        select(ModuleProgress)
        .where(
            ModuleProgress.person_id == person_id,
            ModuleProgress.status != ModuleStatus.NOT_STARTED,
        )
        .order_by(col(ModuleProgress.started_on), col(ModuleProgress.id))
    ):
        if progress.started_on is None:
            continue
        first = max(
            progress.started_on + timedelta(days=rng.randint(*FIRST_REVIEW_DELAY_DAYS)),
            today - timedelta(days=HISTORY_DAYS),
        )
        last = last_review_day
        if habit.only_while_studying and progress.completed_on is not None:
            last = min(last, progress.completed_on)
        if first > last:
            continue
        cards += [_Card(cid, first, last) for cid in cards_by_module.get(progress.module_id, [])]
    return cards


def _true_recall(scheduler: FsrsScheduler, card: _Card, memory: float, moment: datetime) -> float:
    """FSRS's forgetting curve with the person's own stability (stability × memory)."""
    assert card.state is not None
    truth = {**card.state, "stability": float(card.state["stability"]) * memory}
    return scheduler.recall(truth, moment) or 0.0


def _answer(recall: float, rng: random.Random) -> ReviewGrade:
    if rng.random() >= recall:
        return ReviewGrade.AGAIN
    if recall > 0.95 and rng.random() < EASY_SHARE_WHEN_SURE:
        return ReviewGrade.EASY
    return ReviewGrade.HARD if rng.random() < HARD_SHARE else ReviewGrade.GOOD


def _simulate(
    person_id: int,
    cards: list[_Card],
    habit: Habit,
    scheduler: FsrsScheduler,
    today: date,
    rng: random.Random,
) -> list[ReviewLog]:
    logs: list[ReviewLog] = []
    if not cards:
        return logs
    day = min(c.first_day for c in cards)
    while day < today:
        if rng.random() < habit.diligence:
            moment = datetime.combine(day, time(8 + rng.randrange(11), rng.randrange(60)), UTC)
            for card in cards:
                if not card.first_day <= day <= card.last_day:
                    continue
                if card.state is not None and card.due is not None and card.due > moment:
                    continue
                if card.state is None:
                    rating = _answer(0.6 * min(habit.memory, 1.0), rng)  # first sight: unsure
                else:
                    rating = _answer(_true_recall(scheduler, card, habit.memory, moment), rng)
                result = scheduler.review(card.state, rating, moment)
                card.state, card.due = result.state, result.due_at
                logs.append(
                    ReviewLog(
                        card_id=card.card_id,
                        person_id=person_id,
                        rating=int(rating),
                        reviewed_at=moment,
                        duration_ms=rng.randint(*REVIEW_SECONDS) * 1000,
                        scheduler="fsrs",
                    )
                )
                moment += timedelta(seconds=rng.randint(*REVIEW_SECONDS))
        day += timedelta(days=1)
    return logs
