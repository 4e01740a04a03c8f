"""``POST /v1/chat/completions`` in OpenAI's shapes, so any OpenAI client can use the service.

Streamed, the body is ``data:``-only SSE (``llmlab.llm.sse.sse_event``), one
``chat.completion.chunk`` per event, ending with ``data: [DONE]``::

    {"id": "chatcmpl-..", "object": "chat.completion.chunk", "created": 1700000000, "model": "m",
     "choices": [{"index": 0, "delta": {"content": " upon"}, "logprobs": null, "finish_reason": null}]}

Not streamed, one ``chat.completion`` object with the whole message and the usage.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Any

from llmlab.llm import Generation
from llmlab.llm.sse import DONE, sse_event

from lab44_fastapi_streaming.streaming import StreamStats, pieces_of


def chunk(base: dict[str, Any], delta: dict[str, Any], finish_reason: str | None) -> dict[str, Any]:
    """One ``chat.completion.chunk``: ``base`` (id, object, created, model) and one choice."""
    return {**base, "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}]}


async def openai_stream(generation: Generation, stats: StreamStats, *, base: dict[str, Any],
                        include_usage: bool = False) -> AsyncIterator[str]:
    """The streamed body: ``sse_event`` of each chunk, then ``sse_event(DONE)``.

    ``base`` is ``{"id", "object": "chat.completion.chunk", "created", "model"}``. Chunks, in order:
    the role (``delta {"role": "assistant", "content": ""}``); one ``{"content": piece}`` per
    piece from :func:`pieces_of` (inside ``aclosing``); an empty delta with the
    ``finish_reason``. With ``include_usage`` every chunk also has ``"usage": None`` and one more
    chunk with ``"choices": []`` and ``"usage": generation.usage.to_dict()`` comes before
    ``[DONE]``. If the backend raises, send ``{"error": {"message": "<Type>: <text>", "type":
    "server_error", "param": None, "code": None}}`` and end without ``[DONE]``.
    """
    # BEGIN SOLUTION
    extra: dict[str, Any] = {"usage": None} if include_usage else {}
    yield sse_event({**chunk(base, {"role": "assistant", "content": ""}, None), **extra})
    try:
        async with aclosing(pieces_of(generation, stats)) as pieces:
            async for piece in pieces:
                yield sse_event({**chunk(base, {"content": piece}, None), **extra})
    except Exception as exc:
        yield sse_event({"error": {"message": f"{type(exc).__name__}: {exc}", "type": "server_error",
                                   "param": None, "code": None}})
        return
    yield sse_event({**chunk(base, {}, generation.finish_reason), **extra})
    if include_usage:
        yield sse_event({**base, "choices": [], "usage": generation.usage.to_dict()})
    yield sse_event(DONE)
    # END SOLUTION


async def openai_response(generation: Generation, stats: StreamStats, *, base: dict[str, Any]) -> dict[str, Any]:
    """The non-streamed body: ``base`` with ``"object": "chat.completion"`` and
    ``choices [{"index": 0, "message": {"role": "assistant", "content": text}, "logprobs": None,
    "finish_reason": ...}]`` and ``usage``. Read the pieces with :func:`pieces_of` too (the model
    must not block the event loop here either); a backend error propagates (the app answers 500).
    """
    # BEGIN SOLUTION
    async with aclosing(pieces_of(generation, stats)) as pieces:
        text = "".join([piece async for piece in pieces])
    choice = {"index": 0, "message": {"role": "assistant", "content": text}, "logprobs": None,
              "finish_reason": generation.finish_reason}
    return {**base, "object": "chat.completion", "choices": [choice], "usage": generation.usage.to_dict()}
    # END SOLUTION
