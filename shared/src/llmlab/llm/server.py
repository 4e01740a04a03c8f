"""A small OpenAI-compatible server in front of any :class:`~llmlab.llm.backends.Backend`.

    app = create_app(HFBackend("runs/my-model"), model_name="my-model")   # serve with uvicorn
    with running_server(ScriptedBackend(["Hi!"])) as base_url:            # or in a thread, in tests
        OpenAICompatibleClient(base_url).chat("Hello").text                # 'Hi!'

Routes: ``GET /v1/models``, ``POST /v1/chat/completions`` and ``POST /v1/completions`` (both
with ``"stream": true`` as server-sent events ending in ``data: [DONE]``), and ``GET /health``.
Bodies are checked by pydantic models (422 with OpenAI's ``{"error": {...}}`` when wrong). An
``api_key`` makes every ``/v1`` route want ``Authorization: Bearer <key>``. For testing clients,
``fail_first_n`` makes the first requests fail with ``fail_status`` (429, 503, ...) and an
optional ``Retry-After``; ``app.state.faults`` re-arms that and counts requests.
Needs ``llmlab[serve]`` (FastAPI, uvicorn).
"""

from __future__ import annotations

import contextlib
import hmac
import itertools
import socket
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from typing import Any, Literal

try:
    from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
    from fastapi.encoders import jsonable_encoder
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse, StreamingResponse
    from pydantic import BaseModel, ConfigDict, Field
    from starlette.exceptions import HTTPException as StarletteHTTPException
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("llmlab.llm.server needs FastAPI and uvicorn: install llmlab[serve]") from exc

from llmlab.llm.backends import Backend, Generation
from llmlab.llm.messages import Message
from llmlab.llm.sse import DONE, sse_event

# -- request bodies -----------------------------------------------------------------------------


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")  # OpenAI clients send many fields we do not use


class ContentPart(_Body):
    type: str = "text"
    text: str = ""


class ChatMessageIn(_Body):
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPart] | None = None

    def to_message(self) -> Message:
        content = self.content
        if isinstance(content, list):
            content = "".join(part.text for part in content if part.type == "text")
        return Message(self.role, content or "")


class StreamOptions(_Body):
    include_usage: bool = False


class _Sampling(_Body):
    model: str | None = None
    max_tokens: int | None = Field(None, ge=1)
    temperature: float | None = Field(None, ge=0, le=2)
    top_p: float | None = Field(None, gt=0, le=1)
    seed: int | None = None
    stop: str | list[str] | None = None
    n: int = Field(1, ge=1, le=1, description="only one choice is supported")
    stream: bool = False
    stream_options: StreamOptions | None = None


class ChatCompletionRequest(_Sampling):
    messages: list[ChatMessageIn] = Field(min_length=1)
    max_completion_tokens: int | None = Field(None, ge=1)


class CompletionRequest(_Sampling):
    prompt: str


# -- fault injection ----------------------------------------------------------------------------


class FaultInjector:
    """Makes the next ``n`` ``/v1`` requests fail, and counts what came in (for tests)."""

    def __init__(self, fail_first_n: int = 0, fail_status: int | Sequence[int] = 503,
                 retry_after: float | None = None) -> None:
        self.requests = 0  # /v1 requests received, failed ones included
        self.injected = 0  # of those, how many got an injected failure
        self.arm(fail_first_n, fail_status, retry_after)

    def arm(self, n: int, status: int | Sequence[int] = 503, retry_after: float | None = None) -> None:
        """Fail the next ``n`` requests, with the statuses in ``status`` in turn."""
        statuses = [status] if isinstance(status, int) else list(status)
        if n and not statuses:
            raise ValueError("give at least one status to fail with")
        self.remaining = n
        self.statuses = itertools.cycle(statuses or [503])
        self.retry_after = retry_after

    def reset(self) -> None:
        self.arm(0)
        self.requests = self.injected = 0

    def check(self) -> None:
        self.requests += 1
        if self.remaining <= 0:
            return
        self.remaining -= 1
        self.injected += 1
        status = next(self.statuses)
        headers = {"Retry-After": f"{self.retry_after:g}"} if self.retry_after is not None else None
        raise HTTPException(status, f"injected failure {self.injected} (status {status})", headers=headers)


# -- responses ----------------------------------------------------------------------------------

_ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
                422: "invalid_request_error", 429: "rate_limit_error"}


def _error(status: int, message: str, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    kind = _ERROR_TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    body = {"error": {"message": message, "type": kind, "param": None, "code": None}, **extra}
    return JSONResponse(body, status_code=status, headers=headers)


def _crashed(exc: Exception) -> JSONResponse:
    """A backend's ``ValueError`` refuses the request (400, as for a prompt too long); anything else is a 500."""
    if isinstance(exc, ValueError):
        return _error(400, str(exc))
    return _error(500, f"{type(exc).__name__}: {exc}")


def _sampling(body: _Sampling, default_max_tokens: int, max_tokens: int | None) -> dict[str, Any]:
    return {
        "max_tokens": max_tokens or default_max_tokens,
        "temperature": 1.0 if body.temperature is None else body.temperature,
        "top_p": 1.0 if body.top_p is None else body.top_p,
        "seed": body.seed,
        "stop": body.stop,
    }


def _events(generation: Generation, make_chunk: Any, first: dict[str, Any] | None,
            include_usage: bool, base: dict[str, Any]) -> Iterator[str]:
    """The SSE stream of one generation; runs in a worker thread, piece by piece."""
    extra = {"usage": None} if include_usage else {}
    try:
        if first is not None:
            yield sse_event({**base, "choices": [first], **extra})
        for piece in generation:
            yield sse_event({**base, "choices": [make_chunk(piece, None)], **extra})
        yield sse_event({**base, "choices": [make_chunk(None, generation.finish_reason)], **extra})
        if include_usage:
            yield sse_event({**base, "choices": [], "usage": generation.usage.to_dict()})
    except Exception as exc:  # the status line is sent already: report it in the stream
        yield sse_event({"error": {"message": f"{type(exc).__name__}: {exc}", "type": "server_error",
                                   "param": None, "code": None}})
        return
    finally:
        generation.close()
    yield sse_event(DONE)


def create_app(backend: Backend, model_name: str | None = None, *, api_key: str | None = None,
               default_max_tokens: int = 256, fail_first_n: int = 0, fail_status: int | Sequence[int] = 503,
               retry_after: float | None = None) -> FastAPI:
    """A FastAPI app serving ``backend`` as ``model_name`` (default: the backend's ``name``).

    Requests may name any model: there is one, and responses carry its name.
    """
    served = model_name or getattr(backend, "name", None) or "llmlab"
    created = int(time.time())
    faults = FaultInjector(fail_first_n, fail_status, retry_after)

    async def guard(request: Request) -> None:  # async: runs on the event loop, so counts never race
        faults.check()
        if api_key is not None:
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {api_key}".encode()):
                raise HTTPException(401, "Incorrect API key provided: send 'Authorization: Bearer <key>'")

    app = FastAPI(title=f"llmlab OpenAI-compatible server ({served})")
    app.state.faults = faults
    app.state.backend = backend
    app.state.model_name = served
    router = APIRouter(prefix="/v1", dependencies=[Depends(guard)])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def bad_body(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        message = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in errors)
        return _error(422, message or "invalid request body", detail=jsonable_encoder(errors))

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/models")
    async def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": served, "object": "model", "created": created, "owned_by": "llmlab"}]}

    def respond(body: _Sampling, request: Any, max_tokens: int | None, chat: bool) -> Any:
        try:
            generation = backend.generate(request, **_sampling(body, default_max_tokens, max_tokens))
        except Exception as exc:  # in OpenAI's shape: 400 for a refusal, 500 for a failure
            return _crashed(exc)
        prefix, obj = ("chatcmpl", "chat.completion") if chat else ("cmpl", "text_completion")
        base = {"id": f"{prefix}-{uuid.uuid4().hex[:24]}", "created": int(time.time()), "model": served}
        if body.stream:
            if chat:
                def chunk(text: str | None, finish: str | None) -> dict[str, Any]:
                    delta = {} if text is None else {"content": text}
                    return {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}

                first = {"index": 0, "delta": {"role": "assistant", "content": ""}, "logprobs": None,
                         "finish_reason": None}
            else:
                def chunk(text: str | None, finish: str | None) -> dict[str, Any]:
                    return {"index": 0, "text": text or "", "logprobs": None, "finish_reason": finish}

                first = None
            include_usage = bool(body.stream_options and body.stream_options.include_usage)
            events = _events(generation, chunk, first, include_usage,
                             {**base, "object": f"{obj}.chunk" if chat else obj})
            return StreamingResponse(events, media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
        try:
            result = generation.result()
        except Exception as exc:
            return _crashed(exc)
        if chat:
            choice = {"index": 0, "message": {"role": "assistant", "content": result.text}}
        else:
            choice = {"index": 0, "text": result.text}
        choice.update(logprobs=None, finish_reason=result.finish_reason)
        return {**base, "object": obj, "choices": [choice], "usage": result.usage.to_dict()}

    @router.post("/chat/completions")
    def chat_completions(body: ChatCompletionRequest) -> Any:  # plain def: FastAPI runs it in a thread
        messages = [m.to_message() for m in body.messages]
        return respond(body, messages, body.max_completion_tokens or body.max_tokens, chat=True)

    @router.post("/completions")
    def completions(body: CompletionRequest) -> Any:
        return respond(body, body.prompt, body.max_tokens, chat=False)

    app.include_router(router)
    return app


# -- running it in a thread ---------------------------------------------------------------------


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


@contextlib.contextmanager
def running_server(backend: Backend | FastAPI, host: str = "127.0.0.1", port: int = 0, *,
                   startup_timeout: float = 15.0, **app_kwargs: Any) -> Iterator[str]:
    """Serve ``backend`` (or a ready app from :func:`create_app`) with uvicorn in a background thread.

    Yields the base URL, ``http://127.0.0.1:<port>/v1``; ``port=0`` picks a free port. The
    server answers before the body runs and is shut down when it ends, raised or not.
    ``app_kwargs`` go to :func:`create_app`.
    """
    import uvicorn

    app = backend if isinstance(backend, FastAPI) else create_app(backend, **app_kwargs)
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:  # bound here, so a taken port fails now, in the caller, and port 0 is resolved at once
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise RuntimeError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from exc
    bound = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, log_config=None, timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    failure: list[BaseException] = []

    def serve() -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # uvicorn exits with SystemExit when startup fails
            failure.append(exc)

    thread = threading.Thread(target=serve, name=f"llmlab-server-{host}:{bound}", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + startup_timeout
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError(f"the server on {host}:{bound} did not start: {failure[0]!r}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server on {host}:{bound} did not start within {startup_timeout} s")
            time.sleep(0.01)
        root = f"http://{_url_host(host)}:{bound}"
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy
        while True:
            try:
                with opener.open(root + "/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        yield root + "/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
