"""A GPT in one file, read top to bottom like the figure in the GPT-2 paper.

    idx (B, T) -> token + position embeddings -> n_layer x Block -> LayerNorm -> lm_head -> logits

    Block (pre-LN):  x = x + attn(ln_1(x))
                     x = x + mlp(ln_2(x))

Shapes: B batch, T tokens in this call, S tokens attended to (T, or cache + T), C = n_embd,
nh = n_head, hs = C // nh. Attention uses one fused ``c_attn`` Linear (C -> 3C, queries then
keys then values) and an output ``c_proj`` (C -> C), the same layout as nanoGPT and GPT-2.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class GPTConfig:
    """The shape of a GPT. ``block_size`` is the longest context the model can see."""

    vocab_size: int
    block_size: int = 128
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    dropout: float = 0.0
    bias: bool = True

    def __post_init__(self) -> None:
        for name in ("vocab_size", "block_size", "n_layer", "n_head", "n_embd"):
            if getattr(self, name) < 1:
                raise ValueError(f"GPTConfig.{name} must be >= 1, got {getattr(self, name)}")
        if self.n_embd % self.n_head:
            raise ValueError(
                f"n_embd={self.n_embd} is not divisible by n_head={self.n_head}: each head gets "
                "n_embd // n_head dimensions, so pick n_embd as a multiple of n_head"
            )
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {self.dropout}")


def causal_mask(t: int, device: torch.device | str | None = None) -> torch.Tensor:
    """Boolean (t, t) mask, True where query i may attend to key j (j <= i)."""
    # BEGIN SOLUTION
    return torch.ones(t, t, dtype=torch.bool, device=device).tril()
    # END SOLUTION


class KVCache:
    """Keys and values of every layer for the tokens already processed.

    ``keys[layer]`` and ``values[layer]`` are (B, nh, length, hs) tensors, or None before the
    first call. Each attention layer appends its new keys/values with :meth:`update`.
    """

    def __init__(self, n_layer: int) -> None:
        self.n_layer = n_layer
        self.keys: list[torch.Tensor | None] = [None] * n_layer
        self.values: list[torch.Tensor | None] = [None] * n_layer

    @property
    def length(self) -> int:
        """Number of cached positions (read it before a forward pass: layer 0 grows first)."""
        k = self.keys[0]
        return 0 if k is None else k.size(2)

    def update(
        self, layer: int, k: torch.Tensor, v: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Append (B, nh, T, hs) ``k``/``v`` to ``layer``; return all (B, nh, S, hs) keys/values."""
        # BEGIN SOLUTION
        if self.keys[layer] is not None:
            k = torch.cat([self.keys[layer], k], dim=2)
            v = torch.cat([self.values[layer], v], dim=2)
        self.keys[layer], self.values[layer] = k, v
        return k, v
        # END SOLUTION

    def reset(self) -> None:
        """Forget everything, e.g. before a new prompt."""
        self.keys = [None] * self.n_layer
        self.values = [None] * self.n_layer


class CausalSelfAttention(nn.Module):
    """Multi-head self-attention where each position sees only itself and the past."""

    def __init__(self, config: GPTConfig, layer_idx: int = 0) -> None:
        super().__init__()
        self.n_head = config.n_head
        self.n_embd = config.n_embd
        self.layer_idx = layer_idx  # which slot of a KVCache this layer owns
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd, bias=config.bias)  # q, k, v
        self.c_proj = nn.Linear(config.n_embd, config.n_embd, bias=config.bias)
        self.attn_dropout = nn.Dropout(config.dropout)
        self.resid_dropout = nn.Dropout(config.dropout)

    def forward(self, x: torch.Tensor, kv_cache: KVCache | None = None) -> torch.Tensor:
        """(B, T, C) -> (B, T, C). With ``kv_cache``, ``x`` holds only the new positions."""
        # BEGIN SOLUTION
        B, T, C = x.shape
        hs = C // self.n_head
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        # (B, T, C) -> (B, nh, T, hs): heads become a batch dimension
        q = q.view(B, T, self.n_head, hs).transpose(1, 2)
        k = k.view(B, T, self.n_head, hs).transpose(1, 2)
        v = v.view(B, T, self.n_head, hs).transpose(1, 2)
        if kv_cache is not None:
            k, v = kv_cache.update(self.layer_idx, k, v)  # (B, nh, S, hs), S = cached + T
        S = k.size(2)

        att = (q @ k.transpose(-2, -1)) / math.sqrt(hs)  # (B, nh, T, S)
        # the T queries sit at positions S-T .. S-1, so they take the last T rows of the mask
        mask = causal_mask(S, device=x.device)[S - T :]
        att = att.masked_fill(~mask, float("-inf"))
        att = F.softmax(att, dim=-1)
        att = self.attn_dropout(att)
        y = att @ v  # (B, nh, T, hs)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # heads side by side again
        return self.resid_dropout(self.c_proj(y))
        # END SOLUTION


class MLP(nn.Module):
    """Position-wise feed-forward network: widen 4x, GELU, project back."""

    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd, bias=config.bias)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd, bias=config.bias)
        self.dropout = nn.Dropout(config.dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, T, C) -> (B, T, C)."""
        return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))


class Block(nn.Module):
    """One transformer layer: attention then MLP, each on a LayerNorm-ed residual branch."""

    def __init__(self, config: GPTConfig, layer_idx: int = 0) -> None:
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd, bias=config.bias)
        self.attn = CausalSelfAttention(config, layer_idx)
        self.ln_2 = nn.LayerNorm(config.n_embd, bias=config.bias)
        self.mlp = MLP(config)

    def forward(self, x: torch.Tensor, kv_cache: KVCache | None = None) -> torch.Tensor:
        """(B, T, C) -> (B, T, C), pre-LN residual: x + attn(ln_1(x)), then x + mlp(ln_2(x))."""
        # BEGIN SOLUTION
        x = x + self.attn(self.ln_1(x), kv_cache)
        x = x + self.mlp(self.ln_2(x))
        return x
        # END SOLUTION


class GPT(nn.Module):
    """Decoder-only transformer language model with tied input/output embeddings."""

    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        self.config = config
        self.transformer = nn.ModuleDict(
            {
                "wte": nn.Embedding(config.vocab_size, config.n_embd),  # token embeddings
                "wpe": nn.Embedding(config.block_size, config.n_embd),  # position embeddings
                "drop": nn.Dropout(config.dropout),
                "h": nn.ModuleList(Block(config, i) for i in range(config.n_layer)),
                "ln_f": nn.LayerNorm(config.n_embd, bias=config.bias),
            }
        )
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        # weight tying: reading a token and writing it use the same vectors (fewer parameters,
        # and the output layer gets a gradient for every token the model reads)
        self.transformer.wte.weight = self.lm_head.weight

        # GPT-2 init: small normal weights so the first logits are nearly uniform (loss ~ ln V),
        # and residual projections shrunk so the residual stream's variance does not grow
        # with depth (each block adds two of them).
        self.apply(self._init_weights)
        for name, param in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(param, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def num_params(self, non_embedding: bool = True) -> int:
        """Parameter count; position embeddings are left out by default, as in GPT-2's paper."""
        n = sum(p.numel() for p in self.parameters())
        return n - self.transformer.wpe.weight.numel() if non_embedding else n

    def make_cache(self) -> KVCache:
        """An empty KV cache sized for this model."""
        return KVCache(self.config.n_layer)

    def forward(
        self,
        idx: torch.Tensor,
        targets: torch.Tensor | None = None,
        kv_cache: KVCache | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Logits (B, T, vocab_size) for token ids ``idx`` (B, T) int64.

        ``loss`` is the mean cross-entropy against ``targets`` (B, T), or None without them.
        With ``kv_cache``, ``idx`` holds only new tokens; they sit after the cached ones.
        """
        if idx.dim() != 2:
            raise ValueError(f"idx must be (batch, time) token ids, got shape {tuple(idx.shape)}")
        past = kv_cache.length if kv_cache is not None else 0
        if past + idx.size(1) > self.config.block_size:
            raise ValueError(
                f"sequence of {past + idx.size(1)} tokens ({past} cached + {idx.size(1)} new) is "
                f"longer than block_size={self.config.block_size}: crop the input to its last "
                f"{self.config.block_size} tokens, or start a new KVCache"
            )
        # BEGIN SOLUTION
        T = idx.size(1)
        pos = torch.arange(past, past + T, device=idx.device)  # positions continue after the cache
        x = self.transformer.drop(self.transformer.wte(idx) + self.transformer.wpe(pos))
        for block in self.transformer.h:
            x = block(x, kv_cache)
        logits = self.lm_head(self.transformer.ln_f(x))
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1))
        return logits, loss
        # END SOLUTION
