"""Train the GPT on characters, checkpointing so an interrupted run resumes bit for bit.

    uv run --package lab16-mini-gpt train              # course stories, a few minutes on a CPU
    uv run --package lab16-mini-gpt train --help       # every flag

Everything random is owned: a dedicated ``torch.Generator`` draws the batches, evaluation uses
a fresh generator with a fixed seed (so it never disturbs training), and the learning rate is a
pure function of the step. Saving those states makes a resumed run identical to an
uninterrupted one.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from llmlab.checkpoint import CheckpointError
from llmlab.cli import parse_config
from llmlab.device import pick_device
from llmlab.plotting import save_curves
from llmlab.progress import progress
from llmlab.seeding import seed_everything

from lab16_mini_gpt.checkpointing import (
    checkpoint_path,
    load_model,
    load_training_state,
    read_checkpoint,
    save_training_state,
)
from lab16_mini_gpt.data import get_batch, load_text, split_ids
from lab16_mini_gpt.generate import generate
from lab16_mini_gpt.model import GPT, GPTConfig
from lab16_mini_gpt.tokenizer import CharTokenizer


@dataclass
class TrainConfig:
    """Every knob of a training run; each field is a ``train`` flag."""

    out: Path = field(
        default=Path("runs/lab16"),
        metadata={"help": "run folder: checkpoint, metrics.json, loss_curve.png"},
    )
    data: Path | None = field(
        default=None, metadata={"help": "UTF-8 text file to train on (none = the course stories)"}
    )
    n_stories: int = field(
        default=2000, metadata={"help": "course stories to generate when --data is not given"}
    )
    steps: int = field(default=600, metadata={"help": "total optimizer steps of the run"})
    batch_size: int = field(default=32, metadata={"help": "sequences per step"})
    block_size: int = field(default=64, metadata={"help": "context length in characters"})
    n_layer: int = field(default=4, metadata={"help": "transformer blocks"})
    n_head: int = field(default=4, metadata={"help": "attention heads per block"})
    n_embd: int = field(default=128, metadata={"help": "embedding width (a multiple of n_head)"})
    dropout: float = field(
        default=0.0, metadata={"help": "dropout probability (0 for small data/short runs)"}
    )
    lr: float = field(default=2e-3, metadata={"help": "peak learning rate (AdamW)"})
    min_lr: float = field(
        default=2e-4, metadata={"help": "learning rate at the end of the cosine decay"}
    )
    warmup_steps: int = field(
        default=50, metadata={"help": "steps of linear warmup from 0 to --lr"}
    )
    weight_decay: float = field(
        default=0.1, metadata={"help": "AdamW weight decay on matrices (not biases/LayerNorms)"}
    )
    grad_clip: float = field(
        default=1.0, metadata={"help": "clip the gradient norm to this (0 = off)"}
    )
    eval_interval: int = field(
        default=100, metadata={"help": "estimate train/val loss every this many steps"}
    )
    eval_batches: int = field(default=10, metadata={"help": "batches per loss estimate"})
    checkpoint_interval: int = field(
        default=200, metadata={"help": "save a checkpoint every this many steps (and at the end)"}
    )
    seed: int = field(
        default=1337, metadata={"help": "seed of the initial weights, the batches and the stories"}
    )
    device: str = field(default="auto", metadata={"help": "auto, cpu, cuda or mps"})
    resume: bool = field(
        default=True, metadata={"help": "continue from the checkpoint in --out if there is one"}
    )
    stop_after: int | None = field(
        default=None,
        metadata={
            "help": "stop (with a checkpoint) after this step, as if interrupted; "
            "none = run to --steps"
        },
    )
    sample_chars: int = field(
        default=200, metadata={"help": "characters of sample text to print at the end (0 = none)"}
    )


# A checkpoint can only continue a run with the same data and model shape.
MUST_MATCH = ("data", "n_stories", "seed", "block_size", "n_layer", "n_head", "n_embd")


def _validate(config: TrainConfig) -> None:
    positive = ("n_stories", "steps", "batch_size", "block_size", "n_layer", "n_head", "n_embd",
                "eval_interval", "eval_batches", "checkpoint_interval")  # fmt: skip
    for name in positive:
        if getattr(config, name) < 1:
            raise ValueError(
                f"--{name.replace('_', '-')} must be >= 1, got {getattr(config, name)}"
            )
    if config.warmup_steps < 0:
        raise ValueError(f"--warmup-steps must be >= 0, got {config.warmup_steps}")
    if config.stop_after is not None and config.stop_after < 1:
        raise ValueError(f"--stop-after must be >= 1 (or none), got {config.stop_after}")
    if not 0 < config.min_lr <= config.lr:
        raise ValueError(f"need 0 < --min-lr <= --lr, got min_lr={config.min_lr}, lr={config.lr}")


def config_dict(config: TrainConfig) -> dict[str, Any]:
    """The config as plain JSON-ready values (paths become strings)."""
    return {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()}


def check_compatible(saved: dict[str, Any], config: TrainConfig, path: Path) -> None:
    """Raise ValueError naming each data/model setting that differs from the checkpoint's."""
    wanted = config_dict(config)
    diffs = [
        f"{k}={saved.get(k)!r} (checkpoint) vs {wanted[k]!r} (now)"
        for k in MUST_MATCH
        if saved.get(k) != wanted[k]
    ]
    if diffs:
        raise ValueError(
            f"the checkpoint {path} belongs to a different run: {'; '.join(diffs)}. Pass the same "
            "settings to resume it, choose another --out, or use --no-resume to start over "
            "(which overwrites the checkpoint)"
        )


def lr_at(step: int, config: TrainConfig) -> float:
    """Learning rate of optimizer step ``step`` (0-based): linear warmup, then cosine to min_lr."""
    if step < config.warmup_steps:
        return config.lr * (step + 1) / (config.warmup_steps + 1)
    decay_steps = max(1, config.steps - config.warmup_steps)
    progress_ = min(1.0, (step - config.warmup_steps) / decay_steps)
    return config.min_lr + 0.5 * (1.0 + math.cos(math.pi * progress_)) * (config.lr - config.min_lr)


def make_optimizer(model: GPT, config: TrainConfig) -> torch.optim.AdamW:
    """AdamW with weight decay on weight matrices and embeddings only (as in GPT-2/nanoGPT)."""
    params = [p for p in model.parameters() if p.requires_grad]  # tied weights appear once
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    groups = [
        {"params": decay, "weight_decay": config.weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(groups, lr=config.lr, betas=(0.9, 0.99))


@torch.no_grad()
def estimate_loss(model: GPT, data: torch.Tensor, config: TrainConfig, device: str) -> float:
    """Mean loss over ``eval_batches`` fixed batches: the same ones every time, never training's."""
    was_training = model.training
    model.eval()
    generator = torch.Generator().manual_seed(config.seed + 1)
    total = 0.0
    for _ in range(config.eval_batches):
        x, y = get_batch(data, config.block_size, config.batch_size, generator)
        _, loss = model(x.to(device), y.to(device))
        total += loss.item()
    model.train(was_training)
    return total / config.eval_batches


def _make_deterministic(device: str) -> None:
    # CPU kernels are already deterministic at a fixed thread count; CUDA needs asking (and
    # cuBLAS needs a fixed workspace, set before its first use).
    if device.startswith("cuda"):
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
        torch.use_deterministic_algorithms(True, warn_only=True)


def train(config: TrainConfig) -> dict[str, Any]:
    """Train (or resume) a GPT as ``config`` says; return final losses, history and timings.

    Writes ``ckpt.pt`` every ``checkpoint_interval`` steps and at the end, then ``metrics.json``
    and ``loss_curve.png`` into ``config.out``.
    """
    _validate(config)
    device = pick_device(config.device)
    _make_deterministic(device)
    out = Path(config.out)
    ckpt = checkpoint_path(out)

    state = None
    if config.resume and ckpt.exists():
        state = read_checkpoint(ckpt)
        check_compatible(state["config"], config, ckpt)

    text = load_text(config.data, config.n_stories, config.seed)
    tokenizer = (
        CharTokenizer.from_dict(state["tokenizer"]) if state else CharTokenizer.from_text(text)
    )
    ids = torch.tensor(tokenizer.encode(text), dtype=torch.long)
    train_ids, val_ids = split_ids(ids, 0.1)

    seed_everything(config.seed)
    model_config = GPTConfig(
        vocab_size=tokenizer.vocab_size,
        block_size=config.block_size,
        n_layer=config.n_layer,
        n_head=config.n_head,
        n_embd=config.n_embd,
        dropout=config.dropout,
    )
    model = GPT(model_config).to(device)
    optimizer = make_optimizer(model, config)
    batch_generator = torch.Generator().manual_seed(config.seed)
    history: dict[str, list[float]] = {"step": [], "train_loss": [], "val_loss": [], "lr": []}
    start = 0
    if state is not None:
        start, history = load_training_state(state, model, optimizer, batch_generator)

    def evaluate(step: int) -> None:
        history["step"].append(step)
        history["train_loss"].append(estimate_loss(model, train_ids, config, device))
        history["val_loss"].append(estimate_loss(model, val_ids, config, device))
        history["lr"].append(lr_at(max(step - 1, 0), config))

    def checkpoint(step: int) -> None:
        save_training_state(
            ckpt,
            model=model,
            optimizer=optimizer,
            step=step,
            config=config_dict(config),
            tokenizer=tokenizer,
            history=history,
            batch_generator=batch_generator,
        )

    if start == 0 and not history["step"]:
        evaluate(0)  # the untrained model: about ln(vocab_size)
    end = config.steps if config.stop_after is None else min(config.steps, config.stop_after)

    model.train()
    t0 = time.perf_counter()
    bar = progress(range(start, end), total=config.steps, initial=start, desc="train")
    for step in bar:
        lr = lr_at(step, config)
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = get_batch(train_ids, config.block_size, config.batch_size, batch_generator)
        _, loss = model(x.to(device), y.to(device))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if config.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
        optimizer.step()

        done = step + 1
        if done % config.eval_interval == 0 or done == end:
            evaluate(done)
        if done % 10 == 0 or done == end:
            bar.set_postfix(loss=f"{loss.item():.3f}", val=f"{history['val_loss'][-1]:.3f}")
        if done % config.checkpoint_interval == 0 or done == end:
            checkpoint(done)
    elapsed = time.perf_counter() - t0
    steps_run = max(end - start, 0)

    if steps_run == 0 and not ckpt.exists():  # nothing to do, but leave a loadable run behind
        checkpoint(start)
    tokenizer.save(out / "tokenizer.json")
    metrics = {
        "step": max(start, end),
        "train_loss": history["train_loss"][-1],
        "val_loss": history["val_loss"][-1],
        "initial_val_loss": history["val_loss"][0],
        "uniform_loss": math.log(tokenizer.vocab_size),
        "vocab_size": tokenizer.vocab_size,
        "n_params": model.num_params(),
        "resumed_from": start,
        "elapsed_s": elapsed,
        "tokens_per_s": steps_run * config.batch_size * config.block_size / max(elapsed, 1e-9),
        "device": device,
        "config": config_dict(config),
    }
    (out / "metrics.json").write_text(json.dumps({**metrics, "history": history}, indent=2))
    save_curves(
        out / "loss_curve.png",
        {
            "train": (history["step"], history["train_loss"]),
            "val": (history["step"], history["val_loss"]),
        },
        title=f"mini-GPT, {model.num_params() / 1e6:.2f}M params",
    )
    return {**metrics, "history": history}


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``uv run --package lab16-mini-gpt train``."""
    config = parse_config(
        TrainConfig, argv, description="Train a character-level GPT; resumes from --out."
    )
    try:
        result = train(config)
    except (ValueError, FileNotFoundError, CheckpointError) as exc:
        raise SystemExit(f"error: {exc}") from exc
    print(
        f"step {result['step']}: train loss {result['train_loss']:.4f}, val loss "
        f"{result['val_loss']:.4f} (uniform {result['uniform_loss']:.4f}); "
        f"{result['elapsed_s']:.1f} s, {result['tokens_per_s']:.0f} tokens/s on {result['device']}"
    )
    print(f"wrote {Path(config.out) / 'metrics.json'} and {Path(config.out) / 'loss_curve.png'}")
    if config.sample_chars > 0:
        model, tokenizer = load_model(config.out, result["device"])
        generator = torch.Generator(device=result["device"]).manual_seed(config.seed)
        start = "\n" if "\n" in tokenizer.stoi else tokenizer.chars[0]
        prompt = torch.tensor([tokenizer.encode(start)], dtype=torch.long, device=result["device"])
        sample = generate(model, prompt, config.sample_chars, temperature=0.8, generator=generator)
        print("sample:\n" + tokenizer.decode(sample[0].tolist()).strip())


if __name__ == "__main__":
    main()
