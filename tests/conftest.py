"""Fixtures for the platform tests; the probe lab itself lives in probe_lab.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from llmlab_grading import labs
from llmlab_grading.limits import Limits
from probe_lab import make_workspace


@pytest.fixture
def probe(tmp_path: Path) -> labs.Lab:
    return make_workspace(tmp_path / "ws")


@pytest.fixture
def fast_limits() -> Limits:
    return Limits(memory_bytes=4 * 1024**3, collect_timeout_s=10)


@pytest.fixture
def python() -> Path:
    return Path(sys.executable)
