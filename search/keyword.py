"""BM25 keyword index with `bm25s`: built from chunk texts, saved, queried with a row mask.

bm25s indexes are not updated in place, so every change rebuilds the whole index from the
registry's texts (milliseconds for a team's notes; about a second for SciFact's 5,000
abstracts). Filters and visibility go in as bm25s's `weight_mask`: rows outside it score 0
inside the scoring, and zero scores are dropped.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np
import Stemmer  # type: ignore[import-not-found]

from search.faiss_store import AllowedIds, membership

_STEMMER = Stemmer.Stemmer("english")
_IDS_FILE = "chunk_ids.json"


def _tokens(texts: Sequence[str]) -> list[list[str]]:
    tokenized = bm25s.tokenize(
        list(texts), stopwords="en", stemmer=_STEMMER, return_ids=False, show_progress=False
    )
    return [list(tokens) for tokens in tokenized]


class KeywordIndex:
    """BM25 over chunks; row i of the index is chunk `ids[i]`."""

    def __init__(self, ids: Sequence[int], texts: Sequence[str], generation: int = 0) -> None:
        self.ids = list(ids)
        self.generation = generation  # the index generation it was built at
        self._id_array = np.asarray(self.ids, dtype=np.int64)
        self._retriever: bm25s.BM25 | None = None
        if self.ids:
            self._retriever = bm25s.BM25()
            self._retriever.index(_tokens(texts), show_progress=False)

    def __len__(self) -> int:
        return len(self.ids)

    def search(
        self, query: str, k: int, allowed: AllowedIds | None = None
    ) -> list[tuple[int, float]]:
        """Best chunks for `query` as (chunk id, score), only among `allowed` when given."""
        if self._retriever is None or k <= 0:
            return []
        query_tokens = _tokens([query])
        mask = None
        if allowed is not None:
            flags = membership(allowed, int(self._id_array.max(initial=0)))
            mask = flags[self._id_array].astype(np.float32)
            if not mask.any():
                return []
        documents, scores = self._retriever.retrieve(
            query_tokens, k=min(k, len(self.ids)), weight_mask=mask, show_progress=False
        )
        return [
            (self.ids[int(row)], float(score))
            for row, score in zip(documents[0], scores[0], strict=True)
            if score > 0
        ]

    def save(self, folder: Path) -> None:
        """Write to `folder` through a sibling temporary folder, so a crash keeps the old one."""
        temporary = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(parents=True)
        if self._retriever is not None:
            self._retriever.save(str(temporary))
        (temporary / _IDS_FILE).write_text(
            json.dumps({"generation": self.generation, "ids": self.ids})
        )
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            folder.rename(old)
        temporary.rename(folder)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        index = cls([], [])
        ids_file = folder / _IDS_FILE
        if not ids_file.is_file():
            return index
        saved = json.loads(ids_file.read_text())
        if isinstance(saved, list):  # saved before generations: ids only
            saved = {"generation": 0, "ids": saved}
        index.ids = [int(i) for i in saved["ids"]]
        index.generation = int(saved["generation"])
        index._id_array = np.asarray(index.ids, dtype=np.int64)
        if index.ids:
            index._retriever = bm25s.BM25.load(str(folder))
        return index
