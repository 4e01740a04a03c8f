import math

import pytest
import torch
from lab16_mini_gpt.model import GPT, CausalSelfAttention, GPTConfig, causal_mask

CONFIG = GPTConfig(vocab_size=30, block_size=16, n_layer=2, n_head=2, n_embd=32)


def test_causal_mask():
    mask = causal_mask(4)
    assert mask.shape == (4, 4) and mask.dtype == torch.bool
    assert mask[3].all() and not mask[0, 1:].any()


def test_attention_shape():
    attn = CausalSelfAttention(CONFIG)
    assert attn(torch.randn(3, 7, 32)).shape == (3, 7, 32)


def test_forward_shapes_and_loss():
    torch.manual_seed(0)
    model = GPT(CONFIG)
    idx = torch.randint(30, (2, 10))
    logits, loss = model(idx)
    assert logits.shape == (2, 10, 30) and loss is None
    _, loss = model(idx, torch.randint(30, (2, 10)))
    assert loss.shape == () and abs(loss.item() - math.log(30)) < 0.3


def test_too_long_input_is_refused():
    with pytest.raises(ValueError, match="block_size"):
        GPT(CONFIG)(torch.zeros(1, 17, dtype=torch.long))


def test_bad_config_is_explained():
    with pytest.raises(ValueError, match="divisible"):
        GPTConfig(vocab_size=10, n_embd=30, n_head=4)
