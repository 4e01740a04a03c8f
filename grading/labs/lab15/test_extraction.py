from __future__ import annotations

import torch
from lab15_attention_visualizer.attention import extract_attention
from llmlab_grading import points


def _reference(model, tokenizer, text):
    batch = tokenizer(text, return_tensors="pt")
    with torch.no_grad():
        out = model(**batch, output_attentions=True)
    return torch.stack([a[0] for a in out.attentions])


@points(8, "extract_attention must return the tokens of tokenizer(text) ([CLS] ... [SEP]) and a "
           "float32 (layers, heads, T, T) tensor", task="extraction", timeout=60)
def test_extract_shapes_and_tokens(encoder, text):
    model, tokenizer = encoder
    tokens, attn = extract_attention(model, tokenizer, text)
    ids = tokenizer(text)["input_ids"]
    assert tokens == tokenizer.convert_ids_to_tokens(ids)
    assert tokens[0] == "[CLS]" and tokens[-1] == "[SEP]"
    assert tuple(attn.shape) == (3, 4, len(ids), len(ids))
    assert attn.dtype == torch.float32 and attn.device.type == "cpu"


@points(9, "The weights differ from the model's own output_attentions: stack out.attentions "
           "(one (1, H, T, T) tensor per layer) in layer order and drop the batch dimension",
        task="extraction", timeout=60)
def test_extract_matches_model_outputs(encoder, text):
    model, tokenizer = encoder
    _, attn = extract_attention(model, tokenizer, text)
    expected = _reference(model, tokenizer, text)
    assert torch.allclose(attn, expected, atol=1e-6)
    assert not torch.allclose(attn[0], attn[1], atol=1e-3)  # the layers really differ


@points(4, "Each row of an attention map is a softmax: non-negative and summing to 1",
        task="extraction", timeout=60)
def test_extract_rows_sum_to_one(encoder, text):
    model, tokenizer = encoder
    _, attn = extract_attention(model, tokenizer, "The bridge was broken.")
    assert float(attn.min()) >= 0.0
    assert torch.allclose(attn.sum(-1), torch.ones(attn.shape[:-1]), atol=1e-5)


@points(4, "A model on SDPA attention returns no weights: switch it to eager "
           "(model.set_attn_implementation('eager')) before the forward pass",
        task="extraction", timeout=60)
def test_extract_switches_sdpa_to_eager(encoder, text):
    model, tokenizer = encoder
    expected = _reference(model, tokenizer, text)
    model.set_attn_implementation("sdpa")
    try:
        _, attn = extract_attention(model, tokenizer, text)
    finally:
        model.set_attn_implementation("eager")
    assert torch.allclose(attn, expected, atol=1e-5)
