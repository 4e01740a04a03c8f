import os

# Set before torch loads: busy-waiting OpenMP threads crawl on a shared CPU.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("LLMLAB_PROGRESS", "0")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def zoo_lm():
    """The zoo's stories-lm-small and its tokenizer (loaded once for the session)."""
    import torch
    from llmlab.zoo import zoo_path
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.set_num_threads(1)
    path = zoo_path("stories-lm-small")
    return AutoModelForCausalLM.from_pretrained(path).eval(), AutoTokenizer.from_pretrained(path)
