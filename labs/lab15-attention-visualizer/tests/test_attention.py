"""Public tests: a tiny untrained encoder (built in a fraction of a second), checked by numbers."""

from __future__ import annotations

import json
import re

import pytest
import torch
from lab15_attention_visualizer.attention import extract_attention, recompute_attention
from lab15_attention_visualizer.encoder import EncoderConfig, build_encoder
from lab15_attention_visualizer.heatmap import save_heatmap
from lab15_attention_visualizer.html_view import write_html
from lab15_attention_visualizer.words import aggregate_to_words, word_groups, word_ids

TEXT = "Tom the fox was unbelievably happy."


@pytest.fixture(scope="module")
def encoder():
    model, tokenizer = build_encoder(EncoderConfig(n_stories=200, train_steps=0))
    # BERT initialises weights at std 0.02, which makes every head nearly uniform; larger
    # query/key weights give sharp heads, so a wrong scale or a missing mask shows.
    gen = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for layer in model.encoder.layer:
            for linear in (layer.attention.self.query, layer.attention.self.key):
                linear.weight.copy_(torch.randn(linear.weight.shape, generator=gen) * 0.25)
    return model, tokenizer


def test_extract_shape_tokens_rows(encoder):
    model, tokenizer = encoder
    tokens, attn = extract_attention(model, tokenizer, TEXT)
    assert tokens[:4] == ["[CLS]", "tom", "the", "fox"] and tokens[-1] == "[SEP]"
    assert tuple(attn.shape) == (3, 4, len(tokens), len(tokens)) and attn.dtype == torch.float32
    assert torch.allclose(attn.sum(-1), torch.ones(3, 4, len(tokens)), atol=1e-5)


def test_recompute_equals_extracted(encoder):
    model, tokenizer = encoder
    _, attn = extract_attention(model, tokenizer, TEXT)
    batch = tokenizer(TEXT, return_tensors="pt")
    with torch.no_grad():
        states = model(**batch, output_hidden_states=True).hidden_states
    for layer in range(3):
        got = recompute_attention(model, layer, states[layer][0], batch["attention_mask"][0])
        assert torch.allclose(got, attn[layer], atol=1e-5)
    assert float(attn.max()) > 0.5  # sharp heads: a wrong 1/sqrt(d) would not match


def test_word_groups_and_uniform_aggregation():
    tokens = ["[CLS]", "un", "##believ", "##ably", "sad", "[SEP]"]
    ids = [None, 0, 0, 0, 1, None]
    assert word_groups(tokens, ids) == (["[CLS]", "unbelievably", "sad", "[SEP]"], [0, 1, 1, 1, 2, 3])
    uniform = torch.full((6, 6), 1 / 6, dtype=torch.float64)
    words, out = aggregate_to_words(uniform, tokens, ids)
    # every word row: [CLS] 1/6, unbelievably 3/6 (three pieces summed), sad 1/6, [SEP] 1/6
    expected = torch.tensor([1 / 6, 3 / 6, 1 / 6, 1 / 6], dtype=torch.float64).expand(4, 4)
    assert torch.allclose(out, expected, atol=1e-12)


def test_aggregate_real_attention(encoder):
    model, tokenizer = encoder
    tokens, attn = extract_attention(model, tokenizer, TEXT)
    words, out = aggregate_to_words(attn, tokens, word_ids(tokenizer, TEXT))
    assert words == ["[CLS]", "tom", "the", "fox", "was", "unbelievably", "happy", ".", "[SEP]"]
    assert tuple(out.shape) == (3, 4, 9, 9)
    assert torch.allclose(out.sum(-1), torch.ones(3, 4, 9), atol=1e-5)


def test_heatmap_and_html(tmp_path, encoder):
    model, tokenizer = encoder
    tokens, attn = extract_attention(model, tokenizer, TEXT)
    png = save_heatmap(tmp_path / "head0.png", attn[0, 0], tokens, title="layer 0, head 0")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = write_html(tmp_path / "view.html", {"tokens": (tokens, attn)}).read_text()
    assert "http://" not in page and "https://" not in page
    data = re.search(r'id="attention-data">(.*?)</script>', page, re.S).group(1)
    numbers = torch.tensor(json.loads(data)["views"]["tokens"]["attention"])
    assert torch.allclose(numbers, attn, atol=1e-4)
    assert page.count("<option") == 1 + 3 + 4  # one view, three layers, four heads
