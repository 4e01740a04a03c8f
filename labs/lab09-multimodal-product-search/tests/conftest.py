import os

# Set before torch loads: busy-waiting OpenMP threads crawl on a shared CPU.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("LLMLAB_PROGRESS", "0")

import pytest  # noqa: E402
from lab09_multimodal_product_search.embeddings import load_clip  # noqa: E402


@pytest.fixture(scope="session")
def clip():
    """The zoo's products-clip, loaded once for all tests."""
    return load_clip()
