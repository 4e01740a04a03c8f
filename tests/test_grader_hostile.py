"""The grader against submissions that crash, exit, hang, flood memory or output, or lie.

For each: grading finishes within its limits, the score is never above what honest execution
earns, and the feedback says what happened.
"""

from __future__ import annotations

import json
import time
import zipfile

import pytest
from llmlab_grading.engine import grade
from llmlab_grading.labs import read_lab
from llmlab_grading.limits import Limits
from probe_lab import make_submission

CORRECT_DOUBLE = "def double(x):\n    return 2 * x\n"


def statuses(report) -> dict[str, str]:
    return {t.name: t.status for t in report.tests}


def test_reference_earns_everything(probe, python, fast_limits):
    report = grade(probe, None, fast_limits, python)
    assert report.score == 100
    assert set(statuses(report).values()) == {"passed"}


def test_wrong_answers_earn_nothing_and_say_why(probe, python, fast_limits, tmp_path):
    sub = make_submission(tmp_path, "def add(a, b):\n    return a - b\n" + CORRECT_DOUBLE)
    report = grade(probe, sub, fast_limits, python)
    assert report.score == 30
    add = next(t for t in report.tests if t.name == "test_add")
    assert add.status == "failed"
    assert add.feedback.startswith("add(2, 3) should be 5.")
    assert "assert" not in add.feedback  # hidden test source stays with the instructor
    assert "lab99_probe.add(2, 3) == 5" in add.detail


@pytest.mark.parametrize("source, status, words", [
    ("def add(:\n", "error", "SyntaxError"),
    ("import a_module_that_does_not_exist\n", "error", "ModuleNotFoundError"),
    ("raise RuntimeError('boom at import')\n", "error", "boom at import"),
    ("import os\nos._exit(0)\n", "error", "exited with status 0 before any test ran"),
    ("import sys\nsys.exit(0)\n", "error", "before any test ran"),
])
def test_broken_at_import(probe, python, fast_limits, tmp_path, source, status, words):
    report = grade(probe, make_submission(tmp_path, source), fast_limits, python)
    assert report.score == 0
    assert set(statuses(report).values()) == {status}
    assert all(words in t.feedback for t in report.tests), report.tests[0].feedback


def test_infinite_loop_at_import_times_out(probe, python, fast_limits, tmp_path):
    start = time.monotonic()
    report = grade(probe, make_submission(tmp_path, "while True:\n    pass\n"), fast_limits, python)
    assert report.score == 0
    assert set(statuses(report).values()) == {"timeout"}
    assert "did not finish within" in report.tests[0].feedback
    assert time.monotonic() - start < fast_limits.collect_timeout_s * 2 + 10


def test_a_hang_costs_only_its_own_tests(probe, python, fast_limits, tmp_path):
    sub = make_submission(tmp_path, "def add(a, b):\n    while True:\n        pass\n" + CORRECT_DOUBLE)
    start = time.monotonic()
    report = grade(probe, sub, fast_limits, python)
    assert statuses(report) == {"test_add": "timeout", "test_double": "passed", "test_add_negative": "timeout"}
    assert report.score == 30
    assert time.monotonic() - start < 5 + 5 + 3 * fast_limits.collect_timeout_s


def test_exit_inside_a_test_is_a_crash_of_that_test(probe, python, fast_limits, tmp_path):
    sub = make_submission(tmp_path, "import os\n\ndef add(a, b):\n    return a + b\n\n"
                                    "def double(x):\n    os._exit(0)\n")
    report = grade(probe, sub, fast_limits, python)
    assert statuses(report) == {"test_add": "passed", "test_double": "crashed", "test_add_negative": "passed"}
    assert report.score == 70
    assert "sys.exit() or os._exit()" in next(t.feedback for t in report.tests if t.name == "test_double")


def test_sys_exit_inside_a_test_fails_it(probe, python, fast_limits, tmp_path):
    sub = make_submission(tmp_path, "import sys\n\ndef add(a, b):\n    sys.exit(0)\n" + CORRECT_DOUBLE)
    report = grade(probe, sub, fast_limits, python)
    assert report.score == 30
    assert statuses(report)["test_add"] in ("failed", "crashed")


def test_allocating_50_gb_is_out_of_memory(probe, python, fast_limits, tmp_path):
    sub = make_submission(tmp_path, "def add(a, b):\n    block = bytearray(50 * 10**9)\n    return a + b\n"
                          + CORRECT_DOUBLE)
    report = grade(probe, sub, fast_limits, python)
    assert statuses(report)["test_add"] == "out-of-memory"
    assert report.score == 30


def test_growing_memory_is_stopped(probe, python, tmp_path):
    sub = make_submission(tmp_path, "def add(a, b):\n    hoard = []\n    while True:\n"
                                    "        hoard.append(bytes(100 * 2**20))\n" + CORRECT_DOUBLE)
    report = grade(probe, sub, Limits(memory_bytes=2**30, collect_timeout_s=10), python)
    assert statuses(report)["test_add"] in ("out-of-memory", "crashed")
    assert report.score == 30


def test_without_the_address_space_limit_the_watchdog_still_stops_a_hoarder(probe, python, tmp_path):
    # What a lab that drives Chromium gets ([tool.llmlab.grading] address-space-limit = false).
    pyproject = probe.path / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "\n[tool.llmlab.grading]\naddress-space-limit = false\n")
    lab = read_lab(probe.path)
    assert lab.address_space_limit is False
    sub = make_submission(tmp_path, "def add(a, b):\n    hoard = []\n    while True:\n"
                                    "        hoard.append(bytes(100 * 2**20))\n" + CORRECT_DOUBLE)
    report = grade(lab, sub, Limits(memory_bytes=2**30, collect_timeout_s=10), python)
    assert statuses(report)["test_add"] == "out-of-memory"
    assert report.score == 30


FORGER = '''
import json, os, sys

def _forge():
    fake = {"event": "end", "outcome": "passed", "nodeid": "test_probe.py::test_add", "nonce": "guess"}
    print(json.dumps(fake))
    for fd in range(3, 64):
        try:
            os.write(fd, (json.dumps(fake) + "\\n").encode())
        except OSError:
            pass

def add(a, b):
    _forge()
    return 0

def double(x):
    _forge()
    return 0
'''


def test_forged_results_are_ignored(probe, python, fast_limits, tmp_path):
    report = grade(probe, make_submission(tmp_path, FORGER), fast_limits, python)
    assert report.score == 0


def test_deleting_the_hidden_tests_earns_nothing(probe, python, fast_limits, tmp_path):
    sub = make_submission(tmp_path, "import glob, os\n\nfor f in glob.glob('*.py'):\n    os.remove(f)\n\n"
                                    "def add(a, b):\n    return 0\n\ndef double(x):\n    return 0\n")
    report = grade(probe, sub, fast_limits, python)
    assert report.score == 0
    assert (probe.hidden_tests / "test_probe.py").is_file()


def test_huge_output_is_truncated(probe, python, fast_limits, tmp_path):
    sub = make_submission(tmp_path, "def add(a, b):\n    print('x' * 50_000_000)\n    return a + b\n" + CORRECT_DOUBLE)
    report = grade(probe, sub, fast_limits, python)
    assert report.score == 100


def test_zip_submissions_and_unsafe_zips(probe, python, fast_limits, tmp_path):
    folder = make_submission(tmp_path, "def add(a, b):\n    return a + b\n" + CORRECT_DOUBLE)
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w") as zf:
        zf.write(folder / "src" / "lab99_probe" / "__init__.py", "student/src/lab99_probe/__init__.py")
    assert grade(probe, good, fast_limits, python).score == 100

    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../../escape.py", "x = 1")
    report = grade(probe, evil, fast_limits, python)
    assert report.score == 0 and "unsafe path" in report.error
    assert not (tmp_path.parent / "escape.py").exists()


def test_missing_package_is_explained(probe, python, fast_limits, tmp_path):
    (tmp_path / "empty").mkdir()
    report = grade(probe, tmp_path / "empty", fast_limits, python)
    assert report.score == 0
    assert "no package 'lab99_probe'" in report.error


def test_replay_runs_one_test_alone(probe, python, fast_limits, tmp_path):
    sub = make_submission(tmp_path, "def add(a, b):\n    print('debug line')\n    return a - b\n" + CORRECT_DOUBLE)
    report = grade(probe, sub, fast_limits, python, only="test_add_negative")
    assert [(t.name, t.status) for t in report.tests] == [("test_add_negative", "failed")]
    assert "lab99_probe.add(-2, -3) == -5" in report.tests[0].detail


def test_result_files(probe, python, fast_limits, tmp_path):
    report = grade(probe, make_submission(tmp_path, "def add(a, b):\n    return a + b\n"), fast_limits, python)
    report.write(tmp_path / "out")
    gradescope = json.loads((tmp_path / "out" / "results.json").read_text())
    assert gradescope["score"] == 70
    assert [t["max_score"] for t in gradescope["tests"]] == [40, 30, 30]
    assert [t["visibility"] for t in gradescope["tests"]] == ["visible", "visible", "after_due_date"]
    student = json.loads((tmp_path / "out" / "feedback.json").read_text())
    assert all("detail" not in t for t in student["tests"])
    instructor = json.loads((tmp_path / "out" / "report.json").read_text())
    assert instructor["score"] == 70 and "detail" in instructor["tests"][0]


def test_batch_gradebook_cache_and_resume(probe, python, tmp_path, monkeypatch):
    import csv

    from llmlab_grading import batch

    monkeypatch.setattr(batch, "ensure_environment", lambda lab, root: python)
    subs = tmp_path / "class"
    make_submission(subs, "def add(a, b):\n    return a + b\n" + CORRECT_DOUBLE, name="alice")
    make_submission(subs, "def add(a, b):\n    return a - b\n" + CORRECT_DOUBLE, name="bob")
    out = tmp_path / "out"
    seen: list[tuple[str, bool]] = []
    reports = batch.grade_batch(probe, subs, out, workers=2, on_done=lambda s, r, c: seen.append((s, c)))
    assert {s: r.score for s, r in reports.items()} == {"alice": 100, "bob": 30}
    rows = list(csv.DictReader((out / "gradebook.csv").read_text().splitlines()))
    assert [(r["student"], r["total"], r["test_add"]) for r in rows] == [("alice", "100", "40"), ("bob", "30", "0")]
    assert "add(2, 3) should be 5." in (out / "feedback" / "bob.md").read_text()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["pass_rates"] == {"test_add": 0.5, "test_double": 1.0, "test_add_negative": 0.5}
    assert (out / "scores.png").stat().st_size > 1000

    # Unchanged submissions are not graded again; a changed one is, and its move is reported.
    (subs / "bob" / "src" / "lab99_probe" / "__init__.py").write_text("def add(a, b):\n    return a + b\n"
                                                                       + CORRECT_DOUBLE)
    seen.clear()
    reports = batch.grade_batch(probe, subs, out, workers=2, on_done=lambda s, r, c: seen.append((s, c)))
    assert sorted(seen) == [("alice", True), ("bob", False)]
    assert json.loads((out / "summary.json").read_text())["scores_moved"] == {"bob": [30, 100]}

    # A change to one hidden test file re-runs only that file's tests.
    extra = probe.hidden_tests / "test_extra.py"
    extra.write_text("import lab99_probe\n\nfrom llmlab_grading import points\n\n\n"
                     "@points(5, 'double(0) should be 0.', task='double', timeout=5)\n"
                     "def test_double_zero():\n    assert lab99_probe.double(0) == 0\n")
    reports = batch.grade_batch(probe, subs, out, workers=2)
    assert reports["alice"].meta["regraded_tests"] == ["test_double_zero"]
    assert [t.name for t in reports["alice"].tests] == ["test_double_zero", "test_add", "test_double",
                                                         "test_add_negative"]
    assert reports["alice"].score == 105


SOLUTION_A = """
def add(a, b):
    total = a
    for _ in range(b if b > 0 else -b):
        total = total + 1 if b > 0 else total - 1
    return total


def double(x):
    result = x + x
    assert result == 2 * x, f"double({x}) went wrong: {result}"
    return result
"""

SOLUTION_A_DISGUISED = """
# my own work!
def add(first, second):
    acc = first
    for i in range(second if second > 0 else -second):
        acc = acc + 1 if second > 0 else acc - 1
    return acc


def double(value):
    out = value + value
    assert out == 2 * value, f"oops {value} -> {out}"
    return out
"""


def test_similarity_flags_renamed_copies_only(probe, tmp_path):
    from llmlab_grading.batch import find_submissions, write_similarity

    subs = tmp_path / "class"
    make_submission(subs, SOLUTION_A, name="alice")
    make_submission(subs, SOLUTION_A_DISGUISED, name="carol")
    make_submission(subs, "def add(a, b):\n    return sum([a, b])\n\n\ndef double(x):\n    return x * 2\n",
                    name="bob")
    out = tmp_path / "out"
    out.mkdir()
    write_similarity(probe, find_submissions(subs), out)
    rows = (out / "similarity.csv").read_text().splitlines()
    assert rows[0] == "student_a,student_b,similarity"
    assert [r.split(",")[:2] for r in rows[1:]] == [["alice", "carol"]]
    assert float(rows[1].split(",")[2]) == 1.0


NETWORK = '''
import socket
import threading


def add(a, b):
    """Correct only when loopback is the one network interface, and it works."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    threading.Thread(target=lambda: server.accept()[0].close(), daemon=True).start()
    socket.create_connection(server.getsockname(), timeout=2).close()
    interfaces = [name for _, name in socket.if_nameindex()]
    return a + b if interfaces == ["lo"] else 0


def double(x):
    return 2 * x
'''


def test_child_has_loopback_but_no_network(probe, python, fast_limits, tmp_path):
    from llmlab_grading.limits import can_isolate_network

    if not can_isolate_network():
        pytest.fail("network namespaces are unavailable here: the grader cannot cut the network")
    report = grade(probe, make_submission(tmp_path, NETWORK), fast_limits, python)
    assert report.score == 100, [t.detail[-500:] for t in report.tests if t.status != "passed"]


TAMPER = '''
import _pytest.reports
import llmlab_grading.plugin as plugin

# Make every report look passed, and swap the plugin's helpers for liars.
_pytest.reports.BaseReport.passed = property(lambda self: True)
_pytest.reports.BaseReport.failed = property(lambda self: False)
plugin._combine = lambda nodeid, *a, **k: {"outcome": "passed", "message": "", "detail": ""}
plugin.MEMORY_SIGNS = ()


def add(a, b):
    return 0


def double(x):
    return 0
'''


def test_monkeypatching_pytest_and_the_plugin_earns_nothing(probe, python, fast_limits, tmp_path):
    report = grade(probe, make_submission(tmp_path, TAMPER), fast_limits, python)
    assert report.score == 0
    assert set(statuses(report).values()) == {"failed"}


FORK_BOMB = '''
import os


def add(a, b):
    while True:
        try:
            os.fork()
        except OSError:
            pass


def double(x):
    return 2 * x
'''


def test_fork_bomb_is_contained(probe, python, tmp_path):
    from llmlab_grading.limits import runs_unprivileged

    limits = Limits(memory_bytes=4 * 1024**3, collect_timeout_s=10, max_processes=32)
    if not (limits.drops_privileges and runs_unprivileged(str(python), limits.user)):
        pytest.fail("submissions would run as root here (no setpriv, or the test environment is not "
                    "readable by nobody): the process limit would not bind, so the fork bomb is not run")
    start = time.monotonic()
    report = grade(probe, make_submission(tmp_path, FORK_BOMB), limits, python)
    assert statuses(report)["test_double"] == "passed"
    assert statuses(report)["test_add"] in ("crashed", "timeout")
    assert report.score == 30
    assert time.monotonic() - start < 60


def test_child_runs_unprivileged(probe, python, fast_limits, tmp_path):
    from llmlab_grading.limits import runs_unprivileged

    if not (fast_limits.drops_privileges and runs_unprivileged(str(python), fast_limits.user)):
        pytest.fail("submissions would run as root here: no setpriv, or the environment is not readable by nobody")
    sub = make_submission(tmp_path, "import os\n\ndef add(a, b):\n    return a + b if os.getuid() == 65534 else 0\n"
                          + CORRECT_DOUBLE)
    assert grade(probe, sub, fast_limits, python).score == 100


def test_table_shows_brackets_in_feedback(probe, python, fast_limits, tmp_path, capsys):
    from llmlab_grading.report import print_table

    report = grade(probe, make_submission(tmp_path, "def add(a, b):\n    return 0\n" + CORRECT_DOUBLE), fast_limits, python)
    report.tests[0].feedback = "bias[h, i, j] must be -slope * (i - j)"
    print_table(report)
    assert "bias[h, i, j]" in capsys.readouterr().out
