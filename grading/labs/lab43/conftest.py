"""Tiny random GPT-2s and Llamas built from configs with fixed seeds: fast, exact, no trained weights
needed. The Llamas match the zoo pair's architecture (rotary positions read from the cache)."""

import copy
import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import pytest  # noqa: E402
import torch  # noqa: E402
from transformers import GPT2Config, GPT2LMHeadModel, LlamaConfig, LlamaForCausalLM  # noqa: E402
from transformers.utils import logging  # noqa: E402

torch.set_num_threads(1)
logging.set_verbosity_error()


def _lm(seed: int, vocab: int = 16, n_layer: int = 2, n_embd: int = 16, init: float = 0.2):
    torch.manual_seed(seed)
    config = GPT2Config(vocab_size=vocab, n_positions=128, n_embd=n_embd, n_layer=n_layer, n_head=2,
                        initializer_range=init, bos_token_id=0, eos_token_id=0)
    return GPT2LMHeadModel(config).eval()


def _llama(seed: int, vocab: int = 16, n_layer: int = 2, width: int = 16, init: float = 0.2):
    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=vocab, hidden_size=width, intermediate_size=2 * width,
                         num_hidden_layers=n_layer, num_attention_heads=2, num_key_value_heads=2,
                         max_position_embeddings=128, initializer_range=init, bos_token_id=0,
                         eos_token_id=0, pad_token_id=0)
    return LlamaForCausalLM(config).eval()


def _noisy(model, seed: int, std: float):
    """A draft that mostly agrees with ``model``: the same weights plus Gaussian noise."""
    draft = copy.deepcopy(model)
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in draft.parameters():
            p.add_(torch.randn(p.shape, generator=generator) * std)
    return draft


@pytest.fixture
def make_lm():
    return _lm


@pytest.fixture
def make_llama():
    return _llama


@pytest.fixture
def noisy_copy():
    return _noisy


@pytest.fixture
def greedy_reference():
    """The target's greedy tokens by full recomputation: no cache anywhere."""

    @torch.no_grad()
    def run(model, ids: torch.Tensor, n: int) -> list[int]:
        for _ in range(n):
            nxt = model(ids).logits[0, -1].argmax()
            ids = torch.cat([ids, nxt.view(1, 1)], dim=1)
        return ids[0].tolist()

    return run


@pytest.fixture
def chi_square():
    """(statistic, critical value at p = 0.001) of observed counts against expected probabilities;
    cells expected below 5 are pooled."""

    def run(counts: torch.Tensor, probs: torch.Tensor) -> tuple[float, float]:
        n = counts.sum().item()
        expected = probs.double() * n
        small = expected < 5
        obs = torch.cat([counts.double()[~small], counts.double()[small].sum().view(1)])
        exp = torch.cat([expected[~small], expected[small].sum().view(1)])
        keep = exp > 0
        obs, exp = obs[keep], exp[keep]
        stat = (((obs - exp) ** 2) / exp).sum().item()
        df = obs.numel() - 1
        z = 3.0902  # Wilson-Hilferty approximation of the chi-square quantile
        critical = df * (1 - 2 / (9 * df) + z * (2 / (9 * df)) ** 0.5) ** 3
        return stat, critical

    return run
