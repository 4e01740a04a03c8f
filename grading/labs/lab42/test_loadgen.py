import asyncio

import httpx
import pytest
from lab42_vllm_throughput import build_payload, delta_text, endpoint_url, run_load, stream_request
from llmlab.llm import create_app, running_server
from llmlab_grading import points


@points(4, "delta_text must return choices[0].delta.content for chat chunks and choices[0].text "
           "for completion chunks, and '' for role-only, finish and usage chunks.",
        task="load-generator", timeout=30)
def test_delta_text_chat_and_completion_chunks():
    assert delta_text({"choices": [{"index": 0, "delta": {"content": " cat"}}]}) == " cat"
    assert delta_text({"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}) == ""
    assert delta_text({"choices": [{"index": 0, "delta": {"role": "assistant"}}]}) == ""
    assert delta_text({"choices": [{"index": 0, "delta": {"content": None}, "finish_reason": "stop"}]}) == ""
    assert delta_text({"choices": [{"index": 0, "text": " dog", "finish_reason": None}]}) == " dog"
    assert delta_text({"choices": [], "usage": {"completion_tokens": 3}}) == ""


async def _one(url, payload):
    async with httpx.AsyncClient(timeout=60) as client:
        return await stream_request(client, url, payload)


@points(7, "stream_request must time the first chunk that carries text (not the empty role chunk) "
           "and every later one: a server that waits 0.3 s then sends a word every 0.05 s must "
           "give TTFT about 0.3 s and gaps about 0.05 s, with usage's token counts.",
        task="load-generator", timeout=60)
def test_stream_request_times_first_token_and_gaps(paced):
    backend = paced("alpha beta gamma delta epsilon zeta", first=0.3, gap=0.05)
    with running_server(backend) as base:
        url = endpoint_url(base, "chat")
        payload = build_payload("hello there friend", endpoint="chat", model="paced", max_tokens=50)
        trace = asyncio.run(_one(url, payload))
    assert trace.ok, trace.error
    assert trace.text == "alpha beta gamma delta epsilon zeta"
    assert len(trace.token_times) == 6
    assert (trace.completion_tokens, trace.prompt_tokens) == (6, 3)
    first = trace.token_times[0] - trace.start
    assert 0.28 <= first <= 0.8, first
    gaps = [b - a for a, b in zip(trace.token_times, trace.token_times[1:], strict=False)]
    assert 0.03 <= sum(gaps) / len(gaps) <= 0.2, gaps
    assert trace.start < trace.token_times[0] and trace.end >= trace.token_times[-1]


@points(4, "Without a usage chunk (no stream_options), completion_tokens must be the number of "
           "token events; completions chunks carry text in choices[0].text.",
        task="load-generator", timeout=60)
def test_stream_request_counts_events_without_usage(paced):
    with running_server(paced("one two three four five six seven")) as base:
        payload = {"model": "paced", "prompt": "hi", "max_tokens": 5, "stream": True}
        trace = asyncio.run(_one(endpoint_url(base, "completions"), payload))
    assert trace.ok, trace.error
    assert trace.text == "one two three four five"
    assert trace.completion_tokens == 5 and len(trace.token_times) == 5


@points(6, "run_load must keep exactly `concurrency` requests in flight (a server saw at most 3 at "
           "once with concurrency=3, and 3 did overlap) and return the traces in prompt order.",
        task="load-generator", timeout=60)
def test_run_load_keeps_concurrency_in_flight(paced):
    backend = paced(lambda prompt: f"echo {prompt} done", first=0.15, gap=0.03)
    prompts = [f"p{i}" for i in range(9)]
    with running_server(backend) as base:
        result = asyncio.run(run_load(base, prompts, concurrency=3, endpoint="completions",
                                      model="paced", max_tokens=20))
    assert backend.peak == 3
    assert [t.text for t in result.traces] == [f"echo p{i} done" for i in range(9)]
    assert all(t.ok and t.completion_tokens == 3 for t in result.traces)
    summary = result.summary()
    assert summary["output_tokens"] == 27 and summary["completed"] == 9
    assert summary["output_tokens_per_s"] == pytest.approx(27 / result.wall_time)
    # 3 waves of ~0.21 s each: clearly concurrent, clearly not all at once
    assert 0.55 <= result.wall_time <= 2.5, result.wall_time


@points(4, "A request the server refuses (HTTP 503) must come back as a trace with ok=False and "
           "the status in error, not as an exception; the others still succeed.",
        task="load-generator", timeout=60)
def test_run_load_reports_failures(paced):
    app = create_app(paced("fine thanks"), fail_first_n=2, fail_status=503)
    with running_server(app) as base:
        result = asyncio.run(run_load(base, ["a", "b", "c", "d", "e"], concurrency=1,
                                      endpoint="chat", model="paced", max_tokens=8))
    oks = [t.ok for t in result.traces]
    assert oks == [False, False, True, True, True]
    assert "503" in result.traces[0].error
    assert result.summary()["failed"] == 2 and result.summary()["output_tokens"] == 6
