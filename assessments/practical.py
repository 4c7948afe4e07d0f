"""Practical work: hand-ins with their versions and files, graded on the assignment's rubric.

A learner hands in text, a link and/or files for an assignment, and may hand in a new
version until a mentor or lead grades it a pass; every version is kept. The learner may
assess their own version on the rubric; their mentor or a lead grades it (a score and a
comment per criterion, and a result: pass or another attempt); a peer asked to review it
scores it on the same rubric, kept beside the grade and never averaged in. A pass is
practical evidence, at the level the assignment names, for the competencies it builds.

Who may read a hand-in: the learner, their mentor, their team's leads and the peers asked to
review it (`storage.access.can_read_hand_in`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from assessments.framework import module_competencies
from assessments.ratings import append_ratings
from assessments.rubrics import (
    MAX_LINK_CHARS,
    MAX_TEXT_CHARS,
    CriterionScore,
    HandInResult,
    HandInStatus,
    check_files,
    check_scores,
    practical_score,
)
from assessments.rules import LEVEL_NAMES
from storage.access import can_read_hand_in, ensure_mentor_or_lead
from storage.audit import listed, record
from storage.enums import RaterKind
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import (
    Assignment,
    Competency,
    HandIn,
    HandInFile,
    HandInReviewer,
    HandInVersion,
    Module,
    Person,
    Rating,
    RubricGrade,
)
from storage.people import PersonRef, get_people, get_person
from storage.text_rules import as_sentence, body_problem, normalise_line_breaks
from storage.uploads import MAX_UPLOAD_BYTES

# --- read models ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    key: str
    criterion: str
    levels: dict[int, str]  # score → what the work shows


@dataclass(frozen=True)
class AssignmentView:
    id: int
    key: str
    title: str
    brief: str
    evidence_level: int
    criteria: tuple[Criterion, ...]
    module_key: str | None
    module_title: str | None
    level_number: int | None  # a staged assessment: for learners at this level and later

    @property
    def for_label(self) -> str:
        if self.module_title:
            return self.module_title
        return f"Level {self.level_number} practical assessment"


@dataclass(frozen=True)
class HandInFileView:
    id: int
    name: str
    media_type: str
    size: int


@dataclass(frozen=True)
class VersionView:
    id: int
    number: int
    text: str
    link: str | None
    submitted_at: datetime
    files: tuple[HandInFileView, ...]


@dataclass(frozen=True)
class GradeView:
    id: int
    version_number: int
    grader_id: int
    grader_name: str
    rater_kind: RaterKind  # self, mentor, lead or peer
    scores: dict[str, CriterionScore]
    result: HandInResult | None
    comment: str
    created_at: datetime


@dataclass(frozen=True)
class HandInView:
    id: int
    assignment: AssignmentView
    person_id: int
    person_name: str
    status: HandInStatus
    versions: tuple[VersionView, ...]  # oldest first
    grades: tuple[GradeView, ...]  # oldest first, every kind side by side
    reviewer_ids: tuple[int, ...]

    @property
    def latest(self) -> VersionView:
        return self.versions[-1]

    @property
    def official(self) -> GradeView | None:
        """The newest mentor or lead grade."""
        graded = [g for g in self.grades if g.rater_kind in (RaterKind.MENTOR, RaterKind.LEAD)]
        return graded[-1] if graded else None


@dataclass(frozen=True)
class HandInRow:
    """One assignment for one person, where it stands (the learner's list)."""

    assignment: AssignmentView
    hand_in_id: int | None
    status: HandInStatus
    versions: int
    last_submitted_at: datetime | None
    result_at: datetime | None


@dataclass(frozen=True)
class WaitingHandIn:
    """A hand-in waiting for the viewer: to grade, or to review as a peer."""

    hand_in_id: int
    person_id: int
    person_name: str
    assignment_id: int
    assignment_title: str
    version_number: int
    submitted_at: datetime
    as_peer: bool


@dataclass(frozen=True)
class Submitted:
    hand_in_id: int
    version_number: int
    files: int
    assignment_title: str


@dataclass(frozen=True)
class Graded:
    hand_in_id: int
    result: HandInResult
    evidence_for: tuple[str, ...]  # competency names given practical evidence
    evidence_level: int | None


# --- assignments --------------------------------------------------------------------------------


def _assignment_views(session: Session, rows: Sequence[Assignment]) -> list[AssignmentView]:
    module_ids = {a.module_id for a in rows if a.module_id is not None}
    modules = {m.id: m for m in session.exec(select(Module).where(col(Module.id).in_(module_ids)))}
    return [
        AssignmentView(
            id=a.id or 0,
            key=a.key,
            title=a.title,
            brief=a.brief,
            evidence_level=a.evidence_level,
            criteria=tuple(
                Criterion(
                    key=c["key"],
                    criterion=c["criterion"],
                    levels={int(score): text for score, text in c["levels"].items()},
                )
                for c in a.rubric
            ),
            module_key=modules[a.module_id].key if a.module_id in modules else None,
            module_title=modules[a.module_id].title if a.module_id in modules else None,
            level_number=a.level_number,
        )
        for a in rows
    ]


def list_assignments(session: Session) -> list[AssignmentView]:
    """Every assignment on offer, in curriculum order: the modules', then the staged ones."""
    rows = session.exec(
        select(Assignment)
        .where(col(Assignment.retired).is_(False))
        .order_by(col(Assignment.position))
    ).all()
    return _assignment_views(session, rows)


def get_assignment(session: Session, assignment_id: int) -> AssignmentView:
    row = session.get(Assignment, assignment_id)
    if row is None:
        raise NotFound("That assignment no longer exists.")
    return _assignment_views(session, [row])[0]


# --- reading hand-ins ---------------------------------------------------------------------------


def _versions_and_grades(
    session: Session, hand_in_ids: Sequence[int | None]
) -> tuple[dict[int, list[HandInVersion]], dict[int, list[RubricGrade]]]:
    """The versions and the rubric readings of these hand-ins, by hand-in id."""
    ids = [i for i in hand_in_ids if i is not None]
    versions: dict[int, list[HandInVersion]] = {i: [] for i in ids}
    for v in session.exec(select(HandInVersion).where(col(HandInVersion.hand_in_id).in_(ids))):
        versions[v.hand_in_id].append(v)
    grades: dict[int, list[RubricGrade]] = {i: [] for i in ids}
    for g in session.exec(select(RubricGrade).where(col(RubricGrade.hand_in_id).in_(ids))):
        grades[g.hand_in_id].append(g)
    return versions, grades


def _criterion_scores(grade: RubricGrade) -> dict[str, CriterionScore]:
    return {
        key: CriterionScore(int(value["score"]), str(value.get("comment", "")))
        for key, value in grade.scores.items()
    }


def _status(versions: Sequence[HandInVersion], grades: Sequence[RubricGrade]) -> HandInStatus:
    if not versions:
        return HandInStatus.NOT_STARTED
    official = [g for g in grades if g.rater_kind in (RaterKind.MENTOR, RaterKind.LEAD)]
    if not official:
        return HandInStatus.SUBMITTED
    last = max(official, key=lambda g: (g.created_at, g.id or 0))
    if last.result == HandInResult.PASS:
        return HandInStatus.PASSED
    newest = max(versions, key=lambda v: v.number)
    return HandInStatus.SUBMITTED if newest.id != last.version_id else HandInStatus.RETURNED


def _reviewer_ids(session: Session, hand_in_id: int) -> list[int]:
    return list(
        session.exec(
            select(HandInReviewer.reviewer_id).where(HandInReviewer.hand_in_id == hand_in_id)
        ).all()
    )


def _readable(session: Session, actor: PersonRef, hand_in: HandIn) -> PersonRef:
    """The hand-in's author, once the actor may read it; else PermissionDenied."""
    owner = get_person(session, hand_in.person_id)
    if not can_read_hand_in(actor, owner, _reviewer_ids(session, hand_in.id or 0)):
        raise PermissionDenied(
            f"Only {owner.name}, their mentor, a team lead or a peer asked to review it can "
            "see this hand-in."
        )
    return owner


def _hand_in(session: Session, hand_in_id: int) -> HandIn:
    row = session.get(HandIn, hand_in_id)
    if row is None:
        raise NotFound("That hand-in no longer exists.")
    return row


def get_hand_in(session: Session, *, actor: PersonRef, hand_in_id: int) -> HandInView:
    """A hand-in with every version, file (without content) and grade, for whoever may read it."""
    row = _hand_in(session, hand_in_id)
    owner = _readable(session, actor, row)
    versions = session.exec(
        select(HandInVersion)
        .where(HandInVersion.hand_in_id == hand_in_id)
        .order_by(col(HandInVersion.number))
    ).all()
    files: dict[int, list[HandInFileView]] = {v.id or 0: [] for v in versions}
    for file in session.exec(
        select(HandInFile)
        .where(col(HandInFile.version_id).in_(list(files)))
        .order_by(col(HandInFile.id))
        .options(defer(HandInFile.content))  # type: ignore[arg-type]
    ):
        files[file.version_id].append(
            HandInFileView(file.id or 0, file.name, file.media_type, file.size)
        )
    grades = session.exec(
        select(RubricGrade)
        .where(RubricGrade.hand_in_id == hand_in_id)
        .order_by(col(RubricGrade.created_at), col(RubricGrade.id))
    ).all()
    numbers = {v.id: v.number for v in versions}
    graders = {p.id: p.name for p in get_people(session, list({g.grader_id for g in grades}))}
    return HandInView(
        id=hand_in_id,
        assignment=get_assignment(session, row.assignment_id),
        person_id=owner.id,
        person_name=owner.name,
        status=_status(versions, grades),
        versions=tuple(
            VersionView(
                id=v.id or 0,
                number=v.number,
                text=v.text,
                link=v.link,
                submitted_at=v.submitted_at,
                files=tuple(files[v.id or 0]),
            )
            for v in versions
        ),
        grades=tuple(
            GradeView(
                id=g.id or 0,
                version_number=numbers.get(g.version_id, 0),
                grader_id=g.grader_id,
                grader_name=graders.get(g.grader_id, "someone who left"),
                rater_kind=RaterKind(g.rater_kind),
                scores=_criterion_scores(g),
                result=HandInResult(g.result) if g.result else None,
                comment=g.comment,
                created_at=g.created_at,
            )
            for g in grades
        ),
        reviewer_ids=tuple(_reviewer_ids(session, hand_in_id)),
    )


def hand_in_file(session: Session, *, actor: PersonRef, file_id: int) -> tuple[str, str, bytes]:
    """A handed-in file's name, type and content, for whoever may read its hand-in."""
    row = session.get(HandInFile, file_id)
    if row is None:
        raise NotFound("That file no longer exists.")
    version = session.get(HandInVersion, row.version_id)
    assert version is not None
    _readable(session, actor, _hand_in(session, version.hand_in_id))
    return row.name, row.media_type, row.content


def hand_ins_of(session: Session, *, actor: PersonRef, person_id: int) -> list[HandInRow]:
    """Every assignment on offer with where the person's hand-in stands, for the person, their
    mentor or a lead (a peer reviewer opens the one hand-in they were asked to review)."""
    person = get_person(session, person_id)
    if not can_read_hand_in(actor, person, []):  # the rule for one hand-in, less the peers
        raise PermissionDenied(
            f"Only {person.name}, their mentor or a team lead can see their hand-ins."
        )
    mine = session.exec(select(HandIn).where(HandIn.person_id == person_id)).all()
    hand_ins = {h.assignment_id: h for h in mine}
    versions, grades = _versions_and_grades(session, [h.id for h in mine])
    rows = []
    for assignment in list_assignments(session):
        row = hand_ins.get(assignment.id)
        its_versions = versions[row.id or 0] if row else []
        its_grades = grades[row.id or 0] if row else []
        official = [g for g in its_grades if g.rater_kind in (RaterKind.MENTOR, RaterKind.LEAD)]
        rows.append(
            HandInRow(
                assignment=assignment,
                hand_in_id=row.id if row else None,
                status=_status(its_versions, its_grades),
                versions=len(its_versions),
                last_submitted_at=max((v.submitted_at for v in its_versions), default=None),
                result_at=max((g.created_at for g in official), default=None),
            )
        )
    return rows


def waiting_for(session: Session, *, actor: PersonRef) -> list[WaitingHandIn]:
    """Hand-ins waiting for the actor, oldest first: their mentees' (every teammate's, for a
    lead) whose newest version has no grade yet, and those they were asked to review as a peer
    and have not reviewed yet."""
    if actor.is_lead:
        people = session.exec(select(Person).where(Person.team_id == actor.team_id)).all()
    else:
        people = session.exec(select(Person).where(Person.mentor_id == actor.id)).all()
    names = {p.id: p.name for p in people if p.id != actor.id}
    asked = {
        r.hand_in_id
        for r in session.exec(select(HandInReviewer).where(HandInReviewer.reviewer_id == actor.id))
    }
    hand_ins = session.exec(
        select(HandIn).where(
            col(HandIn.person_id).in_(list(names)) | col(HandIn.id).in_(list(asked))
        )
    ).all()
    versions, grades = _versions_and_grades(session, [h.id for h in hand_ins])
    titles = dict(session.exec(select(Assignment.id, Assignment.title)).all())
    extra = {p.id: p.name for p in get_people(session, [h.person_id for h in hand_ins])}
    waiting = []
    for h in hand_ins:
        mine = versions.get(h.id or 0, [])
        if not mine:
            continue
        newest = max(mine, key=lambda v: v.number)
        graded = grades.get(h.id or 0, [])
        as_peer = h.person_id not in names
        if as_peer:
            if any(g.grader_id == actor.id and g.version_id == newest.id for g in graded):
                continue
        elif _status(mine, graded) != HandInStatus.SUBMITTED:
            continue
        waiting.append(
            WaitingHandIn(
                hand_in_id=h.id or 0,
                person_id=h.person_id,
                person_name=names.get(h.person_id) or extra.get(h.person_id, ""),
                assignment_id=h.assignment_id,
                assignment_title=titles.get(h.assignment_id, ""),
                version_number=newest.number,
                submitted_at=newest.submitted_at,
                as_peer=as_peer,
            )
        )
    return sorted(waiting, key=lambda w: (w.submitted_at, w.hand_in_id))


# --- handing in ---------------------------------------------------------------------------------


def _checked_link(link: str | None) -> str | None:
    link = (link or "").strip()
    if not link:
        return None
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in link):
        raise InvalidInput("A link must be a web address starting with http:// or https://.")
    if len(link) > MAX_LINK_CHARS:
        raise InvalidInput(f"A link may be at most {MAX_LINK_CHARS} characters.")
    return link


def submit_hand_in(
    session: Session,
    *,
    actor: PersonRef,
    assignment_id: int,
    text: str,
    link: str | None,
    files: Sequence[tuple[str, bytes]],
    at: datetime,
) -> Submitted:
    """Hand in a new version of the actor's work on an assignment (their first, a revision
    before it is graded, or another attempt after it was returned). Refused, with nothing
    saved, when it is empty, a file or the text is refused, or the work already passed."""
    assignment = get_assignment(session, assignment_id)
    row = session.get(Assignment, assignment_id)
    if row is None or row.retired:
        raise NotFound("That assignment is no longer on offer.")
    text = normalise_line_breaks(text).strip()
    problems = []
    problem = body_problem(text, "text")
    if problem:
        problems.append(problem)
    elif len(text) > MAX_TEXT_CHARS:
        problems.append(f"the text is over {MAX_TEXT_CHARS:,} characters")
    kept, file_problems = check_files(files, MAX_UPLOAD_BYTES)
    problems += file_problems
    if problems:
        raise InvalidInput("Nothing was handed in. " + " ".join(as_sentence(p) for p in problems))
    checked_link = _checked_link(link)
    if not (text or checked_link or kept):
        raise InvalidInput("Nothing was handed in: add some text, a link or a file.")
    hand_in = session.exec(
        select(HandIn).where(HandIn.assignment_id == assignment_id, HandIn.person_id == actor.id)
    ).first()
    if hand_in is None:
        hand_in = HandIn(assignment_id=assignment_id, person_id=actor.id, created_at=at)
        session.add(hand_in)
        session.flush()
    hand_in_id = hand_in.id or 0
    versions, grades = _versions_and_grades(session, [hand_in_id])
    if _status(versions[hand_in_id], grades[hand_in_id]) == HandInStatus.PASSED:
        raise InvalidInput(f"'{assignment.title}' has passed; it can no longer be changed.")
    number = max((v.number for v in versions[hand_in_id]), default=0) + 1
    version = HandInVersion(
        hand_in_id=hand_in_id, number=number, text=text, link=checked_link, submitted_at=at
    )
    session.add(version)
    session.flush()
    for file in kept:
        session.add(
            HandInFile(
                version_id=version.id or 0,
                name=file.name,
                media_type=file.media_type,
                size=len(file.content),
                content=file.content,
            )
        )
    record(
        session,
        actor=actor,
        action="hand_in_submitted",
        entity="handin",
        entity_id=hand_in_id,
        summary=f"Handed in version {number} of '{assignment.title}'"
        + (f" with {len(kept)} file(s)." if kept else "."),
        detail={"assignment": assignment.key, "version": number, "files": len(kept)},
        at=at,
    )
    session.flush()
    return Submitted(hand_in_id, number, len(kept), assignment.title)


# --- grading ------------------------------------------------------------------------------------


def _newest_version(session: Session, hand_in_id: int) -> HandInVersion:
    version = session.exec(
        select(HandInVersion)
        .where(HandInVersion.hand_in_id == hand_in_id)
        .order_by(col(HandInVersion.number).desc())
    ).first()
    if version is None:
        raise NotFound("Nothing has been handed in yet.")
    return version


def _scores_json(scores: Mapping[str, CriterionScore]) -> dict[str, dict[str, object]]:
    return {key: {"score": s.score, "comment": s.comment} for key, s in scores.items()}


def self_assess(
    session: Session,
    *,
    actor: PersonRef,
    hand_in_id: int,
    scores: Mapping[str, CriterionScore],
    comment: str,
    at: datetime,
) -> None:
    """The learner's own reading of their newest version on the rubric (kept beside the
    grade; it changes no level)."""
    row = _hand_in(session, hand_in_id)
    if row.person_id != actor.id:
        raise PermissionDenied("Only the person who handed it in can assess it themselves.")
    _add_reading(session, actor, row, RaterKind.SELF, scores, None, comment, at, complete=False)


def request_peer_review(
    session: Session, *, actor: PersonRef, hand_in_id: int, reviewer_id: int, at: datetime
) -> str:
    """Ask a teammate to review a hand-in on its rubric (the learner, their mentor or a lead
    may ask); the reviewer may then read it. Returns the reviewer's name."""
    row = _hand_in(session, hand_in_id)
    owner = get_person(session, row.person_id)
    if actor.id != owner.id:
        ensure_mentor_or_lead(actor, owner, "ask for a peer review of this hand-in")
    reviewer = get_person(session, reviewer_id)
    if reviewer.team_id != owner.team_id or not reviewer.active:
        raise InvalidInput(f"{reviewer.name} is not an active member of {owner.name}'s team.")
    if reviewer.id == owner.id:
        raise InvalidInput("A peer review is by someone else; use the self-assessment.")
    if reviewer.id in _reviewer_ids(session, hand_in_id):
        raise InvalidInput(f"{reviewer.name} has already been asked to review it.")
    session.add(
        HandInReviewer(
            hand_in_id=hand_in_id,
            reviewer_id=reviewer.id,
            requested_by_id=actor.id,
            requested_at=at,
        )
    )
    record(
        session,
        actor=actor,
        action="peer_review_requested",
        entity="handin",
        entity_id=hand_in_id,
        summary=f"Asked {reviewer.name} to review {owner.name}'s hand-in.",
        detail={"reviewer_id": reviewer.id},
        at=at,
        team_id=owner.team_id,
    )
    return reviewer.name


def peer_review(
    session: Session,
    *,
    actor: PersonRef,
    hand_in_id: int,
    scores: Mapping[str, CriterionScore],
    comment: str,
    at: datetime,
) -> None:
    """A peer's reading of the newest version on the rubric, by someone asked to review it."""
    row = _hand_in(session, hand_in_id)
    if actor.id not in _reviewer_ids(session, hand_in_id):
        raise PermissionDenied("Only a peer asked to review this hand-in can review it.")
    _add_reading(session, actor, row, RaterKind.PEER, scores, None, comment, at, complete=True)


def grade_hand_in(
    session: Session,
    *,
    actor: PersonRef,
    hand_in_id: int,
    scores: Mapping[str, CriterionScore],
    result: HandInResult,
    comment: str,
    at: datetime,
) -> Graded:
    """The mentor's or a lead's grade of the newest version: a score and comment per criterion
    and the result. A pass adds practical evidence at the assignment's level for the
    competencies it builds (append-only, like a quiz pass), for the mentor to review."""
    row = _hand_in(session, hand_in_id)
    owner = get_person(session, row.person_id)
    ensure_mentor_or_lead(actor, owner, "grade this hand-in")
    if actor.id == owner.id:
        raise PermissionDenied("Your own hand-in is graded by your mentor or a lead.")
    versions, grades = _versions_and_grades(session, [hand_in_id])
    if _status(versions[hand_in_id], grades[hand_in_id]) == HandInStatus.PASSED:
        raise InvalidInput("This hand-in has already passed.")
    kind = RaterKind.MENTOR if owner.mentor_id == actor.id else RaterKind.LEAD
    _add_reading(session, actor, row, kind, scores, result, comment, at, complete=True)
    assignment_row = session.get(Assignment, row.assignment_id)
    assert assignment_row is not None
    evidence: list[str] = []
    if result == HandInResult.PASS:
        competencies = _assignment_competencies(session, assignment_row, owner.team_id)
        append_ratings(
            session,
            [
                Rating(
                    person_id=owner.id,
                    competency_id=competency.id or 0,
                    level=assignment_row.evidence_level,
                    rater_id=actor.id,
                    rater_kind=RaterKind.PRACTICAL,
                    note=f"Passed the practical '{assignment_row.title}'.",
                    created_at=at,
                )
                for competency in competencies
            ],
        )
        evidence = [competency.name for competency in competencies]
    level = assignment_row.evidence_level
    record(
        session,
        actor=actor,
        action="hand_in_graded",
        entity="handin",
        entity_id=hand_in_id,
        summary=f"Graded {owner.name}'s '{assignment_row.title}': {result.label.lower()}"
        + (
            f"; {LEVEL_NAMES[level]} practical evidence in {listed(evidence)}." if evidence else "."
        ),
        detail={"result": result.value, "assignment": assignment_row.key, "evidence": evidence},
        at=at,
        team_id=owner.team_id,
    )
    session.flush()
    return Graded(hand_in_id, result, tuple(evidence), level if evidence else None)


def _assignment_competencies(
    session: Session, assignment: Assignment, team_id: int
) -> list[Competency]:
    if assignment.module_id is not None:
        return module_competencies(session, assignment.module_id, team_id)
    return list(
        session.exec(
            select(Competency)
            .where(
                Competency.team_id == team_id,
                col(Competency.key).in_(list(assignment.competency_keys)),
            )
            .order_by(col(Competency.position), col(Competency.id))
        ).all()
    )


def _add_reading(
    session: Session,
    actor: PersonRef,
    row: HandIn,
    kind: RaterKind,
    scores: Mapping[str, CriterionScore],
    result: HandInResult | None,
    comment: str,
    at: datetime,
    *,
    complete: bool,
) -> None:
    assignment = session.get(Assignment, row.assignment_id)
    assert assignment is not None
    checked = check_scores([c["key"] for c in assignment.rubric], scores, complete=complete)
    comment = normalise_line_breaks(comment).strip()
    problem = body_problem(comment, "comment")
    if problem:
        raise InvalidInput(as_sentence(problem))
    version = _newest_version(session, row.id or 0)
    session.add(
        RubricGrade(
            hand_in_id=row.id or 0,
            version_id=version.id or 0,
            grader_id=actor.id,
            rater_kind=kind,
            scores=_scores_json(checked),
            result=result.value if result else None,
            comment=comment,
            created_at=at,
        )
    )
    if kind in (RaterKind.SELF, RaterKind.PEER):
        owner = get_person(session, row.person_id)
        record(
            session,
            actor=actor,
            action="hand_in_self_assessed" if kind == RaterKind.SELF else "hand_in_peer_reviewed",
            entity="handin",
            entity_id=row.id,
            summary=(
                f"Assessed their own '{assignment.title}' on its rubric."
                if kind == RaterKind.SELF
                else f"Reviewed {owner.name}'s '{assignment.title}' on its rubric."
            ),
            detail={"version": version.number},
            at=at,
            team_id=owner.team_id,
        )
    session.flush()


def practical_scores_of(session: Session, person_id: int) -> list[dict[str, CriterionScore]]:
    """The scores of each of the person's hand-ins' newest mentor or lead grade (for the
    practical-application score an assessment starts from; `rubrics.practical_score`)."""
    hand_in_ids = session.exec(select(HandIn.id).where(HandIn.person_id == person_id)).all()
    newest: dict[int, RubricGrade] = {}
    for grade in session.exec(
        select(RubricGrade)
        .where(
            col(RubricGrade.hand_in_id).in_(list(hand_in_ids)),
            col(RubricGrade.rater_kind).in_([RaterKind.MENTOR.value, RaterKind.LEAD.value]),
        )
        .order_by(col(RubricGrade.created_at), col(RubricGrade.id))
    ):
        newest[grade.hand_in_id] = grade
    return [_criterion_scores(grade) for grade in newest.values()]


@dataclass(frozen=True)
class HandInEvent:
    """Where one of a person's hand-ins stands, for the 1:1 agenda and the Homes."""

    hand_in_id: int
    assignment_title: str
    status: HandInStatus
    submitted_at: datetime  # the newest version
    graded_at: datetime | None  # the newest mentor or lead grade
    result: HandInResult | None  # of that grade


def hand_in_events(session: Session, person_id: int) -> list[HandInEvent]:
    """Each of the person's hand-ins with its newest version and grade, oldest first. No
    permission check: the caller decides (the agenda is the mentor's, the Home the person's)."""
    rows = session.exec(select(HandIn).where(HandIn.person_id == person_id)).all()
    versions, grades = _versions_and_grades(session, [h.id for h in rows])
    titles = dict(session.exec(select(Assignment.id, Assignment.title)).all())
    events = []
    for h in rows:
        mine, graded = versions[h.id or 0], grades[h.id or 0]
        if not mine:
            continue
        official = [g for g in graded if g.rater_kind in (RaterKind.MENTOR, RaterKind.LEAD)]
        last = max(official, key=lambda g: (g.created_at, g.id or 0)) if official else None
        events.append(
            HandInEvent(
                hand_in_id=h.id or 0,
                assignment_title=titles.get(h.assignment_id, ""),
                status=_status(mine, graded),
                submitted_at=max(v.submitted_at for v in mine),
                graded_at=last.created_at if last else None,
                result=HandInResult(last.result) if last and last.result else None,
            )
        )
    return sorted(events, key=lambda e: (e.submitted_at, e.hand_in_id))


def practical_application_score(
    session: Session, *, actor: PersonRef, person_id: int
) -> tuple[float, int] | None:
    """The practical-application score a new assessment of the person starts from, and how
    many graded hand-ins it comes from (None: none graded yet); for their mentor or a lead."""
    person = get_person(session, person_id)
    ensure_mentor_or_lead(actor, person, "assess them")
    graded = practical_scores_of(session, person_id)
    score = practical_score(graded)
    return None if score is None else (score, len(graded))
