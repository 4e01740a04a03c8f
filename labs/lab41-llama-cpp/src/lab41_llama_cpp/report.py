"""``gguf-report``: convert, quantise, then measure every level on held-out stories.

For each level it reports file size (and its ratio to F16), bits per weight, the tensor types
llama.cpp chose, perplexity on held-out course stories (corpus seed 0, never trained on) and
greedy tokens/s, as a Markdown table, ``report.json`` and two PNG plots.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import gguf
import numpy as np
from llmlab.cli import parse_config
from llmlab.corpora import generate_stories
from llmlab.paths import runs_dir
from llmlab.plotting import save_curves
from tokenizers import Tokenizer

from .convert import write_gguf
from .evaluate import evaluate_perplexity, load_llm, measure_throughput
from .hf_llama import load_hf_llama
from .quantize import FTYPES, quantize_gguf
from .reader import bits_per_weight, size_ratios, tensor_infos, type_counts

# Levels written by the converter itself; the rest come from llama.cpp's quantiser.
CONVERTED = ("f32", "f16")


@dataclass
class ReportConfig:
    model: str | None = field(default=None, metadata={
        "help": "zoo name, HF folder or Hub id; default: the zoo's stories-lm-large"})
    levels: str = field(default="f32,f16,q8_0,q4_k_m", metadata={
        "help": f"comma-separated levels to measure, from {', '.join(FTYPES)}"})
    stories: int = field(default=200, metadata={
        "help": "held-out stories (corpus seed 0) for perplexity"})
    window: int = field(default=128, metadata={"help": "perplexity window in tokens"})
    new_tokens: int = field(default=128, metadata={"help": "greedy tokens per speed run"})
    repeats: int = field(default=5, metadata={"help": "speed runs per level (median reported)"})
    threads: int = field(default=2, metadata={"help": "llama.cpp threads"})
    out: Path | None = field(default=None, metadata={
        "help": "output folder; default runs/lab41"})


def stories_tokens(llm, texts: list[str], eos_id: int) -> list[int]:
    """One token stream of ``texts`` in llama.cpp's tokenizer, each text followed by EOS."""
    ids: list[int] = []
    for text in texts:
        ids += llm.tokenize(text.encode(), add_bos=False) + [eos_id]
    return ids


def tokenizer_agrees(folder: Path, llm, texts: list[str]) -> bool:
    """Whether llama.cpp's tokenizer (from the GGUF) gives the HF tokenizer's ids on ``texts``."""
    hf = Tokenizer.from_file(str(folder / "tokenizer.json"))
    return all(hf.encode(t).ids == llm.tokenize(t.encode(), add_bos=False) for t in texts)


def same_q8_0_bytes(ours: Path, theirs: Path) -> tuple[int, int]:
    """How many Q8_0 tensors of ``ours`` are byte-identical in ``theirs``, out of how many."""
    a = {t.name: t for t in gguf.GGUFReader(ours).tensors}
    b = {t.name: t for t in gguf.GGUFReader(theirs).tensors}
    q8 = [n for n, t in a.items() if t.tensor_type == gguf.GGMLQuantizationType.Q8_0]
    same = sum(n in b and b[n].tensor_type == a[n].tensor_type
               and np.array_equal(a[n].data, b[n].data) for n in q8)
    return same, len(q8)


def markdown_table(rows: list[dict]) -> str:
    """The report as a Markdown table, one row per level."""
    lines = ["| level | size MB | x F16 | bits/weight | perplexity | tokens/s | prompt tok/s "
             "| tensor types |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        types = ", ".join(f"{k} x{v}" for k, v in r["types"].items())
        lines.append(f"| {r['level']} | {r['size_mb']:.2f} | {r['ratio_f16']:.3f} | "
                     f"{r['bits_per_weight']:.2f} | {r['perplexity']:.4f} | {r['tokens_per_s']:.0f} "
                     f"| {r['prompt_tokens_per_s']:.0f} | {types} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    config = parse_config(ReportConfig, argv, prog="gguf-report", description=(
        "Convert a Llama to GGUF, quantise it, and report size, perplexity and tokens/s per level."))
    levels = [x.strip().lower() for x in config.levels.split(",") if x.strip()]
    unknown = sorted(set(levels) - set(FTYPES))
    if unknown:
        raise SystemExit(f"gguf-report: unknown level(s) {', '.join(unknown)}; "
                         f"choose from {', '.join(FTYPES)}")
    out = config.out or runs_dir("lab41")
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    model = load_hf_llama(config.model)
    name = model.folder.name
    # F32 is the quantiser's input and F16 the size reference, so both are always written.
    paths = {level: write_gguf(model, out / f"{name}-{level}.gguf", level) for level in CONVERTED}
    for level in levels:
        if level not in paths:
            paths[level] = quantize_gguf(paths["f32"], out / f"{name}-{level}.gguf", level,
                                         config.threads)
    print(f"converted and quantised in {time.perf_counter() - started:.1f} s")
    if "q8_0" in levels:
        ours = write_gguf(model, out / f"{name}-q8_0-numpy.gguf", "q8_0")
        same, total = same_q8_0_bytes(ours, paths["q8_0"])
        print(f"your numpy Q8_0 vs llama.cpp's: {same}/{total} tensors byte-identical")

    texts = generate_stories(config.stories, seed=0)
    reference = load_llm(paths["f32"], n_threads=config.threads)
    eos = model.vocab.eos_id if model.vocab.eos_id is not None else reference.token_eos()
    tokens = stories_tokens(reference, texts, eos)
    agrees = tokenizer_agrees(model.folder, reference, texts[:20])
    prompt = tokens[:32]
    prompt_text = reference.detokenize(prompt).decode(errors="replace")
    del reference
    print(f"held-out: {len(texts)} stories, {len(tokens)} tokens; llama.cpp tokenizer matches "
          f"Hugging Face: {'yes' if agrees else 'NO'}")

    ratios = size_ratios(paths, "f16")
    rows, samples = [], {}
    for level in levels:
        path = paths[level]
        infos = tensor_infos(path)
        llm = load_llm(path, n_threads=config.threads)
        ppl = evaluate_perplexity(llm, tokens, config.window)
        runs = [measure_throughput(llm, prompt, config.new_tokens) for _ in range(config.repeats)]
        samples[level] = llm.detokenize(list(runs[0].tokens)).decode(errors="replace")
        del llm
        rows.append({
            "level": level, "file": str(path), "size_mb": path.stat().st_size / 1e6,
            "ratio_f16": ratios[level], "bits_per_weight": bits_per_weight(infos),
            "types": type_counts(infos), "perplexity": ppl,
            "tokens_per_s": statistics.median(r.tokens_per_s for r in runs),
            "prompt_tokens_per_s": statistics.median(r.prompt_tokens_per_s for r in runs),
        })
        print(f"{level}: perplexity {ppl:.4f}, {rows[-1]['tokens_per_s']:.0f} tokens/s")

    print()
    print(markdown_table(rows))
    print(f"\nprompt: {prompt_text!r}")
    for level, text in samples.items():
        print(f"{level:>7} continues: {text[:160]!r}")
    report = {"config": {**asdict(config), "out": str(out)}, "model": str(model.folder),
              "held_out_tokens": len(tokens), "tokenizer_matches_hf": agrees,
              "prompt": prompt_text, "samples": samples, "rows": rows}
    (out / "report.json").write_text(json.dumps(report, indent=2))
    bits = [r["bits_per_weight"] for r in rows]
    save_curves(out / "perplexity.png", {"perplexity": (bits, [r["perplexity"] for r in rows])},
                title=f"{name}: perplexity per level", xlabel="bits per weight",
                ylabel="held-out perplexity")
    save_curves(out / "speed.png", {"generation": (bits, [r["tokens_per_s"] for r in rows]),
                                    "prompt": (bits, [r["prompt_tokens_per_s"] for r in rows])},
                title=f"{name}: tokens/s per level ({config.threads} threads)",
                xlabel="bits per weight", ylabel="tokens/s", logy=True)
    print(f"\nwrote {out / 'report.json'}, perplexity.png, speed.png "
          f"({time.perf_counter() - started:.0f} s in all)")
