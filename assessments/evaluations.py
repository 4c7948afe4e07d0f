"""Intake evaluations, multi-dimensional assessments and peer reviews."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from assessments.framework import team_weights
from assessments.practical import practical_scores_of
from assessments.ratings import add_rating
from assessments.rubrics import practical_score
from assessments.rules import (
    LEVEL_NAMES,
    IntakeAnswers,
    Priority,
    development_priorities,
    helpfulness,
    level_for_score,
    next_assessment_on,
    overall_score,
    suggest_track,
    validate_peer_scores,
    validate_scores,
)
from curriculum.progress import EnrollmentView, enroll
from storage import formats
from storage.access import (
    ensure_can_see_person,
    ensure_in_team,
    ensure_lead,
    ensure_mentor_or_lead,
    visible_person_ids,
)
from storage.audit import record
from storage.enums import AssessmentKind, RaterKind
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import Assessment, Competency, Person, Rating, RubricGrade, Track
from storage.people import PersonRef, get_person
from storage.text_rules import as_sentence, body_problem, normalise_line_breaks

MAX_NOTE_CHARS = 2_000


def _whose(actor: PersonRef, person: PersonRef) -> str:
    return "their own" if actor.id == person.id else f"{person.name}'s"


def _check_note(note: str) -> str:
    note = normalise_line_breaks(note)
    if len(note) > MAX_NOTE_CHARS:
        raise InvalidInput(f"The note is longer than {MAX_NOTE_CHARS} characters.")
    if problem := body_problem(note, "note"):
        raise InvalidInput(as_sentence(problem))
    return note.strip()


# --- intake -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeView:
    id: int
    person_id: int
    answers: IntakeAnswers
    track_key: str
    track_name: str
    reasons: list[str]
    created_at: datetime


def record_intake(
    session: Session,
    *,
    actor: PersonRef,
    person_id: int,
    answers: IntakeAnswers,
    at: datetime,
) -> IntakeView:
    """Save an intake evaluation and the track it suggests (the person, mentor or lead)."""
    person = get_person(session, person_id)
    if actor.id != person.id:
        ensure_mentor_or_lead(actor, person, "fill in an intake for them")
    suggestion = suggest_track(answers)
    track = session.exec(select(Track).where(Track.key == suggestion.track_key)).first()
    if track is None:
        raise NotFound(f"The curriculum has no '{suggestion.track_key}' track.")
    assessment = Assessment(
        person_id=person_id,
        assessor_id=actor.id,
        kind=AssessmentKind.INTAKE,
        scores={
            "answers": asdict(answers),
            "suggested_track": suggestion.track_key,
            "reasons": suggestion.reasons,
        },
        summary=f"Suggested: {track.name}",
        created_at=at,
    )
    session.add(assessment)
    session.flush()
    record(
        session,
        actor=actor,
        action="intake_recorded",
        entity="assessment",
        summary=f"Filled in {_whose(actor, person)} intake; it suggests {track.name}.",
        entity_id=assessment.id,
        detail={"person_id": person_id, "track": track.key},
        at=assessment.created_at,
    )
    return IntakeView(
        assessment.id or 0,
        person_id,
        answers,
        track.key,
        track.name,
        suggestion.reasons,
        assessment.created_at,
    )


def latest_intake(session: Session, *, actor: PersonRef, person_id: int) -> IntakeView | None:
    """The person's latest intake and its suggested track: for them, their mentor or a lead
    of their team."""
    ensure_can_see_person(actor, get_person(session, person_id), "their intake")
    row = session.exec(
        select(Assessment)
        .where(Assessment.person_id == person_id, Assessment.kind == AssessmentKind.INTAKE)
        .order_by(col(Assessment.created_at).desc(), col(Assessment.id).desc())
    ).first()
    if row is None:
        return None
    track_key = row.scores["suggested_track"]
    track = session.exec(select(Track).where(Track.key == track_key)).first()
    return IntakeView(
        id=row.id or 0,
        person_id=person_id,
        answers=IntakeAnswers(**row.scores["answers"]),
        track_key=track_key,
        track_name=track.name if track else track_key,
        reasons=list(row.scores["reasons"]),
        created_at=row.created_at,
    )


def accept_suggestion(
    session: Session, *, actor: PersonRef, intake_id: int, started_on: date, at: datetime
) -> EnrollmentView:
    """A lead accepts an intake's suggested track: the person is enrolled on it."""
    ensure_lead(actor, "accept a suggested track")
    intake = session.get(Assessment, intake_id)
    if intake is None or intake.kind != AssessmentKind.INTAKE:
        raise NotFound(f"No intake evaluation {intake_id}.")
    view = enroll(
        session,
        actor=actor,
        person_id=intake.person_id,
        track_key=intake.scores["suggested_track"],
        started_on=started_on,
        at=at,
    )
    record(
        session,
        actor=actor,
        action="track_suggestion_accepted",
        entity="assessment",
        summary=f"Enrolled {get_person(session, intake.person_id).name} on {view.track_name} "
        f"from {formats.day(started_on)}, as their intake suggested.",
        entity_id=intake_id,
        detail={"track": view.track_key, "person_id": intake.person_id},
        at=at,
    )
    return view


# --- multi-dimensional assessment -------------------------------------------------------


@dataclass(frozen=True)
class AssessmentView:
    id: int
    person_id: int
    assessor_name: str | None
    scores: dict[str, float]
    weights: dict[str, float]
    overall: float
    level: int
    competency_key: str | None
    next_due_on: date | None
    priorities: list[Priority]
    note: str
    created_at: datetime


def _assessment_view(row: Assessment, assessor: str | None) -> AssessmentView:
    scores = {k: float(v) for k, v in row.scores["dimensions"].items()}
    weights = {k: float(v) for k, v in row.scores["weights"].items()}
    overall = row.overall if row.overall is not None else overall_score(scores, weights)
    return AssessmentView(
        id=row.id or 0,
        person_id=row.person_id,
        assessor_name=assessor,
        scores=scores,
        weights=weights,
        overall=overall,
        level=level_for_score(overall),
        competency_key=row.scores.get("competency"),
        next_due_on=row.next_due_on,
        priorities=development_priorities(scores, weights),
        note=row.summary,
        created_at=row.created_at,
    )


def record_assessment(
    session: Session,
    *,
    actor: PersonRef,
    person_id: int,
    scores: dict[str, float],
    today: date,
    competency_key: str | None = None,
    note: str = "",
    at: datetime,
) -> AssessmentView:
    """Score the four dimensions 0-10 with the team's weights; the level it shows becomes a
    mentor (or lead) rating of `competency_key` when one is given."""
    person = get_person(session, person_id)
    ensure_mentor_or_lead(actor, person, "assess them")
    checked = validate_scores(scores)
    competency_name = None
    if competency_key:
        competency_name = session.exec(
            select(Competency.name).where(
                Competency.key == competency_key, Competency.team_id == person.team_id
            )
        ).first()
        if competency_name is None:
            raise NotFound(f"No competency '{competency_key}' in {person.name}'s team.")
    weights = team_weights(session, person.team_id)
    graded = practical_score(practical_scores_of(session, person_id))
    # The practical dimension starts from the graded hand-ins; a different score is the
    # assessor's override, kept with the assessment and said in the audit log.
    override = (
        {"from_hand_ins": graded, "given": checked["practical_application"]}
        if graded is not None and checked["practical_application"] != graded
        else None
    )
    overall = overall_score(checked, weights)
    level = level_for_score(overall)
    row = Assessment(
        person_id=person_id,
        assessor_id=actor.id,
        kind=AssessmentKind.MULTI_DIMENSIONAL,
        scores={
            "dimensions": checked,
            "weights": weights,
            "competency": competency_key,
            "practical_override": override,
        },
        overall=overall,
        summary=_check_note(note),
        next_due_on=next_assessment_on(today, level),
        created_at=at,
    )
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="assessment_recorded",
        entity="assessment",
        summary=f"Assessed {person.name}"
        + (f" in {competency_name}" if competency_name else "")
        + f": overall {overall:.1f}/10, {LEVEL_NAMES[level]}."
        + (
            f" Practical application {override['given']:g} set over {override['from_hand_ins']:g} "
            "from graded hand-ins."
            if override
            else ""
        ),
        entity_id=row.id,
        detail={
            "person_id": person_id,
            "competency": competency_key,
            "overall": overall,
            "practical_override": override,
        },
        at=row.created_at,
    )
    if competency_key:
        add_rating(
            session,
            actor=actor,
            person_id=person_id,
            competency_key=competency_key,
            level=level,
            rater_kind=RaterKind.LEAD if actor.is_lead else RaterKind.MENTOR,
            note=f"From an assessment: overall {overall:g}/10.",
            created_at=row.created_at,
        )
    return _assessment_view(row, actor.name)


def assessments_of(session: Session, *, actor: PersonRef, person_id: int) -> list[AssessmentView]:
    """A person's multi-dimensional assessments, newest first: for them, their mentor or a
    lead of their team."""
    ensure_can_see_person(actor, get_person(session, person_id), "their assessments")
    names = {p.id: p.name for p in session.exec(select(Person))}
    rows = session.exec(
        select(Assessment)
        .where(
            Assessment.person_id == person_id,
            Assessment.kind == AssessmentKind.MULTI_DIMENSIONAL,
        )
        .order_by(col(Assessment.created_at).desc(), col(Assessment.id).desc())
    ).all()
    return [_assessment_view(r, names.get(r.assessor_id) if r.assessor_id else None) for r in rows]


# --- peer reviews -----------------------------------------------------------------------


@dataclass(frozen=True)
class PeerReviewView:
    id: int
    assessor_id: int
    assessor_name: str
    person_id: int
    person_name: str
    scores: dict[str, int]
    note: str
    created_at: datetime


@dataclass(frozen=True)
class HelpEdge:
    """`helper` helps `helped`, as `helped` said in their peer reviews of `helper`."""

    helper: str
    helped: str
    strength: float  # mean of knowledge sharing and learning support, 1..5
    reviews: int


def record_peer_review(
    session: Session,
    *,
    actor: PersonRef,
    person_id: int,
    scores: dict[str, int],
    note: str = "",
    at: datetime,
) -> PeerReviewView:
    """One teammate reviews another on the seed's five criteria (1-5)."""
    person = get_person(session, person_id)
    if actor.id == person.id:
        raise PermissionDenied("A peer review is about someone else.")
    if actor.team_id != person.team_id:
        raise PermissionDenied(f"{person.name} is not in your team.")
    checked = validate_peer_scores(scores)
    row = Assessment(
        person_id=person_id,
        assessor_id=actor.id,
        kind=AssessmentKind.PEER,
        scores=dict(checked),
        overall=round(sum(checked.values()) / len(checked), 2),
        summary=_check_note(note),
        created_at=at,
    )
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="peer_review_written",
        entity="assessment",
        summary=f"Wrote a peer review of {person.name} (average {row.overall:.1f}/5).",
        entity_id=row.id,
        detail={"person_id": person_id, "overall": row.overall},
        at=row.created_at,
    )
    return PeerReviewView(
        row.id or 0,
        actor.id,
        actor.name,
        person_id,
        person.name,
        checked,
        row.summary,
        row.created_at,
    )


def peer_reviews(session: Session, *, actor: PersonRef, team_id: int) -> list[PeerReviewView]:
    """The team's peer reviews, newest first: who assessed whom, and how.

    A lead of the team sees all of them; anyone else in the team the reviews about themself
    and their mentees, and the ones they wrote. Anyone outside the team is refused.
    """
    ensure_in_team(actor, team_id)
    visible = visible_person_ids(session, actor, team_id)
    return [
        r
        for r in _team_peer_reviews(session, team_id)
        if visible is None or r.person_id in visible or r.assessor_id == actor.id
    ]


def _team_peer_reviews(session: Session, team_id: int) -> list[PeerReviewView]:
    people = {p.id: p for p in session.exec(select(Person).where(Person.team_id == team_id))}
    rows = session.exec(
        select(Assessment)
        .where(
            Assessment.kind == AssessmentKind.PEER,
            col(Assessment.person_id).in_(list(people)),
        )
        .order_by(col(Assessment.created_at).desc(), col(Assessment.id).desc())
    ).all()
    return [
        PeerReviewView(
            r.id or 0,
            r.assessor_id or 0,
            people[r.assessor_id].name if r.assessor_id in people else "someone",
            r.person_id,
            people[r.person_id].name,
            {k: int(v) for k, v in r.scores.items()},
            r.summary,
            r.created_at,
        )
        for r in rows
    ]


def knowledge_network(session: Session, *, actor: PersonRef, team_id: int) -> list[HelpEdge]:
    """Who helps whom, from peer reviews' knowledge-sharing and learning-support scores.

    For everyone in the team: it shows only mean helpfulness per pair, so a learner can find
    who to ask, never a review's scores or note. Anyone outside the team is refused.
    """
    ensure_in_team(actor, team_id)
    grouped: dict[tuple[str, str], list[float]] = {}
    for review in _team_peer_reviews(session, team_id):
        grouped.setdefault((review.person_name, review.assessor_name), []).append(
            helpfulness(review.scores)
        )
    return sorted(
        (
            HelpEdge(helper, helped, round(sum(v) / len(v), 2), len(v))
            for (helper, helped), v in grouped.items()
        ),
        key=lambda e: (-e.strength, e.helper, e.helped),
    )


def peer_reviews_given(
    session: Session, person_ids: Sequence[int], since: datetime
) -> list[tuple[int, datetime]]:
    """Every peer review these people gave from `since` on, as (reviewer id, given at): peer
    reviews on the five criteria, peer ratings in the matrix and peer readings of a hand-in
    on its rubric. No permission check: figures for a lead's Training impact."""
    ids = list(person_ids)
    reviews = session.exec(
        select(col(Assessment.assessor_id), Assessment.created_at).where(
            Assessment.kind == AssessmentKind.PEER,
            col(Assessment.assessor_id).in_(ids),
            col(Assessment.created_at) >= since,
        )
    ).all()
    ratings = session.exec(
        select(col(Rating.rater_id), Rating.created_at).where(
            Rating.rater_kind == RaterKind.PEER,
            col(Rating.rater_id).in_(ids),
            col(Rating.created_at) >= since,
        )
    ).all()
    readings = session.exec(
        select(RubricGrade.grader_id, RubricGrade.created_at).where(
            RubricGrade.rater_kind == RaterKind.PEER,
            col(RubricGrade.grader_id).in_(ids),
            col(RubricGrade.created_at) >= since,
        )
    ).all()
    given = [*reviews, *ratings, *readings]
    return sorted(((who, at) for who, at in given if who is not None), key=lambda r: r[1])
