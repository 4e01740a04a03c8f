"""``attention-viz``: text in, heatmap PNGs and an interactive HTML page out.

    uv run --package lab15-attention-visualizer attention-viz                  # built-in encoder
    uv run --package lab15-attention-visualizer attention-viz --text "..." --layer 0
    uv run --package lab15-attention-visualizer attention-viz --model bert-base-uncased

Writes to --out: ``tokens_layer<l>.png`` and ``words_layer<l>.png`` (every head of one layer),
``attention.html`` (every layer and head, token and word views) and ``summary.json``. Before
drawing anything it checks the extracted weights against the ones recomputed from the query
and key weights, and prints what each head mostly attends to.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch
import transformers
from llmlab.cli import parse_config
from transformers import PreTrainedModel, PreTrainedTokenizerFast

from lab15_attention_visualizer.attention import encode, extract_attention, recompute_attention
from lab15_attention_visualizer.encoder import EncoderConfig, load_encoder
from lab15_attention_visualizer.heatmap import save_heatmap
from lab15_attention_visualizer.html_view import write_html
from lab15_attention_visualizer.patterns import describe_heads
from lab15_attention_visualizer.words import aggregate_to_words, word_ids

DEFAULT_TEXT = "The little fox wanted to cross the bridge, but it was broken. He waited patiently for his friends."


@dataclass
class VizConfig:
    """Flags of ``attention-viz``."""

    text: str = field(default=DEFAULT_TEXT, metadata={"help": "the text whose attention to show"})
    model: str | None = field(default=None, metadata={
        "help": "Hugging Face id or local folder of a BERT-style encoder (none = the built-in "
                "default, trained on the course stories and cached)"})
    layer: int = field(default=-1, metadata={"help": "layer drawn in the PNGs (-1 = the last)"})
    steps: int = field(default=EncoderConfig().train_steps, metadata={
        "help": "masked-LM training steps of the built-in encoder (0 = random weights)"})
    out: Path = field(default=Path("runs/lab15"), metadata={"help": "output folder"})


def recompute_error(model: PreTrainedModel, tokenizer: PreTrainedTokenizerFast, text: str,
                    attn: torch.Tensor) -> float:
    """Largest |extracted - recomputed| weight over every layer and head."""
    batch = encode(tokenizer, text)
    with torch.no_grad():
        states = model(**batch, output_hidden_states=True).hidden_states
    mask = batch["attention_mask"][0]
    return max(float((recompute_attention(model, layer, states[layer][0], mask) - attn[layer]).abs().max())
               for layer in range(attn.shape[0]))


def main(argv: list[str] | None = None) -> None:
    config = parse_config(VizConfig, argv, prog="attention-viz",
                          description="Show the attention heads of a BERT-style encoder on a text.")
    start = time.perf_counter()
    transformers.utils.logging.disable_progress_bar()  # bars for loading 50 tensors are noise
    try:
        model, tokenizer = load_encoder(config.model, EncoderConfig(train_steps=config.steps))
        encode(tokenizer, config.text, getattr(model.config, "max_position_embeddings", None))
    except (RuntimeError, ValueError) as exc:  # an unavailable model, an empty or too long text
        raise SystemExit(f"attention-viz: {exc}") from None
    accuracy = getattr(model.config, "llmlab_masked_accuracy", None)
    name = config.model or f"built-in encoder ({config.steps} masked-LM steps on the stories)"
    print(f"model: {name}; {model.config.num_hidden_layers} layers x "
          f"{model.config.num_attention_heads} heads, width {model.config.hidden_size}"
          + (f"; held-out masked-token accuracy {accuracy:.1%}" if accuracy is not None else ""))

    tokens, attn = extract_attention(model, tokenizer, config.text)
    words, word_attn = aggregate_to_words(attn, tokens, word_ids(tokenizer, config.text))
    layers = attn.shape[0]
    if not -layers <= config.layer < layers:
        raise SystemExit(f"--layer {config.layer} does not exist: the model has {layers} layers")
    layer = config.layer % layers

    error = recompute_error(model, tokenizer, config.text, attn)
    row_error = float((attn.sum(-1) - 1).abs().max())
    word_row_error = float((word_attn.sum(-1) - 1).abs().max())
    print(f"tokens ({len(tokens)}): {' '.join(tokens)}")
    print(f"words ({len(words)}): {' '.join(words)}")
    print(f"extracted vs recomputed from Q/K weights: max |diff| = {error:.2e}")
    print(f"rows sum to 1: max |sum - 1| = {row_error:.2e} (tokens), {word_row_error:.2e} (words)")
    specials = tuple(t for t in tokenizer.all_special_tokens if t in tokens)
    heads = describe_heads(attn, tokens, specials)
    print("what each head mostly attends to (mean attention per query):")
    for line in heads:
        print("  " + line)

    out = config.out
    title = f"layer {layer}: {config.text[:60]}"
    pngs = [save_heatmap(out / f"tokens_layer{layer}.png", attn[layer], tokens, title),
            save_heatmap(out / f"words_layer{layer}.png", word_attn[layer], words, title)]
    page = write_html(out / "attention.html", {"tokens": (tokens, attn), "words": (words, word_attn)},
                      title=f"Attention heads: {config.text}")
    summary = {"model": name, "text": config.text, "tokens": tokens, "words": words,
               "masked_accuracy": accuracy, "recompute_max_abs_diff": error,
               "row_sum_max_abs_error": row_error, "heads": heads}
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    print(f"wrote {', '.join(str(p) for p in [*pngs, page, out / 'summary.json'])} "
          f"in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
