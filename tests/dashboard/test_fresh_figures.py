"""A write made on any page shows at once in the team's cached figures: the app's one unit of
work clears them whenever it wrote, so no page can forget to; a unit that only reads keeps
them."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import streamlit as st

from assessments.ratings import add_rating
from dashboard import resources
from storage.enums import RaterKind
from storage.models import utc_now
from storage.people import PersonRef, list_people
from storage.settings import get_settings
from storage.transfer import backup_sqlite

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


def _forget_app_caches() -> None:
    get_settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def private_demo(
    demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The app's resources aimed at a private copy of the demo database."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    backup_sqlite(f"sqlite:///{demo_template}", data_dir / "proficio.db")
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(data_dir))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    _forget_app_caches()
    yield data_dir
    _forget_app_caches()


def _people() -> dict[str, PersonRef]:
    with resources.session(writes=False) as session:
        return {person.name: person for person in list_people(session)}


def test_a_rating_saved_anywhere_shows_at_once_in_the_leads_matrix(private_demo: Path) -> None:
    people = _people()
    lead, mentor, learner = people["Priya Raman"], people["Grace Okafor"], people["Aisha Khan"]
    today = date.today()
    matrix, _ = resources.matrix_figures(lead, today)
    key = matrix.competencies[0].key
    before = matrix.cells[(learner.id, key)].resolved.level
    new_level = 4 if before != 4 else 0

    # What the assessments, quiz and reviews pages do: a service call in `resources.session`,
    # without any call to clear a cache.
    with resources.session() as session:
        add_rating(
            session,
            actor=mentor,
            person_id=learner.id,
            competency_key=key,
            level=new_level,
            rater_kind=RaterKind.MENTOR,
            created_at=utc_now(),
        )

    matrix_after, _ = resources.matrix_figures(lead, today)
    assert matrix_after.cells[(learner.id, key)].resolved.level == new_level


def test_a_unit_of_work_that_only_reads_keeps_the_cached_figures(private_demo: Path) -> None:
    lead = _people()["Priya Raman"]
    first = resources.matrix_figures(lead, date.today())
    with resources.session() as session:
        list_people(session)
    assert resources.matrix_figures(lead, date.today()) is first


def test_no_page_opens_a_database_session_of_its_own() -> None:
    """Pages and components write only through `resources.session` (directly or through
    `saving.save`), the unit of work that clears the cached figures."""
    offenders = []
    for path in DASHBOARD.rglob("*.py"):
        if path.name == "resources.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            called = node.func
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            if name in {"Session", "session_scope", "make_engine", "commit"}:
                offenders.append(f"{path.relative_to(DASHBOARD)}:{node.lineno} calls {name}")
    assert offenders == []
