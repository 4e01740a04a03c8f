"""Where labs write things. Everything lives under one folder that ``LLMLAB_HOME`` can move."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """The course's working folder: ``$LLMLAB_HOME``, else ``~/.cache/llmlab``."""
    root = os.environ.get("LLMLAB_HOME")
    path = Path(root) if root else Path.home() / ".cache" / "llmlab"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir(name: str) -> Path:
    """A named cache folder (generated corpora, converted models ...), created on demand."""
    path = home() / "cache" / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def runs_dir(lab: str) -> Path:
    """The default output folder for a lab's runs: ``./runs/<lab>`` under the current folder."""
    path = Path.cwd() / "runs" / lab
    path.mkdir(parents=True, exist_ok=True)
    return path
