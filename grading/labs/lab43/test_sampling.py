import torch
from lab43_speculative_decoding import (
    new_cache,
    probs_from_logits,
    propose,
    sample_token,
    speculative_generate,
)
from llmlab_grading import points


@points(4, "probs_from_logits(logits, T) must be softmax(logits / T) over the last dimension, float32 "
           "whatever the input dtype.", task="sampling", timeout=30)
def test_probs_from_logits_temperature():
    logits = torch.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    got = probs_from_logits(logits, 1.0)
    assert torch.allclose(got, torch.softmax(logits, -1), atol=1e-6)
    got = probs_from_logits(logits.half(), 0.5)
    assert got.dtype == torch.float32
    assert torch.allclose(got, torch.softmax(logits * 2, -1), atol=1e-3)
    assert torch.allclose(got[1], torch.full((3,), 1 / 3), atol=1e-6)


@points(4, "sample_token must return the argmax at temperature 0 and otherwise draw from "
           "softmax(logits / T) with the generator given.", task="sampling", timeout=30)
def test_sample_token():
    logits = torch.tensor([0.5, 2.0, 1.0, -1.0])
    assert sample_token(logits, 0.0) == 1
    g = torch.Generator().manual_seed(3)
    n = 4000
    counts = torch.zeros(4)
    for _ in range(n):
        counts[sample_token(logits, 2.0, g)] += 1
    want = torch.softmax(logits / 2.0, -1)
    assert torch.allclose(counts / n, want, atol=0.03), (counts / n, want)
    again = [sample_token(logits, 2.0, torch.Generator().manual_seed(9)) for _ in range(2)]
    assert again[0] == again[1], "the same generator state must give the same token"


@points(5, "propose(draft, ids, cache, k, T, generator) must return k tokens and the (k, vocab) "
           "logits each was drawn from, equal to the draft's no-cache logits after ids plus the "
           "tokens proposed before it; greedy at T = 0; k = 0 returns empty tensors.",
        task="sampling", timeout=60)
def test_propose_matches_draft(make_lm):
    draft = make_lm(20, vocab=16)
    ids = torch.tensor([[4, 8, 15, 12]])
    tokens, logits = propose(draft, ids, new_cache(draft), 4, 0.0)
    assert tokens.shape == (4,) and tokens.dtype == torch.long
    assert logits.shape == (4, 16)
    seq = ids
    with torch.no_grad():
        for i in range(4):
            row = draft(seq).logits[0, -1]
            assert torch.allclose(logits[i], row, atol=1e-5), i
            assert int(tokens[i]) == int(row.argmax()), i
            seq = torch.cat([seq, row.argmax().view(1, 1)], dim=1)
    tokens, logits = propose(draft, ids, new_cache(draft), 5, 1.5, torch.Generator().manual_seed(0))
    seq = torch.cat([ids, tokens[None]], dim=1)
    with torch.no_grad():
        assert torch.allclose(logits, draft(seq).logits[0, 3:8], atol=1e-5)
    tokens, logits = propose(draft, ids, new_cache(draft), 0, 1.0)
    assert tokens.numel() == 0 and logits.shape[0] == 0


@points(7, "Speculative sampling must preserve the target's distribution: the first two generated "
           "tokens must follow the target's exact joint distribution at the same temperature "
           "(chi-square test over 1000 samples with a draft that often disagrees).",
        task="sampling", timeout=120)
def test_speculative_sampling_preserves_target_distribution(make_lm, noisy_copy, chi_square):
    vocab, temperature = 8, 0.8
    target = make_lm(31, vocab=vocab, init=0.1)
    draft = noisy_copy(target, 32, 0.2)
    prompt = torch.tensor([[1, 6, 3]])
    with torch.no_grad():
        first = torch.softmax(target(prompt).logits[0, -1] / temperature, -1)
        seconds = torch.cat([prompt.repeat(vocab, 1), torch.arange(vocab)[:, None]], dim=1)
        second = torch.softmax(target(seconds).logits[:, -1] / temperature, -1)
    joint = (first[:, None] * second).flatten()
    g = torch.Generator().manual_seed(2024)
    counts = torch.zeros(vocab * vocab)
    accepted = proposed = 0
    for _ in range(1000):
        out = speculative_generate(target, draft, prompt, 2, 3, temperature, generator=g)
        a, b = out.new_tokens
        counts[a * vocab + b] += 1
        accepted += out.stats.accepted
        proposed += out.stats.proposed
    assert 0.2 < accepted / proposed < 0.95, "the test needs both accepted and rejected drafts"
    stat, critical = chi_square(counts, joint)
    assert stat < critical, f"chi2 {stat:.1f} >= {critical:.1f}: samples do not follow the target"
