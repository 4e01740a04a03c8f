"""Lab 64: monitoring an LLM service with Prometheus and Grafana.

Bounded labels (``labels``), the service's metrics (``metrics``), the instrumented app
(``app``, ``middleware``), a real local Prometheus (``prometheus``) and the Grafana dashboard
as code (``dashboard``).
"""

from lab64_prometheus_grafana.app import create_monitored_app, demo_backend, target_of
from lab64_prometheus_grafana.dashboard import (
    DATASOURCE,
    PANELS,
    TEMPLATING,
    Panel,
    Target,
    build_dashboard,
    dashboard_exprs,
    write_dashboard,
)
from lab64_prometheus_grafana.labels import (
    OTHER_MODEL,
    UNMATCHED,
    model_label,
    route_template,
    status_class,
)
from lab64_prometheus_grafana.metrics import ERRORS, IN_FLIGHT, LATENCY, TOKENS, ServiceMetrics
from lab64_prometheus_grafana.prometheus import (
    PrometheusNotFound,
    PromQLError,
    find_prometheus,
    instant_query,
    local_prometheus,
    query_value,
    scrape_config,
    wait_for,
)

__all__ = [
    "DATASOURCE", "ERRORS", "IN_FLIGHT", "LATENCY", "OTHER_MODEL", "PANELS", "TEMPLATING", "TOKENS",
    "UNMATCHED", "Panel", "PromQLError", "PrometheusNotFound", "ServiceMetrics", "Target",
    "build_dashboard", "create_monitored_app", "dashboard_exprs", "demo_backend", "find_prometheus",
    "instant_query", "local_prometheus", "model_label", "query_value", "route_template",
    "scrape_config", "status_class", "target_of", "wait_for", "write_dashboard",
]
