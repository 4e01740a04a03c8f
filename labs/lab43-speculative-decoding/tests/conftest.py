import os

# Set before torch loads: busy-waiting OpenMP threads crawl on a shared CPU (see the package).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("LLMLAB_PROGRESS", "0")

import pytest  # noqa: E402
import torch  # noqa: E402
from transformers import GPT2Config, GPT2LMHeadModel  # noqa: E402
from transformers.utils import logging  # noqa: E402

torch.set_num_threads(1)
logging.set_verbosity_error()


@pytest.fixture
def make_lm():
    """A tiny random GPT-2, the same weights for the same seed."""

    def make(seed: int, vocab: int = 16, n_layer: int = 2, n_embd: int = 16, init: float = 0.2):
        torch.manual_seed(seed)
        config = GPT2Config(vocab_size=vocab, n_positions=128, n_embd=n_embd, n_layer=n_layer,
                            n_head=2, initializer_range=init, bos_token_id=0, eos_token_id=0)
        return GPT2LMHeadModel(config).eval()

    return make


@pytest.fixture
def greedy_reference():
    """The target's greedy tokens by full recomputation, no cache anywhere."""

    @torch.no_grad()
    def run(model, ids: torch.Tensor, n: int) -> list[int]:
        for _ in range(n):
            nxt = model(ids).logits[0, -1].argmax()
            ids = torch.cat([ids, nxt.view(1, 1).to(ids.device)], dim=1)
        return ids[0].tolist()

    return run
