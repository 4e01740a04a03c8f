"""Serving metrics from request traces: TTFT, inter-token latency, tokens/s and percentiles.

The definitions follow vLLM's own benchmark (``vllm bench serve``): a streamed response is a
series of *token events* (SSE chunks that carry text), timed on the client as they arrive.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass
class RequestTrace:
    """What the client saw of one request, in ``time.perf_counter()`` seconds.

    ``token_times`` holds the arrival time of every chunk that carried text, in order;
    ``completion_tokens`` is the server's count from ``usage`` when it sent one, else the number
    of text chunks. A failed request has ``ok=False`` and says why in ``error``.
    """

    start: float
    end: float = math.nan
    token_times: list[float] = field(default_factory=list)
    text: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    ok: bool = True
    error: str = ""


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0..100) of ``values`` with linear interpolation, as
    ``numpy.percentile(values, q)`` (method ``"linear"``) computes it.

    Sort the values into ``x[0] <= ... <= x[n-1]``; the percentile sits at fractional rank
    ``r = q / 100 * (n - 1)`` and is ``x[floor(r)] + (r - floor(r)) * (x[floor(r) + 1] - x[floor(r)])``.
    Raises ``ValueError`` for an empty list or ``q`` outside [0, 100].
    """
    # BEGIN SOLUTION
    if not values:
        raise ValueError("percentile of an empty list: there are no samples to summarise")
    if not 0 <= q <= 100:
        raise ValueError(f"q must be in [0, 100], got {q}")
    x = sorted(values)
    rank = q / 100 * (len(x) - 1)
    lo = math.floor(rank)
    hi = min(lo + 1, len(x) - 1)
    return x[lo] + (rank - lo) * (x[hi] - x[lo])
    # END SOLUTION


def ttft(trace: RequestTrace) -> float:
    """Time to first token: from sending the request to the first chunk that carried text.

    Raises ``ValueError`` when the trace has no token events.
    """
    # BEGIN SOLUTION
    if not trace.token_times:
        raise ValueError("the request produced no tokens, so it has no time to first token")
    return trace.token_times[0] - trace.start
    # END SOLUTION


def inter_token_latencies(trace: RequestTrace) -> list[float]:
    """The gaps between consecutive token events (``len(token_times) - 1`` of them)."""
    # BEGIN SOLUTION
    times = trace.token_times
    return [b - a for a, b in zip(times, times[1:], strict=False)]
    # END SOLUTION


def summarize(traces: list[RequestTrace], wall_time: float) -> dict[str, float]:
    """One run's numbers, over the requests that succeeded (``ok``), as a flat dict.

    Keys: ``requests``, ``completed``, ``failed``, ``output_tokens`` (sum of
    ``completion_tokens``), ``wall_time_s``, ``requests_per_s`` and ``output_tokens_per_s``
    (completed requests and output tokens divided by ``wall_time``), and for each latency
    ``ttft``, ``itl`` (every inter-token gap of every request, pooled) and ``e2e`` (``end -
    start``): ``<name>_mean_s``, ``<name>_p50_s``, ``<name>_p95_s``, ``<name>_p99_s`` with
    :func:`percentile`. A latency with no samples is ``nan``. Counts are floats too.
    """
    # BEGIN SOLUTION
    done = [t for t in traces if t.ok]
    out_tokens = sum(t.completion_tokens for t in done)
    summary = {
        "requests": float(len(traces)),
        "completed": float(len(done)),
        "failed": float(len(traces) - len(done)),
        "output_tokens": float(out_tokens),
        "wall_time_s": wall_time,
        "requests_per_s": len(done) / wall_time,
        "output_tokens_per_s": out_tokens / wall_time,
    }
    samples = {
        "ttft": [ttft(t) for t in done if t.token_times],
        "itl": [gap for t in done for gap in inter_token_latencies(t)],
        "e2e": [t.end - t.start for t in done],
    }
    for name, values in samples.items():
        summary[f"{name}_mean_s"] = sum(values) / len(values) if values else math.nan
        for q in (50, 95, 99):
            summary[f"{name}_p{q}_s"] = percentile(values, q) if values else math.nan
    return summary
    # END SOLUTION
