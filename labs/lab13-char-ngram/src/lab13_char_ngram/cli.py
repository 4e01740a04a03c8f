"""The ``ngram`` command: ``ngram train`` (the default) and ``ngram compare``.

    ngram [train] [--data FILE] [--order 5] [--smoothing kneser-ney] [--seed 1337] ...
    ngram compare [--data FILE] [--max-order 5] [--out runs/lab13]
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from llmlab.cli import parse_config, run_subcommand

from lab13_char_ngram.data import load_text, read_text_file, split_text
from lab13_char_ngram.interpolation import InterpolatedModel, tune_lambdas
from lab13_char_ngram.kneser_ney import KneserNeyModel
from lab13_char_ngram.laplace import LaplaceModel
from lab13_char_ngram.model import LanguageModel
from lab13_char_ngram.perplexity import perplexity
from lab13_char_ngram.report import compare_smoothing, format_table, save_plot
from lab13_char_ngram.sampling import generate

SMOOTHINGS = ("laplace", "interpolated", "kneser-ney")


@dataclass
class TrainConfig:
    """Flags of ``ngram train``."""

    data: Path | None = field(default=None, metadata={
        "help": "UTF-8 text file to train on (none = the course stories)"})
    n_stories: int = field(default=2000, metadata={"help": "stories to generate when --data is none"})
    corpus_seed: int = field(default=0, metadata={"help": "seed of the generated stories"})
    held_out: Path | None = field(default=None, metadata={
        "help": "UTF-8 text file to score (none = the last --val-fraction of the training text)"})
    val_fraction: float = field(default=0.1, metadata={"help": "share of the text held out when --held-out is none"})
    order: int = field(default=5, metadata={"help": "n: the model conditions on the previous n - 1 characters"})
    smoothing: str = field(default="kneser-ney", metadata={"help": "how unseen events get probability",
                                                           "choices": SMOOTHINGS})
    k: float = field(default=1.0, metadata={"help": "add-k constant of --smoothing laplace"})
    discount: float = field(default=0.75, metadata={"help": "absolute discount D of --smoothing kneser-ney"})
    prompt: str = field(default="", metadata={"help": "text the sample continues (empty = start of a text)"})
    length: int = field(default=400, metadata={"help": "characters to generate"})
    seed: int = field(default=1337, metadata={"help": "sampling seed: the same seed gives the same text"})
    greedy: bool = field(default=False, metadata={"help": "take the most likely character instead of sampling"})


@dataclass
class CompareConfig:
    """Flags of ``ngram compare``."""

    data: Path | None = field(default=None, metadata={
        "help": "UTF-8 text file to split and compare on (none = the course stories)"})
    # fewer stories than `train`: with little text, sparse high-order counts show what smoothing is for
    n_stories: int = field(default=200, metadata={"help": "stories to generate when --data is none"})
    corpus_seed: int = field(default=0, metadata={"help": "seed of the generated stories"})
    val_fraction: float = field(default=0.1, metadata={"help": "share of the text held out for scoring"})
    max_order: int = field(default=5, metadata={"help": "compare orders n = 1..max_order"})
    k: float = field(default=1.0, metadata={"help": "add-k constant of the Laplace model"})
    discount: float = field(default=0.75, metadata={"help": "absolute discount D of the Kneser-Ney model"})
    out: Path = field(default=Path("runs/lab13"), metadata={"help": "folder for compare.png and compare.md"})


def build_model(smoothing: str, text: str, config: TrainConfig) -> LanguageModel:
    """The model ``--smoothing`` names, trained on ``text``; lambdas tuned on its last 10%."""
    if smoothing == "laplace":
        return LaplaceModel(text, config.order, config.k)
    if smoothing == "kneser-ney":
        return KneserNeyModel(text, config.order, config.discount)
    fit_text, dev_text = split_text(text, 0.1)
    lambdas = tune_lambdas(fit_text, dev_text, config.order)
    print(f"tuned lambdas (order 1..{config.order}): {', '.join(f'{lam:g}' for lam in lambdas)}")
    return InterpolatedModel(text, config.order, lambdas)


def train_main(argv: Sequence[str]) -> None:
    """``ngram train``: count a model, score held-out text, print a seeded sample."""
    config = parse_config(TrainConfig, argv, prog="ngram train", description=(
        "Train a character n-gram model, report its held-out perplexity and print a seeded "
        "sample. `ngram compare --help` describes the smoothing comparison."))
    start = time.perf_counter()
    text = load_text(config.data, config.n_stories, config.corpus_seed)
    if config.held_out is None:
        train_text, held_out = split_text(text, config.val_fraction)
    else:
        train_text, held_out = text, read_text_file(config.held_out)
    model = build_model(config.smoothing, train_text, config)
    print(f"order-{model.n} {config.smoothing} model: {len(train_text):,} training characters, "
          f"vocabulary of {len(model.vocab)} (UNK included)")
    ppl = perplexity(model, held_out)
    print(f"held-out perplexity {ppl:.3f} ({math.log2(ppl):.3f} bits per character) "
          f"on {len(held_out):,} characters")
    sample = generate(model, config.length, config.prompt, config.seed, config.greedy)
    how = "greedy" if config.greedy else f"seed {config.seed}"
    print(f"--- sample ({how}) ---\n{config.prompt}{sample}\n---")
    print(f"done in {time.perf_counter() - start:.1f} s")


def compare_main(argv: Sequence[str]) -> None:
    """``ngram compare``: the smoothing comparison table and plot."""
    config = parse_config(CompareConfig, argv, prog="ngram compare", description=(
        "Held-out perplexity of Laplace, interpolated (tuned lambdas) and Kneser-Ney models for "
        "n = 1..max-order: a table on stdout, compare.md and compare.png in --out."))
    start = time.perf_counter()
    text = load_text(config.data, config.n_stories, config.corpus_seed)
    train_text, held_out = split_text(text, config.val_fraction)
    rows = compare_smoothing(train_text, held_out, config.max_order, config.k, config.discount)
    table = format_table(rows)
    print(f"held-out perplexity, {len(train_text):,} training / {len(held_out):,} held-out characters")
    print(table)
    print(f"interpolation lambdas (order 1..{config.max_order}): "
          f"{', '.join(f'{lam:g}' for lam in rows[-1].lambdas)}")
    config.out.mkdir(parents=True, exist_ok=True)
    (config.out / "compare.md").write_text(table + "\n", encoding="utf-8")
    plot = save_plot(rows, config.out / "compare.png")
    print(f"wrote {config.out / 'compare.md'} and {plot} in {time.perf_counter() - start:.1f} s")


COMMANDS = {"train": train_main, "compare": compare_main}


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of ``uv run --package lab13-char-ngram ngram``."""
    run_subcommand(COMMANDS, argv, prog="ngram", default="train")


if __name__ == "__main__":
    main()
