"""The client against the real server, over HTTP on 127.0.0.1, with the scripted test double."""

from __future__ import annotations

import json
import random
import socket
import time
from types import SimpleNamespace

import fastapi  # noqa: F401 - the extra must be installed
import httpx
import pytest
import uvicorn  # noqa: F401 - the extra must be installed
from llmlab.llm import (  # noqa: E402 - after the skips
    APIConnectionError,
    BadRequestError,
    LLMError,
    Message,
    OpenAICompatibleClient,
    RateLimitError,
    ScriptedBackend,
    ServerError,
    Usage,
    client_from_env,
)
from llmlab.llm.client import error_message, normalize_base_url, parse_retry_after  # noqa: E402
from llmlab.llm.server import create_app, running_server  # noqa: E402
from llmlab.llm.sse import iter_sse_data, sse_event  # noqa: E402


def _reply(request):
    if isinstance(request, str):
        return "there lived a fox who loved to run."
    return "You said: " + request[-1].content


@pytest.fixture(scope="module")
def served():
    backend = ScriptedBackend(_reply, name="scripted-test")
    app = create_app(backend)
    with running_server(app) as base_url:
        yield SimpleNamespace(backend=backend, app=app, url=base_url)


@pytest.fixture
def server(served):
    served.app.state.faults.reset()
    served.backend.calls.clear()
    served.backend.emitted.clear()
    served.backend.delay = 0.0
    return served


class Naps:
    """A ``sleep`` that records how long it was asked to wait, and waits."""

    def __init__(self, real: bool = False) -> None:
        self.asked: list[float] = []
        self.real = real

    def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        if self.real:
            time.sleep(seconds)


def _client(server, **kwargs) -> OpenAICompatibleClient:
    return OpenAICompatibleClient(server.url, model="scripted-test", timeout=10, **kwargs)


def test_chat_returns_text_finish_reason_usage_and_model(server):
    with _client(server) as client:
        result = client.chat([Message.system("Be brief."), Message.user("hello world")])
        assert result.text == "You said: hello world"
        assert result.finish_reason == "stop"
        # "system: Be brief.\nuser: hello world\nassistant:" is 7 words, the reply 4
        assert result.usage == Usage(prompt_tokens=7, completion_tokens=4)
        assert result.usage.total_tokens == 11
        assert result.model == "scripted-test"
        assert server.backend.calls == [[Message("system", "Be brief."), Message("user", "hello world")]]

        cut = client.chat("one two three", max_tokens=2)
        assert (cut.text, cut.finish_reason, cut.usage.completion_tokens) == ("You said:", "length", 2)
        stopped = client.chat([{"role": "user", "content": "a b STOP c"}], stop=["STOP"])
        assert (stopped.text, stopped.finish_reason) == ("You said: a b ", "stop")


def test_stream_pieces_join_to_the_reply_and_the_first_arrives_before_the_last_is_made(server):
    server.backend.delay = 0.25  # wide margins: the machine may be busy
    with _client(server) as client:
        stream = client.stream_chat("one two three four five six")
        first = next(stream)
        first_seen = time.monotonic()
        pieces = [first, *stream]
    assert pieces == ["You", " said:", " one", " two", " three", " four", " five", " six"]
    assert stream.text == "You said: one two three four five six"
    assert stream.finish_reason == "stop"
    assert stream.usage == Usage(prompt_tokens=8, completion_tokens=8)
    made = [t for t, _ in server.backend.emitted]
    assert len(made) == 8
    assert first_seen < made[-1]  # the first piece was in our hands before the backend made the last
    assert made[-1] - made[0] >= 7 * 0.25 * 0.9


def test_usage_adds_up_across_calls_and_prices(server):
    with _client(server) as client:
        a = client.chat("alpha beta").usage
        b = client.stream_chat("gamma").result().usage
        c = client.complete("Once upon a time", max_tokens=3)
        assert c.text == "there lived a"
        assert (c.finish_reason, c.usage) == ("length", Usage(4, 3))
        d = client.stream_complete("Once", max_tokens=2)
        assert list(d) == ["there", " lived"] and (d.finish_reason, d.usage) == ("length", Usage(1, 2))
        assert a == Usage(4, 4) and b == Usage(3, 3)
        ledger = client.usage
        assert ledger.calls == 4
        assert ledger.total == Usage(12, 12) == a + b + c.usage + d.usage
        assert (ledger.prompt_tokens, ledger.completion_tokens, ledger.total_tokens) == (12, 12, 24)
        assert ledger.by_model == {"scripted-test": Usage(12, 12)}
        assert ledger.cost(prompt_per_1m=2.0, completion_per_1m=10.0) == pytest.approx((12 * 2 + 12 * 10) / 1e6)


def test_retries_429_and_503_then_succeeds_with_seeded_jittered_backoff(server):
    server.app.state.faults.arm(3, status=(429, 503))
    naps = Naps()
    with _client(server, seed=7, backoff_base=0.5, backoff_max=1.5, sleep=naps) as client:
        assert client.chat("hi").text == "You said: hi"
        assert client.retries == 3
    assert server.app.state.faults.requests == 4 and server.app.state.faults.injected == 3
    rng = random.Random(7)
    expected = [c / 2 + rng.uniform(0, c / 2) for c in (0.5, 1.0, 1.5)]  # 0.5 * 2**k, capped at 1.5
    assert naps.asked == pytest.approx(expected)
    for wait, ceiling in zip(naps.asked, (0.5, 1.0, 1.5), strict=True):
        assert ceiling / 2 <= wait <= ceiling
    # the same seed gives the same waits; another seed does not
    again = OpenAICompatibleClient(server.url, seed=7, backoff_base=0.5, backoff_max=1.5)
    other = OpenAICompatibleClient(server.url, seed=8, backoff_base=0.5, backoff_max=1.5)
    assert [again.backoff(k) for k in (1, 2, 3)] == pytest.approx(expected)
    assert [other.backoff(k) for k in (1, 2, 3)] != pytest.approx(expected)


def test_streaming_request_is_retried_before_it_starts(server):
    server.app.state.faults.arm(2, status=503)
    naps = Naps()
    with _client(server, sleep=naps, backoff_base=0.01) as client:
        assert "".join(client.stream_chat("hi")) == "You said: hi"
    assert len(naps.asked) == 2 and server.app.state.faults.requests == 3


def test_a_400_is_not_retried(server):
    server.app.state.faults.arm(1, status=400)
    naps = Naps()
    with _client(server, sleep=naps) as client, pytest.raises(BadRequestError) as caught:
        client.chat("hi")
    assert caught.value.status_code == 400
    assert caught.value.attempts == 1
    assert "injected failure 1 (status 400)" in str(caught.value)
    assert naps.asked == []
    assert server.app.state.faults.requests == 1
    assert server.backend.calls == []


def test_retry_cap_raises_with_the_status_and_the_servers_message(server):
    server.app.state.faults.arm(10, status=503)
    naps = Naps()
    with _client(server, max_retries=2, sleep=naps) as client, pytest.raises(ServerError) as caught:
        client.chat("hi")
    error = caught.value
    assert isinstance(error, LLMError)
    assert error.status_code == 503 and error.attempts == 3
    assert error.message == "injected failure 3 (status 503)"
    assert str(error).startswith("HTTP 503 (") and "after 3 attempts: injected failure 3" in str(error)
    assert error.body["error"]["type"] == "server_error"
    assert len(naps.asked) == 2 and server.app.state.faults.requests == 3

    server.app.state.faults.arm(10, status=429)
    with _client(server, max_retries=0, sleep=naps) as client, pytest.raises(RateLimitError) as caught:
        client.chat("hi")
    assert (caught.value.status_code, caught.value.attempts) == (429, 1)


def test_retry_after_is_honoured(server):
    server.app.state.faults.arm(2, status=429, retry_after=0.2)
    naps = Naps(real=True)
    with _client(server, backoff_base=5.0, sleep=naps) as client:
        start = time.monotonic()
        assert client.chat("hi").text == "You said: hi"
        elapsed = time.monotonic() - start
    assert naps.asked == [0.2, 0.2]  # the server's 0.2 s, not the 2.5-5 s backoff
    assert 0.4 <= elapsed < 3.0


def test_connection_errors_are_retried_then_raised():
    with socket.socket() as probe:  # a loopback port that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    naps = Naps()
    client = OpenAICompatibleClient(f"http://127.0.0.1:{port}", model="m", max_retries=2, sleep=naps)
    with pytest.raises(APIConnectionError) as caught:
        client.chat("hi")
    assert caught.value.status_code is None and caught.value.attempts == 3
    assert len(naps.asked) == 2
    assert client.base_url == f"http://127.0.0.1:{port}/v1"


def test_bad_bodies_get_422_in_openais_error_shape(server):
    url = server.url + "/chat/completions"
    cases = {
        "messages": {"messages": []},
        "role": {"messages": [{"role": "wizard", "content": "hi"}]},
        "temperature": {"messages": [{"role": "user", "content": "hi"}], "temperature": 3},
        "max_tokens": {"messages": [{"role": "user", "content": "hi"}], "max_tokens": 0},
        "n": {"messages": [{"role": "user", "content": "hi"}], "n": 2},
    }
    for field, body in cases.items():
        answer = httpx.post(url, json=body)
        assert answer.status_code == 422, field
        error = answer.json()["error"]
        assert error["type"] == "invalid_request_error" and field in error["message"], (field, error)
    assert httpx.post(url, content=b"not json", headers={"content-type": "application/json"}).status_code == 422
    assert httpx.post(server.url + "/completions", json={"max_tokens": 3}).status_code == 422
    assert server.backend.calls == []

    naps = Naps()
    with _client(server, sleep=naps) as client, pytest.raises(BadRequestError) as caught:
        client.chat("hi", temperature=3)
    assert caught.value.status_code == 422 and caught.value.attempts == 1 and naps.asked == []
    assert "temperature" in caught.value.message


def test_models_lists_the_served_model_and_is_the_default(server):
    with OpenAICompatibleClient(server.url) as client:
        assert client.models() == ["scripted-test"]
        assert client.chat("hi").model == "scripted-test"
        assert client.model == "scripted-test"
    listing = httpx.get(server.url + "/models").json()
    assert listing["object"] == "list" and listing["data"][0]["object"] == "model"


def test_chat_stream_is_in_openais_chunk_shape(server):
    body = {"model": "anything", "messages": [{"role": "user", "content": "a b"}], "stream": True,
            "stream_options": {"include_usage": True}}
    with httpx.stream("POST", server.url + "/chat/completions", json=body) as answer:
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/event-stream")
        lines = list(answer.iter_lines())
    events = [line for line in lines if line]
    assert all(line.startswith("data: ") for line in events)
    assert events[-1] == "data: [DONE]"
    chunks = [json.loads(line[6:]) for line in events[:-1]]
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    assert len({c["id"] for c in chunks}) == 1 and chunks[0]["id"].startswith("chatcmpl-")
    assert {c["model"] for c in chunks} == {"scripted-test"}
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    content = [c["choices"][0]["delta"]["content"] for c in chunks[1:-2]]
    assert content == ["You", " said:", " a", " b"]
    assert chunks[-2]["choices"][0] == {"index": 0, "delta": {}, "logprobs": None, "finish_reason": "stop"}
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"] == {
        "prompt_tokens": 4, "completion_tokens": 4, "total_tokens": 8}
    assert all(c["usage"] is None for c in chunks[:-1])

    with httpx.stream("POST", server.url + "/completions",
                      json={"prompt": "Once", "max_tokens": 2, "stream": True}) as answer:
        data = list(iter_sse_data(answer.iter_lines()))
    assert data[-1] == "[DONE]"
    chunks = [json.loads(d) for d in data[:-1]]
    assert [c["choices"][0]["text"] for c in chunks] == ["there", " lived", ""]
    assert chunks[-1]["choices"][0]["finish_reason"] == "length"
    assert {c["object"] for c in chunks} == {"text_completion"} and "usage" not in chunks[-1]


def test_non_streamed_response_is_in_openais_shape(server):
    answer = httpx.post(server.url + "/chat/completions",
                        json={"messages": [{"role": "user", "content": [{"type": "text", "text": "x y"}]}]}).json()
    assert answer["object"] == "chat.completion" and answer["id"].startswith("chatcmpl-")
    assert answer["choices"] == [{"index": 0, "message": {"role": "assistant", "content": "You said: x y"},
                                  "logprobs": None, "finish_reason": "stop"}]
    assert answer["usage"] == {"prompt_tokens": 4, "completion_tokens": 4, "total_tokens": 8}
    answer = httpx.post(server.url + "/completions", json={"prompt": "Once", "max_tokens": 100}).json()
    assert answer["object"] == "text_completion"
    assert answer["choices"][0]["text"] == "there lived a fox who loved to run."
    assert answer["usage"] == {"prompt_tokens": 1, "completion_tokens": 8, "total_tokens": 9}


def test_bearer_key_is_checked():
    with running_server(ScriptedBackend(["ok"]), api_key="sekrit") as url:
        with OpenAICompatibleClient(url, model="m") as client, pytest.raises(BadRequestError) as caught:
            client.chat("hi")
        assert caught.value.status_code == 401 and caught.value.attempts == 1
        with OpenAICompatibleClient(url, api_key="wrong", model="m") as client, pytest.raises(BadRequestError):
            client.chat("hi")
        with OpenAICompatibleClient(url, api_key="sekrit") as client:
            assert client.chat("hi").text == "ok"
        assert httpx.get(url.removesuffix("/v1") + "/health").json() == {"status": "ok"}


def test_client_from_env_reads_flags_then_environment(monkeypatch, server):
    for name in ("LLMLAB_LLM_BASE_URL", "OPENAI_BASE_URL", "OPENAI_API_KEY", "LLMLAB_LLM_MODEL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(LLMError, match="LLMLAB_LLM_BASE_URL"):
        client_from_env()
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("LLMLAB_LLM_BASE_URL", server.url.removesuffix("/v1"))
    monkeypatch.setenv("OPENAI_API_KEY", "k-env")
    monkeypatch.setenv("LLMLAB_LLM_MODEL", "m-env")
    with client_from_env() as client:
        assert (client.base_url, client.model) == (server.url, "m-env")
        assert client._http.headers["authorization"] == "Bearer k-env"
        assert client.chat("hi").text == "You said: hi"
    with client_from_env(base_url="http://127.0.0.1:9/v1", api_key="k-flag", model="m-flag") as client:
        assert (client.base_url, client.model) == ("http://127.0.0.1:9/v1", "m-flag")
        assert client._http.headers["authorization"] == "Bearer k-flag"


def test_helpers_parse_urls_retry_after_and_sse():
    assert normalize_base_url("http://127.0.0.1:8000") == "http://127.0.0.1:8000/v1"
    assert normalize_base_url("http://127.0.0.1:8000/") == "http://127.0.0.1:8000/v1"
    assert normalize_base_url("https://example.org/openai/v1/") == "https://example.org/openai/v1"
    with pytest.raises(ValueError, match="scheme"):
        normalize_base_url("127.0.0.1:8000")

    assert parse_retry_after({"retry-after": "2"}) == 2.0
    assert parse_retry_after({"retry-after": "0.25"}) == 0.25
    assert parse_retry_after({"retry-after-ms": "150", "retry-after": "9"}) == 0.15
    assert parse_retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:30 GMT"}, now=1445412500.0) == 10.0
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({}) is None

    lines = [": keep-alive", "data: {\"a\": 1}", "", "event: x", "data: line one", "data: line two", "",
             "data:[DONE]"]
    assert list(iter_sse_data(lines)) == ['{"a": 1}', "line one\nline two", "[DONE]"]
    assert sse_event({"a": 1}) == 'data: {"a":1}\n\n'
    assert list(iter_sse_data((sse_event("x\ny") + sse_event("[DONE]")).splitlines())) == ["x\ny", "[DONE]"]

    def response(status, **kwargs):
        return httpx.Response(status, request=httpx.Request("GET", "http://127.0.0.1/"), **kwargs)

    assert error_message(response(400, json={"error": {"message": "bad model"}})) == "bad model"
    assert error_message(response(422, json={"detail": [{"loc": ["body", "x"], "msg": "required"}]})) == \
        "body.x: required"
    assert error_message(response(502, text="Bad Gateway\n")) == "Bad Gateway"
