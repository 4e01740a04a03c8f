"""``stream-loadtest``: time to first token, inter-token latency and throughput under load.

    stream-loadtest                                  # serves the zoo model in-process, 1/4/16 clients
    stream-loadtest --url http://127.0.0.1:8044      # against a running stream-server
    stream-loadtest --scripted --concurrency 1,4    # the test double: measures the harness itself

Each of ``c`` concurrent clients sends ``--requests-per-client`` streamed ``POST /generate``
requests one after another (prompts are story openings from ``llmlab.corpora``); every token
event's arrival is timed with ``time.perf_counter``. Prints a table, writes ``loadtest.json`` and
``loadtest.png`` (p50/p95 TTFT against concurrency) under ``--out-dir``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
from llmlab.cli import parse_config
from llmlab.corpora import stories_text
from llmlab.llm import running_server

from lab44_fastapi_streaming.metrics import LoadSummary, StreamTiming, summarize
from lab44_fastapi_streaming.sse import parse_sse


@dataclass
class LoadConfig:
    """Flags of ``stream-loadtest``."""

    url: str | None = field(default=None, metadata={
        "help": "root URL of a running stream-server (http://host:port); default: serve one in this process"})
    model: str | None = field(default=None, metadata={
        "help": "model to serve when no --url: a hub id or folder (default: the zoo's stories-lm-small)"})
    scripted: bool = field(default=False, metadata={
        "help": "serve the GatedBackend test double (--delay s per token) instead of a model"})
    delay: float = field(default=0.01, metadata={"help": "seconds per token of the --scripted double"})
    concurrency: str = field(default="1,4,16", metadata={"help": "comma-separated concurrent client counts"})
    requests_per_client: int = field(default=3, metadata={"help": "requests each client sends, one at a time"})
    max_tokens: int = field(default=32, metadata={"help": "new tokens per request"})
    temperature: float = field(default=0.8, metadata={"help": "sampling temperature (0 = greedy)"})
    seed: int = field(default=0, metadata={"help": "seed of the prompts and of each request's sampling"})
    timeout: float = field(default=120.0, metadata={"help": "seconds one request may take"})
    out_dir: Path = field(default=Path("runs/lab44"), metadata={"help": "where loadtest.json/png go"})


def story_prompts(n: int, seed: int = 0, words: int = 8) -> list[str]:
    """``n`` prompts: the first ``words`` words of ``n`` stories from the course corpus."""
    stories = [s for s in stories_text(n, seed).split("\n\n") if s.strip()]
    return [" ".join(s.split()[:words]) for s in stories[:n]]


async def timed_stream(client: httpx.AsyncClient, root: str, body: dict[str, Any]) -> StreamTiming:
    """Send one ``POST /generate`` and time its events (a failure is recorded, not raised)."""
    timing = StreamTiming(sent=time.perf_counter())
    try:
        async with client.stream("POST", f"{root}/generate", json=body) as response:
            if response.status_code != 200:
                await response.aread()
                timing.error = f"HTTP {response.status_code}: {response.text[:200]}"
                return timing
            block: list[str] = []
            async for line in response.aiter_lines():
                if line:
                    block.append(line)
                    continue
                for event in parse_sse(block):
                    if event.event == "token":
                        timing.token_times.append(time.perf_counter())
                    elif event.event == "done":
                        timing.completion_tokens = event.json()["usage"]["completion_tokens"]
                    elif event.event == "error":
                        timing.error = event.json().get("message", event.data)
                block = []
    except httpx.HTTPError as exc:
        timing.error = f"{type(exc).__name__}: {exc}"
    return timing


async def run_level(root: str, concurrency: int, prompts: Sequence[str], config: LoadConfig) -> LoadSummary:
    """``concurrency`` clients, each sending ``requests_per_client`` requests in turn."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def client_loop(client: httpx.AsyncClient, index: int) -> list[StreamTiming]:
        timings = []
        for k in range(config.requests_per_client):
            n = index * config.requests_per_client + k
            body = {"prompt": prompts[n % len(prompts)], "max_tokens": config.max_tokens,
                    "temperature": config.temperature, "seed": config.seed + n}
            timings.append(await timed_stream(client, root, body))
        return timings

    async with httpx.AsyncClient(timeout=config.timeout, limits=limits, trust_env=False) as client:
        start = time.perf_counter()
        results = await asyncio.gather(*(client_loop(client, i) for i in range(concurrency)))
        wall = time.perf_counter() - start
    return summarize([t for r in results for t in r], concurrency=concurrency, wall_s=wall)


def run_load(root: str, levels: Sequence[int], config: LoadConfig) -> list[LoadSummary]:
    """Every level in turn, after one warm-up request (the first call pays for lazy set-up)."""
    prompts = story_prompts(max(levels) * config.requests_per_client, config.seed)
    asyncio.run(run_level(root, 1, prompts[:1], LoadConfig(**{**asdict(config), "requests_per_client": 1})))
    return [asyncio.run(run_level(root, c, prompts, config)) for c in levels]


def format_table(rows: Sequence[LoadSummary]) -> str:
    """A plain-text table, one row per concurrency level."""
    header = ("clients", "requests", "errors", "TTFT p50 ms", "TTFT p95 ms", "ITL p50 ms", "ITL p95 ms", "tokens/s")
    lines = [" | ".join(header)]
    for r in rows:
        cells = (r.concurrency, r.requests, r.errors, f"{r.ttft_p50_ms:.1f}", f"{r.ttft_p95_ms:.1f}",
                 f"{r.itl_p50_ms:.1f}", f"{r.itl_p95_ms:.1f}", f"{r.tokens_per_s:.1f}")
        lines.append(" | ".join(str(c).rjust(len(h)) for c, h in zip(cells, header, strict=True)))
    return "\n".join(lines)


def save_results(rows: Sequence[LoadSummary], out_dir: Path, meta: dict[str, Any]) -> tuple[Path, Path]:
    """``loadtest.json`` (the rows and how they were made) and ``loadtest.png`` (TTFT vs clients)."""
    from llmlab.plotting import save_curves

    out_dir.mkdir(parents=True, exist_ok=True)
    data = out_dir / "loadtest.json"
    data.write_text(json.dumps({"meta": meta, "levels": [asdict(r) for r in rows]}, indent=2) + "\n")
    xs = [r.concurrency for r in rows]
    plot = save_curves(out_dir / "loadtest.png", {
        "TTFT p50": (xs, [r.ttft_p50_ms for r in rows]),
        "TTFT p95": (xs, [r.ttft_p95_ms for r in rows]),
        "ITL p95": (xs, [r.itl_p95_ms for r in rows]),
    }, title=f"stream-loadtest: {meta['model']}", xlabel="concurrent clients", ylabel="milliseconds")
    return data, plot


@contextlib.contextmanager
def target(config: LoadConfig) -> Iterator[tuple[str, str]]:
    """The root URL to load and the model's name: ``--url``, or a server started here."""
    if config.url:
        yield config.url.rstrip("/").removesuffix("/v1"), "remote"
        return
    from lab44_fastapi_streaming.app import create_stream_app, default_backend
    from lab44_fastapi_streaming.doubles import GatedBackend

    backend = (GatedBackend(tokens=10_000, delay=config.delay) if config.scripted
               else default_backend(config.model))
    with running_server(create_stream_app(backend)) as base:
        yield base.removesuffix("/v1"), backend.name


def main(argv: Sequence[str] | None = None) -> None:
    config = parse_config(LoadConfig, argv, description="Time to first token, inter-token latency and throughput under load.", prog="stream-loadtest")
    try:
        levels = [int(c) for c in config.concurrency.split(",") if c.strip()]
    except ValueError:
        raise SystemExit(f"--concurrency wants comma-separated integers like 1,4,16, got {config.concurrency!r}") from None
    if not levels or min(levels) < 1:
        raise SystemExit("--concurrency needs at least one level, each at least 1")
    with target(config) as (root, model):
        print(f"loading {root} ({model}) with {', '.join(map(str, levels))} concurrent clients, "
              f"{config.requests_per_client} requests each, {config.max_tokens} new tokens per request")
        start = time.perf_counter()
        rows = run_load(root, levels, config)
        elapsed = time.perf_counter() - start
    print(format_table(rows))
    meta = {"model": model, "url": config.url, "requests_per_client": config.requests_per_client,
            "max_tokens": config.max_tokens, "temperature": config.temperature, "seed": config.seed,
            "seconds": round(elapsed, 2)}
    data, plot = save_results(rows, config.out_dir, meta)
    print(f"wrote {data} and {plot} ({elapsed:.1f} s)")


if __name__ == "__main__":
    main()
