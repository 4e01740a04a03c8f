"""``monitored-llm``: the instrumented service, a real Prometheus scraping it, demo traffic,
and the dashboard's panels printed from Prometheus while it runs.

    monitored-llm                          # until Ctrl-C: service :8064, Prometheus :9064
    monitored-llm --duration 30            # 30 s, then a last report
    monitored-llm --no-prometheus --no-traffic --port 8000    # just the service
    monitored-llm --write-dashboard dashboards/llm-service.json
"""

from __future__ import annotations

import contextlib
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from llmlab.cli import parse_config
from llmlab.llm import running_server

from lab64_prometheus_grafana.app import create_monitored_app, demo_backend, target_of
from lab64_prometheus_grafana.dashboard import PANELS, Panel, write_dashboard
from lab64_prometheus_grafana.prometheus import (
    PrometheusNotFound,
    PromQLError,
    instant_query,
    local_prometheus,
    query_value,
)
from lab64_prometheus_grafana.traffic import DemoTraffic


@dataclass
class Config:
    """Flags of ``monitored-llm``."""

    host: str = field(default="127.0.0.1", metadata={"help": "address the service listens on (keep "
                                                     "loopback unless you mean to expose it)"})
    port: int = field(default=8064, metadata={"help": "service port (0 = any free port)"})
    model_name: str = field(default="scripted", metadata={"help": "name the scripted model is served as"})
    allowed_models: str = field(default="", metadata={
        "help": "comma-separated model names allowed as token-counter labels besides --model-name"})
    delay: float = field(default=0.03, metadata={"help": "seconds between the scripted model's words "
                                                 "(makes latency and streaming visible)"})
    prometheus: bool = field(default=True, metadata={
        "help": "start a local Prometheus (Debian package 'prometheus') that scrapes the service"})
    prometheus_port: int = field(default=9064, metadata={"help": "Prometheus port (0 = any free port); "
                                                         "the Grafana provisioning expects 9064"})
    scrape_interval: float = field(default=1.0, metadata={"help": "seconds between scrapes"})
    traffic: bool = field(default=True, metadata={"help": "send demo traffic: completions, streams, "
                                                  "failures, invalid bodies, random paths and models"})
    rps: float = field(default=5.0, metadata={"help": "demo requests per second, all clients together "
                                              "(fewer when answers are slow: a client waits for each)"})
    clients: int = field(default=3, metadata={"help": "concurrent demo clients (requests in flight)"})
    seed: int = field(default=0, metadata={"help": "seed of the demo traffic"})
    duration: float = field(default=0.0, metadata={"help": "seconds to run, then stop (0 = until Ctrl-C)"})
    report_every: float = field(default=10.0, metadata={"help": "seconds between reports of the "
                                                        "dashboard's panels (0 = only at the end)"})
    write_dashboard: Path | None = field(default=None, metadata={
        "help": "write the Grafana dashboard JSON to this file and exit"})


def _legend(template: str, labels: dict[str, str]) -> str:
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: labels.get(m.group(1), ""), template) or "value"


def report(prom_url: str, panels: Sequence[Panel] = PANELS) -> str:
    """Every panel's series as Prometheus computes them now, one line each."""
    lines = []
    for panel in panels:
        lines.append(f"  {panel.title}")
        for target in panel.targets:
            try:
                result = instant_query(prom_url, target.expr)["result"]
            except PromQLError as exc:
                lines.append(f"    error: {exc}")
                continue
            if not result:
                lines.append(f"    {target.legend or 'value'}: no data yet")
            for sample in sorted(result, key=lambda s: sorted(s["metric"].items())):
                value = float(sample["value"][1])
                shown = f"{100 * value:10.2f} %" if panel.unit == "percentunit" else f"{value:10.4g} {panel.unit}"
                lines.append(f"    {_legend(target.legend, sample['metric']):<40} {shown}")
    return "\n".join(lines)


def run(config: Config) -> int:
    app = create_monitored_app(demo_backend(config.delay, config.model_name),
                               allowed_models=[m for m in config.allowed_models.split(",") if m])
    with running_server(app, config.host, config.port) as base_url, contextlib.ExitStack() as stack:
        root = base_url.removesuffix("/v1")
        print(f"service     {base_url} (OpenAI-compatible), metrics at {root}/metrics", flush=True)
        prom_url = None
        if config.prometheus:
            prom_url = stack.enter_context(local_prometheus([target_of(base_url)], interval_s=config.scrape_interval,
                                                            port=config.prometheus_port))
            print(f"prometheus  {prom_url} (graph: {prom_url}/graph); first scrape in about 5 s", flush=True)
        traffic = None
        if config.traffic:
            traffic = DemoTraffic(root, config.model_name, config.rps, config.seed, config.clients).start()
            stack.callback(traffic.stop)  # stopped before the service, even on an error
        started = time.monotonic()
        next_report = started + (config.report_every or float("inf"))
        try:
            while not config.duration or time.monotonic() - started < config.duration:
                time.sleep(0.2)
                if prom_url and time.monotonic() >= next_report:
                    print(f"\n[{time.monotonic() - started:5.1f} s]\n{report(prom_url)}", flush=True)
                    next_report += config.report_every
        except KeyboardInterrupt:
            print("\nstopping", flush=True)
        if traffic is not None:
            print(f"\ndemo requests sent: {dict(sorted(traffic.stop().items()))}")
        if prom_url:
            time.sleep(config.scrape_interval * 1.5)  # let Prometheus scrape the last requests
            print(f"\nfinal report after {time.monotonic() - started:.1f} s\n{report(prom_url)}")
            up = query_value(prom_url, "sum(up)")
            series = query_value(prom_url, 'count({__name__=~"llm_.+"})')
            print(f"\ntargets up: {up}; series of llm_* metrics: {series}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    config = parse_config(Config, argv, prog="monitored-llm", description=(
        "Serve the instrumented OpenAI-compatible service (scripted model) with /metrics, scrape it "
        "with a local Prometheus, send demo traffic and print the dashboard's panels."))
    if config.write_dashboard is not None:
        print(f"dashboard written to {write_dashboard(config.write_dashboard)}")
        return 0
    try:
        return run(config)
    except PrometheusNotFound as exc:
        print(f"error: {exc}\n(or run without Prometheus: --no-prometheus)", file=sys.stderr)
        return 2
    except RuntimeError as exc:  # a port taken, Prometheus not starting: say what, not a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
