"""Hypothesis strategies for hostile input shared by the import property tests."""

from __future__ import annotations

from hypothesis import strategies as st

from storage.spreadsheets import FORMULA_PREFIXES

# Text a spreadsheet would run as a formula if a CSV export let it through as it is.
formula_like = st.tuples(st.sampled_from(FORMULA_PREFIXES), st.text(max_size=20)).map("".join)

# What arrives in a field of any hand-edited or hostile file, whatever its format: wrong types,
# integers wider than a database column, NaN and infinities, lone surrogates, NUL, formulas.
hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**31 - 2, max_value=2**80),
    st.floats(),
    st.text(max_size=60),
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),
    st.text(max_size=10).map(lambda t: t + "\x00"),
    formula_like,
)
