"""A team's review policy: settings (scheduler, desired retention, same-day steps, new cards
per day and a person's own limit, leech threshold), rebuilding schedules from the kept
reviews, fitting FSRS to the team's history or to one person's, and the workload that other
desired retentions would give.

A person schedules with the team's settings, except FSRS's parameters once they have their own
fitted: `person_review_settings` (and `people_review_settings` for many at once) is what every
service that schedules a card or predicts its recall reads.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from reviews.replay import (
    FIT_RULE,
    FitReadiness,
    FitResult,
    fit_and_compare,
    fit_readiness,
    fit_verdict,
)
from reviews.scheduling import (
    DEFAULT_DESIRED_RETENTION,
    DEFAULT_FSRS_PARAMETERS,
    DEFAULT_LEARNING_STEPS_MINUTES,
    DEFAULT_RELEARNING_STEPS_MINUTES,
    LoggedReview,
    Policy,
    ReviewGrade,
    Scheduler,
    WorkloadPoint,
    make_scheduler,
    replay,
    simulate_workload,
    start_of_day,
    validate_parameters,
    validate_retention,
    validate_steps,
)
from storage.access import ensure_team_lead
from storage.audit import record
from storage.enums import PersonRole
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import CardSchedule, Person, ReviewLog, Team
from storage.people import PersonRef, get_person
from storage.progress import OnProgress, no_progress
from storage.time_zones import team_zone

WORKLOAD_RETENTIONS = (0.75, 0.8, 0.85, 0.9, 0.95)
# New cards a person meets per day, so starting a module does not bury them in one sitting.
DEFAULT_NEW_CARDS_PER_DAY = 10
MAX_NEW_CARDS_PER_DAY = 200
# Lapses after which a card is a leech (Anki's default): tagged and suspended.
DEFAULT_LEECH_LAPSES = 8
MAX_LEECH_LAPSES = 99

WORKLOAD_HORIZON_DAYS = 90


# --- settings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    parameters: list[float]
    loss_before: float
    loss_after: float
    proposed_at: datetime


@dataclass(frozen=True)
class ReviewSettings:
    team_id: int
    team_name: str
    policy: Policy
    desired_retention: float
    parameters: list[float]
    fitted: bool  # parameters fitted to the team's own history (not FSRS's defaults)
    proposal: Proposal | None
    zone: ZoneInfo  # the team's: its review days
    learning_steps_minutes: tuple[float, ...] = DEFAULT_LEARNING_STEPS_MINUTES
    relearning_steps_minutes: tuple[float, ...] = DEFAULT_RELEARNING_STEPS_MINUTES
    new_cards_per_day: int = DEFAULT_NEW_CARDS_PER_DAY  # the team's, or a person's own
    leech_lapses: int = DEFAULT_LEECH_LAPSES
    own_parameters: bool = False  # `parameters` are the person's own fit, not the team's

    def for_person(self, person: Person) -> ReviewSettings:
        """The settings one person schedules with: the team's, with their own fitted FSRS
        parameters and their own new cards per day when they have them."""
        own = person.fsrs_parameters
        return replace(
            self,
            parameters=[float(p) for p in own] if own else self.parameters,
            own_parameters=bool(own),
            new_cards_per_day=_or_default(person.new_cards_per_day, self.new_cards_per_day),
        )

    def readers(self) -> dict[str, Scheduler]:
        """An unfuzzed scheduler per policy, to read a stored state (its predicted recall)
        whichever policy wrote it."""
        return {
            Policy.FSRS: make_scheduler(
                Policy.FSRS,
                parameters=self.parameters,
                desired_retention=self.desired_retention,
                fuzz=False,
                zone=self.zone,
                learning_steps_minutes=self.learning_steps_minutes,
                relearning_steps_minutes=self.relearning_steps_minutes,
            ),
            Policy.LADDER: make_scheduler(Policy.LADDER, zone=self.zone),
        }

    def scheduler(self, *, fuzz: bool = True) -> Scheduler:
        return make_scheduler(
            self.policy,
            parameters=self.parameters,
            desired_retention=self.desired_retention,
            fuzz=fuzz,
            zone=self.zone,
            learning_steps_minutes=self.learning_steps_minutes,
            relearning_steps_minutes=self.relearning_steps_minutes,
        )


def _team(session: Session, team_id: int) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound(f"No team with id {team_id}.")
    return team


def review_settings(session: Session, *, actor: PersonRef, team_id: int) -> ReviewSettings:
    """The team's policy, desired retention, FSRS parameters and any pending proposal; for
    the team's members (each sees how their reviews are scheduled)."""
    if actor.team_id != team_id:
        raise PermissionDenied("Only the team's members see its review settings.")
    return team_review_settings(session, team_id)


def team_review_settings(session: Session, team_id: int) -> ReviewSettings:
    """`review_settings` without a permission check, for services that have checked already
    (or cover the team as a whole, as freshness on a matrix already read does)."""
    team = _team(session, team_id)
    proposal = None
    if team.proposed_fsrs_parameters and team.proposed_at is not None:
        proposal = Proposal(
            list(team.proposed_fsrs_parameters),
            team.proposed_loss_before or 0.0,
            team.proposed_loss_after or 0.0,
            team.proposed_at,
        )
    return ReviewSettings(
        team_id=team_id,
        team_name=team.name,
        policy=Policy(team.review_policy or Policy.FSRS),
        desired_retention=team.desired_retention or DEFAULT_DESIRED_RETENTION,
        parameters=list(team.fsrs_parameters or DEFAULT_FSRS_PARAMETERS),
        fitted=bool(team.fsrs_parameters),
        proposal=proposal,
        zone=team_zone(session, team_id),
        learning_steps_minutes=_steps(team.learning_steps_minutes, DEFAULT_LEARNING_STEPS_MINUTES),
        relearning_steps_minutes=_steps(
            team.relearning_steps_minutes, DEFAULT_RELEARNING_STEPS_MINUTES
        ),
        new_cards_per_day=_or_default(team.new_cards_per_day, DEFAULT_NEW_CARDS_PER_DAY),
        leech_lapses=_or_default(team.leech_lapses, DEFAULT_LEECH_LAPSES),
    )


def person_review_settings(session: Session, person_id: int) -> ReviewSettings:
    """The settings a person's cards are scheduled and predicted with: their team's, with
    their own FSRS parameters if fitted and their own new cards per day if set. No
    permission check: for services that have checked."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"No person with id {person_id}.")
    return team_review_settings(session, person.team_id).for_person(person)


def people_review_settings(
    session: Session, team_id: int, person_ids: Sequence[int]
) -> dict[int, ReviewSettings]:
    """`person_review_settings` for many people of one team at once."""
    team = team_review_settings(session, team_id)
    people = session.exec(select(Person).where(col(Person.id).in_(list(person_ids)))).all()
    return {person.id or 0: team.for_person(person) for person in people}


def _steps(stored: list[float] | None, default: tuple[float, ...]) -> tuple[float, ...]:
    """A team's steps: None means FSRS's defaults, an empty list no steps."""
    return default if stored is None else tuple(float(m) for m in stored)


def _or_default(stored: int | None, default: int) -> int:
    return default if stored is None else int(stored)


def set_policy(
    session: Session, *, actor: PersonRef, team_id: int, policy: Policy, now: datetime
) -> int:
    """Switch the team's scheduler; every card schedule is rebuilt from the kept reviews.

    Returns how many schedules were rebuilt.
    """
    ensure_team_lead(actor, team_id, "change the review policy")
    team = _team(session, team_id)
    team.review_policy = Policy(policy).value
    session.add(team)
    record(
        session,
        actor=actor,
        action="review_policy_set",
        entity="team",
        detail={"policy": team.review_policy},
        at=now,
    )
    session.flush()
    return reschedule_team(session, team_id=team_id)


def set_desired_retention(
    session: Session,
    *,
    actor: PersonRef,
    team_id: int,
    desired_retention: float,
    now: datetime,
) -> int:
    """Set how much the team aims to remember; FSRS schedules are rebuilt to match."""
    ensure_team_lead(actor, team_id, "change the desired retention")
    team = _team(session, team_id)
    team.desired_retention = validate_retention(desired_retention)
    session.add(team)
    record(
        session,
        actor=actor,
        action="desired_retention_set",
        entity="team",
        detail={"value": team.desired_retention},
        at=now,
    )
    session.flush()
    return reschedule_team(session, team_id=team_id)


def set_steps(
    session: Session,
    *,
    actor: PersonRef,
    team_id: int,
    learning_steps_minutes: Sequence[float],
    relearning_steps_minutes: Sequence[float],
    now: datetime,
) -> int:
    """Set the team's same-day learning and relearning steps (minutes; empty: none); every
    card schedule is rebuilt from the kept reviews under them. Returns how many."""
    ensure_team_lead(actor, team_id, "change the learning steps")
    learning = validate_steps(learning_steps_minutes, what="learning steps")
    relearning = validate_steps(relearning_steps_minutes, what="relearning steps")
    team = _team(session, team_id)
    team.learning_steps_minutes = list(learning)
    team.relearning_steps_minutes = list(relearning)
    session.add(team)
    record(
        session,
        actor=actor,
        action="review_steps_set",
        entity="team",
        entity_id=team.id,
        summary=(
            f"Set {team.name}'s learning steps to {steps_text(learning)} and relearning "
            f"steps to {steps_text(relearning)}."
        ),
        team_id=team_id,
        detail={"learning": list(learning), "relearning": list(relearning)},
        at=now,
    )
    session.flush()
    return reschedule_team(session, team_id=team_id)


def steps_text(steps: Sequence[float]) -> str:
    """Steps as people read them: '1 min, 10 min', or 'none'."""
    return ", ".join(f"{m:g} min" for m in steps) or "none"


def parse_steps(text: str, *, what: str) -> tuple[float, ...]:
    """Steps typed as minutes separated by spaces or commas ("1 10", "1, 10"); empty: none."""
    words = text.replace(",", " ").split()
    try:
        minutes = [float(word.removesuffix("m").removesuffix("min")) for word in words]
    except ValueError as error:
        raise InvalidInput(
            f"The {what} are minutes separated by spaces or commas, e.g. '1 10', not '{text}'."
        ) from error
    return validate_steps(minutes, what=what)


def validate_new_cards_per_day(value: int) -> int:
    """New cards per day from 0 to MAX_NEW_CARDS_PER_DAY, else InvalidInput."""
    if not 0 <= int(value) <= MAX_NEW_CARDS_PER_DAY:
        raise InvalidInput(
            f"New cards per day must be from 0 to {MAX_NEW_CARDS_PER_DAY}, not {value}."
        )
    return int(value)


def set_team_limits(
    session: Session,
    *,
    actor: PersonRef,
    team_id: int,
    new_cards_per_day: int,
    leech_lapses: int,
    now: datetime,
) -> None:
    """Set the team's new cards per day (members without their own limit) and the lapses
    that make a card a leech."""
    ensure_team_lead(actor, team_id, "change the daily limits")
    new_cards_per_day = validate_new_cards_per_day(new_cards_per_day)
    if not 1 <= int(leech_lapses) <= MAX_LEECH_LAPSES:
        raise InvalidInput(
            f"A card is a leech after 1 to {MAX_LEECH_LAPSES} lapses, not {leech_lapses}."
        )
    team = _team(session, team_id)
    team.new_cards_per_day = new_cards_per_day
    team.leech_lapses = int(leech_lapses)
    session.add(team)
    record(
        session,
        actor=actor,
        action="review_limits_set",
        entity="team",
        entity_id=team.id,
        summary=(
            f"Set {team.name}'s new cards per day to {new_cards_per_day} and leeches to "
            f"{team.leech_lapses} lapses."
        ),
        team_id=team_id,
        detail={"new_cards_per_day": new_cards_per_day, "leech_lapses": team.leech_lapses},
        at=now,
    )
    session.flush()


def set_review_limits(
    session: Session,
    *,
    actor: PersonRef,
    team_id: int,
    learning_steps: str,
    relearning_steps: str,
    new_cards_per_day: int,
    leech_lapses: int,
    now: datetime,
) -> int:
    """The lead's form at once: steps as typed (see `parse_steps`), new cards per day and the
    leech threshold; nothing is saved if any is refused. Schedules are rebuilt only when the
    steps change; returns how many were."""
    learning = parse_steps(learning_steps, what="learning steps")
    relearning = parse_steps(relearning_steps, what="relearning steps")
    set_team_limits(
        session,
        actor=actor,
        team_id=team_id,
        new_cards_per_day=new_cards_per_day,
        leech_lapses=leech_lapses,
        now=now,
    )
    settings = team_review_settings(session, team_id)
    if (learning, relearning) == (
        settings.learning_steps_minutes,
        settings.relearning_steps_minutes,
    ):
        return 0
    return set_steps(
        session,
        actor=actor,
        team_id=team_id,
        learning_steps_minutes=learning,
        relearning_steps_minutes=relearning,
        now=now,
    )


@dataclass(frozen=True)
class NewCardsLimit:
    """A person's new cards per day: their own limit, else the team's."""

    person_id: int
    own: int | None
    team: int

    @property
    def per_day(self) -> int:
        return self.team if self.own is None else self.own


def new_cards_limit(session: Session, *, actor: PersonRef, person_id: int) -> NewCardsLimit:
    """The person's new cards per day; the person themselves or their team's lead."""
    person = _person_for_limit(session, actor, person_id, "see")
    team = _team(session, person.team_id)
    own = session.get(Person, person_id)
    return NewCardsLimit(
        person_id,
        own.new_cards_per_day if own else None,
        _or_default(team.new_cards_per_day, DEFAULT_NEW_CARDS_PER_DAY),
    )


def set_person_new_cards_per_day(
    session: Session,
    *,
    actor: PersonRef,
    person_id: int,
    new_cards_per_day: int | None,
    now: datetime,
) -> NewCardsLimit:
    """Set a person's own new cards per day (None: follow the team's); the person themselves
    or their team's lead."""
    person = _person_for_limit(session, actor, person_id, "change")
    value = None if new_cards_per_day is None else validate_new_cards_per_day(new_cards_per_day)
    row = session.get(Person, person_id)
    assert row is not None  # _person_for_limit found them
    row.new_cards_per_day = value
    session.add(row)
    whose = "their own" if actor.id == person_id else f"{person.name}'s"
    record(
        session,
        actor=actor,
        action="new_cards_per_day_set",
        entity="person",
        entity_id=person_id,
        summary=(
            f"Set {whose} new cards per day to {value}."
            if value is not None
            else f"Set {whose} new cards per day to follow the team's."
        ),
        team_id=person.team_id,
        detail={"new_cards_per_day": value},
        at=now,
    )
    session.flush()
    return new_cards_limit(session, actor=actor, person_id=person_id)


def _person_for_limit(session: Session, actor: PersonRef, person_id: int, verb: str) -> PersonRef:
    person = get_person(session, person_id)
    if actor.id != person_id and not (actor.is_lead and actor.team_id == person.team_id):
        raise PermissionDenied(
            f"Only the person themselves or their team's lead may {verb} their new cards per day."
        )
    return person


# --- rescheduling -----------------------------------------------------------------------


def _team_people(session: Session, team_id: int) -> dict[int, Person]:
    return {p.id or 0: p for p in session.exec(select(Person).where(Person.team_id == team_id))}


def _person_logs(session: Session, person_ids: Sequence[int]) -> list[ReviewLog]:
    return list(
        session.exec(
            select(ReviewLog)
            .where(col(ReviewLog.person_id).in_(person_ids), col(ReviewLog.undone_at).is_(None))
            .order_by(col(ReviewLog.reviewed_at), col(ReviewLog.id))
        ).all()
    )


def _reviews_by_card(
    session: Session, person_ids: Sequence[int]
) -> dict[tuple[int, int], list[LoggedReview]]:
    """The people's kept reviews per (person, card), each list in time order."""
    by_card: dict[tuple[int, int], list[LoggedReview]] = defaultdict(list)
    for log in _person_logs(session, person_ids):
        by_card[(log.person_id, log.card_id)].append(
            LoggedReview(log.card_id, ReviewGrade(log.rating), log.reviewed_at)
        )
    return by_card


def reschedule_team(
    session: Session, *, team_id: int, person_ids: Sequence[int] | None = None
) -> int:
    """Rebuild every card schedule of the team (or of `person_ids`) from the kept reviews,
    under the team's current policy and each person's parameters, without fuzzing (the same
    history gives the same dates). Returns how many schedules were written."""
    ids = list(person_ids) if person_ids is not None else list(_team_people(session, team_id))
    settings = people_review_settings(session, team_id, ids)
    schedulers = {pid: s.scheduler(fuzz=False) for pid, s in settings.items()}
    by_card = _reviews_by_card(session, ids)
    existing = {
        (s.person_id, s.card_id): s
        for s in session.exec(select(CardSchedule).where(col(CardSchedule.person_id).in_(ids)))
    }
    for (person_id, card_id), all_reviews in by_card.items():
        kept = existing.get((person_id, card_id))
        reset_at = kept.reset_at if kept is not None else None
        reviews = [r for r in all_reviews if reset_at is None or r.reviewed_at > reset_at]
        if not reviews:
            continue  # reset and not reviewed since: it stays new
        result = replay(schedulers[person_id], reviews)
        assert result is not None
        schedule = kept or CardSchedule(
            person_id=person_id, card_id=card_id, due_at=result.due_at, scheduler=""
        )
        schedule.state = result.state
        schedule.due_at = result.due_at
        schedule.scheduler = settings[person_id].policy.value
        session.add(schedule)
    session.flush()
    return len(by_card)


# --- fitting ----------------------------------------------------------------------------


def _team_reviews(session: Session, team_id: int) -> list[LoggedReview]:
    """Every kept review of the team, each card numbered per person (a card reviewed by two
    people is two memories)."""
    numbers: dict[tuple[int, int], int] = {}
    out = []
    for log in _person_logs(session, list(_team_people(session, team_id))):
        number = numbers.setdefault((log.person_id, log.card_id), len(numbers) + 1)
        out.append(LoggedReview(number, ReviewGrade(log.rating), log.reviewed_at))
    return out


def fit_team(
    session: Session, *, actor: PersonRef, team_id: int, on_progress: OnProgress = no_progress
) -> FitResult:
    """Fit FSRS to the team's history; nothing is written (see `keep_proposal`).

    Fitted on the earlier 70 % of the reviews; log loss of the current and the fitted
    parameters is measured on the later 30 %. Fitting takes seconds to minutes, so call this
    in a read-only unit of work: on SQLite a unit that may write holds the write lock, and
    every review saved meanwhile would wait for the fit.
    """
    ensure_team_lead(actor, team_id, "fit the scheduler")
    settings = team_review_settings(session, team_id)
    reviews = _team_reviews(session, team_id)
    readiness = fit_readiness(reviews, zone=settings.zone)
    if not readiness.ready:
        raise InvalidInput(f"Not enough history to fit yet: {readiness.shortfall}.")
    return fit_and_compare(
        reviews,
        current_parameters=settings.parameters,
        zone=settings.zone,
        on_progress=on_progress,
    )


def keep_proposal(
    session: Session, *, actor: PersonRef, team_id: int, result: FitResult, now: datetime
) -> None:
    """Keep a fit's parameters as the team's proposal (not in use until accepted)."""
    ensure_team_lead(actor, team_id, "fit the scheduler")
    team = _team(session, team_id)
    team.proposed_fsrs_parameters = list(validate_parameters(result.parameters))
    team.proposed_loss_before = result.loss_before
    team.proposed_loss_after = result.loss_after
    team.proposed_at = now
    session.add(team)
    record(
        session,
        actor=actor,
        action="fsrs_fit_proposed",
        entity="team",
        detail={"loss_before": result.loss_before, "loss_after": result.loss_after},
        at=now,
    )
    session.flush()


def accept_proposal(
    session: Session, *, actor: PersonRef, team_id: int, today: date, now: datetime
) -> int:
    """Use the proposed parameters from now on; schedules are rebuilt. Returns how many."""
    ensure_team_lead(actor, team_id, "accept fitted parameters")
    team = _team(session, team_id)
    if not team.proposed_fsrs_parameters:
        raise InvalidInput("There is no fitted proposal to accept; fit first.")
    team.fsrs_parameters = list(team.proposed_fsrs_parameters)
    team.proposed_fsrs_parameters = None
    team.proposed_loss_before = team.proposed_loss_after = None
    team.proposed_at = None
    session.add(team)
    record(
        session,
        actor=actor,
        action="fsrs_fit_accepted",
        entity="team",
        detail={"on": today.isoformat()},
        at=now,
    )
    session.flush()
    return reschedule_team(session, team_id=team_id)


def discard_proposal(session: Session, *, actor: PersonRef, team_id: int, now: datetime) -> None:
    """Drop a fitted proposal; the parameters in use stay as they are."""
    ensure_team_lead(actor, team_id, "discard fitted parameters")
    team = _team(session, team_id)
    team.proposed_fsrs_parameters = None
    team.proposed_loss_before = team.proposed_loss_after = None
    team.proposed_at = None
    session.add(team)
    record(
        session,
        actor=actor,
        action="fsrs_proposal_discarded",
        entity="team",
        entity_id=team.id,
        summary=f"Discarded the FSRS parameters fitted for {team.name}; the ones in use stay.",
        team_id=team_id,
        at=now,
    )
    session.flush()


# --- a person's own parameters ---------------------------------------------------------


@dataclass(frozen=True)
class FitFigures:
    """One fit to a person's own reviews: how the parameters in use then (before) and the
    fitted ones (after) predicted the later 30 % of their reviews, and whether it was kept."""

    fitted_at: datetime
    log_loss_before: float
    log_loss_after: float
    rmse_before: float
    rmse_after: float
    train_reviews: int
    scored_reviews: int
    kept: bool

    @classmethod
    def of(cls, result: FitResult, *, at: datetime) -> FitFigures:
        return cls(
            at,
            result.loss_before,
            result.loss_after,
            result.rmse_before,
            result.rmse_after,
            result.train_reviews,
            result.scored_reviews,
            result.better,
        )

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "fitted_at": self.fitted_at.isoformat()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FitFigures:
        return cls(**{**data, "fitted_at": datetime.fromisoformat(data["fitted_at"])})

    @property
    def verdict(self) -> str:
        """The outcome in a sentence, with the figures to four places (the page)."""
        return self.verdict_to(4)

    def verdict_to(self, places: int) -> str:
        """The outcome, each measure with which way it moved and the one that decided, the
        figures to `places` decimals (the audit log's sentences round to three): "Kept: RMSE
        0.0469 → 0.0403 better; log loss 0.4246 → 0.4258 slightly worse, on the later 2,097
        predictions. RMSE decides: …"."""
        verdict = fit_verdict(
            rmse_before=self.rmse_before,
            rmse_after=self.rmse_after,
            loss_before=self.log_loss_before,
            loss_after=self.log_loss_after,
            places=places,
        )
        return (
            f"{verdict.removesuffix('.')}, on the later {self.scored_reviews:,} predictions. "
            f"{FIT_RULE}"
        )


@dataclass(frozen=True)
class PersonFit:
    """A person's own FSRS parameters: in use or not, the last fit, and whether they have
    the history to fit on."""

    person_id: int
    person_name: str
    own_parameters: list[float] | None  # None: the team's are used
    in_use: FitFigures | None  # the fit behind `own_parameters`
    latest: FitFigures | None  # the latest fit, kept or not
    readiness: FitReadiness
    reviews: int  # kept answers, undone ones left out


def _person_for_fit(session: Session, actor: PersonRef, person_id: int, verb: str) -> PersonRef:
    person = get_person(session, person_id)
    if actor.id != person_id and not (actor.is_lead and actor.team_id == person.team_id):
        raise PermissionDenied(
            f"Only the person themselves or their team's lead may {verb} their own FSRS parameters."
        )
    return person


def _person_reviews(session: Session, person_id: int) -> list[LoggedReview]:
    """The person's kept reviews in time order; only the three columns a fit reads (the
    Reviews page asks on every run whether they have enough)."""
    return [
        LoggedReview(card_id, ReviewGrade(rating), reviewed_at)
        for card_id, rating, reviewed_at in session.exec(
            select(ReviewLog.card_id, ReviewLog.rating, ReviewLog.reviewed_at)
            .where(ReviewLog.person_id == person_id, col(ReviewLog.undone_at).is_(None))
            .order_by(col(ReviewLog.reviewed_at), col(ReviewLog.id))
        )
    ]


def _fit_record(row: Person) -> tuple[FitFigures | None, FitFigures | None]:
    """The in-use and latest figures kept in `Person.fsrs_fit`."""
    stored = row.fsrs_fit or {}
    in_use, latest = stored.get("in_use"), stored.get("latest")
    return (
        FitFigures.from_json(in_use) if in_use else None,
        FitFigures.from_json(latest) if latest else None,
    )


def person_fit(session: Session, *, actor: PersonRef, person_id: int) -> PersonFit:
    """A person's own parameters and fits; for the person and their team's lead."""
    person = _person_for_fit(session, actor, person_id, "see")
    row = session.get(Person, person_id)
    assert row is not None  # _person_for_fit found them
    reviews = _person_reviews(session, person_id)
    in_use, latest = _fit_record(row)
    return PersonFit(
        person_id,
        person.name,
        list(row.fsrs_parameters) if row.fsrs_parameters else None,
        in_use if row.fsrs_parameters else None,
        latest,
        fit_readiness(reviews, zone=team_zone(session, person.team_id)),
        len(reviews),
    )


def fit_person(session: Session, *, actor: PersonRef, person_id: int) -> FitResult:
    """Fit FSRS to one person's reviews; nothing is written (see `keep_person_fit`).

    Fitted on the earlier 70 % of their reviews; the parameters in use for them (the team's
    until they have their own) and the fitted ones are scored on the later 30 %. As
    `fit_team`, call it in a read-only unit of work: it takes seconds.
    """
    person = _person_for_fit(session, actor, person_id, "fit")
    settings = person_review_settings(session, person_id)
    reviews = _person_reviews(session, person_id)
    readiness = fit_readiness(reviews, zone=settings.zone)
    if not readiness.ready:
        raise InvalidInput(
            f"Not enough history to fit {person.name}'s own parameters yet: {readiness.shortfall}."
        )
    return fit_and_compare(reviews, current_parameters=settings.parameters, zone=settings.zone)


def keep_person_fit(
    session: Session, *, actor: PersonRef, person_id: int, result: FitResult, now: datetime
) -> PersonFit:
    """Keep a fit's figures, and its parameters for the person when they predict better
    (`FitResult.better`): their cards are then rescheduled with them. Otherwise the
    parameters in use stay and the figures say why."""
    person = _person_for_fit(session, actor, person_id, "fit")
    row = session.get(Person, person_id)
    assert row is not None
    figures = FitFigures.of(result, at=now)
    in_use, _ = _fit_record(row)
    if figures.kept:
        row.fsrs_parameters = list(validate_parameters(result.parameters))
        in_use = figures
    row.fsrs_fit = {
        "in_use": in_use.to_json() if in_use and row.fsrs_parameters else None,
        "latest": figures.to_json(),
    }
    session.add(row)
    whose = "their own" if actor.id == person_id else f"{person.name}'s own"
    record(
        session,
        actor=actor,
        action="own_fsrs_fit_kept" if figures.kept else "own_fsrs_fit_not_kept",
        entity="person",
        entity_id=person_id,
        summary=(
            f"Fitted {whose} FSRS parameters. {figures.verdict_to(3)}"
            if figures.kept
            else f"Fitted {whose} FSRS parameters; the ones in use stay. {figures.verdict_to(3)}"
        ),
        team_id=person.team_id,
        detail=figures.to_json(),
        at=now,
    )
    session.flush()
    if figures.kept:
        reschedule_team(session, team_id=person.team_id, person_ids=[person_id])
    return person_fit(session, actor=actor, person_id=person_id)


def use_team_parameters(
    session: Session, *, actor: PersonRef, person_id: int, now: datetime
) -> int:
    """Drop a person's own parameters: they schedule with the team's again, and their cards
    are rescheduled. Returns how many schedules were rebuilt."""
    person = _person_for_fit(session, actor, person_id, "drop")
    row = session.get(Person, person_id)
    assert row is not None
    if not row.fsrs_parameters:
        raise InvalidInput(f"{person.name} already schedules with the team's parameters.")
    row.fsrs_parameters = None
    row.fsrs_fit = {**(row.fsrs_fit or {}), "in_use": None}
    session.add(row)
    whose = "their own" if actor.id == person_id else f"{person.name}'s own"
    record(
        session,
        actor=actor,
        action="own_fsrs_parameters_dropped",
        entity="person",
        entity_id=person_id,
        summary=f"Dropped {whose} FSRS parameters; the team's are used again.",
        team_id=person.team_id,
        at=now,
    )
    session.flush()
    return reschedule_team(session, team_id=person.team_id, person_ids=[person_id])


def team_for_cli(session: Session, team_name: str | None) -> tuple[PersonRef, str]:
    """The lead the CLI acts as, and the team's name (the only team when none is named)."""
    query = select(Team)
    if team_name:
        query = query.where(Team.name == team_name)
    teams = session.exec(query).all()
    if not teams:
        raise NotFound(f"No team named '{team_name}'." if team_name else "No team yet.")
    if len(teams) > 1:
        raise InvalidInput("There are several teams; name one with --team.")
    lead = session.exec(
        select(Person).where(
            Person.team_id == teams[0].id,
            Person.role == PersonRole.LEAD,
            Person.active == True,  # noqa: E712
        )
    ).first()
    if lead is None or lead.id is None:
        raise NotFound(f"{teams[0].name} has no lead to act for it.")
    return get_person(session, lead.id), teams[0].name


# --- workload at other desired retentions -----------------------------------------------


# Simulating takes most of a second at demo scale and its result depends only on the cards'
# memory states, the parameters and the day, so the last few results are kept: the lead's
# page reruns on every click and slider move, and reviews change the key, never a result.
WORKLOAD_CACHE_ENTRIES = 8
# Past this many cards the simulation runs on an even sample of them (a third of a second on
# this machine; the demo team has about 500 cards, a team of 500 people about 40,000).
WORKLOAD_MAX_CARDS = 1_000
WORKLOAD_SAMPLE_SEED = 90

_FrozenState = tuple[tuple[str, Any], ...]


def workload_by_retention(
    session: Session, *, actor: PersonRef, team_id: int, now: datetime
) -> list[WorkloadPoint]:
    """Estimated reviews per day at several desired retentions for the team's current cards.

    Simulated (see `scheduling.simulate_workload`) from each reviewed card's FSRS memory
    state (past WORKLOAD_MAX_CARDS cards, a fixed-seed sample of them, its review count scaled
    to all) under its person's parameters (the team's, or their own), over the 90 days from
    the start of `now`'s day (cards due today count as due all day).
    """
    ensure_team_lead(actor, team_id, "see the team's workload")
    schedules = session.exec(
        select(CardSchedule.id, CardSchedule.person_id, CardSchedule.scheduler)
        .join(Person, col(Person.id) == CardSchedule.person_id)
        .where(Person.team_id == team_id, Person.active == True)  # noqa: E712
        .order_by(col(CardSchedule.person_id), col(CardSchedule.card_id))  # the seed's order
    ).all()
    people = sorted({person_id for _, person_id, _ in schedules})
    parameters_of = {
        pid: tuple(s.parameters)
        for pid, s in people_review_settings(session, team_id, people).items()
    }
    sample: list[tuple[tuple[float, ...], dict[str, Any]]]  # each card's parameters and state
    if all(policy == Policy.FSRS for _, _, policy in schedules):
        # Only the sampled cards' states are read: decoding every state of a large team
        # took longer than simulating the sample.
        total = len(schedules)
        chosen = [schedules[i] for i in _workload_sample(total)]
        states_by_id = dict(
            session.exec(
                select(CardSchedule.id, CardSchedule.state).where(
                    col(CardSchedule.id).in_([i for i, _, _ in chosen])
                )
            ).all()
        )
        sample = [(parameters_of[pid], dict(states_by_id[i])) for i, pid, _ in chosen]
    else:  # some cards are on the ladder: derive their FSRS state from the same history
        by_card = _reviews_by_card(session, people)
        readers = {
            params: make_scheduler(Policy.FSRS, parameters=params, fuzz=False)
            for params in set(parameters_of.values())
        }
        states = [
            (parameters_of[key[0]], r.state)
            for key in sorted(by_card)
            if (r := replay(readers[parameters_of[key[0]]], by_card[key]))
        ]
        total = len(states)
        sample = [states[i] for i in _workload_sample(total)]
    points = _workload_of_sample(sample, start_of_day(now))
    if len(sample) == total:
        return points
    scale = total / len(sample)
    return [replace(p, reviews_per_day=p.reviews_per_day * scale) for p in points]


def _workload_of_sample(
    sample: Sequence[tuple[tuple[float, ...], dict[str, Any]]], start: datetime
) -> list[WorkloadPoint]:
    """The simulated workload of cards with their parameters: each set of parameters (the
    team's, a person's own) simulated over its cards, reviews added up and recall averaged
    over every card (each card counts the same number of recall samples)."""
    groups: dict[tuple[float, ...], list[dict[str, Any]]] = defaultdict(list)
    for parameters, state in sample:
        groups[parameters].append(state)
    if not groups:
        return []
    results = []
    for parameters, states in groups.items():
        frozen = tuple(tuple(sorted(state.items())) for state in states)
        cards = sum(1 for state in states if state and state.get("stability") is not None)
        results.append((cards, _simulated_workload(frozen, parameters, start)))
    if len(results) == 1:
        return list(results[0][1])
    cards_in_all = sum(cards for cards, _ in results) or 1
    return [
        WorkloadPoint(
            desired_retention=point.desired_retention,
            reviews_per_day=sum(r[i].reviews_per_day for _, r in results),
            mean_recall=sum(cards * r[i].mean_recall for cards, r in results) / cards_in_all,
        )
        for i, point in enumerate(results[0][1])
    ]


def _workload_sample(count: int) -> list[int]:
    """Which of `count` cards the workload simulates: all, or past WORKLOAD_MAX_CARDS a
    fixed-seed random sample (in their order), whose review count is scaled up to all."""
    if count <= WORKLOAD_MAX_CARDS:
        return list(range(count))
    return sorted(random.Random(WORKLOAD_SAMPLE_SEED).sample(range(count), WORKLOAD_MAX_CARDS))


@lru_cache(maxsize=WORKLOAD_CACHE_ENTRIES)
def _simulated_workload(
    states: tuple[_FrozenState, ...], parameters: tuple[float, ...], start: datetime
) -> tuple[WorkloadPoint, ...]:
    return tuple(
        simulate_workload(
            [dict(state) for state in states],
            parameters=parameters,
            retentions=WORKLOAD_RETENTIONS,
            start=start,
            horizon_days=WORKLOAD_HORIZON_DAYS,
        )
    )
