import os

# Before torch loads: OpenMP threads that busy-wait for each other crawl on a shared CPU.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("LLMLAB_PROGRESS", "0")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import pytest  # noqa: E402
from lab09_multimodal_product_search.catalogue import (  # noqa: E402
    held_out_products,
    product_images,
    rephotograph,
)
from lab09_multimodal_product_search.embeddings import load_clip  # noqa: E402


@pytest.fixture(scope="session")
def clip():
    """The zoo's products-clip (given code: load_clip is not a task)."""
    return load_clip()


@pytest.fixture(scope="session")
def held_out():
    """200 held-out products, their catalogue photos and a new photo of each."""
    products = held_out_products(200)
    return products, product_images(products), product_images([rephotograph(p) for p in products])
