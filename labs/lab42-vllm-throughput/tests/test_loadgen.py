import asyncio

from lab42_vllm_throughput import delta_text, run_load
from llmlab.llm import ScriptedBackend, running_server


def test_delta_text():
    assert delta_text({"choices": [{"delta": {"content": " hi"}}]}) == " hi"
    assert delta_text({"choices": [{"delta": {"role": "assistant"}}]}) == ""
    assert delta_text({"choices": [{"text": " yo"}]}) == " yo"
    assert delta_text({"choices": [], "usage": {}}) == ""


def test_load_against_a_scripted_server():
    # ScriptedBackend streams one word (= one token) every `delay` seconds after the first.
    backend = ScriptedBackend(["the quick brown fox jumps"], delay=0.04)
    with running_server(backend) as base_url:
        result = asyncio.run(run_load(base_url, ["a", "b", "c", "d"], concurrency=2,
                                      endpoint="chat", model="scripted", max_tokens=16))
    assert all(t.ok for t in result.traces), [t.error for t in result.traces]
    assert [t.completion_tokens for t in result.traces] == [5, 5, 5, 5]
    assert result.traces[0].text == "the quick brown fox jumps"
    summary = result.summary()
    assert summary["output_tokens"] == 20
    assert 0.03 <= summary["itl_p50_s"] <= 0.2
    assert summary["ttft_p50_s"] > 0 and summary["output_tokens_per_s"] > 0
