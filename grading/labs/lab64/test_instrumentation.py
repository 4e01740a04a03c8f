"""Hidden tests, task instrumentation: ServiceMetrics' histogram, counters, gauge, exposition."""

import math

import pytest
from lab64_prometheus_grafana import ServiceMetrics
from llmlab_grading import points
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

CHAT = {"route": "/v1/chat/completions", "status_class": "2xx"}


def families(metrics):
    body, content_type = metrics.exposition()
    assert content_type.startswith("text/plain"), content_type
    return {f.name: f for f in text_string_to_metric_families(body.decode())}


@points(5, "exposition() must return the registry in Prometheus's text format with a text/plain "
           "content type, holding llm_request_duration_seconds (histogram), "
           "llm_request_errors_total and llm_generated_tokens_total (counters) and "
           "llm_requests_in_flight (gauge).", task="instrumentation", timeout=30)
def test_metric_names_types_and_exposition():
    metrics = ServiceMetrics()
    metrics.observe_request("/v1/completions", "5xx", 0.3)
    metrics.observe_tokens("scripted", 4)
    found = families(metrics)
    expected = {"llm_request_duration_seconds": "histogram", "llm_request_errors": "counter",
                "llm_generated_tokens": "counter", "llm_requests_in_flight": "gauge"}
    assert {name: found[name].type for name in expected if name in found} == expected
    labels = {s.name: set(s.labels) - {"le"} for f in found.values() for s in f.samples}
    assert labels["llm_request_duration_seconds_count"] == {"route", "status_class"}
    assert labels["llm_request_errors_total"] == {"route", "status_class"}
    assert labels["llm_generated_tokens_total"] == {"model"}
    assert labels["llm_requests_in_flight"] == set()


@points(7, "The latency histogram must count each observation into the right cumulative buckets, "
           "with at least 8 buckets spanning at most 10 ms to at least 60 s (health checks to long "
           "generations), labelled by route and status_class.", task="instrumentation", timeout=30)
def test_latency_histogram_buckets():
    metrics = ServiceMetrics()
    observed = [0.003, 0.04, 0.2, 0.2, 1.7, 7.0, 45.0]
    for seconds in observed:
        metrics.observe_request(CHAT["route"], CHAT["status_class"], seconds)
    metrics.observe_request("/health", "2xx", 0.001)
    samples = [s for s in families(metrics)["llm_request_duration_seconds"].samples
               if s.labels.get("route") == CHAT["route"] and s.labels.get("status_class") == "2xx"]
    by_name = {s.name: s.value for s in samples if not s.name.endswith("_bucket")}
    assert by_name["llm_request_duration_seconds_count"] == len(observed)
    assert by_name["llm_request_duration_seconds_sum"] == pytest.approx(sum(observed))
    buckets = {float(s.labels["le"]): s.value for s in samples if s.name.endswith("_bucket")}
    finite = sorted(le for le in buckets if math.isfinite(le))
    assert len(finite) >= 8 and finite[0] <= 0.01 and finite[-1] >= 60, finite
    for le, count in buckets.items():
        assert count == sum(1 for x in observed if x <= le), (le, count)
    get = metrics.registry.get_sample_value
    assert get("llm_request_duration_seconds_count", {"route": "/health", "status_class": "2xx"}) == 1


@points(5, "observe_request must count an error for every 4xx and 5xx request, by route and status "
           "class, and none for 1xx/2xx/3xx.", task="instrumentation", timeout=30)
def test_errors_counted_by_class():
    metrics = ServiceMetrics()
    calls = [("/v1/completions", "2xx")] * 4 + [("/v1/completions", "5xx")] * 3 + \
        [("/v1/completions", "4xx")] * 2 + [("unmatched", "4xx")] * 5 + [("/health", "3xx"), ("/x", "1xx")]
    for route, cls in calls:
        metrics.observe_request(route, cls, 0.05)
    get = metrics.registry.get_sample_value
    assert get("llm_request_errors_total", {"route": "/v1/completions", "status_class": "5xx"}) == 3
    assert get("llm_request_errors_total", {"route": "/v1/completions", "status_class": "4xx"}) == 2
    assert get("llm_request_errors_total", {"route": "unmatched", "status_class": "4xx"}) == 5
    for route, cls in (("/v1/completions", "2xx"), ("/health", "3xx"), ("/x", "1xx")):
        assert get("llm_request_errors_total", {"route": route, "status_class": cls}) is None
    assert get("llm_request_duration_seconds_count", {"route": "/v1/completions", "status_class": "5xx"}) == 3


@points(4, "observe_tokens must add the tokens to llm_generated_tokens_total{model=...}; 0 tokens "
           "still creates the series.", task="instrumentation", timeout=30)
def test_tokens_counter():
    metrics = ServiceMetrics()
    for model, n in (("scripted", 5), ("scripted", 7), ("other", 30), ("idle", 0)):
        metrics.observe_tokens(model, n)
    get = metrics.registry.get_sample_value
    assert get("llm_generated_tokens_total", {"model": "scripted"}) == 12
    assert get("llm_generated_tokens_total", {"model": "other"}) == 30
    assert get("llm_generated_tokens_total", {"model": "idle"}) == 0


@points(2, "in_flight must be a Gauge named llm_requests_in_flight without labels that rises "
           "while requests are served (track_inprogress) and returns to 0.",
        task="instrumentation", timeout=30)
def test_in_flight_gauge():
    metrics = ServiceMetrics()
    get = metrics.registry.get_sample_value
    assert get("llm_requests_in_flight") == 0
    with metrics.in_flight.track_inprogress():
        with metrics.in_flight.track_inprogress():
            assert get("llm_requests_in_flight") == 2
        assert get("llm_requests_in_flight") == 1
    assert get("llm_requests_in_flight") == 0


@points(2, "Each ServiceMetrics needs its own registry (not prometheus_client's global one): two "
           "instances must not clash or share counts, and a given registry must be used.",
        task="instrumentation", timeout=30)
def test_separate_registries():
    first, second = ServiceMetrics(), ServiceMetrics()
    first.observe_tokens("scripted", 3)
    assert second.registry.get_sample_value("llm_generated_tokens_total", {"model": "scripted"}) is None
    registry = CollectorRegistry()
    given = ServiceMetrics(registry)
    given.observe_request("/health", "2xx", 0.01)
    assert registry.get_sample_value("llm_request_duration_seconds_count",
                                     {"route": "/health", "status_class": "2xx"}) == 1
