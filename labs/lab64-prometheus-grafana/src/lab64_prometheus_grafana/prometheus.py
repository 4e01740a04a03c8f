"""A real Prometheus on localhost: its config, starting and stopping it, asking it questions.

    with local_prometheus(["127.0.0.1:8064"]) as prom_url:      # http://127.0.0.1:<port>
        wait_for(prom_url, 'up{job="llm-service"}', lambda v: v == 1)
        instant_query(prom_url, "sum(llm_generated_tokens_total)")

``local_prometheus`` runs the ``prometheus`` binary of the Debian package (``apt-get install
prometheus``; the Debian *service* is not used) on a free port of 127.0.0.1, with its config
and its database in a temporary folder, and stops it, removing the folder, when the block ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx

DEBIAN_BINARY = "/usr/bin/prometheus"
BINARY_ENV = "LAB64_PROMETHEUS"  # set it to use another prometheus binary
DEFAULT_JOB = "llm-service"


class PrometheusNotFound(RuntimeError):
    """No ``prometheus`` binary to run."""


class PromQLError(RuntimeError):
    """Prometheus refused a query; the message is Prometheus's own explanation."""

    def __init__(self, expr: str, message: str) -> None:
        super().__init__(f"{message} (query: {expr})")
        self.expr = expr
        self.message = message


def find_prometheus(binary: str | Path | None = None) -> str:
    """The prometheus binary to run: ``binary``, else ``$LAB64_PROMETHEUS``, else ``prometheus``
    on the ``PATH`` or ``/usr/bin/prometheus``. Raises :class:`PrometheusNotFound` saying how to
    install it."""
    wanted = binary or os.environ.get(BINARY_ENV)
    found = shutil.which(str(wanted)) if wanted else shutil.which("prometheus") or shutil.which(DEBIAN_BINARY)
    if found is None:
        what = f"{wanted!r} is not an executable" if wanted else "no 'prometheus' binary found"
        raise PrometheusNotFound(
            f"{what}. Install the Debian package: `sudo apt-get install prometheus` (only its "
            f"binary {DEBIAN_BINARY} is used; this lab starts it itself), or point ${BINARY_ENV} "
            "at a prometheus binary from https://prometheus.io/download/.")
    return found


def duration(seconds: float) -> str:
    """A Prometheus duration: ``1.0 -> "1s"``, ``0.5 -> "500ms"``, ``90 -> "90s"``."""
    ms = round(seconds * 1000)
    if ms <= 0:
        raise ValueError(f"a Prometheus duration must be positive, not {seconds!r} s")
    return f"{ms // 1000}s" if ms % 1000 == 0 else f"{ms}ms"


def scrape_config(targets: Sequence[str], interval_s: float = 1.0, job: str = DEFAULT_JOB) -> dict[str, Any]:
    """A Prometheus config (as a dict) that scrapes ``targets`` every ``interval_s`` seconds.

    ``targets`` are ``"host:port"`` strings; one scrape job named ``job`` reads ``/metrics``
    over HTTP from each of them. Both ``scrape_interval`` and ``scrape_timeout`` (which must not
    exceed it) are ``duration(interval_s)``, for the job and as the global default, and so is
    ``evaluation_interval``. Prometheus reads YAML, and JSON is YAML: ``json.dumps`` of this
    dict is a valid config file.
    """
    # BEGIN SOLUTION
    every = duration(interval_s)
    timing = {"scrape_interval": every, "scrape_timeout": every}
    return {
        "global": {**timing, "evaluation_interval": every},
        "scrape_configs": [{
            "job_name": job,
            **timing,
            "metrics_path": "/metrics",
            "scheme": "http",
            "static_configs": [{"targets": list(targets)}],
        }],
    }
    # END SOLUTION


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> Callable[[], None] | None:
    """Linux: a function for ``preexec_fn`` that makes the child get SIGTERM when its parent
    dies, so that a Prometheus never outlives a test process killed for a timeout."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # resolved here: the child only calls it
    pr_set_pdeathsig = 1

    def setup() -> None:
        prctl(pr_set_pdeathsig, signal.SIGTERM)

    return setup


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to Prometheus's process group (it flushes and exits), SIGKILL if it takes too long."""
    for sig, wait_s in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


def _tail(log: Path, lines: int = 15) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@contextlib.contextmanager
def local_prometheus(targets: Sequence[str], *, interval_s: float = 1.0, job: str = DEFAULT_JOB,
                     config: dict[str, Any] | None = None, port: int = 0, binary: str | Path | None = None,
                     startup_timeout: float = 30.0) -> Iterator[str]:
    """Run a real Prometheus that scrapes ``targets``; yields its URL ``http://127.0.0.1:<port>``.

    The config is ``scrape_config(targets, interval_s, job)`` unless ``config`` gives a whole
    one. ``port=0`` takes a free port. Prometheus listens on 127.0.0.1 only, keeps its data in a
    temporary folder, and runs in its own process group, which is killed when the block ends,
    raised or not (and, on Linux, when this process dies). Raises :class:`PrometheusNotFound`
    without a binary, ``RuntimeError`` with the end of Prometheus's log if it does not start.
    Note: Prometheus hands new targets to its scrapers about 5 s after it starts, so the first
    samples arrive then, whatever the interval.
    """
    executable = find_prometheus(binary)
    config = config if config is not None else scrape_config(targets, interval_s, job)
    with tempfile.TemporaryDirectory(prefix="lab64-prometheus-") as folder:
        root = Path(folder)
        config_file = root / "prometheus.json"
        config_file.write_text(json.dumps(config, indent=2))
        log = root / "prometheus.log"
        # A free port can be taken between our check and Prometheus's bind: try a few.
        for attempt in range(3):
            listen = port or _free_port()
            url = f"http://127.0.0.1:{listen}"
            command = [executable, f"--config.file={config_file}", f"--storage.tsdb.path={root / 'data'}",
                       f"--web.listen-address=127.0.0.1:{listen}", "--storage.tsdb.retention.time=1d",
                       "--log.level=warn"]
            with log.open("wb") as sink:
                process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                                           start_new_session=True, preexec_fn=_die_with_parent(), cwd=root)
            try:
                if _wait_ready(url, process, startup_timeout):
                    yield url
                    return
            finally:
                _stop(process)
            if port or "address already in use" not in _tail(log) or attempt == 2:
                raise RuntimeError(f"Prometheus ({executable}) exited with status {process.returncode} "
                                   f"before it was ready. Its log ends:\n{_tail(log)}")


def _wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float) -> bool:
    """Whether Prometheus answered ``/-/ready`` before exiting; raises after ``timeout``."""
    deadline = time.monotonic() + timeout
    with httpx.Client(trust_env=False, timeout=2.0) as client:
        while process.poll() is None:
            with contextlib.suppress(httpx.HTTPError):
                if client.get(url + "/-/ready").status_code == 200:
                    return True
            if time.monotonic() > deadline:
                raise RuntimeError(f"Prometheus did not become ready at {url} within {timeout} s")
            time.sleep(0.05)
    return False


def instant_query(prom_url: str, expr: str, timeout: float = 10.0) -> dict[str, Any]:
    """Evaluate PromQL ``expr`` now: ``GET {prom_url}/api/v1/query?query=expr``.

    Returns the answer's ``data``: ``{"resultType": "vector", "result": [{"metric": {...},
    "value": [time, "12.5"]}, ...]}`` (or ``"scalar"``, ``"string"``, ``"matrix"``). Raises
    :class:`PromQLError` carrying Prometheus's ``error`` message when its ``status`` is not
    ``"success"`` (a bad query is answered with HTTP 400 and a JSON body saying why).
    """
    # BEGIN SOLUTION
    with httpx.Client(trust_env=False, timeout=timeout) as client:  # loopback: never a proxy
        answer = client.get(f"{prom_url}/api/v1/query", params={"query": expr})
    try:
        body = answer.json()
    except ValueError:
        raise PromQLError(expr, f"HTTP {answer.status_code} without a JSON body: {answer.text[:200]}") from None
    if body.get("status") != "success":
        raise PromQLError(expr, f"{body.get('errorType', 'error')}: {body.get('error', answer.text[:200])}")
    return body["data"]
    # END SOLUTION


def query_value(prom_url: str, expr: str) -> float | None:
    """The one number ``expr`` evaluates to now, or ``None`` when its vector is empty.

    A scalar gives its value; a vector of one sample gives that sample's value (``"NaN"``,
    ``"+Inf"`` become ``math.nan``, ``math.inf``). A vector of several samples raises
    ``ValueError`` (aggregate it: ``sum(...)``), and so does a string or range result.
    """
    # BEGIN SOLUTION
    data = instant_query(prom_url, expr)
    kind, result = data["resultType"], data["result"]
    if kind == "scalar":
        return float(result[1])
    if kind != "vector":
        raise ValueError(f"{expr!r} gives a {kind}, not a number")
    if not result:
        return None
    if len(result) > 1:
        raise ValueError(f"{expr!r} gives {len(result)} series; aggregate them, e.g. sum({expr})")
    return float(result[0]["value"][1])
    # END SOLUTION


def wait_for(prom_url: str, expr: str, predicate: Callable[[float], bool], *, timeout: float = 30.0,
             poll_s: float = 0.2) -> float:
    """Poll ``query_value(prom_url, expr)`` until ``predicate(value)`` holds; return that value.

    An empty result does not satisfy any predicate. Raises ``TimeoutError`` naming the query and
    the last value seen once ``timeout`` seconds have passed (deadline measured with
    ``time.monotonic``); a PromQL error is raised at once.
    """
    # BEGIN SOLUTION
    deadline = time.monotonic() + timeout
    last: float | None = None
    while True:
        last = query_value(prom_url, expr)
        if last is not None and predicate(last):
            return last
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{expr!r} did not reach the expected value within {timeout} s "
                               f"(last value: {'no data' if last is None else last})")
        time.sleep(min(poll_s, max(0.0, deadline - time.monotonic())))
    # END SOLUTION

