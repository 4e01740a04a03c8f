"""An async load generator for any OpenAI-compatible server (vLLM, llama.cpp, OpenAI, llmlab's own).

    result = asyncio.run(run_load("http://127.0.0.1:8000/v1", prompts, concurrency=8))
    print(result.summary()["output_tokens_per_s"])

Every request streams (``"stream": true``), so the client sees each token event as it arrives
and can time it; ``concurrency`` requests are in flight at once (a closed loop: a new request
starts as soon as one finishes), which is how ``vllm bench serve --max-concurrency`` drives a
server.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any

import httpx

from lab42_vllm_throughput.metrics import RequestTrace, summarize

ENDPOINTS = ("completions", "chat")


def endpoint_url(base_url: str, endpoint: str) -> str:
    """``http://host:8000/v1`` + ``chat`` -> ``http://host:8000/v1/chat/completions``."""
    if endpoint not in ENDPOINTS:
        raise ValueError(f"endpoint must be one of {', '.join(ENDPOINTS)}, got {endpoint!r}")
    base = base_url.rstrip("/")
    if not base.endswith("/v1"):
        base += "/v1"
    return base + ("/chat/completions" if endpoint == "chat" else "/completions")


def build_payload(prompt: str, *, endpoint: str, model: str, max_tokens: int,
                  temperature: float = 0.0, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON body of one streamed request; ``extra`` adds server-specific fields
    (vLLM accepts ``{"ignore_eos": true}`` to make every reply exactly ``max_tokens`` long)."""
    body: dict[str, Any] = {"model": model, "max_tokens": max_tokens, "temperature": temperature,
                            "stream": True, "stream_options": {"include_usage": True}}
    if endpoint == "chat":
        body["messages"] = [{"role": "user", "content": prompt}]
    else:
        body["prompt"] = prompt
    return {**body, **(extra or {})}


def delta_text(event: dict[str, Any]) -> str:
    """The text one parsed stream chunk carries, "" when it carries none.

    A chat chunk has it in ``choices[0]["delta"]["content"]`` (the first chunk's delta holds
    only the role, and ``content`` may be missing or ``None``); a completion chunk in
    ``choices[0]["text"]``. The final usage chunk has ``choices == []``.
    """
    # BEGIN SOLUTION
    choices = event.get("choices") or []
    if not choices:
        return ""
    choice = choices[0]
    if "delta" in choice:
        return (choice["delta"] or {}).get("content") or ""
    return choice.get("text") or ""
    # END SOLUTION


async def stream_request(client: httpx.AsyncClient, url: str, payload: dict[str, Any]) -> RequestTrace:
    """POST ``payload`` to ``url`` and read the server-sent events as they arrive.

    ``start`` is ``time.perf_counter()`` just before sending; each ``data: {...}`` line is
    parsed with ``json.loads``, and a chunk whose :func:`delta_text` is non-empty appends its
    arrival time to ``token_times`` and its text to ``text``. ``data: [DONE]`` ends the stream;
    blank lines and ``:`` comment lines are skipped. ``prompt_tokens`` / ``completion_tokens``
    come from the chunk carrying ``usage`` when there is one, else ``completion_tokens`` is the
    number of token events. ``end`` is the time the stream ended.

    Failures do not raise: an HTTP status >= 400, an ``{"error": ...}`` chunk, a chunk that is
    not JSON or an ``httpx.HTTPError`` give a trace with ``ok=False`` and ``error`` saying what
    happened.
    """
    # BEGIN SOLUTION
    trace = RequestTrace(start=time.perf_counter())
    parts: list[str] = []
    usage: dict[str, Any] | None = None
    try:
        async with client.stream("POST", url, json=payload) as response:
            if response.status_code >= 400:
                body = (await response.aread()).decode(errors="replace")
                trace.ok, trace.error = False, f"HTTP {response.status_code}: {body[:300]}"
            else:
                async for line in response.aiter_lines():
                    if not line.startswith("data:"):
                        continue  # blank separators, ": keep-alive" comments, event:/id: fields
                    data = line[5:].strip()
                    if data == "[DONE]":
                        break
                    event = json.loads(data)
                    if "error" in event:
                        trace.ok, trace.error = False, str(event["error"])
                        break
                    text = delta_text(event)
                    if text:
                        trace.token_times.append(time.perf_counter())
                        parts.append(text)
                    if event.get("usage"):
                        usage = event["usage"]
    except (httpx.HTTPError, ValueError) as exc:  # ValueError: a chunk that is not JSON
        trace.ok, trace.error = False, f"{type(exc).__name__}: {exc}"
    trace.end = time.perf_counter()
    trace.text = "".join(parts)
    if usage is not None:
        trace.prompt_tokens = int(usage.get("prompt_tokens") or 0)
        trace.completion_tokens = int(usage.get("completion_tokens") or 0)
    else:
        trace.completion_tokens = len(trace.token_times)
    return trace
    # END SOLUTION


@dataclass
class LoadResult:
    """The traces of one run, in the order of the prompts, and its wall-clock time."""

    traces: list[RequestTrace]
    wall_time: float
    concurrency: int

    def summary(self) -> dict[str, float]:
        return {"concurrency": float(self.concurrency), **summarize(self.traces, self.wall_time)}


async def run_load(base_url: str, prompts: list[str], *, concurrency: int = 4,
                   endpoint: str = "completions", model: str = "default", max_tokens: int = 64,
                   temperature: float = 0.0, api_key: str | None = None,
                   extra: dict[str, Any] | None = None, timeout: float = 600.0) -> LoadResult:
    """Send one streamed request per prompt with at most ``concurrency`` in flight at once.

    Builds each body with :func:`build_payload` and sends it with :func:`stream_request` through
    one shared ``httpx.AsyncClient`` (``Authorization: Bearer <api_key>`` when given). Returns
    the traces in prompt order and the wall time from the first send to the last reply.
    """
    if concurrency < 1:
        raise ValueError(f"concurrency must be >= 1, got {concurrency}")
    url = endpoint_url(base_url, endpoint)
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=timeout) as client:
        # BEGIN SOLUTION
        gate = asyncio.Semaphore(concurrency)

        async def one(prompt: str) -> RequestTrace:
            async with gate:  # the trace starts when the request is sent, not while it queues here
                body = build_payload(prompt, endpoint=endpoint, model=model, max_tokens=max_tokens,
                                     temperature=temperature, extra=extra)
                return await stream_request(client, url, body)

        started = time.perf_counter()
        traces = await asyncio.gather(*(one(p) for p in prompts))
        return LoadResult(list(traces), time.perf_counter() - started, concurrency)
        # END SOLUTION
