"""Resource limits for the child that runs submission code."""

from __future__ import annotations

import functools
import os
import resource
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

GIB = 1024**3


@dataclass(frozen=True)
class Limits:
    """What one child process (and everything it starts) may use.

    ``memory_bytes`` is enforced twice: as the address-space limit of each process (so a huge
    allocation fails at once with ``MemoryError``) and by the grader's watchdog on the resident
    memory of the whole process group (so many smaller processes cannot add up past it).
    ``address_space=False`` drops the first; a lab asks for that with ``[tool.llmlab.grading]
    address-space-limit = false``. Chromium reserves terabytes of address space it never
    touches and dies of SIGTRAP under any such limit; the watchdog still bounds what is used.
    """

    memory_bytes: int = 8 * GIB
    max_processes: int = 64
    file_bytes: int = 1 * GIB
    output_bytes: int = 64 * 1024
    collect_timeout_s: float = 120.0
    network: bool = False  # False: the child gets a network namespace with loopback only
    user: int | None = 65534  # when the grader is root, the child runs as this uid (nobody)
    address_space: bool = True  # RLIMIT_AS = memory_bytes; the watchdog applies either way

    def apply_in_child(self, cpu_seconds: int) -> None:
        """Called between fork and exec: a new session (so the grader can kill the whole group)."""
        os.setsid()
        if self.address_space:
            resource.setrlimit(resource.RLIMIT_AS, (self.memory_bytes, self.memory_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_FSIZE, (self.file_bytes, self.file_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        # Counts threads too, and binds only a non-root user: see `drops_privileges`.
        resource.setrlimit(resource.RLIMIT_NPROC, (self.max_processes * 4, self.max_processes * 4))

    @property
    def drops_privileges(self) -> bool:
        return self.user is not None and os.geteuid() == 0 and shutil.which("setpriv") is not None


def group_usage(pgid: int) -> tuple[int, int]:
    """Resident bytes and process count of process group ``pgid``, read from ``/proc``."""
    rss_pages, count = 0, 0
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        # fields[0] is the state; pgrp is field 5 of stat, i.e. index 2 after the command name.
        if int(fields[2]) == pgid:
            count += 1
            rss_pages += int(fields[21])
    return rss_pages * page, count


@functools.cache
def can_isolate_network() -> bool:
    """Whether this machine lets us start a process in a fresh network namespace."""
    if not (shutil.which("unshare") and shutil.which("ip")):
        return False
    probe = subprocess.run(["unshare", "--net", "--", "ip", "link", "set", "lo", "up"], capture_output=True)
    return probe.returncode == 0


def sandbox_command(cmd: list[str], limits: Limits) -> list[str]:
    """``cmd`` wrapped so that it runs in a new network namespace whose only interface is
    loopback (local test servers still work), and as an unprivileged user when the grader is
    root (so the process limit binds and the grader's files are out of reach). Each wrapper
    ``exec``s the next, so the process started is the process group leader the grader watches."""
    if limits.drops_privileges:
        cmd = ["setpriv", f"--reuid={limits.user}", f"--regid={limits.user}", "--clear-groups", "--", *cmd]
    if not limits.network and can_isolate_network():
        cmd = ["unshare", "--net", "--", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *cmd]
    return cmd


@functools.cache
def runs_unprivileged(python: str, uid: int) -> bool:
    """Whether ``python`` works as ``uid``, including starting itself again (notebook kernels
    and local servers do), which needs every folder on the interpreter's real path enterable."""
    probe = subprocess.run(["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--",
                            python, "-c", "import subprocess, sys; subprocess.run([sys.executable, '-c', ''], check=True)"],
                           capture_output=True, cwd="/")
    return probe.returncode == 0


def _usable_by_everyone(path: Path) -> bool:
    real = path.resolve()
    try:
        folders_ok = all(folder.stat().st_mode & 0o001 for folder in real.parents)
        return folders_ok and real.stat().st_mode & 0o005 == 0o005
    except OSError:
        return False


def sandbox_interpreter() -> str | None:
    """A Python >= 3.11 that an unprivileged user can run, to build grading environments on
    (a root-only interpreter such as one under ``/root`` would force the weaker sandbox)."""
    names = [sys.executable, *(shutil.which(n) for n in ("python3.13", "python3.12", "python3.11", "python3")),
             "/usr/bin/python3", "/usr/local/bin/python3"]
    for name in names:
        if not name or not _usable_by_everyone(Path(name)):
            continue
        version = subprocess.run([name, "-c", "import sys; print(sys.version_info >= (3, 11))"],
                                 capture_output=True, text=True)
        if version.stdout.strip() == "True":
            return str(Path(name).resolve())
    return None
