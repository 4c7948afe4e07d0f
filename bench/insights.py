"""The lead's Home and Training impact at demo scale and for a team of 200 with history.

    python -m bench.insights [--repeat N]

Grows the large team of `bench.matrix` (200 people × 40 competencies × 20 ratings each) with
six months of activity, quiz attempts, reviews and card schedules, then times the read models
(`team_home`, `training_impact`) and both pages under AppTest, as medians, beside an empty page.
"""

from __future__ import annotations

import argparse
import random
import statistics
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import streamlit as st
from sqlalchemy import insert
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from bench.harness import APP, empty_page, quiet_streamlit, samples_s, seeded_demo
from bench.matrix import LARGE_PEOPLE, _grow
from insights.impact import training_impact
from insights.team_home import team_home
from storage.engine import make_engine
from storage.models import (
    ActivityLog,
    CardSchedule,
    Enrollment,
    Module,
    Person,
    PersonRole,
    QuizAttempt,
    ReviewCard,
    ReviewLog,
    Track,
)
from storage.people import get_person

ACTIVITIES_PER_PERSON = 60
QUIZZES_PER_PERSON = 10
REVIEWS_PER_PERSON = 150
HISTORY_DAYS = 180


def _add_history(data_dir: Path, lead_id: int) -> None:
    """Give every member of the large team a track, activity, quizzes, reviews and schedules."""
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    rng = random.Random(2)
    today = date.today()
    with Session(engine) as session:
        team_id = session.get(Person, lead_id).team_id  # type: ignore[union-attr]
        people = session.exec(select(Person.id).where(Person.team_id == team_id)).all()
        modules = session.exec(select(Module.id)).all()
        cards = session.exec(select(ReviewCard.id)).all()
        track = session.exec(select(Track)).first()
        assert track is not None
        now = datetime.now(UTC)
        session.execute(
            insert(Enrollment),
            [
                {"person_id": p, "track_id": track.id, "started_on": today - timedelta(days=60)}
                for p in people
            ],
        )
        session.execute(
            insert(ActivityLog),
            [
                {
                    "person_id": p,
                    "module_id": rng.choice(modules),
                    "occurred_on": today - timedelta(days=rng.randrange(HISTORY_DAYS)),
                    "hours": 1.5,
                    "kind": "reading",
                    "stage": "abstract_conceptualisation",
                    "note": "",
                    "percent_after": rng.randrange(101),
                }
                for p in people
                for _ in range(ACTIVITIES_PER_PERSON)
            ],
        )
        session.execute(
            insert(QuizAttempt),
            [
                {
                    "person_id": p,
                    "module_id": rng.choice(modules),
                    "answers": {},
                    "correct": 4,
                    "total": 5,
                    "passed": rng.random() < 0.8,
                    "created_at": now - timedelta(days=rng.randrange(HISTORY_DAYS)),
                }
                for p in people
                for _ in range(QUIZZES_PER_PERSON)
            ],
        )
        session.execute(
            insert(ReviewLog),
            [
                {
                    "person_id": p,
                    "card_id": rng.choice(cards),
                    "rating": rng.choice((1, 3, 3, 3, 4)),
                    "reviewed_at": now - timedelta(days=rng.randrange(HISTORY_DAYS)),
                    "scheduler": "fsrs",
                }
                for p in people
                for _ in range(REVIEWS_PER_PERSON)
            ],
        )
        session.execute(
            insert(CardSchedule),
            [
                {
                    "person_id": p,
                    "card_id": c,
                    "due_at": now + timedelta(days=rng.randrange(-20, 30)),
                    "state": {},
                    "scheduler": "ladder",
                }
                for p in people
                for c in cards[:50]
            ],
        )
        session.commit()
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.insights", description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    data_dir, engine = seeded_demo("proficio-bench-insights-")
    with Session(engine) as session:
        demo_lead = session.exec(select(Person).where(Person.role == PersonRole.LEAD)).one().id
    large_lead = _grow(data_dir)
    _add_history(data_dir, large_lead)
    today, now = date.today(), datetime.now(UTC)

    def model(lead_id: int, which: str) -> Callable[[], object]:
        def run() -> object:
            with Session(engine) as session:
                lead = get_person(session, lead_id)
                if which == "home":
                    return team_home(session, actor=lead, today=today, now=now)
                return training_impact(session, actor=lead, today=today)

        return run

    def page(lead_id: int, switch_to: str | None, *, cold: bool = False) -> Callable[[], object]:
        def run() -> object:
            if cold:  # as after a save, or when the cached figures expired
                st.cache_data.clear()
            at = AppTest.from_file(APP, default_timeout=120)
            at.session_state["viewer_id"] = lead_id
            at.run()
            if switch_to:
                at.switch_page(switch_to).run()
            assert not at.exception, at.exception
            return at

        return run

    empty_page()
    quiet_streamlit()
    baseline = statistics.median(samples_s(empty_page, args.repeat))
    large = f"{LARGE_PEOPLE} people"
    runs = [
        ("team_home, demo", model(demo_lead or 0, "home")),
        (f"team_home, {large}", model(large_lead, "home")),
        ("training_impact, demo", model(demo_lead or 0, "impact")),
        (f"training_impact, {large}", model(large_lead, "impact")),
        ("Home page, demo", page(demo_lead or 0, None, cold=True)),
        (f"Home page, {large}, figures computed", page(large_lead, None, cold=True)),
        (f"Home page, {large}, figures cached", page(large_lead, None)),
        (
            f"Impact page, {large}, figures computed",
            page(large_lead, "pages/impact_page.py", cold=True),
        ),
        (f"Impact page, {large}, figures cached", page(large_lead, "pages/impact_page.py")),
    ]
    print(f"{'figure':<44}{'median ms':>10}{'x empty':>9}")
    print(f"{'empty page':<44}{baseline * 1000:>10.1f}{1.0:>9.1f}")
    for label, run in runs:
        seconds = statistics.median(samples_s(run, args.repeat))
        print(f"{label:<44}{seconds * 1000:>10.1f}{seconds / baseline:>9.1f}")
    print("(the impact page's figure includes the run of Home before it)")


if __name__ == "__main__":
    main()
