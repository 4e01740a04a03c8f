"""The ``legal-bpe`` command: train (the default), encode, decode, compare.

    legal-bpe [train] [--vocab-size 1024] [--data FILE] [--out runs/lab05/tokenizer.json]
    legal-bpe encode --input FILE [--tokenizer runs/lab05/tokenizer.json] [--output ids.json]
    legal-bpe decode --input ids.json [--tokenizer ...] [--output FILE]
    legal-bpe compare [--vocab-sizes 512,1024,4096] [--out runs/lab05]
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from llmlab.cli import parse_config, run_subcommand
from llmlab.plotting import save_curves

from lab05_legal_bpe.compare import (
    bytes_per_token,
    compare_vocab_sizes,
    format_rows,
    load_cl100k,
    load_cl100k_ranks,
    train_on_documents,
    truncated_cl100k,
)
from lab05_legal_bpe.data import load_split
from lab05_legal_bpe.tokenizer import BPETokenizer

DEFAULT_TOKENIZER = Path("runs/lab05/tokenizer.json")
EXAMPLE = ('Pursuant to 42 U.S.C. § 1983, the Parties agree that this Agreement shall be governed '
           'by the laws of the State of Delaware.')


@dataclass
class CorpusFlags:
    """Where the documents come from (shared by train and compare)."""

    data: Path | None = field(default=None, metadata={
        "help": "UTF-8 text file, documents separated by blank lines (none = the generated legal corpus)"})
    n_docs: int = field(default=1000, metadata={"help": "legal documents to generate when --data is none"})
    corpus_seed: int = field(default=0, metadata={"help": "seed of the generated legal corpus"})
    held_out: float = field(default=0.1, metadata={"help": "share of the documents held out for bytes/token"})


@dataclass
class TrainConfig(CorpusFlags):
    """Flags of ``legal-bpe train``."""

    vocab_size: int = field(default=1024, metadata={
        "help": "256 bytes + merges + 1 special token (<|endoftext|>)"})
    out: Path = field(default=DEFAULT_TOKENIZER, metadata={"help": "where to save the tokenizer (JSON)"})


@dataclass
class CompareConfig(CorpusFlags):
    """Flags of ``legal-bpe compare``."""

    vocab_sizes: str = field(default="512,1024,4096", metadata={"help": "comma-separated vocabulary sizes"})
    out: Path = field(default=Path("runs/lab05"), metadata={"help": "folder for compare.md and compare.png"})


@dataclass
class CodecConfig:
    """Flags of ``legal-bpe encode`` and ``legal-bpe decode``."""

    input: Path = field(default=Path("-"), metadata={
        "help": "encode: a UTF-8 text file; decode: a JSON list of ids ('-' = standard input)"})
    output: Path | None = field(default=None, metadata={"help": "file to write (none = standard output)"})
    tokenizer: Path = field(default=DEFAULT_TOKENIZER, metadata={"help": "a tokenizer saved by `legal-bpe train`"})
    allow_special: bool = field(default=True, metadata={
        "help": "encode: turn <|endoftext|> in the text into its id (else it is ordinary text)"})


def _read_input(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    if not path.is_file():
        raise FileNotFoundError(f"no input file at {path}")
    return path.read_text(encoding="utf-8")


def _write_output(path: Path | None, text: str) -> None:
    if path is None:
        sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)


def train_main(argv: Sequence[str]) -> None:
    """``legal-bpe train``: train on the corpus, save, report bytes/token against cl100k."""
    config = parse_config(TrainConfig, argv, prog="legal-bpe train", description=(
        "Train the byte-level BPE tokenizer on legal documents, save it as JSON and report "
        "held-out bytes per token against cl100k (GPT-4's encoding) at the same vocabulary size. "
        "Other commands: `legal-bpe encode|decode|compare --help`."))
    train, held_out = load_split(config.data, config.n_docs, config.corpus_seed, config.held_out)
    start = time.perf_counter()
    tok = train_on_documents(train, config.vocab_size)
    seconds = time.perf_counter() - start
    tok.save(config.out)
    n_bytes = sum(len(d.encode("utf-8")) for d in train)
    print(f"trained {tok} on {len(train)} documents ({n_bytes:,} bytes) in {seconds:.2f} s")
    if tok.vocab_size < config.vocab_size:
        print(f"the text ran out of pairs: {tok.vocab_size} ids instead of {config.vocab_size}")
    print(f"saved to {config.out}")
    longest = sorted(range(256, 256 + len(tok.merges)), key=lambda i: -len(tok.vocab[i]))[:8]
    print("longest tokens: " + ", ".join(repr(tok.vocab[i].decode("utf-8", "replace")) for i in longest))
    ranks = load_cl100k_ranks()
    ordinary = 256 + len(tok.merges)
    ours = bytes_per_token(tok.encode_ordinary, held_out)
    equal = bytes_per_token(truncated_cl100k(ordinary, ranks).encode_ordinary, held_out)
    full = bytes_per_token(load_cl100k().encode_ordinary, held_out)
    print(f"held-out bytes/token on {len(held_out)} documents: lab {ours:.3f} | cl100k first "
          f"{ordinary} ranks {equal:.3f} | full cl100k (100,277 ids) {full:.3f}")
    ids = tok.encode(EXAMPLE)
    print(f"example, {len(EXAMPLE.encode('utf-8'))} bytes -> {len(ids)} tokens:")
    print(" | ".join(tok.decode([i]) for i in ids))


def compare_main(argv: Sequence[str]) -> None:
    """``legal-bpe compare``: bytes/token at several vocabulary sizes, table and plot."""
    config = parse_config(CompareConfig, argv, prog="legal-bpe compare", description=(
        "Held-out bytes per token of the lab's tokenizer at several vocabulary sizes against "
        "cl100k truncated to the same size and the full cl100k: compare.md and compare.png."))
    try:
        sizes = [int(s) for s in config.vocab_sizes.split(",") if s.strip()]
    except ValueError as exc:
        raise ValueError(f"--vocab-sizes must be integers separated by commas, got "
                         f"{config.vocab_sizes!r}") from exc
    train, held_out = load_split(config.data, config.n_docs, config.corpus_seed, config.held_out)
    rows = compare_vocab_sizes(train, held_out, sizes, load_cl100k_ranks())
    full = bytes_per_token(load_cl100k().encode_ordinary, held_out)
    table = format_rows(rows, full)
    print(f"held-out bytes/token, {len(train)} training / {len(held_out)} held-out documents")
    print(table)
    config.out.mkdir(parents=True, exist_ok=True)
    (config.out / "compare.md").write_text(table + "\n", encoding="utf-8")
    xs = [r.ordinary + 1 for r in rows]
    plot = save_curves(config.out / "compare.png", {
        "lab BPE (legal)": (xs, [r.lab for r in rows]),
        "cl100k, first V ranks": (xs, [r.cl100k_equal for r in rows]),
        "full cl100k (100k)": (xs, [full] * len(rows)),
    }, title="held-out legal text", xlabel="vocabulary size V", ylabel="bytes per token")
    print(f"wrote {config.out / 'compare.md'} and {plot}")


def encode_main(argv: Sequence[str]) -> None:
    """``legal-bpe encode``: a text file to a JSON list of ids."""
    config = parse_config(CodecConfig, argv, prog="legal-bpe encode",
                          description="Encode a UTF-8 text file into a JSON list of token ids.")
    tok = BPETokenizer.load(config.tokenizer)
    text = _read_input(config.input)
    ids = tok.encode(text, allowed_special="all" if config.allow_special else "none")
    _write_output(config.output, json.dumps(ids))
    print(f"{len(text.encode('utf-8')):,} bytes -> {len(ids):,} tokens "
          f"({len(text.encode('utf-8')) / max(len(ids), 1):.3f} bytes/token)", file=sys.stderr)


def decode_main(argv: Sequence[str]) -> None:
    """``legal-bpe decode``: a JSON list of ids back to text."""
    config = parse_config(CodecConfig, argv, prog="legal-bpe decode",
                          description="Decode a JSON list of token ids (from `legal-bpe encode`) to text.")
    tok = BPETokenizer.load(config.tokenizer)
    try:
        ids = json.loads(_read_input(config.input))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{config.input} is not a JSON list of ids ({exc})") from exc
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        raise ValueError(f"{config.input} must hold a JSON list of integers, like [464, 3363]")
    _write_output(config.output, tok.decode(ids))


COMMANDS = {"train": train_main, "compare": compare_main, "encode": encode_main, "decode": decode_main}


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of ``uv run --package lab05-legal-bpe legal-bpe``."""
    run_subcommand(COMMANDS, argv, prog="legal-bpe", default="train")


if __name__ == "__main__":
    main()
