"""Competency matrix at demo scale and at 200 people × 40 competencies × 20 ratings each.

    python -m bench.matrix [--repeat N]

Times the matrix read model (`team_matrix`) and the whole matrix page under AppTest, each as
a median over repeated runs, and prints them beside an empty Streamlit page in this process.
"""

from __future__ import annotations

import argparse
import random
import statistics
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from assessments.ratings import team_matrix
from bench.harness import APP, empty_page, quiet_streamlit, samples_s, seeded_demo
from storage.engine import make_engine
from storage.models import Competency, CompetencyGroup, Person, PersonRole, RaterKind, Rating, Team
from storage.people import get_person

LARGE_PEOPLE = 200
LARGE_COMPETENCIES = 40
RATINGS_PER_PERSON_COMPETENCY = 20
KINDS = (RaterKind.MENTOR, RaterKind.SELF, RaterKind.QUIZ, RaterKind.PEER, RaterKind.LEAD)


def _grow(data_dir: Path) -> int:
    """Add a second team of LARGE_PEOPLE to the demo database, with its own ratings; return
    the id of its lead."""
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    rng = random.Random(1)
    with Session(engine) as session:
        team = Team(name="Large team")
        session.add(team)
        session.flush()
        existing = len(session.exec(select(Competency)).all())
        for n in range(existing, LARGE_COMPETENCIES):
            session.add(
                Competency(
                    key=f"extra-{n}",
                    name=f"Extra skill {n}",
                    position=n,
                    group=list(CompetencyGroup)[n % 3],
                )
            )
        people = [
            Person(
                team_id=team.id or 0,
                name=f"Person {n:03d}",
                email=f"p{n}@large.example",
                role=PersonRole.LEAD if n == 0 else PersonRole.LEARNER,
                job_role=f"Role {n % 8}",
                joined_on=date(2024, 1, 1),
            )
            for n in range(LARGE_PEOPLE)
        ]
        session.add_all(people)
        session.flush()
        competency_ids = [c.id for c in session.exec(select(Competency))]
        start = datetime(2025, 1, 1, tzinfo=UTC)
        rows = [
            {
                "person_id": p.id,
                "competency_id": cid,
                "level": rng.randint(0, 4),
                "rater_kind": KINDS[k % len(KINDS)].value,
                "note": "",
                "created_at": start + timedelta(days=rng.randrange(600)),
            }
            for p in people
            for cid in competency_ids
            for k in range(RATINGS_PER_PERSON_COMPETENCY)
        ]
        session.execute(insert(Rating), rows)
        session.commit()
        lead_id = people[0].id or 0
    engine.dispose()
    return lead_id


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.matrix", description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    data_dir, engine = seeded_demo("proficio-bench-matrix-")
    with Session(engine) as session:
        demo_lead = session.exec(select(Person).where(Person.role == PersonRole.LEAD)).one()
    large_lead = _grow(data_dir)

    def page(viewer_id: int) -> Callable[[], object]:
        def run() -> object:
            at = AppTest.from_file(APP, default_timeout=120)
            at.session_state["viewer_id"] = viewer_id
            at.run()  # a lead lands on Home
            at.switch_page("pages/matrix_page.py").run()
            assert not at.exception, at.exception
            return at

        return run

    def model(lead_id: int) -> Callable[[], object]:
        def run() -> object:
            with Session(engine) as session:
                lead = get_person(session, lead_id)  # the lead sees every row
                return team_matrix(session, actor=lead, team_id=lead.team_id)

        return run

    empty_page()
    quiet_streamlit()
    baseline = statistics.median(samples_s(empty_page, args.repeat))
    figures = [
        ("empty page", baseline),
        (
            "team_matrix, demo (12 × 12)",
            statistics.median(samples_s(model(demo_lead.id or 0), args.repeat)),
        ),
        (
            f"team_matrix, {LARGE_PEOPLE} × {LARGE_COMPETENCIES} × {RATINGS_PER_PERSON_COMPETENCY}",
            statistics.median(samples_s(model(large_lead), args.repeat)),
        ),
        ("matrix page, demo", statistics.median(samples_s(page(demo_lead.id or 0), args.repeat))),
        (
            f"matrix page, {LARGE_PEOPLE} × {LARGE_COMPETENCIES}",
            statistics.median(samples_s(page(large_lead), args.repeat)),
        ),
    ]
    print(f"{'figure':<36}{'median ms':>10}{'x empty':>9}")
    for label, seconds in figures:
        print(f"{label:<36}{seconds * 1000:>10.1f}{seconds / baseline:>9.1f}")
    print("(matrix page figures include the run of Home, where a lead lands, before it)")


if __name__ == "__main__":
    main()
