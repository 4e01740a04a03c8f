"""Hidden tests, task metrics: percentile and summarize."""

import math

import pytest
from lab44_fastapi_streaming import StreamTiming, percentile, summarize
from llmlab_grading import points


@points(4, "percentile: sort, position (n-1)*q/100, interpolate linearly between neighbours "
        "(numpy's default); ValueError for no values or q outside [0, 100].", task="metrics", timeout=30)
def test_percentile_interpolates():
    values = [15, 20, 35, 40, 50]
    assert percentile(values, 0) == 15 and percentile(values, 100) == 50
    assert percentile(values, 50) == 35
    assert percentile(values, 40) == pytest.approx(29.0)
    assert percentile([50, 40, 35, 20, 15], 95) == pytest.approx(48.0)
    assert percentile([7.5], 95) == 7.5
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1, 2], 101)


@points(4, "summarize: TTFT = first token time - sent, ITL = every gap within a stream (pooled), in ms; "
        "tokens/s = completion tokens of successful requests / wall_s.", task="metrics", timeout=30)
def test_summarize_numbers():
    timings = [StreamTiming(10.0, [10.1, 10.2, 10.5], 3), StreamTiming(20.0, [20.3, 20.4], 2),
               StreamTiming(30.0, [30.5], 1)]
    s = summarize(timings, concurrency=3, wall_s=2.0)
    assert (s.concurrency, s.requests, s.errors) == (3, 3, 0)
    assert s.ttft_p50_ms == pytest.approx(300.0)
    assert s.ttft_p95_ms == pytest.approx(480.0)
    assert s.itl_p50_ms == pytest.approx(100.0)
    assert s.itl_p95_ms == pytest.approx(280.0)
    assert s.tokens_per_s == pytest.approx(3.0)
    assert s.wall_s == 2.0


@points(2, "summarize: failed requests count in requests and errors only; NaN where nothing was "
        "measured; wall_s must be positive.", task="metrics", timeout=30)
def test_summarize_errors_and_nothing_measured():
    timings = [StreamTiming(0.0, [0.2], 5), StreamTiming(0.0, [0.01, 0.02], 7, error="HTTP 500")]
    s = summarize(timings, concurrency=2, wall_s=1.0)
    assert (s.requests, s.errors, s.tokens_per_s) == (2, 1, 5.0)
    assert s.ttft_p50_ms == pytest.approx(200.0)
    assert math.isnan(s.itl_p50_ms) and math.isnan(s.itl_p95_ms)
    with pytest.raises(ValueError):
        summarize(timings, concurrency=2, wall_s=0.0)
