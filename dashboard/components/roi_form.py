"""The ROI calculator: every input editable with its unit, the result beside the formula."""

from __future__ import annotations

from dataclasses import fields, replace

import streamlit as st

from insights.roi import INPUT_LABELS, RoiInputs, RoiResult, formula_text, roi
from storage.errors import InvalidInput

GROUPS = {
    "Time saved per search": (
        "users",
        "searches_per_user_per_day",
        "minutes_saved_per_search",
        "working_days_per_year",
        "hourly_cost_usd",
    ),
    "Quality and support": (
        "quality_gains_per_year_usd",
        "tickets_deflected_per_month",
        "cost_per_ticket_usd",
    ),
    "Costs": ("implementation_cost_usd", "running_cost_per_year_usd", "training_hours"),
}


def show(defaults: RoiInputs, *, key: str) -> tuple[RoiInputs, RoiResult] | None:
    """Inputs on the left, the result and its formula on the right; None on bad input."""
    kinds = {f.name: f.type for f in fields(RoiInputs)}
    inputs_col, result_col = st.columns([3, 2], gap="large")
    values: dict[str, float | int] = {}
    with inputs_col:
        for group, names in GROUPS.items():
            st.markdown(f"**{group}**")
            columns = st.columns(len(names))
            for column, name in zip(columns, names, strict=True):
                label, unit = INPUT_LABELS[name]
                default = getattr(defaults, name)
                whole = kinds[name] in ("int", int)
                values[name] = column.number_input(
                    f"{label} ({unit})",
                    min_value=0 if whole else 0.0,
                    value=int(default) if whole else float(default),
                    step=1 if whole else None,
                    key=f"{key}-{name}",
                )
    inputs = replace(defaults, **values)
    try:
        result = roi(inputs)
    except InvalidInput as error:
        result_col.error(str(error))
        return None
    result_col.metric("First-year ROI", f"{result.roi_percent:g} %")
    result_col.markdown(
        f"Benefits **${result.benefits_usd:,.0f}** · costs **${result.costs_usd:,.0f}**"
    )
    result_col.code(formula_text(inputs, result), language=None, wrap_lines=True)
    result_col.caption(
        "ROI = (benefits − costs) ÷ costs, for the first year. Time saved is not cash and "
        "adoption is never 100 %: keep the inputs conservative and say where each comes from."
    )
    return inputs, result
