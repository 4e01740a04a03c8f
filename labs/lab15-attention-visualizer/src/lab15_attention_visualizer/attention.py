"""Attention weights out of a BERT-style encoder, and the same weights recomputed by hand.

Shapes: L layers, H heads, T tokens (``[CLS]`` and ``[SEP]`` included), C hidden width,
d = C // H per head. ``attn[l, h, i, j]`` is how much token i (the query, a row) attends to
token j (the key, a column); each row is a softmax, so it sums to 1.
"""

from __future__ import annotations

import math

import torch
from transformers import BatchEncoding, PreTrainedModel, PreTrainedTokenizerFast


def encode(tokenizer: PreTrainedTokenizerFast, text: str, max_len: int | None = None
           ) -> BatchEncoding:
    """``tokenizer(text)`` as (1, T) tensors, with an error when ``text`` is too long."""
    if not text.strip():
        raise ValueError("text is empty: give a sentence or two to look at")
    batch = tokenizer(text, return_tensors="pt")
    length = batch["input_ids"].shape[1]
    if max_len is not None and length > max_len:
        raise ValueError(f"text is {length} tokens long but the model takes at most {max_len}: "
                         "shorten it")
    return batch


def extract_attention(model: PreTrainedModel, tokenizer: PreTrainedTokenizerFast, text: str
                      ) -> tuple[list[str], torch.Tensor]:
    """Tokens of ``text`` and the model's attention weights, a float32 (L, H, T, T) CPU tensor.

    Runs one forward pass without gradients and ``output_attentions=True``. Fused kernels (SDPA,
    flash) never build the weights, so a model not using eager attention is switched to it.
    """
    # BEGIN SOLUTION
    if model.config._attn_implementation != "eager":
        model.set_attn_implementation("eager")
    batch = encode(tokenizer, text, getattr(model.config, "max_position_embeddings", None))
    batch = batch.to(model.device)
    with torch.no_grad():
        out = model(**batch, output_attentions=True)
    tokens = tokenizer.convert_ids_to_tokens(batch["input_ids"][0].tolist())
    attn = torch.stack([a[0] for a in out.attentions]).float().cpu()
    return tokens, attn
    # END SOLUTION


def _self_attention(model: PreTrainedModel, layer: int) -> torch.nn.Module:
    """The BERT self-attention module of ``layer`` (it holds ``query``, ``key``, ``value``)."""
    base = model.base_model  # a BertForMaskedLM and a BertModel both lead here
    try:
        layers = base.encoder.layer
    except AttributeError as exc:
        raise TypeError(f"{type(model).__name__} is not a BERT-architecture encoder "
                        "(no model.encoder.layer[i].attention.self): recompute supports BERT, "
                        "RoBERTa and their relatives") from exc
    if not -len(layers) <= layer < len(layers):
        raise IndexError(f"layer {layer} does not exist: the model has {len(layers)} layers")
    return layers[layer].attention.self


def recompute_attention(model: PreTrainedModel, layer: int, hidden_states: torch.Tensor,
                        attention_mask: torch.Tensor | None = None) -> torch.Tensor:
    """Layer ``layer``'s attention weights from its own query/key weights, (H, T, T) float32.

    ``hidden_states`` is the (T, C) input of that layer: ``hidden_states[layer][0]`` of a forward
    pass with ``output_hidden_states=True`` (BERT applies no LayerNorm before attention).
    ``attention_mask`` is (T,) with 1 for real tokens and 0 for padding (None = all real);
    padded keys get no attention. Computes softmax(Q K^T / sqrt(d) + mask) per head.
    """
    attention = _self_attention(model, layer)
    # BEGIN SOLUTION
    heads = attention.num_attention_heads
    t, width = hidden_states.shape
    d = width // heads
    with torch.no_grad():
        q = attention.query(hidden_states).view(t, heads, d).transpose(0, 1)  # (H, T, d)
        k = attention.key(hidden_states).view(t, heads, d).transpose(0, 1)
        scores = q @ k.transpose(1, 2) / math.sqrt(d)  # (H, T, T)
        if attention_mask is not None:
            padded = attention_mask.to(torch.bool).logical_not()
            scores = scores.masked_fill(padded[None, None, :], float("-inf"))
        return scores.softmax(dim=-1).float()
    # END SOLUTION
