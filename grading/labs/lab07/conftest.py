"""Helpers for lab 07's hidden tests: serve the dashboard on a free localhost port, call it."""

from __future__ import annotations

import json
import os
import socket
import urllib.request

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call_api(url: str, endpoint: str, data: list, timeout: float = 30.0) -> list:
    """Call a Gradio endpoint over plain HTTP and return its outputs."""
    request = urllib.request.Request(f"{url}gradio_api/call/{endpoint}",
                                     data=json.dumps({"data": data}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        event_id = json.load(answer)["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/{endpoint}/{event_id}",
                                timeout=timeout) as answer:
        stream = answer.read().decode()
    event = None
    for line in stream.splitlines():
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:") and event == "complete":
            return json.loads(line.split(":", 1)[1])
    raise AssertionError(f"the app answered no result; its event stream was:\n{stream[-2000:]}")
