"""Hidden tests, task labels: status classes, route templates, the model allow-list, and a
hostile client that must not be able to create series."""

import httpx
from lab64_prometheus_grafana import (
    OTHER_MODEL,
    UNMATCHED,
    create_monitored_app,
    demo_backend,
    model_label,
    route_template,
    status_class,
)
from llmlab.llm import running_server
from llmlab_grading import points
from prometheus_client.parser import text_string_to_metric_families

TEMPLATES = ["/health", "/v1/models", "/v1/models/{model_id}", "/v1/chat/completions",
             "/static/{rest:path}", "/v1/{org}/runs/{run_id}"]


@points(5, "status_class must map 100-199 to '1xx' ... 500-599 to '5xx', and anything outside "
           "100..599 to 'other'.", task="labels", timeout=30)
def test_status_class():
    cases = {100: "1xx", 199: "1xx", 200: "2xx", 204: "2xx", 299: "2xx", 301: "3xx", 304: "3xx",
             400: "4xx", 404: "4xx", 429: "4xx", 499: "4xx", 500: "5xx", 503: "5xx", 599: "5xx",
             99: "other", 600: "other", 0: "other", -200: "other", 1000: "other"}
    assert {code: status_class(code) for code in cases} == cases


@points(6, "route_template must return the template serving a path ({name} = one non-empty "
           "segment, {name:path} = the rest of the path), the first match in order, and "
           "'unmatched' for anything else (extra or missing segments, trailing slashes).",
        task="labels", timeout=30)
def test_route_template():
    expect = {
        "/health": "/health",
        "/v1/models": "/v1/models",
        "/v1/models/gpt-4o-mini": "/v1/models/{model_id}",
        "/v1/acme/runs/42": "/v1/{org}/runs/{run_id}",
        "/static/app.js": "/static/{rest:path}",
        "/static/css/a/b.css": "/static/{rest:path}",
        "/v1/models/": UNMATCHED,
        "/v1/models/a/b": UNMATCHED,
        "/health/": UNMATCHED,
        "/healthz": UNMATCHED,
        "/static": UNMATCHED,
        "/v1/acme/runs": UNMATCHED,
        "/": UNMATCHED,
        "": UNMATCHED,
        "/wp-login.php?x=1": UNMATCHED,
    }
    assert {path: route_template(path, TEMPLATES) for path in expect} == expect
    assert route_template("/v1/models/special", ["/v1/models/special", "/v1/models/{m}"]) == "/v1/models/special"
    assert route_template("/v1/models/special", ["/v1/models/{m}", "/v1/models/special"]) == "/v1/models/{m}"
    assert route_template("/health", []) == UNMATCHED


@points(4, "model_label must return the requested model only when it is a string on the "
           "allow-list, and 'other' for unknown names, other cases, and non-strings.",
        task="labels", timeout=30)
def test_model_label():
    allowed = ["scripted", "llama-3-8b"]
    assert model_label("scripted", allowed) == "scripted"
    assert model_label("llama-3-8b", set(allowed)) == "llama-3-8b"
    for bad in ("Scripted", "llama-3-8b ", "", "gpt-5", None, 7, 1.5, ["scripted"], {"m": "scripted"}):
        assert model_label(bad, allowed) == OTHER_MODEL, bad
    assert model_label("scripted", []) == OTHER_MODEL


@points(10, "A client sending 400 random paths, 300 random model names and 300 random model ids "
            "must not create new series: route labels must be route templates or 'unmatched', "
            "model labels the served model or 'other', and every request still counted.",
        task="labels", timeout=60)
def test_hostile_client_creates_no_series():
    app = create_monitored_app(demo_backend())
    chat = {"model": "scripted", "messages": [{"role": "user", "content": "hi"}]}
    with running_server(app) as base, httpx.Client(base_url=base.removesuffix("/v1"), trust_env=False) as client:
        for i in range(400):
            assert client.get(f"/v1/x{i:04d}/{i * 7919 % 1000}").status_code == 404
        for i in range(300):
            assert client.post("/v1/chat/completions", json={**chat, "model": f"m-{i}"}).status_code == 200
            assert client.get(f"/v1/models/id-{i}").status_code == 404
        assert client.post("/v1/chat/completions", json=chat).status_code == 200
        page = client.get("/metrics").text
    samples = [s for family in text_string_to_metric_families(page) for s in family.samples]
    routes = {s.labels["route"] for s in samples if "route" in s.labels}
    models = {s.labels["model"] for s in samples if "model" in s.labels}
    assert routes <= {"/health", "/v1/chat/completions", "/v1/models/{model_id}", UNMATCHED}, routes
    assert UNMATCHED in routes and "/v1/models/{model_id}" in routes
    assert models == {"scripted", OTHER_MODEL}
    series = {(s.name, frozenset((k, v) for k, v in s.labels.items() if k != "le")) for s in samples}
    assert len(series) < 40, f"{len(series)} series on /metrics: labels are not bounded"

    def value(name, **labels):
        return sum(s.value for s in samples if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()))

    assert value("llm_request_errors_total", route=UNMATCHED, status_class="4xx") == 400
    assert value("llm_request_errors_total", route="/v1/models/{model_id}", status_class="4xx") == 300
    assert value("llm_request_duration_seconds_count", route="/v1/chat/completions") == 301
    # "hi" is answered with 12 words, one token each
    assert value("llm_generated_tokens_total", model=OTHER_MODEL) == 300 * 12
    assert value("llm_generated_tokens_total", model="scripted") == 12
