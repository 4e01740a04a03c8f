"""The service: FastAPI routes that wire your pieces together (given; read it).

    app = create_stream_app(GatedBackend(), limits=Limits(max_prompt_tokens=64))
    with llmlab.llm.running_server(app) as base:      # http://127.0.0.1:<free port>/v1
        root = base.removesuffix("/v1")

Routes: ``POST /generate`` (SSE: ``token``/``done``/``error`` events), ``WS /ws`` (JSON
messages), ``POST /v1/chat/completions`` (OpenAI, ``"stream"`` true or false), ``GET /v1/models``,
``GET /stats`` (how generations ended) and ``GET /health``. Every error is OpenAI's
``{"error": {"message": ..., "type": ...}}``; a 422 adds pydantic's ``detail`` list.
"""

from __future__ import annotations

import time
import uuid
from functools import partial
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, HTTPException, Request, WebSocket
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from llmlab.llm import Backend, plain_prompt
from llmlab.llm.server import ChatCompletionRequest
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from lab44_fastapi_streaming.openai_api import openai_response, openai_stream
from lab44_fastapi_streaming.streaming import StreamStats, sse_stream
from lab44_fastapi_streaming.validation import (
    MAX_TOKENS_CAP,
    GenerateRequest,
    Limits,
    TooLarge,
    check_body_size,
    check_prompt_size,
    validation_message,
)
from lab44_fastapi_streaming.websocket import websocket_session

# Proxies such as nginx buffer responses unless told not to: a buffered stream is no stream.
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
_ERROR_TYPES = {400: "invalid_request_error", 404: "not_found_error", 413: "invalid_request_error",
                422: "invalid_request_error"}


def error_response(status: int, message: str, **extra: Any) -> JSONResponse:
    """OpenAI's error body, which ``llmlab.llm.OpenAICompatibleClient`` and ``openai`` both read."""
    kind = _ERROR_TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    body = {"error": {"message": message, "type": kind, "param": None, "code": None}, **extra}
    return JSONResponse(body, status_code=status)


class BodySizeLimit:
    """Pure ASGI middleware: refuse a too-large body from its Content-Length, unread.

    (Starlette's ``@app.middleware("http")`` wraps streamed responses in a way that hides the
    client's disconnect from them; a pure ASGI middleware passes everything through untouched.)
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        length = dict(scope["headers"]).get(b"content-length") if scope["type"] == "http" else None
        if length is not None:  # requests without a body (GET /health) have nothing to check
            try:
                check_body_size(length.decode("latin-1"), self.max_body_bytes)
            except TooLarge as exc:
                await error_response(413, str(exc))(scope, receive, send)
                return
            except ValueError as exc:
                await error_response(400, str(exc))(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_stream_app(backend: Backend, *, limits: Limits | None = None, model_name: str | None = None) -> FastAPI:
    """The streaming service around ``backend``; ``app.state`` holds ``backend``, ``limits``, ``stats``."""
    limits = limits or Limits()
    served = model_name or getattr(backend, "name", None) or "model"
    stats = StreamStats()
    app = FastAPI(title=f"lab 44 streaming service ({served})")
    app.state.backend, app.state.limits, app.state.stats = backend, limits, stats
    app.add_middleware(BodySizeLimit, max_body_bytes=limits.max_body_bytes)

    @app.exception_handler(RequestValidationError)
    async def bad_body(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        return error_response(422, validation_message(errors), detail=jsonable_encoder(errors))

    @app.exception_handler(TooLarge)
    async def too_large(request: Request, exc: TooLarge) -> JSONResponse:
        return error_response(413, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail))

    async def start(request: Any, prompt_text: str, sampling: dict[str, Any]) -> Any:
        """Check the prompt's size, then start the generation off the event loop."""
        check_prompt_size(backend.count_tokens(prompt_text), limits)
        try:
            return await anyio.to_thread.run_sync(partial(backend.generate, request, **sampling))
        except ValueError as exc:  # the backend refuses it (a prompt past the model's context)
            raise HTTPException(400, str(exc)) from exc

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/stats")
    async def get_stats() -> dict[str, int]:
        return stats.to_dict()

    @app.post("/generate")
    async def generate(body: GenerateRequest) -> StreamingResponse:
        generation = await start(body.prompt, body.prompt, body.sampling(limits))
        return StreamingResponse(sse_stream(generation, stats), media_type="text/event-stream",
                                 headers=STREAM_HEADERS)

    @app.websocket("/ws")
    async def ws(websocket: WebSocket) -> None:
        await websocket_session(websocket, backend, limits, stats)

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": served, "object": "model", "owned_by": "lab44"}]}

    @app.post("/v1/chat/completions")
    async def chat_completions(body: ChatCompletionRequest) -> Any:
        messages = [m.to_message() for m in body.messages]
        max_tokens = min(body.max_completion_tokens or body.max_tokens or limits.default_max_tokens,
                         MAX_TOKENS_CAP)
        sampling = {"max_tokens": max_tokens, "temperature": 1.0 if body.temperature is None else body.temperature,
                    "top_p": 1.0 if body.top_p is None else body.top_p, "seed": body.seed, "stop": body.stop}
        generation = await start(messages, plain_prompt(messages), sampling)
        base = {"id": f"chatcmpl-{uuid.uuid4().hex[:24]}", "created": int(time.time()), "model": served}
        if body.stream:
            include_usage = bool(body.stream_options and body.stream_options.include_usage)
            events = openai_stream(generation, stats, base={**base, "object": "chat.completion.chunk"},
                                   include_usage=include_usage)
            return StreamingResponse(events, media_type="text/event-stream", headers=STREAM_HEADERS)
        try:
            return await openai_response(generation, stats, base=base)
        except Exception as exc:
            return error_response(500, f"{type(exc).__name__}: {exc}")

    return app


def default_backend(model: str | None = None) -> Backend:
    """The zoo's ``stories-lm-small`` (offline), or ``model``: a hub id or a folder, via ``resolve_model``."""
    from llmlab.llm import HFBackend
    from llmlab.zoo import resolve_model

    return HFBackend(resolve_model(model, fallback="stories-lm-small"), device="cpu")
