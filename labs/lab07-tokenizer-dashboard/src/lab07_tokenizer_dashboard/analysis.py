"""What the dashboard shows for one text, as plain data and HTML: no web framework here, so
``tokenizer-report`` and the tests use it without starting Gradio."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

from lab07_tokenizer_dashboard.costs import DEFAULT_PRICES, CostRow, ModelPrice, cost_rows
from lab07_tokenizer_dashboard.registry import NamedTokenizer
from lab07_tokenizer_dashboard.render import spans_html

EXAMPLE_TEXT = "Once upon a time, a tiny bird named Zoë found a café by the lake 🙂."


@dataclass(frozen=True)
class Analysis:
    """Everything the page shows for one text."""

    counts: dict[str, int]  # tokens per tokenizer, in the order asked for
    rows: list[CostRow]  # cost_rows(counts, prices, len(text))
    tokens_html: str  # per tokenizer: a heading "<h4>{name}: {n} tokens</h4>" then spans_html


def counts_table_html(counts: Mapping[str, int], n_chars: int) -> str:
    """The counts as an HTML table; each count cell carries ``data-tokenizer`` and
    ``data-count`` so tests (and a browser) can read them back."""
    rows = "".join(
        f'<tr><td>{html.escape(name)}</td><td class="count" data-tokenizer="{html.escape(name)}" '
        f'data-count="{n}">{n}</td><td>{n_chars / n if n else 0:.2f}</td></tr>'
        for name, n in counts.items())
    return ('<table class="counts"><thead><tr><th>tokenizer</th><th>tokens</th>'
            f"<th>chars/token</th></tr></thead><tbody>{rows}</tbody></table>")


def analyse(text: str, names: list[str], tokenizers: Mapping[str, NamedTokenizer],
            prices: list[ModelPrice] | tuple[ModelPrice, ...] = DEFAULT_PRICES) -> Analysis:
    """Encode ``text`` once with each tokenizer named in ``names`` (in that order).

    Raises ValueError listing the available names when a name is unknown.
    """
    # BEGIN SOLUTION
    unknown = [n for n in names if n not in tokenizers]
    if unknown:
        raise ValueError(f"unknown tokenizer(s) {unknown}; available: {', '.join(tokenizers)}")
    counts, sections = {}, []
    for name in names:
        found = tokenizers[name].encode(text)
        counts[name] = len(found.ids)
        sections.append(f"<h4>{html.escape(name)}: {len(found.ids)} tokens</h4>"
                        + spans_html(text, found.spans, found.ids))
    return Analysis(counts, cost_rows(counts, prices, len(text)), "".join(sections))
    # END SOLUTION
