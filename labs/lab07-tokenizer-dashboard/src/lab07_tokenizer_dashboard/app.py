"""The dashboard: a Gradio app that shows each tokenizer's counts, costs and coloured tokens.

    uv run --package lab07-tokenizer-dashboard tokenizer-dashboard --port 7860

Everything runs on localhost with no network: Gradio's analytics and version check are off,
the theme uses system fonts (no web fonts), and hub tokenizers are skipped, with one line
saying so, when the Hub cannot be reached.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Before gradio is imported: no analytics, no update check, no telemetry from a local app.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import gradio as gr  # noqa: E402
from llmlab.cli import parse_config  # noqa: E402

from lab07_tokenizer_dashboard.analysis import (  # noqa: E402
    EXAMPLE_TEXT,
    analyse,
    counts_table_html,
)
from lab07_tokenizer_dashboard.costs import (  # noqa: E402
    DEFAULT_PRICES,
    ModelPrice,
    cost_table_markdown,
    load_prices,
)
from lab07_tokenizer_dashboard.registry import NamedTokenizer, default_tokenizers  # noqa: E402


def build_app(tokenizers: Mapping[str, NamedTokenizer],
              prices: list[ModelPrice] | tuple[ModelPrice, ...] = DEFAULT_PRICES,
              text: str = EXAMPLE_TEXT) -> gr.Blocks:
    """The page: a text box and tokenizer choices in; counts, costs and tokens out.

    Typing fires ``analyse`` on every change; it is also served as the HTTP endpoint
    ``/gradio_api/call/analyse`` taking ``[text, [names...]]``.
    """
    names = list(tokenizers)

    def update(text: str, chosen: list[str]) -> tuple[str, str, str]:
        result = analyse(text, chosen, tokenizers, prices)
        return (counts_table_html(result.counts, len(text)),
                cost_table_markdown(result.rows), result.tokens_html)

    with gr.Blocks(title="Tokenizer dashboard", analytics_enabled=False) as demo:
        gr.Markdown("# Tokenizer dashboard\nType text to see how each tokenizer cuts it, "
                    "what it costs per model, and where every token starts and ends.")
        box = gr.Textbox(value=text, label="Text", lines=4, elem_id="text-input")
        chosen = gr.CheckboxGroup(names, value=names, label="Tokenizers", elem_id="tokenizers")
        counts = gr.HTML(elem_id="counts")
        costs = gr.Markdown(elem_id="costs")
        tokens = gr.HTML(elem_id="tokens")
        outputs = [counts, costs, tokens]
        box.change(update, [box, chosen], outputs, api_name="analyse")
        chosen.change(update, [box, chosen], outputs, api_name=False)
        demo.load(update, [box, chosen], outputs, api_name=False)
    return demo


# System fonts only: the page fetches no font files (a GoogleFont theme would need the internet).
THEME = gr.themes.Default(font=["ui-sans-serif", "system-ui", "sans-serif"],
                          font_mono=["ui-monospace", "monospace"])


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860,
           block: bool = False) -> str:
    """Serve ``demo`` on ``host:port`` and return its URL; with ``block=False`` it returns at
    once (stop it with ``demo.close()``)."""
    demo.launch(server_name=host, server_port=port, prevent_thread_lock=not block, quiet=True,
                share=False, inbrowser=False, ssr_mode=False, mcp_server=False,
                show_error=True, theme=THEME)
    return f"http://{host}:{port}/"


@dataclass
class Config:
    host: str = field(default="127.0.0.1", metadata={"help": "interface to serve on "
                                                             "(0.0.0.0 to expose it)"})
    port: int = field(default=7860, metadata={"help": "TCP port to serve on"})
    hub: str = field(default="bert-base-uncased,meta-llama/Meta-Llama-3-8B",
                     metadata={"help": "comma-separated Hugging Face tokenizers (hub ids or "
                               "tokenizer.json paths) to add when the Hub (or the local cache) "
                               "has them; '' for none"})
    vocab_size: int = field(default=512, metadata={"help": "vocabulary of the lab-trained "
                                                           "tokenizers"})
    n_stories: int = field(default=1000, metadata={"help": "stories they are trained on"})
    prices: Path | None = field(default=None, metadata={
        "help": "JSON list of {model, tokenizer, usd_per_1m}; default: the built-in examples"})


def main(argv: list[str] | None = None) -> None:
    config = parse_config(Config, argv, prog="tokenizer-dashboard",
                          description="Serve the tokenizer dashboard on localhost.")
    hub = tuple(name.strip() for name in config.hub.split(",") if name.strip())
    tokenizers = default_tokenizers(hub, config.vocab_size, config.n_stories)
    prices = load_prices(config.prices) if config.prices else DEFAULT_PRICES
    print(f"tokenizers: {', '.join(tokenizers)}")
    print(f"serving on http://{config.host}:{config.port}/ (Ctrl+C to stop)", flush=True)
    launch(build_app(tokenizers, prices), config.host, config.port, block=True)
