"""Sentence embeddings: a transformer, mean pooling, unit length, and a cache so that no text is
embedded twice."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

# Before torch loads: OpenMP threads that busy-wait for each other crawl on a shared CPU.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
from llmlab.zoo import resolve_model, zoo_path  # noqa: E402

DEFAULT_MODEL = "course-encoder"


def l2_normalize(x: np.ndarray) -> np.ndarray:
    """Rows of ``x`` (n, d) scaled to unit L2 norm, as a new float32 array of the same shape.

    A row of zeros stays zeros (dividing by 0 would give NaN). After this, the inner product of
    two rows is their cosine similarity.
    """
    # BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(norms, np.float32(1e-12))
    # END SOLUTION


class EmbeddingCache:
    """Unit vectors by text for one model, in memory and (with ``path``) in an ``.npz`` file.

    Keys are SHA-256 digests of the text, so the file holds no document text.
    """

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else None
        self._vectors: dict[str, np.ndarray] = {}
        if self.path is not None and self.path.is_file():
            with np.load(self.path) as data:
                self._vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, text: str) -> np.ndarray | None:
        """The cached vector of ``text``, or None."""
        return self._vectors.get(self.key(text))

    def put(self, text: str, vector: np.ndarray) -> None:
        self._vectors[self.key(text)] = np.asarray(vector, dtype=np.float32)

    def save(self) -> None:
        """Write the cache to ``path`` (atomically: a crash leaves the old file); no-op without a path."""
        if self.path is None or not self._vectors:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp.npz")
        np.savez(tmp, keys=np.array(list(self._vectors)), vectors=np.stack(list(self._vectors.values())))
        tmp.replace(self.path)

    def __len__(self) -> int:
        return len(self._vectors)


def load_sentence_model(name_or_path: str, max_seq_length: int = 256):
    """A ``SentenceTransformer`` for a zoo folder, a local folder or a Hugging Face id.

    A folder holding a plain Hugging Face encoder (no ``modules.json``, like the zoo's) becomes
    transformer + mean pooling, the pooling the zoo's ``course-encoder`` was trained with.
    """
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer

    folder = Path(name_or_path)
    if not folder.is_dir() or (folder / "modules.json").is_file():
        return SentenceTransformer(name_or_path, device="cpu")
    word = Transformer(str(folder), max_seq_length=max_seq_length)
    pooling = Pooling(word.get_embedding_dimension(), pooling_mode="mean")
    return SentenceTransformer(modules=[word, pooling], device="cpu")


class Encoder:
    """Texts to unit-length float32 embeddings, each text run through the model at most once.

    ``model`` is a zoo name, a local folder or a Hugging Face id (``None``: the zoo's
    ``course-encoder``); ids that cannot be reached fall back to the zoo with one line on stderr.
    With ``cache_dir`` the embeddings persist between runs in ``cache_dir/<model>.npz``.
    ``sentence_model`` replaces loading: any object with ``encode(texts, batch_size=...,
    convert_to_numpy=True, show_progress_bar=False)`` and ``get_embedding_dimension()`` (tests
    pass a tiny stand-in so they need no transformer).
    """

    def __init__(self, model: str | None = None, batch_size: int = 64,
                 cache_dir: str | Path | None = None, sentence_model=None):
        if sentence_model is None:
            resolved = resolve_model(model, fallback=DEFAULT_MODEL)
            # An unreachable hub id falls back to the zoo: name the model actually used.
            fell_back = resolved == str(zoo_path(DEFAULT_MODEL))
            self.model_id = DEFAULT_MODEL if fell_back else (model or DEFAULT_MODEL)
            self.model = load_sentence_model(resolved)
        else:
            self.model_id, self.model = model or DEFAULT_MODEL, sentence_model
        self.dim: int = self.model.get_embedding_dimension()
        self.batch_size = batch_size
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", self.model_id).strip("_")
        self.cache = EmbeddingCache(Path(cache_dir) / f"{slug}.npz" if cache_dir else None)
        self.n_encoded = 0  # texts actually run through the model; cache hits do not count

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        """Raw (not yet normalised) mean-pooled embeddings of ``texts``, (len(texts), dim)."""
        return self.model.encode(texts, batch_size=self.batch_size, convert_to_numpy=True,
                                 show_progress_bar=False)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of ``texts``: float32 (len(texts), dim), rows of unit norm, in input order.

        Texts already in ``self.cache`` are not recomputed; the others (each distinct text once)
        go through ``embed_batch`` in one call, are normalised with ``l2_normalize``, added to
        the cache and counted in ``self.n_encoded``; the cache is saved when anything was added.
        """
        # BEGIN SOLUTION
        missing = list(dict.fromkeys(t for t in texts if self.cache.get(t) is None))
        if missing:
            for text, vector in zip(missing, l2_normalize(self.embed_batch(missing)), strict=True):
                self.cache.put(text, vector)
            self.n_encoded += len(missing)
            self.cache.save()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.cache.get(t) for t in texts]).astype(np.float32)
        # END SOLUTION
