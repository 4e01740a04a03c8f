"""A Prometheus with nothing to scrape, shared by the hidden tests that only need PromQL answered
(it is ready in well under a second: no waiting for a first scrape)."""

import pytest
from lab64_prometheus_grafana import local_prometheus

BARE_CONFIG = {"global": {"scrape_interval": "15s", "evaluation_interval": "15s"}, "scrape_configs": []}


@pytest.fixture(scope="session")
def bare_prom():
    with local_prometheus([], config=BARE_CONFIG) as url:
        yield url
