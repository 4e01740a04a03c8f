import math

import torch
from lab17_rope_vs_alibi import (
    POSITIONS,
    Decoder,
    ModelConfig,
    causal_attention,
    sinusoidal_positions,
)
from llmlab_grading import points


def _qkv(seed: int, shape=(2, 4, 6, 8)):
    gen = torch.Generator().manual_seed(seed)
    return tuple(torch.randn(*shape, generator=gen) for _ in range(3))


def _rotate(x: torch.Tensor) -> torch.Tensor:
    """RoPE written out independently: pair i at position t turns by t * 10000 ** (-2i / d)."""
    T, d = x.shape[-2], x.shape[-1]
    theta = 10000.0 ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angle = torch.arange(T, dtype=torch.float64)[:, None] * theta
    cos, sin = angle.cos().float(), angle.sin().float()
    out = x.clone()
    out[..., 0::2] = x[..., 0::2] * cos - x[..., 1::2] * sin
    out[..., 1::2] = x[..., 0::2] * sin + x[..., 1::2] * cos
    return out


def _attend(q, k, v, bias=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if bias is not None:
        scores = scores + bias
    T = q.size(-2)
    scores = scores.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
    return scores.softmax(-1) @ v


@points(5, "sinusoidal_positions(t, dim) must be (t, dim) float32: row p, columns 2i and 2i+1 hold "
           "sin(p / 10000 ** (2i/dim)) and cos(p / 10000 ** (2i/dim)).", task="model", timeout=30)
def test_sinusoidal_positions_values():
    pe = sinusoidal_positions(3, 4)
    assert pe.shape == (3, 4) and pe.dtype == torch.float32
    expected = torch.tensor([[math.sin(p), math.cos(p), math.sin(p / 100), math.cos(p / 100)] for p in range(3)])
    torch.testing.assert_close(pe, expected, rtol=1e-5, atol=1e-6)
    assert sinusoidal_positions(300, 16).shape == (300, 16)


@points(4, "causal_attention(q, k, v, 'nope') must be softmax(q k^T / sqrt(head_dim)) v with keys after "
           "the query masked out (and 'sinusoidal' attends the same way).", task="model", timeout=30)
def test_causal_attention_plain():
    q, k, v = _qkv(0)
    expected = _attend(q, k, v)
    torch.testing.assert_close(causal_attention(q, k, v, "nope"), expected, rtol=1e-4, atol=1e-5)
    torch.testing.assert_close(causal_attention(q, k, v, "sinusoidal"), expected, rtol=1e-4, atol=1e-5)


@points(5, "causal_attention(q, k, v, 'rope') must rotate q and k with apply_rope at positions 0 .. T-1 "
           "before the scaled scores (v is not rotated).", task="model", timeout=30)
def test_causal_attention_rope():
    q, k, v = _qkv(1)
    expected = _attend(_rotate(q), _rotate(k), v)
    torch.testing.assert_close(causal_attention(q, k, v, "rope"), expected, rtol=1e-4, atol=1e-5)


@points(5, "causal_attention(q, k, v, 'alibi') must add -slope_h * (i - j) to head h's scaled scores "
           "before the causal softmax.", task="model", timeout=30)
def test_causal_attention_alibi():
    q, k, v = _qkv(2)
    slopes = torch.tensor([1 / 4, 1 / 16, 1 / 64, 1 / 256])
    i = torch.arange(6)
    bias = -slopes[:, None, None] * (i[:, None] - i[None, :]).float()
    expected = _attend(q, k, v, bias)
    torch.testing.assert_close(causal_attention(q, k, v, "alibi"), expected, rtol=1e-4, atol=1e-5)


@points(3, "Decoder(config)(idx) must return (B, T, vocab) logits and the mean cross-entropy at any "
           "length; the four schemes share their weights for a seed, yet give different outputs.",
        task="model", timeout=60)
def test_decoder_runs_every_scheme_at_any_length():
    idx = torch.randint(0, 11, (2, 40), generator=torch.Generator().manual_seed(3))
    logits = {}
    states = {}
    for position in POSITIONS:
        torch.manual_seed(0)
        model = Decoder(ModelConfig(vocab_size=11, position=position, n_layer=2, n_head=2, n_embd=16))
        states[position] = model.state_dict()
        with torch.no_grad():
            out, loss = model(idx, idx)
        assert out.shape == (2, 40, 11), f"{position}: logits shape {tuple(out.shape)}"
        expected = torch.nn.functional.cross_entropy(out.reshape(-1, 11), idx.reshape(-1))
        assert loss is not None and abs(float(loss) - float(expected)) < 1e-5
        assert abs(float(loss) - math.log(11)) < 0.3, f"{position}: initial loss {float(loss):.3f}"
        assert model(idx)[1] is None
        logits[position] = out
    for position in POSITIONS:
        for name, tensor in states[position].items():
            assert torch.equal(tensor, states["rope"][name]), f"{name} differs between schemes"
    for position in ("rope", "alibi", "sinusoidal"):
        assert not torch.allclose(logits[position], logits["nope"], atol=1e-6), f"{position} acts like nope"


@points(3, "Every scheme must stay causal: changing a token may not change any logit before it.",
        task="model", timeout=60)
def test_decoder_is_causal():
    idx = torch.randint(0, 9, (1, 20), generator=torch.Generator().manual_seed(4))
    changed = idx.clone()
    changed[0, 12] = (idx[0, 12] + 1) % 9
    for position in POSITIONS:
        torch.manual_seed(1)
        model = Decoder(ModelConfig(vocab_size=9, position=position, n_layer=1, n_head=2, n_embd=8))
        with torch.no_grad():
            a, b = model(idx)[0], model(changed)[0]
        torch.testing.assert_close(a[:, :12], b[:, :12], msg=f"{position}: the past saw the future")
        assert not torch.allclose(a[:, 12:], b[:, 12:])
