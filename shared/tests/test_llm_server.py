"""The OpenAI-compatible server: its lifecycle in a thread, fault injection, errors mid-stream."""

from __future__ import annotations

import socket
import threading
import time

import fastapi  # noqa: F401 - the extra must be installed
import httpx
import pytest
import uvicorn  # noqa: F401 - the extra must be installed
from llmlab.llm import (  # noqa: E402
    BadRequestError,
    Generation,
    LLMError,
    OpenAICompatibleClient,
    ScriptedBackend,
    ServerError,
)
from llmlab.llm.server import FaultInjector, create_app, running_server  # noqa: E402


def _server_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("llmlab-server") and t.is_alive()]


def test_running_server_answers_then_shuts_down_even_when_the_body_raises():
    before = len(_server_threads())
    with pytest.raises(KeyError, match="boom"), running_server(ScriptedBackend(["up"]), model_name="m") as url:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
        assert httpx.get(url + "/models").json()["data"][0]["id"] == "m"
        assert len(_server_threads()) == before + 1
        raise KeyError("boom")
    assert len(_server_threads()) == before
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/models", timeout=2)


def test_running_server_reports_a_port_it_cannot_take():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(RuntimeError, match=f"cannot serve on 127.0.0.1:{port}: Address already in use"), \
                running_server(ScriptedBackend(["x"]), port=port):
            pass  # pragma: no cover - never reached


def test_fault_injection_counts_and_cycles_statuses():
    app = create_app(ScriptedBackend(["fine"]), fail_first_n=3, fail_status=(429, 503), retry_after=1.5)
    faults: FaultInjector = app.state.faults
    with running_server(app) as url:
        answers = [httpx.post(url + "/completions", json={"prompt": "p"}) for _ in range(4)]
        assert [a.status_code for a in answers] == [429, 503, 429, 200]
        assert [a.headers.get("retry-after") for a in answers] == ["1.5", "1.5", "1.5", None]
        assert answers[0].json()["error"] == {"message": "injected failure 1 (status 429)",
                                              "type": "rate_limit_error", "param": None, "code": None}
        assert answers[1].json()["error"]["type"] == "server_error"
        assert answers[3].json()["choices"][0]["text"] == "fine"
        assert (faults.requests, faults.injected) == (4, 3)
        assert httpx.get(url.removesuffix("/v1") + "/health").status_code == 200  # not counted, never failed
        assert faults.requests == 4
        faults.arm(1, status=500)
        assert httpx.get(url + "/models").status_code == 500
        assert httpx.get(url + "/models").status_code == 200
        assert httpx.get(url + "/nowhere").json()["error"]["type"] == "not_found_error"


class _Crashing:
    """A backend that fails after its first piece: the server reports it inside the stream."""

    name = "crashing"

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def generate(self, request, **params) -> Generation:
        if request == "now":
            raise RuntimeError("no model today")
        if request == "too long":
            raise ValueError("the prompt is too long")

        def pieces():
            yield "Hello"
            raise RuntimeError("the model fell over")

        return Generation(pieces(), prompt_tokens=1)


def test_backend_errors_become_500s_and_stream_errors():
    with running_server(_Crashing()) as url, OpenAICompatibleClient(url, max_retries=1, sleep=lambda s: None) as client:
        stream = client.stream_chat("hi")
        assert next(stream) == "Hello"
        with pytest.raises(LLMError, match="mid-stream: RuntimeError: the model fell over"):
            next(stream)
        with pytest.raises(ServerError, match="RuntimeError: no model today") as caught:
            client.complete("now")
        assert caught.value.status_code == 500 and caught.value.attempts == 2
        with pytest.raises(BadRequestError, match="the prompt is too long") as caught:  # a refusal: no retry
            client.complete("too long")
        assert caught.value.status_code == 400 and caught.value.attempts == 1


def test_closing_a_stream_early_stops_the_backend():
    backend = ScriptedBackend([" ".join(f"w{i}" for i in range(40))], delay=0.1)
    with running_server(backend) as url, OpenAICompatibleClient(url) as client:
        stream = client.stream_chat("go")
        assert [next(stream), next(stream)] == ["w0", " w1"]
        stream.close()
        time.sleep(1.0)
        made = len(backend.emitted)
        time.sleep(0.5)
        assert len(backend.emitted) == made < 40  # it stopped, well before the end
