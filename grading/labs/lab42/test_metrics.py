import math
import random

import pytest
from lab42_vllm_throughput import RequestTrace, inter_token_latencies, percentile, summarize, ttft
from llmlab_grading import points


def _linear(values, q):
    x = sorted(values)
    r = q / 100 * (len(x) - 1)
    lo = math.floor(r)
    hi = min(lo + 1, len(x) - 1)
    return x[lo] + (r - lo) * (x[hi] - x[lo])


@points(8, "percentile(values, q) must match numpy.percentile's default linear method: sort, rank "
           "r = q/100 * (n - 1), interpolate between x[floor(r)] and the next value.",
        task="metrics", timeout=30)
def test_percentile_matches_linear_interpolation():
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == pytest.approx(2.5)
    assert percentile([10.0, 0.0, 5.0], 95) == pytest.approx(9.5)
    assert percentile([3.0, 1.0, 2.0], 0) == 1.0 and percentile([3.0, 1.0, 2.0], 100) == 3.0
    assert percentile([7.0], 99) == 7.0
    rng = random.Random(42)
    for n in (2, 5, 17, 100):
        values = [rng.expovariate(3.0) for _ in range(n)]
        for q in (1, 25, 50, 90, 95, 99, 99.9):
            assert percentile(values, q) == pytest.approx(_linear(values, q), rel=1e-12, abs=1e-15)


@points(2, "percentile must raise ValueError for an empty list and for q outside [0, 100].",
        task="metrics", timeout=30)
def test_percentile_rejects_empty_and_bad_q():
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0, 2.0], 101)
    with pytest.raises(ValueError):
        percentile([1.0, 2.0], -1)


@points(7, "ttft(trace) is token_times[0] - start (ValueError without tokens); inter_token_latencies "
           "is the list of gaps between consecutive token times.", task="metrics", timeout=30)
def test_ttft_and_itl_from_trace():
    trace = RequestTrace(start=10.0, end=11.5, token_times=[10.25, 10.5, 10.625, 11.5])
    assert ttft(trace) == pytest.approx(0.25)
    assert inter_token_latencies(trace) == pytest.approx([0.25, 0.125, 0.875])
    single = RequestTrace(start=0.0, end=1.0, token_times=[0.75])
    assert ttft(single) == pytest.approx(0.75) and inter_token_latencies(single) == []
    with pytest.raises(ValueError):
        ttft(RequestTrace(start=0.0, end=1.0))


@points(8, "summarize must count only ok requests' completion_tokens, divide tokens and completed "
           "requests by wall_time, pool every inter-token gap for itl_*, and use percentile for "
           "the p50/p95/p99 keys.", task="metrics", timeout=30)
def test_summarize_counts_throughput_and_percentiles():
    traces = [
        RequestTrace(start=0.0, end=1.0, token_times=[0.2, 0.4, 0.6, 1.0], completion_tokens=4),
        RequestTrace(start=0.5, end=2.0, token_times=[1.0, 1.5, 2.0], completion_tokens=6),
        RequestTrace(start=0.0, end=0.1, ok=False, error="HTTP 503", completion_tokens=99),
    ]
    s = summarize(traces, wall_time=2.5)
    assert (s["requests"], s["completed"], s["failed"], s["output_tokens"]) == (3, 2, 1, 10)
    assert s["wall_time_s"] == 2.5
    assert s["output_tokens_per_s"] == pytest.approx(4.0)
    assert s["requests_per_s"] == pytest.approx(0.8)
    assert s["ttft_mean_s"] == pytest.approx(0.35)
    assert s["ttft_p50_s"] == pytest.approx(0.35)
    assert s["ttft_p95_s"] == pytest.approx(0.2 + 0.95 * 0.3)
    # gaps: 0.2, 0.2, 0.4 and 0.5, 0.5 pooled
    assert s["itl_mean_s"] == pytest.approx(0.36)
    assert s["itl_p50_s"] == pytest.approx(0.4)
    assert s["itl_p95_s"] == pytest.approx(0.5)
    assert s["e2e_p50_s"] == pytest.approx(1.25)
    assert s["e2e_p99_s"] == pytest.approx(1.0 + 0.99 * 0.5)
    empty = summarize([RequestTrace(start=0.0, end=1.0, ok=False)], wall_time=1.0)
    assert empty["completed"] == 0 and empty["output_tokens_per_s"] == 0
    assert math.isnan(empty["ttft_p50_s"]) and math.isnan(empty["itl_mean_s"])
