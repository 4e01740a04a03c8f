"""What a training checkpoint holds, and how to put a run back exactly where it was.

A checkpoint is one ``torch.save`` dict written atomically by ``llmlab.checkpoint``:

    model, optimizer      state dicts
    step                  optimizer steps taken so far
    config, model_config  the TrainConfig and GPTConfig as plain dicts
    tokenizer             CharTokenizer.to_dict()
    history               evaluation curves so far
    rng                   {"batches": batch generator state, "global": llmlab capture_rng_state()}

Exact resume needs all of it: the weights, the optimizer's moments, the step (the learning
rate is a function of it) and the random generators (the next batch and dropout mask must be
the ones the uninterrupted run would have drawn).
"""

from __future__ import annotations

import copy
from dataclasses import asdict
from pathlib import Path
from typing import Any

import torch
from llmlab.checkpoint import (
    CheckpointError,
    capture_rng_state,
    load_checkpoint,
    restore_rng_state,
    save_checkpoint,
)

from lab16_mini_gpt.model import GPT, GPTConfig
from lab16_mini_gpt.tokenizer import CharTokenizer

CHECKPOINT_NAME = "ckpt.pt"
REQUIRED_KEYS = (
    "model",
    "optimizer",
    "step",
    "config",
    "model_config",
    "tokenizer",
    "history",
    "rng",
)


def checkpoint_path(out: str | Path) -> Path:
    """The checkpoint file inside the run folder ``out`` (``out`` itself if it is a file)."""
    out = Path(out)
    return out if out.suffix == ".pt" else out / CHECKPOINT_NAME


def save_training_state(
    path: str | Path,
    *,
    model: GPT,
    optimizer: torch.optim.Optimizer,
    step: int,
    config: dict[str, Any],
    tokenizer: CharTokenizer,
    history: dict[str, list[float]],
    batch_generator: torch.Generator,
) -> Path:
    """Write everything :func:`load_training_state` needs to ``path``, atomically."""
    # BEGIN SOLUTION
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "step": step,
        "config": dict(config),
        "model_config": asdict(model.config),
        "tokenizer": tokenizer.to_dict(),
        "history": copy.deepcopy(history),
        "rng": {"batches": batch_generator.get_state(), "global": capture_rng_state()},
    }
    return save_checkpoint(path, state)
    # END SOLUTION


def load_training_state(
    state: dict[str, Any],
    model: GPT,
    optimizer: torch.optim.Optimizer,
    batch_generator: torch.Generator,
) -> tuple[int, dict[str, list[float]]]:
    """Restore model, optimizer and generators from a checkpoint dict; return (step, history)."""
    # BEGIN SOLUTION
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    batch_generator.set_state(state["rng"]["batches"])
    restore_rng_state(state["rng"]["global"])
    return int(state["step"]), copy.deepcopy(state["history"])
    # END SOLUTION


def read_checkpoint(path: str | Path) -> dict[str, Any]:
    """Load a checkpoint and check it has every key; CheckpointError says what is wrong."""
    path = checkpoint_path(path)
    state = load_checkpoint(path)
    missing = [key for key in REQUIRED_KEYS if key not in state]
    if missing:
        raise CheckpointError(
            f"checkpoint {path} lacks {', '.join(missing)}: it was not written by this lab's "
            "train; delete it or point --out elsewhere"
        )
    return state


def load_model(path: str | Path, device: str = "cpu") -> tuple[GPT, CharTokenizer]:
    """The trained model (eval mode, on ``device``) and tokenizer saved in run folder ``path``."""
    state = read_checkpoint(path)
    model = GPT(GPTConfig(**state["model_config"]))
    try:
        model.load_state_dict(state["model"])
    except RuntimeError as exc:
        raise CheckpointError(
            f"checkpoint {checkpoint_path(path)} does not match its model config: {exc}"
        ) from exc
    return model.to(device).eval(), CharTokenizer.from_dict(state["tokenizer"])
