"""Fixed-seed weights, correlated activations and tiny random Llamas: fast, exact, no zoo needed."""

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import pytest  # noqa: E402
import torch  # noqa: E402
from transformers import LlamaConfig, LlamaForCausalLM  # noqa: E402
from transformers.utils import logging  # noqa: E402

torch.set_num_threads(1)
logging.set_verbosity_error()


def _layer_problem(seed: int, out: int = 48, columns: int = 256, n: int = 2048):
    """A weight and activations whose features have very different scales and correlations, as
    in real models: the setting where error compensation pays."""
    g = torch.Generator().manual_seed(seed)
    weight = torch.randn(out, columns, generator=g)
    mix = torch.randn(columns, columns, generator=g) * torch.rand(columns, generator=g) ** 3
    x = torch.randn(n, columns, generator=g) @ mix + torch.randn(columns, generator=g)
    return weight, x, 2 * x.T @ x / n


def _llama(seed: int, hidden: int = 64, intermediate: int = 128, layers: int = 2, vocab: int = 64):
    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=vocab, hidden_size=hidden, intermediate_size=intermediate,
                         num_hidden_layers=layers, num_attention_heads=4, num_key_value_heads=4,
                         max_position_embeddings=64)
    return LlamaForCausalLM(config).eval()


@pytest.fixture
def layer_problem():
    return _layer_problem


@pytest.fixture
def make_llama():
    return _llama
