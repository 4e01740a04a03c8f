"""KV-cache memory: what static pre-allocation wastes and what PagedAttention's blocks save.

A server without paging reserves, for every sequence it admits, room for the longest sequence
it might become (``max_len`` tokens), because a contiguous tensor cannot grow in place. vLLM
instead cuts the cache into fixed blocks of ``block_size`` tokens and gives a sequence a new
block only when its last one is full (Kwon et al., 2023), so at most ``block_size - 1`` slots
per sequence are ever idle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class KVSpec:
    """The shape of one token's KV cache entry: layers x kv heads x head dim, at ``dtype_bytes``."""

    num_layers: int
    num_kv_heads: int
    head_dim: int
    dtype_bytes: int = 2

    @classmethod
    def from_config(cls, config: Any, dtype_bytes: int = 2) -> KVSpec:
        """From a Hugging Face config (Llama-style names; GQA's ``num_key_value_heads`` when set)."""
        heads = config.num_attention_heads
        kv_heads = getattr(config, "num_key_value_heads", None) or heads
        head_dim = getattr(config, "head_dim", None) or config.hidden_size // heads
        return cls(config.num_hidden_layers, kv_heads, head_dim, dtype_bytes)


def kv_bytes_per_token(spec: KVSpec) -> int:
    """Bytes one token occupies in the cache: a key AND a value vector per kv head per layer,
    ``2 * num_layers * num_kv_heads * head_dim * dtype_bytes``."""
    # BEGIN SOLUTION
    return 2 * spec.num_layers * spec.num_kv_heads * spec.head_dim * spec.dtype_bytes
    # END SOLUTION


def blocks_needed(num_tokens: int, block_size: int = 16) -> int:
    """Blocks a sequence of ``num_tokens`` tokens holds: ``ceil(num_tokens / block_size)``
    (0 for 0 tokens). Raises ``ValueError`` for a negative count or a block size below 1."""
    # BEGIN SOLUTION
    if num_tokens < 0 or block_size < 1:
        raise ValueError(f"need num_tokens >= 0 and block_size >= 1, got {num_tokens}, {block_size}")
    return -(-num_tokens // block_size)
    # END SOLUTION


def static_waste(seq_lens: list[int], max_len: int) -> float:
    """Fraction of reserved slots left unused when every sequence reserves ``max_len`` slots:
    ``1 - sum(seq_lens) / (len(seq_lens) * max_len)``. Raises ``ValueError`` when a sequence is
    longer than ``max_len`` (it would not fit) or there are none."""
    # BEGIN SOLUTION
    if not seq_lens or max(seq_lens) > max_len:
        raise ValueError(f"need at least one sequence, none longer than max_len={max_len}")
    return 1 - sum(seq_lens) / (len(seq_lens) * max_len)
    # END SOLUTION


def paged_waste(seq_lens: list[int], block_size: int = 16) -> float:
    """Fraction of reserved slots left unused when each sequence holds
    ``blocks_needed(len, block_size)`` whole blocks: only the last block of each is partly
    empty. 0.0 when nothing is reserved."""
    # BEGIN SOLUTION
    reserved = sum(blocks_needed(n, block_size) for n in seq_lens) * block_size
    return 1 - sum(seq_lens) / reserved if reserved else 0.0
    # END SOLUTION


def max_sequences_static(kv_memory_bytes: int, spec: KVSpec, max_len: int) -> int:
    """How many sequences fit at once when each reserves ``max_len`` tokens up front."""
    # BEGIN SOLUTION
    return kv_memory_bytes // (kv_bytes_per_token(spec) * max_len)
    # END SOLUTION


def max_sequences_paged(kv_memory_bytes: int, spec: KVSpec, seq_len: int,
                        block_size: int = 16) -> int:
    """How many sequences of ``seq_len`` tokens fit at once in a paged cache: the memory holds
    ``kv_memory_bytes // (block_size * bytes per token)`` blocks, each sequence needs
    :func:`blocks_needed` of them."""
    # BEGIN SOLUTION
    blocks = kv_memory_bytes // (block_size * kv_bytes_per_token(spec))
    return blocks // max(1, blocks_needed(seq_len, block_size))
    # END SOLUTION


def memory_report(spec: KVSpec, seq_lens: list[int], max_len: int, kv_memory_bytes: int,
                  block_size: int = 16) -> dict[str, float]:
    """Static pre-allocation vs paging for one workload (the sequences' final lengths)."""
    mean_len = round(sum(seq_lens) / len(seq_lens))
    return {
        "bytes_per_token": kv_bytes_per_token(spec),
        "sequences": len(seq_lens),
        "mean_len": mean_len,
        "max_len": max_len,
        "block_size": block_size,
        "blocks_used": sum(blocks_needed(n, block_size) for n in seq_lens),
        "static_waste": static_waste(seq_lens, max_len),
        "paged_waste": paged_waste(seq_lens, block_size),
        "kv_memory_bytes": kv_memory_bytes,
        "max_batch_static": max_sequences_static(kv_memory_bytes, spec, max_len),
        "max_batch_paged": max_sequences_paged(kv_memory_bytes, spec, mean_len, block_size),
    }
