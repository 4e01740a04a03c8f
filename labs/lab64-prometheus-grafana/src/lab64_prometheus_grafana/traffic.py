"""Demo traffic for the dashboard: good requests, streams, failures, and a hostile client.

The hostile part sends a new random path, model name and model id every time: with raw
paths or names as label values each of those would be a new time series; with bounded labels
they all land in ``unmatched``, ``other`` and ``/v1/models/{model_id}``.
"""

from __future__ import annotations

import random
import threading
from collections import Counter

import httpx

from lab64_prometheus_grafana.app import FAIL_WORD

# (kind, weight): what share of the requests each kind is.
MIX = (("chat", 50), ("stream", 20), ("completion", 10), ("fail", 4), ("invalid", 4),
       ("random-path", 4), ("random-model", 4), ("random-model-id", 4))


def send_demo_traffic(root_url: str, model: str, stop: threading.Event, rps: float = 5.0,
                      seed: int = 0, sent: Counter[str] | None = None) -> Counter[str]:
    """Send the ``MIX`` of requests to the service at ``root_url`` (``http://host:port``), one at
    a time, pausing a random ``1 / rps`` seconds on average between them, until ``stop`` is set;
    returns how many of each kind (counted into ``sent`` when given)."""
    rng = random.Random(seed)
    kinds, weights = zip(*MIX, strict=True)
    sent = Counter() if sent is None else sent
    with httpx.Client(base_url=root_url, trust_env=False, timeout=60.0) as client:
        while not stop.is_set():
            kind = rng.choices(kinds, weights)[0]
            words = " ".join(rng.choice(("tell", "me", "about", "metrics", "labels", "buckets"))
                             for _ in range(rng.randint(2, 9)))
            chat = {"model": model, "messages": [{"role": "user", "content": words}]}
            try:
                if kind == "chat":
                    client.post("/v1/chat/completions", json=chat)
                elif kind == "stream":
                    with client.stream("POST", "/v1/chat/completions", json={**chat, "stream": True}) as reply:
                        for _ in reply.iter_lines():
                            pass
                elif kind == "completion":
                    client.post("/v1/completions", json={"model": model, "prompt": words})
                elif kind == "fail":
                    client.post("/v1/completions", json={"model": model, "prompt": f"{words} {FAIL_WORD}"})
                elif kind == "invalid":
                    client.post("/v1/chat/completions", json={"model": model, "messages": []})
                elif kind == "random-path":
                    client.get(f"/v1/{rng.getrandbits(64):016x}")
                elif kind == "random-model":
                    client.post("/v1/chat/completions", json={**chat, "model": f"model-{rng.getrandbits(32):08x}"})
                else:
                    client.get(f"/v1/models/{rng.getrandbits(32):08x}")
            except httpx.HTTPError:
                if stop.is_set():  # the service stopped under us: the run is over
                    break
                raise
            sent[kind] += 1
            stop.wait(rng.expovariate(rps))  # Poisson arrivals: bursts and lulls, as in real traffic
    return sent


class DemoTraffic:
    """``clients`` concurrent :func:`send_demo_traffic` loops in background threads (client
    ``i`` seeded ``seed + i``): ``start()``, then ``stop()``."""

    def __init__(self, root_url: str, model: str, rps: float = 5.0, seed: int = 0, clients: int = 3) -> None:
        self._stop = threading.Event()
        self._sent: list[Counter[str]] = [Counter() for _ in range(clients)]
        self._threads = [threading.Thread(target=send_demo_traffic, name=f"lab64-demo-traffic-{i}", daemon=True,
                                          args=(root_url, model, self._stop, rps / clients, seed + i, sent))
                         for i, sent in enumerate(self._sent)]

    def start(self) -> DemoTraffic:
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> Counter[str]:
        """Stop after the requests in progress; returns how many of each kind were sent."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=60)
        return sum(self._sent, Counter())
