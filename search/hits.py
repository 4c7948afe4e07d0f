"""How a search hit reads, on the Knowledge search page and from `python -m search query`:
where it comes from, and how relevant it is beside the best hit."""

from __future__ import annotations

from search.registry import SOURCE_LABELS
from search.retrieval import SearchResult
from storage import formats


def source_line(result: SearchResult, names: dict[int, str]) -> str:
    """Kind of source, author (when `names` knows them), day and tags: "Note · by Grace
    Okafor · 4 Dec 2026 · #faiss"."""
    bits = [SOURCE_LABELS.get(result.source_type, result.source_type)]
    if result.author_id in names:
        bits.append(f"by {names[result.author_id or 0]}")
    if result.source_type != "module":
        bits.append(formats.day(result.source_date))
    if result.tags:
        bits.append(" ".join(f"#{t}" for t in result.tags))
    return " · ".join(bits)


def relevance_label(rank: int, share: float) -> str:
    """ "Best match" for the first hit; the others as a share of its relevance
    (`retrieval.relevance_shares`)."""
    return "Best match" if rank == 1 else f"{formats.percent(share)} as relevant"
