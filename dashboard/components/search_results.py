"""Search hits as a person reads them: title, where it comes from, a highlighted snippet."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.components.plain_text import plain
from search.hits import relevance_label, source_line
from search.retrieval import SearchResult, relevance_shares
from search.snippets import Snippet, make_snippet


def highlighted(snippet: Snippet) -> str:
    """Markdown of the snippet with the query words in bold (the rest escaped)."""
    parts: list[str] = []
    last = 0
    for start, end in snippet.spans:
        parts.append(plain(snippet.text[last:start]))
        parts.append(f"**{plain(snippet.text[start:end])}**")
        last = end
    parts.append(plain(snippet.text[last:]))
    return "".join(parts)


def show(
    results: Sequence[SearchResult],
    *,
    query: str,
    names: dict[int, str],
    key: str,
    can_mark: bool = False,
) -> tuple[str, SearchResult] | None:
    """One bordered card per result; returns ("open" | "mark", result) for a clicked button."""
    action: tuple[str, SearchResult] | None = None
    shares = relevance_shares(results)
    for rank, (result, share) in enumerate(zip(results, shares, strict=True), start=1):
        with st.container(border=True):
            head, relevance = st.columns([4, 1])
            heading = f" › {result.best.heading_path}" if result.best.heading_path else ""
            head.markdown(f"**{rank}. {plain(result.title)}**{plain(heading)}")
            head.caption(source_line(result, names))
            relevance.progress(share, text=relevance_label(rank, share))
            st.markdown(highlighted(make_snippet(result.best.text, query)))
            buttons = st.columns([1, 1, 2])
            if buttons[0].button("Open", key=f"{key}-open-{rank}", icon=":material/article:"):
                action = ("open", result)
            if can_mark and buttons[1].button(
                "Relevant",
                key=f"{key}-mark-{rank}",
                icon=":material/thumb_up:",
                help="Mark this hit as a good answer to the chosen saved question",
            ):
                action = ("mark", result)
    return action
