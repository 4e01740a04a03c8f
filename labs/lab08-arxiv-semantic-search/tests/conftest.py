import os
import zlib

# Set before torch could load: busy-waiting OpenMP threads crawl on a shared CPU.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("LLMLAB_PROGRESS", "0")
import numpy as np
import pytest
from lab08_arxiv_semantic_search.corpus import default_documents
from lab08_arxiv_semantic_search.encoder import Encoder
from lab08_arxiv_semantic_search.tfidf import tokenize


class BagOfWordsModel:
    """A stand-in for a SentenceTransformer: hashed word counts, so tests need no transformer."""

    dim = 64

    def __init__(self):
        self.calls: list[list[str]] = []

    def get_embedding_dimension(self) -> int:
        return self.dim

    def encode(self, texts, batch_size=64, convert_to_numpy=True, show_progress_bar=False):
        self.calls.append(list(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in tokenize(text):
                out[row, zlib.crc32(word.encode()) % self.dim] += 1.0
        return out


@pytest.fixture
def stub_encoder() -> Encoder:
    return Encoder("bag-of-words", sentence_model=BagOfWordsModel())


@pytest.fixture(scope="session")
def documents():
    return default_documents(200, seed=0)
