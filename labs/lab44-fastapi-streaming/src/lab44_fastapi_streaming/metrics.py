"""What a load test measured, boiled down to the numbers a serving team watches.

- **TTFT** (time to first token): from sending the request to the first token event. What a
  user feels as "it is answering"; under load it grows first, because requests queue.
- **ITL** (inter-token latency): the gaps between consecutive token events of one stream.
- **Throughput**: completion tokens of all successful streams per second of wall time.

Percentiles, not means: p95 is what one request in twenty is worse than.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class StreamTiming:
    """What one client saw of one streamed request; times are ``time.perf_counter()`` seconds."""

    sent: float  # when the request was sent
    token_times: list[float] = field(default_factory=list)  # when each token event arrived
    completion_tokens: int = 0  # from the final event's usage (the model's tokens, not events)
    error: str | None = None  # why the request failed, or None


@dataclass(frozen=True)
class LoadSummary:
    """One concurrency level of a load test. Latencies in milliseconds; NaN when unmeasured."""

    concurrency: int
    requests: int
    errors: int
    ttft_p50_ms: float
    ttft_p95_ms: float
    itl_p50_ms: float
    itl_p95_ms: float
    tokens_per_s: float
    wall_s: float


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0..100) of ``values``, interpolating linearly between ranks.

    Sort the values; the percentile sits at position ``(n - 1) * q / 100`` (so ``q=0`` is the
    minimum, ``q=100`` the maximum, ``q=50`` the median); between two positions, interpolate.
    This is ``numpy.percentile``'s default. Empty ``values`` or ``q`` outside [0, 100] raise
    ``ValueError``.
    """
    # BEGIN SOLUTION
    if not values:
        raise ValueError("percentile of no values: measure something first")
    if not 0 <= q <= 100:
        raise ValueError(f"q must be in [0, 100], got {q}")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
    # END SOLUTION


def summarize(timings: Sequence[StreamTiming], *, concurrency: int, wall_s: float) -> LoadSummary:
    """Boil one level's timings down to a :class:`LoadSummary`.

    Failed requests (``error`` set) count in ``requests`` and ``errors`` and nowhere else.
    TTFT of a successful request with at least one token: ``token_times[0] - sent``. ITL: every
    gap between consecutive ``token_times`` of a stream, all streams pooled. Report p50 and p95
    of each in milliseconds (``float("nan")`` when there is nothing to measure).
    ``tokens_per_s``: the successful requests' ``completion_tokens`` summed, divided by
    ``wall_s`` (which must be positive: ``ValueError`` otherwise).
    """
    # BEGIN SOLUTION
    if wall_s <= 0:
        raise ValueError(f"wall_s must be positive, got {wall_s}")
    ok = [t for t in timings if t.error is None]
    ttfts = [(t.token_times[0] - t.sent) * 1000 for t in ok if t.token_times]
    gaps = [(b - a) * 1000 for t in ok for a, b in zip(t.token_times, t.token_times[1:], strict=False)]

    def pct(values: list[float], q: float) -> float:
        return percentile(values, q) if values else float("nan")

    return LoadSummary(
        concurrency=concurrency, requests=len(timings), errors=len(timings) - len(ok),
        ttft_p50_ms=pct(ttfts, 50), ttft_p95_ms=pct(ttfts, 95),
        itl_p50_ms=pct(gaps, 50), itl_p95_ms=pct(gaps, 95),
        tokens_per_s=sum(t.completion_tokens for t in ok) / wall_s, wall_s=wall_s,
    )
    # END SOLUTION
