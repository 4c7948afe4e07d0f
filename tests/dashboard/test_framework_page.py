"""The competency framework page: only leads change it; bad input is refused with a message."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessments.framework import CSV_COLUMNS
from assessments.rules import DEFAULT_WEIGHTS
from tests.dashboard.apptest import app_as

PAGE = "pages/framework_page.py"


def _framework_as(data_dir: Path, name: str) -> AppTest:
    return app_as(data_dir, name).switch_page(PAGE).run()


def _set_weights(at: AppTest, weights: dict[str, float]) -> AppTest:
    for dimension, value in weights.items():
        at.number_input(key=f"weight-{dimension}").set_value(value)
    return at.button(key="weights-save").click().run()


@pytest.mark.parametrize("name", ["Aisha Khan", "Grace Okafor"])
def test_only_a_lead_has_the_framework_page(app_env: Path, name: str) -> None:
    at = app_as(app_env, name)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


def test_weights_that_do_not_sum_to_one_are_refused(app_env: Path) -> None:
    at = _framework_as(app_env, "Priya Raman")
    at = _set_weights(at, {**DEFAULT_WEIGHTS, "practical_application": 0.5})
    assert not at.exception
    assert any("add up to 1.1, not 1" in e.value for e in at.error)
    # Nothing changed: the inputs reload with the team's saved weights.
    at = _framework_as(app_env, "Priya Raman")
    assert at.number_input(key="weight-practical_application").value == 0.4


def test_valid_weights_are_saved_and_shown(app_env: Path) -> None:
    at = _framework_as(app_env, "Priya Raman")
    changed = {**DEFAULT_WEIGHTS, "practical_application": 0.3, "knowledge_transfer": 0.3}
    at = _set_weights(at, changed)
    assert any("Weights saved" in s.value for s in at.success)
    assert at.number_input(key="weight-knowledge_transfer").value == 0.3
    _set_weights(at, DEFAULT_WEIGHTS)  # leave the shared demo as the seed has it


def test_role_targets_grid_has_every_job_role(app_env: Path) -> None:
    at = _framework_as(app_env, "Priya Raman")
    [grid] = [d.value for d in at.data_editor if "Job role" in d.value.columns]
    assert {"Engineering lead", "Junior engineer", "Senior ML engineer"} <= set(grid["Job role"])
    staff = grid[grid["Job role"] == "Staff engineer"]
    assert staff["Vector database expertise"].item() == 4


def test_competency_editor_and_csv_download_show_the_framework(app_env: Path) -> None:
    at = _framework_as(app_env, "Priya Raman")
    [frame] = [d.value for d in at.data_editor if "key" in d.value.columns]
    assert len(frame) == 12
    assert list(frame.columns) == list(CSV_COLUMNS)
    row = frame[frame["key"] == "performance-optimisation"].iloc[0]
    assert row["group"] == "technical" and row["expert"]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the framework as CSV" in labels


def test_saving_the_competency_editor_unchanged_keeps_the_framework(app_env: Path) -> None:
    at = _framework_as(app_env, "Priya Raman")
    [before] = [d.value for d in at.data_editor if "key" in d.value.columns]
    at = at.button(key="framework-save").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["No competency changed, so nothing was saved."]
    [after] = [
        d.value
        for d in _framework_as(app_env, "Priya Raman").data_editor
        if "key" in d.value.columns
    ]
    assert after.equals(before)


def test_saving_role_targets_says_what_changed_and_an_unchanged_save_saves_nothing(
    app_env: Path,
) -> None:
    at = _framework_as(app_env, "Priya Raman")
    at = at.button(key="targets-save").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["No target changed, so nothing was saved."]
