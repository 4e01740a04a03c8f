import torch
from lab43_speculative_decoding import (
    SpecStats,
    run_benchmark,
    speculative_generate,
    truncate_at_eos,
)
from llmlab_grading import points


@points(4, "SpecStats.record(proposed, accepted, emitted) must add one round; acceptance_rate is "
           "accepted / proposed, mean_accepted is accepted / rounds, tokens_per_round is "
           "new_tokens / rounds, all 0.0 before anything was recorded.", task="accounting", timeout=30)
def test_spec_stats_record_and_rates():
    stats = SpecStats()
    assert (stats.acceptance_rate, stats.mean_accepted, stats.tokens_per_round) == (0.0, 0.0, 0.0)
    stats.record(4, 4, 5)
    stats.record(4, 1, 2)
    stats.record(2, 0, 1)
    assert (stats.rounds, stats.proposed, stats.accepted, stats.new_tokens) == (3, 10, 5, 8)
    assert stats.accepted_per_round == [4, 1, 0]
    assert abs(stats.acceptance_rate - 0.5) < 1e-12
    assert abs(stats.mean_accepted - 5 / 3) < 1e-12
    assert abs(stats.tokens_per_round - 8 / 3) < 1e-12


@points(4, "truncate_at_eos(tokens, eos) must keep tokens up to and including the first EOS and say "
           "whether it found one; with eos None nothing is cut.", task="accounting", timeout=30)
def test_truncate_at_eos():
    assert tuple(truncate_at_eos([5, 2, 7, 2], 2)) == ([5, 2], True)
    assert tuple(truncate_at_eos([2, 9], 2)) == ([2], True)
    assert tuple(truncate_at_eos([5, 6, 7], 2)) == ([5, 6, 7], False)
    assert tuple(truncate_at_eos([5, 2, 7], None)) == ([5, 2, 7], False)


@points(4, "A draft identical to the target must have every proposal accepted: acceptance rate 1.0 "
           "and k + 1 tokens per target forward (20 tokens with k = 4 take exactly 4 rounds).",
        task="accounting", timeout=60)
def test_self_draft_accepts_everything(make_lm, greedy_reference):
    model = make_lm(40, vocab=32)
    ids = torch.tensor([[5, 6, 7]])
    out = speculative_generate(model, model, ids, 20, 4)
    stats = out.stats
    assert out.sequences[0].tolist() == greedy_reference(model, ids, 20)
    assert (stats.rounds, stats.proposed, stats.accepted, stats.new_tokens) == (4, 16, 16, 20), \
        stats.as_dict()
    assert stats.acceptance_rate == 1.0 and stats.tokens_per_round == 5.0
    assert stats.accepted_per_round == [4, 4, 4, 4]


@points(5, "Generation must stop at EOS even in the middle of an accepted block, emitting the EOS and "
           "nothing after it (and the stats must count only emitted tokens); an EOS in the prompt "
           "must not stop anything.", task="accounting", timeout=60)
def test_eos_inside_accepted_block(make_lm, greedy_reference):
    model = make_lm(46, vocab=32)
    ids = torch.tensor([[9, 3, 1]])
    free = greedy_reference(model, ids, 30)[3:]
    # An EOS that first appears in the middle of the second block of k + 1 = 5 tokens.
    j = next(j for j in range(6, 9) if free[j] not in free[:j])
    eos = free[j]
    out = speculative_generate(model, model, ids, 30, 4, eos_token_id=eos)
    assert out.new_tokens == free[: j + 1], (out.new_tokens, free)
    assert out.stats.new_tokens == j + 1 and out.stats.rounds == 2, out.stats.as_dict()
    prompt = torch.tensor([[9, 3, eos, 1]])
    out = speculative_generate(model, model, prompt, 3, 2, eos_token_id=eos)
    assert out.sequences.shape[1] > prompt.shape[1], "an EOS in the prompt stopped generation"


@points(3, "run_benchmark must time plain and speculative decoding on the same prompts: one row per "
           "method, speedup = tokens_per_s / plain tokens_per_s, identical greedy tokens, and the "
           "acceptance rate and tokens per target forward of each k.", task="accounting", timeout=90)
def test_benchmark_harness(make_lm, noisy_copy):
    target = make_lm(42, vocab=32)
    draft = noisy_copy(target, 43, 0.1)
    prompts = [torch.tensor([[1, 2, 3]]), torch.tensor([[7, 7]])]
    rows = run_benchmark(target, draft, prompts, 12, [2, 3], repeats=1, hf=True)
    names = [r["method"] for r in rows]
    for name in ("plain", "speculative k=2", "speculative k=3", "hf assisted k=2"):
        assert name in names, names
    plain = rows[names.index("plain")]
    assert plain["speedup"] == 1.0 and plain["tokens"] == 24
    for row in rows:
        assert row["same_as_plain"], row
        assert abs(row["speedup"] - row["tokens_per_s"] / plain["tokens_per_s"]) < 1e-9
    for k in (2, 3):
        row = rows[names.index(f"speculative k={k}")]
        outs = [speculative_generate(target, draft, p, 12, k) for p in prompts]
        proposed = sum(o.stats.proposed for o in outs)
        assert abs(row["acceptance_rate"] - sum(o.stats.accepted for o in outs) / proposed) < 1e-9
        assert abs(row["tokens_per_round"] - 24 / sum(o.stats.rounds for o in outs)) < 1e-9
