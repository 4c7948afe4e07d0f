"""The competency matrix page: heatmap data, gap view, filters, alerts, one person, CSV."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlmodel import Session
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from assessments.ratings import MatrixCell, MatrixCompetency, MatrixPerson, MatrixView, team_matrix
from assessments.rules import ResolvedLevel
from dashboard.components import matrix_heatmap
from storage.engine import make_engine
from storage.enums import CompetencyGroup, PersonRole
from storage.people import get_person
from tests.dashboard.apptest import app_as, person_id

PAGE = "pages/matrix_page.py"
TECHNICAL = [
    "Vector database expertise",
    "Embedding model mastery",
    "System architecture",
    "Performance optimisation",
]


def _matrix_as(data_dir: Path, name: str) -> AppTest:
    return app_as(data_dir, name).switch_page(PAGE).run()


def _heatmap(at: AppTest) -> tuple[dict[str, Any], pd.DataFrame]:
    """The heatmap's Vega-Lite spec and the cells it draws (the page's first chart)."""
    chart = at.get("vega_lite_chart")[0]
    [dataset] = chart.proto.datasets
    return json.loads(chart.proto.spec), convert_arrow_bytes_to_pandas_df(dataset.data.data)


def _chart_data(at: AppTest, index: int) -> pd.DataFrame:
    [dataset] = at.get("vega_lite_chart")[index].proto.datasets
    return convert_arrow_bytes_to_pandas_df(dataset.data.data)


def _cell(cells: pd.DataFrame, person: str, competency: str) -> pd.Series:
    return cells[(cells["Person"] == person) & (cells["Competency"] == competency)].iloc[0]


def _table(at: AppTest, column: str) -> pd.DataFrame:
    [table] = [d.value for d in at.dataframe if column in d.value.columns]
    return table


def _warnings(at: AppTest) -> str:
    return "\n".join(w.value for w in at.warning)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Every file a download button hands over in this test, by media file id."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self: MemoryMediaFileStorage, data: str | bytes, *args: Any, **kw: Any) -> str:
        file_id = original(self, data, *args, **kw)
        files[file_id] = data if isinstance(data, bytes) else Path(data).read_bytes()
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return files


def _csv(at: AppTest, files: dict[str, bytes]) -> tuple[str, pd.DataFrame]:
    [button] = [b for b in at.get("download_button") if b.proto.id.endswith("matrix-map-download")]
    content = files[Path(button.proto.url).stem]
    return button.proto.label, pd.read_csv(io.BytesIO(content))


# --- the heatmap ------------------------------------------------------------------------


def test_heatmap_shows_every_level_with_its_evidence(app_env: Path) -> None:
    at = _matrix_as(app_env, "Priya Raman")
    assert not at.exception
    assert at.title[0].value == "Competency matrix"
    spec, cells = _heatmap(at)
    assert len(cells) == 12 * 12
    grace = _cell(cells, "Grace Okafor", "Performance optimisation")
    assert grace["Level number"] == 4
    assert grace["Level"] == "expert"
    assert grace["Target"] == "advanced"
    assert grace["Source"] == "lead rating"
    # Competencies run group by group: technical first, leadership last.
    order = list(dict.fromkeys(cells["Competency"]))
    assert order[:4] == TECHNICAL
    assert list(dict.fromkeys(cells["Group"])) == ["Technical", "Business", "Leadership"]
    assert spec["facet"]["column"]["field"] == "Group"
    rect = spec["spec"]["layer"][0]["encoding"]
    assert rect["color"]["field"] == "Level"
    tooltip = [t["title"] if "title" in t else t["field"] for t in rect["tooltip"]]
    assert {
        "Person",
        "Competency",
        "Level",
        "Target",
        "Gap",
        "Level from",
        "Self-rating",
    } <= set(tooltip)
    ben = _cell(cells, "Ben Carter", "Use case identification")
    assert (ben["Level"], ben["Self-rating"]) == ("intermediate", "none")
    team = [c.value for c in at.caption if "Team:" in c.value]
    assert team and "the only team you belong to" in team[0]


def test_gap_switch_colours_by_levels_missing(app_env: Path) -> None:
    at = _matrix_as(app_env, "Priya Raman")
    at.segmented_control(key="matrix-view").set_value(matrix_heatmap.GAP_VIEW).run()
    assert not at.exception
    spec, cells = _heatmap(at)
    rect = spec["spec"]["layer"][0]["encoding"]
    assert rect["color"]["field"] == "Gap"
    assert rect["color"]["scale"]["domain"][:2] == ["no target", "meets target"]
    jonas = _cell(cells, "Jonas Weber", "Performance optimisation")
    assert (jonas["Level"], jonas["Target"], jonas["Gap"]) == (
        "basic",
        "intermediate",
        "1 level short",
    )
    assert _cell(cells, "Grace Okafor", "Performance optimisation")["Gap"] == "meets target"
    # Each cell's text is now the number of levels missing, blank where nothing is (and ↑
    # where newer evidence waits for review).
    text = spec["spec"]["layer"][1]["encoding"]["text"]["field"]
    assert text == "Mark"
    assert {mark.rstrip("↑") for mark in cells["Mark"]} <= {"", "1", "2", "3", "4"}
    assert _cell(cells, "Jonas Weber", "Performance optimisation")["Mark"] == "1↑"


def test_filters_narrow_the_heatmap(app_env: Path) -> None:
    at = _matrix_as(app_env, "Priya Raman")
    at.multiselect(key="matrix-roles").set_value(["Backend engineer"])
    at.multiselect(key="matrix-groups").set_value([CompetencyGroup.TECHNICAL]).run()
    _, cells = _heatmap(at)
    assert set(cells["Person"]) == {"Diego Fernández", "Mei Chen"}
    assert list(dict.fromkeys(cells["Competency"])) == TECHNICAL


def test_no_evidence_is_its_own_category() -> None:
    # Hand-built: the demo rates every cell, but a newcomer has no evidence at all.
    people = [MatrixPerson(1, "New Person", "Junior engineer", PersonRole.LEARNER)]
    competency = MatrixCompetency("mentoring", "Mentoring", CompetencyGroup.LEADERSHIP)
    unrated = ResolvedLevel(None, None, 2, None, None)
    matrix = MatrixView(
        1, people, [competency], {(1, "mentoring"): MatrixCell(1, "mentoring", unrated, 2, 2)}, []
    )
    cells = matrix_heatmap.cells_frame(matrix, job_roles=[], groups=[])
    [row] = cells.to_dict("records")
    assert (row["Level"], row["Source"], row["Self-rating"], row["Gap"]) == (
        "no evidence",
        "—",
        "intermediate",
        "2 levels short",
    )
    grid = matrix_heatmap.export_frame(cells, matrix_heatmap.LEVEL_VIEW)
    assert grid.to_dict("records") == [
        {"Person": "New Person", "Job role": "Junior engineer", "Mentoring": "no evidence"}
    ]


# --- coverage and disagreements ---------------------------------------------------------


def test_single_person_skills_are_named_with_who_holds_them(app_env: Path) -> None:
    at = _matrix_as(app_env, "Priya Raman")
    alerts = _warnings(at)
    assert "**Innovation leadership** rests on one person: Tomás Alvarez (advanced)" in alerts
    coverage = _table(at, "Advanced or better").set_index("Competency")
    assert coverage.loc["Innovation leadership", "Advanced or better"] == 1
    assert coverage.loc["Innovation leadership", "Needed by"] == 10
    assert list(coverage.columns) == ["Needed by", "Meeting target", "Advanced or better"]


def test_self_ratings_far_from_the_official_level_are_listed(app_env: Path) -> None:
    at = _matrix_as(app_env, "Priya Raman")
    [listing] = [m.value for m in at.markdown if "Ben Carter" in m.value]
    assert "**Ben Carter**, Use case identification: self **none**, mentor **intermediate**" in (
        listing
    )
    assert "**Jonas Weber**, Performance optimisation: self **advanced**, mentor **basic**" in (
        listing
    )


# --- one person -------------------------------------------------------------------------


def test_one_person_beside_team_average_and_target(app_env: Path) -> None:
    at = _matrix_as(app_env, "Priya Raman")
    grace = person_id(app_env, "Grace Okafor")
    at.selectbox(key="matrix-person").set_value(grace).run()
    assert not at.exception
    table = _table(at, "Team avg").set_index("Competency")
    engine = make_engine(f"sqlite:///{app_env / 'proficio.db'}")
    with Session(engine) as session:
        lead = get_person(session, person_id(app_env, "Priya Raman"))
        matrix = team_matrix(session, actor=lead, team_id=lead.team_id)
        expected = {r.competency_name: r for r in matrix.compare(grace)}
    engine.dispose()
    row = table.loc["Performance optimisation"]
    assert (row["Level"], row["Target"], row["Short by"]) == ("expert", "advanced", 0)
    assert row["Team avg"] == expected["Performance optimisation"].team_average
    assert len(table) == 12
    dots = _chart_data(at, 1)
    assert set(dots["Measure"]) == {"Level", "Team average", "Role target"}
    level = dots[(dots["Competency"] == "Performance optimisation") & (dots["Measure"] == "Level")]
    assert level["Value"].item() == 4


def test_level_history_of_one_competency(app_env: Path) -> None:
    at = _matrix_as(app_env, "Priya Raman")
    at.selectbox(key="matrix-person").set_value(person_id(app_env, "Ben Carter"))
    at.selectbox(key="matrix-history-competency").set_value("use-case-identification").run()
    assert not at.exception
    history = _table(at, "Kind")
    assert list(history.columns) == ["Date", "Level", "By", "Kind", "Note", "Link"]
    mentor = history[history["Kind"] == "Mentor"].iloc[0]
    assert (mentor["Level"], mentor["By"]) == ("intermediate", "Lars Henriksen")
    assert set(history[history["Kind"] == "Self"]["Level"]) == {"none"}
    assert list(history["Date"]) == sorted(history["Date"])
    steps = _chart_data(at, 2)
    assert len(steps) == len(history)
    assert set(steps["Kind"]) == set(history["Kind"])


def test_changes_since_a_date(app_env: Path) -> None:
    at = _matrix_as(app_env, "Priya Raman")
    changes = _table(at, "Before")
    assert len(changes) >= 1
    assert (changes["Before"] != changes["Now"]).all()
    # Before anyone was rated, every current level is a change from "no evidence".
    at.date_input(key="matrix-since").set_value(date(2020, 1, 1)).run()
    everything = _table(at, "Before")
    assert len(everything) == 12 * 12
    assert set(everything["Before"]) == {"no evidence"}


# --- CSV export -------------------------------------------------------------------------


def test_csv_holds_exactly_what_the_heatmap_shows(
    app_env: Path, downloads: dict[str, bytes]
) -> None:
    at = _matrix_as(app_env, "Priya Raman")
    label, levels = _csv(at, downloads)
    assert label == "Download these levels as CSV"
    assert list(levels.columns[:2]) == ["Person", "Job role"]
    assert list(levels.columns[2:6]) == TECHNICAL
    assert len(levels) == 12 and len(levels.columns) == 2 + 12
    grace = levels[levels["Person"] == "Grace Okafor"].iloc[0]
    assert grace["Performance optimisation"] == "expert"

    at.segmented_control(key="matrix-view").set_value(matrix_heatmap.GAP_VIEW)
    at.multiselect(key="matrix-roles").set_value(["ML engineer"]).run()
    label, gaps = _csv(at, downloads)
    assert label == "Download these gaps as CSV"
    assert list(gaps["Person"]) == ["Jonas Weber"]
    assert gaps.iloc[0]["Performance optimisation"] == "1 level short"
    _, cells = _heatmap(at)
    for _, cell in cells.iterrows():
        assert gaps.iloc[0][cell["Competency"]] == cell["Gap"]


# --- who sees it ------------------------------------------------------------------------


def test_a_mentor_sees_themself_and_their_mentees(app_env: Path) -> None:
    at = _matrix_as(app_env, "Grace Okafor")
    assert not at.exception
    assert at.title[0].value == "Competency matrix"
    _, cells = _heatmap(at)
    assert set(cells["Person"]) == {"Grace Okafor", "Aisha Khan", "Sofia Rossi", "Jonas Weber"}
    assert "you and your mentees" in " ".join(c.value for c in at.caption)
    # Team-wide coverage is the lead's: no single-person warnings built from four rows.
    assert "rests on" not in _warnings(at)
    assert any("a team lead's matrix" in i.value for i in at.info)
    people = at.selectbox(key="matrix-person").options
    assert "Ben Carter" not in people and "Aisha Khan" in people
    changes = _table(at, "Before")
    assert set(changes["Person"]) <= {"Grace Okafor", "Aisha Khan", "Sofia Rossi", "Jonas Weber"}


def test_a_learner_has_no_matrix_page(app_env: Path) -> None:
    at = app_as(app_env, "Aisha Khan")
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


def test_a_personal_target_from_a_development_goal_shows_as_personal(app_env: Path) -> None:
    """Aisha Khan's goal asks advanced in vector databases, above her role's intermediate:
    her cell's target, its gap and the comparison read the personal one, and say so."""
    at = _matrix_as(app_env, "Priya Raman")
    assert not at.exception
    _, cells = _heatmap(at)
    aisha = _cell(cells, "Aisha Khan", "Vector database expertise")
    assert (aisha["Target"], aisha["Gap"]) == ("advanced (personal)", "1 level short")
    mei = _cell(cells, "Mei Chen", "Vector database expertise")
    assert mei["Target"] == "advanced"  # her role's
    [note] = [c.value for c in at.caption if c.value.startswith("Personal targets")]
    assert "Aisha Khan · Vector database expertise: advanced" in note
