"""Token counts and what they cost: one row per (model, tokenizer) pair.

APIs bill per token, so the same text costs more on a model whose tokenizer splits it into more
pieces. ``cost_rows`` puts numbers on that: the text's tokens, characters per token, and the
price of this text and of one million characters of text like it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lab07_tokenizer_dashboard.registry import NamedTokenizer


@dataclass(frozen=True)
class ModelPrice:
    """A model billed ``usd_per_1m`` US dollars per million input tokens of ``tokenizer``."""

    model: str
    tokenizer: str
    usd_per_1m: float


# Example prices to compare tokenizers with, NOT a live price list: gpt-4 (8k) and
# gpt-3.5-turbo-0125 are OpenAI's published input prices; the lab-* rows price hypothetical small
# self-hosted models. Pass `--prices FILE.json` with your provider's numbers.
DEFAULT_PRICES = (
    ModelPrice("gpt-4 (8k)", "cl100k_base", 30.0),
    ModelPrice("gpt-3.5-turbo", "cl100k_base", 0.50),
    ModelPrice("stories-bpe (self-hosted, example)", "lab-bpe", 0.10),
    ModelPrice("stories-wordpiece (self-hosted, example)", "lab-wordpiece", 0.10),
    ModelPrice("stories-unigram (self-hosted, example)", "lab-sentencepiece", 0.10),
)


@dataclass(frozen=True)
class CostRow:
    """One model's bill for one text."""

    model: str
    tokenizer: str
    tokens: int
    chars_per_token: float  # characters of the text per token (0.0 for no tokens)
    usd_per_1m: float  # the model's price per million tokens
    cost_usd: float  # what this text costs: tokens * usd_per_1m / 1e6
    usd_per_1m_chars: float  # what a million characters of such text cost (0.0 for no text)


def count_tokens(tokenizers: Mapping[str, NamedTokenizer], text: str) -> dict[str, int]:
    """``{name: number of tokens of text}`` for every tokenizer, in the mapping's order."""
    # BEGIN SOLUTION
    return {name: len(tok.encode(text).ids) for name, tok in tokenizers.items()}
    # END SOLUTION


def cost_rows(counts: Mapping[str, int], prices: list[ModelPrice] | tuple[ModelPrice, ...],
              n_chars: int) -> list[CostRow]:
    """One :class:`CostRow` per price whose tokenizer is in ``counts``, in ``prices`` order.

    ``n_chars`` is the text's length in characters. Prices of tokenizers not counted are left
    out. Raises ValueError for a negative count or price.
    """
    # BEGIN SOLUTION
    rows = []
    for price in prices:
        if price.tokenizer not in counts:
            continue
        tokens = counts[price.tokenizer]
        if tokens < 0 or price.usd_per_1m < 0:
            raise ValueError(f"{price.model}: counts and prices must be >= 0, got {tokens} tokens "
                             f"at {price.usd_per_1m} USD per 1M")
        rows.append(CostRow(
            model=price.model, tokenizer=price.tokenizer, tokens=tokens,
            chars_per_token=n_chars / tokens if tokens else 0.0,
            usd_per_1m=price.usd_per_1m, cost_usd=tokens * price.usd_per_1m / 1e6,
            usd_per_1m_chars=price.usd_per_1m * tokens / n_chars if n_chars else 0.0))
    return rows
    # END SOLUTION


def cost_table_markdown(rows: list[CostRow]) -> str:
    """The rows as a Markdown table."""
    lines = ["| model | tokenizer | tokens | chars/token | USD per 1M tokens | this text, USD "
             "| USD per 1M chars |", "|---|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {r.model} | {r.tokenizer} | {r.tokens} | {r.chars_per_token:.2f} | "
              f"{r.usd_per_1m:.2f} | {r.cost_usd:.6f} | {r.usd_per_1m_chars:.2f} |" for r in rows]
    return "\n".join(lines)


def load_prices(path: str | Path) -> list[ModelPrice]:
    """Prices from a JSON list of ``{"model", "tokenizer", "usd_per_1m"}`` objects."""
    try:
        entries = json.loads(Path(path).read_text())
        return [ModelPrice(e["model"], e["tokenizer"], float(e["usd_per_1m"])) for e in entries]
    except (KeyError, TypeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: expected a JSON list of objects with keys model, tokenizer and "
                         f"usd_per_1m ({exc})") from exc
