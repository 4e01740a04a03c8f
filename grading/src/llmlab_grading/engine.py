"""Grading one submission (or the reference) of one lab."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path

import llmlab_grading
from llmlab_grading.child import ChildRun, Outcome, run_tests
from llmlab_grading.environment import ensure_environment
from llmlab_grading.labs import Lab, repo_root
from llmlab_grading.limits import Limits, can_isolate_network, runs_unprivileged
from llmlab_grading.report import Report, TestResult
from llmlab_grading.spec import TestSpec, read_folder
from llmlab_grading.submission import SubmissionError, stage, tree_hash

PASS_THROUGH = ("CUDA_VISIBLE_DEVICES", "LANG", "LC_ALL", "UV_CACHE_DIR")


def hidden_tests_hash(lab: Lab) -> str:
    digest = hashlib.sha256()
    for path in sorted(lab.hidden_tests.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_hashes(lab: Lab) -> dict[str, str]:
    """Per hidden test, a hash of what can change its result: its own file and every shared
    (non ``test_*``) file of the folder, such as ``conftest.py``. A regrade after a test change
    re-runs only the tests whose hash moved."""
    shared = hashlib.sha256()
    for path in sorted(lab.hidden_tests.glob("*.py")):
        if not path.name.startswith("test_"):
            shared.update(path.name.encode() + b"\0" + path.read_bytes())
    hashes = {}
    for spec in read_folder(lab.hidden_tests):
        digest = shared.copy()
        digest.update((lab.hidden_tests / spec.file).read_bytes())
        hashes[spec.nodeid] = digest.hexdigest()
    return hashes


def _child_env(python: Path, work: Path) -> dict[str, str]:
    env_dir = python.parent.parent
    grading_src = Path(llmlab_grading.__file__).resolve().parent.parent
    env = {k: os.environ[k] for k in PASS_THROUGH if k in os.environ}
    env.update(
        PATH=f"{env_dir / 'bin'}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
        VIRTUAL_ENV=str(env_dir),
        HOME=str(work / "home"),
        TMPDIR=str(work / "tmp"),
        PYTHONPATH=f"{work / 'src'}{os.pathsep}{grading_src}",
        PYTHONHASHSEED="0",
        PYTHONDONTWRITEBYTECODE="1",
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
        LLMLAB_HOME=str(work / "home" / "llmlab"),
        LLMLAB_PROGRESS="0",
        LLMLAB_GRADING="1",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        MPLBACKEND="Agg",
    )
    return env


def grade(
    lab: Lab,
    submission: Path | None = None,
    limits: Limits | None = None,
    python: Path | None = None,
    on_result: Callable[[TestSpec, Outcome], None] | None = None,
    only: str | Collection[str] | None = None,
) -> Report:
    """Run ``lab``'s hidden tests against ``submission`` (the reference when ``None``).

    ``only`` names one test (a replay) or several (a partial regrade) to run. Never raises for anything the submission
    does: a submission that cannot be used at all gets a report with every test at zero and
    ``error`` saying why.
    """
    started = time.monotonic()
    specs = read_folder(lab.hidden_tests)
    if only is not None:
        wanted = {only} if isinstance(only, str) else set(only)
        specs = [s for s in specs if wanted & {s.name, s.nodeid}]
        if not specs:
            raise KeyError(f"{lab.key} has no hidden test {only!r}")
    label = "reference" if submission is None else str(submission)
    python = python or ensure_environment(lab, repo_root(lab.path))
    work = Path(tempfile.mkdtemp(prefix=f"llmlab-{lab.key}-"))
    try:
        for sub in ("src", "home", "tmp"):
            (work / sub).mkdir()
        shutil.copytree(lab.hidden_tests, work / "hidden", ignore=shutil.ignore_patterns("__pycache__"))
        try:
            package = (_stage_reference(lab, work / "src") if submission is None
                       else stage(submission, lab.module, work / "src"))
        except SubmissionError as exc:
            tests = [TestResult(s.name, s.task, 0.0, s.points, "error", f"{s.feedback} ({exc})", 0.0,
                                visibility=s.visibility) for s in specs]
            return Report(lab.key, label, tests, llmlab_grading.__version__, hidden_tests_hash(lab), "",
                          time.monotonic() - started, error=str(exc))
        submission_hash = tree_hash(package)
        limits = limits or Limits()
        if not lab.address_space_limit:
            limits = replace(limits, address_space=False)
        if limits.drops_privileges and not runs_unprivileged(str(python), limits.user):
            # The environment sits under a folder only root may enter: grade as the same user
            # rather than not at all, and say so in the report.
            warnings.warn(f"the grading environment {python.parent.parent} cannot be used by uid "
                          f"{limits.user}; submissions run as the grader's own user. Keep the "
                          "repository on a path every user can enter for the stronger sandbox.",
                          stacklevel=2)
            limits = replace(limits, user=None)
        if limits.drops_privileges:
            _hand_over(work, limits.user)
        run = ChildRun(python=python, workdir=work / "hidden", env=_child_env(python, work), limits=limits)
        outcomes = run_tests(run, specs, on_result=on_result)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    tests = []
    for spec in specs:
        outcome = outcomes[spec.nodeid]
        passed = outcome.status == "passed"
        feedback = "" if passed else " ".join(filter(None, [spec.feedback, f"[{outcome.message}]" if outcome.message else ""]))
        tests.append(TestResult(spec.name, spec.task, spec.points if passed else 0.0, spec.points,
                                outcome.status, feedback, round(outcome.duration, 3), outcome.detail,
                                spec.visibility))
    return Report(lab.key, label, tests, llmlab_grading.__version__, hidden_tests_hash(lab), submission_hash,
                  time.monotonic() - started, meta={"sandbox": _describe(limits)})


def _describe(limits: Limits) -> str:
    user = f"uid {limits.user}" if limits.drops_privileges else "the grader's user"
    network = "network on" if limits.network else "loopback only" if can_isolate_network() else "network not isolated"
    return f"{user}, {network}, {limits.memory_bytes // 1024**3} GiB"


def _hand_over(work: Path, uid: int) -> None:
    """Give the unprivileged child its work folder (and only that)."""
    work.chmod(0o755)
    for path in [work, *work.rglob("*")]:
        os.chown(path, uid, uid, follow_symlinks=False)


def _stage_reference(lab: Lab, dest: Path) -> Path:
    target = dest / lab.module
    shutil.copytree(lab.path / "src" / lab.module, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target
