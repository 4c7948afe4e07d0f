"""The default curriculum loads; each kind of YAML mistake is refused, naming where it is."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from curriculum.loader import (
    Curriculum,
    CurriculumError,
    CurriculumProblem,
    load_curriculum,
)
from storage.uploads import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB
from tests.factories import make_curriculum_copy

MODULE = "vector-search-fundamentals"  # the module most cases break


# --- the default curriculum -------------------------------------------------------------


def test_default_curriculum_has_four_levels(curriculum: Curriculum) -> None:
    assert curriculum.title == "Vector databases for teams"
    assert [(level.number, level.name) for level in curriculum.levels] == [
        (1, "Foundation"),
        (2, "Technical Implementation"),
        (3, "Advanced Applications"),
        (4, "Leadership & Mentoring"),
    ]


def test_default_curriculum_has_full_modules(curriculum: Curriculum) -> None:
    assert len(curriculum.modules) >= 10
    for module in curriculum.modules:
        assert len(module.quiz) >= 5, module.key
        assert len(module.cards) >= 5, module.key
        assert module.objectives and module.topics and module.exercises, module.key
        assert module.assessment_criteria and module.competencies, module.key
        assert module.hours > 0, module.key
    # Every level has modules, and the modules come in level order.
    assert {module.level for module in curriculum.modules} == {1, 2, 3, 4}
    levels = [module.level for module in curriculum.modules]
    assert levels == sorted(levels)


def test_every_module_names_its_file(curriculum: Curriculum) -> None:
    assert set(curriculum.module_files) == {module.key for module in curriculum.modules}
    for name in curriculum.module_files.values():
        assert name.startswith("modules/") and name.endswith(".yaml")


def test_default_curriculum_has_twelve_competencies_in_three_groups(
    curriculum: Curriculum,
) -> None:
    assert len(curriculum.competencies) == 12
    assert len({c.key for c in curriculum.competencies}) == 12
    groups = Counter(c.group for c in curriculum.competencies)
    assert set(groups) == {"technical", "business", "leadership"}
    for competency in curriculum.competencies:
        assert sorted(competency.descriptors) == [1, 2, 3, 4], competency.key


def test_default_tracks_have_the_seed_lengths(curriculum: Curriculum) -> None:
    tracks = {track.key: track for track in curriculum.tracks}
    assert {key: track.weeks for key, track in tracks.items()} == {
        "fast": 4,
        "standard": 6,
        "foundation": 8,
        "leadership": 4,
    }
    assert tracks["leadership"].mentoring_weeks > 0
    assert all(tracks[key].mentoring_weeks == 0 for key in ("fast", "standard", "foundation"))
    modules = {module.key for module in curriculum.modules}
    for track in curriculum.tracks:
        for item in track.modules:
            assert item.module in modules
            assert 1 <= item.start_week <= item.end_week <= track.weeks


def test_every_module_is_on_some_track(curriculum: Curriculum) -> None:
    on_tracks = {item.module for track in curriculum.tracks for item in track.modules}
    assert on_tracks == {module.key for module in curriculum.modules}


# --- broken copies ----------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_curriculum_copy(target=tmp_path)


def _module_file(folder: Path, key: str) -> Path:
    for path in sorted((folder / "modules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["key"] == key:
            return path
    raise AssertionError(f"no module file with key {key}")


def _edit(path: Path, change: Callable[[Any], None]) -> str:
    """Apply `change` to a YAML file's data; return the file's name as problems show it."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path.name if path.parent.name != "modules" else f"modules/{path.name}"


def _problems(folder: Path) -> list[CurriculumProblem]:
    with pytest.raises(CurriculumError) as error:
        load_curriculum(folder)
    assert error.value.problems, "a refused curriculum says why"
    # The message a person reads lists each problem.
    for problem in error.value.problems:
        assert str(problem) in str(error.value)
    return error.value.problems


def _only(problems: list[CurriculumProblem], file: str | None = None) -> CurriculumProblem:
    """The one problem, or the one in `file`: when a module file cannot be read at all its key is
    unknown, so the tracks that list it also report that module as unknown."""
    if file is not None:
        problems = [problem for problem in problems if problem.file == file]
    assert len(problems) == 1, problems
    return problems[0]


def test_unchanged_copy_loads(folder: Path, curriculum: Curriculum) -> None:
    copy = load_curriculum(folder)
    assert [m.key for m in copy.modules] == [m.key for m in curriculum.modules]


def test_invalid_yaml_syntax(folder: Path) -> None:
    path = _module_file(folder, MODULE)
    path.write_text(
        path.read_text(encoding="utf-8") + "\nquiz: [unclosed, list\n", encoding="utf-8"
    )
    problem = _only(_problems(folder), f"modules/{path.name}")
    assert problem.field == "(file)"
    assert "line" in problem.message


def test_missing_required_field(folder: Path) -> None:
    name = _edit(_module_file(folder, MODULE), lambda data: data.pop("hours"))
    problem = _only(_problems(folder))
    assert (problem.file, problem.module, problem.field) == (name, MODULE, "hours")
    assert "required" in problem.message.lower()
    assert f"module '{MODULE}'" in str(problem)


def test_unknown_competency(folder: Path) -> None:
    name = _edit(
        _module_file(folder, MODULE), lambda data: data["competencies"].append("telepathy")
    )
    problem = _only(_problems(folder))
    assert (problem.file, problem.module, problem.field) == (name, MODULE, "competencies")
    assert "telepathy" in problem.message


def test_quiz_answer_out_of_range(folder: Path) -> None:
    def break_answer(data: Any) -> None:
        data["quiz"][0]["answer"] = len(data["quiz"][0]["choices"])

    name = _edit(_module_file(folder, MODULE), break_answer)
    problem = _only(_problems(folder))
    assert (problem.file, problem.module, problem.field) == (name, MODULE, "quiz.0.answer")
    assert "not an index" in problem.message


def test_unknown_field_is_refused(folder: Path) -> None:
    name = _edit(_module_file(folder, MODULE), lambda data: data.update(hourz=3))
    problem = _only(_problems(folder))
    assert (problem.file, problem.module, problem.field) == (name, MODULE, "hourz")


def test_undefined_level(folder: Path) -> None:
    name = _edit(_module_file(folder, MODULE), lambda data: data.update(level=7))
    problem = _only(_problems(folder))
    assert (problem.file, problem.module, problem.field) == (name, MODULE, "level")
    assert "level 7" in problem.message


def _track_index(folder: Path, key: str) -> int:
    data = yaml.safe_load((folder / "curriculum.yaml").read_text(encoding="utf-8"))
    return next(i for i, track in enumerate(data["tracks"]) if track["key"] == key)


def _track(data: Any, key: str) -> Any:
    return next(track for track in data["tracks"] if track["key"] == key)


def test_track_naming_an_unknown_module(folder: Path) -> None:
    index = _track_index(folder, "fast")
    _edit(
        folder / "curriculum.yaml",
        lambda data: _track(data, "fast")["modules"].append(
            {"module": "quantum-search", "start_week": 1, "end_week": 1}
        ),
    )
    problem = _only(_problems(folder))
    assert problem.file == "curriculum.yaml"
    assert problem.field == f"tracks.{index}.modules"
    assert "quantum-search" in problem.message


def test_track_module_outside_the_tracks_weeks(folder: Path) -> None:
    index = _track_index(folder, "foundation")

    def stretch(data: Any) -> None:
        _track(data, "foundation")["modules"][-1]["end_week"] = 9

    _edit(folder / "curriculum.yaml", stretch)
    problem = _only(_problems(folder))
    assert problem.file == "curriculum.yaml"
    assert problem.field == f"tracks.{index}.modules"
    assert "hybrid-search" in problem.message
    assert "8 weeks" in problem.message


def test_track_module_ending_before_it_starts(folder: Path) -> None:
    def reverse(data: Any) -> None:
        item = _track(data, "standard")["modules"][3]
        item["start_week"], item["end_week"] = 3, 2

    _edit(folder / "curriculum.yaml", reverse)
    problem = _only(_problems(folder))
    assert problem.file == "curriculum.yaml"
    assert "index-families" in problem.message


def test_duplicate_module_key(folder: Path) -> None:
    original = _module_file(folder, MODULE)
    duplicate = folder / "modules" / "zz-copy-of-fundamentals.yaml"
    duplicate.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    problem = _only(_problems(folder))
    assert (problem.file, problem.module, problem.field) == (
        "modules/zz-copy-of-fundamentals.yaml",
        MODULE,
        "key",
    )
    assert f"modules/{original.name}" in problem.message


def test_empty_modules_folder(folder: Path) -> None:
    for path in (folder / "modules").glob("*.yaml"):
        path.unlink()
    problems = _problems(folder)
    assert CurriculumProblem("modules/", None, "(folder)", "no module files found") in problems
    # The tracks now point at nothing, and that is said too.
    assert any("unknown module" in p.message for p in problems)


def test_missing_competencies_file(folder: Path) -> None:
    (folder / "competencies.yaml").unlink()
    problems = _problems(folder)
    assert CurriculumProblem("competencies.yaml", None, "(file)", "file is missing") in problems


def test_empty_module_file(folder: Path) -> None:
    path = _module_file(folder, MODULE)
    path.write_text("", encoding="utf-8")
    problem = _only(_problems(folder), f"modules/{path.name}")
    assert problem.field == "(file)"


def test_every_problem_is_reported_at_once(folder: Path) -> None:
    first = _edit(_module_file(folder, MODULE), lambda data: data.pop("title"))
    second = _edit(
        _module_file(folder, "rag-systems"), lambda data: data["competencies"].append("nope")
    )
    problems = _problems(folder)
    assert {(p.file, p.field) for p in problems} == {(first, "title"), (second, "competencies")}


def test_a_yaml_alias_in_a_module_file_is_refused_naming_the_file(folder: Path) -> None:
    path = _module_file(folder, MODULE)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("\nhours:", "\nlaughs: &a [lol, lol]\nmore: [*a, *a]\nhours:", 1),
        encoding="utf-8",
    )
    problem = _only(_problems(folder), f"modules/{path.name}")
    assert problem.field == "(file)"
    assert problem.message.startswith("aliases and anchors (*name, &name) are not allowed at line")


def test_a_curriculum_file_over_the_upload_limit_is_refused_unread(folder: Path) -> None:
    path = _module_file(folder, MODULE)
    with path.open("a", encoding="utf-8") as file:
        file.write("# padding\n" * (MAX_UPLOAD_BYTES // 10 + 1))
    problem = _only(_problems(folder), f"modules/{path.name}")
    assert problem.field == "(file)"
    assert f"files of at most {MAX_UPLOAD_MB} MB can be read" in problem.message


# --- the course's mentoring material ----------------------------------------------------


def test_the_built_in_course_brings_its_capstones_and_guidance(curriculum: Curriculum) -> None:
    assert len(curriculum.mentoring.capstones) == 6
    assert curriculum.mentoring.guidance is not None
    assert [p.key for p in curriculum.mentoring.guidance.problems] == [
        "connection",
        "embedding_quality",
        "performance",
    ]


def test_a_capstone_working_on_an_unknown_competency_refuses_the_curriculum(
    folder: Path,
) -> None:
    _edit(folder / "capstones.yaml", lambda data: data["projects"][2]["competencies"].append("x"))
    problem = _only(_problems(folder))
    assert (problem.file, problem.field) == ("capstones.yaml", "projects.2.competencies")
    assert "unknown competency 'x'" in problem.message


def test_guidance_without_a_level_names_the_file_and_field(folder: Path) -> None:
    _edit(folder / "guidance.yaml", lambda data: data["problems"][0].pop("advanced"))
    problem = _only(_problems(folder))
    assert (problem.file, problem.field) == ("guidance.yaml", "problems.0.advanced")


def test_a_course_without_capstones_or_guidance_loads_with_none(folder: Path) -> None:
    (folder / "capstones.yaml").unlink()
    (folder / "guidance.yaml").unlink()
    loaded = load_curriculum(folder)
    assert loaded.mentoring.capstones == () and loaded.mentoring.guidance is None


def _practical(criteria: int = 3, scores: tuple[int, ...] = (1, 2, 3, 4)) -> dict[str, Any]:
    return {
        "key": "side-by-side",
        "title": "Keyword and semantic search side by side",
        "brief": "Run ten queries both ways and hand in the table with a short note.",
        "evidence_level": 1,
        "rubric": [
            {
                "key": f"criterion-{number}",
                "criterion": f"Criterion {number}",
                "levels": {score: f"What score {score} looks like." for score in scores},
            }
            for number in range(1, criteria + 1)
        ],
    }


def test_a_module_practical_with_a_rubric_loads(folder: Path) -> None:
    _edit(_module_file(folder, MODULE), lambda data: data.update(practical=_practical()))
    module = next(m for m in load_curriculum(folder).modules if m.key == MODULE)
    assert module.practical is not None
    assert [c.key for c in module.practical.rubric] == [f"criterion-{n}" for n in (1, 2, 3)]


@pytest.mark.parametrize(
    ("practical", "field", "words"),
    [
        (_practical(criteria=2), "practical.rubric", "at least 3"),
        (_practical(criteria=6), "practical.rubric", "at most 5"),
        (
            {
                **_practical(),
                "rubric": _practical(scores=(1, 2, 3))["rubric"][:1] + _practical()["rubric"][1:],
            },
            "practical.rubric.0.levels",
            "each score 1, 2, 3 and 4",
        ),
        ({**_practical(), "evidence_level": 5}, "practical.evidence_level", "less than or equal"),
    ],
)
def test_a_rubric_without_three_to_five_fully_described_criteria_is_refused(
    folder: Path, practical: dict[str, Any], field: str, words: str
) -> None:
    name = _edit(_module_file(folder, MODULE), lambda data: data.update(practical=practical))
    problem = _only(_problems(folder))
    assert (problem.file, problem.module, problem.field) == (name, MODULE, field)
    assert words in problem.message


def test_a_staged_assessment_naming_an_unknown_level_or_competency_is_refused(
    folder: Path,
) -> None:
    staged = {**_practical(), "key": "implementation", "level": 9, "competencies": ["telepathy"]}
    _edit(folder / "curriculum.yaml", lambda data: data.update(practical_assessments=[staged]))
    fields = {(p.field, p.message) for p in _problems(folder)}
    assert fields == {
        ("practical_assessments.0.level", "level 9 is not defined"),
        ("practical_assessments.0.competencies", "unknown competency 'telepathy'"),
    }
