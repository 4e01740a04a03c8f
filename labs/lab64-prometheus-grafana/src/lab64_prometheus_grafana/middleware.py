"""Measuring every request where it enters the app: an ASGI middleware and a metered backend.

The middleware sits around the whole FastAPI app, so it sees every request, including the
ones no route serves (404) and the ones whose body fails validation (422), and it stops the
clock when the *last* byte of the response is sent: for a streamed completion that is the end
of the generation, not the moment the headers left.

Generated tokens are known only to the backend. :class:`MeteredBackend` hands each generation
it starts to the request being served, through a context variable that the middleware sets
(Starlette copies context variables into the worker threads that run plain ``def``
endpoints and iterate streamed responses); when the response is over, the middleware adds up
the generations' completion tokens.
"""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from llmlab.llm import Backend, Generation

from lab64_prometheus_grafana.labels import model_label, route_template, status_class
from lab64_prometheus_grafana.metrics import ServiceMetrics

MAX_BODY_BYTES = 1 << 20  # request bytes kept to read the ``model`` field; the rest passes unread


@dataclass
class RequestRecord:
    """What one request has started so far: the generations of its backend calls."""

    generations: list[Generation] = field(default_factory=list)


_current: ContextVar[RequestRecord | None] = ContextVar("lab64_current_request", default=None)


class MeteredBackend:
    """``backend``, unchanged, except that each generation it starts is recorded on the
    request being served (when there is one)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.name = getattr(backend, "name", "llmlab")

    def generate(self, request: Any, **sampling: Any) -> Generation:
        generation = self.backend.generate(request, **sampling)
        record = _current.get()
        if record is not None:
            record.generations.append(generation)
        return generation

    def count_tokens(self, text: str) -> int:
        return self.backend.count_tokens(text)


def requested_model(body: bytes, default: str) -> object:
    """The ``model`` field of a JSON request body; ``default`` when there is none."""
    try:
        data = json.loads(body)
    except ValueError:  # not JSON (or cut at MAX_BODY_BYTES): the route will refuse it anyway
        return default
    model = data.get("model") if isinstance(data, dict) else None
    return default if model is None else model


class MetricsMiddleware:
    """Pure ASGI middleware recording every HTTP request into ``metrics``.

    Labels come from fixed sets only: the route *template* that serves the path
    (``route_template``), the status class (``status_class``), and the requested model
    through the allow-list ``allowed_models`` (``model_label``). Paths in ``skip`` (the
    ``/metrics`` endpoint, scraped every second) are not measured.
    """

    def __init__(self, app: Any, metrics: ServiceMetrics, *, served_model: str,
                 allowed_models: Collection[str], skip: Sequence[str] = ("/metrics",)) -> None:
        self.app = app
        self.metrics = metrics
        self.served_model = served_model
        self.allowed_models = frozenset(allowed_models)
        self.skip = frozenset(skip)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] in self.skip:
            await self.app(scope, receive, send)
            return
        # Starlette puts the application in the scope: its routes' templates are the label set.
        templates = [route.path for route in scope["app"].routes if hasattr(route, "path")]
        route = route_template(scope["path"], templates)
        record = RequestRecord()
        body = bytearray()
        status = 500  # what the client gets if the app raises before it responds

        async def read() -> dict[str, Any]:
            message = await receive()
            if message["type"] == "http.request" and len(body) < MAX_BODY_BYTES:
                body.extend(message.get("body", b""))
            return message

        async def write(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        token = _current.set(record)
        started = time.perf_counter()
        try:
            with self.metrics.in_flight.track_inprogress():
                await self.app(scope, read, write)
        except Exception:
            status = 500  # the server failed this request, whatever it had sent already
            raise
        finally:
            _current.reset(token)
            self.metrics.observe_request(route, status_class(status), time.perf_counter() - started)
            if record.generations:
                model = model_label(requested_model(bytes(body), self.served_model), self.allowed_models)
                self.metrics.observe_tokens(model, sum(g.completion_tokens for g in record.generations))
