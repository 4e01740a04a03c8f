"""Hidden tests, task openai: POST /v1/chat/completions, streamed and not, read by an OpenAI client."""

import json

from lab44_fastapi_streaming import GatedBackend
from llmlab.llm import Message, OpenAICompatibleClient
from llmlab_grading import points


@points(5, "An OpenAI client must be able to stream from /v1/chat/completions: chat.completion.chunk "
        "events with delta.content, a finish_reason, usage when asked, then data: [DONE].",
        task="openai", timeout=45)
def test_openai_client_streams(serve):
    _, root = serve(GatedBackend(tokens=6))
    with OpenAICompatibleClient(root + "/v1", max_retries=0) as client:
        stream = client.stream_chat([Message.system("be brief"), Message.user("Hello there")], max_tokens=4)
        assert list(stream) == [" w0", " w1", " w2", " w3"]
        assert stream.finish_reason == "length"
        assert (stream.usage.prompt_tokens, stream.usage.completion_tokens) == (7, 4)
        full = client.stream_chat("Hi", max_tokens=50)
        assert full.result().text == " w0 w1 w2 w3 w4 w5" and full.finish_reason == "stop"


@points(5, "Streamed chat completions, on the wire: data-only events, one id and 'chat.completion.chunk' "
        "throughout, the role first, an empty delta with the finish_reason last, usage only when "
        "stream_options.include_usage, and data: [DONE] at the end.", task="openai", timeout=45)
def test_openai_stream_framing(serve, http, events):
    _, root = serve(GatedBackend(tokens=3))
    body = {"model": "x", "messages": [{"role": "user", "content": "hi"}], "stream": True}
    for include_usage in (False, True):
        request = {**body, "stream_options": {"include_usage": include_usage}}
        with http.stream("POST", f"{root}/v1/chat/completions", json=request) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            got = list(events(response.iter_lines()))
        assert all(name == "message" for name, _ in got) and got[-1][1] == "[DONE]"
        chunks = [json.loads(data) for _, data in got[:-1]]
        assert len({c["id"] for c in chunks}) == 1 and chunks[0]["id"].startswith("chatcmpl-")
        assert all(c["object"] == "chat.completion.chunk" and c["model"] == "gated-double" for c in chunks)
        choices = [c["choices"][0] for c in chunks if c["choices"]]
        assert choices[0]["delta"] == {"role": "assistant", "content": ""}
        assert [c["delta"].get("content") for c in choices[1:-1]] == [" w0", " w1", " w2"]
        assert choices[-1]["delta"] == {} and choices[-1]["finish_reason"] == "stop"
        assert all(c["finish_reason"] is None for c in choices[:-1])
        if include_usage:
            assert chunks[-1]["choices"] == []
            assert chunks[-1]["usage"] == {"prompt_tokens": 3, "completion_tokens": 3, "total_tokens": 6}
            assert all(c["usage"] is None for c in chunks[:-1])
        else:
            assert len(chunks) == 5 and all("usage" not in c for c in chunks)


@points(3, "Non-streamed chat completions: one 'chat.completion' object with choices[0].message "
        "{role: assistant, content}, finish_reason and usage.", task="openai", timeout=45)
def test_openai_non_streamed(serve, http):
    _, root = serve(GatedBackend(tokens=4))
    answer = http.post(f"{root}/v1/chat/completions",
                       json={"messages": [{"role": "user", "content": "hi there"}], "max_completion_tokens": 3})
    assert answer.status_code == 200
    data = answer.json()
    assert data["object"] == "chat.completion" and data["id"].startswith("chatcmpl-")
    assert data["choices"][0]["message"] == {"role": "assistant", "content": " w0 w1 w2"}
    assert data["choices"][0]["finish_reason"] == "length"
    assert data["usage"] == {"prompt_tokens": 4, "completion_tokens": 3, "total_tokens": 7}


@points(2, "The OpenAI route must serve the real zoo model: greedy streamed and non-streamed replies "
        "agree.", task="openai", timeout=90)
def test_openai_real_zoo_model(serve, zoo_backend):
    _, root = serve(zoo_backend)
    with OpenAICompatibleClient(root + "/v1", max_retries=0) as client:
        whole = client.chat("Tell me a story about a cat.", max_tokens=12, temperature=0)
        stream = client.stream_chat("Tell me a story about a cat.", max_tokens=12, temperature=0)
        pieces = list(stream)
    assert len(pieces) >= 2 and "".join(pieces) == whole.text
    assert whole.usage.completion_tokens == stream.usage.completion_tokens >= 1
