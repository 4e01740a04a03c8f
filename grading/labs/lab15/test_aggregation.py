from __future__ import annotations

import torch
from lab15_attention_visualizer.words import aggregate_to_words, word_groups, word_ids
from llmlab_grading import points

TOKENS = ["[CLS]", "play", "##ing", "cats", "[SEP]"]
WORD_IDS = [None, 0, 0, 1, None]
ATTN = torch.tensor([
    [0.1, 0.2, 0.3, 0.4, 0.0],
    [0.0, 0.5, 0.25, 0.25, 0.0],
    [0.2, 0.2, 0.2, 0.2, 0.2],
    [0.0, 0.0, 0.0, 0.0, 1.0],
    [0.25, 0.25, 0.25, 0.0, 0.25],
], dtype=torch.float64)


@points(8, "word_groups: one word per word id (pieces joined, '##' removed), each special token "
           "(word id None) a word of its own, in order of first appearance",
        task="aggregation", timeout=60)
def test_word_groups_hand_example():
    words, group = word_groups(TOKENS, WORD_IDS)
    assert words == ["[CLS]", "playing", "cats", "[SEP]"]
    assert group == [0, 1, 1, 2, 3]
    words, group = word_groups(["[CLS]", "un", "##believ", "##ably", "sad", ".", "[SEP]"],
                               [None, 0, 0, 0, 1, 2, None])
    assert words == ["[CLS]", "unbelievably", "sad", ".", "[SEP]"]
    assert group == [0, 1, 1, 1, 2, 3, 4]


@points(10, "aggregate_to_words: SUM the columns of a word's pieces (attention to the word) and "
            "AVERAGE the rows of its pieces (attention from the word)",
        task="aggregation", timeout=60)
def test_aggregate_hand_example_exact():
    attn = torch.stack([ATTN, torch.eye(5, dtype=torch.float64)])  # (heads=2, T, T)
    words, out = aggregate_to_words(attn, TOKENS, WORD_IDS)
    assert words == ["[CLS]", "playing", "cats", "[SEP]"]
    expected = torch.tensor([
        [0.1, 0.5, 0.4, 0.0],
        [0.1, 0.575, 0.225, 0.1],
        [0.0, 0.0, 0.0, 1.0],
        [0.25, 0.5, 0.0, 0.25],
    ], dtype=torch.float64)
    assert out.dtype == torch.float64 and tuple(out.shape) == (2, 4, 4)
    assert torch.allclose(out[0], expected, atol=1e-12)
    assert torch.allclose(out[1], torch.eye(4, dtype=torch.float64), atol=1e-12)


@points(7, "On a real (layers, heads, T, T) map the word-level rows must still sum to 1, with "
           "the leading dimensions kept",
        task="aggregation", timeout=60)
def test_aggregate_real_model_rows_sum_to_one(encoder, text):
    model, tokenizer = encoder
    batch = tokenizer(text, return_tensors="pt")
    with torch.no_grad():
        attn = torch.stack([a[0] for a in model(**batch, output_attentions=True).attentions])
    tokens = tokenizer.convert_ids_to_tokens(batch["input_ids"][0].tolist())
    ids = word_ids(tokenizer, text)
    words, out = aggregate_to_words(attn, tokens, ids)
    assert "unbelievably" in words and len(words) < len(tokens)
    assert tuple(out.shape) == (3, 4, len(words), len(words)) and out.dtype == torch.float32
    assert torch.allclose(out.sum(-1), torch.ones(out.shape[:-1]), atol=1e-5)
    # the word "unbelievably" collects the attention of all its pieces (columns summed)
    target = tokenizer(text).char_to_word(text.index("unbelievably"))
    pieces = [i for i, g in enumerate(ids) if g == target]
    assert len(pieces) > 1
    w = words.index("unbelievably")
    assert torch.allclose(out[1, 2, 0, w], attn[1, 2, 0, pieces].sum(), atol=1e-6)
