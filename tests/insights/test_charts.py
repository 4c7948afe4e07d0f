"""The report charts as the saved HTML draws them: every row name readable in full."""

from __future__ import annotations

import re
from html import unescape

from assessments.ratings import PersonComparison
from insights import charts

LONG_NAME = "Retrieval evaluation and relevance tuning for production search"
ROWS = [
    PersonComparison("vector-database-expertise", "Vector database expertise", 2, 2.0, 3),
    PersonComparison("retrieval-evaluation", LONG_NAME, None, 1.0, 2),
]


def _name_labels(svg: str) -> list[tuple[str, str]]:
    """(text-anchor, words) of each label of the chart's row-name axis."""
    axis = svg.split('aria-label="Y-axis', 1)[1].split('class="mark-rule role-axis-domain"')[0]
    labels = re.findall(r'<text text-anchor="(\w+)"[^>]*>(.*?)</text>', axis)
    return [(anchor, unescape(re.sub(r"<[^>]+>", " ", body)).split()) for anchor, body in labels]


def test_report_chart_writes_long_competency_names_in_full_from_the_left() -> None:
    labels = _name_labels(charts.svg(charts.current_vs_target(ROWS, "Aisha Khan")))
    assert [words for _, words in labels] == [r.competency_name.split() for r in ROWS]
    # Anchored at their start: a reader's font wider than the one the SVG was measured with
    # grows a name to the right, into the room left in its column, never off the left edge.
    assert {anchor for anchor, _ in labels} == {"start"}


def test_a_name_longer_than_the_column_wraps_onto_lines_that_fit_it() -> None:
    lines = charts.wrapped(LONG_NAME).split("\n")
    assert len(lines) > 1 and " ".join(lines) == LONG_NAME
    assert all(len(line) <= charts.NAME_LINE_CHARS for line in lines)
    assert charts.wrapped("Mentoring") == "Mentoring"
