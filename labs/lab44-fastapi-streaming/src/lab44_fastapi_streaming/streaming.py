"""From a blocking generation to an async stream, and the ``/generate`` event stream.

A backend's :class:`~llmlab.llm.Generation` is a plain iterator: each ``next()`` may block for a
whole forward pass. Called on the event loop it would freeze every other request, so each
``next()`` runs in a worker thread. When the client goes away, Starlette cancels the task that
streams the response; the generation must then be **closed**, or the model keeps generating
for nobody.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import aclosing
from dataclasses import asdict, dataclass

import anyio.to_thread
from llmlab.llm import Generation

from lab44_fastapi_streaming.sse import format_sse


@dataclass
class StreamStats:
    """How the service's generations ended; ``app.state.stats`` and ``GET /stats``."""

    started: int = 0
    completed: int = 0  # ran to the end (finish reason "stop" or "length")
    cancelled: int = 0  # stopped early: the client went away
    failed: int = 0  # the backend raised

    @property
    def active(self) -> int:
        return self.started - self.completed - self.cancelled - self.failed

    def to_dict(self) -> dict[str, int]:
        return {**asdict(self), "active": self.active}


async def pieces_of(generation: Generation, stats: StreamStats) -> AsyncIterator[str]:
    """Yield ``generation``'s pieces, each ``next()`` run in a worker thread.

    Count the generation in ``stats.started`` at once, and when it ends in exactly one of
    ``completed`` (exhausted), ``failed`` (the backend raised: re-raise it) or ``cancelled``
    (anything else: a ``CancelledError`` from a disconnect, or this iterator being closed early).
    In every case close the generation, so the backend stops. Use
    ``anyio.to_thread.run_sync``: on cancellation it waits for the thread's ``next()`` to
    return, so the generation is never closed while another thread is running it.
    """
    # BEGIN SOLUTION
    stats.started += 1
    outcome = "cancelled"
    try:
        while (piece := await anyio.to_thread.run_sync(next, generation, None)) is not None:
            yield piece
        outcome = "completed"
    except Exception:
        outcome = "failed"
        raise
    finally:
        generation.close()
        setattr(stats, outcome, getattr(stats, outcome) + 1)
    # END SOLUTION


async def sse_stream(generation: Generation, stats: StreamStats) -> AsyncIterator[str]:
    """The body of ``POST /generate``: SSE events made with ``format_sse``.

    For the ``i``-th piece (from 0): ``event: token``, ``id: i``, data ``{"index": i, "text":
    piece}``. At the end: ``event: done``, data ``{"finish_reason": ..., "usage":
    generation.usage.to_dict()}``. If the backend raises: ``event: error``, data
    ``{"message": "<ExceptionType>: <text>"}``, and the stream ends (the 200 status line has
    gone already). Read the pieces with :func:`pieces_of` inside ``contextlib.aclosing`` so it
    is closed even when this stream is.
    """
    # BEGIN SOLUTION
    try:
        async with aclosing(pieces_of(generation, stats)) as pieces:
            index = 0
            async for piece in pieces:
                yield format_sse({"index": index, "text": piece}, event="token", id=index)
                index += 1
    except Exception as exc:
        yield format_sse({"message": f"{type(exc).__name__}: {exc}"}, event="error")
        return
    yield format_sse({"finish_reason": generation.finish_reason, "usage": generation.usage.to_dict()},
                     event="done")
    # END SOLUTION
