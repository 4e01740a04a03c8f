"""A real, throwaway PostgreSQL on localhost: started in a temporary folder, gone when the block ends.

    with local_postgres() as url:   # postgresql+psycopg://postgres@127.0.0.1:<port>/sales
        engine = open_database(url, readonly=False)

``local_postgres`` runs the ``initdb`` and ``postgres`` binaries of an installed PostgreSQL (the
Debian package ``postgresql`` puts them in ``/usr/lib/postgresql/<version>/bin``; the Debian
*service* is not used). The cluster lives in a temporary folder, listens on 127.0.0.1 and a free
port, keeps its unix socket in that folder, trusts local connections (it is a throwaway: nothing
outside this machine can reach it) and is stopped immediately and deleted when the block ends,
raised or not. PostgreSQL refuses to run as root: as root it runs as the user ``nobody``.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

BIN_ENV = "LAB53_PG_BIN"  # set it to a folder holding initdb and postgres to use another install
DEBIAN_GLOB = "/usr/lib/postgresql/*/bin"
UNPRIVILEGED_USER = "nobody"


class PostgresNotFound(RuntimeError):
    """No PostgreSQL server binaries (``initdb``, ``postgres``) to run."""


def _has_server(folder: Path) -> bool:
    return all(os.access(folder / name, os.X_OK) for name in ("initdb", "postgres"))


def _version_key(folder: Path) -> tuple[int, ...]:
    digits = folder.parent.name.split(".")
    return tuple(int(d) for d in digits if d.isdigit())


def find_postgres_bin() -> Path:
    """The folder holding ``initdb`` and ``postgres``: ``$LAB53_PG_BIN``, else the ``PATH``, else
    the newest ``/usr/lib/postgresql/<version>/bin``. Raises :class:`PostgresNotFound` saying
    what to install."""
    wanted = os.environ.get(BIN_ENV)
    if wanted:
        if _has_server(Path(wanted)):
            return Path(wanted)
        raise PostgresNotFound(f"${BIN_ENV}={wanted!r} holds no executable initdb and postgres")
    on_path = shutil.which("initdb")
    if on_path and _has_server(Path(on_path).parent):
        return Path(on_path).parent
    import glob

    for folder in sorted((Path(p) for p in glob.glob(DEBIAN_GLOB)), key=_version_key, reverse=True):
        if _has_server(folder):
            return folder
    raise PostgresNotFound(
        "no PostgreSQL server found (initdb and postgres are neither on the PATH nor in "
        f"{DEBIAN_GLOB}). Install the Debian package: `sudo apt-get install postgresql` (only its "
        f"binaries are used; this lab starts its own server), or set ${BIN_ENV} to the folder "
        "holding initdb and postgres.")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_as() -> dict[str, Any]:
    """Popen arguments that drop root to ``nobody`` (initdb and postgres refuse root)."""
    if os.geteuid() != 0:
        return {}
    user = pwd.getpwnam(UNPRIVILEGED_USER)
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


def _die_with_parent() -> Callable[[], None] | None:
    """Linux: make the server get SIGQUIT (immediate shutdown) when this process dies, so a
    test killed for a timeout leaves no PostgreSQL behind. Runs after the privilege drop."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    pr_set_pdeathsig = 1

    def setup() -> None:
        prctl(pr_set_pdeathsig, signal.SIGQUIT)

    return setup


def _tail(log: Path, lines: int = 15) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGQUIT is PostgreSQL's immediate shutdown (what ``pg_ctl stop -m immediate`` sends)."""
    for sig, wait_s in ((signal.SIGQUIT, 10.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


def _connect(port: int, dbname: str = "postgres") -> Any:
    import psycopg

    return psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname=dbname,
                           connect_timeout=2, autocommit=True)


def _wait_ready(port: int, process: subprocess.Popen[bytes], timeout: float) -> bool:
    """Whether the server accepted a connection before exiting; raises after ``timeout``."""
    import psycopg

    deadline = time.monotonic() + timeout
    while process.poll() is None:
        try:
            _connect(port).close()
            return True
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not accept connections on 127.0.0.1:{port} "
                                   f"within {timeout} s") from None
            time.sleep(0.1)
    return False


@contextlib.contextmanager
def local_postgres(database: str = "sales", *, startup_timeout: float = 60.0) -> Iterator[str]:
    """Run a throwaway PostgreSQL; yields the SQLAlchemy URL of an empty database ``database``.

    The URL is ``postgresql+psycopg://postgres@127.0.0.1:<port>/<database>`` (user ``postgres``,
    trusted, so no password). Raises :class:`PostgresNotFound` without the binaries and
    ``RuntimeError`` with the end of the server's log when it does not start.
    """
    bin_dir = find_postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="lab53-postgres-"))
    try:
        run_as = _run_as()
        if run_as:
            os.chown(folder, run_as["user"], run_as["group"])
        data, log = folder / "data", folder / "server.log"
        # fsync off and no locale: a throwaway cluster, made in about a second.
        init = subprocess.run([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                               "-E", "UTF8", "--locale=C", "--no-sync"],
                              capture_output=True, text=True, cwd=folder, **run_as)
        if init.returncode != 0:
            raise RuntimeError(f"initdb ({bin_dir / 'initdb'}) failed with status {init.returncode}:\n"
                               f"{(init.stdout + init.stderr)[-2000:]}")
        # A free port can be taken between our check and the server's bind: try a few.
        for attempt in range(3):
            port = _free_port()
            command = [str(bin_dir / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(port),
                       "-k", str(folder), "-c", "fsync=off", "-c", "full_page_writes=off",
                       "-c", "synchronous_commit=off", "-c", "shared_buffers=16MB",
                       "-c", "max_connections=20"]
            with open(log, "wb") as sink:
                process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=sink,
                                           stderr=subprocess.STDOUT, start_new_session=True,
                                           preexec_fn=_die_with_parent(), cwd=folder, **run_as)
            try:
                if _wait_ready(port, process, startup_timeout):
                    with _connect(port) as admin:
                        admin.execute(f'CREATE DATABASE "{database}"')
                    yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{database}"
                    return
            finally:
                _stop(process)
            if "already in use" not in _tail(log) or attempt == 2:
                raise RuntimeError(f"PostgreSQL ({bin_dir / 'postgres'}) exited with status "
                                   f"{process.returncode} before it was ready. Its log ends:\n{_tail(log)}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
