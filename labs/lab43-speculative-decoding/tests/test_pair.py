import pytest
import torch
from lab43_speculative_decoding import PairConfig, default_pair, speculative_generate
from lab43_speculative_decoding.cli import main as speculate_main

TINY = PairConfig(n_stories=40, vocab_size=300, block_size=32, n_positions=64, draft_steps=3,
                  target_layers=2, target_embd=32, target_steps=3, batch_size=4)


def test_default_pair_is_built_once_and_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("LLMLAB_HOME", str(tmp_path))
    pair = default_pair(TINY)
    again = default_pair(TINY)
    assert (tmp_path / "cache" / "lab43" / f"pair-{TINY.key()}" / "info.json").is_file()
    for a, b in zip(pair.target.parameters(), again.target.parameters(), strict=True):
        assert torch.equal(a, b)
    tok = pair.tokenizer
    text = "Once upon a time, there was a fox."
    assert tok.decode(tok(text)["input_ids"]) == text
    assert pair.draft.config.vocab_size == pair.target.config.vocab_size == len(tok)
    ids = torch.tensor([tok(text)["input_ids"]])
    out = speculative_generate(pair.target, pair.draft, ids, 8, 3, eos_token_id=tok.eos_token_id)
    assert 1 <= out.stats.new_tokens <= 8


def test_hub_models_need_both_flags():
    with pytest.raises(SystemExit, match="both --target and --draft"):
        speculate_main(["--target", "gpt2-medium"])


def _agree_up_to_near_ties(model, got: list[int], want: list[int], prompt_len: int,
                           tolerance: float) -> bool:
    """Equal, or first different where the target's two candidates are within rounding noise.

    In half precision a (k + 1)-token forward and a 1-token forward round differently; where the
    target's top two logits are that close, either token is its greedy choice and the two
    continuations legitimately part ways. Anywhere else a difference is a bug.
    """
    if got == want:
        return True
    i = next(i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b)
    assert i >= prompt_len, "the prompt itself changed"
    with torch.no_grad():
        logits = model(torch.tensor([want[:i]], device="cuda")).logits[0, -1].float()
    return abs(logits[got[i]] - logits[want[i]]).item() <= tolerance


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_greedy_equivalence_on_cuda_half_precision(greedy_reference):
    prompts = ["Once upon a time, there was a", "One sunny morning, Max the", "Long ago, in a"]
    for dtype, tolerance in ((torch.float16, 0.05), (torch.bfloat16, 0.25)):
        pair = default_pair(device="cuda", dtype=dtype)
        exact = 0
        for text in prompts:
            ids = torch.tensor([pair.tokenizer(text)["input_ids"]], device="cuda")
            want = greedy_reference(pair.target, ids, 48)
            for k in (2, 4):
                got = speculative_generate(pair.target, pair.draft, ids, 48, k).sequences[0].tolist()
                assert _agree_up_to_near_ties(pair.target, got, want, ids.size(1), tolerance), \
                    (dtype, text, k)
                exact += got == want
        assert exact >= 4, f"{dtype}: only {exact} of 6 generations matched token for token"
