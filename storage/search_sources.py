"""What search indexes, as storage knows it: the source kinds, and hiding a source from
search in the same transaction as the write that changes its text or who may read it.

The search index reads sources on its own schedule (search/indexing.py); until it has, the
chunk registry still holds the source's old rows with their old readers, and search prints
registry rows. A write that changes what a source says or who may read it marks those rows
readable by no one, with it, so the change is never visible before it is indexed: the source
is out of search until the next index update restores its rows from the source (embedding
only the chunks whose text changed), even if that update fails or never comes.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col

from storage.enums import Visibility
from storage.models import SearchChunk

NOTE_SOURCE = "note"
SESSION_SOURCE = "session"
MODULE_SOURCE = "module"


def hide_from_search(session: Session, source_type: str, source_id: int) -> None:
    """Make the source's chunk rows readable by no one (private, with no author), in the
    caller's transaction (see the module doc)."""
    session.execute(
        update(SearchChunk)
        .where(col(SearchChunk.source_type) == source_type)
        .where(col(SearchChunk.source_id) == source_id)
        .values(visibility=Visibility.PRIVATE, author_id=None, pair_person_id=None)
    )
