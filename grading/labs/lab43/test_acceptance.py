import torch
from lab43_speculative_decoding import accept_reject, residual_distribution
from llmlab_grading import points


@points(5, "residual_distribution(p, q) must be max(0, p - q) renormalised over the last dimension "
           "(row by row for batched input), and p itself where p == q (no NaNs).",
        task="acceptance-step", timeout=30)
def test_residual_hand_values():
    p = torch.tensor([[0.5, 0.3, 0.2], [0.4, 0.4, 0.2]])
    q = torch.tensor([[0.2, 0.5, 0.3], [0.1, 0.3, 0.6]])
    got = residual_distribution(p, q)
    assert got.shape == (2, 3)
    assert torch.allclose(got, torch.tensor([[1.0, 0.0, 0.0], [0.75, 0.25, 0.0]]), atol=1e-6), got
    same = torch.tensor([0.1, 0.6, 0.3])
    got = residual_distribution(same, same.clone())
    assert torch.isfinite(got).all() and torch.allclose(got, same, atol=1e-6), got


@points(6, "The emitted token's distribution, min(p, q) + (1 - sum min(p, q)) * residual(p, q), must "
           "equal the target's p exactly, for any draft q (including q with zeros): check "
           "residual_distribution.", task="acceptance-step", timeout=30)
def test_output_distribution_is_p_analytically():
    g = torch.Generator().manual_seed(0)
    for trial in range(50):
        p = torch.softmax(torch.randn(12, generator=g) * 2, -1).double()
        q = torch.softmax(torch.randn(12, generator=g) * 2, -1).double()
        if trial % 5 == 0:
            q[torch.randperm(12, generator=g)[:4]] = 0  # the draft never proposes some tokens
            q /= q.sum()
        kept = torch.minimum(p, q)
        emitted = kept + (1 - kept.sum()) * residual_distribution(p, q)
        assert torch.allclose(emitted, p, atol=1e-9), (trial, emitted, p)


@points(7, "With one draft token x ~ q, accept_reject must emit x with probability min(1, p(x)/q(x)) "
           "and otherwise a token from the residual: the emitted token must follow p (chi-square "
           "test) and the acceptance rate must be sum(min(p, q)).", task="acceptance-step", timeout=60)
def test_accept_reject_single_position_matches_p(chi_square):
    p = torch.tensor([[0.30, 0.05, 0.25, 0.10, 0.20, 0.10], [1 / 6] * 6])
    q = torch.tensor([[0.10, 0.40, 0.10, 0.25, 0.05, 0.10]])
    g = torch.Generator().manual_seed(1234)
    n = 12000
    drafts = torch.multinomial(q[0], n, replacement=True, generator=g)
    counts = torch.zeros(6)
    accepted = 0
    for x in drafts.tolist():
        k, token = accept_reject(p, q, torch.tensor([x]), g)
        assert k in (0, 1)
        accepted += k
        counts[x if k == 1 else token] += 1
    stat, critical = chi_square(counts, p[0])
    assert stat < critical, f"emitted-token distribution {counts / n} is not p {p[0]} (chi2 {stat:.1f})"
    rate = torch.minimum(p[0], q[0]).sum().item()
    assert abs(accepted / n - rate) < 0.02, f"acceptance rate {accepted / n:.3f}, expected {rate:.3f}"


@points(7, "accept_reject must test the k draft tokens in order, stop at the first rejection "
           "returning (i, a token from the residual at position i), and return (k, a token from "
           "p[k]) when all are accepted; k = 0 must draw from p[0].", task="acceptance-step",
        timeout=60)
def test_accept_reject_walks_positions_in_order():
    # Acceptance probabilities 0.8, 0.5, 1.0; the residuals and the bonus row are one-hot.
    p = torch.tensor([[0.4, 0.1, 0.5, 0.0, 0.0, 0.0],
                      [0.0, 0.0, 0.0, 0.4, 0.1, 0.5],
                      [0.0, 0.0, 0.0, 0.0, 1.0, 0.0],
                      [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]])
    q = torch.tensor([[0.5, 0.5, 0.0, 0.0, 0.0, 0.0],
                      [0.0, 0.0, 0.0, 0.8, 0.2, 0.0],
                      [0.5, 0.0, 0.0, 0.0, 0.5, 0.0]])
    draft = torch.tensor([0, 3, 4])
    g = torch.Generator().manual_seed(7)
    outcomes: dict[tuple[int, int], int] = {}
    n = 5000
    for _ in range(n):
        result = accept_reject(p, q, draft, g)
        outcomes[tuple(result)] = outcomes.get(tuple(result), 0) + 1
    assert set(outcomes) <= {(0, 2), (1, 5), (3, 1)}, f"impossible outcomes: {outcomes}"
    for result, prob in {(0, 2): 0.2, (1, 5): 0.4, (3, 1): 0.4}.items():
        assert abs(outcomes.get(result, 0) / n - prob) < 0.03, (result, outcomes)
    empty = accept_reject(p[3:], q[:0], draft[:0], g)
    assert tuple(empty) == (0, 1), empty
