"""The fertility report: unigram vs BPE, per language and vocabulary size, on held-out text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from llmlab.plotting import save_curves
from llmlab.progress import progress

from lab06_medical_sentencepiece.byte_fallback import byte_fallback_rate
from lab06_medical_sentencepiece.metrics import tokens_per_word, unk_rate
from lab06_medical_sentencepiece.training import MODEL_TYPES, load, train_tokenizer


def fertility_report(train: Mapping[str, Sequence[str]], held_out: Mapping[str, Sequence[str]],
                     vocab_sizes: Sequence[int], out_dir: str | Path,
                     user_symbols: Mapping[str, Sequence[str]] | None = None,
                     model_types: Sequence[str] = MODEL_TYPES) -> dict:
    """Train one model per training language, model type and vocabulary size, and score each
    on every held-out language.

    ``train`` and ``held_out`` map a language ("en", "de") to its texts; ``user_symbols`` maps
    a language to the symbols its models declare (none when missing). Each model is trained
    with :func:`train_tokenizer` to the prefix ``out_dir / f"{lang}-{model_type}-{vocab_size}"``.
    Returns ``{"rows": [...]}``, one row per model, looping over ``train``'s languages, then
    ``model_types``, then ``vocab_sizes``::

        {"lang": "de", "model_type": "bpe", "vocab_size": 600, "model": "<the .model path>",
         "eval": {"en": {"tokens_per_word": ..., "unk_rate": ..., "byte_fallback_rate": ...},
                  "de": {...}}}   # one entry per language of held_out, in its order
    """
    # BEGIN SOLUTION
    user_symbols = user_symbols or {}
    jobs = [(lang, model_type, vocab_size) for lang in train for model_type in model_types
            for vocab_size in vocab_sizes]
    rows = []
    for lang, model_type, vocab_size in progress(jobs, desc="models"):
        path = train_tokenizer(train[lang], model_type, vocab_size, user_symbols.get(lang, ()),
                               Path(out_dir) / f"{lang}-{model_type}-{vocab_size}")
        sp = load(path)
        scores = {eval_lang: {"tokens_per_word": tokens_per_word(sp, texts),
                              "unk_rate": unk_rate(sp, texts),
                              "byte_fallback_rate": byte_fallback_rate(sp, texts)}
                  for eval_lang, texts in held_out.items()}
        rows.append({"lang": lang, "model_type": model_type, "vocab_size": vocab_size,
                     "model": str(path), "eval": scores})
    return {"rows": rows}
    # END SOLUTION


def format_report(report: dict) -> str:
    """A Markdown table of the report: one line per model, one column per metric and language."""
    rows = report["rows"]
    langs = list(rows[0]["eval"]) if rows else []
    metrics = (("tokens_per_word", "tokens/word", "{:.3f}"), ("unk_rate", "unk", "{:.2%}"),
               ("byte_fallback_rate", "bytes", "{:.2%}"))
    header = ["trained on", "model", "vocab"] + [f"{name} {lang}" for _, name, _ in metrics for lang in langs]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells = [row["lang"], row["model_type"], str(row["vocab_size"])]
        cells += [fmt.format(row["eval"][lang][key]) for key, _, fmt in metrics for lang in langs]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plot_report(report: dict, path: str | Path) -> Path:
    """Held-out tokens per word against vocabulary size, one line per (language, model type),
    each model scored on its own language; saved as a PNG."""
    curves: dict[str, tuple[list[int], list[float]]] = {}
    for row in report["rows"]:
        if row["lang"] not in row["eval"]:
            continue
        xs, ys = curves.setdefault(f"{row['lang']} {row['model_type']}", ([], []))
        xs.append(row["vocab_size"])
        ys.append(row["eval"][row["lang"]]["tokens_per_word"])
    return save_curves(path, curves, title="Fertility on held-out abstracts (own language)",
                       xlabel="vocabulary size (pieces)", ylabel="tokens per word")
