"""The smoothing comparison: held-out perplexity of each smoothing method at each order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from llmlab.plotting import save_curves
from llmlab.progress import progress

from lab13_char_ngram.data import split_text
from lab13_char_ngram.interpolation import InterpolatedModel, tune_lambdas
from lab13_char_ngram.kneser_ney import KneserNeyModel
from lab13_char_ngram.laplace import LaplaceModel
from lab13_char_ngram.perplexity import perplexity

METHODS = ("laplace", "interpolated", "kneser_ney")


@dataclass(frozen=True)
class ComparisonRow:
    """Held-out perplexity of the three smoothing methods at one order ``n``."""

    order: int
    laplace: float
    interpolated: float
    kneser_ney: float
    lambdas: tuple[float, ...]  # the interpolated model's lam_1..lam_n


def compare_smoothing(train_text: str, held_out: str, max_order: int = 5, k: float = 1.0,
                      discount: float = 0.75, dev_fraction: float = 0.1) -> list[ComparisonRow]:
    """Perplexity on ``held_out`` of add-k, interpolated and Kneser-Ney models, orders 1..max_order.

    The interpolation weights are tuned (:func:`tune_lambdas`) on the last ``dev_fraction`` of
    ``train_text`` with counts from the rest, then every model counts all of ``train_text``:
    ``held_out`` is used for nothing but the final scores.
    """
    if max_order < 1:
        raise ValueError(f"max_order must be >= 1, got {max_order}")
    fit_text, dev_text = split_text(train_text, dev_fraction)
    lambdas = tune_lambdas(fit_text, dev_text, max_order)
    rows = []
    for n in progress(range(1, max_order + 1), total=max_order, desc="orders"):
        rows.append(ComparisonRow(
            order=n,
            laplace=perplexity(LaplaceModel(train_text, n, k), held_out),
            interpolated=perplexity(InterpolatedModel(train_text, n, lambdas[:n]), held_out),
            kneser_ney=perplexity(KneserNeyModel(train_text, n, discount), held_out),
            lambdas=tuple(lambdas[:n]),
        ))
    return rows


def format_table(rows: list[ComparisonRow]) -> str:
    """A Markdown table of the rows, the best perplexity of each order in bold."""
    lines = ["| n | laplace | interpolated | kneser_ney |", "|---|---|---|---|"]
    for row in rows:
        values = [getattr(row, method) for method in METHODS]
        best = min(values)  # ties: every tied method is bold
        cells = [f"**{v:.3f}**" if v == best else f"{v:.3f}" for v in values]
        lines.append(f"| {row.order} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def save_plot(rows: list[ComparisonRow], path: str | Path) -> Path:
    """Held-out perplexity against the order, one line per method, as a PNG."""
    orders = [row.order for row in rows]
    curves = {method: (orders, [getattr(row, method) for row in rows]) for method in METHODS}
    return save_curves(path, curves, title="Held-out perplexity by smoothing method",
                       xlabel="order n", ylabel="perplexity", logy=True)
