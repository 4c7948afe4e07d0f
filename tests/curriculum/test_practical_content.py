"""The built-in course "Vector databases for teams" gives every module a practical assignment,
and learners at the Leadership & Mentoring level the programme's three staged practical
assessments, each graded on a rubric a mentor can tell apart at every score."""

from __future__ import annotations

import pytest

from curriculum.loader import AssignmentSpec, Curriculum, load_curriculum

# The competency level a pass is evidence of, by module level: the leadership modules'
# practicals show advanced work, as there is no expert level a single hand-in can show.
EVIDENCE_BY_MODULE_LEVEL = {1: 1, 2: 2, 3: 3, 4: 3}
LEADERSHIP_LEVEL = 4


@pytest.fixture(scope="module")
def course() -> Curriculum:
    return load_curriculum()


def _assignments(course: Curriculum) -> list[tuple[str, AssignmentSpec]]:
    found: list[tuple[str, AssignmentSpec]] = [
        (module.key, module.practical) for module in course.modules if module.practical
    ]
    found += [(f"staged {staged.key}", staged) for staged in course.practical_assessments]
    return found


def test_the_built_in_course_loads_with_its_practical_work(course: Curriculum) -> None:
    assert course.title == "Vector databases for teams"
    assert len(course.modules) == 13
    assert course.warnings == ()


def test_every_module_has_a_practical_graded_on_three_to_five_criteria(
    course: Curriculum,
) -> None:
    without = [module.key for module in course.modules if module.practical is None]
    assert without == []
    for module in course.modules:
        assert module.practical is not None
        assert 3 <= len(module.practical.rubric) <= 5, module.key


def test_a_module_practical_is_evidence_at_the_level_its_module_teaches(
    course: Curriculum,
) -> None:
    levels = {
        module.key: (module.level, module.practical.evidence_level)
        for module in course.modules
        if module.practical
    }
    wrong = {
        key: pair for key, pair in levels.items() if pair[1] != EVIDENCE_BY_MODULE_LEVEL[pair[0]]
    }
    assert wrong == {}
    assert {level for level, _ in levels.values()} == set(EVIDENCE_BY_MODULE_LEVEL)


def test_leadership_learners_get_the_three_staged_practical_assessments(
    course: Curriculum,
) -> None:
    staged = {assessment.key: assessment for assessment in course.practical_assessments}
    assert set(staged) == {"implementation", "application", "teaching"}
    known = {competency.key for competency in course.competencies}
    for assessment in staged.values():
        assert assessment.level == LEADERSHIP_LEVEL
        assert assessment.evidence_level in (3, 4)
        assert 3 <= len(assessment.rubric) <= 5
        assert set(assessment.competencies) <= known
    groups = {competency.key: competency.group for competency in course.competencies}
    assert {groups[key] for key in staged["application"].competencies} == {"business"}
    assert {groups[key] for key in staged["teaching"].competencies} == {"leadership"}
    assert {groups[key] for key in staged["implementation"].competencies} == {"technical"}


def test_every_rubric_describes_each_score_differently(course: Curriculum) -> None:
    alike = [
        f"{owner}: {criterion.key}"
        for owner, assignment in _assignments(course)
        for criterion in assignment.rubric
        if len({" ".join(text.split()) for text in criterion.levels.values()}) != 4
    ]
    assert alike == []


def test_every_rubric_names_distinct_criteria(course: Curriculum) -> None:
    for owner, assignment in _assignments(course):
        criteria = [criterion.criterion for criterion in assignment.rubric]
        assert len(set(criteria)) == len(criteria), owner


def test_every_brief_says_what_to_hand_in(course: Curriculum) -> None:
    silent = [
        owner for owner, assignment in _assignments(course) if "**Hand in**" not in assignment.brief
    ]
    assert silent == []
