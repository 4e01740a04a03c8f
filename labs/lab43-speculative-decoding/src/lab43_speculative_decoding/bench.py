"""The ``speculate-bench`` command: tokens/s of plain decoding against speculative decoding.

Every method decodes the same prompts greedily to the same ``max_new_tokens`` (stopping at EOS),
so greedy speculative decoding must produce the plain target's tokens exactly; the table says
whether it did. Methods alternate within each repeat so machine noise hits them alike, and the
median over repeats is reported.

    uv run --package lab43-speculative-decoding speculate-bench
    uv run --package lab43-speculative-decoding speculate-bench --device cuda --dtype bfloat16
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from llmlab.cli import parse_config
from llmlab.corpora import generate_stories
from llmlab.device import pick_device
from llmlab.seeding import seed_everything
from transformers import PreTrainedModel
from transformers.utils import logging as hf_logging

from lab43_speculative_decoding.hf_assisted import hf_assisted_generate
from lab43_speculative_decoding.pair import load_pair
from lab43_speculative_decoding.speculative import autoregressive_generate, speculative_generate

DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}


@dataclass
class BenchConfig:
    """Flags of ``speculate-bench``."""

    ks: str = field(default="2,4,6", metadata={"help": "draft lengths k to try, comma-separated"})
    prompts: int = field(default=4, metadata={"help": "prompts: openings of held-out stories"})
    prompt_words: int = field(default=6, metadata={"help": "words of each story used as its prompt"})
    max_new_tokens: int = field(default=96, metadata={"help": "tokens generated per prompt at most"})
    repeats: int = field(default=5, metadata={"help": "timed repeats; the median is reported"})
    hf: bool = field(default=True, metadata={"help": "also time Hugging Face assisted generation"})
    target: str | None = field(default=None, metadata={"help": "Hugging Face target (with --draft); "
                                                                "default: the zoo pair"})
    draft: str | None = field(default=None, metadata={"help": "Hugging Face draft model"})
    device: str = field(default="cpu", metadata={"help": "cpu, cuda, mps or auto"})
    dtype: str = field(default="float32", metadata={"help": "model dtype", "choices": list(DTYPES)})
    threads: int = field(default=1, metadata={"help": "torch CPU threads for decoding (tiny models "
                                                         "decode fastest on one)"})
    out: Path = field(default=Path("runs/lab43"), metadata={"help": "folder for bench.json"})
    seed: int = field(default=0, metadata={"help": "random seed"})


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def run_benchmark(target: PreTrainedModel, draft: PreTrainedModel, prompts: list[torch.Tensor],
                  max_new_tokens: int, ks: list[int], repeats: int = 3, hf: bool = True,
                  eos_token_id: int | None = None) -> list[dict]:
    """Time greedy decoding of ``prompts`` (each ``(1, T)`` int64) by every method.

    Returns one row per method: ``method``, ``k``, ``tokens`` (generated, all prompts),
    ``seconds`` and ``tokens_per_s`` (median over repeats), ``speedup`` (tokens/s over plain
    decoding's), ``same_as_plain`` (identical tokens), and for our speculative decoding the
    ``acceptance_rate`` and ``tokens_per_round`` (tokens per target forward).
    """
    device = next(target.parameters()).device
    methods: dict[str, tuple[int | None, Callable]] = {
        "plain": (None, lambda ids: autoregressive_generate(target, ids, max_new_tokens,
                                                            eos_token_id=eos_token_id))}
    for k in ks:
        methods[f"speculative k={k}"] = (k, lambda ids, k=k: speculative_generate(
            target, draft, ids, max_new_tokens, k, eos_token_id=eos_token_id))
    if hf:
        methods["hf plain generate"] = (None, lambda ids: target.generate(
            ids, attention_mask=torch.ones_like(ids), do_sample=False,
            max_new_tokens=max_new_tokens, eos_token_id=eos_token_id,
            pad_token_id=eos_token_id or 0))
        for k in ks:
            methods[f"hf assisted k={k}"] = (k, lambda ids, k=k: hf_assisted_generate(
                target, draft, ids, max_new_tokens, k, eos_token_id=eos_token_id))

    outputs: dict[str, list] = {}
    for name, (_, fn) in methods.items():  # warm-up, and the outputs to compare
        outputs[name] = [fn(ids) for ids in prompts]
    seconds: dict[str, list[float]] = {name: [] for name in methods}
    for _ in range(repeats):
        for name, (_, fn) in methods.items():
            _sync(device)
            start = time.perf_counter()
            for ids in prompts:
                fn(ids)
            _sync(device)
            seconds[name].append(time.perf_counter() - start)

    def new_tokens(out, ids: torch.Tensor) -> list[int]:
        seq = out if isinstance(out, torch.Tensor) else out.sequences
        return seq[0, ids.size(1):].tolist()

    plain = [new_tokens(o, ids) for o, ids in zip(outputs["plain"], prompts, strict=True)]
    rows = []
    for name, (k, _) in methods.items():
        tokens = [new_tokens(o, ids) for o, ids in zip(outputs[name], prompts, strict=True)]
        n = sum(len(t) for t in tokens)
        median = statistics.median(seconds[name])
        row = {"method": name, "k": k, "tokens": n, "seconds": median, "tokens_per_s": n / median,
               "same_as_plain": tokens == plain}
        if name.startswith("speculative"):
            stats = [o.stats for o in outputs[name]]
            proposed = sum(s.proposed for s in stats)
            row["acceptance_rate"] = sum(s.accepted for s in stats) / proposed if proposed else 0.0
            row["tokens_per_round"] = n / sum(s.rounds for s in stats)
        rows.append(row)
    base = rows[0]["tokens_per_s"]
    for row in rows:
        row["speedup"] = row["tokens_per_s"] / base
    return rows


def format_table(rows: list[dict]) -> str:
    """The rows as a Markdown table."""
    lines = ["| method | tokens/s | speedup | acceptance | tokens/target forward | same tokens |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        acc = f"{r['acceptance_rate']:.3f}" if "acceptance_rate" in r else "-"
        tpr = f"{r['tokens_per_round']:.2f}" if "tokens_per_round" in r else "-"
        lines.append(f"| {r['method']} | {r['tokens_per_s']:.1f} | {r['speedup']:.2f}x | {acc} | "
                     f"{tpr} | {'yes' if r['same_as_plain'] else 'NO'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    config = parse_config(BenchConfig, argv, description="Benchmark plain, speculative and Hugging "
                                                         "Face assisted decoding (greedy).")
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    torch.set_num_threads(config.threads)
    seed_everything(config.seed)
    device = pick_device(config.device)
    ks = [int(k) for k in config.ks.split(",") if k.strip()]
    pair = load_pair(config.target, config.draft, device, DTYPES[config.dtype])
    # Held-out stories (a corpus seed the zoo models never trained on), cut to their first words.
    stories = generate_stories(config.prompts, seed=10_000 + config.seed)
    texts = [" ".join(s.split()[: config.prompt_words]) for s in stories]
    prompts = [torch.tensor([pair.tokenizer(t)["input_ids"]], device=device) for t in texts]
    rows = run_benchmark(pair.target, pair.draft, prompts, config.max_new_tokens, ks,
                         config.repeats, config.hf, pair.tokenizer.eos_token_id)
    print(f"pair: {pair.source}; device {device}, {config.dtype}, {config.threads} threads; "
          f"{len(prompts)} prompts x up to {config.max_new_tokens} tokens, greedy\n")
    print(format_table(rows))
    report = {"config": {**asdict(config), "out": str(config.out)}, "device": device,
              "prompts": texts, "rows": rows}
    out = config.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(report, indent=2))
    print(f"\n{json.dumps(rows)}\nwrote {out / 'bench.json'}")


if __name__ == "__main__":
    main()
