"""Practical work for a team that set itself up (not the demo): the lead adds a mentor and a
learner, the learner hands in, the mentor grades, and the team's own matrix moves."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from assessments.practical import (
    grade_hand_in,
    hand_ins_of,
    list_assignments,
    submit_hand_in,
    waiting_for,
)
from assessments.ratings import team_matrix
from assessments.rubrics import CriterionScore, HandInResult
from bootstrap.database import set_up_team
from storage.enums import PersonRole, RaterKind
from storage.roster import PersonIn, add_person
from tests.factories import make_migrated_engine

NOW = datetime(2026, 12, 5, 10, tzinfo=UTC)


def test_a_new_team_hands_in_grades_and_sees_practical_evidence() -> None:
    engine: Engine = make_migrated_engine()
    lead = set_up_team(
        engine,
        team_name="Ranking",
        lead_name="Rosa Lind",
        lead_email="rosa@ranking.example",
        curriculum_dir=None,
        now=NOW,
    )
    with Session(engine) as session:
        mentor = add_person(
            session,
            actor=lead,
            team_id=lead.team_id,
            person=PersonIn("Tariq Osei", "tariq@ranking.example", PersonRole.MENTOR, "Staff"),
            now=NOW,
        )
        learner = add_person(
            session,
            actor=lead,
            team_id=lead.team_id,
            person=PersonIn(
                "Ines Duarte", "ines@ranking.example", PersonRole.LEARNER, "Engineer", mentor.id
            ),
            now=NOW,
        )
        assignments = list_assignments(session)
        assert len(assignments) == 16  # 13 modules' practicals and 3 staged assessments
        first = assignments[0]
        done = submit_hand_in(
            session,
            actor=learner,
            assignment_id=first.id,
            text="Ten queries each way; the table is attached.",
            link=None,
            files=[("table.md", b"| query | keyword | semantic |\n")],
            at=NOW,
        )
        assert [w.person_name for w in waiting_for(session, actor=mentor)] == ["Ines Duarte"]
        graded = grade_hand_in(
            session,
            actor=mentor,
            hand_in_id=done.hand_in_id,
            scores={c.key: CriterionScore(3) for c in first.criteria},
            result=HandInResult.PASS,
            comment="Clear.",
            at=NOW,
        )
        assert graded.evidence_for  # the module's competencies in the team's own framework
        matrix = team_matrix(session, actor=lead, team_id=lead.team_id)
        proven = {
            key
            for (person_id, key), cell in matrix.cells.items()
            if person_id == learner.id and cell.resolved.source == RaterKind.PRACTICAL
        }
        assert proven and len(proven) == len(graded.evidence_for)
        rows = hand_ins_of(session, actor=learner, person_id=learner.id)
        assert rows[0].status.value == "passed"
