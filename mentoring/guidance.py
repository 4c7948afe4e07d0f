"""Troubleshooting guidance by the mentee's level, for the problems mentees bring most.

A beginner gets steps to follow, an intermediate mentee questions that lead them to the cause,
an advanced mentee the trade-offs to weigh. Written for FAISS, Chroma and sentence-transformers
as this team uses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mentoring.capstones import CapstoneLevel


class Problem(StrEnum):
    CONNECTION = "connection"
    EMBEDDING_QUALITY = "embedding_quality"
    PERFORMANCE = "performance"


PROBLEM_LABELS = {
    Problem.CONNECTION: "Cannot connect to the vector store",
    Problem.EMBEDDING_QUALITY: "Results are not relevant (embedding quality)",
    Problem.PERFORMANCE: "Search or indexing is too slow",
}
STYLE_BY_LEVEL = {
    CapstoneLevel.BEGINNER: "Step by step: work through these in order and stop at the first fix.",
    CapstoneLevel.INTERMEDIATE: "Guiding questions: ask, let them find the cause, then confirm.",
    CapstoneLevel.ADVANCED: "Trade-offs: discuss which costs they accept, and how to measure.",
}

_STEPS: dict[Problem, tuple[str, ...]] = {
    Problem.CONNECTION: (
        "Read the full error message: a refused connection, a timeout and a 'collection does "
        "not exist' error have different causes.",
        "Check which client the code creates: chromadb.PersistentClient(path=...) reads a local "
        "folder, chromadb.HttpClient(host=..., port=...) needs a running server.",
        "For a server, open http://<host>:<port>/api/v2/heartbeat in a browser or with curl; no "
        "answer means the server is down or the host/port is wrong.",
        "Find where your own service takes the store's host and port from (environment, "
        "config file, defaults in the code) and print what it actually got: a typo, a stray "
        "space or 'localhost' inside a container points it at the wrong place.",
        "For a FAISS index on disk, check the file path exists and that the process may read it; "
        "faiss.read_index raises if the file is missing or truncated.",
        "List the collections (client.list_collections()) to confirm the name you query exists.",
        "Still stuck: write down the exact command, error and what you tried, and bring it.",
    ),
    Problem.EMBEDDING_QUALITY: (
        "Make sure documents and queries go through the same model: mixing models gives "
        "vectors that cannot be compared.",
        "Check the vectors are L2-normalised (normalize_embeddings=True) when the index uses "
        "inner product (IndexFlatIP), so scores are cosine similarities.",
        "Look at the chunks themselves: all-MiniLM-L6-v2 reads at most 256 word pieces and "
        "silently cuts the rest, so very long chunks lose their end.",
        "Print the top 5 results with their scores for three queries you know the answer to.",
        "If the right chunk is missing, try the exact words of the document as the query: if "
        "that finds it, the problem is vocabulary, and BM25 or hybrid search helps.",
        "Write down five queries with the results you expected; that is your first test set.",
    ),
    Problem.PERFORMANCE: (
        "Measure first: time the embedding step and the search step separately.",
        "Embed in batches (model.encode(texts, batch_size=64)) instead of one text at a time.",
        "Load the model once and keep it; loading it per request costs seconds.",
        "Check the index size (index.ntotal) and type: a flat index compares the query with "
        "every vector, which is fine up to a few hundred thousand.",
        "Search several queries in one call (index.search on a 2-D array) when you can.",
        "Write down the numbers before and after each change.",
    ),
}

_QUESTIONS: dict[Problem, tuple[str, ...]] = {
    Problem.CONNECTION: (
        "Is the failure in reaching the server, in authentication, or in finding the collection? "
        "What in the error tells you?",
        "Does it fail from your machine only, or also from the server itself?",
        "Which client does the code build in this environment, and where does it get host and "
        "port from?",
        "What changed since it last worked: versions, configuration, network, data folder?",
        "How would the app behave for users while the store is unreachable, and is that "
        "acceptable?",
    ),
    Problem.EMBEDDING_QUALITY: (
        "How do you know the results are bad: which queries, and what did you expect?",
        "Are the failing queries worded like the documents, or in the users' own words?",
        "How are the documents chunked, and does a relevant passage survive as one chunk?",
        "Would a different distance (cosine, inner product, L2) change the order, given how "
        "the vectors are normalised?",
        "Which metric on which test set would show that a change helped?",
    ),
    Problem.PERFORMANCE: (
        "Where does the time go: loading, embedding, searching or the code around them?",
        "How many vectors, of which dimension, and how fast is the collection growing?",
        "Is the latency target about one query or about throughput under load?",
        "What recall would you give up for speed, and how would you measure that loss?",
        "Does the index fit in memory on the target machine, with room to grow?",
    ),
}

_TRADE_OFFS: dict[Problem, tuple[str, ...]] = {
    Problem.CONNECTION: (
        "Embedded (PersistentClient, FAISS files) vs a Chroma server: no network to fail and "
        "simple deploys vs one shared index, separate scaling and a service to run.",
        "Fail fast vs retry with backoff: quick, honest errors vs resilience to blips that can "
        "hide a real outage and pile up requests.",
        "Degrade to keyword search (BM25) when the vector store is down: users keep some "
        "answers, at the cost of a second path to test and keep in sync.",
        "Health checks and timeouts tight enough to notice, loose enough not to flap.",
    ),
    Problem.EMBEDDING_QUALITY: (
        "A bigger or domain-tuned model vs all-MiniLM-L6-v2: better relevance vs slower "
        "embedding, larger vectors and a full re-index when it changes.",
        "Fine-tuning on the team's pairs vs hybrid search with BM25: a stronger model vs a "
        "cheaper fix that covers exact terms, names and codes.",
        "Chunk size: small chunks match precisely but lose context; large ones keep context "
        "but dilute the vector and hit the 256 word-piece limit.",
        "A re-ranker (cross-encoder) on the top results: more relevant order for more latency "
        "per query.",
        "Which offline metric (recall@k, nDCG@10) stands in for user satisfaction, and how "
        "often to re-check it as documents change.",
    ),
    Problem.PERFORMANCE: (
        "Exact (IndexFlatIP) vs approximate (HNSW, IVF): perfect recall and no training vs "
        "sub-linear search that loses some recall and needs parameters (efSearch, nprobe).",
        "HNSW vs IVF: HNSW is fast and accurate but memory-hungry and slow to delete from; IVF "
        "is compact and quick to build but needs training data and tuning of nprobe.",
        "Quantisation (PQ, scalar) vs full floats: several times less memory for a measurable "
        "loss of recall.",
        "Batching for throughput vs single queries for latency; GPU vs CPU for embedding.",
        "Sharding or a server vs one process: scale and isolation vs operational cost.",
    ),
}


@dataclass(frozen=True)
class Guidance:
    problem: Problem
    problem_label: str
    level: CapstoneLevel
    style: str
    points: tuple[str, ...]


def guidance_for(problem: Problem, level: CapstoneLevel) -> Guidance:
    """What to give a mentee of `level` who brings `problem`."""
    points = {
        CapstoneLevel.BEGINNER: _STEPS,
        CapstoneLevel.INTERMEDIATE: _QUESTIONS,
        CapstoneLevel.ADVANCED: _TRADE_OFFS,
    }[level][problem]
    return Guidance(problem, PROBLEM_LABELS[problem], level, STYLE_BY_LEVEL[level], points)
