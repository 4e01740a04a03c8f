"""Helpers of the hidden tests. They read the tracking server over its REST API with the standard
library only, so they check what the server stored, not what an MLflow client believes it did."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

TEXTS = ["Acme Robotics beats Q3 estimates as revenue rises 12% to $1.2 billion",
         "Acme Robotics fails to beat Q2 estimates",
         "Acme Robotics moves headquarters to Denver",
         "Helios Energy no longer expects a loss in 2026",
         "Cobalt Mining cuts net loss by 40% as costs fall"]

# The server is on loopback: never go through a proxy.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get_raw(base: str, endpoint: str, **params: str) -> bytes:
    url = f"{base}{endpoint}?{urllib.parse.urlencode(params)}" if params else f"{base}{endpoint}"
    with _OPENER.open(url, timeout=30) as response:
        return response.read()


def get(base: str, endpoint: str, **params: str) -> dict:
    """``GET {base}{endpoint}?params`` as JSON, e.g. ``get(url, "/api/2.0/mlflow/runs/get", run_id=...)``."""
    return json.loads(get_raw(base, endpoint, **params))


def post(base: str, endpoint: str, body: dict) -> dict:
    request = urllib.request.Request(f"{base}{endpoint}", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with _OPENER.open(request, timeout=30) as response:
        return json.loads(response.read())


def run(base: str, run_id: str) -> dict:
    """The run as the server stores it: ``info``, and ``data`` with params/metrics/tags as dicts."""
    raw = get(base, "/api/2.0/mlflow/runs/get", run_id=run_id)["run"]
    data = raw.get("data", {})
    return {
        "info": raw["info"],
        "params": {p["key"]: p["value"] for p in data.get("params", [])},
        "metrics": {m["key"]: m["value"] for m in data.get("metrics", [])},
        "tags": {t["key"]: t["value"] for t in data.get("tags", [])},
    }


def metric_history(base: str, run_id: str, key: str) -> list[tuple[int, float]]:
    """(step, value) of every logged point of metric ``key``, sorted by step."""
    points = get(base, "/api/2.0/mlflow/metrics/get-history", run_id=run_id, metric_key=key).get("metrics", [])
    return sorted((int(p.get("step", 0)), float(p["value"])) for p in points)


def artifact_paths(base: str, run_id: str) -> set[str]:
    """Paths of the files and folders at the root of the run's artifacts."""
    listing = get(base, "/api/2.0/mlflow/artifacts/list", run_id=run_id)
    return {f["path"] for f in listing.get("files", [])}


def artifact(base: str, run_id: str, path: str) -> bytes:
    return get_raw(base, "/get-artifact", run_id=run_id, path=path)


def search_runs(base: str, experiment_id: str) -> list[dict]:
    runs = post(base, "/api/2.0/mlflow/runs/search", {"experiment_ids": [experiment_id], "max_results": 1000})
    return [run(base, r["info"]["run_id"]) for r in runs.get("runs", [])]


def logged_models_of_run(base: str, experiment_id: str, run_id: str) -> list[dict]:
    found = post(base, "/api/2.0/mlflow/logged-models/search",
                 {"experiment_ids": [experiment_id], "filter": f"source_run_id = '{run_id}'"})
    return [m["info"] for m in found.get("models", [])]


def model_version(base: str, name: str, version: str) -> dict:
    return get(base, "/api/2.0/mlflow/model-versions/get", name=name, version=version)["model_version"]


def alias_version(base: str, name: str, alias: str) -> dict:
    return get(base, "/api/2.0/mlflow/registered-models/alias", name=name, alias=alias)["model_version"]


def registered_model(base: str, name: str) -> dict:
    return get(base, "/api/2.0/mlflow/registered-models/get", name=name)["registered_model"]
