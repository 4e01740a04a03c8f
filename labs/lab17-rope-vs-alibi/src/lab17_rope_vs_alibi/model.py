"""A small decoder-only transformer whose only variable part is how it knows positions.

    idx (B, T) -> token embeddings [+ sinusoidal positions] -> n_layer x Block -> LayerNorm
               -> lm_head -> logits (B, T, vocab_size)

    Block (pre-LN):  x = x + attn(ln_1(x)),  x = x + mlp(ln_2(x))

``position`` picks the scheme:

- ``"rope"``: queries and keys are rotated by their position inside attention (rope.py).
- ``"alibi"``: a distance penalty is added to the attention scores (alibi.py).
- ``"nope"``: no position information at all; the causal mask alone lets a model infer some.
- ``"sinusoidal"``: the fixed sin/cos vectors of "Attention Is All You Need" are added to the
  token embeddings.

None of the four has a learned parameter or a table sized by a maximum length, so every
model runs at any length, and the same seed gives all four *exactly* the same weights.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from lab17_rope_vs_alibi.alibi import alibi_bias
from lab17_rope_vs_alibi.rope import apply_rope

POSITIONS = ("rope", "alibi", "nope", "sinusoidal")


def check_position(position: str) -> str:
    """Return ``position`` if it names a scheme, else raise a ValueError listing them."""
    if position not in POSITIONS:
        raise ValueError(f"unknown position scheme {position!r}: choose one of {', '.join(POSITIONS)}")
    return position


@dataclass
class ModelConfig:
    """The shape of a :class:`Decoder`. There is no block size: every scheme runs at any length."""

    vocab_size: int
    position: str = "rope"
    n_layer: int = 2
    n_head: int = 4
    n_embd: int = 64
    rope_base: float = 10000.0

    def __post_init__(self) -> None:
        check_position(self.position)
        for name in ("vocab_size", "n_layer", "n_head", "n_embd"):
            if getattr(self, name) < 1:
                raise ValueError(f"ModelConfig.{name} must be >= 1, got {getattr(self, name)}")
        if self.n_embd % self.n_head or (self.n_embd // self.n_head) % 2:
            raise ValueError(
                f"n_embd={self.n_embd} must split into n_head={self.n_head} heads of an even size "
                "(RoPE rotates pairs): pick n_embd as a multiple of 2 * n_head"
            )


def sinusoidal_positions(t: int, dim: int) -> torch.Tensor:
    """The (t, dim) float32 table of "Attention Is All You Need", for positions 0 .. t-1.

    ``pe[p, 2i] = sin(p / 10000 ** (2i / dim))`` and ``pe[p, 2i+1] = cos(p / 10000 ** (2i / dim))``.
    """
    if t < 1 or dim < 2 or dim % 2:
        raise ValueError(f"need t >= 1 and an even dim >= 2, got t={t}, dim={dim}")
    # BEGIN SOLUTION
    positions = torch.arange(t, dtype=torch.float32)[:, None]  # (t, 1)
    inv_freq = 10000.0 ** (-torch.arange(0, dim, 2, dtype=torch.float64) / dim)  # (dim/2,)
    angles = positions * inv_freq.to(torch.float32)  # (t, dim/2)
    return torch.stack([angles.sin(), angles.cos()], dim=-1).flatten(-2)  # sin, cos interleaved
    # END SOLUTION


def causal_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, position: str,
                     rope_base: float = 10000.0) -> torch.Tensor:
    """Causal softmax attention over (B, n_head, T, head_dim) ``q``, ``k``, ``v``; same shape out.

    The tokens sit at positions 0 .. T-1. ``position`` decides what attention sees of them:
    ``"rope"`` rotates ``q`` and ``k`` with :func:`apply_rope` (base ``rope_base``) before the
    scores; ``"alibi"`` adds :func:`alibi_bias` (n_head, T, T) to the scores; ``"nope"`` and
    ``"sinusoidal"`` use plain scores (sinusoidal positions were added to the embeddings).
    Scores are ``q @ k^T / sqrt(head_dim)``; key j > query i is masked out before the softmax.
    """
    check_position(position)
    if q.dim() != 4 or q.shape != k.shape or q.shape != v.shape:
        raise ValueError("q, k and v must all be (B, n_head, T, head_dim), got shapes "
                         f"{tuple(q.shape)}, {tuple(k.shape)}, {tuple(v.shape)}")
    # BEGIN SOLUTION
    _, n_head, T, head_dim = q.shape
    if position == "rope":
        positions = torch.arange(T, device=q.device)
        q, k = apply_rope(q, positions, rope_base), apply_rope(k, positions, rope_base)
    scores = (q @ k.transpose(-2, -1)) / math.sqrt(head_dim)  # (B, nh, T, T)
    if position == "alibi":
        scores = scores + alibi_bias(n_head, T, device=q.device)  # broadcasts over the batch
    future = torch.ones(T, T, dtype=torch.bool, device=q.device).triu(1)
    scores = scores.masked_fill(future, float("-inf"))
    return F.softmax(scores, dim=-1) @ v
    # END SOLUTION


class CausalSelfAttention(nn.Module):
    """Multi-head self-attention: one fused Linear makes q, k, v; :func:`causal_attention` mixes."""

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = config
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd)  # queries, keys, values
        self.c_proj = nn.Linear(config.n_embd, config.n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, T, C) -> (B, T, C)."""
        B, T, C = x.shape
        nh = self.config.n_head
        # (B, T, C) -> (B, nh, T, hs): heads become a batch dimension
        q, k, v = (z.view(B, T, nh, C // nh).transpose(1, 2) for z in self.c_attn(x).split(C, dim=2))
        y = causal_attention(q, k, v, self.config.position, self.config.rope_base)
        return self.c_proj(y.transpose(1, 2).reshape(B, T, C))


class Block(nn.Module):
    """One pre-LN transformer layer: attention, then a 4x-wide GELU MLP, each on a residual."""

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(config.n_embd)
        self.mlp = nn.Sequential(nn.Linear(config.n_embd, 4 * config.n_embd), nn.GELU(),
                                 nn.Linear(4 * config.n_embd, config.n_embd))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, T, C) -> (B, T, C)."""
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class Decoder(nn.Module):
    """A decoder-only language model; ``config.position`` is its position scheme."""

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = config
        self.tok_emb = nn.Embedding(config.vocab_size, config.n_embd)
        self.blocks = nn.ModuleList(Block(config) for _ in range(config.n_layer))
        self.ln_f = nn.LayerNorm(config.n_embd)
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        # Token embeddings start at unit scale, like the sinusoidal vectors added to them, so
        # that baseline is not drowned (or drowning) at step 0; everything else GPT-2 style.
        if isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=1.0)
        elif isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)

    def num_params(self) -> int:
        """Number of parameters (the same for every position scheme)."""
        return sum(p.numel() for p in self.parameters())

    def forward(self, idx: torch.Tensor,
                targets: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Logits (B, T, vocab_size) for (B, T) int64 token ids at positions 0 .. T-1.

        ``loss`` is the mean cross-entropy against (B, T) ``targets``, or None without them.
        With ``position="sinusoidal"``, ``sinusoidal_positions(T, n_embd)`` is added to the
        token embeddings; the other schemes act inside attention.
        """
        if idx.dim() != 2:
            raise ValueError(f"idx must be (batch, time) token ids, got shape {tuple(idx.shape)}")
        # BEGIN SOLUTION
        x = self.tok_emb(idx)  # (B, T, C)
        if self.config.position == "sinusoidal":
            x = x + sinusoidal_positions(idx.size(1), self.config.n_embd).to(x.device)
        for block in self.blocks:
            x = block(x)
        logits = self.lm_head(self.ln_f(x))
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.flatten(0, 1), targets.flatten())
        return logits, loss
        # END SOLUTION
