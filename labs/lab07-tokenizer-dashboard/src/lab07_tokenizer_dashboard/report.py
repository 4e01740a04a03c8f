"""``tokenizer-report``: the dashboard's numbers for one text, on the command line.

Prints the counts and cost table and writes the coloured tokens to an HTML page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from llmlab.cli import parse_config
from llmlab.paths import runs_dir

from lab07_tokenizer_dashboard.analysis import EXAMPLE_TEXT, analyse
from lab07_tokenizer_dashboard.costs import DEFAULT_PRICES, cost_table_markdown, load_prices
from lab07_tokenizer_dashboard.registry import default_tokenizers


@dataclass
class Config:
    text: str = field(default=EXAMPLE_TEXT, metadata={"help": "the text to tokenize"})
    file: Path | None = field(default=None, metadata={"help": "read the text from this file "
                                                              "instead of --text"})
    hub: str = field(default="", metadata={"help": "comma-separated Hugging Face tokenizers "
                                                   "(hub ids or tokenizer.json paths) to add "
                                                   "when reachable"})
    vocab_size: int = field(default=512, metadata={"help": "vocabulary of the lab-trained "
                                                           "tokenizers"})
    n_stories: int = field(default=1000, metadata={"help": "stories they are trained on"})
    prices: Path | None = field(default=None, metadata={
        "help": "JSON list of {model, tokenizer, usd_per_1m}; default: the built-in examples"})
    out: Path | None = field(default=None, metadata={"help": "HTML page to write (default "
                                                             "runs/lab07/tokens.html)"})


def main(argv: list[str] | None = None) -> None:
    config = parse_config(Config, argv, prog="tokenizer-report",
                          description="Token counts, costs and coloured tokens for one text.")
    if config.file is not None and not config.file.is_file():
        raise SystemExit(f"tokenizer-report: no file at {config.file}")
    text = config.file.read_text(encoding="utf-8") if config.file else config.text
    hub = tuple(name.strip() for name in config.hub.split(",") if name.strip())
    tokenizers = default_tokenizers(hub, config.vocab_size, config.n_stories)
    prices = load_prices(config.prices) if config.prices else DEFAULT_PRICES
    result = analyse(text, list(tokenizers), tokenizers, prices)
    print(f"{len(text)} characters, {len(text.encode('utf-8'))} UTF-8 bytes")
    print("| tokenizer | tokens | chars/token |\n|---|---:|---:|")
    for name, n in result.counts.items():
        print(f"| {name} | {n} | {len(text) / n if n else 0:.2f} |")
    print()
    print(cost_table_markdown(result.rows))
    out = config.out or runs_dir("lab07") / "tokens.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"<!doctype html><meta charset='utf-8'><title>tokens</title>"
                   f"{result.tokens_html}", encoding="utf-8")
    print(f"\ncoloured tokens: {out}")
