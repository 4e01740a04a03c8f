import torch
from lab43_speculative_decoding import accept_reject, greedy_accept, residual_distribution


def test_residual_distribution():
    p = torch.tensor([0.5, 0.3, 0.2])
    q = torch.tensor([0.2, 0.5, 0.3])
    assert torch.allclose(residual_distribution(p, q), torch.tensor([1.0, 0.0, 0.0]))
    assert torch.allclose(residual_distribution(p, p.clone()), p)  # no mass: p itself, no NaNs


def test_emitted_token_follows_p_analytically():
    g = torch.Generator().manual_seed(0)
    p = torch.softmax(torch.randn(10, generator=g), -1).double()
    q = torch.softmax(torch.randn(10, generator=g), -1).double()
    kept = torch.minimum(p, q)  # P(propose x and keep it) = q(x) min(1, p(x)/q(x))
    emitted = kept + (1 - kept.sum()) * residual_distribution(p, q)
    assert torch.allclose(emitted, p, atol=1e-12)


def test_accept_reject_certain_cases():
    p = torch.tensor([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    # The draft proposed token 0, which the target never emits: always rejected, residual is token 1.
    assert tuple(accept_reject(p, torch.tensor([[1.0, 0.0, 0.0]]), torch.tensor([0]))) == (0, 1)
    # The draft proposed token 1 where p(1) = 1 >= q(1): always kept, bonus from p[1] is token 2.
    assert tuple(accept_reject(p, torch.tensor([[0.5, 0.5, 0.0]]), torch.tensor([1]))) == (1, 2)


def test_accept_reject_rate():
    p = torch.tensor([[0.6, 0.4], [0.5, 0.5]])
    q = torch.tensor([[0.2, 0.8]])
    g = torch.Generator().manual_seed(0)
    kept = sum(accept_reject(p, q, torch.tensor([1]), g)[0] for _ in range(2000))
    assert abs(kept / 2000 - 0.5) < 0.04  # min(1, 0.4 / 0.8)


def test_greedy_accept():
    logits = torch.tensor([[0.0, 5.0, 0.0], [4.0, 0.0, 0.0], [0.0, 0.0, 3.0]])
    assert tuple(greedy_accept(logits, torch.tensor([1, 0]))) == (2, 2)
    assert tuple(greedy_accept(logits, torch.tensor([1, 2]))) == (1, 0)
