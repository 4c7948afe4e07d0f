"""Search filters: tags, author, module, kind of source and date, applied inside the query."""

from __future__ import annotations

from datetime import date

import streamlit as st

from search.registry import SOURCE_LABELS, SOURCE_TYPES, FacetValues, SearchFilters
from storage import formats


def show(
    facets: FacetValues, *, names: dict[int, str], modules: dict[int, str], key: str
) -> SearchFilters:
    """An expander of filter widgets; returns the filters chosen (empty when none)."""
    with st.expander("Filters"):
        left, middle, right = st.columns(3)
        tags = left.multiselect("Tags (all of)", facets.tags, key=f"{key}-tags")
        author = middle.selectbox(
            "Author",
            [None, *(a for a in facets.author_ids if a in names)],
            format_func=lambda a: "Anyone" if a is None else names[a],
            key=f"{key}-author",
        )
        module = right.selectbox(
            "Module",
            [None, *(m for m in modules if m in facets.module_ids)],
            format_func=lambda m: "Any module" if m is None else modules[m],
            key=f"{key}-module",
        )
        kinds = left.multiselect(
            "Sources",
            SOURCE_TYPES,
            format_func=SOURCE_LABELS.get,
            key=f"{key}-kinds",
            placeholder="Notes, session notes and modules",
        )
        since: date | None = middle.date_input(
            "Changed since", value=None, format=formats.DATE_INPUT_FORMAT, key=f"{key}-since"
        )
    return SearchFilters(
        tags=frozenset(tags),
        author_id=author,
        module_id=module,
        source_types=frozenset(kinds),
        since=since,
    )
