"""The environment hidden tests run in: the lab's locked dependencies, without the lab itself.

The submission's package is put first on ``PYTHONPATH`` instead, so it *replaces* the reference
rather than being installed over it, and the student cannot add dependencies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from llmlab_grading.labs import Lab, repo_root
from llmlab_grading.limits import Limits, sandbox_interpreter


class EnvironmentError_(RuntimeError):
    """The grading environment could not be built; the message says what to do."""


def environment_dir(lab: Lab, root: Path | None = None) -> Path:
    root = root or repo_root()
    return Path(os.environ.get("LLMLAB_GRADING_ENVS", root / ".llmlab" / "envs")) / lab.key


def ensure_environment(lab: Lab, root: Path | None = None) -> Path:
    """Sync the lab's locked dependencies into its grading environment; return its Python."""
    root = root or repo_root()
    if os.environ.get("LLMLAB_SKIP_SYNC") == "1":  # built beforehand, e.g. by Gradescope's setup.sh
        return environment_dir(lab, root) / "bin" / "python"
    uv = shutil.which("uv")
    if uv is None:
        raise EnvironmentError_("the grader needs uv on PATH to build the lab's environment: pip install uv")
    env_dir = environment_dir(lab, root)
    # Compiled once here: the child may not write bytecode into this environment, and
    # importing torch's optimizers from source costs seconds in every test process.
    cmd = [uv, "sync", "--locked", "--package", lab.package, "--no-install-project", "--group", "test",
           "--compile-bytecode", "--quiet"]
    if Limits().drops_privileges and (python := sandbox_interpreter()):
        cmd += ["--python", python]  # submissions run as nobody, who must be able to run it
    env = dict(os.environ, UV_PROJECT_ENVIRONMENT=str(env_dir))
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise EnvironmentError_(f"could not build the environment for {lab.package}:\n{done.stderr.strip()}\n"
                                "If uv.lock is out of date, run `uv lock` and commit it.")
    return env_dir / "bin" / "python"
