import torch
from lab43_speculative_decoding import crop_cache, extend, new_cache, speculative_step
from llmlab_grading import points


@points(5, "extend(model, ids, cache) must feed only ids[:, cache length:], return float32 logits "
           "(n_new, vocab) equal to a no-cache forward at those positions, and leave the cache "
           "holding every position.", task="cache-rollback", timeout=60)
def test_extend_feeds_only_new_tokens(make_lm):
    model = make_lm(0, vocab=16)
    seq = torch.tensor([[3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8]])
    with torch.no_grad():
        full = model(seq).logits[0]
    cache = new_cache(model)
    first = extend(model, seq[:, :5], cache)
    assert first.shape == (5, 16) and first.dtype == torch.float32, (first.shape, first.dtype)
    assert cache.get_seq_length() == 5
    rest = extend(model, seq, cache)
    assert rest.shape == (7, 16), rest.shape
    assert cache.get_seq_length() == 12
    assert torch.allclose(torch.cat([first, rest]), full, atol=1e-5)


@points(5, "crop_cache(cache, length) must keep exactly the first `length` positions (and leave a "
           "shorter cache alone), so that extending with different tokens gives the logits of a "
           "fresh forward pass over the new sequence, for GPT-2 and for Llama (rotary positions).",
        task="cache-rollback", timeout=60)
def test_crop_then_extend_matches_fresh_forward(make_lm, make_llama):
    for model in (make_lm(1, vocab=16), make_llama(1, vocab=16)):
        name = type(model).__name__
        seq = torch.tensor([[2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5]])
        cache = new_cache(model)
        extend(model, seq, cache)
        crop_cache(cache, 7)
        assert cache.get_seq_length() == 7, name
        crop_cache(cache, 10)  # longer than the cache: nothing to remove
        assert cache.get_seq_length() == 7, name
        branch = torch.cat([seq[:, :7], torch.tensor([[11, 0, 13]])], dim=1)
        got = extend(model, branch, cache)
        with torch.no_grad():
            fresh = model(branch).logits[0, 7:]
        assert torch.allclose(got, fresh, atol=1e-5), (name, (got - fresh).abs().max())


@points(5, "After a round with a rejection, speculative_step must crop both caches so the next "
           "forward equals a fresh no-cache forward: the target cache holds L + n positions "
           "(the new sequence minus its last token), the draft cache at most that.",
        task="cache-rollback", timeout=60)
def test_step_rolls_back_both_caches(make_lm, noisy_copy):
    target = make_lm(2, vocab=16)
    draft = noisy_copy(target, 3, 0.15)
    ids = torch.tensor([[1, 5, 9, 4, 7, 2]])
    target_cache, draft_cache = new_cache(target), new_cache(draft)
    checked = 0
    for _ in range(6):
        tokens, n = speculative_step(target, draft, ids, target_cache, draft_cache, 4, 0.0)
        assert len(tokens) == n + 1
        assert target_cache.get_seq_length() == ids.size(1) + n, \
            (target_cache.get_seq_length(), ids.size(1), n)
        assert draft_cache.get_seq_length() <= ids.size(1) + n
        ids = torch.cat([ids, torch.tensor([tokens])], dim=1)
        checked += n < 4
        with torch.no_grad():
            fresh_t = target(ids).logits[0, -1]
            fresh_d = draft(ids).logits[0, -1]
        probe_t = extend(target, ids, target_cache)[-1]
        probe_d = extend(draft, ids, draft_cache)[-1]
        assert torch.allclose(probe_t, fresh_t, atol=1e-5), "target cache not rolled back"
        assert torch.allclose(probe_d, fresh_d, atol=1e-5), "draft cache not rolled back"
        crop_cache(target_cache, ids.size(1) - 1)
        crop_cache(draft_cache, ids.size(1) - 1)
    assert checked >= 2, "the test needs rounds with a rejection"
