"""How fast is incremental BPE training? Against the naive trainer and Hugging Face ``tokenizers``.

All three train on the same documents at the same vocabulary size with the same pre-tokenizer
(cl100k's regex; for ``tokenizers`` rewritten in its Oniguruma dialect and checked to cut the
corpus into the same chunks). The naive and incremental trainers share one pre-tokenization
pass, timed on its own; ``tokenizers`` (Rust, multi-threaded) does everything itself.

    uv run --package lab05-legal-bpe legal-bpe-bench
    uv run --package lab05-legal-bpe legal-bpe-bench --vocab-size 4096 --no-naive
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from llmlab.cli import parse_config
from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers

from lab05_legal_bpe.compare import bytes_per_token
from lab05_legal_bpe.data import load_split
from lab05_legal_bpe.pretokenize import GPT4_PATTERN, chunk_counts, pretokenize
from lab05_legal_bpe.tokenizer import BPETokenizer
from lab05_legal_bpe.train import train_incremental, train_naive

# cl100k's pattern for Oniguruma: `{1,3}+` is not possessive there and `$` matches before any
# newline, so drop the possessive marks (no match changes for this pattern) and anchor with \z.
HF_PATTERN = (GPT4_PATTERN.replace("?+", "?").replace("++", "+").replace("*+", "*")
              .replace("{1,3}+", "{1,3}").replace("$", r"\z"))


@dataclass
class BenchConfig:
    """Flags of ``legal-bpe-bench``."""

    vocab_size: int = field(default=2048, metadata={"help": "256 bytes + merges, for every trainer"})
    n_docs: int = field(default=1000, metadata={"help": "legal documents to generate"})
    corpus_seed: int = field(default=0, metadata={"help": "seed of the generated legal corpus"})
    data: Path | None = field(default=None, metadata={
        "help": "UTF-8 text file instead, documents separated by blank lines"})
    naive: bool = field(default=True, metadata={"help": "also time the naive trainer (slow at large vocabularies)"})
    out: Path = field(default=Path("runs/lab05"), metadata={"help": "folder for bench.json"})


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's byte -> printable character table, which ``tokenizers``' ByteLevel uses."""
    keep = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    table, extra = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


def train_hf(docs: list[str], vocab_size: int) -> Tokenizer:
    """A ``tokenizers`` byte-level BPE with the cl100k pre-tokenizer, trained on ``docs``."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(HF_PATTERN), behavior="isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(docs, trainer)
    return tok


def check_hf_pretokenizer(docs: list[str]) -> None:
    """Stop if ``tokenizers`` would cut ``docs`` into other chunks than :func:`pretokenize`."""
    split = pre_tokenizers.Split(Regex(HF_PATTERN), behavior="isolated")
    for doc in docs:
        if [piece for piece, _ in split.pre_tokenize_str(doc)] != pretokenize(doc):
            raise ValueError("tokenizers' pre-tokenizer cuts a document differently from "
                             "pretokenize(): the comparison would not be fair")


def bench(config: BenchConfig) -> dict:
    """Train with the three trainers; times, agreement and held-out bytes/token."""
    train, held_out = load_split(config.data, config.n_docs, config.corpus_seed, 0.1)
    num_merges = config.vocab_size - 256
    start = time.perf_counter()
    chunks = chunk_counts(train)
    pretok_s = time.perf_counter() - start

    start = time.perf_counter()
    merges = train_incremental(chunks, num_merges)
    incremental_s = time.perf_counter() - start
    ours = BPETokenizer(merges)
    result = {"config": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items()},
              "train_documents": len(train), "train_bytes": sum(len(d.encode()) for d in train),
              "distinct_chunks": len(chunks), "merges": len(merges),
              "pretokenize_s": pretok_s, "incremental_merge_s": incremental_s,
              "incremental_total_s": pretok_s + incremental_s,
              "incremental_bytes_per_token": bytes_per_token(ours.encode_ordinary, held_out)}
    if config.naive:
        start = time.perf_counter()
        naive = train_naive(chunks, num_merges)
        result["naive_merge_s"] = time.perf_counter() - start
        result["naive_total_s"] = pretok_s + result["naive_merge_s"]
        result["naive_identical_merges"] = naive == merges

    check_hf_pretokenizer(train[:50])
    start = time.perf_counter()
    hf = train_hf(train, config.vocab_size)
    result["hf_total_s"] = time.perf_counter() - start
    to_char = bytes_to_unicode()
    ours_tokens = {"".join(to_char[b] for b in ours.vocab[i]) for i in range(256, ours.vocab_size)}
    hf_tokens = set(hf.get_vocab()) - set(to_char.values())
    result["hf_merges"] = len(hf_tokens)
    result["hf_shared_tokens"] = len(ours_tokens & hf_tokens)
    result["hf_bytes_per_token"] = bytes_per_token(lambda t: hf.encode(t).ids, held_out)
    return result


def format_result(r: dict) -> str:
    """The benchmark as a Markdown table."""
    fast, pre = r["incremental_total_s"], r["pretokenize_s"]
    lines = ["| trainer | merges | merge s | total s | total / incremental | held-out bytes/token |",
             "|---|---|---|---|---|---|",
             f"| incremental (this lab) | {r['merges']} | {r['incremental_merge_s']:.2f} | {fast:.2f} "
             f"| 1.00 | {r['incremental_bytes_per_token']:.3f} |"]
    if "naive_total_s" in r:
        same = "identical merges" if r["naive_identical_merges"] else "DIFFERENT MERGES"
        lines.append(f"| naive (recount every merge) | {r['merges']} | {r['naive_merge_s']:.2f} | "
                     f"{r['naive_total_s']:.2f} | {r['naive_total_s'] / fast:.2f} | {same} |")
    lines.append(f"| HF tokenizers ByteLevel BPE | {r['hf_merges']} | n/a | {r['hf_total_s']:.2f} | "
                 f"{r['hf_total_s'] / fast:.2f} | {r['hf_bytes_per_token']:.3f} |")
    lines.append(f"\n(total = merge + {pre:.2f} s of pre-tokenizing and counting for the two Python "
                 "trainers; tokenizers does both itself, in Rust, on every core)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``uv run --package lab05-legal-bpe legal-bpe-bench``."""
    config = parse_config(BenchConfig, argv, prog="legal-bpe-bench", description=(
        "Time the incremental BPE trainer against the naive one and Hugging Face tokenizers on the "
        "same corpus; print a table and write bench.json."))
    try:
        r = bench(config)
    except (FileNotFoundError, ValueError) as exc:
        raise SystemExit(f"legal-bpe-bench: {exc}") from exc
    print(f"{r['train_documents']} documents, {r['train_bytes']:,} bytes, {r['distinct_chunks']:,} "
          f"distinct chunks; vocabulary {config.vocab_size}")
    print(format_result(r))
    print(f"tokens shared with tokenizers' vocabulary: {r['hf_shared_tokens']} of {r['merges']} "
          "(ties are broken differently)")
    config.out.mkdir(parents=True, exist_ok=True)
    path = config.out / "bench.json"
    path.write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")
