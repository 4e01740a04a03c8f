"""Train the same decoder once per position scheme and measure perplexity past the training length.

    uv run --package lab17-rope-vs-alibi rope-alibi                      # RoPE vs ALiBi
    uv run --package lab17-rope-vs-alibi rope-alibi --schemes rope,alibi,nope,sinusoidal
    uv run --package lab17-rope-vs-alibi rope-alibi --help               # every flag

Only the position scheme differs between the runs: the same seed gives the same initial
weights (no scheme has parameters of its own), a generator seeded alike draws the same batches,
and every run takes the same number of steps with the same learning-rate schedule.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from llmlab.cli import parse_config
from llmlab.plotting import save_curves
from llmlab.progress import progress
from llmlab.seeding import seed_everything

from lab17_rope_vs_alibi.data import get_batch, load_ids
from lab17_rope_vs_alibi.evaluate import evaluate_lengths, scored_tokens
from lab17_rope_vs_alibi.model import Decoder, ModelConfig, check_position


@dataclass
class Config:
    """One comparison; each field is a ``rope-alibi`` flag."""

    schemes: str = field(default="rope,alibi", metadata={"help": "comma-separated position schemes to train: rope, alibi, nope, sinusoidal"})
    out: Path = field(default=Path("runs/lab17"), metadata={"help": "folder for report.json, perplexity.png and loss.png"})
    n_stories: int = field(default=2000, metadata={"help": "course stories to generate (character-level text)"})
    train_len: int = field(default=64, metadata={"help": "context length of every training sequence"})
    eval_multiples: str = field(default="1,2,4", metadata={"help": "evaluate at these multiples of --train-len"})
    eval_tokens: int = field(default=32768, metadata={"help": "validation targets scored at every length"})
    steps: int = field(default=600, metadata={"help": "optimizer steps per scheme"})
    batch_size: int = field(default=32, metadata={"help": "sequences per step"})
    n_layer: int = field(default=2, metadata={"help": "transformer blocks"})
    n_head: int = field(default=4, metadata={"help": "attention heads (any count: ALiBi interpolates slopes)"})
    n_embd: int = field(default=64, metadata={"help": "embedding width (a multiple of 2 * n_head)"})
    lr: float = field(default=3e-3, metadata={"help": "peak AdamW learning rate"})
    warmup_steps: int = field(default=50, metadata={"help": "linear warmup steps before the cosine decay"})
    seed: int = field(default=1337, metadata={"help": "seed of the weights, the batches and the stories"})
    threads: int = field(default=1, metadata={"help": "CPU threads for torch (a model this small runs fastest on 1, above all on a busy machine)"})

    def scheme_list(self) -> list[str]:
        """The schemes to train, validated, in the order given."""
        schemes = [s.strip() for s in self.schemes.split(",") if s.strip()]
        if not schemes:
            raise ValueError("--schemes is empty: name at least one of rope, alibi, nope, sinusoidal")
        return [check_position(s) for s in schemes]

    def eval_lengths(self) -> list[int]:
        """Evaluation context lengths: ``train_len`` times each of ``eval_multiples``."""
        try:
            multiples = [int(m) for m in self.eval_multiples.split(",") if m.strip()]
        except ValueError as exc:
            raise ValueError(f"--eval-multiples must be comma-separated ints, got {self.eval_multiples!r}") from exc
        if not multiples or min(multiples) < 1:
            raise ValueError(f"--eval-multiples must be positive ints, got {self.eval_multiples!r}")
        return [self.train_len * m for m in multiples]

    def validate(self) -> None:
        """Raise ValueError naming the first flag out of range."""
        for name in ("n_stories", "train_len", "eval_tokens", "steps", "batch_size", "n_layer",
                     "n_head", "n_embd", "threads"):
            if getattr(self, name) < 1:
                raise ValueError(f"--{name.replace('_', '-')} must be >= 1, got {getattr(self, name)}")
        if self.warmup_steps < 0 or self.lr <= 0:
            raise ValueError(f"need --warmup-steps >= 0 and --lr > 0, got {self.warmup_steps}, {self.lr}")
        self.scheme_list()
        self.eval_lengths()


def lr_at(step: int, config: Config) -> float:
    """Learning rate of step ``step`` (0-based): linear warmup, then cosine decay to lr / 10."""
    if step < config.warmup_steps:
        return config.lr * (step + 1) / (config.warmup_steps + 1)
    done = min(1.0, (step - config.warmup_steps) / max(1, config.steps - config.warmup_steps))
    return config.lr * (0.1 + 0.45 * (1.0 + math.cos(math.pi * done)))


def train(config: Config, position: str, train_ids: torch.Tensor,
          vocab_size: int) -> tuple[Decoder, list[float]]:
    """Train a fresh ``position`` model on ``train_ids``; return it and its loss at every step.

    Seeds the weights and the batch generator from ``config.seed``, so calls that differ only
    in ``position`` start from the same weights and see the same batches.
    """
    seed_everything(config.seed)
    model = Decoder(ModelConfig(vocab_size=vocab_size, position=position, n_layer=config.n_layer,
                                n_head=config.n_head, n_embd=config.n_embd))
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1},
                                   {"params": no_decay, "weight_decay": 0.0}],
                                  lr=config.lr, betas=(0.9, 0.99))
    batches = torch.Generator().manual_seed(config.seed)
    losses: list[float] = []
    model.train()
    bar = progress(range(config.steps), total=config.steps, desc=position)
    for step in bar:
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step, config)
        x, y = get_batch(train_ids, config.train_len, config.batch_size, batches)
        _, loss = model(x, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        losses.append(loss.item())
        if step % 10 == 0:
            bar.set_postfix(loss=f"{losses[-1]:.3f}")
    return model, losses


def compare(config: Config) -> dict[str, Any]:
    """Train every scheme of ``config``, evaluate each at every length, write the report and plots.

    Returns the report also saved as ``report.json``: per scheme, ``perplexity`` maps each
    evaluation length to the validation perplexity, next to the final training loss and time.
    """
    config.validate()
    torch.set_num_threads(config.threads)
    lengths = config.eval_lengths()
    train_ids, val_ids, chars = load_ids(config.n_stories, config.seed)
    n_scored = scored_tokens(len(val_ids), lengths, config.eval_tokens)
    results: dict[str, dict[str, Any]] = {}
    for position in config.scheme_list():
        start = time.perf_counter()
        model, losses = train(config, position, train_ids, len(chars))
        train_s = time.perf_counter() - start
        perplexity = evaluate_lengths(model, val_ids, lengths, max_tokens=config.eval_tokens)
        results[position] = {
            "perplexity": {str(length): ppl for length, ppl in perplexity.items()},
            "final_train_loss": sum(losses[-20:]) / len(losses[-20:]),  # smoothed over 20 steps
            "losses": losses,
            "train_seconds": train_s,
            "eval_seconds": time.perf_counter() - start - train_s,
        }
    report = {
        "train_len": config.train_len,
        "eval_lengths": lengths,
        "scored_tokens": n_scored,
        "vocab_size": len(chars),
        "n_params": model.num_params(),
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()},
        "results": results,
    }
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=2))
    save_curves(out / "perplexity.png",
                {p: (lengths, [r["perplexity"][str(n)] for n in lengths]) for p, r in results.items()},
                title=f"validation perplexity, trained at length {config.train_len}",
                xlabel="evaluation context length (tokens)", ylabel="perplexity (log scale)",
                logy=True)  # a broken scheme is off by 10x, a working one by a few percent
    save_curves(out / "loss.png",
                {p: (list(range(1, len(r["losses"]) + 1)), r["losses"]) for p, r in results.items()},
                title="training loss (same batches for every scheme)", ylabel="cross-entropy")
    return report


def format_table(report: dict[str, Any]) -> str:
    """The report's perplexities as a Markdown table: one row per scheme, one column per length."""
    lengths = report["eval_lengths"]
    train_len = report["train_len"]
    header = "| scheme | " + " | ".join(f"ppl @ {n} ({n // train_len}x)" for n in lengths) + " |"
    rows = [header, "|---" * (len(lengths) + 1) + "|"]
    for position, result in report["results"].items():
        cells = " | ".join(f"{result['perplexity'][str(n)]:.3f}" for n in lengths)
        rows.append(f"| {position} | {cells} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``uv run --package lab17-rope-vs-alibi rope-alibi``."""
    config = parse_config(Config, argv, prog="rope-alibi",
                          description="Train one small decoder per position scheme on the course "
                                      "stories; report perplexity at 1x, 2x, 4x the training length.")
    start = time.perf_counter()
    try:
        report = compare(config)
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from exc
    print(format_table(report))
    for position, result in report["results"].items():
        print(f"{position}: final train loss {result['final_train_loss']:.4f}, "
              f"trained in {result['train_seconds']:.1f} s")
    print(f"{report['n_params']} parameters per model, {report['scored_tokens']} validation targets "
          f"per length; {time.perf_counter() - start:.0f} s in all")
    print(f"wrote {config.out / 'report.json'}, {config.out / 'perplexity.png'} and {config.out / 'loss.png'}")


if __name__ == "__main__":
    main()
