"""Autoregressive generation, with and without a KV cache, and the ``generate`` command.

Without a cache every new token costs a forward pass over the whole context (O(T) tokens per
step). With a cache the keys and values of past tokens are kept, so each step feeds one token.
Both must give the same tokens: the cache is an optimisation, never a different model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import torch
from llmlab.checkpoint import CheckpointError
from llmlab.cli import parse_config
from llmlab.device import pick_device
from llmlab.seeding import seed_everything

from lab16_mini_gpt.checkpointing import load_model
from lab16_mini_gpt.model import GPT, KVCache
from lab16_mini_gpt.sampling import sample_next


def _check_inputs(idx: torch.Tensor, max_new_tokens: int) -> None:
    if idx.dim() != 2 or idx.size(1) == 0:
        raise ValueError(
            f"idx must be (batch, time) token ids with time >= 1, got {tuple(idx.shape)}"
        )
    if idx.dtype != torch.long:
        raise ValueError(
            f"idx must hold int64 token ids, got {idx.dtype}: "
            "use torch.tensor(ids, dtype=torch.long)"
        )
    if max_new_tokens < 0:
        raise ValueError(f"max_new_tokens must be >= 0, got {max_new_tokens}")


def generate_no_cache(
    model: GPT,
    idx: torch.Tensor,
    max_new_tokens: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Reference generation: each step re-runs the model on the last ``block_size`` tokens."""
    block_size = model.config.block_size
    for _ in range(max_new_tokens):
        logits, _ = model(idx[:, -block_size:])
        next_id = sample_next(logits[:, -1, :], temperature, top_k, top_p, generator)
        idx = torch.cat([idx, next_id], dim=1)
    return idx


def generate_cached(
    model: GPT,
    idx: torch.Tensor,
    max_new_tokens: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Same tokens as :func:`generate_no_cache`, feeding one new token per step through a KVCache.

    Positions only go up to ``block_size - 1``: once the cache is full, the step falls back to
    recomputing the last ``block_size`` tokens from scratch (exactly what the reference does).
    """
    # BEGIN SOLUTION
    block_size = model.config.block_size
    cache = KVCache(model.config.n_layer)
    logits, _ = model(idx[:, -block_size:], kv_cache=cache)  # prefill the prompt in one pass
    for step in range(max_new_tokens):
        next_id = sample_next(logits[:, -1, :], temperature, top_k, top_p, generator)
        idx = torch.cat([idx, next_id], dim=1)
        if step == max_new_tokens - 1:
            break  # the last token needs no logits after it
        if cache.length < block_size:
            logits, _ = model(next_id, kv_cache=cache)
        else:
            # no position embedding exists past block_size, and shifting a cache would change
            # every cached token's position: recompute the cropped window, as the reference does
            cache.reset()
            logits, _ = model(idx[:, -block_size:], kv_cache=cache)
    return idx
    # END SOLUTION


@torch.no_grad()
def generate(
    model: GPT,
    idx: torch.Tensor,
    max_new_tokens: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
    generator: torch.Generator | None = None,
    use_cache: bool = True,
) -> torch.Tensor:
    """Extend ``idx`` (B, T) int64 by ``max_new_tokens`` sampled tokens: (B, T + max_new_tokens).

    Sampling follows :func:`~lab16_mini_gpt.sampling.sample_next` (temperature 0 is greedy).
    The model runs in eval mode (no dropout) and is put back in its previous mode afterwards.
    """
    _check_inputs(idx, max_new_tokens)
    was_training = model.training
    model.eval()
    try:
        decode = generate_cached if use_cache else generate_no_cache
        return decode(model, idx, max_new_tokens, temperature, top_k, top_p, generator)
    finally:
        model.train(was_training)


@dataclass
class GenerateConfig:
    """Flags of the ``generate`` command."""

    out: Path = field(
        default=Path("runs/lab16"), metadata={"help": "run folder holding ckpt.pt (from train)"}
    )
    prompt: str = field(default="Once upon a time", metadata={"help": "text to continue"})
    max_new_tokens: int = field(default=500, metadata={"help": "number of characters to generate"})
    temperature: float = field(default=0.8, metadata={"help": "softmax temperature; 0 = greedy"})
    top_k: int | None = field(
        default=None, metadata={"help": "keep only the k most likely tokens (none = off)"}
    )
    top_p: float | None = field(
        default=None, metadata={"help": "nucleus sampling threshold in (0, 1] (none = off)"}
    )
    num_samples: int = field(default=1, metadata={"help": "independent samples to print"})
    seed: int = field(
        default=1337, metadata={"help": "random seed; the same seed gives the same text"}
    )
    device: str = field(default="auto", metadata={"help": "auto, cpu, cuda or mps"})
    cache: bool = field(
        default=True, metadata={"help": "use the KV cache (--no-cache recomputes every step)"}
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``uv run --package lab16-mini-gpt generate``."""
    config = parse_config(
        GenerateConfig, argv, description="Sample text from a model trained by `train`."
    )
    seed_everything(config.seed)
    device = pick_device(config.device)
    try:
        model, tokenizer = load_model(config.out, device)
    except CheckpointError as exc:
        raise SystemExit(f"error: {exc}") from exc
    if not config.prompt:
        raise SystemExit("--prompt is empty: give the model at least one character to continue")
    try:
        ids = tokenizer.encode(config.prompt)
    except ValueError as exc:
        raise SystemExit(f"cannot encode the prompt: {exc}") from exc
    generator = torch.Generator(device=device).manual_seed(config.seed)
    idx = torch.tensor([ids] * config.num_samples, dtype=torch.long, device=device)
    try:
        out = generate(model, idx, config.max_new_tokens, config.temperature, config.top_k,
                       config.top_p, generator, use_cache=config.cache)  # fmt: skip
    except ValueError as exc:  # a bad --top-k/--top-p/--temperature, explained by the message
        raise SystemExit(f"error: {exc}") from exc
    for i, row in enumerate(out.tolist()):
        if config.num_samples > 1:
            print(f"--- sample {i + 1} ---")
        print(tokenizer.decode(row))


if __name__ == "__main__":
    main()
