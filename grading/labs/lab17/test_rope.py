import math

import torch
from lab17_rope_vs_alibi import apply_rope, rope_frequencies
from llmlab_grading import points


@points(5, "rope_frequencies(head_dim, base) must be base ** (-2i / head_dim) for i = 0 .. head_dim/2 - 1 "
           "(head_dim=8: 1, 0.1, 0.01, 0.001), as a float32 tensor.", task="rope", timeout=30)
def test_rope_frequencies_values():
    theta = rope_frequencies(8)
    assert theta.shape == (4,) and theta.dtype == torch.float32
    torch.testing.assert_close(theta, torch.tensor([1.0, 0.1, 0.01, 0.001]), rtol=1e-5, atol=0)
    torch.testing.assert_close(rope_frequencies(6, base=64.0),
                               torch.tensor([1.0, 0.25, 0.0625]), rtol=1e-5, atol=0)


@points(6, "apply_rope must rotate each pair (x[2i], x[2i+1]) by (position of row t) * theta_i: "
           "out[2i] = x[2i] cos - x[2i+1] sin, out[2i+1] = x[2i] sin + x[2i+1] cos.",
        task="rope", timeout=30)
def test_apply_rope_hand_computed():
    x = torch.tensor([[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0]])
    out = apply_rope(x, torch.tensor([0, 3]), base=100.0)  # theta = 1, 0.1
    a, b = 3.0, 0.3
    expected = torch.tensor([
        [1.0, 2.0, 3.0, 4.0],
        [1 * math.cos(a) - 2 * math.sin(a), 1 * math.sin(a) + 2 * math.cos(a),
         3 * math.cos(b) - 4 * math.sin(b), 3 * math.sin(b) + 4 * math.cos(b)],
    ])
    assert out.shape == x.shape and out.dtype == x.dtype
    torch.testing.assert_close(out, expected, rtol=1e-5, atol=1e-5)


@points(5, "A rotation keeps lengths: apply_rope must preserve the norm of every head vector, at "
           "any position, and keep x's shape and dtype.", task="rope", timeout=30)
def test_apply_rope_preserves_norms():
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(2, 3, 17, 16, generator=gen)
    for positions in (torch.arange(17), torch.arange(17) * 37 + 1000):
        out = apply_rope(x, positions)
        assert out.shape == x.shape and out.dtype == torch.float32
        torch.testing.assert_close(out.norm(dim=-1), x.norm(dim=-1), rtol=1e-5, atol=1e-5)
        assert not torch.allclose(out[..., 1:, :], x[..., 1:, :], atol=1e-3), "nothing was rotated"


@points(6, "RoPE's point: <rope(q, m), rope(k, n)> must depend only on the distance m - n "
           "(equal for (5, 2), (13, 10), (103, 100), and to <rope(q, 3), k>).", task="rope", timeout=30)
def test_rope_scores_depend_only_on_relative_position():
    gen = torch.Generator().manual_seed(1)
    q, k = torch.randn(32, generator=gen), torch.randn(32, generator=gen)

    def score(m: int, n: int) -> float:
        rq = apply_rope(q.expand(1, 32), torch.tensor([m]))
        rk = apply_rope(k.expand(1, 32), torch.tensor([n]))
        return float((rq * rk).sum())

    same = [score(5, 2), score(13, 10), score(103, 100), score(3, 0)]
    for value in same[1:]:
        assert abs(value - same[0]) < 1e-4, f"scores at distance 3 differ: {same}"
    assert abs(same[0] - float((apply_rope(q.expand(1, 32), torch.tensor([3])) * k).sum())) < 1e-4
    assert abs(score(6, 2) - same[0]) > 1e-3, "distance 4 scores like distance 3: is anything rotated?"


@points(3, "apply_rope must treat every leading (batch, head) slice alike and use the t-th position for "
           "row t, whatever the positions are (position 0 leaves a vector unchanged).",
        task="rope", timeout=30)
def test_apply_rope_batched_with_arbitrary_positions():
    gen = torch.Generator().manual_seed(2)
    x = torch.randn(2, 4, 3, 8, generator=gen)
    positions = torch.tensor([7, 0, 3])
    out = apply_rope(x, positions)
    for b in range(2):
        for h in range(4):
            torch.testing.assert_close(out[b, h], apply_rope(x[b, h], positions))
    torch.testing.assert_close(out[:, :, 1], x[:, :, 1])
    torch.testing.assert_close(out[:, :, 2], apply_rope(x[:, :, 2:3], torch.tensor([3]))[:, :, 0])
