"""The WebSocket protocol of ``/ws``: many requests on one connection, one JSON message each way.

Client to server, one text message per request: a :class:`GenerateRequest` as JSON.
Server to client, JSON text messages with a ``type``:

    {"type": "token", "index": 0, "text": " Once"}                 one per piece
    {"type": "done", "finish_reason": "length", "usage": {...}}    after the last piece
    {"type": "error", "status": 422, "message": "max_tokens: ..."} a refused request

A refused request (422, 413) leaves the connection open for the next one.
"""

from __future__ import annotations

from contextlib import aclosing

from fastapi import WebSocket, WebSocketDisconnect
from llmlab.llm import Backend
from pydantic import ValidationError

from lab44_fastapi_streaming.streaming import StreamStats, pieces_of
from lab44_fastapi_streaming.validation import (
    GenerateRequest,
    Limits,
    TooLarge,
    check_prompt_size,
    validation_message,
)


async def websocket_session(websocket: WebSocket, backend: Backend, limits: Limits, stats: StreamStats) -> None:
    """Serve one WebSocket connection until the client closes it.

    Accept it, then for each text message: parse it with ``GenerateRequest.model_validate_json``
    (a ``ValidationError``, bad JSON included, answers ``{"type": "error", "status": 422,
    "message": validation_message(exc.errors())}``); check the prompt with
    ``check_prompt_size(backend.count_tokens(prompt), limits)`` (``TooLarge`` answers status 413
    with ``str(exc)``); then generate with ``body.sampling(limits)`` and send a ``token`` message
    per piece from :func:`pieces_of` (inside ``aclosing``) and a ``done`` message with the finish
    reason and ``usage.to_dict()``. A backend error answers status 500 with ``"<Type>: <text>"``.
    When the client disconnects (``WebSocketDisconnect``, also raised by a send on a closed
    connection) return quietly: the generation is closed by ``pieces_of``.
    """
    # BEGIN SOLUTION
    await websocket.accept()
    try:
        while True:
            text = await websocket.receive_text()
            try:
                body = GenerateRequest.model_validate_json(text)
                check_prompt_size(backend.count_tokens(body.prompt), limits)
            except ValidationError as exc:
                await websocket.send_json({"type": "error", "status": 422,
                                           "message": validation_message(exc.errors())})
                continue
            except TooLarge as exc:
                await websocket.send_json({"type": "error", "status": 413, "message": str(exc)})
                continue
            generation = backend.generate(body.prompt, **body.sampling(limits))
            try:
                async with aclosing(pieces_of(generation, stats)) as pieces:
                    index = 0
                    async for piece in pieces:
                        await websocket.send_json({"type": "token", "index": index, "text": piece})
                        index += 1
            except WebSocketDisconnect:
                raise
            except Exception as exc:
                await websocket.send_json({"type": "error", "status": 500,
                                           "message": f"{type(exc).__name__}: {exc}"})
                continue
            await websocket.send_json({"type": "done", "finish_reason": generation.finish_reason,
                                       "usage": generation.usage.to_dict()})
    except WebSocketDisconnect:
        return
    # END SOLUTION
