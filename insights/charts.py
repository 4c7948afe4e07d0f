"""The impact and development charts, built once for both the pages and the printable reports
(the page draws them with Vega-Lite in the browser; the report embeds them as SVG rendered
offline by vl-convert, so a saved report needs no network)."""

from __future__ import annotations

import textwrap
from typing import Any, cast

import altair as alt
import vl_convert

from assessments.ratings import PersonComparison
from insights.impact import ImpactView
from storage import formats

GROUP_LABELS = {"technical": "Technical", "business": "Business", "leadership": "Leadership"}
CHART_WIDTH_PX = 560
CHART_HEIGHT_PX = 220
BAR_HEIGHT_PX = 28
LEVEL_TICKS = [0, 1, 2, 3, 4]
# Row names (competencies, curriculum levels) are written left-aligned in a column this wide
# left of the axis, wrapped at NAME_LINE_CHARS so each line fits it with room to spare.
NAME_COLUMN_PX = 200
NAME_LINE_CHARS = 30


Chart = alt.Chart | alt.LayerChart


def _data(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Inline rows, so the chart spec is self-contained."""
    return {"values": records}


def wrapped(name: str) -> str:
    """A row name broken into lines (joined by newlines) that fit the name column."""
    return "\n".join(textwrap.wrap(name, NAME_LINE_CHARS, break_on_hyphens=False)) or name


def name_axis() -> alt.Axis:
    """The axis of row names, each written in full from the left edge of its column.

    The report's SVG is laid out with vl-convert's font but drawn in the reader's sans-serif,
    which may be wider: a right-aligned name then ran off the chart's left edge ("ector
    database expertise"), and a length limit cut long ones. Left-aligned in a fixed column,
    a wider font only uses the room left at the column's end; long names wrap instead of being
    cut (the field holds `wrapped` names, split into lines here)."""
    return alt.Axis(
        labelAlign="left",
        labelPadding=NAME_COLUMN_PX,
        labelLimit=0,
        labelOverlap=False,  # every row is named; a wrapped name may reach into the next row
        labelExpr="split(datum.value, '\\n')",
    )


def group_levels(view: ImpactView) -> Chart:
    """Team level per competency group by month, the group's mean target as a dashed rule."""
    df = _data(
        [
            {
                "Month": formats.month(g.month),
                "Group": GROUP_LABELS[g.group.value],
                "Level": g.average_level,
                "Target": g.average_target,
            }
            for g in view.group_levels
            if g.average_level is not None
        ]
    )
    order = [formats.month(m) for m in view.months]
    base = alt.Chart(df).encode(
        x=alt.X("Month:N", sort=order, title=None, axis=alt.Axis(labelAngle=0)),
        color=alt.Color("Group:N", title="Group"),
    )
    lines = base.mark_line(point=True).encode(
        y=alt.Y(
            "Level:Q",
            scale=alt.Scale(domain=[0, 4]),
            axis=alt.Axis(values=LEVEL_TICKS),
            title="Mean level (0-4)",
        ),
        tooltip=["Month:N", "Group:N", "Level:Q", "Target:Q"],
    )
    targets = base.mark_line(strokeDash=[4, 4], opacity=0.6).encode(y="Target:Q")
    return cast(Chart, (lines + targets).properties(width=CHART_WIDTH_PX, height=CHART_HEIGHT_PX))


def retention(view: ImpactView) -> Chart:
    df = _data(
        [
            {"Month": formats.month(r.month), "Retention %": r.percent, "Reviews": r.reviews}
            for r in view.retention
        ]
    )
    return cast(
        Chart,
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "Month:N",
                sort=[formats.month(r.month) for r in view.retention],
                title=None,
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("Retention %:Q", scale=alt.Scale(domain=[0, 100])),
            tooltip=["Month:N", "Retention %:Q", "Reviews:Q"],
        )
        .properties(width=CHART_WIDTH_PX, height=CHART_HEIGHT_PX),
    )


def hours_by_level(view: ImpactView) -> Chart:
    df = _data(
        [
            {
                "Row": wrapped(f"{h.level_number}. {h.level_name}"),
                "Level": f"{h.level_number}. {h.level_name}",
                "Hours": h.hours,
                "People": h.people,
            }
            for h in view.hours_by_level
        ]
    )
    return cast(
        Chart,
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("Row:N", title=None, sort=None, axis=name_axis()),
            x=alt.X("Hours:Q", title="Hours logged"),
            tooltip=["Level:N", "Hours:Q", "People:Q"],
        )
        .properties(width=CHART_WIDTH_PX, height=alt.Step(BAR_HEIGHT_PX)),
    )


def current_vs_target(rows: list[PersonComparison], name: str) -> Chart:
    """One person's level per competency as bars, their target as a tick."""
    df = _data(
        [
            {
                "Row": wrapped(r.competency_name),
                "Competency": r.competency_name,
                "Level": r.level or 0,
                "Target": r.target,
            }
            for r in rows
        ]
    )
    base = alt.Chart(df).encode(y=alt.Y("Row:N", sort=None, title=None, axis=name_axis()))
    bars = base.mark_bar(opacity=0.8).encode(
        x=alt.X(
            "Level:Q",
            scale=alt.Scale(domain=[0, 4]),
            axis=alt.Axis(values=LEVEL_TICKS),
            title=f"{name}: level (0 none … 4 expert)",
        ),
        tooltip=["Competency:N", "Level:Q", "Target:Q"],
    )
    ticks = base.mark_tick(color="black", thickness=2).encode(x="Target:Q")
    return cast(
        Chart,
        (bars + ticks).properties(width=CHART_WIDTH_PX, height=alt.Step(BAR_HEIGHT_PX)),
    )


def svg(chart: Chart) -> str:
    """The chart as an SVG document, rendered locally (no network, no browser)."""
    spec: dict[str, Any] = chart.to_dict()
    return str(vl_convert.vegalite_to_svg(spec))
