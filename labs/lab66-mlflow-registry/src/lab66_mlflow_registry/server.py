"""Start and stop a real MLflow tracking server on localhost (given code).

    with local_mlflow_server() as server:      # SQLite store + artifact folder in a temp dir
        client = connect(server.url)
        ...

The server is ``python -m mlflow server`` with a SQLite backend store (runs, metrics, the model
registry) and ``--serve-artifacts``: clients upload and download artifacts over HTTP and the
server keeps them under ``<root>/artifacts``. It binds 127.0.0.1 only, on a port the OS picks.
The CLI, the public tests and the hidden tests all use this one helper.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"

# The server runs as ``python -c LAUNCHER <pid> server ...``: on Linux the launcher asks the kernel
# to send it SIGTERM when the process that started it dies (even by SIGKILL, e.g. a test runner
# killed on timeout), then becomes ``python -m mlflow``. ``mlflow server`` forwards SIGTERM to
# its uvicorn child, so no server outlives whoever started it. The kernel watches the *thread*
# that started the launcher, so this is done only when that is the main thread.
LAUNCHER = """\
import ctypes, os, signal, sys
if sys.platform.startswith("linux") and sys.argv[1] != "0":
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != int(sys.argv[1]):  # the parent died before prctl took effect
        sys.exit("the process that started the MLflow server is gone")
os.execv(sys.executable, [sys.executable, "-m", "mlflow", *sys.argv[2:]])
"""

# Faster start, nothing leaves the machine: no background job runner (it would start extra
# processes), no usage telemetry.
SERVER_ENV = {"MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false", "MLFLOW_DISABLE_TELEMETRY": "true"}


@dataclass(frozen=True)
class MlflowServer:
    """A running server: its base ``url`` (``http://127.0.0.1:<port>``) and its files under ``root``."""

    url: str
    root: Path
    process: subprocess.Popen

    @property
    def backend_store_uri(self) -> str:
        return sqlite_uri(self.root / "mlflow.db")

    @property
    def artifacts_dir(self) -> Path:
        return self.root / "artifacts"

    @property
    def log_path(self) -> Path:
        return self.root / "server.log"


def sqlite_uri(path: Path) -> str:
    """``sqlite:////abs/path/mlflow.db`` (three slashes, then the absolute path)."""
    return f"sqlite:///{path.resolve()}"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_command(root: Path, port: int) -> list[str]:
    """The ``mlflow server`` arguments: SQLite store, proxied artifacts, one uvicorn worker."""
    return [
        "server",
        "--host", HOST,
        "--port", str(port),
        "--backend-store-uri", sqlite_uri(root / "mlflow.db"),
        "--serve-artifacts",
        "--artifacts-destination", str((root / "artifacts").resolve()),
        "--workers", "1",
    ]


def _get(url: str, timeout: float) -> int:
    # No proxies: the server is on loopback, whatever HTTP_PROXY says.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=timeout) as response:
        return response.status


def log_tail(path: Path, chars: int = 3000) -> str:
    """The last ``chars`` characters of the server's log (empty if there is none)."""
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def wait_until_healthy(server: MlflowServer, timeout: float) -> None:
    """Poll ``GET /health`` until it answers 200; raise RuntimeError with the log tail if the
    server exits first or does not answer within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        code = server.process.poll()
        if code is not None:
            raise RuntimeError(
                f"`mlflow server` exited with status {code} before answering {server.url}/health "
                f"(is mlflow installed for {sys.executable}? is the port free?). Last lines of "
                f"{server.log_path}:\n{log_tail(server.log_path)}"
            )
        with contextlib.suppress(OSError):
            if _get(f"{server.url}/health", timeout=2.0) == 200:
                return
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"`mlflow server` did not answer {server.url}/health within {timeout:.0f} s "
                f"(a busy machine may need a larger startup_timeout). Last lines of "
                f"{server.log_path}:\n{log_tail(server.log_path)}"
            )
        time.sleep(0.25)


def stop(process: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM the server's whole process group (mlflow and its uvicorn child), SIGKILL after
    ``grace`` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)
    # The group outlives its leader while a child is left: make sure nothing is.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@contextlib.contextmanager
def local_mlflow_server(root: Path | None = None, port: int | None = None,
                        startup_timeout: float = 120.0) -> Iterator[MlflowServer]:
    """Run ``mlflow server`` on 127.0.0.1 for the duration of the ``with`` block.

    ``root`` holds ``mlflow.db``, ``artifacts/`` and ``server.log`` (default: a temporary folder,
    deleted afterwards); ``port`` defaults to a free one. Yields once ``/health`` answers; the
    server is stopped (process group killed) when the block ends, also on an exception.
    """
    with contextlib.ExitStack() as stack:
        if root is None:
            root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lab66-mlflow-")))
        root = Path(root)
        root.mkdir(parents=True, exist_ok=True)
        chosen = port or free_port()
        log = stack.enter_context(open(root / "server.log", "ab"))
        watch = os.getpid() if threading.current_thread() is threading.main_thread() else 0
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(watch), *server_command(root, chosen)],
            cwd=root, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, **SERVER_ENV}, start_new_session=True,  # its own process group
        )
        try:
            server = MlflowServer(f"http://{HOST}:{chosen}", root, process)
            wait_until_healthy(server, startup_timeout)
            yield server
        finally:
            stop(process)
