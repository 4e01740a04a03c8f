"""Public tests for lab 44: run them with
``uv run --package lab44-fastapi-streaming --group test pytest labs/lab44-fastapi-streaming/tests``.

Servers run in a thread on a free port (``llmlab.llm.running_server``) and are stopped when each
test ends, passed or not. Timing claims use the GatedBackend double, never sleeps.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from lab44_fastapi_streaming.app import create_stream_app
from lab44_fastapi_streaming.doubles import GatedBackend
from lab44_fastapi_streaming.metrics import StreamTiming, percentile, summarize
from lab44_fastapi_streaming.sse import ServerEvent, format_sse, parse_sse
from lab44_fastapi_streaming.validation import (
    Limits,
    TooLarge,
    check_prompt_size,
    validation_message,
)
from llmlab.llm import OpenAICompatibleClient, running_server
from websockets.sync.client import connect


@contextlib.contextmanager
def served(backend: GatedBackend, limits: Limits | None = None) -> Iterator[tuple[object, str]]:
    """The app and its root URL; the double's gate is opened before the server stops."""
    app = create_stream_app(backend, limits=limits)
    with running_server(app) as base:
        try:
            yield app, base.removesuffix("/v1")
        finally:
            backend.open()


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def http() -> httpx.Client:
    return httpx.Client(timeout=10, trust_env=False)


# -- sse ------------------------------------------------------------------------------------------


def test_format_sse_names_and_ids_an_event():
    assert format_sse({"a": 1}, event="token", id=3) == 'event: token\nid: 3\ndata: {"a":1}\n\n'
    assert format_sse("two\nlines") == "data: two\ndata: lines\n\n"
    with pytest.raises(ValueError, match="event"):
        format_sse("x", event="token\ndata: forged")


def test_parse_sse_reads_what_format_sse_writes():
    text = format_sse("hi", event="token", id=0) + ": keep-alive\n\n" + format_sse("a\nb") + "data:last"
    events = list(parse_sse(text.splitlines(keepends=True)))
    assert events == [ServerEvent("token", "hi", "0"), ServerEvent("message", "a\nb"), ServerEvent("message", "last")]


# -- validation -----------------------------------------------------------------------------------


def test_validation_message_and_prompt_limit():
    errors = [{"loc": ("body", "max_tokens"), "msg": "too big"}, {"loc": ("body", "messages", 0), "msg": "bad"}]
    assert validation_message(errors) == "body.max_tokens: too big; body.messages.0: bad"
    check_prompt_size(256, Limits(max_prompt_tokens=256))
    with pytest.raises(TooLarge, match="257"):
        check_prompt_size(257, Limits(max_prompt_tokens=256))


def test_bad_bodies_get_422_and_big_prompts_413():
    with served(GatedBackend(), Limits(max_prompt_tokens=5, max_body_bytes=1000)) as (_, root), http() as client:
        bad = client.post(f"{root}/generate", json={"prompt": "hi", "max_tokens": 0})
        assert bad.status_code == 422
        assert "max_tokens" in bad.json()["error"]["message"]
        big = client.post(f"{root}/generate", json={"prompt": "one two three four five six"})
        assert big.status_code == 413 and "6 tokens" in big.json()["error"]["message"]
        huge = client.post(f"{root}/generate", content=b" " * 2000, headers={"content-type": "application/json"})
        assert huge.status_code == 413


# -- streaming ------------------------------------------------------------------------------------


def test_first_token_arrives_while_the_model_is_still_generating():
    backend = GatedBackend(tokens=4, gated=True)
    with served(backend) as (_, root), http() as client:
        backend.allow(1)
        with client.stream("POST", f"{root}/generate", json={"prompt": "Once"}) as response:
            events = parse_sse(response.iter_lines())
            first = next(events)
            # The model is blocked before its second token: the stream cannot have ended.
            assert (first.event, first.json()["text"]) == ("token", " w0")
            assert backend.produced == 1 and backend.finished == 0
            backend.open()
            rest = list(events)
    assert [e.event for e in rest] == ["token"] * 3 + ["done"]
    assert rest[-1].json() == {"finish_reason": "stop",
                               "usage": {"prompt_tokens": 1, "completion_tokens": 4, "total_tokens": 5}}


def test_disconnect_closes_the_generation():
    backend = GatedBackend(tokens=300, delay=0.02)
    with served(backend) as (app, root), http() as client:
        with client.stream("POST", f"{root}/generate", json={"prompt": "hi", "max_tokens": 300}) as response:
            events = parse_sse(response.iter_lines())
            assert [next(events).event for _ in range(2)] == ["token", "token"]
        assert backend.closed.wait(10), "the client left but the generation was never closed"
        assert wait_until(lambda: app.state.stats.cancelled == 1)
        assert backend.produced < 300 and backend.finished == 0


def test_ten_streams_run_at_once():
    backend = GatedBackend(tokens=5, together=10)  # no token until 10 generations are running

    async def one(client: httpx.AsyncClient, root: str) -> list[str]:
        async with client.stream("POST", f"{root}/generate", json={"prompt": "hi"}) as response:
            return [e.event for e in parse_sse([line async for line in response.aiter_lines()])]

    async def ten(root: str) -> list[list[str]]:
        async with httpx.AsyncClient(timeout=30, trust_env=False) as client:
            return await asyncio.gather(*(one(client, root) for _ in range(10)))

    with served(backend) as (app, root):
        results = asyncio.run(ten(root))
    assert results == [["token"] * 5 + ["done"]] * 10
    assert app.state.stats.completed == 10


# -- websocket and OpenAI -------------------------------------------------------------------------


def test_websocket_protocol():
    with (served(GatedBackend(tokens=6), Limits(max_prompt_tokens=3)) as (_, root),
          connect(root.replace("http://", "ws://") + "/ws") as ws):
        ws.send(json.dumps({"prompt": "hi", "max_tokens": 2}))
        messages = [json.loads(ws.recv(timeout=10)) for _ in range(3)]
        assert [m["type"] for m in messages] == ["token", "token", "done"]
        assert messages[2]["finish_reason"] == "length"
        ws.send(json.dumps({"prompt": "a b c d"}))
        assert json.loads(ws.recv(timeout=10))["status"] == 413
        ws.send("{not json")
        assert json.loads(ws.recv(timeout=10))["status"] == 422


def test_openai_route_works_with_an_openai_client():
    with (served(GatedBackend(tokens=5)) as (_, root),
          OpenAICompatibleClient(root + "/v1", max_retries=0) as client):
        assert client.chat("Hello", max_tokens=3).text == " w0 w1 w2"
        stream = client.stream_chat("Hello", max_tokens=4)
        assert list(stream) == [" w0", " w1", " w2", " w3"]
        assert stream.finish_reason == "length" and stream.usage.completion_tokens == 4


# -- metrics --------------------------------------------------------------------------------------


def test_percentile_and_summary():
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([10, 0, 20], 95) == pytest.approx(19.0)
    with pytest.raises(ValueError):
        percentile([], 50)
    timings = [StreamTiming(0.0, [0.1, 0.2, 0.4], 3), StreamTiming(1.0, [1.3], 1), StreamTiming(0.0, error="boom")]
    summary = summarize(timings, concurrency=2, wall_s=2.0)
    assert (summary.requests, summary.errors, summary.tokens_per_s) == (3, 1, 2.0)
    assert summary.ttft_p50_ms == pytest.approx(200.0)
    assert summary.itl_p50_ms == pytest.approx(150.0)
    assert math.isnan(summarize([], concurrency=1, wall_s=1.0).ttft_p95_ms)
