"""The Grafana dashboard, as code: panels of PromQL, laid out into Grafana's dashboard model.

``PANELS`` says what to show; :func:`build_dashboard` turns it into the JSON Grafana imports
(``dashboards/llm-service.json`` is its output, written by ``monitored-llm --write-dashboard``).
Every query names the data source through the dashboard variable ``${datasource}``, so the
same file works in any Grafana whatever its Prometheus data source is called.

Windows are written ``[1m]`` (not Grafana's ``$__rate_interval``) so that every expression is
plain PromQL that Prometheus itself accepts: the tests send each one to a real Prometheus.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TITLE = "LLM service"
UID = "lab64-llm-service"
GRID_COLUMNS = 24  # Grafana's grid is 24 units wide
DATASOURCE_VARIABLE = "datasource"
DATASOURCE = {"type": "prometheus", "uid": f"${{{DATASOURCE_VARIABLE}}}"}
# The dashboard variable a user picks the Prometheus data source with (Grafana's model).
TEMPLATING = {"list": [{
    "name": DATASOURCE_VARIABLE, "label": "Prometheus", "type": "datasource", "query": "prometheus",
    "current": {}, "hide": 0, "refresh": 1, "regex": "", "options": [],
}]}
COMPLETION_ROUTES = 'route=~"/v1/(chat/)?completions"'


@dataclass(frozen=True)
class Target:
    """One PromQL query of a panel; ``legend`` names its series (``{{route}}`` is a label)."""

    expr: str
    legend: str = ""


@dataclass(frozen=True)
class Panel:
    """One panel: ``kind`` is a Grafana panel type (``timeseries``, ``stat``), ``unit`` a
    Grafana unit (``reqps``, ``s``, ``percentunit``, ``short``)."""

    title: str
    targets: tuple[Target, ...]
    kind: str = "timeseries"
    unit: str = "short"
    description: str = ""


def _latency(q: float) -> Target:
    return Target(f"histogram_quantile({q}, sum by (le) "
                  f"(rate(llm_request_duration_seconds_bucket{{{COMPLETION_ROUTES}}}[1m])))", f"p{round(q * 100)}")


def _error_ratio(status: str) -> Target:
    # "or vector(0)": no error series yet means a ratio of 0, not a blank panel.
    return Target(f'(sum(rate(llm_request_errors_total{{status_class="{status}"}}[1m])) or vector(0)) '
                  "/ sum(rate(llm_request_duration_seconds_count[1m]))", status)


PANELS: tuple[Panel, ...] = (
    Panel("Requests per second", (Target(
        "sum by (route, status_class) (rate(llm_request_duration_seconds_count[1m]))",
        "{{route}} {{status_class}}"),), unit="reqps",
        description="Every request, by route template and status class."),
    Panel("Error ratio", (_error_ratio("5xx"), _error_ratio("4xx")), unit="percentunit",
          description="Share of requests that failed: 5xx is the server's fault, 4xx the client's."),
    Panel("Completion latency", (_latency(0.5), _latency(0.95), _latency(0.99)), unit="s",
          description="Quantiles estimated from the histogram's buckets, chat and text completions."),
    Panel("Generated tokens per second", (Target(
        "sum by (model) (rate(llm_generated_tokens_total[1m]))", "{{model}}"),), unit="short",
        description="Completion tokens per second; the model label is from the allow-list."),
    Panel("Requests in flight", (Target("sum(llm_requests_in_flight)", "in flight"),), kind="stat",
          description="Requests being served right now, streams included."),
    Panel("Series per metric", (Target('count by (__name__) ({__name__=~"llm_.+", __name__!~".+_created"})',
                                          "{{__name__}}"),),
          kind="stat", description="Cardinality: this must stay flat whatever clients send."),
)


def build_dashboard(panels: Sequence[Panel] = PANELS, *, title: str = TITLE, uid: str = UID,
                    columns: int = 2, height: int = 8) -> dict[str, Any]:
    """Grafana's dashboard model (a JSON-ready dict) showing ``panels``.

    Top level: ``uid``, ``title``, ``tags`` ``["llm", "prometheus"]``, ``schemaVersion`` 39,
    ``version`` 1, ``editable`` true, ``refresh`` ``"5s"``, ``time`` ``{"from": "now-15m", "to":
    "now"}``, ``templating`` ``TEMPLATING`` and ``panels``. Panel ``i`` (from 0) is
    ``{"id": i + 1, "type": kind, "title", "description", "datasource": DATASOURCE, "gridPos":
    {"x", "y", "w", "h"}, "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
    "options": {}, "targets": [...]}``, laid out left to right, ``columns`` per row: ``w = 24 //
    columns``, ``h = height``, ``x = (i % columns) * w``, ``y = (i // columns) * height``.
    Target ``k`` of a panel is ``{"refId": "A"/"B"/..., "expr", "legendFormat": legend,
    "datasource": DATASOURCE}``. Raises ``ValueError`` when ``columns`` is not in 1..24.
    """
    # BEGIN SOLUTION
    if not 1 <= columns <= GRID_COLUMNS:
        raise ValueError(f"columns must be between 1 and {GRID_COLUMNS}, not {columns}")
    width = GRID_COLUMNS // columns
    out = []
    for i, panel in enumerate(panels):
        targets = [{"refId": chr(ord("A") + k), "expr": t.expr, "legendFormat": t.legend,
                    "datasource": dict(DATASOURCE)} for k, t in enumerate(panel.targets)]
        out.append({
            "id": i + 1, "type": panel.kind, "title": panel.title, "description": panel.description,
            "datasource": dict(DATASOURCE),
            "gridPos": {"x": (i % columns) * width, "y": (i // columns) * height, "w": width, "h": height},
            "fieldConfig": {"defaults": {"unit": panel.unit}, "overrides": []},
            "options": {},
            "targets": targets,
        })
    return {
        "uid": uid, "title": title, "tags": ["llm", "prometheus"], "schemaVersion": 39, "version": 1,
        "editable": True, "refresh": "5s", "time": {"from": "now-15m", "to": "now"},
        "templating": json.loads(json.dumps(TEMPLATING)), "panels": out,
    }
    # END SOLUTION


def dashboard_exprs(dashboard: dict[str, Any]) -> list[str]:
    """Every PromQL ``expr`` in a Grafana dashboard model, in panel order, then target order.

    Panels inside a collapsed row (a panel of ``"type": "row"`` holding its own ``"panels"``)
    count, in place of the row; targets without an ``expr`` are skipped.
    """
    # BEGIN SOLUTION
    exprs: list[str] = []
    for panel in dashboard.get("panels", []):
        if panel.get("type") == "row":
            exprs += dashboard_exprs(panel)
        exprs += [t["expr"] for t in panel.get("targets", []) if t.get("expr")]
    return exprs
    # END SOLUTION


def write_dashboard(path: str | Path, dashboard: dict[str, Any] | None = None) -> Path:
    """Write ``dashboard`` (default: :func:`build_dashboard` of ``PANELS``) as JSON to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dashboard if dashboard is not None else build_dashboard(), indent=2) + "\n")
    return path
