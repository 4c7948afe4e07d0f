"""The embedder boundary: the hash test double, and once the real packaged model."""

from __future__ import annotations

import numpy as np
import pytest

from search.embedding import (
    UPSTREAM_WEIGHTS_SHA256,
    EmbeddingError,
    HashEmbedder,
    SentenceTransformerEmbedder,
    file_sha256,
    packaged_model_path,
)


def test_hash_embedder_is_deterministic_normalised_and_word_based() -> None:
    embedder = HashEmbedder()
    vectors = embedder.embed(["IVF nprobe tuning", "ivf NPROBE tuning", "chroma metadata filters"])
    assert vectors.shape == (3, embedder.dimension)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    assert np.allclose(vectors[0], vectors[1])  # same words, any case
    assert float(vectors[0] @ vectors[2]) < 0.5
    assert embedder.calls == [["IVF nprobe tuning", "ivf NPROBE tuning", "chroma metadata filters"]]


def test_packaged_weights_match_the_upstream_hash() -> None:
    path = packaged_model_path()
    assert file_sha256(path / "model.safetensors") == UPSTREAM_WEIGHTS_SHA256


def test_real_model_puts_related_sentences_closer_than_unrelated_ones() -> None:
    embedder = SentenceTransformerEmbedder()
    vectors = embedder.embed(
        [
            "How do I pick nprobe for an IVF index?",
            "Raising nprobe scans more inverted lists: recall goes up, so does latency.",
            "Our team lunch is on Friday at noon.",
        ]
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.2
    # The model's own tokenizer counts word pieces ("nprobe" is several of them).
    assert embedder.count_pieces("nprobe") > 1


def test_counting_word_pieces_reads_the_tokenizer_file_without_loading_the_model() -> None:
    counter = SentenceTransformerEmbedder()
    texts = ["nprobe", "Ünïcödé café — naïve 東京 🚀", "HNSW's efSearch trades recall for latency."]
    counts = [counter.count_pieces(text) for text in texts]
    assert counter._model is None  # chunking alone must not load the weights
    model_tokenizer = SentenceTransformerEmbedder()._loaded().tokenizer
    assert counts == [
        len(model_tokenizer(text, add_special_tokens=False)["input_ids"]) for text in texts
    ]


def test_an_unknown_model_path_is_a_readable_error(tmp_path: object) -> None:
    embedder = SentenceTransformerEmbedder(f"{tmp_path}/no-such-model")
    with pytest.raises(EmbeddingError, match="Cannot load embedding model"):
        embedder.embed(["x"])
