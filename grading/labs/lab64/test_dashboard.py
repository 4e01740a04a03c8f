"""Hidden tests, task dashboard: Grafana's dashboard model from build_dashboard, dashboard_exprs,
and every PromQL expression of the dashboard accepted by a real Prometheus."""

import json

import httpx
import pytest
from lab64_prometheus_grafana import (
    DATASOURCE,
    PANELS,
    Panel,
    Target,
    build_dashboard,
    dashboard_exprs,
)
from llmlab_grading import points


def all_targets(panels):
    for panel in panels:
        yield from all_targets(panel.get("panels", []))
        yield from panel.get("targets", [])


def overlaps(a, b):
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


@points(7, "build_dashboard() must be Grafana's dashboard model: uid, title, schemaVersion, "
           "templating with a 'datasource' variable of type datasource (query prometheus), and "
           "panels with unique ids, gridPos inside the 24-column grid without overlaps, and "
           "targets with refId and expr whose datasource is ${datasource}.",
        task="dashboard", timeout=30)
def test_dashboard_model():
    dashboard = json.loads(json.dumps(build_dashboard()))
    assert dashboard["uid"] == "lab64-llm-service" and dashboard["title"] == "LLM service"
    assert isinstance(dashboard["schemaVersion"], int) and dashboard["schemaVersion"] >= 30
    (variable,) = [v for v in dashboard["templating"]["list"] if v["name"] == "datasource"]
    assert variable["type"] == "datasource" and variable["query"] == "prometheus"
    panels = dashboard["panels"]
    assert [p["title"] for p in panels] == [p.title for p in PANELS]
    assert len({p["id"] for p in panels}) == len(panels)
    for i, panel in enumerate(panels):
        grid = panel["gridPos"]
        assert all(isinstance(grid[k], int) for k in "xywh") and grid["w"] > 0 and grid["h"] > 0
        assert grid["x"] >= 0 and grid["x"] + grid["w"] <= 24 and grid["y"] >= 0
        assert not any(overlaps(grid, other["gridPos"]) for other in panels[:i]), panel["title"]
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"} == DATASOURCE
        refs = [t["refId"] for t in panel["targets"]]
        assert len(set(refs)) == len(refs) == len(PANELS[i].targets)
        assert [t["expr"] for t in panel["targets"]] == [t.expr for t in PANELS[i].targets]
        assert all(t["datasource"]["uid"] == "${datasource}" for t in panel["targets"])
        assert panel["fieldConfig"]["defaults"]["unit"] == PANELS[i].unit
        assert panel["type"] == PANELS[i].kind


@points(5, "build_dashboard must lay panels out left to right, `columns` per row (w = 24 // columns, "
           "h = height), give refIds A, B, C... per panel, and refuse columns outside 1..24.",
        task="dashboard", timeout=30)
def test_dashboard_layout():
    panels = [Panel(f"p{i}", tuple(Target(f"vector({i + k})", f"l{k}") for k in range(i % 3 + 1)),
                    kind="stat" if i % 2 else "timeseries", unit="s") for i in range(5)]
    dashboard = build_dashboard(panels, title="T", uid="u-1", columns=3, height=6)
    assert (dashboard["title"], dashboard["uid"]) == ("T", "u-1")
    grids = [(p["gridPos"]["x"], p["gridPos"]["y"], p["gridPos"]["w"], p["gridPos"]["h"]) for p in dashboard["panels"]]
    assert grids == [(0, 0, 8, 6), (8, 0, 8, 6), (16, 0, 8, 6), (0, 6, 8, 6), (8, 6, 8, 6)]
    assert [[t["refId"] for t in p["targets"]] for p in dashboard["panels"]] == \
        [["A"], ["A", "B"], ["A", "B", "C"], ["A"], ["A", "B"]]
    assert [[t["legendFormat"] for t in p["targets"]] for p in dashboard["panels"]][2] == ["l0", "l1", "l2"]
    assert [p["type"] for p in dashboard["panels"]] == ["timeseries", "stat"] * 2 + ["timeseries"]
    assert [p["gridPos"]["w"] for p in build_dashboard(panels, columns=1)["panels"]] == [24] * 5
    for bad in (0, 25, -2):
        with pytest.raises(ValueError):
            build_dashboard(panels, columns=bad)


@points(4, "dashboard_exprs must return every target's expr in order, including panels nested in "
           "collapsed rows, skipping targets without an expr.", task="dashboard", timeout=30)
def test_dashboard_exprs_nested_rows():
    dashboard = {"panels": [
        {"type": "timeseries", "targets": [{"refId": "A", "expr": "a"}, {"refId": "B", "expr": "b"}]},
        {"type": "row", "collapsed": True, "panels": [
            {"type": "stat", "targets": [{"refId": "A", "expr": "c"}]},
            {"type": "text"},
            {"type": "timeseries", "targets": [{"refId": "A"}, {"refId": "B", "expr": "d"}]},
        ]},
        {"type": "row", "collapsed": False, "panels": []},
        {"type": "stat", "targets": [{"refId": "A", "expr": "e"}]},
    ]}
    assert dashboard_exprs(dashboard) == ["a", "b", "c", "d", "e"]
    assert dashboard_exprs({"panels": []}) == []
    assert dashboard_exprs(build_dashboard()) == [t.expr for p in PANELS for t in p.targets]


@points(4, "Every PromQL expression of the dashboard must be accepted by a real Prometheus "
           "(status 'success'), and the dashboard must query the service's metrics.",
        task="dashboard", timeout=60)
def test_dashboard_promql_accepted_by_prometheus(bare_prom):
    prom = bare_prom
    exprs = [t["expr"] for t in all_targets(build_dashboard()["panels"])]
    assert len(exprs) >= 6
    joined = " ".join(exprs)
    for name in ("llm_request_duration_seconds_bucket", "llm_request_errors_total",
                 "llm_generated_tokens_total", "llm_requests_in_flight"):
        assert name in joined, name
    with httpx.Client(trust_env=False, timeout=10) as client:
        for expr in exprs:
            answer = client.get(f"{prom}/api/v1/query", params={"query": expr}).json()
            assert answer["status"] == "success", (expr, answer.get("error"))
        broken = client.get(f"{prom}/api/v1/query", params={"query": "rate(x[$__rate_interval])"}).json()
        assert broken["status"] == "error"
