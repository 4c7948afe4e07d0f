"""The matrix's read model: `Rating.decides` marks exactly the ratings the level rules read,
whatever order ratings arrive in (backdated ones included), and nothing adds a rating any
other way than `append_ratings`."""

from __future__ import annotations

import ast
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from assessments.ratings import append_ratings
from assessments.rules import OFFICIAL_KINDS, PROVEN_KINDS
from storage.enums import RaterKind
from storage.migrate import current_revision, head_revision, upgrade
from storage.models import Rating
from tests.factories import make_competency, make_person, make_team
from tests.storage.test_migrate import _upgrade_to, unmigrated_engine  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2024, 1, 1, 9, tzinfo=UTC)


def _deciding_by_the_rule(ratings: list[Rating]) -> set[int]:
    """The rule, written plainly: in each cell, the latest rating of each kind (by time, then
    id); every proven rating; every official rating whose level differs from the official one
    before it (the first official one included)."""
    cells: dict[tuple[int, int], list[Rating]] = {}
    for r in ratings:
        cells.setdefault((r.person_id, r.competency_id), []).append(r)
    deciding: set[int] = set()
    for cell in cells.values():
        in_order = sorted(cell, key=lambda r: (r.created_at, r.id or 0))
        latest = {r.rater_kind: r.id for r in in_order}
        deciding |= {i for i in latest.values() if i is not None}
        deciding |= {r.id or 0 for r in in_order if r.rater_kind in PROVEN_KINDS}
        previous: int | None = None
        for r in (r for r in in_order if r.rater_kind in OFFICIAL_KINDS):
            if previous is None or r.level != previous:
                deciding.add(r.id or 0)
            previous = r.level
    return deciding


def _marked(session: Session) -> set[int]:
    return set(session.exec(select(Rating.id).where(col(Rating.decides))).all())  # type: ignore[arg-type]


def test_the_marks_follow_the_rule_as_ratings_arrive_in_any_order(session: Session) -> None:
    rng = random.Random(21)
    team = make_team(session=session)
    people = [make_person(session=session, team=team) for _ in range(2)]
    competencies = [make_competency(session=session, key=f"skill-{n}", team=team) for n in range(3)]
    for step in range(80):
        batch = [
            Rating(
                person_id=rng.choice(people).id or 0,
                competency_id=rng.choice(competencies).id or 0,
                level=rng.randint(0, 4),
                rater_kind=rng.choice(list(RaterKind)),
                # Mostly forward in time, sometimes backdated, sometimes at the same moment.
                created_at=START + timedelta(days=rng.choice([step, step, rng.randint(0, step)])),
            )
            for _ in range(rng.choice([1, 1, 3]))
        ]
        append_ratings(session, batch)
        every = list(session.exec(select(Rating)).all())
        assert _marked(session) == _deciding_by_the_rule(every), f"after step {step}"


def test_0019_marks_the_ratings_already_there_by_the_same_rule(
    unmigrated_engine: Engine,  # noqa: F811
) -> None:
    engine = unmigrated_engine
    _upgrade_to(engine, "0018")
    rng = random.Random(5)
    official, proven = ("mentor", "lead", "self", "peer"), ("quiz", "practical")
    with engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO team (id, name, created_at) VALUES (1, 'Search', :t)"),
            {"t": START},
        )
        connection.execute(
            sa.text(
                "INSERT INTO person (id, team_id, name, email, role, job_role, joined_on, "
                "active, is_admin) VALUES (7, 1, 'Grace', 'grace@example.org', 'learner', "
                "'Engineer', '2026-01-05', true, false)"
            )
        )
        for cid in (1, 2):
            connection.execute(
                sa.text(
                    'INSERT INTO competency (id, team_id, key, name, "group", description, '
                    "position) VALUES (:id, 1, :key, 'Skill', 'technical', '', 0)"
                ),
                {"id": cid, "key": f"skill-{cid}"},
            )
        for n in range(1, 41):
            connection.execute(
                sa.text(
                    "INSERT INTO rating (id, person_id, competency_id, level, rater_kind, note, "
                    "created_at) VALUES (:id, 7, :c, :level, :kind, '', :t)"
                ),
                {
                    "id": n,
                    "c": rng.choice((1, 2)),
                    "level": rng.randint(0, 4),
                    "kind": rng.choice(official + proven),
                    "t": START + timedelta(days=rng.randint(0, 30)),
                },
            )
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with Session(engine) as session:
        assert _marked(session) == _deciding_by_the_rule(list(session.exec(select(Rating))))


def _calls(node: ast.AST, name: str) -> list[ast.Call]:
    return [
        n for n in ast.walk(node) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == name
    ]


def test_ratings_are_added_only_through_append_ratings() -> None:
    """A rating made anywhere else in the app would be missing from the matrix."""
    made_elsewhere = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        if path.relative_to(ROOT).parts[0] in {"tests", ".venv", "bench"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        handed_on = {id(r) for a in _calls(tree, "append_ratings") for r in _calls(a, "Rating")}
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            made = [r for r in _calls(function, "Rating") if id(r) not in handed_on]
            # add_rating checks its rating first, then hands it to append_ratings by name.
            if made and not (function.name == "add_rating" and _calls(function, "append_ratings")):
                made_elsewhere.append(f"{path.relative_to(ROOT)}: {function.name}")
    assert made_elsewhere == []
