import torch
from lab16_mini_gpt.sampling import filter_logits, sample_next


def test_top_k_count():
    logits = torch.tensor([[1.0, 3.0, 2.0, 0.0, -1.0]])
    kept = torch.isfinite(filter_logits(logits, top_k=2))
    assert kept.tolist() == [[False, True, True, False, False]]


def test_greedy_and_shape():
    logits = torch.randn(4, 11)
    ids = sample_next(logits, temperature=0.0)
    assert ids.shape == (4, 1) and ids.dtype == torch.long
    assert torch.equal(ids[:, 0], logits.argmax(-1))


def test_seeded_sample_repeats():
    logits = torch.randn(3, 20)
    a = sample_next(logits, generator=torch.Generator().manual_seed(7))
    b = sample_next(logits, generator=torch.Generator().manual_seed(7))
    assert torch.equal(a, b)
