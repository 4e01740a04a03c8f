"""Server-sent events, both ways: the ``data: ...`` lines OpenAI-style streams are made of.

A stream is a series of events separated by blank lines; an event's ``data:`` lines are joined
with newlines. OpenAI-compatible servers send one JSON object per event and end with
``data: [DONE]``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

DONE = "[DONE]"


def sse_event(data: Any) -> str:
    """One event: a dict becomes compact JSON; a string (such as ``[DONE]``) is sent as is."""
    text = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return "".join(f"data: {line}\n" for line in text.split("\n")) + "\n"


def iter_sse_data(lines: Iterable[str]) -> Iterator[str]:
    """The ``data`` of each event in a stream of lines (without their line endings).

    Comments (``:``-lines) and other fields (``event:``, ``id:``, ``retry:``) are skipped; an
    event is complete at a blank line, or at the end of the stream.
    """
    buffer: list[str] = []
    for line in lines:
        line = line.rstrip("\r\n")
        if not line:
            if buffer:
                yield "\n".join(buffer)
                buffer = []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        if name == "data":
            buffer.append(value[1:] if value.startswith(" ") else value)
    if buffer:
        yield "\n".join(buffer)
