"""The pytest plugin loaded in the child process that runs a submission's hidden tests.

It reports two events per test on a pipe the grader opened (fd in ``LLMLAB_RESULT_FD``):
``start`` before the test's setup and ``end`` after its teardown. The grader, not this plugin,
decides what a test is worth and what happens when no ``end`` arrives (a hang, a crash, an
``os._exit``). Each line carries a nonce the grader chose, read and removed from the
environment before any submission code is imported, so text printed by a submission is never
taken for a result.
"""

from __future__ import annotations

import json
import os
import time

import pytest

_FD = os.environ.pop("LLMLAB_RESULT_FD", None)
_NONCE = os.environ.pop("LLMLAB_RESULT_NONCE", "")
_STREAM = os.fdopen(int(_FD), "w", buffering=1, closefd=True) if _FD else None

MEMORY_SIGNS = ("MemoryError", "can't allocate memory", "DefaultCPUAllocator", "out of memory")
_reports: dict[str, list[pytest.TestReport]] = {}
_started: dict[str, float] = {}


def _send(event: dict, _stream=_STREAM, _nonce=_NONCE, _dumps=json.dumps) -> None:
    if _stream is None:
        return
    event["nonce"] = _nonce
    _stream.write(_dumps(event) + "\n")
    _stream.flush()


def _student_line(report: pytest.TestReport) -> str:
    """One line about the failure that is safe to show a student: the exception, never source."""
    crash = getattr(report.longrepr, "reprcrash", None)
    message = (getattr(crash, "message", "") or "").strip()
    first = message.splitlines()[0] if message else ""
    if not first or first.startswith("assert ") or first.startswith("AssertionError: assert "):
        return ""
    return first[:300]


def _combine(nodeid: str, _reports=_reports, _student_line=_student_line, _signs=MEMORY_SIGNS) -> dict:
    reports = _reports.pop(nodeid, [])
    outcome, student, detail = "passed", "", ""
    for rep in reports:
        # read the plain attribute, not the `passed`/`skipped` properties a submission could patch
        kind = rep.__dict__.get("outcome")
        if kind == "passed":
            continue
        if kind == "skipped":
            if outcome == "passed":
                outcome = "skipped"
                student = str(rep.longrepr[-1]) if isinstance(rep.longrepr, tuple) else "skipped"
            continue
        text = str(rep.longrepr)
        outcome = "failed" if rep.when == "call" else "error"
        if any(sign in text for sign in _signs):
            outcome = "out-of-memory"
        student, detail = _student_line(rep), text[-20000:]
        break
    return {"outcome": outcome, "message": student, "detail": detail}


# Hooks bind their helpers as default arguments (pluggy passes only arguments without
# defaults), so a submission that reassigns this module's globals changes nothing.


def pytest_collectreport(report: pytest.CollectReport, _send=_send) -> None:
    if report.__dict__.get("outcome") == "failed":
        text = str(report.longrepr)
        _send({"event": "collect_error", "message": text.strip().splitlines()[-1][:300] if text.strip() else "",
               "detail": text[-20000:]})


def pytest_runtest_logstart(nodeid: str, location: tuple, _send=_send, _started=_started) -> None:
    _started[nodeid] = time.perf_counter()
    _send({"event": "start", "nodeid": nodeid})


def pytest_runtest_logreport(report: pytest.TestReport, _reports=_reports) -> None:
    _reports.setdefault(report.nodeid, []).append(report)


def pytest_runtest_logfinish(nodeid: str, location: tuple, _send=_send, _combine=_combine,
                             _started=_started) -> None:
    result = _combine(nodeid)
    result.update(event="end", nodeid=nodeid, duration=time.perf_counter() - _started.pop(nodeid, time.perf_counter()))
    _send(result)
