"""Ratings and evidence (append-only), the team matrix read model and level history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import and_, func, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from assessments.framework import personal_targets, role_targets, target_for
from assessments.rules import (
    ADVANCED_LEVEL,
    LEVEL_NAMES,
    OFFICIAL_KINDS,
    PROVEN_KINDS,
    CoverageRow,
    Evidence,
    ResolvedLevel,
    coverage,
    gap,
    level_on,
    resolve_level,
)
from storage import formats
from storage.access import ensure_can_see_person, ensure_in_team, visible_person_ids
from storage.audit import record
from storage.enums import CompetencyGroup, PersonRole, RaterKind
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import Competency, Person, Rating
from storage.people import PersonRef, get_people, get_person
from storage.text_rules import body_problem, normalise_line_breaks

MAX_NOTE_CHARS = 2_000
MAX_LINK_CHARS = 500
RATING_KIND_WORDS = {
    RaterKind.SELF: "self-rating",
    RaterKind.MENTOR: "mentor rating",
    RaterKind.PEER: "peer rating",
    RaterKind.LEAD: "lead rating",
    RaterKind.QUIZ: "quiz evidence",
    RaterKind.PRACTICAL: "practical evidence",
    RaterKind.PRESENTATION: "presentation evidence",
}


@dataclass(frozen=True)
class RatingView:
    id: int
    person_id: int
    competency_key: str
    competency_name: str
    level: int
    rater_kind: RaterKind
    rater_name: str | None
    note: str
    link: str | None
    created_at: datetime


@dataclass(frozen=True)
class RatingEntry:
    """One rating in a person's history, as plain values."""

    created_at: datetime
    competency_name: str
    level: int
    rater_kind: RaterKind
    rater_name: str | None
    note: str


def rating_history(
    session: Session, person_id: int, *, kinds: Sequence[RaterKind] | None = None
) -> list[RatingEntry]:
    """The person's ratings in every competency (only those of `kinds`, if given), newest
    first. No permission check: callers have decided who may see them."""
    query = (
        sa_select(
            col(Rating.created_at),
            col(Competency.name),
            col(Rating.level),
            col(Rating.rater_kind),
            col(Person.name),
            col(Rating.note),
        )
        .join(Competency, col(Competency.id) == Rating.competency_id)
        .join(Person, col(Person.id) == Rating.rater_id, isouter=True)
        .where(col(Rating.person_id) == person_id)
        .order_by(col(Rating.created_at).desc(), col(Rating.id).desc())
    )
    if kinds is not None:
        query = query.where(col(Rating.rater_kind).in_(list(kinds)))
    return [
        RatingEntry(created_at, competency, level, RaterKind(kind), rater, note)
        for created_at, competency, level, kind, rater, note in session.execute(query)
    ]


def _ensure_can_rate(actor: PersonRef, person: PersonRef, kind: RaterKind) -> None:
    if actor.team_id != person.team_id:
        raise PermissionDenied(f"{person.name} is not in your team.")
    if kind == RaterKind.SELF and actor.id != person.id:
        raise PermissionDenied("A self-rating can only be made by the person themselves.")
    if kind == RaterKind.MENTOR and not (person.mentor_id == actor.id or actor.is_lead):
        raise PermissionDenied(f"Only {person.name}'s mentor or a lead can give a mentor rating.")
    if kind == RaterKind.LEAD and not actor.is_lead:
        raise PermissionDenied("Only a team lead can give a lead rating.")
    if kind == RaterKind.PEER and actor.id == person.id:
        raise PermissionDenied("A peer rating is about someone else; use a self-rating.")
    if kind == RaterKind.QUIZ:
        raise PermissionDenied("Quiz evidence comes only from passing a module quiz.")
    if kind == RaterKind.PRACTICAL:
        raise PermissionDenied("Practical evidence comes only from a hand-in graded a pass.")
    if kind == RaterKind.PRESENTATION:
        raise PermissionDenied(
            "Presentation evidence comes only from a sharing session a mentor or lead confirmed."
        )


def add_rating(
    session: Session,
    *,
    actor: PersonRef,
    person_id: int,
    competency_key: str,
    level: int,
    rater_kind: RaterKind,
    note: str = "",
    link: str | None = None,
    created_at: datetime,
) -> RatingView:
    """Append one rating; earlier ones are never changed."""
    person = get_person(session, person_id)
    _ensure_can_rate(actor, person, rater_kind)
    competency = session.exec(
        select(Competency).where(
            Competency.key == competency_key, Competency.team_id == person.team_id
        )
    ).first()
    if competency is None or competency.id is None:
        raise NotFound(f"No competency '{competency_key}' in {person.name}'s team.")
    problems = []
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 4:
        problems.append("level must be 0 (none) to 4 (expert), a whole number")
    note = normalise_line_breaks(note)
    if len(note) > MAX_NOTE_CHARS:
        problems.append(f"the note is longer than {MAX_NOTE_CHARS} characters")
    elif problem := body_problem(note, "note"):
        problems.append(problem)
    link = (link or "").strip() or None
    if link and (len(link) > MAX_LINK_CHARS or not link.startswith(("https://", "http://"))):
        problems.append("the link must be a web address starting with https://")
    if problems:
        raise InvalidInput("Rating not saved: " + "; ".join(problems) + ".")
    rating = Rating(
        person_id=person_id,
        competency_id=competency.id,
        level=level,
        rater_id=actor.id,
        rater_kind=rater_kind,
        note=note.strip(),
        link=link,
        created_at=created_at,
    )
    append_ratings(session, [rating])
    whom = "themself" if actor.id == person_id else person.name
    record(
        session,
        actor=actor,
        action="rating_added",
        entity="rating",
        summary=f"Rated {whom} {LEVEL_NAMES[level]} in {competency.name} "
        f"({RATING_KIND_WORDS[rater_kind]}).",
        entity_id=rating.id,
        detail={
            "person_id": person_id,
            "competency": competency_key,
            "level": level,
            "kind": rater_kind.value,
        },
        at=rating.created_at,
    )
    return RatingView(
        id=rating.id or 0,
        person_id=person_id,
        competency_key=competency.key,
        competency_name=competency.name,
        level=level,
        rater_kind=rater_kind,
        rater_name=actor.name,
        note=rating.note,
        link=link,
        created_at=rating.created_at,
    )


# --- the matrix -------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixPerson:
    id: int
    name: str
    job_role: str
    role: PersonRole


@dataclass(frozen=True)
class MatrixCompetency:
    key: str
    name: str
    group: CompetencyGroup


@dataclass(frozen=True)
class MatrixCell:
    person_id: int
    competency_key: str
    resolved: ResolvedLevel
    target: int
    gap: int
    # The target is the person's own (from their development plan), not their job role's.
    personal_target: bool = False


@dataclass(frozen=True)
class PersonComparison:
    competency_key: str
    competency_name: str
    level: int | None
    team_average: float
    target: int
    personal_target: bool = False  # the person's own target (development plan)


@dataclass(frozen=True)
class LevelChange:
    person_id: int
    person_name: str
    competency_key: str
    competency_name: str
    before: int | None
    now: int | None


@dataclass(frozen=True)
class MatrixView:
    team_id: int
    people: list[MatrixPerson]
    competencies: list[MatrixCompetency]
    cells: dict[tuple[int, str], MatrixCell]
    coverage: list[CoverageRow]
    # The ratings that decide the cells' levels now and at earlier moments (see
    # `_team_evidence`), kept so history questions need no new query.
    evidence: dict[tuple[int, str], list[Evidence]] = field(default_factory=dict)
    # Mean level per competency over the whole team, kept when the view shows only some rows.
    team_averages: dict[str, float] = field(default_factory=dict)

    def single_person_skills(self) -> list[CoverageRow]:
        return [row for row in self.coverage if row.single_person]

    def self_disagreements(self) -> list[MatrixCell]:
        return [cell for cell in self.cells.values() if cell.resolved.self_disagrees]

    def changes_since(self, since: date) -> list[LevelChange]:
        """Resolved levels that differ now from how they stood at the start of `since`."""
        moment = datetime.combine(since, time.min).astimezone()
        names = {c.key: c.name for c in self.competencies}
        people = {p.id: p.name for p in self.people}
        changes = []
        for (person_id, key), cell in self.cells.items():
            before = level_on(self.evidence.get((person_id, key), []), moment)
            if before != cell.resolved.level:
                changes.append(
                    LevelChange(
                        person_id, people[person_id], key, names[key], before, cell.resolved.level
                    )
                )
        return sorted(changes, key=lambda c: (c.person_name, c.competency_key))

    def compare(self, person_id: int) -> list[PersonComparison]:
        """One person's levels beside the team average and their target (personal, else
        their role's)."""
        rows = []
        for c in self.competencies:
            levels = [self.cells[(p.id, c.key)].resolved.level or 0 for p in self.people]
            cell = self.cells[(person_id, c.key)]
            average = round(sum(levels) / len(levels), 2) if levels else 0.0
            rows.append(
                PersonComparison(
                    competency_key=c.key,
                    competency_name=c.name,
                    level=cell.resolved.level,
                    team_average=self.team_averages.get(c.key, average),
                    target=cell.target,
                    personal_target=cell.personal_target,
                )
            )
        return rows


def _ranked(person_ids: Collection[int] | None) -> Any:
    """Every rating of `person_ids` (None: everyone's) with its rank among its cell's ratings
    of its kind (1: the latest) and the level of the official rating before it."""
    cell = (col(Rating.person_id), col(Rating.competency_id))
    official = col(Rating.rater_kind).in_([kind.value for kind in OFFICIAL_KINDS])
    ranked = sa_select(
        col(Rating.id).label("id"),
        col(Rating.level).label("level"),
        col(Rating.rater_kind).label("rater_kind"),
        func.row_number()
        .over(
            partition_by=(*cell, col(Rating.rater_kind)),
            order_by=(col(Rating.created_at).desc(), col(Rating.id).desc()),
        )
        .label("latest"),
        func.lag(col(Rating.level))
        .over(partition_by=(*cell, official), order_by=(col(Rating.created_at), col(Rating.id)))
        .label("previous"),
    )
    if person_ids is not None:
        ranked = ranked.where(col(Rating.person_id).in_(list(person_ids)))
    return ranked.subquery()


def append_ratings(session: Session, ratings: Sequence[Rating]) -> None:
    """Add ratings (evidence of any kind), the one way they are written: their people's
    `Rating.decides` marks are brought up to date in the same unit of work."""
    session.add_all(ratings)
    session.flush()
    refresh_deciding(session, {rating.person_id for rating in ratings})


def refresh_deciding(session: Session, person_ids: Collection[int] | None) -> None:
    """Mark which ratings of `person_ids` (None: everyone's) decide a cell's level, now or at
    an earlier moment: `Rating.decides`, the matrix's read model. Every way a rating is added
    calls this for its person (ratings are never changed, and a backdated one can change which
    of its cell's others decide), as does anything that writes ratings in bulk.

    `resolve_level` reads only the latest rating of each kind and the proven evidence, and a
    level at an earlier moment (`level_on`) only the mentor or lead ratings that changed the
    level; the rest (repeated levels, older self- and peer ratings) decides nothing, so a team
    with years of quarterly ratings reads a fraction of them.
    """
    ranked = _ranked(person_ids)
    deciding = sa_select(ranked.c.id).where(
        or_(
            ranked.c.latest == 1,  # the latest peer rating too: it may be evidence to review
            ranked.c.rater_kind.in_([kind.value for kind in PROVEN_KINDS]),
            and_(
                ranked.c.rater_kind.in_([kind.value for kind in OFFICIAL_KINDS]),
                or_(ranked.c.previous.is_(None), ranked.c.previous != ranked.c.level),
            ),
        )
    )
    marking = update(Rating).values(decides=col(Rating.id).in_(deciding))
    if person_ids is not None:
        marking = marking.where(col(Rating.person_id).in_(list(person_ids)))
    session.execute(marking.execution_options(synchronize_session=False))


def _team_evidence(
    session: Session, person_ids: list[int]
) -> dict[tuple[int, str], list[Evidence]]:
    """The ratings that decide each cell's level, now and at any earlier moment (those
    `refresh_deciding` marked), in the order they were added."""
    keys = dict(session.exec(select(Competency.id, Competency.key)).all())
    evidence: dict[tuple[int, str], list[Evidence]] = defaultdict(list)
    kinds = {kind.value: kind for kind in RaterKind}
    for person_id, competency_id, level, kind, created_at in session.execute(
        sa_select(
            col(Rating.person_id),
            col(Rating.competency_id),
            col(Rating.level),
            col(Rating.rater_kind),
            col(Rating.created_at),
        )
        .where(col(Rating.person_id).in_(person_ids), col(Rating.decides))
        .order_by(col(Rating.id))  # ties in time resolve as they always have: by id
    ):
        evidence[(person_id, keys[competency_id])].append(Evidence(level, kinds[kind], created_at))
    return evidence


def _only_visible(view: MatrixView, visible: set[int] | None) -> MatrixView:
    """The view cut down to the rows of `visible` (None: all); coverage then counts those
    rows, while the team average per competency stays the whole team's."""
    if visible is None:
        return view
    averages = {
        c.key: round(
            sum(view.cells[(p.id, c.key)].resolved.level or 0 for p in view.people)
            / len(view.people),
            2,
        )
        for c in view.competencies
        if view.people
    }
    people = [p for p in view.people if p.id in visible]
    cells = {k: cell for k, cell in view.cells.items() if k[0] in visible}
    return MatrixView(
        team_id=view.team_id,
        people=people,
        competencies=view.competencies,
        cells=cells,
        coverage=coverage(
            [c.key for c in view.competencies],
            {k: cell.resolved.level for k, cell in cells.items()},
            {k: cell.target for k, cell in cells.items()},
            [p.id for p in people],
        ),
        evidence={k: e for k, e in view.evidence.items() if k[0] in visible},
        team_averages=averages,
    )


def team_matrix(session: Session, *, actor: PersonRef, team_id: int) -> MatrixView:
    """Every active person × every competency: resolved level, role target and gap.

    Reads people, competencies, targets and ratings once each, whatever the team's size.
    Who sees which rows: a lead of the team every person; a mentor themself and their
    mentees; a learner only themself (a learner's own levels feed their self-rating tab).
    Coverage counts the rows shown; the comparison's team average is the whole team's, an
    aggregate that names nobody. Anyone outside the team is refused.
    """
    ensure_in_team(actor, team_id)
    visible = visible_person_ids(session, actor, team_id)
    return _only_visible(_matrix(session, team_id=team_id, person_ids=None), visible)


def people_matrix(
    session: Session, *, actor: PersonRef, team_id: int, person_ids: Sequence[int]
) -> MatrixView:
    """The rows of `team_matrix` for `person_ids` alone (active members of `team_id`; others
    are left out), with coverage counted over them: for pages about one person or a mentor's
    mentees, which need not resolve every rating of a large team. Each person asked for must
    be visible to `actor` (themself, their mentor, a lead of their team); else PermissionDenied.
    """
    ensure_in_team(actor, team_id)
    for person in get_people(session, person_ids):
        ensure_can_see_person(actor, person, "their competency levels")
    return _matrix(session, team_id=team_id, person_ids=person_ids)


def _matrix(session: Session, *, team_id: int, person_ids: Sequence[int] | None) -> MatrixView:
    members = select(Person).where(Person.team_id == team_id, Person.active == True)  # noqa: E712
    if person_ids is not None:
        members = members.where(col(Person.id).in_(list(person_ids)))
    people = [
        MatrixPerson(p.id or 0, p.name, p.job_role, PersonRole(p.role))
        for p in session.exec(members.order_by(col(Person.name)))
    ]
    competencies = [
        MatrixCompetency(c.key, c.name, CompetencyGroup(c.group))
        for c in session.exec(
            select(Competency)
            .where(Competency.team_id == team_id)
            .order_by(col(Competency.position), col(Competency.id))
        )
    ]
    targets_by_role = role_targets(session, team_id)
    own_targets = personal_targets(session, [p.id for p in people])
    evidence = _team_evidence(session, [p.id for p in people])
    cells: dict[tuple[int, str], MatrixCell] = {}
    levels: dict[tuple[int, str], int | None] = {}
    targets: dict[tuple[int, str], int] = {}
    for person in people:
        for competency in competencies:
            resolved = resolve_level(evidence.get((person.id, competency.key), []))
            target, personal = target_for(
                person.id, person.job_role, competency.key, targets_by_role, own_targets
            )
            cells[(person.id, competency.key)] = MatrixCell(
                person.id, competency.key, resolved, target, gap(resolved.level, target), personal
            )
            levels[(person.id, competency.key)] = resolved.level
            targets[(person.id, competency.key)] = target
    return MatrixView(
        team_id=team_id,
        people=people,
        competencies=competencies,
        cells=cells,
        coverage=coverage([c.key for c in competencies], levels, targets, [p.id for p in people]),
        evidence=evidence,
    )


# --- evidence to review -----------------------------------------------------------------

EVIDENCE_KIND_WORDS = {
    RaterKind.QUIZ: "by quiz",
    RaterKind.PEER: "by a peer's rating",
    RaterKind.PRACTICAL: "by practical work",
    RaterKind.PRESENTATION: "by a presentation",
}


@dataclass(frozen=True)
class EvidenceToReview:
    """A cell whose newest quiz or peer evidence is above the official (mentor/lead) level."""

    person_id: int
    person_name: str
    competency_key: str
    competency_name: str
    official_level: int
    evidence_level: int
    kind: RaterKind
    on: date

    @property
    def summary(self) -> str:
        """'new evidence: intermediate by quiz on 4 Dec 2026 (official: basic)'."""
        return (
            f"new evidence: {LEVEL_NAMES[self.evidence_level]} "
            f"{EVIDENCE_KIND_WORDS[self.kind]} on {formats.day(self.on)} "
            f"(official: {LEVEL_NAMES[self.official_level]})"
        )


def evidence_to_review(view: MatrixView) -> list[EvidenceToReview]:
    """The cells of `view` waiting for a mentor's review, newest evidence first."""
    people = {p.id: p.name for p in view.people}
    names = {c.key: c.name for c in view.competencies}
    waiting = [
        EvidenceToReview(
            person_id=cell.person_id,
            person_name=people[cell.person_id],
            competency_key=cell.competency_key,
            competency_name=names[cell.competency_key],
            official_level=cell.resolved.level or 0,
            evidence_level=cell.resolved.new_evidence.level,
            kind=cell.resolved.new_evidence.rater_kind,
            on=cell.resolved.new_evidence.created_at.date(),
        )
        for cell in view.cells.values()
        if cell.resolved.new_evidence is not None
    ]
    return sorted(waiting, key=lambda e: (e.on, e.person_name), reverse=True)


def confirm_evidence(
    session: Session,
    *,
    actor: PersonRef,
    person_id: int,
    competency_key: str,
    at: datetime,
) -> RatingView:
    """Record the evidence waiting for review as the actor's rating (mentor, or lead when
    they are not the person's mentor): one click in the matrix, the Home or the 1:1. `at`:
    when it was confirmed (now, or a day of the demo's history)."""
    person = get_person(session, person_id)
    view = people_matrix(session, actor=actor, team_id=person.team_id, person_ids=[person_id])
    cell = view.cells.get((person_id, competency_key))
    new = cell.resolved.new_evidence if cell is not None else None
    if new is None:
        raise NotFound(
            f"{person.name} has no newer evidence in that competency to review any more."
        )
    kind = RaterKind.MENTOR if person.mentor_id == actor.id else RaterKind.LEAD
    return add_rating(
        session,
        actor=actor,
        person_id=person_id,
        competency_key=competency_key,
        level=new.level,
        rater_kind=kind,
        note=f"Confirmed from evidence {EVIDENCE_KIND_WORDS[new.rater_kind]} on "
        f"{formats.day(new.created_at)}.",
        created_at=at,
    )


# --- history ----------------------------------------------------------------------------


def level_history(
    session: Session, *, actor: PersonRef, person_id: int, competency_key: str
) -> list[RatingView]:
    """Every rating of one person in one competency, oldest first: for the person, their
    mentor or a lead of their team."""
    person = get_person(session, person_id)
    ensure_can_see_person(actor, person, "their rating history")
    # By key, over every team's copy: someone who moved team keeps the history the matrix
    # already counts (it reads evidence by key too).
    same_key = select(Competency.id).where(Competency.key == competency_key)
    competency = session.exec(
        select(Competency).where(
            Competency.key == competency_key, Competency.team_id == person.team_id
        )
    ).first()
    if competency is None:
        raise NotFound(f"No competency '{competency_key}'.")
    names = {p.id: p.name for p in session.exec(select(Person))}
    ratings = session.exec(
        select(Rating)
        .where(Rating.person_id == person_id, col(Rating.competency_id).in_(same_key))
        .order_by(col(Rating.created_at), col(Rating.id))
    ).all()
    return [
        RatingView(
            id=r.id or 0,
            person_id=r.person_id,
            competency_key=competency.key,
            competency_name=competency.name,
            level=r.level,
            rater_kind=RaterKind(r.rater_kind),
            rater_name=names.get(r.rater_id) if r.rater_id else None,
            note=r.note,
            link=r.link,
            created_at=r.created_at,
        )
        for r in ratings
    ]


def changes_since(
    session: Session, *, actor: PersonRef, team_id: int, since: date
) -> list[LevelChange]:
    """Resolved levels that differ now from how they stood at the start of `since`, over the
    rows of the team matrix the actor may see (see `team_matrix`)."""
    return team_matrix(session, actor=actor, team_id=team_id).changes_since(since)


# --- who is strong in what, across teams ------------------------------------------------


@dataclass(frozen=True)
class StrongCell:
    """A person at advanced or better in a competency, by the matrix's level."""

    person_id: int
    competency_key: str
    competency_name: str
    level: int


def advanced_or_better(session: Session, person_ids: Sequence[int]) -> list[StrongCell]:
    """The cells at advanced or better of these people (of any teams), resolved as the matrix
    resolves them. No permission check: it names only who is strong in what, which a
    community of practice shares across its teams; callers decide who sees it."""
    by_team: dict[int, list[int]] = defaultdict(list)
    for person in get_people(session, person_ids):
        by_team[person.team_id].append(person.id)
    strong = []
    for team_id, ids in by_team.items():
        view = _matrix(session, team_id=team_id, person_ids=ids)
        names = {c.key: c.name for c in view.competencies}
        strong += [
            StrongCell(cell.person_id, key, names[key], cell.resolved.level)
            for (_, key), cell in view.cells.items()
            if cell.resolved.level is not None and cell.resolved.level >= ADVANCED_LEVEL
        ]
    return strong
