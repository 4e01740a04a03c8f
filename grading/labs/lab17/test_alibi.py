import torch
from lab17_rope_vs_alibi import alibi_bias, alibi_slopes
from llmlab_grading import points


def _close(got: torch.Tensor, expected: list[float]) -> None:
    assert got.dtype == torch.float32, f"slopes should be float32, got {got.dtype}"
    torch.testing.assert_close(got, torch.tensor(expected), rtol=1e-5, atol=0)


@points(7, "For n heads, n a power of 2, the slopes are 2 ** (-8k / n) for k = 1 .. n "
           "(8 heads: 1/2, 1/4, ..., 1/256; 4 heads: 1/4, 1/16, 1/64, 1/256).", task="alibi", timeout=30)
def test_alibi_slopes_power_of_two():
    _close(alibi_slopes(8), [2.0**-k for k in range(1, 9)])
    _close(alibi_slopes(4), [1 / 4, 1 / 16, 1 / 64, 1 / 256])
    _close(alibi_slopes(2), [1 / 16, 1 / 256])
    _close(alibi_slopes(1), [1 / 256])
    _close(alibi_slopes(16), [2.0 ** (-k / 2) for k in range(1, 17)])


@points(8, "For n heads not a power of 2, take the slopes of the largest power of 2 below n, then "
           "the first missing ones from every other slope (indices 0, 2, ...) of the next power of 2 "
           "(6 heads: 1/4, 1/16, 1/64, 1/256, 1/2, 1/8).", task="alibi", timeout=30)
def test_alibi_slopes_other_head_counts():
    _close(alibi_slopes(6), [1 / 4, 1 / 16, 1 / 64, 1 / 256, 1 / 2, 1 / 8])
    _close(alibi_slopes(5), [1 / 4, 1 / 16, 1 / 64, 1 / 256, 1 / 2])
    _close(alibi_slopes(3), [1 / 16, 1 / 256, 1 / 4])
    _close(alibi_slopes(12), [2.0**-k for k in range(1, 9)] + [2.0**-0.5, 2.0**-1.5, 2.0**-2.5, 2.0**-3.5])


@points(6, "alibi_bias(n_heads, t) must be (n_heads, t, t) with -slope_h * (i - j) "
           "at head h, query i, key j <= i (0 on the diagonal, falling linearly into the past).", task="alibi", timeout=30)
def test_alibi_bias_values():
    bias = alibi_bias(2, 4)
    assert bias.shape == (2, 4, 4)
    slopes = [1 / 16, 1 / 256]
    for h in range(2):
        for i in range(4):
            for j in range(i + 1):
                assert abs(float(bias[h, i, j]) + slopes[h] * (i - j)) < 1e-7, (h, i, j, float(bias[h, i, j]))
    assert alibi_bias(3, 5).shape == (3, 5, 5)


@points(4, "ALiBi must not depend on the sequence length: alibi_bias(n, 8)'s top-left 4x4 block must "
           "equal alibi_bias(n, 4) (on and below the diagonal), and each diagonal must be constant.",
        task="alibi", timeout=30)
def test_alibi_bias_is_the_same_at_every_length():
    short, long = alibi_bias(6, 4), alibi_bias(6, 8)
    keep = torch.ones(4, 4, dtype=torch.bool).tril()
    torch.testing.assert_close(long[:, :4, :4][:, keep], short[:, keep])
    keep8 = torch.ones(7, 7, dtype=torch.bool).tril()
    torch.testing.assert_close(long[:, 1:, 1:][:, keep8], long[:, :-1, :-1][:, keep8])
    torch.testing.assert_close(long[:, 7, 0], -7 * alibi_slopes(6))
