"""FAISS, Chroma and hybrid side by side: their top hits, latencies and overlap."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from search.retrieval import BACKEND_LABELS, SearchResponse, top_overlap
from storage import formats

COMPARE_TOP = 10


def show(responses: Sequence[SearchResponse], *, key: str) -> None:
    """One column per backend, then the share of top-10 hits each pair has in common."""
    columns = st.columns(len(responses), gap="medium")
    for column, response in zip(columns, responses, strict=True):
        with column:
            st.metric(
                BACKEND_LABELS[response.backend],
                f"{response.latency_ms:.1f} ms",
                help="Time for this one search: embedding the query, searching, grouping.",
            )
            if not response.results:
                st.caption("No results.")
            lines = [
                f"{rank}. {r.title}" for rank, r in enumerate(response.results[:COMPARE_TOP], 1)
            ]
            st.markdown("\n".join(lines))
    st.markdown("**Overlap of the top 10**")
    pairs = [(a, b) for i, a in enumerate(responses) for b in responses[i + 1 :]]
    overlap_cols = st.columns(len(pairs))
    for column, (a, b) in zip(overlap_cols, pairs, strict=True):
        share = top_overlap([r.key for r in a.results], [r.key for r in b.results], COMPARE_TOP)
        column.metric(
            f"{BACKEND_LABELS[a.backend]} ∩ {BACKEND_LABELS[b.backend]}",
            formats.percent(share),
        )
    st.caption(
        "FAISS and Chroma both search the same vectors by cosine similarity (FAISS exactly, "
        "Chroma through its HNSW graph), so they should agree; hybrid adds BM25 keyword matches "
        "by reciprocal rank fusion."
    )
