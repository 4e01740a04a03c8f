import os

# Before torch loads: OpenMP threads that busy-wait for each other crawl on a shared CPU.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("LLMLAB_PROGRESS", "0")
import faiss
import numpy as np
import pytest
from lab08_arxiv_semantic_search.corpus import default_documents, default_queries

# One FAISS thread: HNSW graphs built in parallel differ from run to run.
faiss.omp_set_num_threads(1)
N_DOCS, N_QUERIES = 1000, 120


@pytest.fixture(scope="session")
def encoder():
    from lab08_arxiv_semantic_search.encoder import Encoder

    return Encoder()


@pytest.fixture(scope="session")
def documents():
    return default_documents(N_DOCS, seed=0)


@pytest.fixture(scope="session")
def queries():
    return default_queries(N_DOCS, N_QUERIES, seed=0)


@pytest.fixture(scope="session")
def doc_vectors(encoder, documents) -> np.ndarray:
    return encoder.encode([d.content for d in documents])


@pytest.fixture(scope="session")
def query_vectors(encoder, queries) -> np.ndarray:
    return encoder.encode([q.text for q in queries])
