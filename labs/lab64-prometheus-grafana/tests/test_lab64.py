"""Public tests: labels, metrics, the instrumented service, a real Prometheus, the dashboard.

The Prometheus test runs the Debian package's binary (``apt-get install prometheus``).
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from lab64_prometheus_grafana import (
    OTHER_MODEL,
    UNMATCHED,
    PrometheusNotFound,
    PromQLError,
    ServiceMetrics,
    build_dashboard,
    create_monitored_app,
    dashboard_exprs,
    demo_backend,
    find_prometheus,
    instant_query,
    local_prometheus,
    model_label,
    query_value,
    route_template,
    scrape_config,
    status_class,
    target_of,
    wait_for,
)
from llmlab.llm import running_server
from prometheus_client.parser import text_string_to_metric_families

LAB = Path(__file__).resolve().parents[1]
CHAT = {"model": "scripted", "messages": [{"role": "user", "content": "hi"}]}
REPLY_TOKENS = 12  # the demo backend's answer to a 2-character prompt is 12 words


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """``{(sample name, sorted labels): value}`` of a /metrics page."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_status_class():
    assert [status_class(c) for c in (101, 200, 302, 404, 422, 500, 503)] == \
        ["1xx", "2xx", "3xx", "4xx", "4xx", "5xx", "5xx"]
    assert status_class(99) == status_class(600) == "other"


def test_route_template():
    templates = ["/health", "/v1/models", "/v1/models/{model_id}", "/files/{rest:path}"]
    assert route_template("/v1/models", templates) == "/v1/models"
    assert route_template("/v1/models/gpt-4o", templates) == "/v1/models/{model_id}"
    assert route_template("/files/a/b.txt", templates) == "/files/{rest:path}"
    for path in ("/v1/models/a/b", "/health/", "/wp-admin.php", "/"):
        assert route_template(path, templates) == UNMATCHED


def test_model_label():
    allowed = {"scripted", "small"}
    assert model_label("small", allowed) == "small"
    assert [model_label(x, allowed) for x in ("gpt-9", None, 3, ["small"])] == [OTHER_MODEL] * 4


def test_service_metrics_direct():
    metrics = ServiceMetrics()
    metrics.observe_request("/v1/completions", "2xx", 0.2)
    metrics.observe_request("/v1/completions", "5xx", 0.01)
    metrics.observe_tokens("scripted", 7)
    get = metrics.registry.get_sample_value
    assert get("llm_request_duration_seconds_count", {"route": "/v1/completions", "status_class": "2xx"}) == 1
    assert get("llm_request_duration_seconds_bucket",
               {"route": "/v1/completions", "status_class": "2xx", "le": "0.25"}) == 1
    assert get("llm_request_errors_total", {"route": "/v1/completions", "status_class": "5xx"}) == 1
    assert get("llm_request_errors_total", {"route": "/v1/completions", "status_class": "2xx"}) is None
    assert get("llm_generated_tokens_total", {"model": "scripted"}) == 7
    assert get("llm_requests_in_flight") == 0
    body, content_type = metrics.exposition()
    assert content_type.startswith("text/plain") and b"llm_generated_tokens_total" in body


def test_service_exposes_bounded_metrics():
    app = create_monitored_app(demo_backend())
    with running_server(app) as base, httpx.Client(base_url=base.removesuffix("/v1"), trust_env=False) as client:
        for i in range(3):
            assert client.post("/v1/chat/completions", json=CHAT).status_code == 200
            assert client.get(f"/admin-{i}.php").status_code == 404
            assert client.post("/v1/chat/completions", json={**CHAT, "model": f"evil-{i}"}).status_code == 200
        assert client.post("/v1/completions", json={"prompt": "boom"}).status_code == 500
        page = client.get("/metrics")
    assert page.headers["content-type"].startswith("text/plain")
    values = samples(page.text)
    chat = (("route", "/v1/chat/completions"), ("status_class", "2xx"))
    assert values[("llm_request_duration_seconds_count", chat)] == 6
    assert values[("llm_request_errors_total", (("route", UNMATCHED), ("status_class", "4xx")))] == 3
    assert values[("llm_request_errors_total", (("route", "/v1/completions"), ("status_class", "5xx")))] == 1
    assert values[("llm_generated_tokens_total", (("model", "scripted"),))] == 3 * REPLY_TOKENS
    assert values[("llm_generated_tokens_total", (("model", OTHER_MODEL),))] == 3 * REPLY_TOKENS
    routes = {dict(labels).get("route") for _, labels in values} - {None}
    assert routes <= {"/health", "/v1/chat/completions", "/v1/completions", UNMATCHED}


def test_scrape_config():
    config = scrape_config(["127.0.0.1:8064"], interval_s=0.5, job="llm")
    job = config["scrape_configs"][0]
    assert job["job_name"] == "llm" and job["scrape_interval"] == "500ms"
    assert job["static_configs"] == [{"targets": ["127.0.0.1:8064"]}]
    json.dumps(config)  # Prometheus reads it as YAML, of which JSON is a subset


def test_dashboard_structure_and_shipped_file():
    dashboard = build_dashboard()
    assert dashboard["uid"] == "lab64-llm-service" and len(dashboard["panels"]) == 6
    assert [p["gridPos"] for p in dashboard["panels"][:3]] == [
        {"x": 0, "y": 0, "w": 12, "h": 8}, {"x": 12, "y": 0, "w": 12, "h": 8}, {"x": 0, "y": 8, "w": 12, "h": 8}]
    assert [t["refId"] for t in dashboard["panels"][2]["targets"]] == ["A", "B", "C"]
    assert len(dashboard_exprs(dashboard)) == 9
    shipped = json.loads((LAB / "dashboards" / "llm-service.json").read_text())
    assert shipped == dashboard, "regenerate it: monitored-llm --write-dashboard labs/lab64-prometheus-grafana/dashboards/llm-service.json"


def test_missing_prometheus_names_the_debian_package(tmp_path):
    with pytest.raises(PrometheusNotFound, match="apt-get install prometheus"):
        find_prometheus(tmp_path / "no-such-prometheus")


def test_real_prometheus_scrapes_and_accepts_dashboard():
    app = create_monitored_app(demo_backend())
    with running_server(app) as base, local_prometheus([target_of(base)]) as prom, \
            httpx.Client(base_url=base, trust_env=False) as client:
        for _ in range(4):
            assert client.post("/chat/completions", json=CHAT).status_code == 200
        # Prometheus hands targets to its scrapers ~5 s after start: poll, never sleep blindly.
        tokens = wait_for(prom, "sum(llm_generated_tokens_total)", lambda v: v >= 4 * REPLY_TOKENS, timeout=30)
        assert tokens == 4 * REPLY_TOKENS
        assert query_value(prom, 'up{job="llm-service"}') == 1
        for expr in dashboard_exprs(build_dashboard()):
            assert instant_query(prom, expr)["resultType"] == "vector", expr
        with pytest.raises(PromQLError, match="parse error"):
            instant_query(prom, "sum(rate(llm_generated_tokens_total[1m])")
