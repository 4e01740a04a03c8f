import torch
from lab43_speculative_decoding import (
    greedy_accept,
    new_cache,
    speculative_generate,
    speculative_step,
)
from llmlab_grading import points


@points(5, "greedy_accept(target_logits, draft_tokens) must accept draft tokens while each equals the "
           "target's argmax at its position and return (n, the target's argmax at position n).",
        task="greedy", timeout=30)
def test_greedy_accept_hand_cases():
    logits = torch.full((4, 8), -1.0)
    for row, best in enumerate([2, 5, 1, 7]):
        logits[row, best] = 3.0
    assert tuple(greedy_accept(logits, torch.tensor([2, 5, 1]))) == (3, 7)
    assert tuple(greedy_accept(logits, torch.tensor([2, 4, 1]))) == (1, 5)
    assert tuple(greedy_accept(logits, torch.tensor([0, 5, 1]))) == (0, 2)
    assert tuple(greedy_accept(logits, torch.tensor([2, 5, 6]))) == (2, 1)
    assert tuple(greedy_accept(logits[:1], torch.tensor([], dtype=torch.long))) == (0, 2)


@points(8, "Greedy speculative decoding must reproduce the target's own greedy output token for token, "
           "for every prompt and every k, with GPT-2 and with Llama models.", task="greedy",
        timeout=90)
def test_greedy_equals_target_greedy(make_lm, make_llama, noisy_copy, greedy_reference):
    for make in (make_lm, make_llama):
        target = make(10, vocab=32)
        draft = noisy_copy(target, 11, 0.1)
        prompts = [[1, 2, 3], [7], [30, 4, 4, 19, 8, 2, 11]]
        accepted = 0
        for prompt in prompts:
            ids = torch.tensor([prompt])
            want = greedy_reference(target, ids, 24)
            for k in (1, 2, 4, 7):
                out = speculative_generate(target, draft, ids, 24, k, temperature=0.0)
                assert out.sequences[0].tolist() == want, (type(target).__name__, prompt, k)
                accepted += out.stats.accepted
        assert accepted > 0, type(target).__name__


@points(7, "Each round must run the target exactly once (scoring all k + 1 positions in one forward) "
           "and the draft exactly k times; after the first round the target is fed k + 1 tokens.",
        task="greedy", timeout=60)
def test_one_target_forward_per_round(make_lm, noisy_copy):
    target = make_lm(12, vocab=16)
    draft = noisy_copy(target, 13, 0.1)
    calls = {"target": [], "draft": []}
    target.transformer.register_forward_pre_hook(
        lambda m, args, kwargs: calls["target"].append(kwargs.get("input_ids", args[0] if args else None)),
        with_kwargs=True)
    draft.transformer.register_forward_pre_hook(
        lambda m, args, kwargs: calls["draft"].append(1), with_kwargs=True)
    ids = torch.tensor([[3, 1, 4, 1, 5]])
    target_cache, draft_cache = new_cache(target), new_cache(draft)
    for round_ in range(4):
        calls["target"].clear()
        calls["draft"].clear()
        tokens, n = speculative_step(target, draft, ids, target_cache, draft_cache, 3, 0.0)
        assert len(calls["target"]) == 1, f"target ran {len(calls['target'])} times in one round"
        assert len(calls["draft"]) == 3, f"draft ran {len(calls['draft'])} times for k = 3"
        if round_ > 0:
            assert calls["target"][0].shape[-1] == 4, calls["target"][0].shape
        ids = torch.cat([ids, torch.tensor([tokens])], dim=1)
