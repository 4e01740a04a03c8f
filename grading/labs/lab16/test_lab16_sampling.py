import torch
import torch.nn.functional as F
from lab16_mini_gpt.sampling import filter_logits, sample_next
from llmlab_grading import points


@points(
    4,
    "filter_logits(top_k=k) must keep exactly the k largest logits unchanged and set all "
    "others to -inf, per row.",
    task="sampling",
)
def test_top_k_keeps_exactly_k():
    torch.manual_seed(0)
    logits = torch.randn(5, 30)
    for k in (1, 3, 29):
        out = filter_logits(logits, top_k=k)
        kept = torch.isfinite(out)
        assert kept.sum(dim=-1).tolist() == [k] * 5
        top = logits.topk(k, dim=-1).indices
        assert kept.gather(-1, top).all()
        assert torch.equal(out[kept], logits[kept])
    assert torch.equal(filter_logits(logits, top_k=100), logits)
    assert torch.equal(filter_logits(logits), logits)


@points(
    4,
    "filter_logits(top_p=p) must keep the smallest set of most likely tokens whose total "
    "probability reaches p (always at least the top token), in each row, whatever the order of "
    "the logits.",
    task="sampling",
)
def test_top_p_keeps_minimal_nucleus():
    probs = torch.tensor([0.05, 0.5, 0.15, 0.3])  # sorted: 0.5, 0.3, 0.15, 0.05
    logits = probs.log().unsqueeze(0)
    cases = {
        0.3: [1],
        0.45: [1],
        0.75: [1, 3],
        0.85: [1, 2, 3],
        0.97: [0, 1, 2, 3],
        1.0: [0, 1, 2, 3],
    }
    for p, want in cases.items():
        kept = torch.isfinite(filter_logits(logits, top_p=p))[0]
        assert kept.nonzero().flatten().tolist() == want, (p, kept)
    two_rows = torch.stack([probs.log(), probs.flip(0).log()])
    kept = torch.isfinite(filter_logits(two_rows, top_p=0.75))
    assert kept.tolist() == [[False, True, False, True], [True, False, True, False]]


@points(
    3,
    "sample_next with temperature=0 must be greedy: the argmax of each row, shape (B, 1), int64.",
    task="sampling",
)
def test_temperature_zero_is_argmax():
    torch.manual_seed(0)
    logits = torch.randn(6, 40)
    ids = sample_next(logits, temperature=0.0, generator=torch.Generator().manual_seed(0))
    assert ids.shape == (6, 1) and ids.dtype == torch.long
    assert torch.equal(ids[:, 0], logits.argmax(dim=-1))


@points(
    4,
    "Seeded sampling must be repeatable and follow softmax(logits / temperature) restricted to the "
    "kept tokens: draw with torch.multinomial(probs, 1, generator=generator).",
    task="sampling",
)
def test_seeded_sampling_follows_the_distribution():
    logits = torch.tensor([[2.0, 1.0, 0.0, -1.0, -3.0]]).expand(20000, 5)
    a = sample_next(logits, temperature=2.0, generator=torch.Generator().manual_seed(3))
    b = sample_next(logits, temperature=2.0, generator=torch.Generator().manual_seed(3))
    assert a.shape == (20000, 1) and torch.equal(a, b)
    freq = torch.bincount(a[:, 0], minlength=5).float() / 20000
    assert torch.allclose(freq, F.softmax(logits[0] / 2.0, dim=-1), atol=0.015), freq
    c = sample_next(logits, temperature=1.0, top_k=2, generator=torch.Generator().manual_seed(4))
    freq = torch.bincount(c[:, 0], minlength=5).float() / 20000
    top2 = F.softmax(torch.tensor([2.0, 1.0]), dim=-1)
    want = torch.tensor([top2[0], top2[1], 0.0, 0.0, 0.0])
    assert freq[2:].sum() == 0 and torch.allclose(freq, want, atol=0.015), freq
