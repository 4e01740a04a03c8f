"""``gptq-bench``: full precision against round-to-nearest and GPTQ at several group sizes (and
act-order), on the same calibration and held-out stories: size, perplexity, layer error.
``--gptqmodel`` adds the same model quantised by gptqmodel on a CUDA GPU."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch
from llmlab.cli import parse_config
from llmlab.corpora import generate_stories
from llmlab.paths import runs_dir
from llmlab.seeding import seed_everything
from llmlab.zoo import resolve_model

from lab40_gptq.evaluate import model_size_bytes, perplexity
from lab40_gptq.model import (
    CALIBRATION_SEED,
    DEFAULT_MODEL,
    EVAL_SEED,
    QuantConfig,
    calibration_batches,
    load_model,
    quantize_model,
    story_ids,
)


@dataclass
class Config:
    model: str | None = field(default=None, metadata={
        "help": "Hugging Face id or folder of a Llama-style causal LM; default: the zoo's "
                "stories-lm-large (offline)"})
    group_sizes: str = field(default="32,128", metadata={
        "help": "comma-separated group sizes to compare (-1: one group per row)"})
    calib_samples: int = field(default=64, metadata={
        "help": "calibration windows (course stories, seed 3)"})
    seq_len: int = field(default=128, metadata={"help": "tokens per calibration/evaluation window"})
    eval_stories: int = field(default=200, metadata={
        "help": "held-out stories (seed 0) for perplexity"})
    threads: int = field(default=2, metadata={"help": "torch CPU threads"})
    seed: int = field(default=0, metadata={"help": "random seed"})
    gptqmodel: bool = field(default=False, metadata={
        "help": "also quantise with gptqmodel on a CUDA GPU (needs --extra gpu)"})
    out: Path | None = field(default=None, metadata={
        "help": "results JSON (default runs/lab40/bench.json)"})


def bench_one(config: Config, quant: QuantConfig | None, batches: list[torch.Tensor],
              eval_ids: torch.Tensor) -> dict:
    """Size, perplexity and mean layer errors of a fresh copy of the model quantised by ``quant``
    (``None``: the full-precision model)."""
    model, _ = load_model(config.model)
    started = time.perf_counter()
    rows = quantize_model(model, batches, quant) if quant else []
    seconds = time.perf_counter() - started
    return {"method": "fp" if quant is None else quant.method + (" act-order" if quant.act_order else ""),
            "group_size": None if quant is None else quant.group_size or -1,
            "size_bytes": model_size_bytes(model, float_bytes=2),
            "perplexity": perplexity(model, eval_ids, config.seq_len, batch_size=32),
            "mean_error": sum(r["error"] for r in rows) / len(rows) if rows else 0.0,
            "quantize_seconds": round(seconds, 2)}


def table(results: list[dict]) -> str:
    fp = results[0]
    lines = ["| method | group | size (fp16 = 1) | MB | perplexity | delta vs fp | mean layer error |",
             "|---|---|---|---|---|---|---|"]
    for r in results:
        group = "-" if r["group_size"] is None else ("row" if r["group_size"] == -1 else r["group_size"])
        error = "-" if r["method"] in ("fp", "gptqmodel") else f"{r['mean_error']:.5f}"
        lines.append(f"| {r['method']} | {group} | {fp['size_bytes'] / r['size_bytes']:.2f}x smaller | "
                     f"{r['size_bytes'] / 1e6:.2f} | {r['perplexity']:.3f} | "
                     f"{r['perplexity'] - fp['perplexity']:+.3f} | {error} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    config = parse_config(Config, argv, description=__doc__, prog="gptq-bench")
    torch.set_num_threads(config.threads)
    seed_everything(config.seed)
    started = time.perf_counter()
    _, tokenizer = load_model(config.model)
    eval_ids = story_ids(tokenizer, config.eval_stories, EVAL_SEED)
    batches = calibration_batches(tokenizer, config.calib_samples, config.seq_len)
    groups = [int(g) for g in config.group_sizes.split(",")]
    results = [bench_one(config, None, batches, eval_ids)]
    for group in groups:
        for method in ("rtn", "gptq"):
            quant = QuantConfig(method, group_size=None if group == -1 else group)
            results.append(bench_one(config, quant, batches, eval_ids))
            print(f"{method} group {group}: perplexity {results[-1]['perplexity']:.3f}", flush=True)
    if 128 in groups:
        results.append(bench_one(config, QuantConfig("gptq", act_order=True), batches, eval_ids))
    if config.gptqmodel:
        from lab40_gptq.gpu import gptqmodel_run

        texts = generate_stories(config.calib_samples, seed=CALIBRATION_SEED)
        row = gptqmodel_run(resolve_model(config.model, fallback=DEFAULT_MODEL), texts,
                            eval_ids, runs_dir("lab40") / "gptqmodel-4bit",
                            seq_len=config.seq_len)
        results.append({"method": "gptqmodel", "group_size": 128, "mean_error": 0.0, **row})
    print(table(results))
    out = config.out or runs_dir("lab40") / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"results: {out} ({time.perf_counter() - started:.0f} s)")
