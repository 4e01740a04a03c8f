"""Public tests: quick checks of each task. The hidden tests check more, with other numbers."""

import math

import torch
import torch.nn as nn
from lab17_rope_vs_alibi import (
    POSITIONS,
    Decoder,
    ModelConfig,
    alibi_bias,
    alibi_slopes,
    apply_rope,
    causal_attention,
    evaluate_lengths,
    rope_frequencies,
    sinusoidal_positions,
)


def test_rope_frequencies_head_dim_4():
    torch.testing.assert_close(rope_frequencies(4), torch.tensor([1.0, 0.01]))


def test_apply_rope_rotates_by_one_radian():
    out = apply_rope(torch.tensor([[1.0, 0.0, 0.0, 0.0]]), torch.tensor([1]))
    torch.testing.assert_close(out, torch.tensor([[math.cos(1.0), math.sin(1.0), 0.0, 0.0]]))


def test_apply_rope_keeps_norms():
    x = torch.randn(2, 5, 8, generator=torch.Generator().manual_seed(0))
    out = apply_rope(x, torch.arange(5))
    torch.testing.assert_close(out.norm(dim=-1), x.norm(dim=-1))


def test_alibi_slopes_8_heads():
    torch.testing.assert_close(alibi_slopes(8), torch.tensor([2.0**-k for k in range(1, 9)]))


def test_alibi_bias_one_head():
    bias = alibi_bias(1, 3)  # slope 1/256
    keep = torch.ones(3, 3, dtype=torch.bool).tril()
    expected = -torch.tensor([[0.0, 0, 0], [1, 0, 0], [2, 1, 0]]) / 256
    torch.testing.assert_close(bias[0][keep], expected[keep])


def test_sinusoidal_position_one():
    pe = sinusoidal_positions(2, 2)
    torch.testing.assert_close(pe, torch.tensor([[0.0, 1.0], [math.sin(1.0), math.cos(1.0)]]))


def test_causal_attention_first_query_sees_only_itself():
    q, k, v = torch.randn(3, 1, 2, 4, 4, generator=torch.Generator().manual_seed(1))
    for position in POSITIONS:
        out = causal_attention(q, k, v, position)
        assert out.shape == (1, 2, 4, 4)
        torch.testing.assert_close(out[:, :, 0], v[:, :, 0])


def test_decoder_every_scheme_any_length():
    idx = torch.randint(0, 10, (2, 50))
    for position in POSITIONS:
        model = Decoder(ModelConfig(vocab_size=10, position=position, n_layer=1, n_head=2, n_embd=8))
        logits, loss = model(idx, idx)
        assert logits.shape == (2, 50, 10)
        assert abs(loss.item() - math.log(10)) < 0.3


class Uniform(nn.Module):
    def __init__(self, vocab: int) -> None:
        super().__init__()
        self.vocab = vocab
        self.dummy = nn.Parameter(torch.zeros(()))

    def forward(self, idx):
        return torch.zeros(*idx.shape, self.vocab) + self.dummy, None


def test_evaluate_uniform_model():
    result = evaluate_lengths(Uniform(6), torch.randint(0, 6, (200,)), [4, 8])
    assert set(result) == {4, 8}
    assert all(abs(ppl - 6) < 1e-4 for ppl in result.values())
