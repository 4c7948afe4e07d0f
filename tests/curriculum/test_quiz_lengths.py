"""A quiz whose right answer is usually the longest choice can be passed by guessing: the
loader warns about such a module, without refusing the curriculum."""

from __future__ import annotations

from pathlib import Path

import yaml

from curriculum.loader import _answer_is_longest, load_curriculum
from tests.factories import make_curriculum_copy

MODULE_FILE = "modules/01-vector-search-fundamentals.yaml"


def _with_quiz(target: Path, questions: list[dict[str, object]]) -> Path:
    folder = make_curriculum_copy(target=target)
    path = folder / MODULE_FILE
    module = yaml.safe_load(path.read_text(encoding="utf-8"))
    module["quiz"] = questions
    path.write_text(yaml.safe_dump(module, sort_keys=False), encoding="utf-8")
    return folder


def _question(key: str, answer: int, choices: list[str]) -> dict[str, object]:
    return {
        "key": key,
        "question": "Which one?",
        "choices": choices,
        "answer": answer,
        "explanation": "Because.",
    }


def test_a_module_whose_right_answers_are_mostly_the_longest_gets_a_warning(
    tmp_path: Path,
) -> None:
    folder = _with_quiz(
        tmp_path / "c",
        [
            _question("q1", 1, ["Short", "The right one, and by far the longest"]),
            _question("q2", 0, ["The right one, longest again", "Short", "Tiny"]),
            _question("q3", 1, ["A long wrong choice, longer than the right", "Right"]),
        ],
    )
    curriculum = load_curriculum(folder)  # loads: a warning, not a problem
    warnings = [w for w in curriculum.warnings if w.module == "vector-search-fundamentals"]
    assert [str(w) for w in warnings] == [
        f"{MODULE_FILE}, module 'vector-search-fundamentals', field 'quiz': the right answer is "
        "the longest choice in 2 of 3 questions, so picking the longest passes; make the other "
        "choices as long and as plausible"
    ]


def test_a_module_where_length_gives_nothing_away_gets_none(tmp_path: Path) -> None:
    folder = _with_quiz(
        tmp_path / "c",
        [
            _question("q1", 1, ["Short", "The right one, and by far the longest"]),
            _question("q2", 1, ["A long wrong choice, longer than the right", "Right"]),
            _question("q3", 0, ["Same length!", "Equal length"]),  # a tie gives it away too
            _question("q4", 0, ["Right", "Wrong but long"]),
        ],
    )
    curriculum = load_curriculum(folder)
    assert [w for w in curriculum.warnings if w.module == "vector-search-fundamentals"] == []


def test_the_shipped_course_cannot_be_passed_by_picking_the_longest_choice() -> None:
    curriculum = load_curriculum()
    assert [str(w) for w in curriculum.warnings] == []
    # Stricter than the warning: in every module the right answer is the longest choice (ties
    # included) in at most a third of the questions, so always picking the longest fails.
    shares = {
        module.key: sum(_answer_is_longest(q) for q in module.quiz) / len(module.quiz)
        for module in curriculum.modules
        if module.quiz
    }
    assert len(shares) == len(curriculum.modules)
    assert {key: share for key, share in shares.items() if share > 1 / 3} == {}
