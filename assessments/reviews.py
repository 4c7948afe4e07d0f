"""Spaced-repetition reviews: decks, the due queue, review logs, team policy, forecasts.

Every review is kept as a `ReviewLog` row and never changed; `CardSchedule` rows are the
current state and can always be rebuilt from the logs (that is what a policy switch or new
FSRS parameters do).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from assessments.replay import MIN_REVIEWS_TO_FIT, FitResult, fit_and_compare, split_index
from assessments.scheduling import (
    DEFAULT_DESIRED_RETENTION,
    DEFAULT_FSRS_PARAMETERS,
    LadderScheduler,
    LoggedReview,
    Policy,
    Rating,
    Scheduler,
    WorkloadPoint,
    elapsed_whole_days,
    interval_options,
    make_scheduler,
    replay,
    simulate_workload,
    validate_parameters,
    validate_retention,
)
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import (
    AuditEvent,
    CardKind,
    CardSchedule,
    Module,
    ModuleProgress,
    ModuleStatus,
    Person,
    PersonRole,
    ReviewCard,
    ReviewLog,
    Team,
    utc_now,
)
from storage.people import PersonRef, get_person

# New cards a person meets per day, so starting a module does not bury them in one sitting.
NEW_CARDS_PER_DAY = 10
MAX_CARD_CHARS = 1_000
FORECAST_DAYS = 30
RETENTION_WEEKS = 12
# Adaptive difficulty (from the seed): success ratio over recent reviews of a module.
HARDER_ABOVE_SUCCESS_RATIO = 0.8
EASIER_BELOW_SUCCESS_RATIO = 0.6
ADAPTIVE_WINDOW_DAYS = 30
MIN_REVIEWS_FOR_SUGGESTION = 5
WORKLOAD_RETENTIONS = (0.75, 0.8, 0.85, 0.9, 0.95)
WORKLOAD_HORIZON_DAYS = 90


# --- read models ------------------------------------------------------------------------


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

    def scheduler(self, *, fuzz: bool = True) -> Scheduler:
        return make_scheduler(
            self.policy,
            parameters=self.parameters,
            desired_retention=self.desired_retention,
            fuzz=fuzz,
        )


@dataclass(frozen=True)
class CardView:
    id: int
    front: str
    back: str
    kind: CardKind
    module_key: str | None
    module_title: str | None
    author_name: str | None  # None: from the curriculum
    due_at: datetime | None  # None: not reviewed yet
    recall: float | None  # predicted recall now; None: not reviewed yet


@dataclass(frozen=True)
class DueCard:
    card: CardView
    intervals: dict[Rating, timedelta]  # what each answer would give
    new: bool


@dataclass(frozen=True)
class ReviewOutcome:
    card_id: int
    rating: Rating
    next_due_at: datetime
    interval: timedelta


@dataclass(frozen=True)
class ForecastDay:
    day: date
    person_name: str
    due: int


@dataclass(frozen=True)
class WeekRetention:
    week_start: date
    person_name: str
    reviews: int
    recalled: int

    @property
    def share(self) -> float:
        return self.recalled / self.reviews if self.reviews else 0.0


@dataclass(frozen=True)
class ModuleSuggestion:
    module_key: str
    module_title: str
    reviews: int
    success_ratio: float
    suggestion: str  # "harder" | "keep" | "revisit"

    @property
    def advice(self) -> str:
        return SUGGESTION_TEXT[self.suggestion]


@dataclass(frozen=True)
class ModuleReviewCounts:
    """Reviews a person has waiting in one module (what the mentoring agenda lists)."""

    module_key: str
    module_title: str
    due: int  # due by the end of today, overdue included
    overdue: int  # due before today began


SUGGESTION_TEXT = {
    "harder": "Recalled reliably: move on, or write harder cards for this module.",
    "keep": "On track: keep reviewing as scheduled.",
    "revisit": "Often forgotten: revisit the prerequisites and the module text.",
}


def difficulty_suggestion(success_ratio: float) -> str:
    """The seed's adaptive difficulty: above 0.8 → harder, below 0.6 → revisit, else keep."""
    if success_ratio > HARDER_ABOVE_SUCCESS_RATIO:
        return "harder"
    if success_ratio < EASIER_BELOW_SUCCESS_RATIO:
        return "revisit"
    return "keep"


# --- permissions and settings -----------------------------------------------------------


def _ensure_can_see(actor: PersonRef, person: PersonRef) -> None:
    if actor.team_id != person.team_id:
        raise PermissionDenied(f"{person.name} is not in your team.")
    if actor.id != person.id and person.mentor_id != actor.id and not actor.is_lead:
        raise PermissionDenied(f"Only {person.name}, their mentor or a lead can see their reviews.")


def _ensure_lead(actor: PersonRef, team_id: int, what: str) -> None:
    if not actor.is_lead or actor.team_id != team_id:
        raise PermissionDenied(f"Only the team's lead can {what}.")


def _team(session: Session, team_id: int) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound(f"No team with id {team_id}.")
    return team


def review_settings(session: Session, team_id: int) -> ReviewSettings:
    """The team's policy, desired retention, FSRS parameters and any pending proposal."""
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
    )


def _audit(session: Session, actor: PersonRef, action: str, entity: str, **detail: object) -> None:
    session.add(AuditEvent(actor_id=actor.id, action=action, entity=entity, detail=detail))


def set_policy(session: Session, *, actor: PersonRef, team_id: int, policy: Policy) -> int:
    """Switch the team's scheduler; every card schedule is rebuilt from the kept reviews.

    Returns how many schedules were rebuilt.
    """
    _ensure_lead(actor, team_id, "change the review policy")
    team = _team(session, team_id)
    team.review_policy = Policy(policy).value
    session.add(team)
    _audit(session, actor, "review_policy_set", "team", policy=team.review_policy)
    session.flush()
    return reschedule_team(session, team_id=team_id)


def set_desired_retention(
    session: Session, *, actor: PersonRef, team_id: int, desired_retention: float
) -> int:
    """Set how much the team aims to remember; FSRS schedules are rebuilt to match."""
    _ensure_lead(actor, team_id, "change the desired retention")
    team = _team(session, team_id)
    team.desired_retention = validate_retention(desired_retention)
    session.add(team)
    _audit(session, actor, "desired_retention_set", "team", value=team.desired_retention)
    session.flush()
    return reschedule_team(session, team_id=team_id)


# --- decks ------------------------------------------------------------------------------


def _team_people(session: Session, team_id: int) -> dict[int, Person]:
    return {p.id or 0: p for p in session.exec(select(Person).where(Person.team_id == team_id))}


def _deck_cards(session: Session, person: PersonRef) -> list[tuple[ReviewCard, Module | None]]:
    """Curriculum cards of the modules the person has started, cards written for those
    modules by the team's mentors and leads, and the person's own cards."""
    started = set(
        session.exec(
            select(ModuleProgress.module_id).where(
                ModuleProgress.person_id == person.id,
                ModuleProgress.status != ModuleStatus.NOT_STARTED,
            )
        ).all()
    )
    people = _team_people(session, person.team_id)
    rows = session.exec(
        select(ReviewCard, Module)
        .join(Module, col(Module.id) == ReviewCard.module_id, isouter=True)
        .where(col(ReviewCard.module_id).in_(started) | (col(ReviewCard.author_id) == person.id))
        .order_by(col(Module.position), col(ReviewCard.id))
    ).all()
    chosen: list[tuple[ReviewCard, Module | None]] = []
    for card, module in rows:
        author = people.get(card.author_id) if card.author_id is not None else None
        if card.author_id is None or card.author_id == person.id:
            chosen.append((card, module))
        elif author is not None and PersonRole(author.role) != PersonRole.LEARNER:
            chosen.append((card, module))  # a mentor's or lead's card for a module they teach
    return chosen


def _schedules(session: Session, person_id: int) -> dict[int, CardSchedule]:
    return {
        s.card_id: s
        for s in session.exec(select(CardSchedule).where(CardSchedule.person_id == person_id))
    }


def _recall(schedule: CardSchedule | None, settings: ReviewSettings, now: datetime) -> float | None:
    if schedule is None:
        return None
    scheduler: Scheduler = (
        LadderScheduler()
        if schedule.scheduler == Policy.LADDER
        else make_scheduler(
            Policy.FSRS,
            parameters=settings.parameters,
            desired_retention=settings.desired_retention,
            fuzz=False,
        )
    )
    return scheduler.recall(schedule.state, now)


def _names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {
        p.id or 0: p.name for p in session.exec(select(Person).where(col(Person.id).in_(wanted)))
    }


def deck(session: Session, *, actor: PersonRef, person_id: int, now: datetime) -> list[CardView]:
    """Every card in a person's deck with its due time and predicted recall at `now`."""
    person = get_person(session, person_id)
    _ensure_can_see(actor, person)
    settings = review_settings(session, person.team_id)
    schedules = _schedules(session, person_id)
    cards = _deck_cards(session, person)
    authors = _names(session, (c.author_id for c, _ in cards))
    views = []
    for card, module in cards:
        schedule = schedules.get(card.id or 0)
        views.append(
            CardView(
                id=card.id or 0,
                front=card.front,
                back=card.back,
                kind=CardKind(card.kind),
                module_key=module.key if module else None,
                module_title=module.title if module else None,
                author_name=authors.get(card.author_id) if card.author_id else None,
                due_at=schedule.due_at if schedule else None,
                recall=_recall(schedule, settings, now),
            )
        )
    return views


def next_due_at(
    session: Session, *, actor: PersonRef, person_id: int, now: datetime
) -> datetime | None:
    """When the person's next card falls due after `now` (None: nothing scheduled)."""
    _ensure_can_see(actor, get_person(session, person_id))
    return session.exec(
        select(CardSchedule.due_at)
        .where(CardSchedule.person_id == person_id, CardSchedule.due_at > now)
        .order_by(col(CardSchedule.due_at))
        .limit(1)
    ).first()


def _start_of_day(now: datetime) -> datetime:
    return datetime.combine(now.astimezone(UTC).date(), time.min, tzinfo=UTC)


def _new_cards_started_today(session: Session, person_id: int, now: datetime) -> int:
    firsts: dict[int, datetime] = {}
    for card_id, reviewed_at in session.exec(
        select(ReviewLog.card_id, ReviewLog.reviewed_at).where(ReviewLog.person_id == person_id)
    ):
        if card_id not in firsts or reviewed_at < firsts[card_id]:
            firsts[card_id] = reviewed_at
    start = _start_of_day(now)
    return sum(1 for first in firsts.values() if first >= start)


def due_queue(
    session: Session, *, actor: PersonRef, person_id: int, now: datetime
) -> list[DueCard]:
    """Cards due by the end of `now`'s day (UTC), most overdue first, then up to the day's
    share of new cards.

    Each comes with the interval every answer would give under the team's policy.
    """
    person = get_person(session, person_id)
    _ensure_can_see(actor, person)
    settings = review_settings(session, person.team_id)
    scheduler = settings.scheduler(fuzz=False)  # intervals shown before fuzzing
    schedules = _schedules(session, person_id)
    cards = deck(session, actor=actor, person_id=person_id, now=now)
    # Due today counts as due now: reviews are a daily habit, so a card falling due this
    # afternoon is shown this morning (as Anki does), whatever the hour of the sitting.
    end_of_day = _start_of_day(now) + timedelta(days=1)
    due = sorted(
        (c for c in cards if c.due_at is not None and c.due_at < end_of_day),
        key=lambda c: (c.due_at or now, c.id),
    )
    allowed_new = max(NEW_CARDS_PER_DAY - _new_cards_started_today(session, person_id, now), 0)
    new = [c for c in cards if c.due_at is None][:allowed_new]
    queue = []
    for card in [*due, *new]:
        schedule = schedules.get(card.id)
        state = schedule.state if schedule and schedule.scheduler == settings.policy else None
        if schedule is not None and state is None:  # stored under another policy: rebuild
            state = _rebuilt_state(session, person_id, card.id, scheduler)
        queue.append(DueCard(card, interval_options(scheduler, state, now), new=schedule is None))
    return queue


def _person_logs(session: Session, person_ids: Sequence[int]) -> list[ReviewLog]:
    return list(
        session.exec(
            select(ReviewLog)
            .where(col(ReviewLog.person_id).in_(person_ids))
            .order_by(col(ReviewLog.reviewed_at), col(ReviewLog.id))
        ).all()
    )


def _rebuilt_state(
    session: Session, person_id: int, card_id: int, scheduler: Scheduler
) -> dict[str, Any] | None:
    logs = session.exec(
        select(ReviewLog).where(ReviewLog.person_id == person_id, ReviewLog.card_id == card_id)
    ).all()
    result = replay(
        scheduler, [LoggedReview(r.card_id, Rating(r.rating), r.reviewed_at) for r in logs]
    )
    return result.state if result else None


def record_review(
    session: Session,
    *,
    actor: PersonRef,
    card_id: int,
    rating: Rating | int,
    now: datetime,
    duration_ms: int | None = None,
    fuzz: bool = True,
) -> ReviewOutcome:
    """Keep one review as a log row and move the card's schedule on; only for oneself."""
    try:
        rating = Rating(rating)
    except ValueError as error:
        raise InvalidInput("A rating is Again (1), Hard (2), Good (3) or Easy (4).") from error
    if duration_ms is not None and duration_ms < 0:
        raise InvalidInput("A review cannot take negative time.")
    person = get_person(session, actor.id)
    if not any(card.id == card_id for card, _ in _deck_cards(session, person)):
        raise NotFound("That card is not in your deck.")
    settings = review_settings(session, person.team_id)
    scheduler = settings.scheduler(fuzz=fuzz)
    schedule = session.exec(
        select(CardSchedule).where(
            CardSchedule.person_id == actor.id, CardSchedule.card_id == card_id
        )
    ).first()
    state: dict[str, Any] | None
    if schedule is not None and schedule.scheduler == settings.policy:
        state = schedule.state
    else:
        state = _rebuilt_state(session, actor.id, card_id, settings.scheduler(fuzz=False))
    result = scheduler.review(state, rating, now)
    session.add(
        ReviewLog(
            card_id=card_id,
            person_id=actor.id,
            rating=int(rating),
            reviewed_at=now,
            duration_ms=duration_ms,
            scheduler=settings.policy.value,
        )
    )
    if schedule is None:
        schedule = CardSchedule(
            person_id=actor.id, card_id=card_id, due_at=result.due_at, scheduler=""
        )
    schedule.state = result.state
    schedule.due_at = result.due_at
    schedule.scheduler = settings.policy.value
    session.add(schedule)
    session.flush()
    return ReviewOutcome(card_id, rating, result.due_at, result.due_at - now)


def write_card(
    session: Session,
    *,
    actor: PersonRef,
    front: str,
    back: str,
    kind: CardKind,
    module_key: str | None = None,
) -> CardView:
    """A card written by a learner (their own deck) or a mentor or lead (everyone in the team
    who has started its module, and their own deck)."""
    front, back = front.strip(), back.strip()
    problems = []
    if not front or not back:
        problems.append("both the prompt and the answer are needed")
    if len(front) > MAX_CARD_CHARS or len(back) > MAX_CARD_CHARS:
        problems.append(f"prompt and answer are at most {MAX_CARD_CHARS} characters each")
    module = None
    if module_key:
        module = session.exec(select(Module).where(Module.key == module_key)).first()
        if module is None:
            problems.append(f"there is no module '{module_key}'")
    if problems:
        raise InvalidInput("Card not saved: " + "; ".join(problems) + ".")
    card = ReviewCard(
        module_id=module.id if module else None,
        kind=CardKind(kind),
        front=front,
        back=back,
        author_id=actor.id,
    )
    session.add(card)
    session.flush()
    _audit(session, actor, "card_written", "reviewcard", card_id=card.id)
    return CardView(
        id=card.id or 0,
        front=front,
        back=back,
        kind=CardKind(kind),
        module_key=module.key if module else None,
        module_title=module.title if module else None,
        author_name=actor.name,
        due_at=None,
        recall=None,
    )


# --- rescheduling -----------------------------------------------------------------------


def reschedule_team(
    session: Session, *, team_id: int, person_ids: Sequence[int] | None = None
) -> int:
    """Rebuild every card schedule of the team (or of `person_ids`) from the kept reviews,
    under the team's current policy, without fuzzing (the same history gives the same dates).
    Returns how many schedules were written."""
    settings = review_settings(session, team_id)
    scheduler = settings.scheduler(fuzz=False)
    ids = list(person_ids) if person_ids is not None else list(_team_people(session, team_id))
    by_card: dict[tuple[int, int], list[LoggedReview]] = defaultdict(list)
    for log in _person_logs(session, ids):
        by_card[(log.person_id, log.card_id)].append(
            LoggedReview(log.card_id, Rating(log.rating), log.reviewed_at)
        )
    existing = {
        (s.person_id, s.card_id): s
        for s in session.exec(select(CardSchedule).where(col(CardSchedule.person_id).in_(ids)))
    }
    for (person_id, card_id), reviews in by_card.items():
        result = replay(scheduler, reviews)
        assert result is not None
        schedule = existing.get((person_id, card_id)) or CardSchedule(
            person_id=person_id, card_id=card_id, due_at=result.due_at, scheduler=""
        )
        schedule.state = result.state
        schedule.due_at = result.due_at
        schedule.scheduler = settings.policy.value
        session.add(schedule)
    session.flush()
    return len(by_card)


# --- fitting ----------------------------------------------------------------------------


def team_reviews(session: Session, team_id: int) -> list[LoggedReview]:
    """Every kept review of the team, each card numbered per person (a card reviewed by two
    people is two memories)."""
    numbers: dict[tuple[int, int], int] = {}
    out = []
    for log in _person_logs(session, list(_team_people(session, team_id))):
        number = numbers.setdefault((log.person_id, log.card_id), len(numbers) + 1)
        out.append(LoggedReview(number, Rating(log.rating), log.reviewed_at))
    return out


def _memory_tests(reviews: Sequence[LoggedReview]) -> int:
    last: dict[int, datetime] = {}
    count = 0
    for r in reviews:
        if r.card_id in last and elapsed_whole_days(last[r.card_id], r.reviewed_at) >= 1:
            count += 1
        last[r.card_id] = r.reviewed_at
    return count


def fit_team(session: Session, *, actor: PersonRef, team_id: int) -> FitResult:
    """Fit FSRS to the team's history and keep the result as a proposal (not yet in use).

    Fitted on the earlier 70 % of the reviews; log loss of the current and the fitted
    parameters is measured on the later 30 %.
    """
    _ensure_lead(actor, team_id, "fit the scheduler")
    settings = review_settings(session, team_id)
    reviews = sorted(team_reviews(session, team_id), key=lambda r: r.reviewed_at)
    tests = _memory_tests(reviews[: split_index(len(reviews))])
    if tests < MIN_REVIEWS_TO_FIT:
        raise InvalidInput(
            f"Not enough history to fit yet: the earlier part has {tests} reviews made a day "
            f"or more after the previous one, and the optimizer needs {MIN_REVIEWS_TO_FIT}."
        )
    result = fit_and_compare(reviews, current_parameters=settings.parameters)
    team = _team(session, team_id)
    team.proposed_fsrs_parameters = list(validate_parameters(result.parameters))
    team.proposed_loss_before = result.loss_before
    team.proposed_loss_after = result.loss_after
    team.proposed_at = utc_now()
    session.add(team)
    _audit(
        session,
        actor,
        "fsrs_fit_proposed",
        "team",
        loss_before=result.loss_before,
        loss_after=result.loss_after,
    )
    session.flush()
    return result


def accept_proposal(session: Session, *, actor: PersonRef, team_id: int, today: date) -> int:
    """Use the proposed parameters from now on; schedules are rebuilt. Returns how many."""
    _ensure_lead(actor, team_id, "accept fitted parameters")
    team = _team(session, team_id)
    if not team.proposed_fsrs_parameters:
        raise InvalidInput("There is no fitted proposal to accept; fit first.")
    team.fsrs_parameters = list(team.proposed_fsrs_parameters)
    team.proposed_fsrs_parameters = None
    team.proposed_loss_before = team.proposed_loss_after = None
    team.proposed_at = None
    session.add(team)
    _audit(session, actor, "fsrs_fit_accepted", "team", on=today.isoformat())
    session.flush()
    return reschedule_team(session, team_id=team_id)


def discard_proposal(session: Session, *, actor: PersonRef, team_id: int) -> None:
    """Drop a fitted proposal; the parameters in use stay as they are."""
    _ensure_lead(actor, team_id, "discard fitted parameters")
    team = _team(session, team_id)
    team.proposed_fsrs_parameters = None
    team.proposed_loss_before = team.proposed_loss_after = None
    team.proposed_at = None
    session.add(team)
    session.flush()


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


# --- forecasts, retention, workload -----------------------------------------------------


def _visible_people(
    session: Session, actor: PersonRef, person_ids: Sequence[int]
) -> list[PersonRef]:
    people = [get_person(session, pid) for pid in person_ids]
    for person in people:
        _ensure_can_see(actor, person)
    return people


def team_member_ids(session: Session, *, actor: PersonRef) -> list[int]:
    """Active people of the lead's team (what the team charts cover)."""
    _ensure_lead(actor, actor.team_id, "see the whole team's reviews")
    return [
        p.id or 0
        for p in session.exec(
            select(Person).where(Person.team_id == actor.team_id, Person.active == True)  # noqa: E712
        )
    ]


def forecast(
    session: Session, *, actor: PersonRef, person_ids: Sequence[int], today: date
) -> list[ForecastDay]:
    """Reviews falling due per day and person for the next 30 days (overdue ones on today)."""
    people = _visible_people(session, actor, person_ids)
    names = {p.id: p.name for p in people}
    last = today + timedelta(days=FORECAST_DAYS - 1)
    counts: dict[tuple[date, int], int] = defaultdict(int)
    for schedule in session.exec(
        select(CardSchedule).where(col(CardSchedule.person_id).in_(list(names)))
    ):
        day = max(schedule.due_at.astimezone(UTC).date(), today)
        if day <= last:
            counts[(day, schedule.person_id)] += 1
    return [
        ForecastDay(
            today + timedelta(days=n), names[pid], counts.get((today + timedelta(days=n), pid), 0)
        )
        for pid in names
        for n in range(FORECAST_DAYS)
    ]


def retention_by_week(
    session: Session, *, actor: PersonRef, person_ids: Sequence[int], today: date
) -> list[WeekRetention]:
    """Measured retention: per person and week (Mondays), reviews and how many were recalled,
    over the last 12 weeks; weeks without reviews are left out."""
    people = _visible_people(session, actor, person_ids)
    names = {p.id: p.name for p in people}
    first_week = today - timedelta(days=today.weekday() + 7 * (RETENTION_WEEKS - 1))
    since = datetime.combine(first_week, time.min, tzinfo=UTC)
    totals: dict[tuple[date, int], list[int]] = defaultdict(lambda: [0, 0])
    for log in session.exec(
        select(ReviewLog).where(
            col(ReviewLog.person_id).in_(list(names)), ReviewLog.reviewed_at >= since
        )
    ):
        day = log.reviewed_at.astimezone(UTC).date()
        week = day - timedelta(days=day.weekday())
        acc = totals[(week, log.person_id)]
        acc[0] += 1
        acc[1] += 1 if log.rating > Rating.AGAIN else 0
    return sorted(
        (WeekRetention(week, names[pid], n, ok) for (week, pid), (n, ok) in totals.items()),
        key=lambda w: (w.week_start, w.person_name),
    )


def module_suggestions(
    session: Session, *, actor: PersonRef, person_id: int, now: datetime
) -> list[ModuleSuggestion]:
    """Adaptive difficulty per module from the last 30 days of reviews (5 reviews at least)."""
    person = get_person(session, person_id)
    _ensure_can_see(actor, person)
    since = now - timedelta(days=ADAPTIVE_WINDOW_DAYS)
    rows = session.exec(
        select(ReviewLog.rating, Module.key, Module.title)
        .join(ReviewCard, col(ReviewCard.id) == ReviewLog.card_id)
        .join(Module, col(Module.id) == ReviewCard.module_id)
        .where(ReviewLog.person_id == person_id, ReviewLog.reviewed_at >= since)
        .order_by(col(Module.position))
    ).all()
    totals: dict[tuple[str, str], list[int]] = {}
    for rating, key, title in rows:
        acc = totals.setdefault((key, title), [0, 0])
        acc[0] += 1
        acc[1] += 1 if rating > Rating.AGAIN else 0
    return [
        ModuleSuggestion(key, title, n, ok / n, difficulty_suggestion(ok / n))
        for (key, title), (n, ok) in totals.items()
        if n >= MIN_REVIEWS_FOR_SUGGESTION
    ]


def review_counts_by_module(
    session: Session, *, person_id: int, now: datetime
) -> list[ModuleReviewCounts]:
    """For the mentoring agenda: per module, the person's reviews due today and overdue.

    Cards not tied to a module are counted under "Own cards". Modules with nothing due are
    left out. No permission check: the agenda's own service decides who may see it.
    """
    start = _start_of_day(now)
    end = start + timedelta(days=1)
    rows = session.exec(
        select(CardSchedule.due_at, Module.key, Module.title)
        .join(ReviewCard, col(ReviewCard.id) == CardSchedule.card_id)
        .join(Module, col(Module.id) == ReviewCard.module_id, isouter=True)
        .where(CardSchedule.person_id == person_id, CardSchedule.due_at < end)
        .order_by(col(Module.position))
    ).all()
    totals: dict[tuple[str, str], list[int]] = {}
    for due_at, key, title in rows:
        acc = totals.setdefault((key or "", title or "Own cards"), [0, 0])
        acc[0] += 1
        acc[1] += 1 if due_at < start else 0
    return [ModuleReviewCounts(k, t, due, overdue) for (k, t), (due, overdue) in totals.items()]


def workload_by_retention(
    session: Session, *, actor: PersonRef, team_id: int, now: datetime
) -> list[WorkloadPoint]:
    """Estimated reviews per day at several desired retentions for the team's current cards.

    Simulated (see `scheduling.simulate_workload`) from each reviewed card's FSRS memory
    state under the team's parameters, over the next 90 days.
    """
    _ensure_lead(actor, team_id, "see the team's workload")
    settings = review_settings(session, team_id)
    fsrs_scheduler = make_scheduler(Policy.FSRS, parameters=settings.parameters, fuzz=False)
    states: list[dict[str, Any]] = []
    schedules = session.exec(
        select(CardSchedule)
        .join(Person, col(Person.id) == CardSchedule.person_id)
        .where(Person.team_id == team_id, Person.active == True)  # noqa: E712
    ).all()
    fsrs_states = [s.state for s in schedules if s.scheduler == Policy.FSRS]
    if len(fsrs_states) == len(schedules):
        states = fsrs_states
    else:  # some cards are on the ladder: derive their FSRS state from the same history
        by_card: dict[tuple[int, int], list[LoggedReview]] = defaultdict(list)
        for log in _person_logs(session, list({s.person_id for s in schedules})):
            by_card[(log.person_id, log.card_id)].append(
                LoggedReview(log.card_id, Rating(log.rating), log.reviewed_at)
            )
        states = [r.state for r in (replay(fsrs_scheduler, v) for v in by_card.values()) if r]
    return simulate_workload(
        states,
        parameters=settings.parameters,
        retentions=WORKLOAD_RETENTIONS,
        start=now,
        horizon_days=WORKLOAD_HORIZON_DAYS,
    )
