"""Retrieval quality: metric functions (pure), a BEIR folder reader, and runs over BEIR
corpora and the team's saved questions.

Relevance is binary (a source is relevant or not), as in SciFact's qrels and the saved
questions' marked hits; nDCG uses log2 discounts (Järvelin & Kekäläinen; BEIR's trec_eval).
"""

from __future__ import annotations

import hashlib
import json
import math
import tempfile
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlmodel import Session, col, select

from search.chroma_store import ChromaStore, make_client
from search.chunking import chunk_markdown
from search.embedding import PROGRESS_STEP_TEXTS, Embedder, Vectors
from search.faiss_store import FaissStore
from search.fusion import RRF_K, reciprocal_rank_fusion
from search.keyword import KeywordIndex
from search.retrieval import Backend, Retriever
from storage.errors import InvalidInput
from storage.models import SavedQuestion, SavedQuestionHit
from storage.people import get_person
from storage.progress import OnProgress, no_progress

# --- metrics ----------------------------------------------------------------------------


def recall_at_k(ranked: Sequence[Hashable], relevant: set[Any], k: int) -> float:
    """Share of the relevant items found in the first k (0 when nothing is relevant)."""
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & relevant) / len(relevant)


def mrr_at_k(ranked: Sequence[Hashable], relevant: set[Any], k: int = 10) -> float:
    """1 / rank of the first relevant item within the first k, else 0."""
    for rank, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[Hashable], relevant: set[Any], k: int = 10) -> float:
    """Discounted gain of the first k (1 per relevant item at rank r: 1 / log2(r + 1)), over
    the gain of the ideal ordering."""
    dcg = sum(
        1.0 / math.log2(rank + 1) for rank, item in enumerate(ranked[:k], 1) if item in relevant
    )
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return dcg / ideal if ideal else 0.0


@dataclass(frozen=True)
class Metrics:
    """Mean metrics over a set of queries."""

    ndcg_at_10: float
    recall_at_10: float
    recall_at_100: float
    mrr_at_10: float
    queries: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "nDCG@10": round(self.ndcg_at_10, 4),
            "Recall@10": round(self.recall_at_10, 4),
            "Recall@100": round(self.recall_at_100, 4),
            "MRR@10": round(self.mrr_at_10, 4),
            "queries": self.queries,
        }


def mean_metrics(runs: Iterable[tuple[Sequence[Hashable], set[Any]]]) -> Metrics:
    """Metrics averaged over (ranking, relevant set) pairs."""
    rows = [
        (
            ndcg_at_k(ranked, relevant, 10),
            recall_at_k(ranked, relevant, 10),
            recall_at_k(ranked, relevant, 100),
            mrr_at_k(ranked, relevant, 10),
        )
        for ranked, relevant in runs
    ]
    if not rows:
        return Metrics(0.0, 0.0, 0.0, 0.0, 0)
    means = np.mean(np.asarray(rows), axis=0)
    ndcg, recall_10, recall_100, mrr = (float(m) for m in means)
    return Metrics(ndcg, recall_10, recall_100, mrr, queries=len(rows))


# --- BEIR folders -------------------------------------------------------------------------


@dataclass(frozen=True)
class BeirDataset:
    corpus: dict[str, tuple[str, str]]  # doc id → (title, text)
    queries: dict[str, str]  # query id → text; only queries with judgements
    qrels: dict[str, set[str]]  # query id → relevant doc ids (score > 0)


def _jsonl(path: Path) -> Iterable[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise InvalidInput(f"{path.name}, line {number}: not JSON ({error.msg})") from error


def read_beir(folder: Path, split: str) -> BeirDataset:
    """A BEIR folder: corpus.jsonl, queries.jsonl and qrels/<split>.tsv (with a header row)."""
    needed = [folder / "corpus.jsonl", folder / "queries.jsonl", folder / "qrels" / f"{split}.tsv"]
    for path in needed:
        if not path.is_file():
            raise InvalidInput(
                f"{path} is missing; a BEIR folder needs {', '.join(p.name for p in needed)}"
            )
    corpus = {
        str(doc["_id"]): (str(doc.get("title", "")), str(doc.get("text", "")))
        for doc in _jsonl(needed[0])
    }
    qrels: dict[str, set[str]] = {}
    with needed[2].open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            parts = line.rstrip("\n").split("\t")
            if (number == 1 and parts[0] == "query-id") or not line.strip():
                continue
            if len(parts) != 3:
                raise InvalidInput(
                    f"qrels/{split}.tsv, line {number}: expected 3 tab-separated fields"
                )
            query_id, doc_id, score = parts
            if int(score) > 0:
                qrels.setdefault(query_id, set()).add(doc_id)
    queries = {str(q["_id"]): str(q["text"]) for q in _jsonl(needed[1]) if str(q["_id"]) in qrels}
    qrels = {q: docs for q, docs in qrels.items() if q in queries}
    return BeirDataset(corpus, queries, qrels)


# --- a BEIR run ----------------------------------------------------------------------------

BEIR_DOCS_RETRIEVED = 100
# Chunks fetched to fill 100 documents: SciFact abstracts make about two chunks each.
BEIR_CHUNKS_RETRIEVED = 300


@dataclass(frozen=True)
class BeirReport:
    metrics: dict[str, Metrics]
    documents: int
    chunks: int
    queries: int
    embed_seconds: float
    search_ms_per_query: dict[str, float]


def _embed_cached(
    embedder: Embedder,
    texts: Sequence[str],
    cache_dir: Path | None,
    on_progress: OnProgress,
    phase: str,
) -> Vectors:
    """Vectors of `texts`, a step of PROGRESS_STEP_TEXTS at a time, each step kept in
    `cache_dir` (keyed by model and its exact texts) as soon as it is embedded: a run stopped
    with Ctrl+C keeps the steps it finished, and the next run starts where it stopped."""
    parts: list[Vectors] = []
    on_progress(phase, 0, len(texts))
    for start in range(0, len(texts), PROGRESS_STEP_TEXTS):
        step = texts[start : start + PROGRESS_STEP_TEXTS]
        path = None
        if cache_dir is not None:
            digest = hashlib.sha256(embedder.model_id.encode())
            for text in step:
                digest.update(text.encode())
                digest.update(b"\0")
            path = cache_dir / f"{digest.hexdigest()[:32]}.npy"
        if path is not None and path.is_file():
            parts.append(np.load(path))
        else:
            vectors = embedder.embed(step)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                temporary = path.with_suffix(".tmp.npy")
                np.save(temporary, vectors)
                temporary.replace(path)  # never a half-written step
            parts.append(vectors)
        on_progress(phase, start + len(step), len(texts))
    return np.vstack(parts) if parts else embedder.embed(texts)


# The phases a BEIR run reports to its `on_progress`, in order.
PHASE_CHUNKING = "chunking documents"
PHASE_EMBEDDING_CHUNKS = "embedding chunks"
PHASE_EMBEDDING_QUERIES = "embedding queries"


def _best_per_doc(
    hits: Sequence[tuple[int, float]], chunk_doc: Sequence[str], limit: int
) -> list[str]:
    """Documents in order of their best chunk (a long document scores by its best chunk)."""
    seen: dict[str, None] = {}
    for chunk_id, _ in hits:
        seen.setdefault(chunk_doc[chunk_id], None)
        if len(seen) == limit:
            break
    return list(seen)


def evaluate_beir(
    dataset: BeirDataset,
    embedder: Embedder,
    backends: Sequence[Backend],
    *,
    rrf_k: int = RRF_K,
    on_progress: OnProgress = no_progress,
    cache_dir: Path | None = None,
) -> BeirReport:
    """Index the corpus apart from the team's data (a temporary folder) and score each backend.

    With `cache_dir`, vectors are kept there keyed by model and exact texts, a step at a time,
    so a second run (other backends, another RRF k), or one after an interrupted run, skips
    the embedding already done. Reports to `on_progress` as it chunks and embeds.
    """
    chunk_doc: list[str] = []
    texts: list[str] = []
    documents = len(dataset.corpus)
    on_progress(PHASE_CHUNKING, 0, documents)
    for done, (doc_id, (title, text)) in enumerate(dataset.corpus.items(), start=1):
        for chunk in chunk_markdown(text, count_pieces=embedder.count_pieces):
            chunk_doc.append(doc_id)
            texts.append(f"{title}\n{chunk.text}" if title else chunk.text)
        on_progress(PHASE_CHUNKING, done, documents)
    started = time.perf_counter()
    query_ids = list(dataset.queries)
    vectors = _embed_cached(embedder, texts, cache_dir, on_progress, PHASE_EMBEDDING_CHUNKS)
    query_texts = [dataset.queries[q] for q in query_ids]
    query_vectors = _embed_cached(
        embedder, query_texts, cache_dir, on_progress, PHASE_EMBEDDING_QUERIES
    )
    embed_seconds = time.perf_counter() - started
    ids = list(range(len(texts)))

    rankings: dict[Backend, list[list[str]]] = {}
    timings: dict[str, float] = {}
    need_dense = {Backend.FAISS, Backend.HYBRID} & set(backends)
    need_bm25 = {Backend.BM25, Backend.HYBRID} & set(backends)

    def timed(name: str, run: Callable[[], list[list[str]]]) -> list[list[str]]:
        begun = time.perf_counter()
        result = run()
        timings[name] = (time.perf_counter() - begun) * 1000 / max(len(query_ids), 1)
        return result

    if need_dense:
        faiss_store = FaissStore(vectors.shape[1])
        faiss_store.add(ids, vectors)
        rankings[Backend.FAISS] = timed(
            "faiss",
            lambda: [
                _best_per_doc(hits, chunk_doc, BEIR_DOCS_RETRIEVED)
                for hits in faiss_store.search_many(query_vectors, BEIR_CHUNKS_RETRIEVED)
            ],
        )
    if need_bm25:
        keyword = KeywordIndex(ids, texts)
        rankings[Backend.BM25] = timed(
            "bm25",
            lambda: [
                _best_per_doc(
                    keyword.search(dataset.queries[q], BEIR_CHUNKS_RETRIEVED),
                    chunk_doc,
                    BEIR_DOCS_RETRIEVED,
                )
                for q in query_ids
            ],
        )
    if Backend.CHROMA in backends:
        with tempfile.TemporaryDirectory(prefix="proficio-beir-") as folder:
            chroma = ChromaStore(make_client(path=Path(folder), host=None, port=0), "beir")
            chroma.add(ids, vectors, [{"doc": doc} for doc in chunk_doc])
            rankings[Backend.CHROMA] = timed(
                "chroma",
                lambda: [
                    _best_per_doc(hits, chunk_doc, BEIR_DOCS_RETRIEVED)
                    for hits in chroma.search_many(query_vectors, BEIR_CHUNKS_RETRIEVED)
                ],
            )
    if Backend.HYBRID in backends:
        rankings[Backend.HYBRID] = [
            [doc for doc, _ in reciprocal_rank_fusion([dense, sparse], k=rrf_k)][
                :BEIR_DOCS_RETRIEVED
            ]
            for dense, sparse in zip(rankings[Backend.FAISS], rankings[Backend.BM25], strict=True)
        ]
        timings["hybrid"] = timings["faiss"] + timings["bm25"]
    metrics = {
        backend.value: mean_metrics(
            (ranking, dataset.qrels[q])
            for q, ranking in zip(query_ids, rankings[backend], strict=True)
        )
        for backend in backends
    }
    return BeirReport(
        metrics, len(dataset.corpus), len(texts), len(query_ids), embed_seconds, timings
    )


# --- saved questions --------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionScore:
    question: str
    backend: str
    first_relevant_rank: int | None
    ndcg_at_10: float


@dataclass(frozen=True)
class SavedQuestionsReport:
    metrics: dict[str, Metrics]
    questions: tuple[QuestionScore, ...]


PHASE_ASKING = "asking saved questions"


def evaluate_saved_questions(
    session: Session,
    retriever: Retriever,
    team_id: int,
    backends: Sequence[Backend],
    *,
    on_progress: OnProgress = no_progress,
) -> SavedQuestionsReport:
    """Each saved question asked as the person who saved it; its marked hits are the relevant
    set. Questions with no marked hit are left out. Reports each search to `on_progress`."""
    questions = session.exec(
        select(SavedQuestion)
        .where(SavedQuestion.team_id == team_id)
        .order_by(col(SavedQuestion.id))
    ).all()
    marked: dict[int, set[tuple[str, int]]] = {}
    for hit in session.exec(select(SavedQuestionHit)):
        marked.setdefault(hit.question_id, set()).add((hit.source_type, hit.source_id))
    runs: dict[str, list[tuple[list[tuple[str, int]], set[tuple[str, int]]]]] = {
        b.value: [] for b in backends
    }
    scores: list[QuestionScore] = []
    asked = [q for q in questions if marked.get(q.id or -1)]
    total = len(asked) * len(backends)
    on_progress(PHASE_ASKING, 0, total)
    for question in asked:
        relevant = marked[question.id or -1]
        asker = get_person(session, question.asked_by_id)
        for backend in backends:
            response = retriever.search(
                session, actor=asker, query=question.question, backend=backend, k=100
            )
            ranked = [r.key for r in response.results]
            runs[backend.value].append((ranked, relevant))
            first = next((i for i, key in enumerate(ranked, 1) if key in relevant), None)
            scores.append(
                QuestionScore(
                    question.question, backend.value, first, ndcg_at_k(ranked, relevant, 10)
                )
            )
            on_progress(PHASE_ASKING, len(scores), total)
    return SavedQuestionsReport(
        {name: mean_metrics(pairs) for name, pairs in runs.items()}, tuple(scores)
    )
