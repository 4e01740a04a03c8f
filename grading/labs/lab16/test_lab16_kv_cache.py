import pytest
import torch
from lab16_mini_gpt.generate import generate
from lab16_mini_gpt.model import GPT, GPTConfig, KVCache
from llmlab_grading import points


def _model(seed: int, block_size: int = 16, dtype: torch.dtype = torch.float32) -> GPT:
    """A small GPT with weights large enough that attention and positions really matter."""
    torch.manual_seed(seed)
    model = GPT(GPTConfig(vocab_size=21, block_size=block_size, n_layer=2, n_head=2, n_embd=32))
    with torch.no_grad():
        model.transformer.wpe.weight.normal_(0.0, 0.5)
        for block in model.transformer.h:
            block.attn.c_attn.weight.normal_(0.0, 0.2)
    return model.to(dtype).eval()


@points(
    4,
    "Feeding a sequence in pieces through a KVCache must give the same logits as one full forward "
    "pass: append each layer's new keys/values to the cache, let the new queries attend to all "
    "cached keys (the mask rows of the new positions), and start the new tokens' positions at "
    "the cache length.",
    task="kv_cache",
)
def test_cache_logits_match_full_forward():
    model = _model(0)
    idx = torch.randint(21, (2, 12), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        full, _ = model(idx)
        cache = KVCache(model.config.n_layer)
        pieces = [
            model(idx[:, a:b], kv_cache=cache)[0]
            for a, b in ((0, 5), (5, 6), (6, 9), (9, 10), (10, 12))
        ]
    assert cache.length == 12
    assert torch.allclose(torch.cat(pieces, dim=1), full, atol=1e-5, rtol=0)
    with pytest.raises(ValueError):
        model(idx[:, :5], kv_cache=cache)  # 12 cached + 5 new > block_size 16


@points(
    3,
    "generate(use_cache=True) should run the prompt once and then feed one new token per step "
    "through the KV cache, not the whole sequence again.",
    task="kv_cache",
)
def test_cached_generation_feeds_one_token_per_step():
    model = _model(1, block_size=32)
    seen: list[int] = []  # tokens per model call

    def count(_module, args, kwargs):
        idx = args[0] if args else kwargs["idx"]
        seen.append(idx.size(1))

    hook = model.register_forward_pre_hook(count, with_kwargs=True)
    try:
        generate(model, torch.randint(21, (2, 4)), 10, temperature=0.0, use_cache=True)
    finally:
        hook.remove()
    assert seen[0] == 4, seen
    assert len(seen) <= 11 and all(t == 1 for t in seen[1:]), seen


@points(
    4,
    "Greedy generation with the KV cache differs from generation without it. Past block_size the "
    "cached path must fall back to recomputing the last block_size tokens, as the uncached path "
    "does.",
    task="kv_cache",
)
def test_cached_greedy_generation_equals_uncached():
    model = _model(2, dtype=torch.float64)
    prompt = torch.randint(21, (2, 5), generator=torch.Generator().manual_seed(2))
    with_cache = generate(model, prompt, 30, temperature=0.0, use_cache=True)
    without = generate(model, prompt, 30, temperature=0.0, use_cache=False)
    assert with_cache.shape == (2, 35)
    assert torch.equal(with_cache, without)


@points(
    4,
    "Seeded sampling (temperature, top-k, top-p) with the KV cache must draw exactly the tokens "
    "the uncached path draws with the same generator seed: one sample_next call per new token "
    "in both paths.",
    task="kv_cache",
)
def test_cached_sampling_equals_uncached():
    model = _model(3, dtype=torch.float64)
    prompt = torch.randint(21, (3, 3), generator=torch.Generator().manual_seed(3))
    outs = []
    for seed in (0, 1, 2):
        kwargs = dict(temperature=0.9, top_k=12, top_p=0.95)
        a = generate(
            model,
            prompt,
            25,
            generator=torch.Generator().manual_seed(seed),
            use_cache=True,
            **kwargs,
        )
        b = generate(
            model,
            prompt,
            25,
            generator=torch.Generator().manual_seed(seed),
            use_cache=False,
            **kwargs,
        )
        assert torch.equal(a, b), seed
        outs.append(a)
    assert not torch.equal(outs[0], outs[1])
