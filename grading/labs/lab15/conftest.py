"""A tiny untrained encoder whose query/key weights are enlarged, so attention is far from uniform
(with BERT's 0.02 initialisation every head is nearly uniform and hides mistakes of scale)."""

from __future__ import annotations

import pytest
import torch
from lab15_attention_visualizer.encoder import EncoderConfig, build_encoder

TEXT = "Lily felt unbelievably sad, but Tom the fox showed a secret path."


@pytest.fixture(scope="session")
def encoder():
    model, tokenizer = build_encoder(EncoderConfig(n_stories=200, train_steps=0, seed=3))
    gen = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for layer in model.encoder.layer:
            for linear in (layer.attention.self.query, layer.attention.self.key):
                linear.weight.copy_(torch.randn(linear.weight.shape, generator=gen) * 0.25)
                linear.bias.copy_(torch.randn(linear.bias.shape, generator=gen) * 0.25)
    return model, tokenizer


@pytest.fixture(scope="session")
def text() -> str:
    return TEXT
