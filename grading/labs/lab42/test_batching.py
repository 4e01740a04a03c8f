import pytest
import torch
from lab42_vllm_throughput import (
    greedy_batch,
    left_pad,
    naive_generate,
    static_batch_generate,
    static_batch_waste,
)
from llmlab_grading import points


@points(5, "left_pad must return int64 (B, L) input_ids and attention_mask with the padding on "
           "the LEFT, and raise ValueError for no sequences or an empty one.", task="batching",
        timeout=30)
def test_left_pad():
    ids, mask = left_pad([[5, 6, 7], [8], [9, 10]], pad_id=0)
    assert ids.dtype == torch.int64 and mask.dtype == torch.int64
    assert ids.tolist() == [[5, 6, 7], [0, 0, 8], [0, 9, 10]]
    assert mask.tolist() == [[1, 1, 1], [0, 0, 1], [0, 1, 1]]
    ids, mask = left_pad([[3, 4]], pad_id=9)
    assert ids.tolist() == [[3, 4]] and mask.tolist() == [[1, 1]]
    with pytest.raises(ValueError):
        left_pad([], pad_id=0)
    with pytest.raises(ValueError):
        left_pad([[1], []], pad_id=0)


def _hf_greedy(model, prompt, n):
    ids = torch.tensor([prompt])
    out = model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=n,
                         min_new_tokens=n, do_sample=False, pad_token_id=0, eos_token_id=None)
    return out[0, len(prompt):].tolist()


@points(7, "greedy_batch on one unpadded prompt must give exactly transformers' own greedy "
           "tokens (argmax of the last logits, through the KV cache), and naive_generate must do "
           "so for each prompt alone.", task="batching", timeout=120)
def test_greedy_batch_matches_hf_generate(tiny_llama):
    model = tiny_llama(3)
    prompts = [[5, 9, 2, 33], [7], [12, 40, 41, 3, 3, 8, 20]]
    want = [_hf_greedy(model, p, 12) for p in prompts]
    ids = torch.tensor([prompts[0]])
    assert greedy_batch(model, ids, torch.ones_like(ids), 12) == [want[0]]
    assert naive_generate(model, prompts, 12) == want


@points(5, "A row that emits eos_token_id must keep the EOS as its last token and stop there while "
           "the other rows go on; the loop ends when all rows are done or max_new_tokens ran out.",
        task="batching", timeout=120)
def test_greedy_batch_stops_rows_at_eos(tiny_llama):
    model = tiny_llama(5)
    prompts = [[4, 8, 15, 16], [23, 42]]
    free = naive_generate(model, prompts, 10)
    eos = free[0][3]
    cut = free[0][: free[0].index(eos) + 1]
    ids, mask = left_pad(prompts, pad_id=0)
    got = greedy_batch(model, ids, mask, 10, eos_token_id=eos)
    assert got[0] == cut
    other = free[1][: free[1].index(eos) + 1] if eos in free[1] else free[1]
    assert got[1] == other


@points(5, "static_batch_generate (left padding, position_ids from the mask) must give the same "
           "greedy tokens as naive_generate for every prompt, whatever the batch size.",
        task="batching", timeout=120)
def test_static_batching_equals_naive(tiny_llama):
    model = tiny_llama(7)
    g = torch.Generator().manual_seed(0)
    prompts = [torch.randint(2, 48, (n,), generator=g).tolist() for n in (3, 11, 1, 7, 5, 9, 2)]
    naive = naive_generate(model, prompts, 14)
    assert [len(o) for o in naive] == [14] * 7
    for size in (2, 3, 7):
        assert static_batch_generate(model, prompts, 14, size, pad_id=0) == naive, size


@points(4, "On the zoo's stories-lm-small, static batching must reproduce the naive loop's greedy "
           "tokens for every story prompt, each reply ending at its own <|endoftext|>.",
        task="batching", timeout=120)
def test_static_batching_on_the_zoo_model():
    from llmlab.zoo import zoo_path
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = zoo_path("stories-lm-small")
    model = AutoModelForCausalLM.from_pretrained(path).eval()
    tokenizer = AutoTokenizer.from_pretrained(path)
    texts = ["Once upon a time", "Jack was so cheerful. He hugged Sam and", "The cat",
             "That night, Lily went to bed happy, thinking about her new friend",
             "Mia wanted to fly a kite, but the wind", "Ben smiled. It was the best day of his"]
    prompts = [tokenizer(t)["input_ids"] for t in texts]
    eos = tokenizer.eos_token_id
    naive = naive_generate(model, prompts, 40, eos)
    assert all(o and (o[-1] == eos or len(o) == 40) and eos not in o[:-1] for o in naive)
    assert sum(o[-1] == eos for o in naive) >= 2  # story endings stop early: rows finish apart
    assert static_batch_generate(model, prompts, 40, 4, tokenizer.pad_token_id, eos) == naive


@points(4, "static_batch_waste: each group of batch_size requests fills rows x (max prompt + max "
           "output) slots; waste = 1 - useful / all slots over the groups.", task="batching",
        timeout=30)
def test_static_batch_waste():
    assert static_batch_waste([2, 4], [3, 1], batch_size=2) == pytest.approx(1 - 10 / 14)
    assert static_batch_waste([5, 5, 5], [7, 7, 7], batch_size=2) == pytest.approx(0.0)
    # groups [2, 4] and [6]: 14 slots + 1 x (6 + 2) slots, 10 + 8 useful
    assert static_batch_waste([2, 4, 6], [3, 1, 2], batch_size=2) == pytest.approx(1 - 18 / 22)
    assert static_batch_waste([2, 4, 6], [3, 1, 2], batch_size=1) == pytest.approx(0.0)
