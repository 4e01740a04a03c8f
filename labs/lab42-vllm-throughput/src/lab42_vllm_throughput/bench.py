"""throughput-bench: the same prompts through a naive HF loop, static batching and (GPU) vLLM.

    uv run --package lab42-vllm-throughput throughput-bench
    uv run --package lab42-vllm-throughput --extra gpu throughput-bench --engines naive,static,vllm
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from llmlab.cli import parse_config
from llmlab.paths import runs_dir
from llmlab.seeding import seed_everything
from llmlab.zoo import resolve_model

from lab42_vllm_throughput.batching import naive_generate, static_batch_generate, static_batch_waste
from lab42_vllm_throughput.paged import KVSpec, memory_report
from lab42_vllm_throughput.prompts import story_prompts

ENGINES = ("naive", "static", "vllm")


@dataclass
class BenchConfig:
    model: str | None = field(default=None, metadata={
        "help": "Hugging Face id or folder of a causal LM; default: the zoo's stories-lm-small"})
    engines: str = field(default="naive,static", metadata={
        "help": "comma-separated engines out of naive, static, vllm (vllm needs --extra gpu and CUDA)"})
    num_prompts: int = field(default=64, metadata={"help": "requests in the workload"})
    max_new_tokens: int = field(default=64, metadata={"help": "greedy tokens per request at most"})
    batch_sizes: str = field(default="4,16,64", metadata={"help": "comma-separated static batch sizes"})
    device: str = field(default="cpu", metadata={"help": "device for the HF engines: cpu, cuda, auto"})
    threads: int = field(default=2, metadata={"help": "torch CPU threads"})
    block_size: int = field(default=16, metadata={"help": "tokens per KV block (paged analysis, vLLM)"})
    kv_memory_gb: float = field(default=1.0, metadata={
        "help": "KV-cache memory budget for the paged-vs-static capacity analysis, GiB"})
    kv_dtype_bytes: int = field(default=2, metadata={"help": "bytes per KV element (2: fp16/bf16)"})
    vllm_dtype: str = field(default="auto", metadata={"help": "vLLM dtype: auto, float16, bfloat16, float32"})
    vllm_gpu_memory_utilization: float = field(default=0.5, metadata={
        "help": "fraction of GPU memory vLLM may take"})
    seed: int = field(default=0, metadata={"help": "random seed"})
    out: Path | None = field(default=None, metadata={"help": "output folder; default runs/lab42"})


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def run_hf(config: BenchConfig, engines: list[str], model: torch.nn.Module,
           prompts: list[list[int]], eos: int | None,
           pad: int) -> tuple[list[dict], list[list[int]], float]:
    """Time the naive loop and each static batch size; the naive tokens are the reference.

    Returns the rows, the naive outputs and the naive loop's seconds (it always runs)."""
    rows: list[dict] = []
    naive_generate(model, prompts[:1], 2, eos)  # warm-up: first calls pay for lazy initialisation
    started = time.perf_counter()
    reference = naive_generate(model, prompts, config.max_new_tokens, eos)
    naive_s = time.perf_counter() - started
    tokens = sum(len(o) for o in reference)
    if "naive" in engines:
        rows.append({"engine": "naive", "batch_size": 1, "tokens": tokens, "seconds": naive_s,
                     "same_as_naive": 1.0, "waste": 0.0})
    if "static" in engines:
        for size in _ints(config.batch_sizes):
            started = time.perf_counter()
            outputs = static_batch_generate(model, prompts, config.max_new_tokens, size, pad, eos)
            seconds = time.perf_counter() - started
            same = sum(a == b for a, b in zip(outputs, reference, strict=True)) / len(prompts)
            waste = static_batch_waste([len(p) for p in prompts], [len(o) for o in outputs], size)
            rows.append({"engine": "static", "batch_size": size,
                         "tokens": sum(len(o) for o in outputs), "seconds": seconds,
                         "same_as_naive": same, "waste": waste})
    for row in rows:
        row["tokens_per_s"] = row["tokens"] / row["seconds"]
        row["speedup"] = naive_s / row["seconds"]
    return rows, reference, naive_s


def run_vllm(config: BenchConfig, path: str, prompts: list[list[int]], reference: list[list[int]],
             naive_s: float, max_len: int) -> dict:
    from lab42_vllm_throughput.vllm_engine import kv_cache_blocks, load_vllm, vllm_generate

    llm = load_vllm(path, max_model_len=max_len, dtype=config.vllm_dtype, seed=config.seed,
                    gpu_memory_utilization=config.vllm_gpu_memory_utilization,
                    block_size=config.block_size)
    vllm_generate(llm, prompts[:1], 2)  # warm-up
    outputs, seconds = vllm_generate(llm, prompts, config.max_new_tokens)
    tokens = sum(len(o) for o in outputs)
    same = sum(a == b for a, b in zip(outputs, reference, strict=True)) / len(prompts)
    return {"engine": "vllm", "batch_size": len(prompts), "tokens": tokens, "seconds": seconds,
            "same_as_naive": same, "waste": None, "tokens_per_s": tokens / seconds,
            "speedup": naive_s / seconds, "kv_blocks": kv_cache_blocks(llm)}


def table(rows: list[dict]) -> str:
    lines = ["| engine | batch | tokens | seconds | tokens/s | speedup | same as naive | static waste |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        waste = "-" if r["waste"] is None else f"{r['waste']:.1%}"
        lines.append(f"| {r['engine']} | {r['batch_size']} | {r['tokens']} | {r['seconds']:.2f} | "
                     f"{r['tokens_per_s']:.1f} | {r['speedup']:.2f}x | {r['same_as_naive']:.0%} | {waste} |")
    return "\n".join(lines)


def run(config: BenchConfig) -> dict:
    """Run the benchmark, print its tables and write ``bench.json``; returns what it wrote."""
    engines = [e.strip() for e in config.engines.split(",") if e.strip()]
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown or not engines:
        raise SystemExit(f"throughput-bench: unknown engines {unknown}; choose from {', '.join(ENGINES)}")
    if "vllm" in engines:  # fail now, not after minutes of HF decoding
        from lab42_vllm_throughput.vllm_engine import import_vllm

        try:
            import_vllm()
        except ImportError as exc:
            raise SystemExit(f"throughput-bench: {exc}") from exc
    seed_everything(config.seed)
    torch.set_num_threads(config.threads)
    from llmlab.device import pick_device
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = resolve_model(config.model, fallback="stories-lm-small")
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForCausalLM.from_pretrained(path).to(pick_device(config.device)).eval()
    eos = tokenizer.eos_token_id
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else eos
    prompts = [tokenizer(p)["input_ids"] for p in story_prompts(config.num_prompts, seed=4242)]
    max_len = max(len(p) for p in prompts) + config.max_new_tokens
    print(f"model {path}: {sum(p.numel() for p in model.parameters()) / 1e6:.2f}M parameters; "
          f"{len(prompts)} prompts of {min(map(len, prompts))}-{max(map(len, prompts))} tokens, "
          f"up to {config.max_new_tokens} new tokens each, greedy")

    rows, reference, naive_s = run_hf(config, engines, model, prompts, eos, pad)
    if "vllm" in engines:
        rows.append(run_vllm(config, path, prompts, reference, naive_s, max_len))
    print(table(rows))

    spec = KVSpec.from_config(model.config, config.kv_dtype_bytes)
    seq_lens = [len(p) + len(o) for p, o in zip(prompts, reference, strict=True)]
    memory = memory_report(spec, seq_lens, max_len, int(config.kv_memory_gb * 2**30),
                           config.block_size)
    print(f"\nKV cache: {memory['bytes_per_token']} bytes/token ({spec.num_layers} layers x "
          f"{spec.num_kv_heads} kv heads x {spec.head_dim} dims x 2 (K and V) x "
          f"{spec.dtype_bytes} bytes); final lengths mean {memory['mean_len']}, reserve {max_len}")
    print(f"  static pre-allocation ({max_len} slots each) wastes {memory['static_waste']:.1%}; "
          f"paged ({config.block_size}-token blocks, {memory['blocks_used']} blocks) wastes "
          f"{memory['paged_waste']:.1%}")
    print(f"  in {config.kv_memory_gb:g} GiB of KV cache: {memory['max_batch_static']} sequences "
          f"fit statically, {memory['max_batch_paged']} paged "
          f"({memory['max_batch_paged'] / max(1, memory['max_batch_static']):.1f}x)")

    out = config.out or runs_dir("lab42")
    out.mkdir(parents=True, exist_ok=True)
    result = {"config": {k: str(v) for k, v in asdict(config).items()}, "model": path,
              "rows": rows, "memory": memory}
    (out / "bench.json").write_text(json.dumps(result, indent=2))
    print(f"wrote {out / 'bench.json'}")
    return result


def main(argv: list[str] | None = None) -> None:
    run(parse_config(BenchConfig, argv, prog="throughput-bench", description=(
        "Serve the same prompts with a naive one-at-a-time HF loop, static batching and "
        "(on a GPU) vLLM; compare tokens/s and check every engine produced the same greedy tokens.")))


if __name__ == "__main__":
    main()
