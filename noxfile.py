"""Sessions for students, instructors and CI. `nox -l` lists them; `nox -t cpu` runs every lab's
CPU tests; `nox -s ci` is what CI and the README run.

Each lab is tested in an environment holding only its own locked dependencies
(`uv sync --locked --package ...` into the session's venv), so a lab that forgets to declare a
dependency fails here instead of working by accident.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nox

ROOT = Path(__file__).parent
# The lab reader is stdlib-only; importing it from the source tree keeps one definition of a lab.
sys.path.insert(0, str(ROOT / "grading" / "src"))
from llmlab_grading.labs import discover  # noqa: E402

nox.options.default_venv_backend = "uv"
nox.options.sessions = ["ci"]
LABS = discover(ROOT)
GPU_LABS = [lab for lab in LABS if lab.on_gpu]


def sync(session: nox.Session, *args: str) -> None:
    """Install from the lock into this session's venv."""
    session.run_install(
        "uv", "sync", "--locked", "--inexact", *args,
        env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location},
        external=True,
    )


def lab_param(lab, tags: list[str]):
    return nox.param(lab.key, id=lab.key, tags=tags)


@nox.session
@nox.parametrize("lab", [lab_param(lab, ["cpu"]) for lab in LABS])
def tests(session: nox.Session, lab: str) -> None:
    """One lab on CPU: its public tests, then the self-checks (reference 100, starter fails, deterministic)."""
    info = next(x for x in LABS if x.key == lab)
    sync(session, "--package", info.package, "--group", "test")
    sync(session, "--package", "llmlab-grading", "--group", "test")
    session.run("pytest", "-q", "-m", "not gpu", str(info.path / "tests"), *session.posargs,
                env={"LLMLAB_PROGRESS": "0"})
    session.run("pytest", "-q", str(ROOT / "grading" / "tests" / "test_selfcheck.py"), "--lab", lab)


@nox.session
@nox.parametrize("lab", [lab_param(lab, ["gpu"]) for lab in GPU_LABS])
def gpu(session: nox.Session, lab: str) -> None:
    """One lab's CUDA tests; fails (never skips) when no GPU is visible."""
    info = next(x for x in LABS if x.key == lab)
    sync(session, "--package", info.package, "--group", "test")
    session.run("python", "-c", "import torch, sys; sys.exit(0 if torch.cuda.is_available() else "
                "'no CUDA device visible: run the gpu sessions on a GPU runner')")
    session.run("pytest", "-q", "-m", "gpu", str(info.path / "tests"), *session.posargs)


@nox.session
def platform(session: nox.Session) -> None:
    """The platform's own tests: audit, lock, handouts, the grader against hostile submissions."""
    sync(session, "--package", "llmlab-grading", "--group", "test")
    sync(session, "--package", "llmlab", "--all-extras", "--group", "test")
    session.run("pytest", "-q", "tests", "shared/tests", "grading/tests", "--ignore",
                "grading/tests/test_selfcheck.py", *session.posargs)


@nox.session
def grade(session: nox.Session) -> None:
    """Grade a lab: `nox -s grade -- lab16 [--submission PATH]`."""
    sync(session, "--package", "llmlab-grading")
    session.run("llmlab-grade", *(session.posargs or ["--help"]))


@nox.session
def handout(session: nox.Session) -> None:
    """Build student handouts: `nox -s handout -- lab16` (into dist/handouts/)."""
    sync(session, "--package", "llmlab-grading")
    session.run("llmlab-handout", *(session.posargs or ["all"]))


@nox.session
def gradescope(session: nox.Session) -> None:
    """Build a lab's Gradescope autograder zip: `nox -s gradescope -- lab16` (into dist/gradescope/)."""
    sync(session, "--package", "llmlab-grading")
    session.run("llmlab-gradescope", *(session.posargs or ["--help"]))


@nox.session
def audit(session: nox.Session) -> None:
    """Check every lab against the lab contract (docs/contract.md)."""
    sync(session, "--package", "llmlab-grading")
    session.run("llmlab-audit")


@nox.session
def lock(session: nox.Session) -> None:
    """The lock is fresh and resolves every key package to a modern version."""
    session.run("uv", "lock", "--check", external=True)
    sync(session, "--package", "llmlab-grading")
    session.run("python", "-m", "llmlab_grading.lockcheck")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff over the whole repository."""
    session.install("ruff")
    session.run("ruff", "check", ".")


@nox.session(venv_backend="none")
def matrix(session: nox.Session) -> None:
    """Print the CI matrix, from lab metadata, as JSON (used by .github/workflows)."""
    data = {
        "cpu": [{"lab": lab.key, "session": f"tests({lab.key})"} for lab in LABS],
        "gpu": [{"lab": lab.key, "session": f"gpu({lab.key})"} for lab in GPU_LABS],
    }
    print(json.dumps(data))


@nox.session
def bench(session: nox.Session) -> None:
    """Run a lab's benchmark command: `nox -s bench -- lab16 [flags]`."""
    if not session.posargs:
        session.error("name a lab: nox -s bench -- lab16")
    info = next((x for x in LABS if session.posargs[0] in (x.key, x.package)), None)
    # A lab's benchmark is its `*-bench` script (lab 44's load test is `stream-loadtest`).
    command = info and next((s for s in info.scripts if s.endswith(("bench", "loadtest"))), None)
    if command is None:
        session.error(f"{session.posargs[0]} has no *-bench or *-loadtest command")
    sync(session, "--package", info.package)
    session.run(command, *session.posargs[1:])


@nox.session(name="grader-bench")
def grader_bench(session: nox.Session) -> None:
    """Grader throughput and overhead vs bare pytest: `nox -s grader-bench -- lab16 [-n 4]`."""
    sync(session, "--package", "llmlab-grading")
    session.run("llmlab-grade-bench", *(session.posargs or ["--help"]))


@nox.session(venv_backend="none")
def ci(session: nox.Session) -> None:
    """Everything CI checks, sessions in parallel (one per core), logs under .llmlab/ci-logs/."""
    names = ["lint", "audit", "lock", "platform", *[f"tests({lab.key})" for lab in LABS]]
    logs = ROOT / ".llmlab" / "ci-logs"
    logs.mkdir(parents=True, exist_ok=True)

    def run(name: str) -> tuple[str, int, float]:
        start = time.monotonic()
        log = logs / f"{name.replace('(', '-').rstrip(')')}.log"
        with open(log, "w") as out:
            code = subprocess.call([sys.executable, "-m", "nox", "-s", name], cwd=ROOT, stdout=out,
                                   stderr=subprocess.STDOUT, env=dict(os.environ, LLMLAB_PROGRESS="0"))
        elapsed = time.monotonic() - start
        session.log(f"{'passed' if code == 0 else 'FAILED'}: {name} ({elapsed:.0f} s)")
        if code != 0:
            print(log.read_text()[-6000:], flush=True)
        return name, code, elapsed

    workers = int(os.environ.get("LLMLAB_CI_WORKERS", os.cpu_count() or 2))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(run, names))
    failed = [name for name, code, _ in results if code != 0]
    print(f"ci: {len(results) - len(failed)} passed, {len(failed)} failed")
    if failed:
        session.error(f"failed sessions: {', '.join(failed)}")
