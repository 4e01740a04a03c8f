import math

import pytest
from lab42_vllm_throughput import RequestTrace, inter_token_latencies, percentile, summarize, ttft


def test_percentile_is_numpy_linear():
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == pytest.approx(2.5)  # np.percentile: 2.5
    assert percentile([4.0, 1.0, 3.0, 2.0], 95) == pytest.approx(3.85)  # np.percentile: 3.85
    assert percentile([5.0], 99) == 5.0
    with pytest.raises(ValueError):
        percentile([], 50)


def test_ttft_and_inter_token_latencies():
    trace = RequestTrace(start=1.0, end=2.0, token_times=[1.5, 1.75, 2.0])
    assert ttft(trace) == pytest.approx(0.5)
    assert inter_token_latencies(trace) == pytest.approx([0.25, 0.25])


def test_summarize_tokens_per_second():
    traces = [RequestTrace(start=0.0, end=1.0, token_times=[0.5, 1.0], completion_tokens=2),
              RequestTrace(start=0.0, end=2.0, token_times=[1.0, 1.5, 2.0], completion_tokens=3)]
    s = summarize(traces, wall_time=2.0)
    assert s["output_tokens"] == 5 and s["output_tokens_per_s"] == pytest.approx(2.5)
    assert s["ttft_p50_s"] == pytest.approx(0.75)
    assert s["itl_mean_s"] == pytest.approx(0.5)
    assert math.isnan(summarize([], 1.0)["e2e_p95_s"])
