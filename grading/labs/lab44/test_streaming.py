"""Hidden tests, task streaming: pieces_of and sse_stream behind POST /generate, over real HTTP.

Timing claims use the GatedBackend double: the model cannot produce a token until the test
allows it, so "the first token arrived before the generation ended" is a fact, not a race.
"""

import asyncio
import json

import httpx
from lab44_fastapi_streaming import GatedBackend
from llmlab.llm import Generation
from llmlab_grading import points


@points(8, "The first token must reach the client while the model is still generating: send each "
        "piece as it is produced (an async generator fed from a worker thread), never collect the "
        "whole reply first.", task="streaming", timeout=45)
def test_first_token_before_generation_ends(serve, http, events):
    backend = GatedBackend(tokens=6, gated=True, wait_s=15)
    app, root = serve(backend)
    backend.allow(1)
    with http.stream("POST", f"{root}/generate", json={"prompt": "Once upon", "max_tokens": 6}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = events(response.iter_lines())
        name, data = next(stream)
        assert (name, json.loads(data)) == ("token", {"index": 0, "text": " w0"})
        assert backend.produced == 1 and backend.finished == 0  # the model is stuck before token 2
        backend.allow(2)
        assert [json.loads(d)["text"] for _, d in (next(stream), next(stream))] == [" w1", " w2"]
        assert backend.produced == 3 and backend.finished == 0
        backend.open()
        rest = list(stream)
    assert [n for n, _ in rest] == ["token"] * 3 + ["done"]
    assert json.loads(rest[-1][1]) == {"finish_reason": "stop",
                                       "usage": {"prompt_tokens": 2, "completion_tokens": 6, "total_tokens": 8}}
    assert app.state.stats.to_dict() == {"started": 1, "completed": 1, "cancelled": 0, "failed": 0, "active": 0}


@points(8, "A client that disconnects must stop its generation: close the backend's Generation in a "
        "finally (pieces_of) and count it in stats.cancelled; the model must not run on for nobody.",
        task="streaming", timeout=45)
def test_disconnect_cancels_generation(serve, http, events, wait_until):
    backend = GatedBackend(tokens=500, delay=0.02, wait_s=15)
    app, root = serve(backend)
    with http.stream("POST", f"{root}/generate", json={"prompt": "hi", "max_tokens": 500}) as response:
        stream = events(response.iter_lines())
        assert [next(stream)[0] for _ in range(3)] == ["token"] * 3
    # the connection is closed: the server must notice and close the generation
    assert backend.closed.wait(15), "the generation was never closed after the client left"
    assert wait_until(lambda: app.state.stats.cancelled == 1), app.state.stats
    produced = backend.produced
    assert 3 <= produced < 500, produced
    assert backend.finished == 0 and backend.closed_early == 1
    assert app.state.stats.completed == 0 and app.state.stats.active == 0


@points(6, "Ten concurrent streams must all run at once and complete: each next() of the model in a "
        "worker thread, nothing blocking the event loop, no global lock around a stream.",
        task="streaming", timeout=60)
def test_ten_concurrent_streams_complete(serve, events):
    backend = GatedBackend(tokens=8, together=10, wait_s=15)  # no token until 10 generations run at once
    app, root = serve(backend)

    async def one(client, k):
        body = {"prompt": f"story {k}", "max_tokens": 4 + k % 3}
        async with client.stream("POST", f"{root}/generate", json=body) as response:
            return list(events([line async for line in response.aiter_lines()]))

    async def ten():
        async with httpx.AsyncClient(timeout=30, trust_env=False) as client:
            return await asyncio.gather(*(one(client, k) for k in range(10)))

    results = asyncio.run(ten())
    for k, stream in enumerate(results):
        n = 4 + k % 3
        assert [name for name, _ in stream] == ["token"] * n + ["done"], (k, stream)
        assert "".join(json.loads(d)["text"] for _, d in stream[:-1]) == "".join(f" w{i}" for i in range(n))
        assert json.loads(stream[-1][1])["finish_reason"] == "length"
    assert app.state.stats.completed == 10 and backend.started == 10


class ExplodingBackend:
    """A double that produces two tokens, then fails."""

    name = "exploding-double"

    def count_tokens(self, text):
        return len(text.split())

    def generate(self, request, **sampling):
        def run():
            yield " one"
            yield " two"
            raise RuntimeError("model exploded")

        return Generation(run(), 1, self.name)


@points(3, "When the backend raises mid-stream, send 'event: error' with data {\"message\": "
        "\"RuntimeError: ...\"} and end the stream; count it in stats.failed.", task="streaming", timeout=30)
def test_backend_error_becomes_error_event(serve, http, events):
    app, root = serve(ExplodingBackend())
    with http.stream("POST", f"{root}/generate", json={"prompt": "hi"}) as response:
        got = list(events(response.iter_lines()))
    assert [n for n, _ in got] == ["token", "token", "error"]
    assert json.loads(got[-1][1]) == {"message": "RuntimeError: model exploded"}
    assert app.state.stats.failed == 1 and app.state.stats.active == 0


@points(5, "The service must stream the real zoo model (stories-lm-small) over HTTP: token events "
        "whose texts join to the reply, then done with the usage.", task="streaming", timeout=90)
def test_real_zoo_model_streams(serve, http, events, zoo_backend):
    app, root = serve(zoo_backend)
    body = {"prompt": "Once upon a time", "max_tokens": 16, "temperature": 0}
    with http.stream("POST", f"{root}/generate", json=body) as response:
        got = list(events(response.iter_lines()))
    tokens = [json.loads(d) for n, d in got if n == "token"]
    assert [n for n, _ in got] == ["token"] * len(tokens) + ["done"] and len(tokens) >= 2
    assert [t["index"] for t in tokens] == list(range(len(tokens)))
    done = json.loads(got[-1][1])
    assert 1 <= done["usage"]["completion_tokens"] <= 16
    assert done["usage"]["prompt_tokens"] == zoo_backend.count_tokens("Once upon a time")
    text = "".join(t["text"] for t in tokens)
    assert len(text.split()) >= 3
    # greedy decoding: the same request streams the same text again
    with http.stream("POST", f"{root}/generate", json=body) as response:
        again = "".join(json.loads(d)["text"] for n, d in events(response.iter_lines()) if n == "token")
    assert again == text
    assert app.state.stats.completed == 2
