import pytest
import torch
from lab43_speculative_decoding import (
    crop_cache,
    default_pair,
    extend,
    hf_assisted_generate,
    load_pair,
    new_cache,
    run_benchmark,
    speculative_generate,
)
from lab43_speculative_decoding.cli import main as speculate_main

PROMPTS = ["Once upon a time, there was a", "One sunny morning, Max the", "Long ago, in a"]


@pytest.fixture(scope="module")
def zoo_pair():
    return default_pair()


def _agree_up_to_near_ties(model, got: list[int], want: list[int], prompt_len: int,
                           tolerance: float) -> bool:
    """Equal, or first different where the target's two candidates are within rounding noise.

    A (k + 1)-token forward and a 1-token forward round differently (a little in float32, more in
    half precision); where the target's top two logits are that close, either token is its greedy
    choice and the two continuations legitimately part ways. Anywhere else a difference is a bug.
    """
    if got == want:
        return True
    i = next(i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b)
    assert i >= prompt_len, "the prompt itself changed"
    device = next(model.parameters()).device
    with torch.no_grad():
        logits = model(torch.tensor([want[:i]], device=device)).logits[0, -1].float()
    return abs(logits[got[i]] - logits[want[i]]).item() <= tolerance


def test_zoo_pair_loads_and_shares_a_vocabulary(zoo_pair):
    target, draft, tok = zoo_pair.target, zoo_pair.draft, zoo_pair.tokenizer
    assert type(target).__name__ == type(draft).__name__ == "LlamaForCausalLM"
    assert draft.config.vocab_size == target.config.vocab_size == len(tok)
    assert zoo_pair.info["draft_parameters"] < zoo_pair.info["target_parameters"]
    assert draft.config.num_hidden_layers < target.config.num_hidden_layers
    text = "Once upon a time, there was a fox."
    assert tok.decode(tok(text)["input_ids"]) == text
    assert tok.eos_token_id is not None


def test_llama_cache_rollback_matches_a_fresh_forward(zoo_pair):
    model, tok = zoo_pair.target, zoo_pair.tokenizer
    seq = torch.tensor([tok("Once upon a time, there was a little fox who lived")["input_ids"]])
    cache = new_cache(model)
    extend(model, seq, cache)
    crop_cache(cache, 5)
    assert cache.get_seq_length() == 5
    branch = torch.cat([seq[:, :5], seq[:, -3:]], dim=1)
    got = extend(model, branch, cache)
    with torch.no_grad():
        fresh = model(branch).logits[0, 5:]
    assert torch.allclose(got, fresh, atol=1e-4), (got - fresh).abs().max()


def test_zoo_greedy_speculative_equals_target_greedy(zoo_pair, greedy_reference):
    tok, exact = zoo_pair.tokenizer, 0
    for text in PROMPTS:
        ids = torch.tensor([tok(text)["input_ids"]])
        want = greedy_reference(zoo_pair.target, ids, 40)
        for k in (2, 4):
            out = speculative_generate(zoo_pair.target, zoo_pair.draft, ids, 40, k)
            got = out.sequences[0].tolist()
            assert _agree_up_to_near_ties(zoo_pair.target, got, want, ids.size(1), 1e-3), (text, k)
            exact += got == want
            assert out.stats.accepted > 0, "the zoo draft should get some tokens right"
    assert exact >= 5, f"only {exact} of 6 generations matched token for token"


def test_zoo_pair_through_hf_assisted_generation_and_the_benchmark(zoo_pair):
    tok = zoo_pair.tokenizer
    prompts = [torch.tensor([tok(t)["input_ids"]]) for t in PROMPTS[:2]]
    plain = zoo_pair.target.generate(prompts[0], attention_mask=torch.ones_like(prompts[0]),
                                     do_sample=False, max_new_tokens=24, eos_token_id=None,
                                     pad_token_id=tok.eos_token_id)
    assisted = hf_assisted_generate(zoo_pair.target, zoo_pair.draft, prompts[0], 24, 3)
    assert assisted.tolist() == plain.tolist()
    rows = run_benchmark(zoo_pair.target, zoo_pair.draft, prompts, 24, [2, 4], repeats=1,
                         eos_token_id=tok.eos_token_id)
    assert [r["method"] for r in rows][:3] == ["plain", "speculative k=2", "speculative k=4"]
    assert all(r["same_as_plain"] for r in rows), [(r["method"], r["same_as_plain"]) for r in rows]
    assert all(0 < r["acceptance_rate"] <= 1 for r in rows if r["method"].startswith("speculative"))


def test_speculate_runs_on_the_zoo_pair(capsys):
    speculate_main(["--max-new-tokens", "24", "--device", "cpu"])
    out = capsys.readouterr().out
    assert "stories-lm-large" in out and "identical to the target's greedy output: yes" in out


def test_unreachable_hub_ids_fall_back_to_the_zoo(monkeypatch, capsys):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    pair = load_pair("llmlab-test/no-such-target", "llmlab-test/no-such-draft")
    assert pair.target.config.num_hidden_layers > pair.draft.config.num_hidden_layers
    assert pair.target.config.vocab_size == pair.draft.config.vocab_size
    err = capsys.readouterr().err
    assert "using the offline zoo model 'stories-lm-large'" in err
    assert "using the offline zoo model 'stories-lm-small'" in err


def test_hub_models_need_both_flags():
    with pytest.raises(SystemExit, match="both --target and --draft"):
        speculate_main(["--target", "gpt2-medium"])


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_greedy_equivalence_on_cuda_half_precision(greedy_reference):
    for dtype, tolerance in ((torch.float16, 0.05), (torch.bfloat16, 0.25)):
        pair = default_pair(device="cuda", dtype=dtype)
        exact = 0
        for text in PROMPTS:
            ids = torch.tensor([pair.tokenizer(text)["input_ids"]], device="cuda")
            want = greedy_reference(pair.target, ids, 48)
            for k in (2, 4):
                got = speculative_generate(pair.target, pair.draft, ids, 48, k).sequences[0].tolist()
                assert _agree_up_to_near_ties(pair.target, got, want, ids.size(1), tolerance), \
                    (dtype, text, k)
                exact += got == want
        assert exact >= 4, f"{dtype}: only {exact} of 6 generations matched token for token"
