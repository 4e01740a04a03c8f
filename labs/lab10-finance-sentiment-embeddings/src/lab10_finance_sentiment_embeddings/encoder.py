"""The sentence encoder: a Hugging Face model plus mean pooling, through sentence-transformers."""

from __future__ import annotations

import numpy as np
import torch
from llmlab.zoo import resolve_model
from sentence_transformers import SentenceTransformer
from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
from transformers.utils import logging as hf_logging

DEFAULT_MODEL = "course-encoder"


def load_encoder(name_or_path: str | None = None, max_seq_length: int = 64) -> SentenceTransformer:
    """A mean-pooling sentence encoder on CPU.

    ``name_or_path`` is a zoo name, a local folder or a Hugging Face id; ``None`` or an id that
    cannot be reached falls back to the zoo's ``course-encoder`` (offline).
    """
    path = resolve_model(name_or_path, fallback=DEFAULT_MODEL)
    # An encoder saved without BERT's unused pooler head makes transformers print a load
    # report about it (mean pooling never reads that head); a progress bar per load is noise.
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    word = Transformer(path, max_seq_length=max_seq_length)
    pooling = Pooling(word.get_embedding_dimension(), pooling_mode="mean")
    return SentenceTransformer(modules=[word, pooling], device="cpu")


def embed_batch(model: SentenceTransformer, texts: list[str]) -> torch.Tensor:
    """Mean-pooled embeddings of ``texts``, float32 (len(texts), dim), differentiable.

    Tokenise with ``model.preprocess(texts)``, run ``model(features)`` and return its
    ``"sentence_embedding"``; no normalisation, no ``torch.no_grad``: training backpropagates
    through this.
    """
    # BEGIN SOLUTION
    features = model.preprocess(texts)
    features = {k: v.to(model.device) if isinstance(v, torch.Tensor) else v
                for k, v in features.items()}
    return model(features)["sentence_embedding"]
    # END SOLUTION


def encode(model: SentenceTransformer, texts: list[str], batch_size: int = 128) -> np.ndarray:
    """L2-normalised embeddings of ``texts`` as float32 (len(texts), dim), in eval mode."""
    return model.encode(texts, batch_size=batch_size, convert_to_numpy=True,
                        normalize_embeddings=True, show_progress_bar=False).astype(np.float32)
