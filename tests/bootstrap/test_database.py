"""Getting a database ready: keeping a working curriculum when the YAML folder breaks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bootstrap.database import prepare_database
from bootstrap.demo.sharing import SECOND_TEAM
from curriculum.catalog import sync_curriculum
from curriculum.loader import Curriculum, CurriculumError
from storage.models import Module, Person, Team
from tests.conftest import TODAY
from tests.factories import make_curriculum_copy, make_migrated_engine, make_team


@pytest.fixture
def existing_database(curriculum: Curriculum) -> Iterator[Engine]:
    """A database in use: curriculum loaded and a team, no demo."""
    engine = make_migrated_engine()
    with Session(engine) as session:
        sync_curriculum(session, curriculum)
        make_team(session=session, name="Our team")
        session.commit()
    yield engine
    engine.dispose()


def _module_titles(engine: Engine) -> dict[str, str]:
    with Session(engine) as session:
        return {m.key: m.title for m in session.exec(select(Module)).all()}


def _retitle_and_break(folder: Path) -> None:
    """Rename one module (a valid change) and break another in the same folder."""
    first = folder / "modules" / sorted(p.name for p in (folder / "modules").glob("*.yaml"))[0]
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    data["title"] = "Renamed in the YAML"
    data["competencies"].append("mind-reading")
    first.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_broken_curriculum_keeps_the_previous_one(
    existing_database: Engine, tmp_path: Path
) -> None:
    before = _module_titles(existing_database)
    folder = make_curriculum_copy(target=tmp_path)
    _retitle_and_break(folder)
    report = prepare_database(existing_database, today=TODAY, demo=True, curriculum_dir=folder)
    assert not report.seeded_demo
    assert isinstance(report.curriculum_problems, CurriculumError)
    [problem] = report.curriculum_problems.problems
    assert problem.field == "competencies"
    assert "mind-reading" in problem.message
    # Nothing of the refused folder got in, not even its valid change.
    assert _module_titles(existing_database) == before
    assert "Renamed in the YAML" not in before.values()
    with Session(existing_database) as session:
        assert session.exec(select(Team.name)).all() == ["Our team"]


def test_fixed_curriculum_is_synced_on_the_next_start(
    existing_database: Engine, tmp_path: Path
) -> None:
    folder = make_curriculum_copy(target=tmp_path)
    first = folder / "modules" / sorted(p.name for p in (folder / "modules").glob("*.yaml"))[0]
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    data["title"] = "Renamed in the YAML"
    first.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = prepare_database(existing_database, today=TODAY, demo=True, curriculum_dir=folder)
    assert report.curriculum_problems is None
    assert not report.seeded_demo
    assert _module_titles(existing_database)[data["key"]] == "Renamed in the YAML"


def test_broken_curriculum_on_an_empty_database_is_fatal(tmp_path: Path) -> None:
    folder = make_curriculum_copy(target=tmp_path)
    _retitle_and_break(folder)
    engine = make_migrated_engine()
    with pytest.raises(CurriculumError, match="mind-reading"):
        prepare_database(engine, today=TODAY, demo=True, curriculum_dir=folder)
    with Session(engine) as session:
        assert session.exec(select(Team)).all() == []
        assert session.exec(select(Module)).all() == []
    engine.dispose()


def test_prepare_database_seeds_an_empty_database_once(tmp_path: Path) -> None:
    engine = make_migrated_engine(url=f"sqlite:///{tmp_path / 'proficio.db'}")
    first = prepare_database(engine, today=TODAY, demo=True)
    second = prepare_database(engine, today=TODAY, demo=True)
    assert (first.seeded_demo, second.seeded_demo) == (True, False)
    assert second.curriculum_problems is None
    with Session(engine) as session:
        # The demo team and the small second team its community of practice spans.
        assert len(session.exec(select(Person)).all()) == 12 + len(SECOND_TEAM)
        assert len(session.exec(select(Team)).all()) == 2
    engine.dispose()
