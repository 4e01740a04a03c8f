"""load-generator: drive an OpenAI-compatible endpoint at several concurrencies and report
TTFT, inter-token latency and tokens/s.

    uv run --package lab42-vllm-throughput load-generator                   # a local server, offline
    uv run --package lab42-vllm-throughput load-generator --base-url http://127.0.0.1:8000/v1
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx
from llmlab.cli import parse_config
from llmlab.paths import runs_dir

from lab42_vllm_throughput.loadgen import run_load
from lab42_vllm_throughput.prompts import story_prompts


@dataclass
class LoadConfig:
    base_url: str | None = field(default=None, metadata={
        "help": "an OpenAI-compatible base URL (vLLM: http://127.0.0.1:8000/v1); default: start "
                "llmlab's server on this machine with --backend"})
    backend: str = field(default="hf", metadata={
        "help": "model behind the local server: hf (a real causal LM, one generation at a time) "
                "or scripted (a fake that streams a fixed reply with --scripted-delay between "
                "words)", "choices": ["hf", "scripted"]})
    model: str | None = field(default=None, metadata={
        "help": "local hf backend: Hugging Face id or folder (default: zoo stories-lm-small); "
                "remote: the served model name (default: the first of GET /v1/models)"})
    endpoint: str = field(default="completions", metadata={
        "help": "completions (/v1/completions) or chat (/v1/chat/completions)",
        "choices": ["completions", "chat"]})
    concurrency: str = field(default="1,4", metadata={
        "help": "comma-separated numbers of requests in flight at once; one run each"})
    num_requests: int = field(default=16, metadata={"help": "requests per run"})
    max_tokens: int = field(default=32, metadata={"help": "max_tokens of each request"})
    temperature: float = field(default=0.0, metadata={"help": "sampling temperature (0: greedy)"})
    ignore_eos: bool = field(default=False, metadata={
        "help": "send vLLM's ignore_eos so every reply is max_tokens long (vLLM only)"})
    api_key: str | None = field(default=None, metadata={"help": "sent as Authorization: Bearer"})
    scripted_delay: float = field(default=0.02, metadata={
        "help": "scripted backend: seconds between streamed words"})
    out: Path | None = field(default=None, metadata={"help": "output folder; default runs/lab42"})


@contextlib.contextmanager
def local_server(config: LoadConfig) -> Iterator[tuple[str, str]]:
    """llmlab's OpenAI-compatible server in a thread; yields (base URL, model name)."""
    from llmlab.llm import HFBackend, ScriptedBackend, running_server

    if config.backend == "scripted":
        reply = "Once upon a time there was a little robot who wanted to learn to fly. " * 2
        backend = ScriptedBackend([reply.strip()], delay=config.scripted_delay)
    else:
        from llmlab.zoo import resolve_model

        backend = HFBackend(resolve_model(config.model, fallback="stories-lm-small"), device="cpu")
    with running_server(backend) as base_url:
        yield base_url, backend.name


def first_model(base_url: str, api_key: str | None) -> str:
    """The first model a server lists at ``GET /v1/models``."""
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    response = httpx.get(base_url.rstrip("/") + "/models", headers=headers, timeout=30)
    response.raise_for_status()
    return response.json()["data"][0]["id"]


def _ms(seconds: float) -> str:
    return "-" if math.isnan(seconds) else f"{seconds * 1000:.0f}"


def table(summaries: list[dict[str, float]]) -> str:
    lines = ["| concurrency | ok/sent | output tokens/s | requests/s | TTFT p50 / p95 ms | "
             "ITL p50 / p95 ms | e2e p50 / p95 ms |", "|---|---|---|---|---|---|---|"]
    for s in summaries:
        lines.append(
            f"| {s['concurrency']:.0f} | {s['completed']:.0f}/{s['requests']:.0f} | "
            f"{s['output_tokens_per_s']:.1f} | {s['requests_per_s']:.2f} | "
            f"{_ms(s['ttft_p50_s'])} / {_ms(s['ttft_p95_s'])} | {_ms(s['itl_p50_s'])} / "
            f"{_ms(s['itl_p95_s'])} | {_ms(s['e2e_p50_s'])} / {_ms(s['e2e_p95_s'])} |")
    return "\n".join(lines)


def sweep(config: LoadConfig, base_url: str, model: str) -> list[dict[str, float]]:
    prompts = story_prompts(config.num_requests)
    extra = {"ignore_eos": True} if config.ignore_eos else None
    summaries = []
    for concurrency in [int(x) for x in config.concurrency.split(",") if x.strip()]:
        result = asyncio.run(run_load(base_url, prompts, concurrency=concurrency,
                                      endpoint=config.endpoint, model=model,
                                      max_tokens=config.max_tokens,
                                      temperature=config.temperature, api_key=config.api_key,
                                      extra=extra))
        summaries.append(result.summary())
        failed = [t.error for t in result.traces if not t.ok]
        if failed:
            print(f"concurrency {concurrency}: {len(failed)} requests failed, first: {failed[0]}")
    return summaries


def run(config: LoadConfig) -> list[dict[str, float]]:
    """Run the sweep, print the table, write ``load.json``; the summaries, one per concurrency."""
    if config.base_url:
        try:
            model = config.model or first_model(config.base_url, config.api_key)
        except httpx.HTTPError as exc:
            raise SystemExit(f"load-generator: cannot list the models at {config.base_url} "
                             f"({type(exc).__name__}: {exc}); is the server up? Or pass --model"
                             ) from exc
        print(f"target {config.base_url} model {model!r}")
        summaries = sweep(config, config.base_url, model)
    else:
        with local_server(config) as (base_url, model):
            print(f"started llmlab's server at {base_url} with the {config.backend} backend "
                  f"({model})")
            summaries = sweep(config, base_url, model)
    print(table(summaries))
    out = config.out or runs_dir("lab42")
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(
        {"config": {k: str(v) for k, v in asdict(config).items()}, "runs": summaries}, indent=2))
    print(f"wrote {out / 'load.json'}")
    return summaries


def main(argv: list[str] | None = None) -> None:
    run(parse_config(LoadConfig, argv, prog="load-generator", description=(
        "Send streamed requests to an OpenAI-compatible server with N in flight at once and "
        "report time to first token, inter-token latency, tokens/s and their percentiles.")))


if __name__ == "__main__":
    main()
