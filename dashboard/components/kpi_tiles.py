"""Team KPIs as metric tiles: the value, its change against the earlier figure, and how it is
measured on hover."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from insights.kpis import Kpi
from storage import formats

TILES_PER_ROW = 4


def value_text(kpi: Kpi) -> str:
    if kpi.value is None:
        return "–"
    if kpi.unit == "%":
        return f"{kpi.value:g}{formats.PERCENT_SIGN}"
    if kpi.target is not None:
        return f"{kpi.value:.2f} of {kpi.target:.2f}"
    return f"{kpi.value:g}"


def show(kpis: Sequence[Kpi], *, key: str) -> None:
    """One tile per KPI, four to a row; the delta is green when it moves the right way."""
    for start in range(0, len(kpis), TILES_PER_ROW):
        columns = st.columns(TILES_PER_ROW)
        for column, kpi in zip(columns, kpis[start : start + TILES_PER_ROW], strict=False):
            delta = kpi.delta
            tile = column.container(border=True)
            tile.metric(
                kpi.label,
                value_text(kpi),
                delta=None if delta is None else f"{delta:+g}",
                delta_color=(
                    "off" if not delta else "normal" if kpi.higher_is_better else "inverse"
                ),
                help=kpi.help,
            )
            before = "–" if kpi.previous is None else f"{kpi.previous:g}"
            unit = formats.PERCENT_SIGN if kpi.unit == "%" else ""
            tile.caption(f"{kpi.previous_label}: {before}{unit}")
