import copy

import torch
from lab43_speculative_decoding import (
    SpecStats,
    autoregressive_generate,
    crop_cache,
    extend,
    new_cache,
    probs_from_logits,
    speculative_generate,
    truncate_at_eos,
)


def test_extend_and_crop_match_fresh_forward(make_lm):
    model = make_lm(0)
    seq = torch.tensor([[3, 1, 4, 1, 5, 9, 2, 6]])
    cache = new_cache(model)
    logits = extend(model, seq, cache)
    with torch.no_grad():
        assert torch.allclose(logits, model(seq).logits[0], atol=1e-5)
    crop_cache(cache, 5)
    assert cache.get_seq_length() == 5
    branch = torch.cat([seq[:, :5], torch.tensor([[7, 7]])], dim=1)
    with torch.no_grad():
        assert torch.allclose(extend(model, branch, cache), model(branch).logits[0, 5:], atol=1e-5)


def test_probs_from_logits():
    got = probs_from_logits(torch.tensor([0.0, 1.0]), 0.5)
    assert torch.allclose(got, torch.softmax(torch.tensor([0.0, 2.0]), -1))


def test_greedy_speculative_equals_target_greedy(make_lm, greedy_reference):
    target = make_lm(1, vocab=32)
    draft = copy.deepcopy(target)
    with torch.no_grad():
        for p in draft.parameters():
            p.add_(torch.randn(p.shape, generator=torch.Generator().manual_seed(2)) * 0.1)
    ids = torch.tensor([[1, 2, 3]])
    want = greedy_reference(target, ids, 16)
    for k in (1, 3, 5):
        out = speculative_generate(target, draft, ids, 16, k)
        assert out.sequences[0].tolist() == want, k
    assert autoregressive_generate(target, ids, 16).sequences[0].tolist() == want


def test_stats_and_eos(make_lm):
    model = make_lm(3, vocab=32)
    out = speculative_generate(model, model, torch.tensor([[4, 5]]), 12, 3)
    assert out.stats.acceptance_rate == 1.0 and out.stats.tokens_per_round == 4.0
    stats = SpecStats()
    stats.record(4, 2, 3)
    assert (stats.acceptance_rate, stats.mean_accepted, stats.tokens_per_round) == (0.5, 2.0, 3.0)
    assert tuple(truncate_at_eos([4, 0, 9], 0)) == ([4, 0], True)
