"""Fixtures for the platform tests; the probe lab itself lives in probe_lab.py."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from llmlab_grading import labs
from llmlab_grading.limits import Limits, runs_unprivileged, sandbox_interpreter
from probe_lab import make_workspace


@pytest.fixture
def probe(tmp_path: Path) -> labs.Lab:
    return make_workspace(tmp_path / "ws")


@pytest.fixture
def fast_limits() -> Limits:
    return Limits(memory_bytes=4 * 1024**3, collect_timeout_s=10)


@pytest.fixture(scope="session")
def python(tmp_path_factory) -> Path:
    """An interpreter with pytest that the sandbox's unprivileged user can run, like the
    grading environments the engine builds; this session's own when it already qualifies."""
    if runs_unprivileged(sys.executable, Limits().user or 0) or not Limits().drops_privileges:
        return Path(sys.executable)
    base = sandbox_interpreter()
    if base is None:
        return Path(sys.executable)  # the privilege tests then fail and say why
    folder = Path(tempfile.mkdtemp(prefix="llmlab-probe-env-"))
    folder.chmod(0o755)
    subprocess.run(["uv", "venv", "--quiet", "--python", base, str(folder / "venv")], check=True)
    subprocess.run(["uv", "pip", "install", "--quiet", "--python", str(folder / "venv" / "bin" / "python"),
                    "pytest"], check=True)
    return folder / "venv" / "bin" / "python"
