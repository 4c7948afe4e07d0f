"""The heatmap's cell marks for a team with little evidence yet (a new team): a level reads as a
whole number and a cell without evidence as a dash, never "1.0" or "nan"."""

from __future__ import annotations

import pandas as pd

from dashboard.components.matrix_heatmap import _level_mark


def test_levels_beside_cells_without_evidence_read_as_numbers_and_dashes() -> None:
    column = pd.DataFrame({"Level number": [1, None, 3]})["Level number"]  # floats with NaN
    assert [_level_mark(level) for level in column] == ["1", "–", "3"]
    assert _level_mark(None) == "–"
