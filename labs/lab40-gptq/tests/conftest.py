import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("LLMLAB_PROGRESS", "0")

import pytest  # noqa: E402
import torch  # noqa: E402
from transformers import LlamaConfig, LlamaForCausalLM  # noqa: E402
from transformers.utils import logging  # noqa: E402

torch.set_num_threads(1)
logging.set_verbosity_error()


@pytest.fixture
def layer_problem():
    """``(weight, x, H)``: a layer whose input features differ in scale and are correlated."""

    def make(seed: int, out: int = 32, columns: int = 128, n: int = 1024):
        g = torch.Generator().manual_seed(seed)
        weight = torch.randn(out, columns, generator=g)
        mix = torch.randn(columns, columns, generator=g) * torch.rand(columns, generator=g) ** 3
        x = torch.randn(n, columns, generator=g) @ mix
        return weight, x, 2 * x.T @ x / n

    return make


@pytest.fixture
def tiny_llama():
    """A random 2-layer Llama (width 32, vocab 32), the same weights every time."""
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=32, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=64)
    return LlamaForCausalLM(config).eval()
