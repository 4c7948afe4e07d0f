"""Ratings (append-only, with permissions), the team matrix, level history and changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlmodel import Session, col, func, select

from assessments.ratings import (
    MAX_NOTE_CHARS,
    add_rating,
    changes_since,
    level_history,
    team_matrix,
)
from storage.enums import CompetencyGroup, PersonRole, RaterKind
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import AuditEvent, Competency, Person, Rating, Team, utc_now
from storage.people import PersonRef
from tests.factories import (
    at,
    make_competency,
    make_person,
    make_quiz_evidence,
    make_ref,
    make_role_target,
    make_team,
)

SELF, MENTOR, LEAD, PEER, QUIZ = (
    RaterKind.SELF,
    RaterKind.MENTOR,
    RaterKind.LEAD,
    RaterKind.PEER,
    RaterKind.QUIZ,
)
D1, D2, D3 = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)


@dataclass
class Crew:
    session: Session
    ours: Team
    theirs: Team
    lead: PersonRef  # Lena Lead, job role "Lead"
    mentor: PersonRef  # Max Mentor, "Senior"
    ada: PersonRef  # learner, "Junior", mentored by Max
    bo: PersonRef  # learner, "Junior", no mentor
    outsider: PersonRef  # Olga, lead of another team
    otto: PersonRef  # learner in Olga's team
    competencies: dict[str, Competency]


@pytest.fixture
def team(session: Session) -> Crew:
    ours = make_team(session=session, name="Ours")
    theirs = make_team(session=session, name="Theirs")
    lead = make_person(
        session=session, team=ours, name="Lena Lead", role=PersonRole.LEAD, job_role="Lead"
    )
    mentor = make_person(
        session=session, team=ours, name="Max Mentor", role=PersonRole.MENTOR, job_role="Senior"
    )
    ada = make_person(
        session=session, team=ours, name="Ada Byron", job_role="Junior", mentor=mentor
    )
    bo = make_person(session=session, team=ours, name="Bo Diaz", job_role="Junior")
    olga = make_person(
        session=session, team=theirs, name="Olga Other", role=PersonRole.LEAD, job_role="Junior"
    )
    otto = make_person(session=session, team=theirs, name="Otto Other", job_role="Junior")
    framework = [
        ("search", CompetencyGroup.TECHNICAL),
        ("pitch", CompetencyGroup.BUSINESS),
        ("coach", CompetencyGroup.LEADERSHIP),
        ("spare", CompetencyGroup.LEADERSHIP),
    ]
    competencies = {
        key: make_competency(session=session, key=key, group=group, position=position, team=ours)
        for position, (key, group) in enumerate(framework)
    }
    for position, (key, group) in enumerate(framework):  # the other team's own framework
        make_competency(session=session, key=key, group=group, position=position, team=theirs)
    return Crew(
        session,
        ours,
        theirs,
        *(make_ref(session=session, person=p) for p in (lead, mentor, ada, bo, olga, otto)),
        competencies=competencies,
    )


def ratings(session: Session) -> list[Rating]:
    return list(session.exec(select(Rating).order_by(col(Rating.id))).all())


def fields(rating: Rating) -> tuple:
    return (
        rating.id,
        rating.person_id,
        rating.competency_id,
        rating.level,
        rating.rater_id,
        rating.rater_kind,
        rating.note,
        rating.link,
        rating.created_at,
    )


def rating_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Rating)).one()


# --- adding ratings ---------------------------------------------------------------------


def test_a_rating_is_added_with_who_rated_and_why(team: Crew) -> None:
    view = add_rating(
        team.session,
        actor=team.mentor,
        person_id=team.ada.id,
        competency_key="search",
        level=2,
        rater_kind=MENTOR,
        note="  Seen in the design review.  ",
        link=" https://example.test/review/1 ",
        created_at=at(D1),
    )
    assert (view.person_id, view.competency_key, view.level, view.rater_kind) == (
        team.ada.id,
        "search",
        2,
        MENTOR,
    )
    assert view.rater_name == "Max Mentor"
    assert view.note == "Seen in the design review."
    assert view.link == "https://example.test/review/1"
    assert view.created_at == at(D1)
    [stored] = ratings(team.session)
    assert (stored.id, stored.rater_id, stored.level, stored.note) == (
        view.id,
        team.mentor.id,
        2,
        "Seen in the design review.",
    )
    audit = team.session.exec(select(AuditEvent)).one()
    assert (audit.action, audit.entity_id, audit.actor_id) == (
        "rating_added",
        view.id,
        team.mentor.id,
    )
    assert audit.detail == {
        "person_id": team.ada.id,
        "competency": "search",
        "level": 2,
        "kind": "mentor",
        "summary": "Rated Ada Byron intermediate in Search (mentor rating).",
    }


def test_an_empty_link_is_no_link(team: Crew) -> None:
    view = add_rating(
        team.session,
        actor=team.ada,
        person_id=team.ada.id,
        competency_key="search",
        level=1,
        rater_kind=SELF,
        link="   ",
        created_at=utc_now(),
    )
    assert view.link is None
    assert ratings(team.session)[0].link is None


def test_ratings_are_append_only(team: Crew) -> None:
    session = team.session
    first = add_rating(
        session,
        actor=team.mentor,
        person_id=team.ada.id,
        competency_key="search",
        level=1,
        rater_kind=MENTOR,
        note="First look.",
        created_at=at(D1),
    )
    session.expire_all()
    snapshot = [fields(r) for r in ratings(session)]
    for level, kind, actor in ((3, MENTOR, team.mentor), (2, LEAD, team.lead), (4, SELF, team.ada)):
        add_rating(
            session,
            actor=actor,
            person_id=team.ada.id,
            competency_key="search",
            level=level,
            rater_kind=kind,
            created_at=at(D2),
        )
    session.expire_all()
    stored = ratings(session)
    assert len(stored) == 4
    assert [fields(r) for r in stored[:1]] == snapshot  # the first row is untouched
    assert stored[0].id == first.id
    assert [r.level for r in stored] == [1, 3, 2, 4]


# Who may give which kind of rating about whom: (actor, person, kind, allowed).
PERMISSIONS = [
    ("ada", "ada", SELF, True),
    ("mentor", "ada", SELF, False),
    ("lead", "ada", SELF, False),
    ("mentor", "ada", MENTOR, True),
    ("lead", "ada", MENTOR, True),
    ("ada", "ada", MENTOR, False),
    ("bo", "ada", MENTOR, False),
    ("mentor", "bo", MENTOR, False),  # not Bo's mentor
    ("lead", "ada", LEAD, True),
    ("lead", "lead", LEAD, True),
    ("mentor", "ada", LEAD, False),
    ("ada", "ada", LEAD, False),
    ("bo", "ada", PEER, True),
    ("mentor", "ada", PEER, True),
    ("ada", "ada", PEER, False),
    ("ada", "ada", QUIZ, False),
    ("lead", "ada", QUIZ, False),
    ("outsider", "ada", MENTOR, False),  # a lead, but of another team
    ("outsider", "ada", LEAD, False),
    ("outsider", "ada", PEER, False),
    ("lead", "otto", LEAD, False),
    ("otto", "ada", PEER, False),
]


@pytest.mark.parametrize(("actor", "person", "kind", "allowed"), PERMISSIONS)
def test_who_may_rate_whom(
    team: Crew, actor: str, person: str, kind: RaterKind, allowed: bool
) -> None:
    def rate() -> None:
        add_rating(
            team.session,
            actor=getattr(team, actor),
            person_id=getattr(team, person).id,
            competency_key="search",
            level=2,
            rater_kind=kind,
            created_at=utc_now(),
        )

    if allowed:
        rate()
        assert rating_count(team.session) == 1
    else:
        with pytest.raises(PermissionDenied):
            rate()
        assert rating_count(team.session) == 0
        assert team.session.exec(select(func.count()).select_from(AuditEvent)).one() == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"level": -1}, "level must be 0 (none) to 4 (expert)"),
        ({"level": 5}, "level must be 0 (none) to 4 (expert)"),
        ({"note": "x" * (MAX_NOTE_CHARS + 1)}, f"longer than {MAX_NOTE_CHARS} characters"),
        ({"link": "ftp://example.test/x"}, "the link must be a web address"),
        ({"link": "example.test"}, "the link must be a web address"),
        ({"link": "https://" + "x" * 500}, "the link must be a web address"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(team: Crew, changes: dict, message: str) -> None:
    arguments = {"level": 2, "note": "", "link": None, "created_at": utc_now(), **changes}
    with pytest.raises(InvalidInput, match="Rating not saved") as refused:
        add_rating(
            team.session,
            actor=team.mentor,
            person_id=team.ada.id,
            competency_key="search",
            rater_kind=MENTOR,
            **arguments,
        )
    assert message in str(refused.value)
    assert rating_count(team.session) == 0


def test_a_level_between_two_levels_is_refused(team: Crew) -> None:
    with pytest.raises(InvalidInput):
        add_rating(
            team.session,
            actor=team.mentor,
            person_id=team.ada.id,
            competency_key="search",
            level=2.5,  # type: ignore[arg-type]
            rater_kind=MENTOR,
            created_at=utc_now(),
        )
    assert rating_count(team.session) == 0


def test_the_edges_of_the_input_are_accepted(team: Crew) -> None:
    for level in (0, 4):
        add_rating(
            team.session,
            actor=team.mentor,
            person_id=team.ada.id,
            competency_key="search",
            level=level,
            rater_kind=MENTOR,
            note="x" * MAX_NOTE_CHARS,
            created_at=utc_now(),
        )
    assert [r.level for r in ratings(team.session)] == [0, 4]


def test_an_unknown_competency_or_person_is_not_found(team: Crew) -> None:
    with pytest.raises(NotFound, match="mind-reading"):
        add_rating(
            team.session,
            actor=team.mentor,
            person_id=team.ada.id,
            competency_key="mind-reading",
            level=2,
            rater_kind=MENTOR,
            created_at=utc_now(),
        )
    with pytest.raises(NotFound):
        add_rating(
            team.session,
            actor=team.lead,
            person_id=999_999,
            competency_key="search",
            level=2,
            rater_kind=LEAD,
            created_at=utc_now(),
        )
    assert rating_count(team.session) == 0


# --- the matrix -------------------------------------------------------------------------


def rate(
    team: Crew,
    actor: PersonRef,
    person: PersonRef,
    key: str,
    level: int,
    kind: RaterKind,
    day: date,
) -> None:
    add_rating(
        team.session,
        actor=actor,
        person_id=person.id,
        competency_key=key,
        level=level,
        rater_kind=kind,
        created_at=at(day),
    )


@pytest.fixture
def rated(team: Crew) -> Crew:
    """Targets and evidence with hand-computed levels, gaps and coverage.

    Targets  search pitch coach spare     Levels now   search    pitch     coach
    Junior      3     2     0     0       Lena (Lead)  3 lead    3 lead    2 lead
    Senior      3     2     3     0       Max (Senior) 4 lead    2 lead    3 lead
    Lead        2     3     3     0       Ada (Junior) 2 mentor  1 quiz    –
                                          Bo (Junior)  2 quiz    – (peer)  –
    Ada rates herself 4 in search (mentor: 2); Bo rates himself 3 (quiz: 2).
    Ina (Senior, inactive) has search 4 and coach 4; the other team's Otto has search 4
    and that team asks 4 of its juniors.
    """
    session = team.session
    c = team.competencies
    targets = {"Junior": (3, 2, 0), "Senior": (3, 2, 3), "Lead": (2, 3, 3)}
    for role, levels in targets.items():
        for key, level in zip(("search", "pitch", "coach"), levels, strict=True):
            make_role_target(
                session=session, team=team.ours, job_role=role, competency=c[key], level=level
            )
    make_role_target(
        session=session, team=team.theirs, job_role="Junior", competency=c["search"], level=4
    )
    lena, max_, ada, bo = team.lead, team.mentor, team.ada, team.bo
    for key, level in (("search", 3), ("pitch", 3), ("coach", 2)):
        rate(team, lena, lena, key, level, LEAD, D1)
    for key, level in (("search", 4), ("pitch", 2), ("coach", 3)):
        rate(team, lena, max_, key, level, LEAD, D1)
    rate(team, max_, ada, "search", 1, MENTOR, D1)
    rate(team, ada, ada, "search", 4, SELF, D2)
    rate(team, max_, ada, "search", 2, MENTOR, D3)
    ada_row, bo_row = session.get(Person, ada.id), session.get(Person, bo.id)
    assert ada_row is not None and bo_row is not None
    make_quiz_evidence(
        session=session, person=ada_row, competency=c["pitch"], level=1, created_at=at(D1)
    )
    make_quiz_evidence(
        session=session, person=bo_row, competency=c["search"], level=2, created_at=at(D1)
    )
    make_quiz_evidence(
        session=session, person=bo_row, competency=c["search"], level=1, created_at=at(D2)
    )
    rate(team, bo, bo, "search", 3, SELF, D3)
    rate(team, ada, bo, "pitch", 3, PEER, D3)
    ina = make_person(session=session, team=team.ours, name="Ina Inactive", job_role="Senior")
    ina_ref = make_ref(session=session, person=ina)
    rate(team, lena, ina_ref, "search", 4, LEAD, D1)
    rate(team, lena, ina_ref, "coach", 4, LEAD, D1)
    ina.active = False
    session.add(ina)
    rate(team, team.outsider, team.otto, "search", 4, LEAD, D1)
    session.flush()
    return team


def test_the_matrix_lists_active_people_of_the_team_and_every_competency(rated: Crew) -> None:
    matrix = team_matrix(rated.session, actor=rated.lead, team_id=rated.lead.team_id)
    assert [p.name for p in matrix.people] == ["Ada Byron", "Bo Diaz", "Lena Lead", "Max Mentor"]
    assert [(p.job_role, p.role) for p in matrix.people] == [
        ("Junior", PersonRole.LEARNER),
        ("Junior", PersonRole.LEARNER),
        ("Lead", PersonRole.LEAD),
        ("Senior", PersonRole.MENTOR),
    ]
    assert [c.key for c in matrix.competencies] == ["search", "pitch", "coach", "spare"]
    assert len(matrix.cells) == 4 * 4


def test_matrix_cells_hold_level_target_and_gap(rated: Crew) -> None:
    matrix = team_matrix(rated.session, actor=rated.lead, team_id=rated.lead.team_id)
    names = {p.id: p.name for p in matrix.people}
    got = {
        (names[person_id], key): (cell.resolved.level, cell.target, cell.gap)
        for (person_id, key), cell in matrix.cells.items()
        if key != "spare"
    }
    assert got == {
        ("Lena Lead", "search"): (3, 2, 0),  # above target: no gap
        ("Lena Lead", "pitch"): (3, 3, 0),
        ("Lena Lead", "coach"): (2, 3, 1),
        ("Max Mentor", "search"): (4, 3, 0),
        ("Max Mentor", "pitch"): (2, 2, 0),
        ("Max Mentor", "coach"): (3, 3, 0),
        ("Ada Byron", "search"): (2, 3, 1),  # the latest mentor rating, not her self-rating
        ("Ada Byron", "pitch"): (1, 2, 1),  # quiz evidence
        ("Ada Byron", "coach"): (None, 0, 0),
        ("Bo Diaz", "search"): (2, 3, 1),  # the highest quiz, not the latest
        ("Bo Diaz", "pitch"): (None, 2, 2),  # a peer rating is no evidence: counts as 0
        ("Bo Diaz", "coach"): (None, 0, 0),
    }
    ada_search = matrix.cells[(rated.ada.id, "search")].resolved
    assert (ada_search.source, ada_search.self_level, ada_search.mentor_level) == (MENTOR, 4, 2)
    assert matrix.cells[(rated.ada.id, "pitch")].resolved.source == QUIZ
    assert all(
        cell.target == 0 and cell.gap == 0
        for (_, key), cell in matrix.cells.items()
        if key == "spare"
    )


def test_coverage_and_single_person_skills(rated: Crew) -> None:
    matrix = team_matrix(rated.session, actor=rated.lead, team_id=rated.lead.team_id)
    assert [
        (r.competency_key, r.needed_by, r.meeting_target, r.advanced_or_better, r.max_target)
        for r in matrix.coverage
    ] == [
        ("search", 4, 2, 2, 3),  # Lena 3 ≥ 2 and Max 4 ≥ 3 meet it; Ada and Bo do not
        ("pitch", 4, 2, 1, 3),  # only Lena is advanced
        ("coach", 2, 1, 1, 3),  # only Max: inactive Ina's 4 does not count
        ("spare", 0, 0, 0, 0),  # nobody needs it: not a single-person risk
    ]
    assert [r.competency_key for r in matrix.single_person_skills()] == ["pitch", "coach"]


def test_self_disagreements_are_two_levels_or_more(rated: Crew) -> None:
    matrix = team_matrix(rated.session, actor=rated.lead, team_id=rated.lead.team_id)
    [cell] = matrix.self_disagreements()
    assert (cell.person_id, cell.competency_key) == (rated.ada.id, "search")


def test_compare_gives_one_person_beside_the_team_average(rated: Crew) -> None:
    matrix = team_matrix(rated.session, actor=rated.lead, team_id=rated.lead.team_id)
    rows = matrix.compare(rated.ada.id)
    assert [(r.competency_key, r.level, r.team_average, r.target) for r in rows] == [
        ("search", 2, 2.75, 3),  # (3 + 4 + 2 + 2) / 4
        ("pitch", 1, 1.5, 2),  # (3 + 2 + 1 + 0) / 4
        ("coach", None, 1.25, 0),  # (2 + 3 + 0 + 0) / 4
        ("spare", None, 0.0, 0),
    ]
    assert [r.competency_name for r in rows] == ["Search", "Pitch", "Coach", "Spare"]


def test_the_other_team_sees_only_its_own(rated: Crew) -> None:
    matrix = team_matrix(rated.session, actor=rated.outsider, team_id=rated.outsider.team_id)
    assert [p.name for p in matrix.people] == ["Olga Other", "Otto Other"]
    otto = matrix.cells[(rated.otto.id, "search")]
    assert (otto.resolved.level, otto.target, otto.gap) == (4, 4, 0)
    assert matrix.cells[(rated.outsider.id, "search")].target == 4
    assert [r.competency_key for r in matrix.single_person_skills()] == ["search"]


def test_an_empty_team_has_an_empty_matrix(team: Crew) -> None:
    lonely = make_team(session=team.session, name="Empty")
    assert lonely.id is not None
    lead = make_person(session=team.session, team=lonely, role=PersonRole.LEAD, active=False)
    actor = make_ref(session=team.session, person=lead)
    matrix = team_matrix(team.session, actor=actor, team_id=lonely.id)
    assert matrix.people == [] and matrix.cells == {}
    assert all(r.needed_by == 0 for r in matrix.coverage)
    assert matrix.single_person_skills() == []


# --- history and changes ----------------------------------------------------------------


def test_level_history_is_every_rating_oldest_first(rated: Crew) -> None:
    # Added out of order on purpose: a late rating backdated before the others.
    rate(rated, rated.mentor, rated.ada, "search", 0, MENTOR, date(2026, 8, 1))
    history = level_history(
        rated.session, actor=rated.lead, person_id=rated.ada.id, competency_key="search"
    )
    assert [(h.created_at, h.level, h.rater_kind, h.rater_name) for h in history] == [
        (at(date(2026, 8, 1)), 0, MENTOR, "Max Mentor"),
        (at(D1), 1, MENTOR, "Max Mentor"),
        (at(D2), 4, SELF, "Ada Byron"),
        (at(D3), 2, MENTOR, "Max Mentor"),
    ]
    assert {h.competency_name for h in history} == {"Search"}
    bo = level_history(
        rated.session, actor=rated.lead, person_id=rated.bo.id, competency_key="search"
    )
    assert [(h.level, h.rater_kind, h.rater_name) for h in bo] == [
        (2, QUIZ, None),
        (1, QUIZ, None),
        (3, SELF, "Bo Diaz"),
    ]
    assert (
        level_history(
            rated.session, actor=rated.lead, person_id=rated.bo.id, competency_key="coach"
        )
        == []
    )
    with pytest.raises(NotFound):
        level_history(
            rated.session, actor=rated.lead, person_id=rated.bo.id, competency_key="mind-reading"
        )


def test_changes_since_finds_a_change_after_the_date_and_not_before(rated: Crew) -> None:
    session, team_id = rated.session, rated.lead.team_id
    # Only Ada's search moved after 1 October (1 → 2 on 1 November); Bo's self-rating and
    # the peer rating of that day change no level.
    [change] = changes_since(session, actor=rated.lead, team_id=team_id, since=date(2026, 10, 15))
    assert (change.person_name, change.competency_key, change.before, change.now) == (
        "Ada Byron",
        "search",
        1,
        2,
    )
    assert change.competency_name == "Search"
    assert changes_since(session, actor=rated.lead, team_id=team_id, since=date(2026, 11, 2)) == []
    # From the start of the day of the mentor's rating (made at noon) it still counts.
    assert len(changes_since(session, actor=rated.lead, team_id=team_id, since=D3)) == 1
    # Before anything was rated, every level with evidence is new; sorted by person, key.
    everything = changes_since(session, actor=rated.lead, team_id=team_id, since=date(2026, 8, 1))
    assert [(c.person_name, c.competency_key, c.before, c.now) for c in everything] == [
        ("Ada Byron", "pitch", None, 1),
        ("Ada Byron", "search", None, 2),
        ("Bo Diaz", "search", None, 2),
        ("Lena Lead", "coach", None, 2),
        ("Lena Lead", "pitch", None, 3),
        ("Lena Lead", "search", None, 3),
        ("Max Mentor", "coach", None, 3),
        ("Max Mentor", "pitch", None, 2),
        ("Max Mentor", "search", None, 4),
    ]


# --- who sees what ----------------------------------------------------------------------


def test_a_mentor_sees_themself_and_their_mentees_in_the_matrix(rated: Crew) -> None:
    matrix = team_matrix(rated.session, actor=rated.mentor, team_id=rated.lead.team_id)
    assert [p.name for p in matrix.people] == ["Ada Byron", "Max Mentor"]
    assert {pid for pid, _ in matrix.cells} == {rated.ada.id, rated.mentor.id}
    # Coverage counts the rows shown: search is met by Max only among Max and Ada.
    search = next(r for r in matrix.coverage if r.competency_key == "search")
    assert (search.needed_by, search.meeting_target, search.advanced_or_better) == (2, 1, 1)
    # The team average beside Ada stays the whole team's (an aggregate naming nobody).
    assert [r.team_average for r in matrix.compare(rated.ada.id)] == [2.75, 1.5, 1.25, 0.0]


def test_a_learner_sees_only_their_own_row_of_the_matrix(rated: Crew) -> None:
    matrix = team_matrix(rated.session, actor=rated.bo, team_id=rated.lead.team_id)
    assert [p.name for p in matrix.people] == ["Bo Diaz"]
    assert {pid for pid, _ in matrix.cells} == {rated.bo.id}
    assert {pid for pid, _ in matrix.evidence} == {rated.bo.id}
    assert matrix.self_disagreements() == []  # Ada's disagreement is not Bo's to see


def test_another_teams_lead_is_refused_the_matrix(rated: Crew) -> None:
    with pytest.raises(PermissionDenied, match="your own team"):
        team_matrix(rated.session, actor=rated.outsider, team_id=rated.lead.team_id)


def test_level_history_is_for_the_person_their_mentor_and_a_lead(rated: Crew) -> None:
    for allowed in (rated.ada, rated.mentor, rated.lead):
        history = level_history(
            rated.session, actor=allowed, person_id=rated.ada.id, competency_key="search"
        )
        assert [h.level for h in history] == [1, 4, 2]
    with pytest.raises(
        PermissionDenied,
        match="Only Ada Byron, their mentor or a team lead can see their rating history",
    ):
        level_history(
            rated.session, actor=rated.bo, person_id=rated.ada.id, competency_key="search"
        )
    with pytest.raises(PermissionDenied, match="not in your team"):
        level_history(
            rated.session, actor=rated.outsider, person_id=rated.ada.id, competency_key="search"
        )


def test_changes_since_for_a_learner_are_their_own(rated: Crew) -> None:
    mine = changes_since(
        rated.session, actor=rated.bo, team_id=rated.lead.team_id, since=date(2026, 8, 1)
    )
    assert [(c.person_name, c.competency_key) for c in mine] == [("Bo Diaz", "search")]
    with pytest.raises(PermissionDenied):
        changes_since(rated.session, actor=rated.outsider, team_id=rated.lead.team_id, since=D1)
