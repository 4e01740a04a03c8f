from __future__ import annotations

import math

import torch
from lab15_attention_visualizer.attention import recompute_attention
from llmlab_grading import points


@points(12, "recompute_attention does not reproduce the model's weights: per head, "
            "softmax((X Wq^T + bq)(X Wk^T + bk)^T / sqrt(d)) with d = hidden // heads",
        task="recompute", timeout=60)
def test_recompute_matches_model_every_layer(encoder, text):
    model, tokenizer = encoder
    batch = tokenizer(text, return_tensors="pt")
    with torch.no_grad():
        out = model(**batch, output_hidden_states=True, output_attentions=True)
    states, attn = out.hidden_states, [a[0] for a in out.attentions]
    for layer in range(3):
        got = recompute_attention(model, layer, states[layer][0], batch["attention_mask"][0])
        assert tuple(got.shape) == tuple(attn[layer].shape)
        assert torch.allclose(got, attn[layer], atol=1e-5), f"layer {layer}"
    got = recompute_attention(model, 1, states[1][0])  # no mask: every token is real
    assert torch.allclose(got, attn[1], atol=1e-5)


@points(10, "With padding, keys whose attention_mask is 0 must get exactly 0 weight (add a very "
            "negative number or -inf before the softmax), as the model does",
        task="recompute", timeout=60)
def test_recompute_with_padding_mask(encoder, text):
    model, tokenizer = encoder
    batch = tokenizer([text, "The door was locked."], padding=True, return_tensors="pt")
    mask = batch["attention_mask"][1]
    assert int(mask.sum()) < len(mask)  # the short text really is padded
    with torch.no_grad():
        out = model(**batch, output_hidden_states=True, output_attentions=True)
    for layer in (0, 2):
        got = recompute_attention(model, layer, out.hidden_states[layer][1], mask)
        expected = out.attentions[layer][1]
        assert torch.allclose(got, expected, atol=1e-5), f"layer {layer}"
        assert float(got[..., mask == 0].abs().max()) == 0.0


@points(8, "recompute_attention must compute from the layer's query/key weights and the "
           "hidden states it is given (scaled by 1/sqrt(head size)), not run the model",
        task="recompute", timeout=60)
def test_recompute_from_weights_on_any_input(encoder):
    model, _ = encoder
    gen = torch.Generator().manual_seed(7)
    x = torch.randn(9, 64, generator=gen)
    attention = model.encoder.layer[2].attention.self
    with torch.no_grad():
        q = (x @ attention.query.weight.T + attention.query.bias).view(9, 4, 16).transpose(0, 1)
        k = (x @ attention.key.weight.T + attention.key.bias).view(9, 4, 16).transpose(0, 1)
        expected = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(16), dim=-1)
    got = recompute_attention(model, 2, x)
    assert tuple(got.shape) == (4, 9, 9)
    assert torch.allclose(got, expected, atol=1e-5)
    assert float((expected.max(-1).values).max()) > 0.5  # sharp enough to catch a wrong scale
