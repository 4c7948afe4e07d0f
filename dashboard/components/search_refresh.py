"""Bringing search up to date right after a save that changed searchable text or who may
read it, with one sentence saying how that went.

The save itself already took the changed source out of search (storage/search_sources.py),
in its own transaction, so whatever goes wrong here can only leave it unfindable for a
while, never findable by someone it was just hidden from.
"""

from __future__ import annotations

import logging

from search.indexing import IndexBuilder

logger = logging.getLogger(__name__)


def reindex(builder: IndexBuilder) -> str:
    """Update the index now; the sentence to add to the save's confirmation."""
    try:
        report = builder.update()
    # Any failure, not a list of the expected ones: the save has committed, so the person is
    # owed one outcome ("saved, out of search for now") whatever broke, be it the disk, the
    # database, the model or a Chroma client or server (chromadb's and httpx's own errors).
    except Exception as error:
        logger.exception("The search index update after a save failed")
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return (
            "It is out of search until the search index can be updated "
            f"(it could not be now: {reason}); the next update brings it back."
        )
    return f"Search index updated: {report.embedded} chunk(s) embedded, {report.removed} removed."
