"""``gptq-quantize``: quantise a model with GPTQ (or RTN) on CPU and report what it cost."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from llmlab.checkpoint import save_checkpoint
from llmlab.cli import parse_config
from llmlab.paths import runs_dir
from llmlab.seeding import seed_everything

from lab40_gptq.evaluate import model_size_bytes, perplexity
from lab40_gptq.model import (
    EVAL_SEED,
    QuantConfig,
    calibration_batches,
    load_model,
    quantize_model,
    quantized_linear_bytes,
    story_ids,
)


@dataclass
class Config:
    model: str | None = field(default=None, metadata={
        "help": "Hugging Face id or folder of a Llama-style causal LM; default: the zoo's "
                "stories-lm-large (offline)"})
    method: str = field(default="gptq", metadata={"help": "gptq or rtn (round-to-nearest)",
                                                  "choices": ["gptq", "rtn"]})
    group_size: int = field(default=128, metadata={
        "help": "input columns sharing one scale and zero; -1 for one group per row"})
    act_order: bool = field(default=False, metadata={
        "help": "quantise columns in order of decreasing Hessian diagonal"})
    damp: float = field(default=0.01, metadata={
        "help": "dampening added to the Hessian diagonal, as a fraction of its mean"})
    block_size: int = field(default=128, metadata={"help": "columns per lazy-update block"})
    calib_samples: int = field(default=64, metadata={
        "help": "calibration windows (course stories, seed 3)"})
    seq_len: int = field(default=128, metadata={"help": "tokens per calibration/evaluation window"})
    eval_stories: int = field(default=200, metadata={
        "help": "held-out stories (seed 0) for perplexity"})
    threads: int = field(default=2, metadata={"help": "torch CPU threads"})
    seed: int = field(default=0, metadata={"help": "random seed"})
    save: Path | None = field(default=None, metadata={
        "help": "also save the quantised model's state dict (packed int4) to this file"})
    out: Path | None = field(default=None, metadata={
        "help": "report JSON (default runs/lab40/quantize.json)"})


def mb(n: int) -> str:
    return f"{n / 1e6:.2f} MB"


def main(argv: list[str] | None = None) -> None:
    config = parse_config(Config, argv, description=__doc__, prog="gptq-quantize")
    torch.set_num_threads(config.threads)
    seed_everything(config.seed)
    started = time.perf_counter()
    model, tokenizer = load_model(config.model)
    eval_ids = story_ids(tokenizer, config.eval_stories, EVAL_SEED)
    batches = calibration_batches(tokenizer, config.calib_samples, config.seq_len)
    fp_ppl = perplexity(model, eval_ids, config.seq_len, batch_size=32)
    fp_size = model_size_bytes(model, float_bytes=2)
    quant = QuantConfig(config.method, 4, None if config.group_size == -1 else config.group_size,
                        config.damp, config.block_size, config.act_order)
    rows = quantize_model(model, batches, quant)
    q_ppl = perplexity(model, eval_ids, config.seq_len, batch_size=32)
    q_size = model_size_bytes(model, float_bytes=2)
    linear_fp, linear_q = quantized_linear_bytes(model)
    mean = sum(r["error"] for r in rows) / len(rows)
    mean_rtn = sum(r["rtn_error"] for r in rows) / len(rows)

    print(f"{config.method} 4-bit, group size {config.group_size}, act-order {config.act_order}: "
          f"{len(rows)} linear layers, {eval_ids.numel()} held-out tokens")
    print(f"{'layer':<34} {'shape':>10} {'error':>9} {'rtn error':>9}")
    for r in rows:
        print(f"{r['name']:<34} {'x'.join(map(str, r['shape'])):>10} {r['error']:9.5f} "
              f"{r['rtn_error']:9.5f}")
    print(f"mean relative output error: {mean:.5f} (round-to-nearest: {mean_rtn:.5f})")
    print(f"linear layers: {mb(linear_fp)} in fp16 -> {mb(linear_q)} ({linear_fp / linear_q:.2f}x "
          "smaller)")
    print(f"whole model (fp16 checkpoint): {mb(fp_size)} -> {mb(q_size)} ({fp_size / q_size:.2f}x)")
    print(f"perplexity: fp {fp_ppl:.3f} -> {q_ppl:.3f} (delta {q_ppl - fp_ppl:+.3f}, "
          f"{100 * (q_ppl / fp_ppl - 1):+.2f}%)")
    seconds = time.perf_counter() - started
    print(f"done in {seconds:.1f} s")

    report = {"config": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items()},
              "fp_perplexity": fp_ppl, "perplexity": q_ppl, "perplexity_delta": q_ppl - fp_ppl,
              "fp_size_bytes": fp_size, "size_bytes": q_size, "linear_fp16_bytes": linear_fp,
              "linear_bytes": linear_q, "mean_error": mean, "mean_rtn_error": mean_rtn,
              "layers": rows, "seconds": round(seconds, 1)}
    out = config.out or runs_dir("lab40") / "quantize.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"report: {out}")
    if config.save:
        save_checkpoint(config.save, {"state_dict": model.state_dict(), "config": asdict(quant)})
        print(f"quantised state dict: {config.save}")
