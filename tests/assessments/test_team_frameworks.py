"""Each team's own framework: the curriculum's copy, a move between teams, history by key."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from assessments.framework import list_competencies, start_team_framework
from assessments.ratings import add_rating, level_history, team_matrix
from curriculum.catalog import sync_curriculum
from curriculum.loader import Curriculum
from storage.enums import PersonRole, RaterKind
from storage.models import Competency, utc_now
from storage.roster import move_person
from tests.factories import make_person, make_ref, make_team

NOW = datetime(2026, 11, 21, 9, tzinfo=UTC)


def test_a_mover_keeps_their_rating_history_in_the_new_team(
    session: Session, curriculum: Curriculum
) -> None:
    sync_curriculum(session, curriculum)
    search, ranking = make_team(session=session, name="Search"), make_team(session=session)
    lead = make_ref(
        session=session, person=make_person(session=session, team=search, role=PersonRole.LEAD)
    )
    other_lead = make_ref(
        session=session, person=make_person(session=session, team=ranking, role=PersonRole.LEAD)
    )
    make_person(session=session, team=search, role=PersonRole.LEAD)  # Search keeps a lead
    mover = make_ref(session=session, person=make_person(session=session, team=search))
    key = curriculum.competencies[0].key
    add_rating(
        session,
        actor=lead,
        person_id=mover.id,
        competency_key=key,
        level=3,
        rater_kind=RaterKind.LEAD,
        note="Ran the index migration",
        created_at=NOW,
    )
    move_person(session, actor=None, person_id=mover.id, team_id=ranking.id or 0, now=utc_now())
    history = level_history(session, actor=other_lead, person_id=mover.id, competency_key=key)
    assert [(r.level, r.note) for r in history] == [(3, "Ran the index migration")]
    matrix = team_matrix(session, actor=other_lead, team_id=ranking.id or 0)
    assert matrix.cells[(mover.id, key)].resolved.level == 3


def test_a_competency_outside_the_yaml_leaves_the_curriculums_copy(
    session: Session, curriculum: Curriculum
) -> None:
    """A lead-added competency from before teams had their own framework sat in the shared
    rows; the next sync drops it from the curriculum's copy, so new teams start without it."""
    sync_curriculum(session, curriculum)
    session.add(Competency(team_id=None, key="cobol", name="COBOL", group="technical"))
    session.flush()
    sync_curriculum(session, curriculum)
    template = session.exec(select(Competency.key).where(col(Competency.team_id).is_(None))).all()
    assert "cobol" not in template
    team = make_team(session=session)
    assert start_team_framework(session, team.id or 0) == 0  # make_team already started it
    keys = [c.key for c in list_competencies(session, team.id or 0)]
    assert keys == [c.key for c in curriculum.competencies]
