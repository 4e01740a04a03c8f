"""Hidden tests, task scraping: a real Prometheus (the Debian package's binary) started with the
student's scrape_config scrapes the instrumented service; instant_query, query_value and
wait_for against a Prometheus with nothing to scrape (``bare_prom``, conftest.py)."""

import json
import time

import httpx
import pytest
from lab64_prometheus_grafana import (
    PromQLError,
    create_monitored_app,
    demo_backend,
    instant_query,
    local_prometheus,
    query_value,
    scrape_config,
    target_of,
    wait_for,
)
from llmlab.llm import running_server
from llmlab_grading import points

CHAT = {"model": "scripted", "messages": [{"role": "user", "content": "hi"}]}  # 12 tokens answer


@pytest.fixture(scope="module")
def stack():
    """The service and a Prometheus scraping it every second, once for the module."""
    with running_server(create_monitored_app(demo_backend())) as base, \
            local_prometheus([target_of(base)], interval_s=1.0) as prom:
        yield base, target_of(base), prom


def raw_query(prom, expr):
    """The hidden tests' own client: independent of instant_query."""
    answer = httpx.get(f"{prom}/api/v1/query", params={"query": expr}, trust_env=False, timeout=10).json()
    assert answer["status"] == "success", answer
    return answer["data"]["result"]


def poll(prom, expr, want, timeout=30.0):
    """Poll until the one-sample result of ``expr`` equals ``want``; the last value otherwise."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        result = raw_query(prom, expr)
        value = float(result[0]["value"][1]) if result else None
        if value == want:
            break
        time.sleep(0.2)
    return value


@points(5, "scrape_config must give one job named `job` scraping /metrics over HTTP on each target, "
           "with scrape_interval and scrape_timeout equal to duration(interval_s) ('500ms', '2s').",
        task="scraping", timeout=30)
def test_scrape_config_shape():
    config = scrape_config(["127.0.0.1:8001", "127.0.0.1:8002"], interval_s=0.5, job="gateway")
    json.dumps(config)
    jobs = config["scrape_configs"]
    assert len(jobs) == 1
    job = jobs[0]
    assert job["job_name"] == "gateway"
    assert job.get("metrics_path", "/metrics") == "/metrics" and job.get("scheme", "http") == "http"
    assert [t for group in job["static_configs"] for t in group["targets"]] == ["127.0.0.1:8001", "127.0.0.1:8002"]
    assert job["scrape_interval"] == "500ms" and job["scrape_timeout"] == "500ms"
    slow = scrape_config(["127.0.0.1:9"], interval_s=2)["scrape_configs"][0]
    assert slow["job_name"] == "llm-service" and slow["scrape_interval"] == "2s"
    assert slow.get("scrape_timeout", "2s") == "2s"


@points(10, "A real Prometheus started with your scrape_config must scrape the service (up == 1) "
            "and see exactly the traffic sent: requests by route and class, 5xx errors, tokens.",
        task="scraping", timeout=90)
def test_prometheus_scrapes_service(stack):
    base, target, prom = stack
    with httpx.Client(base_url=base, trust_env=False, timeout=30) as client:
        for _ in range(5):
            assert client.post("/chat/completions", json=CHAT).status_code == 200
        for _ in range(2):
            with client.stream("POST", "/chat/completions", json={**CHAT, "stream": True}) as reply:
                assert reply.status_code == 200
                reply.read()
        for _ in range(3):
            assert client.post("/completions", json={"prompt": "boom"}).status_code == 500
        assert client.post("/chat/completions", json={"messages": []}).status_code == 422
    assert poll(prom, f'up{{instance="{target}"}}', 1.0) == 1.0
    assert poll(prom, "sum(llm_generated_tokens_total)", 7 * 12) == 7 * 12
    assert poll(prom, 'sum(llm_request_duration_seconds_count{route="/v1/chat/completions",'
                      'status_class="2xx"})', 7) == 7
    assert poll(prom, 'sum(llm_request_errors_total{route="/v1/completions",status_class="5xx"})', 3) == 3
    assert poll(prom, 'sum(llm_request_errors_total{status_class="4xx"})', 1) == 1


@points(6, "instant_query must return the API's data (resultType, result) for a good query and "
           "raise PromQLError with Prometheus's message (e.g. 'parse error') for a bad one.",
        task="scraping", timeout=60)
def test_instant_query(bare_prom):
    prom = bare_prom
    data = instant_query(prom, "vector(2) * 3")
    assert data["resultType"] == "vector" and float(data["result"][0]["value"][1]) == 6
    assert instant_query(prom, "scalar(vector(1.5))")["resultType"] == "scalar"
    assert instant_query(prom, "vector(1) > 2") == {"resultType": "vector", "result": []}
    with pytest.raises(PromQLError, match="parse error"):
        instant_query(prom, "sum(rate(llm_generated_tokens_total[1m])")
    with pytest.raises(PromQLError):
        instant_query(prom, "rate(llm_generated_tokens_total)")  # a range vector is needed
    (series,) = instant_query(prom, 'label_replace(vector(7), "job", "llm", "", "")')["result"]
    assert series["metric"] == {"job": "llm"} and series["value"][1] == "7"


@points(5, "query_value must give the number of a scalar or one-sample vector, None for an empty "
           "vector, and raise ValueError for several series.", task="scraping", timeout=60)
def test_query_value(bare_prom):
    prom = bare_prom
    assert query_value(prom, "vector(4)") == 4.0
    assert query_value(prom, "1 + 1") == 2.0
    assert query_value(prom, "vector(1) > 2") is None
    assert query_value(prom, "vector(1) / 0") == float("inf")
    two = 'label_replace(vector(1), "a", "x", "", "") or label_replace(vector(2), "a", "y", "", "")'
    with pytest.raises(ValueError):
        query_value(prom, two)


@points(4, "wait_for must poll until the predicate holds and return the value, raise TimeoutError "
           "soon after its deadline, and raise PromQLError at once for a bad query.",
        task="scraping", timeout=60)
def test_wait_for(bare_prom):
    prom = bare_prom
    start = float(raw_query(prom, "vector(time())")[0]["value"][1])
    began = time.monotonic()
    got = wait_for(prom, "vector(time())", lambda v: v >= start + 1.5, timeout=20, poll_s=0.1)
    assert start + 1.5 <= got < start + 4 and 1.2 <= time.monotonic() - began < 4
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        wait_for(prom, "vector(1)", lambda v: v > 5, timeout=1.0, poll_s=0.1)
    assert 0.9 <= time.monotonic() - started < 4
    started = time.monotonic()
    with pytest.raises(PromQLError):
        wait_for(prom, "sum(", lambda v: True, timeout=20)
    assert time.monotonic() - started < 5
