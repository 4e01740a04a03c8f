"""Server-Sent Events with event names and ids: both sides of the wire format.

An event is a block of ``field: value`` lines ended by a blank line::

    event: token
    id: 3
    data: {"index":3,"text":" upon"}

The shared ``llmlab.llm.sse`` writes and reads the ``data``-only events OpenAI streams use; this
module adds the ``event`` and ``id`` fields our ``/generate`` stream uses to tell tokens, the
final summary and errors apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from llmlab.llm.sse import sse_event


@dataclass(frozen=True)
class ServerEvent:
    """One parsed event: its name (``"message"`` when the stream named none), data and id."""

    event: str
    data: str
    id: str | None = None

    def json(self) -> Any:
        """The data read as JSON."""
        return json.loads(self.data)


def format_sse(data: Any, *, event: str | None = None, id: str | int | None = None) -> str:
    """One event as text: ``event:`` then ``id:`` lines when given, the data, a blank line.

    A ``dict``/``list`` becomes compact JSON; a string is sent as is, one ``data:`` line per
    line of it. ``event`` and ``id`` must be one line each: a newline in them would let the data
    forge a second event, so raise ``ValueError`` naming the field.
    """
    # BEGIN SOLUTION
    head = ""
    for name, value in (("event", event), ("id", id)):
        if value is None:
            continue
        text = str(value)
        if "\n" in text or "\r" in text:
            raise ValueError(f"an SSE {name} must be one line, got {text!r}")
        head += f"{name}: {text}\n"
    return head + sse_event(data)
    # END SOLUTION


def parse_sse(lines: Iterable[str]) -> Iterator[ServerEvent]:
    """The events in a stream of lines (line endings allowed, as ``iter_lines`` may keep them).

    Fields are ``name: value`` (one space after the colon is dropped, ``name:value`` works too);
    several ``data`` lines are joined with ``\\n``; lines starting with ``:`` are comments (keep
    alives) and are skipped, as are unknown fields. An event is dispatched at a blank line, or
    at the end of the stream, and only if it had data; ``event`` defaults to ``"message"``. An
    ``id`` field applies to its event.
    """
    # BEGIN SOLUTION
    data: list[str] = []
    event, event_id = "message", None
    for line in lines:
        line = line.rstrip("\r\n")
        if not line:
            if data:
                yield ServerEvent(event, "\n".join(data), event_id)
            data, event, event_id = [], "message", None
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "data":
            data.append(value)
        elif name == "event":
            event = value
        elif name == "id":
            event_id = value
    if data:
        yield ServerEvent(event, "\n".join(data), event_id)
    # END SOLUTION
