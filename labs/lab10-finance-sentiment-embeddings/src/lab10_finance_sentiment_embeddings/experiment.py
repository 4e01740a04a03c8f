"""The whole experiment: split, probe the base encoder, fine-tune, probe again, write a report."""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch
from llmlab.plotting import save_curves
from llmlab.seeding import seed_everything

from lab10_finance_sentiment_embeddings.data import (
    LABELS,
    Example,
    grouped_split,
    load_csv,
    load_headlines,
    straddling_groups,
)
from lab10_finance_sentiment_embeddings.encoder import encode, load_encoder
from lab10_finance_sentiment_embeddings.evaluation import per_style_f1, probe, tfidf_features
from lab10_finance_sentiment_embeddings.training import finetune


@dataclass
class ExperimentConfig:
    model: str | None = field(default=None, metadata={
        "help": "encoder to start from: a zoo name, a local folder or a Hugging Face id; "
                "None (or an unreachable id) uses the offline zoo model course-encoder"})
    data: Path | None = field(default=None, metadata={
        "help": "CSV file with columns text,label (negative/neutral/positive); "
                "None uses the generated headlines"})
    n_headlines: int = field(default=2000, metadata={"help": "generated headlines to use"})
    data_seed: int = field(default=0, metadata={"help": "seed of the generated headlines"})
    test_fraction: float = field(default=0.3, metadata={
        "help": "share of examples in the test set (whole template groups move together)"})
    split_seed: int = field(default=0, metadata={"help": "seed that orders groups for the split"})
    pairs_per_example: int = field(default=2, metadata={
        "help": "SetFit rounds per training text; each gives one positive and one negative pair"})
    epochs: int = field(default=1, metadata={"help": "passes over the sampled pairs"})
    batch_size: int = field(default=32, metadata={"help": "pairs per optimiser step"})
    lr: float = field(default=1e-4, metadata={"help": "peak AdamW learning rate"})
    max_steps: int | None = field(default=None, metadata={
        "help": "stop fine-tuning after this many steps (None: all epochs)"})
    seed: int = field(default=0, metadata={"help": "seed for pair sampling, dropout and the probe"})
    threads: int = field(default=2, metadata={"help": "torch CPU threads"})
    out: Path = field(default=Path("runs/lab10"), metadata={
        "help": "folder for report.json, loss_curve.png and the fine-tuned model"})
    save_model: bool = field(default=True, metadata={
        "help": "save the fine-tuned encoder to OUT/model (loadable with --model OUT/model)"})


def _scores(result: dict, test: list[Example]) -> dict:
    styles = [e.style for e in test]
    return {"macro_f1": round(result["macro_f1"], 4), "accuracy": round(result["accuracy"], 4),
            "per_style_macro_f1": {k: round(v, 4) for k, v in per_style_f1(
                styles, [e.label for e in test], result["predictions"]).items()}}


def run_experiment(config: ExperimentConfig) -> dict:
    """Run the experiment of ``config`` and write ``report.json`` (and the plot) to ``config.out``.

    Returns the report: the split (sizes, group counts, straddling groups), macro-F1 and accuracy
    of the TF-IDF baseline and of logistic-regression probes on the base and the fine-tuned
    embeddings (overall and per headline style), ``margin`` (fine-tuned minus base macro-F1),
    the same probes on a leaky random split for contrast, and the fine-tuning losses.
    """
    started = time.perf_counter()
    seed_everything(config.seed)
    torch.set_num_threads(config.threads)
    examples = (load_csv(config.data) if config.data is not None
                else load_headlines(config.n_headlines, seed=config.data_seed))
    groups = [e.group for e in examples]
    train_idx, test_idx = grouped_split(groups, config.test_fraction, seed=config.split_seed)
    train, test = [examples[i] for i in train_idx], [examples[i] for i in test_idx]
    train_y, test_y = [e.label for e in train], [e.label for e in test]
    texts = [e.text for e in examples]

    # A random split of the same size, for contrast: near-duplicates straddle it.
    leaky = list(range(len(examples)))
    random.Random(config.split_seed).shuffle(leaky)
    leaky_test, leaky_train = sorted(leaky[:len(test_idx)]), sorted(leaky[len(test_idx):])

    def probe_on(features, tr: list[int], te: list[int]) -> dict:
        return probe(features[tr], [examples[i].label for i in tr], features[te],
                     [examples[i].label for i in te], len(LABELS))

    def tfidf_on(tr: list[int], te: list[int]) -> dict:
        x_train, x_test = tfidf_features([texts[i] for i in tr], [texts[i] for i in te])
        return probe(x_train, [examples[i].label for i in tr], x_test,
                     [examples[i].label for i in te], len(LABELS))

    model = load_encoder(config.model)
    base_x = encode(model, texts)
    tfidf = tfidf_on(train_idx, test_idx)
    base = probe_on(base_x, train_idx, test_idx)
    losses = finetune(model, [e.text for e in train], train_y,
                      pairs_per_example=config.pairs_per_example, epochs=config.epochs,
                      batch_size=config.batch_size, lr=config.lr, max_steps=config.max_steps,
                      seed=config.seed)
    tuned = probe_on(encode(model, texts), train_idx, test_idx)

    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    if config.save_model:
        model.save(str(out / "model"))
    window = max(1, len(losses) // 10)
    smoothed = [float(np.mean(losses[max(0, k - window + 1):k + 1])) for k in range(len(losses))]
    save_curves(out / "loss_curve.png", {"loss": (range(1, len(losses) + 1), losses),
                                         f"mean of last {window}": (range(1, len(losses) + 1),
                                                                    smoothed)},
                title="Contrastive fine-tuning (cosine-similarity loss)", ylabel="loss")
    report = {
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()},
        "labels": list(LABELS),
        "split": {
            "by": "template group", "n_train": len(train), "n_test": len(test),
            "train_groups": len({e.group for e in train}), "test_groups": len({e.group for e in test}),
            "straddling_groups": sorted(straddling_groups(groups, train_idx, test_idx)),
            "test_label_counts": {LABELS[k]: v for k, v in sorted(Counter(test_y).items())},
        },
        "tfidf": _scores(tfidf, test),
        "base": _scores(base, test),
        "finetuned": _scores(tuned, test),
        "margin": round(tuned["macro_f1"] - base["macro_f1"], 4),
        "random_split": {
            "straddling_groups": len(straddling_groups(groups, leaky_train, leaky_test)),
            "tfidf_macro_f1": round(tfidf_on(leaky_train, leaky_test)["macro_f1"], 4),
            "base_macro_f1": round(probe_on(base_x, leaky_train, leaky_test)["macro_f1"], 4),
        },
        "finetune": {"steps": len(losses), "first_loss": round(float(np.mean(losses[:window])), 4),
                     "last_loss": round(float(np.mean(losses[-window:])), 4)},
        "elapsed_s": round(time.perf_counter() - started, 1),
    }
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    return report
