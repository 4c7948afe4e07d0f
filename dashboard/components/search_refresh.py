"""Bringing search up to date right after a save that changed searchable text or who may
read it, with one sentence saying how that went.

The save itself already took the changed source out of search (storage/search_sources.py),
in its own transaction, so whatever goes wrong here can only leave it unfindable for a
while, never findable by someone it was just hidden from.
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from search.embedding import EmbeddingError
from search.indexing import IndexBuilder, ModelChanged


def reindex(builder: IndexBuilder) -> str:
    """Update the index now; the sentence to add to the save's confirmation."""
    try:
        report = builder.update()
    except (ModelChanged, EmbeddingError, OSError, SQLAlchemyError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return (
            "It is out of search until the search index can be updated "
            f"(it could not be now: {reason}); the next update brings it back."
        )
    return f"Search index updated: {report.embedded} chunk(s) embedded, {report.removed} removed."
