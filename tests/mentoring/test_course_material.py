"""The capstones and guidance a mentor sees are those of the course the team teaches."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session

from curriculum.loader import DEFAULT_CURRICULUM_DIR, CurriculumError
from mentoring.course_material import capstone_catalog, guidance_book
from storage.settings import get_settings


@pytest.fixture
def own_course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the built-in course that the settings name as the team's own."""
    folder = tmp_path / "course"
    shutil.copytree(DEFAULT_CURRICULUM_DIR, folder)
    monkeypatch.setenv("PROFICIO_CURRICULUM_DIR", str(folder))
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


def test_a_team_teaching_its_own_course_sees_its_own_capstones(
    session: Session, own_course: Path
) -> None:
    path = own_course / "capstones.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["projects"] = [dict(data["projects"][0], key="kubernetes-lab", title="A cluster lab")]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    [project] = capstone_catalog(session)
    assert (project.key, project.title, project.weeks) == ("kubernetes-lab", "A cluster lab", 3)


def test_a_course_without_capstones_or_guidance_has_none(
    session: Session, own_course: Path
) -> None:
    (own_course / "capstones.yaml").unlink()
    (own_course / "guidance.yaml").unlink()
    assert capstone_catalog(session) == ()
    assert guidance_book(session).topics == ()


def test_a_broken_guidance_file_says_which_field(session: Session, own_course: Path) -> None:
    path = own_course / "guidance.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["styles"]["advanced"]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(
        CurriculumError, match=r"guidance.yaml, field 'styles': .*no style for advanced"
    ):
        guidance_book(session)
