"""Framework CSV under hostile input: exports read back exactly, bad files are refused whole."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.framework import CSV_COLUMNS, parse_framework_csv
from storage.errors import InvalidInput
from storage.spreadsheets import FORMULA_PREFIXES, write_csv

# What people paste into a description: any script, emoji, quotes, commas, line breaks, and
# text that starts like a spreadsheet formula. Cells are trimmed on import, so are these.
words = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
    min_size=1,
    max_size=120,
)
texts = (
    st.one_of(words, st.tuples(st.sampled_from(FORMULA_PREFIXES), words).map("".join))
    .map(str.strip)
    .filter(bool)
)
keys = st.from_regex(r"[a-z][a-z0-9-]{0,30}", fullmatch=True)


@settings(max_examples=60)
@given(
    st.lists(st.tuples(keys, texts, texts, texts), min_size=1, max_size=5, unique_by=lambda r: r[0])
)
def test_an_export_of_any_text_reads_back_exactly(rows: list[tuple[str, str, str, str]]) -> None:
    text = write_csv(
        CSV_COLUMNS,
        (
            [key, name, "technical", description, level, level, level, level]
            for key, name, description, level in rows
        ),
    )
    parsed = parse_framework_csv(text)
    assert [(r.key, r.name, r.description, r.descriptors[3]) for r in parsed] == rows


@settings(max_examples=150)
@given(st.text(max_size=400))
def test_any_text_is_either_a_framework_or_refused_with_a_message(text: str) -> None:
    try:
        parse_framework_csv(text)
    except InvalidInput as error:
        assert str(error)


@pytest.mark.parametrize(
    "text",
    [
        "key,name\n",  # columns missing
        ",".join(CSV_COLUMNS)
        + "\nfaiss,FAISS,technical,,a,b,c,d\nfaiss,Again,technical,,a,b,c,d\n",
        ",".join(CSV_COLUMNS) + "\nfaiss,FAISS,magic,,a,b,c,d\n",
        ",".join(CSV_COLUMNS) + "\nfaiss," + "x" * 5000 + ",technical,,a,b,c,d\n",
        "\x00\x01\x02",
    ],
    ids=["missing-columns", "duplicate-key", "unknown-group", "huge-field", "binary"],
)
def test_a_bad_file_is_refused_as_a_whole(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_framework_csv(text)
