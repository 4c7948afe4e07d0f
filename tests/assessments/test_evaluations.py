"""Intake evaluations, multi-dimensional assessments and peer reviews, on a small team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, col, func, select

from assessments.evaluations import (
    MAX_NOTE_CHARS,
    accept_suggestion,
    assessments_of,
    knowledge_network,
    latest_intake,
    peer_reviews,
    peer_reviews_given,
    record_assessment,
    record_intake,
    record_peer_review,
)
from assessments.framework import set_team_weights
from assessments.ratings import add_rating, team_matrix
from assessments.rules import DEFAULT_WEIGHTS, DIMENSION_NEXT_STEPS, IntakeAnswers
from storage.enums import AssessmentKind, EnrollmentStatus, PersonRole, RaterKind
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import Assessment, Enrollment, Rating, Track, utc_now
from storage.people import PersonRef
from tests.conftest import TODAY
from tests.factories import (
    at,
    make_competency,
    make_module,
    make_person,
    make_ref,
    make_team,
    make_track,
)

D1, D2, D3 = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)
TRACKS = {"foundation": 8, "standard": 6, "fast": 4, "leadership": 4}


@dataclass
class Crew:
    session: Session
    lead: PersonRef  # Lena Lead
    mentor: PersonRef  # Max Mentor
    ada: PersonRef  # learner mentored by Max
    bo: PersonRef  # learner without a mentor
    outsider: PersonRef  # Olga, lead of another team


@pytest.fixture
def crew(session: Session) -> Crew:
    ours = make_team(session=session, name="Ours")
    theirs = make_team(session=session, name="Theirs")
    lead = make_person(session=session, team=ours, name="Lena Lead", role=PersonRole.LEAD)
    mentor = make_person(session=session, team=ours, name="Max Mentor", role=PersonRole.MENTOR)
    ada = make_person(session=session, team=ours, name="Ada Byron", mentor=mentor)
    bo = make_person(session=session, team=ours, name="Bo Diaz")
    olga = make_person(session=session, team=theirs, name="Olga Other", role=PersonRole.LEAD)
    module = make_module(session=session, key="intro")
    for key, weeks in TRACKS.items():
        make_track(
            session=session,
            key=key,
            name=f"{key.capitalize()} track",
            weeks=weeks,
            schedule=[(module, 1, weeks)],
        )
    make_competency(session=session, key="search")
    return Crew(
        session, *(make_ref(session=session, person=p) for p in (lead, mentor, ada, bo, olga))
    )


def count(session: Session, model: type, *where) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


# --- intake -----------------------------------------------------------------------------

FOUNDATION = IntakeAnswers(1, "none", False, 8, "hands-on", "build")
FAST = IntakeAnswers(8, "solid", True, 14, "hands-on", "build")
LEADERSHIP = IntakeAnswers(9, "solid", True, 8, "discussion", "lead")
STANDARD = IntakeAnswers(5, "some", False, 10, "reading", "evaluate")


@pytest.mark.parametrize(
    ("answers", "track_key"),
    [
        (FOUNDATION, "foundation"),
        (STANDARD, "standard"),
        (FAST, "fast"),
        (LEADERSHIP, "leadership"),
    ],
)
def test_an_intake_suggests_a_track_with_reasons(
    crew: Crew, answers: IntakeAnswers, track_key: str
) -> None:
    view = record_intake(
        crew.session, actor=crew.ada, person_id=crew.ada.id, answers=answers, at=at(D1)
    )
    assert (view.track_key, view.track_name) == (track_key, f"{track_key.capitalize()} track")
    assert view.reasons and all(view.reasons)
    assert view.answers == answers
    assert latest_intake(crew.session, actor=crew.lead, person_id=crew.ada.id) == view
    stored = crew.session.exec(select(Assessment)).one()
    assert (stored.kind, stored.person_id, stored.assessor_id) == (
        AssessmentKind.INTAKE,
        crew.ada.id,
        crew.ada.id,
    )


def test_the_latest_intake_is_the_newest(crew: Crew) -> None:
    record_intake(crew.session, actor=crew.ada, person_id=crew.ada.id, answers=FAST, at=at(D2))
    record_intake(
        crew.session, actor=crew.mentor, person_id=crew.ada.id, answers=FOUNDATION, at=at(D1)
    )
    latest = latest_intake(crew.session, actor=crew.lead, person_id=crew.ada.id)
    assert latest is not None
    assert (latest.track_key, latest.created_at) == ("fast", at(D2))
    assert latest_intake(crew.session, actor=crew.lead, person_id=crew.bo.id) is None


@pytest.mark.parametrize(
    ("actor", "person", "allowed"),
    [
        ("ada", "ada", True),
        ("mentor", "ada", True),
        ("lead", "ada", True),
        ("lead", "bo", True),
        ("bo", "ada", False),  # a teammate, neither mentor nor lead
        ("mentor", "bo", False),  # not Bo's mentor
        ("outsider", "ada", False),  # a lead of another team
    ],
)
def test_who_may_fill_in_an_intake(crew: Crew, actor: str, person: str, allowed: bool) -> None:
    def fill() -> None:
        record_intake(
            crew.session,
            actor=getattr(crew, actor),
            person_id=getattr(crew, person).id,
            answers=STANDARD,
            at=utc_now(),
        )

    if allowed:
        fill()
        assert count(crew.session, Assessment) == 1
    else:
        with pytest.raises(PermissionDenied):
            fill()
        assert count(crew.session, Assessment) == 0


def test_bad_intake_answers_save_nothing(crew: Crew) -> None:
    with pytest.raises(InvalidInput, match="Learning style"):
        record_intake(
            crew.session,
            actor=crew.ada,
            person_id=crew.ada.id,
            answers=IntakeAnswers(3, "some", False, 8, "osmosis", "build"),
            at=utc_now(),
        )
    assert count(crew.session, Assessment) == 0


def test_a_lead_accepting_the_suggestion_enrolls_the_person(crew: Crew) -> None:
    session = crew.session
    first = record_intake(
        session, actor=crew.lead, person_id=crew.ada.id, answers=FOUNDATION, at=utc_now()
    )
    accept_suggestion(session, actor=crew.lead, intake_id=first.id, started_on=D1, at=utc_now())
    second = record_intake(
        session, actor=crew.ada, person_id=crew.ada.id, answers=FAST, at=utc_now()
    )
    view = accept_suggestion(
        session, actor=crew.lead, intake_id=second.id, started_on=D2, at=utc_now()
    )
    assert (view.track_key, view.started_on, view.status) == ("fast", D2, EnrollmentStatus.ACTIVE)
    enrollments = session.exec(
        select(Track.key, Enrollment.status, Enrollment.enrolled_by_id)
        .join(Track, col(Track.id) == Enrollment.track_id)
        .where(Enrollment.person_id == crew.ada.id)
        .order_by(col(Enrollment.id))
    ).all()
    assert [tuple(e) for e in enrollments] == [
        ("foundation", EnrollmentStatus.WITHDRAWN, crew.lead.id),
        ("fast", EnrollmentStatus.ACTIVE, crew.lead.id),
    ]


@pytest.mark.parametrize("who", ["mentor", "ada", "outsider"])
def test_only_a_lead_of_the_team_accepts_a_suggestion(crew: Crew, who: str) -> None:
    intake = record_intake(
        crew.session, actor=crew.ada, person_id=crew.ada.id, answers=FAST, at=utc_now()
    )
    with pytest.raises(PermissionDenied):
        accept_suggestion(
            crew.session, actor=getattr(crew, who), intake_id=intake.id, started_on=D1, at=utc_now()
        )
    assert count(crew.session, Enrollment) == 0


def test_accepting_something_that_is_not_an_intake_is_not_found(crew: Crew) -> None:
    assessment = record_assessment(
        crew.session,
        actor=crew.mentor,
        person_id=crew.ada.id,
        scores=SCORES_BEN,
        today=TODAY,
        at=utc_now(),
    )
    for intake_id in (assessment.id, 999_999):
        with pytest.raises(NotFound):
            accept_suggestion(
                crew.session, actor=crew.lead, intake_id=intake_id, started_on=D1, at=utc_now()
            )
    assert count(crew.session, Enrollment) == 0


# --- multi-dimensional assessment -------------------------------------------------------


def scores(recall: float, application: float, analysis: float, transfer: float) -> dict:
    return {
        "knowledge_recall": recall,
        "practical_application": application,
        "analytical_thinking": analysis,
        "knowledge_transfer": transfer,
    }


SCORES_BEN = scores(5.5, 4.0, 5.0, 4.5)  # 1.1 + 1.6 + 1.0 + 0.9 = 4.6 → basic


def test_an_assessment_is_weighted_levelled_and_scheduled(crew: Crew) -> None:
    view = record_assessment(
        crew.session,
        actor=crew.mentor,
        person_id=crew.ada.id,
        scores=SCORES_BEN,
        today=TODAY,
        note="  First check-in.  ",
        at=at(D3),
    )
    assert (view.overall, view.level) == (4.6, 1)
    assert view.next_due_on == TODAY + timedelta(days=30) == date(2026, 12, 21)
    assert view.weights == DEFAULT_WEIGHTS
    assert view.scores == SCORES_BEN
    assert (view.assessor_name, view.note, view.competency_key) == (
        "Max Mentor",
        "First check-in.",
        None,
    )
    # Losing most: application 0.4 × 6 = 2.4, then transfer 0.2 × 5.5 = 1.1.
    assert [(p.dimension, p.points_lost) for p in view.priorities] == [
        ("practical_application", 2.4),
        ("knowledge_transfer", 1.1),
    ]
    assert view.priorities[0].next_step == DIMENSION_NEXT_STEPS["practical_application"]
    stored = crew.session.exec(select(Assessment)).one()
    assert (stored.kind, stored.overall, stored.next_due_on) == (
        AssessmentKind.MULTI_DIMENSIONAL,
        4.6,
        date(2026, 12, 21),
    )
    assert count(crew.session, Rating) == 0  # no competency given: no rating


@pytest.mark.parametrize(
    ("given", "overall", "level", "days"),
    [
        (scores(8.5, 8, 9, 9), 8.5, 4, 120),  # 1.7 + 3.2 + 1.8 + 1.8
        (scores(6, 7.5, 7, 7), 7.0, 3, 90),  # 1.2 + 3.0 + 1.4 + 1.4
        (scores(4.5, 5, 5.5, 5), 5.0, 2, 60),  # 0.9 + 2.0 + 1.1 + 1.0
        (scores(3, 3, 3, 3), 3.0, 1, 30),
        (scores(3, 2.9, 3, 3), 2.96, 0, 30),  # 0.6 + 1.16 + 0.6 + 0.6
    ],
)
def test_level_and_next_date_at_the_thresholds(
    crew: Crew, given: dict, overall: float, level: int, days: int
) -> None:
    view = record_assessment(
        crew.session, actor=crew.lead, person_id=crew.bo.id, scores=given, today=TODAY, at=utc_now()
    )
    assert (view.overall, view.level, view.next_due_on) == (
        overall,
        level,
        TODAY + timedelta(days=days),
    )


def test_with_a_competency_the_level_becomes_a_mentor_rating(crew: Crew) -> None:
    session = crew.session
    view = record_assessment(
        session,
        actor=crew.mentor,
        person_id=crew.ada.id,
        scores=scores(8, 7.5, 7, 6),  # 1.6 + 3.0 + 1.4 + 1.2 = 7.2 → advanced
        today=TODAY,
        competency_key="search",
        at=at(D2),
    )
    assert (view.overall, view.level, view.competency_key) == (7.2, 3, "search")
    rating = session.exec(select(Rating)).one()
    assert (rating.person_id, rating.level, rating.rater_kind, rating.rater_id) == (
        crew.ada.id,
        3,
        RaterKind.MENTOR,
        crew.mentor.id,
    )
    assert rating.created_at == at(D2)
    assert "7.2" in rating.note
    cell = team_matrix(session, actor=crew.lead, team_id=crew.ada.team_id).cells[
        (crew.ada.id, "search")
    ]
    assert (cell.resolved.level, cell.resolved.source) == (3, RaterKind.MENTOR)


def test_a_leads_assessment_becomes_a_lead_rating(crew: Crew) -> None:
    record_assessment(
        crew.session,
        actor=crew.lead,
        person_id=crew.ada.id,
        scores=SCORES_BEN,
        today=TODAY,
        competency_key="search",
        at=utc_now(),
    )
    rating = crew.session.exec(select(Rating)).one()
    assert (rating.level, rating.rater_kind, rating.rater_id) == (1, RaterKind.LEAD, crew.lead.id)


def test_the_teams_weights_are_used_and_kept_with_each_assessment(crew: Crew) -> None:
    session = crew.session
    given = scores(9, 6, 9, 10)
    before = record_assessment(
        session, actor=crew.lead, person_id=crew.ada.id, scores=given, today=TODAY, at=at(D1)
    )
    assert before.overall == 8.0  # 1.8 + 2.4 + 1.8 + 2.0
    equal = dict.fromkeys(DEFAULT_WEIGHTS, 0.25)
    set_team_weights(session, actor=crew.lead, weights=equal, now=utc_now())
    after = record_assessment(
        session, actor=crew.lead, person_id=crew.ada.id, scores=given, today=TODAY, at=at(D2)
    )
    assert (after.overall, after.level, after.weights) == (8.5, 4, equal)  # 34 / 4
    assert after.next_due_on == TODAY + timedelta(days=120)
    # Application no longer dominates: 0.25 × 4 = 1.0 first, then recall 0.25 × 1 = 0.25.
    assert [(p.dimension, p.points_lost) for p in after.priorities] == [
        ("practical_application", 1.0),
        ("knowledge_recall", 0.25),
    ]
    # The earlier assessment keeps the weights it was made with.
    assert [
        (a.overall, a.weights)
        for a in assessments_of(session, actor=crew.lead, person_id=crew.ada.id)
    ] == [
        (8.5, equal),
        (8.0, DEFAULT_WEIGHTS),
    ]


@pytest.mark.parametrize(
    ("actor", "person"),
    [
        ("ada", "ada"),  # not of oneself
        ("bo", "ada"),  # a teammate
        ("mentor", "bo"),  # not Bo's mentor
        ("outsider", "ada"),  # a lead of another team
    ],
)
def test_only_the_mentor_or_a_lead_assesses(crew: Crew, actor: str, person: str) -> None:
    with pytest.raises(PermissionDenied):
        record_assessment(
            crew.session,
            actor=getattr(crew, actor),
            person_id=getattr(crew, person).id,
            scores=SCORES_BEN,
            today=TODAY,
            competency_key="search",
            at=utc_now(),
        )
    assert count(crew.session, Assessment) == 0
    assert count(crew.session, Rating) == 0


@pytest.mark.parametrize(
    ("given", "note", "message"),
    [
        (scores(10.5, 5, 5, 5), "", "Knowledge recall needs a score from 0 to 10"),
        (scores(5, 5, -1, 5), "", "Analytical thinking needs a score from 0 to 10"),
        (
            {k: v for k, v in SCORES_BEN.items() if k != "knowledge_transfer"},
            "",
            "Knowledge transfer needs a score from 0 to 10",
        ),
        (SCORES_BEN, "x" * (MAX_NOTE_CHARS + 1), f"longer than {MAX_NOTE_CHARS} characters"),
    ],
)
def test_bad_scores_or_note_save_nothing(crew: Crew, given: dict, note: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        record_assessment(
            crew.session,
            actor=crew.mentor,
            person_id=crew.ada.id,
            scores=given,
            today=TODAY,
            competency_key="search",
            note=note,
            at=utc_now(),
        )
    assert message in str(refused.value)
    assert count(crew.session, Assessment) == 0
    assert count(crew.session, Rating) == 0


def test_an_unknown_competency_saves_no_assessment(crew: Crew) -> None:
    with pytest.raises(NotFound, match="mind-reading"):
        record_assessment(
            crew.session,
            actor=crew.mentor,
            person_id=crew.ada.id,
            scores=SCORES_BEN,
            today=TODAY,
            competency_key="mind-reading",
            at=utc_now(),
        )
    assert count(crew.session, Assessment) == 0
    assert count(crew.session, Rating) == 0


def test_assessments_of_lists_only_multi_dimensional_ones_newest_first(crew: Crew) -> None:
    session = crew.session
    record_intake(session, actor=crew.ada, person_id=crew.ada.id, answers=FAST, at=at(D1))
    record_peer_review(session, actor=crew.bo, person_id=crew.ada.id, scores=peer(), at=at(D1))
    for day, given in (
        (D1, scores(5, 5, 5, 5)),
        (D3, scores(7, 7, 7, 7)),
        (D2, scores(6, 6, 6, 6)),
    ):
        record_assessment(
            session, actor=crew.mentor, person_id=crew.ada.id, scores=given, today=day, at=at(day)
        )
    listed = assessments_of(session, actor=crew.lead, person_id=crew.ada.id)
    assert [(a.created_at, a.overall, a.assessor_name) for a in listed] == [
        (at(D3), 7.0, "Max Mentor"),
        (at(D2), 6.0, "Max Mentor"),
        (at(D1), 5.0, "Max Mentor"),
    ]
    assert assessments_of(session, actor=crew.lead, person_id=crew.bo.id) == []


# --- peer review ------------------------------------------------------------------------


def peer(tech: int = 3, collab: int = 3, sharing: int = 3, feedback: int = 3, support: int = 3):
    return {
        "technical_explanation": tech,
        "collaborative_problem_solving": collab,
        "knowledge_sharing": sharing,
        "constructive_feedback": feedback,
        "learning_support": support,
    }


def test_a_peer_review_records_who_assessed_whom(crew: Crew) -> None:
    view = record_peer_review(
        crew.session,
        actor=crew.ada,
        person_id=crew.mentor.id,
        scores=peer(5, 4, 4, 3, 5),
        note=" Explains with examples. ",
        at=at(D2),
    )
    assert (view.assessor_name, view.person_name, view.note) == (
        "Ada Byron",
        "Max Mentor",
        "Explains with examples.",
    )
    assert view.scores == peer(5, 4, 4, 3, 5)
    stored = crew.session.exec(select(Assessment)).one()
    assert (stored.kind, stored.assessor_id, stored.person_id, stored.overall) == (
        AssessmentKind.PEER,
        crew.ada.id,
        crew.mentor.id,
        4.2,  # (5 + 4 + 4 + 3 + 5) / 5
    )
    [listed] = peer_reviews(crew.session, actor=crew.lead, team_id=crew.ada.team_id)
    assert listed == view
    assert peer_reviews(crew.session, actor=crew.outsider, team_id=crew.outsider.team_id) == []


@pytest.mark.parametrize(
    ("actor", "person", "given", "error"),
    [
        ("ada", "ada", peer(), PermissionDenied),  # not about yourself
        ("outsider", "ada", peer(), PermissionDenied),  # another team
        ("ada", "outsider", peer(), PermissionDenied),
        ("ada", "bo", peer(tech=0), InvalidInput),
        ("ada", "bo", peer(support=6), InvalidInput),
        ("ada", "bo", {"technical_explanation": 3}, InvalidInput),
    ],
)
def test_refused_peer_reviews_save_nothing(
    crew: Crew, actor: str, person: str, given: dict, error: type[Exception]
) -> None:
    with pytest.raises(error):
        record_peer_review(
            crew.session,
            actor=getattr(crew, actor),
            person_id=getattr(crew, person).id,
            scores=given,
            at=utc_now(),
        )
    assert count(crew.session, Assessment) == 0


def test_peer_reviews_are_listed_newest_first(crew: Crew) -> None:
    session = crew.session
    record_peer_review(session, actor=crew.ada, person_id=crew.bo.id, scores=peer(), at=at(D1))
    record_peer_review(session, actor=crew.bo, person_id=crew.ada.id, scores=peer(), at=at(D3))
    record_peer_review(session, actor=crew.lead, person_id=crew.ada.id, scores=peer(), at=at(D2))
    listed = peer_reviews(session, actor=crew.lead, team_id=crew.ada.team_id)
    assert [(r.assessor_name, r.person_name, r.created_at) for r in listed] == [
        ("Bo Diaz", "Ada Byron", at(D3)),
        ("Lena Lead", "Ada Byron", at(D2)),
        ("Ada Byron", "Bo Diaz", at(D1)),
    ]


def test_the_knowledge_network_points_from_reviewer_to_helper(crew: Crew) -> None:
    session = crew.session
    moment = datetime(2026, 10, 1, 12, tzinfo=UTC)
    # Ada twice about Max: helpfulness (4 + 5) / 2 = 4.5 and (3 + 3) / 2 = 3.0 → 3.75.
    record_peer_review(
        session, actor=crew.ada, person_id=crew.mentor.id, scores=peer(1, 1, 4, 1, 5), at=moment
    )
    record_peer_review(
        session, actor=crew.ada, person_id=crew.mentor.id, scores=peer(5, 5, 3, 5, 3), at=moment
    )
    # Bo about Max: (5 + 5) / 2 = 5.0.  Ada about Bo: (2 + 3) / 2 = 2.5.
    record_peer_review(
        session, actor=crew.bo, person_id=crew.mentor.id, scores=peer(1, 1, 5, 1, 5), at=moment
    )
    record_peer_review(
        session, actor=crew.ada, person_id=crew.bo.id, scores=peer(5, 5, 2, 5, 3), at=moment
    )
    edges = knowledge_network(session, actor=crew.ada, team_id=crew.ada.team_id)
    assert [(e.helper, e.helped, e.strength, e.reviews) for e in edges] == [
        ("Max Mentor", "Bo Diaz", 5.0, 1),
        ("Max Mentor", "Ada Byron", 3.75, 2),
        ("Bo Diaz", "Ada Byron", 2.5, 1),
    ]
    assert knowledge_network(session, actor=crew.outsider, team_id=crew.outsider.team_id) == []


# --- who sees what ----------------------------------------------------------------------


def test_intakes_and_assessments_are_for_the_person_their_mentor_and_a_lead(crew: Crew) -> None:
    session = crew.session
    record_intake(session, actor=crew.ada, person_id=crew.ada.id, answers=FAST, at=at(D1))
    record_assessment(
        session,
        actor=crew.mentor,
        person_id=crew.ada.id,
        scores=SCORES_BEN,
        today=TODAY,
        at=utc_now(),
    )
    for allowed in (crew.ada, crew.mentor, crew.lead):
        intake = latest_intake(session, actor=allowed, person_id=crew.ada.id)
        assert intake is not None and intake.track_key == "fast"
        assert len(assessments_of(session, actor=allowed, person_id=crew.ada.id)) == 1
    with pytest.raises(
        PermissionDenied, match="Only Ada Byron, their mentor or a team lead can see their intake"
    ):
        latest_intake(session, actor=crew.bo, person_id=crew.ada.id)
    with pytest.raises(PermissionDenied, match="can see their assessments"):
        assessments_of(session, actor=crew.bo, person_id=crew.ada.id)
    with pytest.raises(PermissionDenied, match="not in your team"):
        assessments_of(session, actor=crew.outsider, person_id=crew.ada.id)


def test_peer_reviews_show_a_learner_theirs_and_a_lead_all(crew: Crew) -> None:
    session = crew.session
    record_peer_review(session, actor=crew.ada, person_id=crew.bo.id, scores=peer(), at=at(D1))
    record_peer_review(session, actor=crew.bo, person_id=crew.lead.id, scores=peer(), at=at(D2))
    record_peer_review(session, actor=crew.lead, person_id=crew.ada.id, scores=peer(), at=at(D3))
    team_id = crew.ada.team_id

    def seen_by(actor: PersonRef) -> list[tuple[str, str]]:
        return [
            (r.assessor_name, r.person_name)
            for r in peer_reviews(session, actor=actor, team_id=team_id)
        ]

    assert seen_by(crew.lead) == [
        ("Lena Lead", "Ada Byron"),
        ("Bo Diaz", "Lena Lead"),
        ("Ada Byron", "Bo Diaz"),
    ]
    # Bo: the review he received and the one he wrote; not the lead's review of Ada.
    assert seen_by(crew.bo) == [("Bo Diaz", "Lena Lead"), ("Ada Byron", "Bo Diaz")]
    # Max: reviews about his mentee Ada.
    assert seen_by(crew.mentor) == [("Lena Lead", "Ada Byron")]
    with pytest.raises(PermissionDenied, match="your own team"):
        peer_reviews(session, actor=crew.outsider, team_id=team_id)


def test_the_knowledge_network_is_for_the_team_only(crew: Crew) -> None:
    record_peer_review(
        crew.session, actor=crew.ada, person_id=crew.bo.id, scores=peer(), at=utc_now()
    )
    # Max wrote and got neither review, yet sees who helps whom: it shows no scores or notes.
    assert [
        (e.helper, e.helped)
        for e in knowledge_network(crew.session, actor=crew.mentor, team_id=crew.ada.team_id)
    ] == [("Bo Diaz", "Ada Byron")]
    with pytest.raises(PermissionDenied):
        knowledge_network(crew.session, actor=crew.outsider, team_id=crew.ada.team_id)


def test_peer_reviews_and_peer_ratings_count_as_given_by_their_reviewer(crew: Crew) -> None:
    session = crew.session
    record_peer_review(session, actor=crew.bo, person_id=crew.ada.id, scores=peer(), at=at(D2))
    add_rating(
        session,
        actor=crew.ada,
        person_id=crew.bo.id,
        competency_key="search",
        level=2,
        rater_kind=RaterKind.PEER,
        created_at=at(D3),
    )
    record_peer_review(session, actor=crew.ada, person_id=crew.bo.id, scores=peer(), at=at(D1))
    given = peer_reviews_given(session, [crew.ada.id, crew.bo.id], at(D2))
    assert given == [(crew.bo.id, at(D2)), (crew.ada.id, at(D3))]  # D1 is before
    assert peer_reviews_given(session, [crew.mentor.id], at(D1)) == []
