"""Load and validate curriculum YAML ("curriculum as code").

A curriculum folder holds `curriculum.yaml` (title, levels, tracks), `competencies.yaml`
(the framework) and `modules/*.yaml` (one module a file), and may hold the mentoring material
written for the course: `capstones.yaml` (capstone projects) and `guidance.yaml`
(troubleshooting guidance by the mentee's level). Every problem is reported with the
file, the module and the field; if there is any, nothing is returned and nothing is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from storage.errors import InvalidInput, ProficioError
from storage.strict_yaml import load_yaml
from storage.uploads import check_upload_size

DEFAULT_CURRICULUM_DIR = Path(__file__).parent / "content" / "vector-databases"
KEY_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
RATING_LEVELS = {1: "basic", 2: "intermediate", 3: "advanced", 4: "expert"}
# The widths of the database columns these fields are stored in (storage/models.py).
MODULE_KEY_MAX_CHARS = 80
COMPETENCY_KEY_MAX_CHARS = 80
TRACK_KEY_MAX_CHARS = 40
QUIZ_KEY_MAX_CHARS = 40
CAPSTONE_KEY_MAX_CHARS = 80
CARD_KEY_MAX_CHARS = 39  # stored as "<module key>/<card key>" in 120 characters
NAME_MAX_CHARS = 120
TITLE_MAX_CHARS = 200
MAX_LEVEL_NUMBER = 99
CAPSTONES_FILE = "capstones.yaml"
GUIDANCE_FILE = "guidance.yaml"
MenteeLevel = Literal["beginner", "intermediate", "advanced"]  # capstone and guidance levels


SpecT = TypeVar("SpecT", bound=BaseModel)


def _storable(value: Any, where: str = "") -> None:
    """Refuse text no database column can hold: NUL characters, lone surrogates."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(f"{where}contains a NUL character")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValueError(f"{where}contains characters that are not valid Unicode") from error
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _storable(item, f"item {index} ")
    elif isinstance(value, dict):
        for key, item in value.items():
            _storable(item, f"entry {key} ")


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*")
    @classmethod
    def _text_a_database_can_hold(cls, value: Any) -> Any:
        _storable(value)
        return value


class ExerciseSpec(_Spec):
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)


class QuizQuestionSpec(_Spec):
    key: str = Field(pattern=r"^[A-Za-z0-9_-]+$", max_length=QUIZ_KEY_MAX_CHARS)
    question: str = Field(min_length=1)
    choices: list[str] = Field(min_length=2, max_length=6)
    answer: int = Field(ge=0)
    explanation: str = Field(min_length=1)

    @field_validator("answer")
    @classmethod
    def _answer_in_choices(cls, value: int, info: Any) -> int:
        choices = info.data.get("choices")
        if choices is not None and value >= len(choices):
            raise ValueError(f"answer {value} is not an index into {len(choices)} choices")
        return value


class CardSpec(_Spec):
    key: str = Field(pattern=r"^[A-Za-z0-9_-]+$", max_length=CARD_KEY_MAX_CHARS)
    kind: Literal["conceptual", "procedural", "strategic"]
    front: str = Field(min_length=1)
    back: str = Field(min_length=1)


# A rubric scores each criterion on four levels, each described in the curriculum.
RUBRIC_SCORES = {1: "Not yet", 2: "Developing", 3: "Meets", 4: "Exceeds"}
ASSIGNMENT_KEY_MAX_CHARS = 39  # stored as "<module key>/<assignment key>" in 120 characters


class RubricCriterionSpec(_Spec):
    key: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=40)
    criterion: str = Field(min_length=1, max_length=TITLE_MAX_CHARS)
    levels: dict[int, str]  # what the work shows at each of RUBRIC_SCORES

    @field_validator("levels")
    @classmethod
    def _four_scores(cls, value: dict[int, str]) -> dict[int, str]:
        if sorted(value) != sorted(RUBRIC_SCORES):
            raise ValueError("needs a descriptor for each score 1, 2, 3 and 4")
        if any(not text.strip() for text in value.values()):
            raise ValueError("a score's descriptor is empty")
        return value


class AssignmentSpec(_Spec):
    """Practical work handed in and graded on a rubric: a module's, or a level's staged
    practical assessment (curriculum.yaml `practical_assessments`)."""

    key: str = Field(pattern=KEY_PATTERN, max_length=ASSIGNMENT_KEY_MAX_CHARS)
    title: str = Field(min_length=1, max_length=TITLE_MAX_CHARS)
    brief: str = Field(min_length=1)  # markdown: what to do and what to hand in
    evidence_level: int = Field(ge=1, le=4)  # the competency level a pass is evidence of
    rubric: list[RubricCriterionSpec] = Field(min_length=3, max_length=5)

    @field_validator("rubric")
    @classmethod
    def _distinct_criteria(cls, value: list[RubricCriterionSpec]) -> list[RubricCriterionSpec]:
        twice = sorted(_duplicates([criterion.key for criterion in value]))
        if twice:
            raise ValueError(f"criterion key '{twice[0]}' is used twice")
        return value


class StagedAssessmentSpec(AssignmentSpec):
    level: int = Field(ge=1, le=MAX_LEVEL_NUMBER)  # for learners at this level and later
    competencies: list[str] = Field(min_length=1)  # keys of competencies.yaml


class ModuleSpec(_Spec):
    key: str = Field(pattern=KEY_PATTERN, max_length=MODULE_KEY_MAX_CHARS)
    title: str = Field(min_length=1, max_length=200)
    level: int = Field(ge=1, le=MAX_LEVEL_NUMBER)
    order: int = Field(ge=1)
    hours: float = Field(gt=0, le=200)
    summary: str = Field(min_length=1)
    objectives: list[str] = Field(min_length=1)
    topics: list[str] = Field(min_length=1)
    exercises: list[ExerciseSpec] = Field(min_length=1)
    assessment_criteria: list[str] = Field(min_length=1)
    competencies: list[str] = Field(min_length=1)
    reading: str = ""
    quiz: list[QuizQuestionSpec] = Field(default_factory=list)
    cards: list[CardSpec] = Field(default_factory=list)
    practical: AssignmentSpec | None = None


class LevelSpec(_Spec):
    number: int = Field(ge=1, le=MAX_LEVEL_NUMBER)
    name: str = Field(min_length=1, max_length=NAME_MAX_CHARS)
    description: str = ""


class TrackModuleSpec(_Spec):
    module: str
    start_week: int = Field(ge=1)
    end_week: int = Field(ge=1)


class TrackSpec(_Spec):
    key: str = Field(pattern=KEY_PATTERN, max_length=TRACK_KEY_MAX_CHARS)
    name: str = Field(min_length=1, max_length=NAME_MAX_CHARS)
    weeks: int = Field(ge=1, le=52)
    mentoring_weeks: int = Field(default=0, ge=0, le=52)
    audience: str = ""
    modules: list[TrackModuleSpec] = Field(min_length=1)


class CurriculumFileSpec(_Spec):
    title: str = Field(min_length=1)
    description: str = ""
    levels: list[LevelSpec] = Field(min_length=1)
    tracks: list[TrackSpec] = Field(min_length=1)
    practical_assessments: list[StagedAssessmentSpec] = Field(default_factory=list)


class CompetencySpec(_Spec):
    key: str = Field(pattern=KEY_PATTERN, max_length=COMPETENCY_KEY_MAX_CHARS)
    name: str = Field(min_length=1, max_length=NAME_MAX_CHARS)
    group: Literal["technical", "business", "leadership"]
    description: str = ""
    descriptors: dict[int, str]

    @field_validator("descriptors")
    @classmethod
    def _four_levels(cls, value: dict[int, str]) -> dict[int, str]:
        if sorted(value) != sorted(RATING_LEVELS):
            raise ValueError("needs a descriptor for each of levels 1, 2, 3 and 4")
        return value


class CompetenciesFileSpec(_Spec):
    levels: dict[int, str]
    competencies: list[CompetencySpec] = Field(min_length=1)


class CapstoneSpec(_Spec):
    key: str = Field(pattern=KEY_PATTERN, max_length=CAPSTONE_KEY_MAX_CHARS)
    title: str = Field(min_length=1, max_length=TITLE_MAX_CHARS)
    level: MenteeLevel
    summary: str = Field(min_length=1)
    technologies: list[str] = Field(min_length=1)
    competencies: list[str] = Field(min_length=1)  # keys of competencies.yaml
    checkpoints: list[str] = Field(min_length=1)  # one a week, in order


class CapstonesFileSpec(_Spec):
    projects: list[CapstoneSpec] = Field(min_length=1)


class GuidanceProblemSpec(_Spec):
    key: str = Field(pattern=r"^[a-z0-9_]+$", max_length=CAPSTONE_KEY_MAX_CHARS)
    label: str = Field(min_length=1)
    beginner: list[str] = Field(min_length=1)  # steps to follow
    intermediate: list[str] = Field(min_length=1)  # questions that lead to the cause
    advanced: list[str] = Field(min_length=1)  # trade-offs to weigh


class GuidanceFileSpec(_Spec):
    styles: dict[MenteeLevel, str]  # how to use each level's points
    problems: list[GuidanceProblemSpec] = Field(min_length=1)

    @field_validator("styles")
    @classmethod
    def _every_level(cls, value: dict[str, str]) -> dict[str, str]:
        missing = [level for level in get_args(MenteeLevel) if level not in value]
        if missing:
            raise ValueError(f"no style for {', '.join(missing)}")
        return value


@dataclass(frozen=True)
class MentoringMaterial:
    """The course's capstone projects and guidance; empty when the folder has none."""

    capstones: tuple[CapstoneSpec, ...] = ()
    guidance: GuidanceFileSpec | None = None


@dataclass(frozen=True)
class CurriculumProblem:
    file: str
    module: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.module:
            where += f", module '{self.module}'"
        return f"{where}, field '{self.field}': {self.message}"


@dataclass(frozen=True)
class Curriculum:
    """A validated curriculum, ready to be synchronised into the database."""

    title: str
    description: str
    levels: list[LevelSpec]
    tracks: list[TrackSpec]
    competencies: list[CompetencySpec]
    modules: list[ModuleSpec]
    module_files: dict[str, str]
    # Problems that do not stop the curriculum loading, for its authors to fix.
    warnings: tuple[CurriculumProblem, ...] = ()
    mentoring: MentoringMaterial = MentoringMaterial()
    # Practical assessments for learners at a level and later, beside the modules' own.
    practical_assessments: tuple[StagedAssessmentSpec, ...] = ()


class CurriculumError(ProficioError):
    """The curriculum folder has problems; `problems` names each one's file, module and field."""

    def __init__(self, problems: list[CurriculumProblem]) -> None:
        self.problems = problems
        lines = "\n".join(f"- {p}" for p in problems)
        super().__init__(f"The curriculum has {len(problems)} problem(s):\n{lines}")


_UNREADABLE = object()


def _read_yaml(path: Path, name: str, problems: list[CurriculumProblem]) -> Any:
    """The parsed file, or _UNREADABLE after recording why it could not be read."""
    try:
        check_upload_size("the file", path.stat().st_size)
        return load_yaml(path.read_text(encoding="utf-8"))
    except InvalidInput as error:
        problems.append(CurriculumProblem(name, None, "(file)", str(error)))
    except FileNotFoundError:
        problems.append(CurriculumProblem(name, None, "(file)", "file is missing"))
    except OSError as error:
        problems.append(CurriculumProblem(name, None, "(file)", f"cannot be read ({error})"))
    except UnicodeDecodeError:
        problems.append(CurriculumProblem(name, None, "(file)", "file is not UTF-8 text"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error) or "invalid YAML"
        problems.append(CurriculumProblem(name, None, "(file)", f"{problem}{at}"))
    return _UNREADABLE


def _validate(
    spec: type[SpecT],
    data: Any,
    file: str,
    module: str | None,
    problems: list[CurriculumProblem],
) -> SpecT | None:
    if data is _UNREADABLE:
        return None  # _read_yaml has already said why
    if not isinstance(data, dict):
        problems.append(CurriculumProblem(file, module, "(file)", "expected a mapping of fields"))
        return None
    try:
        return spec.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            field = ".".join(str(part) for part in item["loc"]) or "(file)"
            problems.append(CurriculumProblem(file, module, field, item["msg"]))
        return None


def load_curriculum(folder: Path = DEFAULT_CURRICULUM_DIR) -> Curriculum:
    """Read and validate a curriculum folder; raise CurriculumError listing every problem."""
    problems: list[CurriculumProblem] = []
    main = _validate(
        CurriculumFileSpec,
        _read_yaml(folder / "curriculum.yaml", "curriculum.yaml", problems),
        "curriculum.yaml",
        None,
        problems,
    )
    framework = _validate(
        CompetenciesFileSpec,
        _read_yaml(folder / "competencies.yaml", "competencies.yaml", problems),
        "competencies.yaml",
        None,
        problems,
    )
    modules: list[ModuleSpec] = []
    module_files: dict[str, str] = {}
    broken: set[str] = set()
    module_paths = sorted((folder / "modules").glob("*.yaml"))
    if not module_paths:
        problems.append(CurriculumProblem("modules/", None, "(folder)", "no module files found"))
    for path in module_paths:
        name = f"modules/{path.name}"
        data = _read_yaml(path, name, problems)
        key = data.get("key") if isinstance(data, dict) else None
        module = _validate(ModuleSpec, data, name, key if isinstance(key, str) else None, problems)
        if module is None:
            if isinstance(key, str):
                broken.add(key)  # its own problems are reported; tracks naming it are fine
            continue
        if module.key in module_files:
            problems.append(
                CurriculumProblem(
                    name, module.key, "key", f"also used by {module_files[module.key]}"
                )
            )
            continue
        modules.append(module)
        module_files[module.key] = name
    if main is not None and framework is not None:
        problems.extend(_cross_check(main, framework, modules, module_files, broken))
    mentoring = _read_mentoring_material(folder, problems)
    if framework is not None:
        known = {competency.key for competency in framework.competencies}
        for index, project in enumerate(mentoring.capstones):
            problems.extend(
                CurriculumProblem(
                    CAPSTONES_FILE,
                    None,
                    f"projects.{index}.competencies",
                    f"unknown competency '{key}'",
                )
                for key in project.competencies
                if key not in known
            )
    if problems or main is None or framework is None:
        raise CurriculumError(problems)
    return Curriculum(
        title=main.title,
        description=main.description,
        levels=sorted(main.levels, key=lambda level: level.number),
        tracks=main.tracks,
        competencies=framework.competencies,
        modules=sorted(modules, key=lambda module: (module.level, module.order)),
        module_files=module_files,
        warnings=tuple(quiz_length_warnings(modules, module_files)),
        mentoring=mentoring,
        practical_assessments=tuple(main.practical_assessments),
    )


def _read_mentoring_material(folder: Path, problems: list[CurriculumProblem]) -> MentoringMaterial:
    """The optional capstones.yaml and guidance.yaml, with their problems added to `problems`."""
    capstones: tuple[CapstoneSpec, ...] = ()
    if (folder / CAPSTONES_FILE).exists():
        data = _read_yaml(folder / CAPSTONES_FILE, CAPSTONES_FILE, problems)
        found = _validate(CapstonesFileSpec, data, CAPSTONES_FILE, None, problems)
        if found is not None:
            capstones = tuple(found.projects)
            problems.extend(
                CurriculumProblem(CAPSTONES_FILE, None, "projects", f"key '{key}' is used twice")
                for key in sorted(_duplicates([p.key for p in capstones]))
            )
    guidance = None
    if (folder / GUIDANCE_FILE).exists():
        data = _read_yaml(folder / GUIDANCE_FILE, GUIDANCE_FILE, problems)
        guidance = _validate(GuidanceFileSpec, data, GUIDANCE_FILE, None, problems)
        if guidance is not None:
            problems.extend(
                CurriculumProblem(GUIDANCE_FILE, None, "problems", f"key '{key}' is used twice")
                for key in sorted(_duplicates([p.key for p in guidance.problems]))
            )
    return MentoringMaterial(capstones, guidance)


def load_mentoring_material(folder: Path = DEFAULT_CURRICULUM_DIR) -> MentoringMaterial:
    """The course's capstone projects and guidance (checked whole with the curriculum by
    `load_curriculum`); raise CurriculumError listing every problem."""
    problems: list[CurriculumProblem] = []
    material = _read_mentoring_material(folder, problems)
    if problems:
        raise CurriculumError(problems)
    return material


# A quiz whose right answer is usually the longest choice can be passed by picking the longest;
# a module where that holds for more than this share of its questions gets a warning.
LONGEST_ANSWER_MAX_SHARE = 0.5


def _answer_is_longest(question: QuizQuestionSpec) -> bool:
    """Whether no choice is longer than the right one (a tie counts: it still gives it away)."""
    right = len(question.choices[question.answer])
    return all(len(choice) <= right for choice in question.choices)


def quiz_length_warnings(
    modules: list[ModuleSpec], module_files: dict[str, str]
) -> list[CurriculumProblem]:
    """One warning per module whose right answers are the longest choice in more than half of
    its questions."""
    warnings = []
    for module in modules:
        longest = sum(_answer_is_longest(q) for q in module.quiz)
        if module.quiz and longest > LONGEST_ANSWER_MAX_SHARE * len(module.quiz):
            warnings.append(
                CurriculumProblem(
                    module_files.get(module.key, module.key),
                    module.key,
                    "quiz",
                    f"the right answer is the longest choice in {longest} of "
                    f"{len(module.quiz)} questions, so picking the longest passes; make the "
                    "other choices as long and as plausible",
                )
            )
    return warnings


def _duplicates(values: list[str]) -> set[str]:
    seen: set[str] = set()
    return {value for value in values if value in seen or seen.add(value)}  # type: ignore[func-returns-value]


def _cross_check(
    main: CurriculumFileSpec,
    framework: CompetenciesFileSpec,
    modules: list[ModuleSpec],
    module_files: dict[str, str],
    broken: set[str],
) -> list[CurriculumProblem]:
    problems: list[CurriculumProblem] = []
    level_numbers = {level.number for level in main.levels}
    competency_keys = {competency.key for competency in framework.competencies}
    for key in _duplicates([c.key for c in framework.competencies]):
        problems.append(
            CurriculumProblem("competencies.yaml", None, "competencies", f"'{key}' twice")
        )
    for module in modules:
        file = module_files[module.key]
        if module.level not in level_numbers:
            problems.append(
                CurriculumProblem(file, module.key, "level", f"level {module.level} is not defined")
            )
        for competency in module.competencies:
            if competency not in competency_keys:
                problems.append(
                    CurriculumProblem(
                        file, module.key, "competencies", f"unknown competency '{competency}'"
                    )
                )
        for key in _duplicates([q.key for q in module.quiz]):
            problems.append(CurriculumProblem(file, module.key, "quiz", f"key '{key}' twice"))
        for key in _duplicates([c.key for c in module.cards]):
            problems.append(CurriculumProblem(file, module.key, "cards", f"key '{key}' twice"))
    for number in _duplicates([str(level.number) for level in main.levels]):
        problems.append(CurriculumProblem("curriculum.yaml", None, "levels", f"{number} twice"))
    staged = main.practical_assessments
    for key in _duplicates([a.key for a in staged]):
        problems.append(
            CurriculumProblem("curriculum.yaml", None, "practical_assessments", f"'{key}' twice")
        )
    for index, assessment in enumerate(staged):
        field = f"practical_assessments.{index}"
        if assessment.level not in level_numbers:
            problems.append(
                CurriculumProblem(
                    "curriculum.yaml",
                    None,
                    f"{field}.level",
                    f"level {assessment.level} is not defined",
                )
            )
        problems.extend(
            CurriculumProblem(
                "curriculum.yaml", None, f"{field}.competencies", f"unknown competency '{key}'"
            )
            for key in assessment.competencies
            if key not in competency_keys
        )
    for key in _duplicates([t.key for t in main.tracks]):
        problems.append(CurriculumProblem("curriculum.yaml", None, "tracks", f"key '{key}' twice"))
    for index, track in enumerate(main.tracks):
        field = f"tracks.{index}.modules"
        for key in _duplicates([item.module for item in track.modules]):
            problems.append(CurriculumProblem("curriculum.yaml", None, field, f"'{key}' twice"))
        for item in track.modules:
            if item.module not in module_files and item.module not in broken:
                problems.append(
                    CurriculumProblem(
                        "curriculum.yaml", None, field, f"unknown module '{item.module}'"
                    )
                )
            if item.end_week < item.start_week or item.end_week > track.weeks:
                problems.append(
                    CurriculumProblem(
                        "curriculum.yaml",
                        None,
                        field,
                        f"'{item.module}' weeks {item.start_week}-{item.end_week} "
                        f"do not fit the track's {track.weeks} weeks",
                    )
                )
    return problems
