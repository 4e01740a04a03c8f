"""The ``medical-spm`` command: train unigram and BPE tokenizers for English and German, print
the fertility report, and show what user-defined symbols and byte fallback change.

    medical-spm [--n-train 2000] [--vocab-sizes 400,500,600] [--data-en FILE] [--out runs/lab06]
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from llmlab.cli import parse_config
from llmlab.corpora.medical import medical_terms

from lab06_medical_sentencepiece.byte_fallback import unseen_characters
from lab06_medical_sentencepiece.data import LANGS, abstract_lines, default_symbols, read_lines
from lab06_medical_sentencepiece.metrics import tokens_per_word, unk_rate
from lab06_medical_sentencepiece.report import fertility_report, format_report, plot_report
from lab06_medical_sentencepiece.symbols import split_symbols, symbol_pieces
from lab06_medical_sentencepiece.training import load, train_tokenizer

# Emoji, a snowman and a Greek capital the medical grammar never writes, next to English text.
PROBE = "Nausea 😷 was rare (Übelkeit ☃, Ω-3)."
SHOWN_SYMBOLS = ("mg/dL", "µmol/L", "kg/m²", "mmHg", "TNF-α", "≥")
LONG_TERM = {"en": "cardiovascular disease", "de": "Herzkreislauferkrankung"}
BYTE_PIECES = 256  # <0x00> ... <0xFF>, part of the vocabulary of a byte-fallback model


@dataclass
class Config:
    """Flags of ``medical-spm``."""

    n_train: int = field(default=2000, metadata={
        "help": "generated abstracts per language to train on (seed 0)"})
    n_held_out: int = field(default=200, metadata={
        "help": "generated abstracts per language to score (seed 1: never seen in training)"})
    data_en: Path | None = field(default=None, metadata={
        "help": "English UTF-8 text file to use instead of generated abstracts; its last "
                "--val-fraction of lines are held out"})
    data_de: Path | None = field(default=None, metadata={"help": "the same for German"})
    val_fraction: float = field(default=0.1, metadata={
        "help": "share of a --data-* file's lines held out for scoring"})
    vocab_sizes: str = field(default="400,500,600", metadata={
        "help": "comma-separated vocabulary sizes to train (exact sizes: too large a size for the "
                "corpus stops with the largest one possible)"})
    symbols: str = field(default="medical", metadata={
        "help": "user-defined symbols: 'medical' declares default_symbols(lang) (every unit and "
                "sign of the grammar, and their non-ASCII characters), 'none' declares nothing",
        "choices": ("medical", "none")})
    out: Path = field(default=Path("runs/lab06"), metadata={
        "help": "folder for the models, report.json, report.md and fertility.png"})


def parse_sizes(text: str) -> list[int]:
    """``"400,500,600"`` -> ``[400, 500, 600]``, with an error that says what is wrong."""
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise ValueError(f"--vocab-sizes must be comma-separated integers, got {text!r}") from exc
    if not sizes or min(sizes) < 1:
        raise ValueError(f"--vocab-sizes needs at least one positive size, got {text!r}")
    return sizes


def load_corpus(config: Config) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Training and held-out lines per language, generated or read from --data-* files."""
    train, held_out = {}, {}
    for lang in LANGS:
        path = getattr(config, f"data_{lang}")
        if path is None:
            train[lang] = abstract_lines(config.n_train, lang, seed=0)
            held_out[lang] = abstract_lines(config.n_held_out, lang, seed=1)
            continue
        lines = read_lines(path)
        cut = int(len(lines) * (1.0 - config.val_fraction))
        if not 0 < cut < len(lines):
            raise ValueError(f"{path}: {len(lines)} lines are too few to hold out "
                             f"--val-fraction {config.val_fraction}: use a longer file")
        train[lang], held_out[lang] = lines[:cut], lines[cut:]
    return train, held_out


def symbols_demo(train: dict[str, list[str]], symbols: dict[str, list[str]], vocab_size: int,
                 out: Path) -> dict:
    """Which declared symbols a unigram model keeps whole, with and without declaring them."""
    result = {}
    for lang, texts in train.items():
        if not symbols[lang]:
            continue
        without = load(train_tokenizer(texts, "unigram", vocab_size, [],
                                       out / f"{lang}-unigram-{vocab_size}-no-symbols"))
        with_ = load(out / f"{lang}-unigram-{vocab_size}.model")
        result[lang] = {
            "declared": len(symbols[lang]),
            "split_with_symbols": split_symbols(with_, symbols[lang]),
            "split_without_symbols": split_symbols(without, symbols[lang]),
            "pieces_without_symbols": {s: symbol_pieces(without, s) for s in SHOWN_SYMBOLS
                                       if s in symbols[lang]},
        }
    return result


def byte_fallback_demo(train: dict[str, list[str]], held_out: dict[str, list[str]],
                       symbols: dict[str, list[str]], vocab_size: int, out: Path) -> dict:
    """The English unigram model on an unseen probe and on German text, with and without bytes.

    The model without byte fallback gets 256 fewer pieces: the same learned pieces, no bytes.
    """
    with_bytes = load(out / f"en-unigram-{vocab_size}.model")
    without = load(train_tokenizer(train["en"], "unigram", vocab_size - BYTE_PIECES, symbols["en"],
                                   out / f"en-unigram-{vocab_size - BYTE_PIECES}-no-bytes",
                                   byte_fallback=False))
    german = held_out.get("de", [])
    return {
        "probe": PROBE,
        "unseen_characters": unseen_characters(with_bytes, PROBE),
        "pieces": with_bytes.encode(PROBE, out_type=str),
        "decodes_exactly": with_bytes.decode(with_bytes.encode(PROBE)) == PROBE,
        "pieces_without_bytes": without.encode(PROBE, out_type=str),
        "decoded_without_bytes": without.decode(without.encode(PROBE)),
        "unk_rate_on_de": {"byte_fallback": unk_rate(with_bytes, german) if german else None,
                           "no_byte_fallback": unk_rate(without, german) if german else None},
    }


def terms_demo(report: dict, vocab_size: int) -> dict:
    """Tokens per word of each language's medical terms (English multiword terms, German
    compounds) under its own models of ``vocab_size`` pieces, and how one long term splits."""
    result: dict = {}
    for row in report["rows"]:
        if row["vocab_size"] != vocab_size:
            continue
        sp, lang = load(row["model"]), row["lang"]
        terms = medical_terms(lang)  # type: ignore[arg-type]
        example = LONG_TERM[lang]
        result.setdefault(lang, {})[row["model_type"]] = {
            "tokens_per_word": tokens_per_word(sp, terms),
            "example": {example: sp.encode(example, out_type=str)},
        }
    return result


def run(config: Config) -> dict:
    """Everything ``medical-spm`` does; returns the report written to report.json."""
    start = time.perf_counter()
    sizes = parse_sizes(config.vocab_sizes)
    train, held_out = load_corpus(config)
    symbols = {lang: default_symbols(lang) if config.symbols == "medical" else [] for lang in LANGS}
    for lang in LANGS:
        words = sum(len(line.split()) for line in held_out[lang])
        print(f"{lang}: {len(train[lang]):,} training lines, {len(held_out[lang]):,} held-out "
              f"lines ({words:,} words), {len(symbols[lang])} user-defined symbols")
    report = fertility_report(train, held_out, sizes, config.out / "models", symbols)
    print("\nheld-out fertility (tokens per whitespace word), unk and byte-piece rates:")
    print(format_report(report))

    largest = max(sizes)
    report["terms"] = terms_demo(report, largest)
    print(f"\nmedical terms (vocabulary {largest}), tokens per word:")
    for lang, models in report["terms"].items():
        for model_type, found in models.items():
            (term, pieces), = found["example"].items()
            print(f"  {lang} {model_type:8s} {found['tokens_per_word']:.3f}   {term} -> {' '.join(pieces)}")
    report["symbols"] = symbols_demo(train, symbols, largest, config.out / "models")
    for lang, found in report["symbols"].items():
        shown = ", ".join(f"{s} -> {' '.join(p)}" for s, p in found["pieces_without_symbols"].items())
        print(f"\n{lang} symbols split (unigram {largest}): {len(found['split_with_symbols'])} of "
              f"{found['declared']} when declared, {len(found['split_without_symbols'])} of "
              f"{found['declared']} when not; undeclared: {shown}")
    demo = byte_fallback_demo(train, held_out, symbols, largest, config.out / "models")
    report["byte_fallback"] = demo
    print(f"\nbyte fallback (English unigram {largest}) on {PROBE!r}:")
    print(f"  unseen characters {demo['unseen_characters']}, decodes exactly: {demo['decodes_exactly']}")
    print(f"  pieces: {' '.join(demo['pieces'])}")
    print(f"  without byte fallback ({largest - BYTE_PIECES} pieces, ⁇ = <unk>): "
          f"{' '.join(demo['pieces_without_bytes'])} -> {demo['decoded_without_bytes']!r}")
    rates = demo["unk_rate_on_de"]
    if rates["byte_fallback"] is not None:
        print(f"  unk rate on German held-out: {rates['byte_fallback']:.2%} with byte fallback, "
              f"{rates['no_byte_fallback']:.2%} without")

    report["settings"] = {**asdict(config), "vocab_sizes": sizes, "data_en": str(config.data_en),
                          "data_de": str(config.data_de), "out": str(config.out)}
    config.out.mkdir(parents=True, exist_ok=True)
    (config.out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
    (config.out / "report.md").write_text(format_report(report) + "\n", encoding="utf-8")
    plot = plot_report(report, config.out / "fertility.png")
    print(f"\nwrote {config.out / 'report.json'}, {config.out / 'report.md'} and {plot} "
          f"in {time.perf_counter() - start:.1f} s")
    return report


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of ``uv run --package lab06-medical-sentencepiece medical-spm``."""
    config = parse_config(Config, argv, prog="medical-spm", description=(
        "Train SentencePiece unigram and BPE tokenizers on English and German medical abstracts "
        "(byte fallback, medical user-defined symbols, deterministic options), report held-out "
        "tokens per word and unk rate per language, and plot fertility against vocabulary size."))
    try:
        run(config)
    except (FileNotFoundError, ValueError) as exc:
        raise SystemExit(f"medical-spm: {exc}") from exc
    except RuntimeError as exc:  # SentencePiece's own errors, e.g. a vocabulary too large
        raise SystemExit(f"medical-spm: sentencepiece: {exc}") from exc


if __name__ == "__main__":
    main(sys.argv[1:])
