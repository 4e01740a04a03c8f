"""The instrumented service: llmlab's OpenAI-compatible server, measured, with ``/metrics``.

    app = create_monitored_app(demo_backend())
    with running_server(app) as base_url:           # http://127.0.0.1:<port>/v1, in a thread
        target = target_of(base_url)                # "127.0.0.1:<port>", what Prometheus scrapes
"""

from __future__ import annotations

import time
from collections.abc import Collection
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Response
from llmlab.llm import Backend, ScriptedBackend, create_app

from lab64_prometheus_grafana.metrics import ServiceMetrics
from lab64_prometheus_grafana.middleware import MeteredBackend, MetricsMiddleware

DEMO_REPLIES = (
    "Prometheus pulls metrics from every target it knows, on a fixed interval.",
    "A histogram counts observations into buckets, so quantiles can be estimated later.",
    "Labels multiply series: keep every label value in a small fixed set.",
    "Counters only go up; rate over a window turns them into per-second speeds.",
)
FAIL_WORD = "boom"  # a prompt containing it makes the demo backend fail (HTTP 500)


def demo_backend(delay: float = 0.0, name: str = "scripted") -> ScriptedBackend:
    """The scripted test double: a fixed answer per prompt length; a prompt containing
    ``"boom"`` raises, which the server turns into a 500. ``delay``: seconds between words."""

    def reply(request: Any) -> str:
        text = request if isinstance(request, str) else " ".join(m.content for m in request)
        if FAIL_WORD in text:
            raise RuntimeError(f"the demo backend fails on purpose on prompts containing {FAIL_WORD!r}")
        return DEMO_REPLIES[len(text) % len(DEMO_REPLIES)]

    return ScriptedBackend(reply, delay=delay, name=name)


def create_monitored_app(backend: Backend | None = None, model_name: str | None = None, *,
                         allowed_models: Collection[str] = (), metrics: ServiceMetrics | None = None,
                         **server_kwargs: Any) -> FastAPI:
    """llmlab's server for ``backend`` (default :func:`demo_backend`), instrumented.

    Adds ``GET /metrics`` (the Prometheus exposition) and ``GET /v1/models/{model_id}``
    (OpenAI's "retrieve model", a route with a path parameter). The token counter's ``model``
    label is the requested model when it is the served one or in ``allowed_models``, else
    ``"other"``. ``app.state.metrics`` is the :class:`ServiceMetrics`; ``server_kwargs`` go to
    ``llmlab.llm.create_app`` (``fail_first_n``, ``fail_status``, ``api_key``, ...).
    """
    metrics = metrics or ServiceMetrics()
    app = create_app(MeteredBackend(backend or demo_backend()), model_name, **server_kwargs)
    served = app.state.model_name
    created = int(time.time())
    # The /v1 routes share one guard (API key, injected faults): reuse it for the new route.
    guard = next(route.dependencies for route in app.routes if getattr(route, "path", "") == "/v1/models")

    async def retrieve_model(model_id: str) -> dict[str, Any]:
        if model_id != served:
            raise HTTPException(404, f"The model '{model_id}' does not exist")
        return {"id": served, "object": "model", "created": created, "owned_by": "llmlab"}

    async def metrics_endpoint() -> Response:
        body, content_type = metrics.exposition()
        return Response(body, media_type=content_type)

    app.add_api_route("/v1/models/{model_id}", retrieve_model, methods=["GET"], dependencies=guard)
    app.add_api_route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)
    app.add_middleware(MetricsMiddleware, metrics=metrics, served_model=served,
                       allowed_models={served, *allowed_models})
    app.state.metrics = metrics
    return app


def target_of(url: str) -> str:
    """``"http://127.0.0.1:8064/v1"`` -> ``"127.0.0.1:8064"``: the ``host:port`` Prometheus scrapes."""
    parts = urlsplit(url)
    if not parts.hostname or not parts.port:
        raise ValueError(f"{url!r} has no host and port: give a URL like http://127.0.0.1:8064")
    return f"{parts.hostname}:{parts.port}"
