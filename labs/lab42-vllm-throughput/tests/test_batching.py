from lab42_vllm_throughput import (
    left_pad,
    naive_generate,
    static_batch_generate,
    static_batch_waste,
    story_prompts,
)


def test_left_pad():
    ids, mask = left_pad([[1, 2, 3], [4]], pad_id=0)
    assert ids.tolist() == [[1, 2, 3], [0, 0, 4]]
    assert mask.tolist() == [[1, 1, 1], [0, 0, 1]]


def test_static_batching_matches_naive_on_the_zoo_model(zoo_lm):
    model, tokenizer = zoo_lm
    prompts = [tokenizer(p)["input_ids"] for p in story_prompts(6)]
    eos = tokenizer.eos_token_id
    naive = naive_generate(model, prompts, 24, eos)
    static = static_batch_generate(model, prompts, 24, 3, tokenizer.pad_token_id, eos)
    assert static == naive
    assert all(1 <= len(o) <= 24 for o in naive)
    assert all(eos not in o[:-1] for o in naive)  # nothing after a row's EOS


def test_static_batch_waste():
    assert abs(static_batch_waste([2, 4], [3, 1], 2) - 4 / 14) < 1e-12
