"""Running hidden tests in a child process the grader does not trust.

The grader starts ``pytest`` on the remaining tests, reads ``start``/``end`` events from a
private pipe, and enforces every limit itself: a test without an ``end`` before its timeout is
killed (with its whole process group) and recorded as ``timeout``; a child that dies in a test
records ``crashed`` (or ``out-of-memory``); then a fresh child runs the tests that are left.
A hang or crash therefore costs the one test it happened in.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import selectors
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from llmlab_grading.limits import Limits, group_usage, sandbox_command
from llmlab_grading.spec import TestSpec

STATUSES = ("passed", "failed", "error", "timeout", "out-of-memory", "crashed")


@dataclass
class Outcome:
    """How one test ended, as the grader saw it."""

    status: str
    message: str = ""  # safe for the student
    detail: str = ""  # for the instructor only: tracebacks, child output
    duration: float = 0.0


@dataclass
class ChildRun:
    """Everything needed to start the child: its interpreter, folder and environment."""

    python: Path
    workdir: Path
    env: dict[str, str]
    limits: Limits = field(default_factory=Limits)


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "did not exit"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with status {code}"


class _Tail:
    """The last ``limit`` bytes of the child's output: enough to explain a crash, never a flood."""

    def __init__(self, limit: int) -> None:
        self.limit, self.data, self.total = limit, bytearray(), 0

    def add(self, chunk: bytes) -> None:
        self.total += len(chunk)
        self.data += chunk
        del self.data[: max(0, len(self.data) - self.limit)]

    def text(self) -> str:
        dropped = f"[... {self.total - len(self.data)} bytes of output not kept ...]\n" if self.total > len(self.data) else ""
        return dropped + self.data.decode(errors="replace")


def _kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _run_once(run: ChildRun, specs: list[TestSpec], deadline: float,
              record: Callable[[TestSpec, Outcome], None]) -> None:
    """One child over ``specs``; records at least one outcome unless the deadline has passed."""
    by_id = {s.nodeid: s for s in specs}
    nonce = secrets.token_hex(16)
    read_fd, write_fd = os.pipe()
    env = dict(run.env, LLMLAB_RESULT_FD=str(write_fd), LLMLAB_RESULT_NONCE=nonce)
    budget = sum(s.timeout for s in specs) + run.limits.collect_timeout_s
    cmd = [str(run.python), "-m", "pytest", "-p", "llmlab_grading.plugin", "-p", "no:cacheprovider",
           "-q", "-o", "addopts=", "--rootdir", str(run.workdir), *[s.nodeid for s in specs]]
    cmd = sandbox_command(cmd, run.limits)
    proc = subprocess.Popen(
        cmd, cwd=run.workdir, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, pass_fds=(write_fd,),
        preexec_fn=lambda: run.limits.apply_in_child(int(budget) + 1),
    )
    os.close(write_fd)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, "out")
    events = os.fdopen(read_fd, "rb")
    sel.register(events, selectors.EVENT_READ, "events")
    tail, pending = _Tail(run.limits.output_bytes), b""
    current: TestSpec | None = None
    started_at = launched = time.monotonic()
    recorded = 0
    collect_error = ""
    killed_for = ""
    open_streams = 2

    def finish(spec: TestSpec, outcome: Outcome) -> None:
        nonlocal recorded
        record(spec, outcome)
        recorded += 1

    while open_streams:
        now = time.monotonic()
        limit = (started_at + current.timeout) if current else (launched + run.limits.collect_timeout_s)
        if now >= min(limit, deadline):
            killed_for = "deadline" if now >= deadline else "timeout"
            break
        rss, nprocs = group_usage(proc.pid)
        if rss > run.limits.memory_bytes:
            killed_for = "memory"
            break
        if nprocs > run.limits.max_processes:
            killed_for = "processes"
            break
        for key, _ in sel.select(timeout=0.2):
            chunk = os.read(key.fileobj.fileno(), 65536)
            if not chunk:
                sel.unregister(key.fileobj)
                open_streams -= 1
                continue
            if key.data == "out":
                tail.add(chunk)
                continue
            pending += chunk
            if len(pending) > 1_000_000:  # nobody honest writes a megabyte without a newline
                pending = b""
            *lines, pending = pending.split(b"\n")
            for line in lines:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                if not isinstance(event, dict) or event.get("nonce") != nonce:
                    continue
                kind, nodeid = event.get("event"), event.get("nodeid")
                if kind == "collect_error":
                    collect_error = str(event.get("message", ""))[:300] or "the tests could not be collected"
                    collect_error += "\n" + str(event.get("detail", ""))[-20000:]
                elif kind == "start" and nodeid in by_id and current is None:
                    current, started_at = by_id[nodeid], time.monotonic()
                elif kind == "end" and current is not None and nodeid == current.nodeid:
                    status = str(event.get("outcome"))
                    message = str(event.get("message", ""))[:300]
                    if status == "skipped":
                        status, message = "failed", f"skipped: {message}"
                    if status not in STATUSES:
                        status = "error"
                    finish(current, Outcome(status, message, str(event.get("detail", ""))[-20000:],
                                            time.monotonic() - started_at))
                    current = None
    if proc.poll() is None or killed_for:
        _kill_group(proc)
    else:
        proc.wait()
    events.close()
    proc.stdout.close()
    output = tail.text()
    elapsed = time.monotonic() - started_at

    if current is not None:
        if killed_for in ("timeout", "deadline"):
            why = "whole-run time limit" if killed_for == "deadline" else f"{current.timeout:.0f} s limit"
            finish(current, Outcome("timeout", f"the test did not finish within its {why} "
                                    "(an infinite loop, or far too slow)", output, elapsed))
        elif killed_for == "memory" or proc.returncode == -signal.SIGKILL and rss > run.limits.memory_bytes * 0.9:
            finish(current, Outcome("out-of-memory", f"the test used more than "
                                    f"{run.limits.memory_bytes / 1024**3:.0f} GiB of memory and was stopped",
                                    output, elapsed))
        elif killed_for == "processes":
            finish(current, Outcome("crashed", f"the test started more than {run.limits.max_processes} "
                                    "processes and was stopped", output, elapsed))
        else:
            finish(current, Outcome("crashed", f"the test process {_describe_exit(proc.returncode)} "
                                    "during the test (does your code call sys.exit() or os._exit()?)",
                                    output, elapsed))
        return
    if recorded:
        return
    # Nothing started: the child failed while importing or collecting.
    remaining = [s for s in specs]
    if killed_for in ("timeout", "deadline"):
        outcome = Outcome("timeout", "importing your package did not finish within "
                          f"{run.limits.collect_timeout_s:.0f} s (a loop or a long computation at import time?)",
                          output)
    elif killed_for == "memory":
        outcome = Outcome("out-of-memory", "importing your package used too much memory", output)
    elif collect_error:
        first, _, detail = collect_error.partition("\n")
        outcome = Outcome("error", f"the tests could not import your package: {first}", detail + "\n" + output)
    else:
        outcome = Outcome("error", f"the test process {_describe_exit(proc.returncode)} before any test "
                          "ran (does your package call sys.exit() or os._exit() when imported?)", output)
    for spec in remaining:
        finish(spec, outcome)


def run_tests(run: ChildRun, specs: list[TestSpec], on_result: Callable[[TestSpec, Outcome], None] | None = None,
              ) -> dict[str, Outcome]:
    """Run every spec to an outcome, restarting the child after each hang or crash.

    The whole run is bounded by the per-test timeouts plus one import allowance per restart.
    """
    results: dict[str, Outcome] = {}
    deadline = time.monotonic() + sum(s.timeout for s in specs) + 2 * run.limits.collect_timeout_s

    def record(spec: TestSpec, outcome: Outcome) -> None:
        if spec.nodeid not in results:
            results[spec.nodeid] = outcome
            if on_result:
                on_result(spec, outcome)

    while remaining := [s for s in specs if s.nodeid not in results]:
        if time.monotonic() >= deadline:
            for spec in remaining:
                record(spec, Outcome("timeout", "not run: the whole-run time limit was reached"))
            break
        before = len(results)
        _run_once(run, remaining, deadline, record)
        if len(results) == before:
            for spec in remaining:  # a child that reports nothing at all must not loop us forever
                record(spec, Outcome("error", "the test process ended without running this test"))
    return results
