"""Who may see each indexed chunk, held in memory as columns, so a search's allowed set costs
a few vectorised comparisons instead of a registry query.

`ChunkFacts` is built from the registry rows each time the index is saved and written beside
FAISS and BM25 (same write-and-rename, same manifest stamp), so it always describes the chunks
those stores hold. `allowed` applies exactly the one rule for reading a note,
`storage.access.can_read_note`, as `registry.visible_clause` does in SQL, and the filters of
`registry.allowed_chunk_ids` (tests compare all three); at 100k chunks the registry
query took seconds, this takes about a millisecond.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from search.registry import SearchFilters
from storage.enums import Visibility
from storage.models import SearchChunk
from storage.people import PersonRef
from storage.search_sources import NOTE_SOURCE

Ids = npt.NDArray[np.int64]
_VISIBILITY_CODES = {Visibility.TEAM: 0, Visibility.PRIVATE: 1, Visibility.PAIR: 2}
_COLUMNS = ("ids", "team", "author", "pair", "visibility", "module", "source_type", "source", "day")


@dataclass(frozen=True)
class ChunkFacts:
    """One entry per chunk, in id order; a missing person, team or module is 0."""

    ids: Ids
    team: Ids
    author: Ids
    pair: Ids
    visibility: npt.NDArray[np.int8]
    module: Ids
    source_type: npt.NDArray[np.str_]
    source: Ids  # source_id (a note's id, for notes shared with a community)
    day: Ids  # source_date as an ordinal
    tags: Mapping[str, frozenset[int]]  # tag → ids of the chunks carrying it
    generation: int = 0  # the index generation they describe

    @classmethod
    def empty(cls) -> ChunkFacts:
        return cls.from_rows({})

    @classmethod
    def from_rows(cls, rows: Mapping[int, SearchChunk], generation: int = 0) -> ChunkFacts:
        ordered = [rows[i] for i in sorted(rows)]

        def column(values: Sequence[int | None]) -> Ids:
            return np.asarray([v or 0 for v in values], dtype=np.int64)

        tags: dict[str, set[int]] = {}
        for row in ordered:
            for tag in row.tags or ():
                tags.setdefault(tag, set()).add(int(row.id or 0))
        return cls(
            ids=column([r.id for r in ordered]),
            team=column([r.team_id for r in ordered]),
            author=column([r.author_id for r in ordered]),
            pair=column([r.pair_person_id for r in ordered]),
            visibility=np.asarray(
                [_VISIBILITY_CODES[Visibility(r.visibility)] for r in ordered], dtype=np.int8
            ),
            module=column([r.module_id for r in ordered]),
            source_type=np.asarray([r.source_type for r in ordered], dtype=np.str_),
            source=column([r.source_id for r in ordered]),
            day=column([r.source_date.toordinal() for r in ordered]),
            tags={tag: frozenset(ids) for tag, ids in tags.items()},
            generation=generation,
        )

    def __len__(self) -> int:
        return len(self.ids)

    def allowed(
        self, viewer: PersonRef, filters: SearchFilters, shared_notes: frozenset[int] = frozenset()
    ) -> Ids:
        """Ids (ascending) of the chunks `viewer` may see (`storage.access.can_read_note`;
        `shared_notes`: `storage.access.notes_shared_with` the viewer) that pass `filters`."""
        team_code = _VISIBILITY_CODES[Visibility.TEAM]
        mask = ((self.team == 0) | (self.team == viewer.team_id)) & (
            (self.visibility == team_code)
            | (self.author == viewer.id)
            | ((self.visibility == _VISIBILITY_CODES[Visibility.PAIR]) & (self.pair == viewer.id))
        )
        if shared_notes:
            mask |= (
                (self.source_type == NOTE_SOURCE)
                & (self.visibility == team_code)
                & np.isin(self.source, np.fromiter(shared_notes, dtype=np.int64))
            )
        if filters.author_id is not None:
            mask &= self.author == filters.author_id
        if filters.module_id is not None:
            mask &= self.module == filters.module_id
        if filters.source_types:
            mask &= np.isin(self.source_type, sorted(filters.source_types))
        if filters.since is not None:
            mask &= self.day >= filters.since.toordinal()
        if filters.until is not None:
            mask &= self.day <= filters.until.toordinal()
        for tag in sorted(filters.tags):
            tagged = np.fromiter(self.tags.get(tag, ()), dtype=np.int64)
            mask &= np.isin(self.ids, tagged)
        return np.asarray(self.ids[mask], dtype=np.int64)

    def save(self, path: Path) -> None:
        """Write next to `path` and rename over it, so a crash mid-write keeps the old file."""
        temporary = path.with_name(path.name + ".tmp")
        with temporary.open("wb") as handle:
            np.savez(
                handle,
                **{name: getattr(self, name) for name in _COLUMNS},
                tags=np.asarray(json.dumps({t: sorted(ids) for t, ids in self.tags.items()})),
                generation=np.asarray(self.generation, dtype=np.int64),
            )
        os.replace(temporary, path)

    @classmethod
    def load(cls, path: Path) -> ChunkFacts | None:
        """The saved facts, or None when there is no file (an index saved before them)."""
        if not path.is_file():
            return None
        with np.load(path, allow_pickle=False) as data:
            if any(name not in data.files for name in _COLUMNS):
                return None  # saved before a column was added: the registry answers instead
            columns = {name: data[name] for name in _COLUMNS}
            tags = json.loads(str(data["tags"]))
            generation = int(data["generation"]) if "generation" in data.files else 0
        return cls(
            **columns, tags={t: frozenset(ids) for t, ids in tags.items()}, generation=generation
        )
