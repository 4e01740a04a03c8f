"""How fast is hand-written attention? Tokens/s of forward+backward against a nanoGPT-style twin.

The baseline is the same GPT with the same weights, except that attention calls
``F.scaled_dot_product_attention(is_causal=True)`` (fused kernels: flash/memory-efficient on a
GPU, a fused CPU kernel otherwise) instead of building the (T, T) score matrix by hand.

    uv run --package lab16-mini-gpt mini-gpt-bench
    uv run --package lab16-mini-gpt mini-gpt-bench --device cuda --block-size 256 --batch-size 64
"""

from __future__ import annotations

import copy
import statistics
import time
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from llmlab.cli import parse_config
from llmlab.device import pick_device
from llmlab.seeding import seed_everything

from lab16_mini_gpt.model import GPT, CausalSelfAttention, GPTConfig, KVCache


class SDPAAttention(CausalSelfAttention):
    """nanoGPT's attention: the same projections, with PyTorch's fused attention kernel."""

    def forward(self, x: torch.Tensor, kv_cache: KVCache | None = None) -> torch.Tensor:
        if kv_cache is not None:
            raise NotImplementedError("the benchmark baseline has no KV cache path")
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        y = F.scaled_dot_product_attention(
            q, k, v, is_causal=True, dropout_p=self.attn_dropout.p if self.training else 0.0
        )
        return self.resid_dropout(self.c_proj(y.transpose(1, 2).contiguous().view(B, T, C)))


def baseline_of(model: GPT) -> GPT:
    """A copy of ``model`` whose attention layers use :class:`SDPAAttention` (same weights)."""
    twin = copy.deepcopy(model)
    for i, block in enumerate(twin.transformer.h):
        fused = SDPAAttention(model.config, i).to(next(model.parameters()).device)
        fused.load_state_dict(block.attn.state_dict())
        block.attn = fused
    return twin


@dataclass
class BenchConfig:
    """Flags of ``mini-gpt-bench``; the model defaults match ``train``'s."""

    batch_size: int = field(default=32, metadata={"help": "sequences per step"})
    block_size: int = field(default=64, metadata={"help": "sequence length"})
    n_layer: int = field(default=4, metadata={"help": "transformer blocks"})
    n_head: int = field(default=4, metadata={"help": "attention heads"})
    n_embd: int = field(default=128, metadata={"help": "embedding width"})
    vocab_size: int = field(
        default=50, metadata={"help": "vocabulary size (the stories have 50 characters)"}
    )
    rounds: int = field(
        default=5, metadata={"help": "timed rounds; the two models alternate to share any noise"}
    )
    steps: int = field(default=5, metadata={"help": "forward+backward steps per model per round"})
    warmup: int = field(default=3, metadata={"help": "untimed steps first"})
    device: str = field(default="auto", metadata={"help": "auto, cpu, cuda or mps"})
    seed: int = field(default=0, metadata={"help": "random seed"})


def _sync(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def _time_steps(model: GPT, x: torch.Tensor, y: torch.Tensor, steps: int, device: str) -> float:
    """Seconds per forward+backward step."""
    _sync(device)
    start = time.perf_counter()
    for _ in range(steps):
        _, loss = model(x, y)
        loss.backward()
        model.zero_grad(set_to_none=True)
    _sync(device)
    return (time.perf_counter() - start) / steps


def bench(config: BenchConfig) -> dict[str, float]:
    """Median tokens/s of forward+backward for this lab's GPT and the SDPA baseline."""
    device = pick_device(config.device)
    seed_everything(config.seed)
    model_config = GPTConfig(
        vocab_size=config.vocab_size,
        block_size=config.block_size,
        n_layer=config.n_layer,
        n_head=config.n_head,
        n_embd=config.n_embd,
    )
    ours = GPT(model_config).to(device).train()
    baseline = baseline_of(ours).train()
    x = torch.randint(config.vocab_size, (config.batch_size, config.block_size), device=device)
    y = torch.randint(config.vocab_size, (config.batch_size, config.block_size), device=device)

    with torch.no_grad():  # a speed comparison is only fair between models that agree
        max_diff = (ours(x)[0] - baseline(x)[0]).abs().max().item()
    for model in (ours, baseline):
        _time_steps(model, x, y, config.warmup, device)
    times: dict[str, list[float]] = {"ours": [], "baseline": []}
    for _ in range(config.rounds):
        times["ours"].append(_time_steps(ours, x, y, config.steps, device))
        times["baseline"].append(_time_steps(baseline, x, y, config.steps, device))
    tokens = config.batch_size * config.block_size
    result = {name: tokens / statistics.median(ts) for name, ts in times.items()}
    return {
        "ours_tokens_per_s": result["ours"],
        "baseline_tokens_per_s": result["baseline"],
        "ratio": result["ours"] / result["baseline"],
        "max_logit_diff": max_diff,
    }


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``uv run --package lab16-mini-gpt mini-gpt-bench``."""
    config = parse_config(
        BenchConfig, argv, description="Tokens/s of this GPT vs an SDPA (nanoGPT-style) twin."
    )
    r = bench(config)
    device = pick_device(config.device)
    print(
        f"device {device}, batch {config.batch_size} x block {config.block_size}, "
        f"{config.n_layer} layers x {config.n_head} heads x {config.n_embd} wide"
    )
    print(f"max |logit difference| between the two: {r['max_logit_diff']:.2e}")
    print(f"{'model':<30} {'tokens/s (fwd+bwd)':>20}")
    print(f"{'this lab (manual attention)':<30} {r['ours_tokens_per_s']:>20,.0f}")
    print(f"{'baseline (SDPA, nanoGPT)':<30} {r['baseline_tokens_per_s']:>20,.0f}")
    print(f"ratio ours / baseline: {r['ratio']:.2f}")


if __name__ == "__main__":
    main()
